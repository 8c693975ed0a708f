//! Correcting a case's record (분류 수정): its kind, category, facility or channel, with the
//! reason, by the VOC office or the department's head. The report counters follow the case;
//! a kind change gives the case the new kind's period from its receipt.

use serde::{Deserialize, Serialize};

use super::case::bounded_text;
use super::{Channel, FieldError, FieldErrors, VocKind};

/// The longest reason, in characters.
pub const CLASSIFY_REASON_MAX: usize = 500;
/// The longest facility or category code.
const CODE_MAX: usize = 50;

/// `POST /api/v1/cases/{id}/classify`: each field left empty stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassifyInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = VocKind, required = false))]
    pub kind: String,
    /// A category code of the catalogue.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub category: String,
    /// A facility code of the catalogue.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub facility: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Channel, required = false))]
    pub channel: String,
    /// Why the record is corrected (kept in the history).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// What a case is recorded as: what a correction starts from and changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub kind: VocKind,
    pub category: Option<String>,
    pub facility: Option<String>,
    pub channel: Channel,
}

/// A correction that changes something, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClassify {
    pub before: Classification,
    pub after: Classification,
    pub reason: String,
}

impl ValidClassify {
    /// Whether the kind changes (and with it the period).
    pub fn kind_changed(&self) -> bool {
        self.before.kind != self.after.kind
    }
}

impl ClassifyInput {
    /// Every refused field at once. `current` is the case as recorded, `fixed_kind` whether its
    /// kind may not change (an appeal, or a period already extended). Codes are checked against
    /// the catalogue by the caller.
    pub fn validate(&self, current: &Classification, fixed_kind: bool) -> Result<ValidClassify, FieldErrors> {
        let mut errs = FieldErrors::default();
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let mut after = current.clone();
        if let Some(k) = given(&self.kind) {
            match k.parse::<VocKind>() {
                Ok(kind) if !VocKind::FILED.contains(&kind) => errs.add("kind", FieldError::UnknownKind),
                Ok(kind) if kind != current.kind && fixed_kind => errs.add("kind", FieldError::KindFixed),
                Ok(kind) => after.kind = kind,
                Err(_) => errs.add("kind", FieldError::UnknownKind),
            }
        }
        if let Some(c) = given(&self.channel) {
            match c.parse::<Channel>() {
                Ok(channel) if channel == current.channel => {}
                Ok(channel) if channel == Channel::ExternalAgency || current.channel == Channel::ExternalAgency => {
                    errs.add("channel", FieldError::ChannelNeedsAgency);
                }
                Ok(channel) => after.channel = channel,
                Err(_) => errs.add("channel", FieldError::UnknownChannel),
            }
        }
        for (field, value, slot) in
            [("category", &self.category, &mut after.category), ("facility", &self.facility, &mut after.facility)]
        {
            if let Some(code) = given(value) {
                if code.chars().count() > CODE_MAX {
                    errs.add(field, FieldError::TooLong { max: CODE_MAX });
                } else {
                    *slot = Some(code);
                }
            }
        }
        let reason = errs.take("reason", bounded_text(&self.reason, 1, CLASSIFY_REASON_MAX));
        if errs.is_empty() && after == *current {
            errs.add("kind", FieldError::NothingChanged);
        }
        match reason {
            Some(reason) if errs.is_empty() => Ok(ValidClassify { before: current.clone(), after, reason }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current() -> Classification {
        Classification {
            kind: VocKind::Complaint,
            category: None,
            facility: Some("railbike".into()),
            channel: Channel::Kiosk,
        }
    }

    fn input(f: impl FnOnce(&mut ClassifyInput)) -> ClassifyInput {
        let mut i =
            ClassifyInput { reason: " 문의를 불만으로 잘못 골랐음 ".into(), ..ClassifyInput::default() };
        f(&mut i);
        i
    }

    #[test]
    fn a_correction_changes_what_is_given_and_keeps_the_rest() {
        let v = input(|i| {
            i.kind = "inquiry".into();
            i.category = " parking ".into();
        })
        .validate(&current(), false)
        .unwrap();
        assert!(v.kind_changed());
        assert_eq!(v.after, Classification { kind: VocKind::Inquiry, category: Some("parking".into()), ..current() });
        assert_eq!(v.reason, "문의를 불만으로 잘못 골랐음");
        // The same channel again and a new facility: only the facility changes.
        let v = input(|i| {
            i.channel = "kiosk".into();
            i.facility = "maze".into();
        })
        .validate(&current(), true)
        .unwrap();
        assert!(!v.kind_changed());
        assert_eq!(v.after.facility.as_deref(), Some("maze"));
    }

    #[test]
    fn every_refusal_is_named_on_its_field() {
        let e = input(|i| {
            i.kind = "appeal".into();
            i.channel = "external_agency".into();
            i.facility = "x".repeat(51);
            i.reason = " ".into();
        })
        .validate(&current(), false)
        .unwrap_err();
        assert_eq!(
            e.codes(),
            [
                ("channel", "channel_needs_agency"),
                ("facility", "too_long"),
                ("kind", "unknown_kind"),
                ("reason", "required")
            ]
        );
        let e = input(|i| i.kind = "praise".into()).validate(&current(), true).unwrap_err();
        assert_eq!(e.codes(), [("kind", "kind_fixed")]);
        // The kind it has already is no change, fixed or not; nothing at all is refused.
        let e = input(|i| i.kind = "complaint".into()).validate(&current(), true).unwrap_err();
        assert_eq!(e.codes(), [("kind", "nothing_changed")]);
        let e = input(|_| {}).validate(&current(), false).unwrap_err();
        assert_eq!(e.codes(), [("kind", "nothing_changed")]);
    }
}
