//! Closing a case without an answer: what is not a complaint (KGS manual 1.4 (2) ※).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotComplaintReason {
    /// 사법상 계약관계에 관한 청구
    PrivateLawClaim,
    /// 재판·수사 중이거나 확정된 사항
    CourtOrInvestigation,
    /// 신원·대리권을 확인할 수 없음
    IdentityUnverified,
    /// 명백히 허위·부정한 내용
    FalseOrFraudulent,
}

impl NotComplaintReason {
    pub const ALL: [NotComplaintReason; 4] =
        [Self::PrivateLawClaim, Self::CourtOrInvestigation, Self::IdentityUnverified, Self::FalseOrFraudulent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PrivateLawClaim => "private_law_claim",
            Self::CourtOrInvestigation => "court_or_investigation",
            Self::IdentityUnverified => "identity_unverified",
            Self::FalseOrFraudulent => "false_or_fraudulent",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::PrivateLawClaim => "사법상 계약관계에 관한 청구",
            Self::CourtOrInvestigation => "재판·수사 중이거나 확정된 사항",
            Self::IdentityUnverified => "민원인 신원 또는 대리권을 확인할 수 없음",
            Self::FalseOrFraudulent => "명백히 허위이거나 부정한 내용",
        }
    }
}

impl FromStr for NotComplaintReason {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(FieldError::UnknownClosureReason)
    }
}

/// What `closure_reason` says in the database and on the complainant's page.
pub fn closure_text(code: &str) -> String {
    match code {
        "withdrawn" => "민원인이 취하했습니다.".into(),
        "deemed_withdrawn" => "연락처로 연락이 닿지 않아 처리기한이 지난 뒤 취하로 간주해 종결했습니다.".into(),
        other => {
            other.parse::<NotComplaintReason>().map_or_else(|_| other.to_owned(), |r| format!("민원 아님: {}", r.ko()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_and_read_in_korean() {
        for r in NotComplaintReason::ALL {
            assert_eq!(r.as_str().parse::<NotComplaintReason>(), Ok(r));
        }
        assert_eq!(closure_text("court_or_investigation"), "민원 아님: 재판·수사 중이거나 확정된 사항");
        assert_eq!(closure_text("withdrawn"), "민원인이 취하했습니다.");
        assert_eq!("spam".parse::<NotComplaintReason>(), Err(FieldError::UnknownClosureReason));
    }
}
