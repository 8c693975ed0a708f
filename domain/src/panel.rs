//! The members of the citizen panel and the customer monitors (Mungyeong: 주민참여평가단,
//! 고객모니터단): who they are, their group and term, and how to reach them. Their names and
//! contacts are personal data (PIPA): collected with consent, shown masked, unmasked only for a
//! stated purpose that the access log records, and destroyed [`KEPT_AFTER_TERM_DAYS`] after the
//! term ends.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::follow_up::shared_text;
use super::labelled::labelled;
use super::{Email, FieldError, FieldErrors, PersonName, PhoneNumber};

labelled! {
    /// Which panel a member sits on.
    PanelGroup / UnknownOption {
        CitizenPanel => "citizen_panel", "주민참여평가단", "Citizen panel";
        CustomerMonitor => "customer_monitor", "고객모니터단", "Customer monitors";
    }
}

labelled! {
    /// Where a member stands on a day.
    MemberState / UnknownStatus {
        Upcoming => "upcoming", "위촉 예정", "Term not begun";
        Serving => "serving", "활동 중", "Serving";
        Ended => "ended", "임기 만료", "Term ended";
        Purged => "purged", "개인정보 파기됨", "Personal data destroyed";
    }
}

impl MemberState {
    /// A member's state on `today`.
    pub fn of(term_from: NaiveDate, term_to: NaiveDate, purged: bool, today: NaiveDate) -> Self {
        if purged {
            Self::Purged
        } else if today < term_from {
            Self::Upcoming
        } else if today <= term_to {
            Self::Serving
        } else {
            Self::Ended
        }
    }
}

/// A member's name and contacts are kept this many days after the term ends: long enough for
/// the year's CCM evaluation to ask who took part, then destroyed (PIPA art. 21).
pub const KEPT_AFTER_TERM_DAYS: i64 = 365;
/// A term is at most this long (the manuals appoint for one or two years).
pub const MAX_TERM_DAYS: i64 = 3 * 366;

const MAX_AFFILIATION: usize = 100;
const MAX_PURPOSE: usize = 200;

/// The last day a member's personal data is kept: [`KEPT_AFTER_TERM_DAYS`] after the term.
pub fn kept_until(term_to: NaiveDate) -> NaiveDate {
    term_to + chrono::Duration::days(KEPT_AFTER_TERM_DAYS)
}

/// Whether a member served on `day`.
pub fn in_term(term_from: NaiveDate, term_to: NaiveDate, day: NaiveDate) -> bool {
    (term_from..=term_to).contains(&day)
}

/// `POST /api/v1/panel-members`, `PUT /api/v1/panel-members/{id}`: a member appointed, or
/// their record corrected (a term ended early is a corrected `term_to`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelMemberInput {
    /// `citizen_panel` or `customer_monitor`.
    #[serde(default)]
    pub panel: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub name: String,
    /// Optional; a Korean mobile number.
    #[serde(default)]
    pub phone: String,
    /// Optional.
    #[serde(default)]
    pub email: String,
    /// Where they come from or what they stand for (동네, 연령대, 이용 시설; no contacts).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub affiliation: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub term_from: String,
    /// `YYYY-MM-DD`, on or after `term_from`, at most three years later.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub term_to: String,
    /// `YYYY-MM-DD`: the day the member consented to the collection and use of their
    /// personal data; not to come.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub consented_on: String,
}

/// A member, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPanelMember {
    pub panel: PanelGroup,
    pub name: PersonName,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub affiliation: String,
    pub term_from: NaiveDate,
    pub term_to: NaiveDate,
    pub consented_on: NaiveDate,
}

fn day(errs: &mut FieldErrors, field: &str, value: &str, missing: FieldError) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errs.add(field, missing);
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| errs.add(field, FieldError::InvalidDate)).ok()
}

