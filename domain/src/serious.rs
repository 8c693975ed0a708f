//! Serious cases (중대 민원): any case, whatever its kind, that touches health, safety, large
//! damage or the media. Marking one puts it at the top of every queue and alerts the
//! executives and the VOC manager.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labelled::labelled;
use super::{FieldError, FieldErrors};

labelled! {
    /// Why a case is serious.
    SeriousReason / UnknownSeriousReason {
        Health => "health", "생명·건강", "Life or health";
        Safety => "safety", "안전사고 우려", "Risk of an accident";
        LargeDamage => "large_damage", "대규모 피해", "Large damage";
        Media => "media", "언론 보도", "Media coverage";
    }
}

/// `POST /api/v1/cases/{id}/serious`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriousInput {
    /// `health`, `safety`, `large_damage` or `media`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = SeriousReason))]
    pub reason: String,
    /// What makes it serious (up to 1000 characters); the alert carries it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 1000))]
    pub note: String,
}

impl SeriousInput {
    pub fn validate(&self) -> Result<(SeriousReason, String), FieldErrors> {
        let mut errs = FieldErrors::default();
        let reason = errs.take("reason", self.reason.parse::<SeriousReason>());
        let note = errs.take("note", crate::case::bounded_text(&self.note, 1, 1000));
        match (reason, note) {
            (Some(r), Some(n)) if errs.is_empty() => Ok((r, n)),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serious_case_names_a_known_reason_and_what_makes_it_so() {
        for &r in SeriousReason::ALL {
            assert_eq!(r.as_str().parse::<SeriousReason>(), Ok(r));
        }
        let errs = SeriousInput { reason: "gossip".into(), note: " ".into() }.validate().unwrap_err();
        assert_eq!(errs.get("reason").unwrap().code, "unknown_serious_reason");
        assert_eq!(errs.get("note").unwrap().code, "required");
        let ok = SeriousInput { reason: "safety".into(), note: " 레일 이음부 파손 ".into() }.validate().unwrap();
        assert_eq!(ok, (SeriousReason::Safety, "레일 이음부 파손".to_owned()));
    }
}
