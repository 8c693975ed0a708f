//! Abusive conduct by a complainant (특이민원, 민원처리법 시행령 2024 amendment): staff record an
//! incident on the person (by the phone number or e-mail they filed with) and it shows on every
//! case of theirs; the VOC manager may close a filing that consists of abuse, with a reason and
//! a notice. Incidents are counted in reports.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors};

/// `closure_reason` of a filing closed because it consists of abuse.
pub const ABUSIVE: &str = "abusive";

labelled! {
    /// What the complainant did.
    ConductKind / UnknownConductKind {
        Abuse => "abuse", "폭언·욕설", "Verbal abuse";
        Threat => "threat", "협박·폭행", "Threats or violence";
        SexualHarassment => "sexual_harassment", "성희롱", "Sexual harassment";
        RepeatedCalls => "repeated_calls", "반복·장시간 전화", "Repeated or very long calls";
        Other => "other", "기타 위법·부당한 행위", "Other unlawful or improper conduct";
    }
}

/// `POST /api/v1/cases/{id}/incidents`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentInput {
    /// `abuse`, `threat`, `sexual_harassment`, `repeated_calls` or `other`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = ConductKind))]
    pub kind: String,
    /// What happened, when and how (5–1000 characters); staff only.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 5, max_length = 1000))]
    pub note: String,
}

impl IncidentInput {
    pub fn validate(&self) -> Result<(ConductKind, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let kind = errs.take("kind", self.kind.parse::<ConductKind>());
        let note = errs.take("note", crate::case::bounded_text(&self.note, 5, 1000));
        match (kind, note) {
            (Some(k), Some(n)) if errs.is_empty() => Ok((k, n)),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_names_a_known_kind_and_what_happened() {
        for &k in ConductKind::ALL {
            assert_eq!(k.as_str().parse::<ConductKind>(), Ok(k));
        }
        let errs = IncidentInput { kind: "rude".into(), note: "욕".into() }.validate().unwrap_err();
        assert_eq!(errs.get("kind").unwrap().code, "unknown_conduct_kind");
        assert_eq!(errs.get("note").unwrap().code, "too_short");
        let ok = IncidentInput { kind: "threat".into(), note: " 통화 중 찾아가겠다고 협박 ".into() }.validate();
        assert_eq!(ok, Ok((ConductKind::Threat, "통화 중 찾아가겠다고 협박".to_owned())));
    }
}
