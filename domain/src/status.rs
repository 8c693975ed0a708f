use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a case is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// 접수: filed, not yet taken up.
    Received,
    /// 처리중: a department works on it.
    InProgress,
    /// 처리중지: the clock stands still (waiting on the complainant, documents, an inquiry).
    Paused,
    /// 결재대기: the handler's draft waits on the department head.
    AwaitingApproval,
    /// 종결: answered (or closed as not a complaint); the survey may follow.
    Closed,
    /// 취하: withdrawn by the complainant, or deemed withdrawn. Never deleted.
    Withdrawn,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] =
        [Self::Received, Self::InProgress, Self::Paused, Self::AwaitingApproval, Self::Closed, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InProgress => "in_progress",
            Self::Paused => "paused",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Received => "접수",
            Self::InProgress => "처리중",
            Self::Paused => "처리중지",
            Self::AwaitingApproval => "결재대기",
            Self::Closed => "종결",
            Self::Withdrawn => "취하",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Received => "Received",
            Self::InProgress => "In progress",
            Self::Paused => "Paused",
            Self::AwaitingApproval => "Awaiting approval",
            Self::Closed => "Closed",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Open cases are on the queue and their deadline runs (unless paused).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Withdrawn)
    }

    /// The lifecycle's allowed moves. Everything not listed is refused.
    pub fn can_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, next),
            (Received, InProgress | Paused | Closed | Withdrawn)
                | (InProgress, Paused | AwaitingApproval | Closed | Withdrawn)
                | (Paused, InProgress | Closed | Withdrawn)
                | (AwaitingApproval, InProgress | Closed | Withdrawn)
                | (Closed, InProgress)
        )
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown status name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown case status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for CaseStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| UnknownStatus(s.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::CaseStatus::{self, *};

    #[test]
    fn the_transition_table_is_exactly_the_lifecycle() {
        let allowed: Vec<(CaseStatus, CaseStatus)> = CaseStatus::ALL
            .into_iter()
            .flat_map(|a| CaseStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Received, InProgress),
                (Received, Paused),
                (Received, Closed),
                (Received, Withdrawn),
                (InProgress, Paused),
                (InProgress, AwaitingApproval),
                (InProgress, Closed),
                (InProgress, Withdrawn),
                (Paused, InProgress),
                (Paused, Closed),
                (Paused, Withdrawn),
                (AwaitingApproval, InProgress),
                (AwaitingApproval, Closed),
                (AwaitingApproval, Withdrawn),
                (Closed, InProgress),
            ]
        );
    }

    #[test]
    fn withdrawn_is_final_and_only_closed_and_withdrawn_are_not_open() {
        assert!(CaseStatus::ALL.into_iter().all(|s| !Withdrawn.can_become(s)));
        let open: Vec<_> = CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, vec![Received, InProgress, Paused, AwaitingApproval]);
        for s in CaseStatus::ALL {
            assert_eq!(s.as_str().parse::<CaseStatus>(), Ok(s));
        }
    }
}
