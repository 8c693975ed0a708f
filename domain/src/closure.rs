//! Closing a case without an answer: what is not a complaint (KGS manual 1.4 (2) ※), and a
//! case sent to the agency it belongs to (이송, 민원처리법 제16조).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

/// `closure_reason` of a case sent to another agency.
pub const TRANSFERRED: &str = "transferred";

/// `POST /api/v1/cases/{id}/transfer-out`: the agency the case belongs to, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferInput {
    /// The agency's name, e.g. 문경시청 건축과 (2–100 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 2, max_length = 100))]
    pub agency: String,
    /// Why it belongs there (5–1000 characters); the complainant reads it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 5, max_length = 1000))]
    pub reason: String,
}

impl TransferInput {
    /// The agency and the reason, trimmed.
    pub fn validate(&self) -> Result<(String, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let agency = errs.take("agency", crate::case::bounded_text(&self.agency, 2, 100));
        let reason = errs.take("reason", crate::case::bounded_text(&self.reason, 5, 1000));
        match (agency, reason) {
            (Some(a), Some(r)) if errs.is_empty() => Ok((a, r)),
            _ => Err(errs),
        }
    }
}

/// What the complainant reads of a case sent to `agency`.
pub fn transfer_text(agency: &str) -> String {
    format!(
        "{agency}의 소관이어서 그 기관으로 이송했습니다. 이후 처리는 {agency}에 문의하시거나 \
         국민신문고(www.epeople.go.kr)에서 확인하실 수 있습니다."
    )
}

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
        TRANSFERRED => "소관 기관으로 이송했습니다.".into(),
        crate::supplement::RETURNED => "요청한 보완이 기한까지 없어 반려했습니다.".into(),
        crate::conduct::ABUSIVE => {
            "폭언·욕설 등으로만 이루어져 민원으로 처리할 수 없어 종결했습니다(민원처리법 시행령).".into()
        }
        crate::links::MERGED => "같은 내용의 다른 민원과 함께 처리합니다.".into(),
        crate::links::REPEATED => "같은 내용의 반복 민원으로 종결했습니다(민원처리법 제23조).".into(),
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
        assert_eq!(closure_text(TRANSFERRED), "소관 기관으로 이송했습니다.");
    }

    #[test]
    fn a_transfer_names_an_agency_and_a_reason() {
        let errs = TransferInput { agency: "시".into(), reason: " ".into() }.validate().unwrap_err();
        assert_eq!(errs.get("agency").unwrap().code, "too_short");
        assert_eq!(errs.get("reason").unwrap().code, "required");
        let (a, r) = TransferInput {
            agency: " 문경시청 건축과 ".into(), reason: "건축 허가는 시청 소관입니다".into()
        }
        .validate()
        .unwrap();
        assert_eq!((a.as_str(), r.as_str()), ("문경시청 건축과", "건축 허가는 시청 소관입니다"));
        assert!(transfer_text(&a).starts_with("문경시청 건축과의 소관이어서"));
    }
}
