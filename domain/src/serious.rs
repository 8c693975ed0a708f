//! Serious cases (중대 민원): any case, whatever its kind, that touches health, safety, large
//! damage or the media. Marking one puts it at the top of every queue and alerts the
//! executives and the VOC manager.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SeriousReason {
    /// 생명·건강
    Health,
    /// 안전사고 우려
    Safety,
    /// 대규모 피해
    LargeDamage,
    /// 언론 보도
    Media,
}

impl SeriousReason {
    pub const ALL: [SeriousReason; 4] = [Self::Health, Self::Safety, Self::LargeDamage, Self::Media];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Health => "health",
            Self::Safety => "safety",
            Self::LargeDamage => "large_damage",
            Self::Media => "media",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Health => "생명·건강",
            Self::Safety => "안전사고 우려",
            Self::LargeDamage => "대규모 피해",
            Self::Media => "언론 보도",
        }
    }
}

impl fmt::Display for SeriousReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SeriousReason {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(FieldError::UnknownSeriousReason)
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
        let note = self.note.trim();
        if note.is_empty() {
            errs.add("note", FieldError::Required);
        } else if note.chars().count() > 1000 {
            errs.add("note", FieldError::TooLong { max: 1000 });
        }
        match reason {
            Some(r) if errs.is_empty() => Ok((r, note.to_owned())),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serious_case_names_a_known_reason_and_what_makes_it_so() {
        for r in SeriousReason::ALL {
            assert_eq!(r.as_str().parse::<SeriousReason>(), Ok(r));
        }
        let errs = SeriousInput { reason: "gossip".into(), note: " ".into() }.validate().unwrap_err();
        assert_eq!(errs.get("reason").unwrap().code, "unknown_serious_reason");
        assert_eq!(errs.get("note").unwrap().code, "required");
        let ok = SeriousInput { reason: "safety".into(), note: " 레일 이음부 파손 ".into() }.validate().unwrap();
        assert_eq!(ok, (SeriousReason::Safety, "레일 이음부 파손".to_owned()));
    }
}