impl PanelMemberInput {
    /// The member, or every refused field at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPanelMember, FieldErrors> {
        let mut errs = FieldErrors::default();
        let panel = errs.take("panel", self.panel.parse::<PanelGroup>());
        let name = errs.take("name", PersonName::parse(&self.name));
        let phone = match self.phone.trim() {
            "" => None,
            p => errs.take("phone", PhoneNumber::parse(p)),
        };
        let email = match self.email.trim() {
            "" => None,
            e => errs.take("email", Email::parse(e)),
        };
        let affiliation = shared_text(&mut errs, "affiliation", &self.affiliation, MAX_AFFILIATION, false, &[]);
        let term_from = day(&mut errs, "term_from", &self.term_from, FieldError::Required);
        let term_to = day(&mut errs, "term_to", &self.term_to, FieldError::Required);
        if let (Some(from), Some(to)) = (term_from, term_to) {
            if to < from {
                errs.add("term_to", FieldError::EndBeforeStart);
            } else if (to - from).num_days() > MAX_TERM_DAYS {
                errs.add("term_to", FieldError::PeriodTooLong { max_days: MAX_TERM_DAYS });
            }
        }
        let consented_on = day(&mut errs, "consented_on", &self.consented_on, FieldError::PrivacyConsentNeeded);
        if consented_on.is_some_and(|d| d > today) {
            errs.add("consented_on", FieldError::DateInFuture);
        }
        match (panel, name, term_from, term_to, consented_on) {
            (Some(panel), Some(name), Some(term_from), Some(term_to), Some(consented_on)) if errs.is_empty() => {
                Ok(ValidPanelMember { panel, name, phone, email, affiliation, term_from, term_to, consented_on })
            }
            _ => Err(errs),
        }
    }
}

/// `POST /api/v1/panel-members/{id}/contact`: why the reader needs the member's contacts; the
/// access log keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPurposeInput {
    /// e.g. `회의 참석 안내`, `의견 처리 결과 회신`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub purpose: String,
}

impl ContactPurposeInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errs = FieldErrors::default();
        let purpose = shared_text(&mut errs, "purpose", &self.purpose, MAX_PURPOSE, true, &[]);
        if errs.is_empty() { Ok(purpose) } else { Err(errs) }
    }
}

/// The purposes the page offers; any other may be typed.
pub const CONTACT_PURPOSES: [&str; 3] = ["회의·활동 참석 안내", "제출 의견 처리 결과 회신", "위촉·해촉 안내"];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn member() -> PanelMemberInput {
        PanelMemberInput {
            panel: "citizen_panel".into(),
            name: " 김문경 ".into(),
            phone: "010-2222-3333".into(),
            email: String::new(),
            affiliation: "점촌동 주민".into(),
            term_from: "2026-01-01".into(),
            term_to: "2027-12-31".into(),
            consented_on: "2025-12-20".into(),
        }
    }

    #[test]
    fn a_member_is_parsed_once() {
        let m = member().validate(d("2026-11-30")).unwrap();
        assert_eq!((m.panel, m.name.as_str(), m.email), (PanelGroup::CitizenPanel, "김문경", None));
        assert_eq!(m.phone.unwrap().masked(), "010-****-3333");
    }

    #[test]
    fn each_refused_field_is_named() {
        let bad = PanelMemberInput {
            panel: "jury".into(),
            name: " ".into(),
            phone: "12".into(),
            email: "nobody".into(),
            affiliation: "연락 010-1234-5678".into(),
            term_from: "2026-01-01".into(),
            term_to: "2025-12-31".into(),
            consented_on: String::new(),
        };
        assert_eq!(
            bad.validate(d("2026-11-30")).unwrap_err().codes(),
            [
                ("affiliation", "personal_data"),
                ("consented_on", "privacy_consent_needed"),
                ("email", "email_invalid"),
                ("name", "required"),
                ("panel", "unknown_option"),
                ("phone", "phone_invalid"),
                ("term_to", "end_before_start"),
            ]
        );
        let long = PanelMemberInput { term_to: "2030-01-01".into(), consented_on: "2026-12-01".into(), ..member() };
        assert_eq!(
            long.validate(d("2026-11-30")).unwrap_err().codes(),
            [("consented_on", "date_in_future"), ("term_to", "period_too_long")]
        );
        assert_eq!(
            ContactPurposeInput { purpose: " ".into() }.validate().unwrap_err().codes(),
            [("purpose", "required")]
        );
    }

    #[test]
    fn a_member_serves_their_term_and_is_forgotten_a_year_after() {
        let (from, to) = (d("2026-01-01"), d("2026-12-31"));
        assert_eq!(MemberState::of(from, to, false, d("2025-12-31")), MemberState::Upcoming);
        assert_eq!(MemberState::of(from, to, false, d("2026-12-31")), MemberState::Serving);
        assert_eq!(MemberState::of(from, to, false, d("2027-01-01")), MemberState::Ended);
        assert_eq!(MemberState::of(from, to, true, d("2026-06-01")), MemberState::Purged);
        assert!(in_term(from, to, d("2026-01-01")) && !in_term(from, to, d("2027-01-01")));
        assert_eq!(kept_until(to), d("2027-12-31"));
        // What the sweep leaves is a mask that masks to itself, so it reads like any other.
        for name in ["김문경", "홍길", "J. Smith", "김"] {
            let once = PersonName::parse(name).unwrap().masked();
            assert_eq!(PersonName::parse(&once).unwrap().masked(), once);
        }
    }
}
