use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::{Channel, Email, FieldError, FieldErrors, Lang, PhoneNumber, PostalAddress, ReplyMeans, VocKind};

/// The fewest characters a VOC's content may have.
pub const MIN_CONTENT: usize = 5;
/// The most characters any free text (content, answer parts) may have.
pub const MAX_TEXT: usize = 4000;
const MAX_NAME: usize = 50;
const MAX_CODE: usize = 64;

/// Separate consents, as PIPA wants them: each notice channel and publishing the answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    #[serde(default)]
    pub sms: bool,
    #[serde(default)]
    pub email: bool,
    #[serde(default)]
    pub publish: bool,
}

/// The content of a VOC: trimmed, between [`MIN_CONTENT`] and [`MAX_TEXT`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Content(String);

impl Content {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        bounded_text(input, MIN_CONTENT, MAX_TEXT).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Content {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<Content> for String {
    fn from(c: Content) -> Self {
        c.0
    }
}

/// A complainant's name: trimmed, at most 50 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        bounded_text(input, 1, MAX_NAME).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `홍*동`, `홍*`, `J*** Smith` → first and last character kept.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        match chars.len() {
            0 | 1 => "*".into(),
            2 => format!("{}*", chars[0]),
            n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
        }
    }
}

/// Upload ids as sent, trimmed and without repeats; too many, or one no upload could have,
/// is an `attachments` error.
pub(crate) fn attachment_ids(errs: &mut FieldErrors, ids: &[String]) -> Vec<String> {
    let mut attachments: Vec<String> = Vec::new();
    for a in ids {
        let a = a.trim();
        if !a.is_empty() && !attachments.iter().any(|x| x == a) {
            attachments.push(a.to_owned());
        }
    }
    if attachments.len() > super::MAX_ATTACHMENTS {
        errs.add("attachments", FieldError::TooManyFiles { max: super::MAX_ATTACHMENTS });
    } else if attachments.iter().any(|a| a.len() > MAX_CODE) {
        errs.add("attachments", FieldError::UploadNotFound);
    }
    attachments
}

/// Trimmed text of `min..=max` characters: empty is `Required`, then too short or too long.
pub(crate) fn bounded_text(input: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let t = input.trim();
    let n = t.chars().count();
    if n == 0 {
        Err(FieldError::Required)
    } else if n < min {
        Err(FieldError::TooShort { min })
    } else if n > max {
        Err(FieldError::TooLong { max })
    } else {
        Ok(t.to_owned())
    }
}

/// A person's phone number and e-mail address, each optional, and each required by a consent to
/// be written to on its channel; problems noted in `errs`.
pub(crate) fn contacts(
    errs: &mut FieldErrors,
    phone: &Option<String>,
    email: &Option<String>,
    consent: Consent,
) -> (Option<PhoneNumber>, Option<Email>) {
    let parsed_phone = blank_to_none(phone).and_then(|s| errs.take("phone", PhoneNumber::parse(s)));
    let parsed_email = blank_to_none(email).and_then(|s| errs.take("email", Email::parse(s)));
    if consent.sms && blank_to_none(phone).is_none() {
        errs.add("phone", FieldError::PhoneNeededForSms);
    }
    // Said plainly rather than kept as a consent no text message could honour.
    if consent.sms && parsed_phone.as_ref().is_some_and(|p| !p.is_mobile()) {
        errs.add("phone", FieldError::SmsNeedsMobile);
    }
    if consent.email && blank_to_none(email).is_none() {
        errs.add("email", FieldError::EmailNeededForEmail);
    }
    (parsed_phone, parsed_email)
}

/// The postal address and the way the complainant wants to be answered; each way needs its
/// contact (and a text or an e-mail its consent too). Problems noted in `errs`.
pub(crate) fn reply_contacts(
    errs: &mut FieldErrors,
    address: &Option<String>,
    reply_by: &Option<String>,
    (phone, email): (&Option<String>, &Option<String>),
    consent: Consent,
) -> (Option<PostalAddress>, Option<ReplyMeans>) {
    let parsed_address = blank_to_none(address).and_then(|s| errs.take("address", PostalAddress::parse(s)));
    let means = blank_to_none(reply_by).and_then(|s| errs.take("reply_by", s.parse::<ReplyMeans>()));
    match means {
        Some(ReplyMeans::Post) if blank_to_none(address).is_none() => {
            errs.add("address", FieldError::AddressNeededForPost)
        }
        Some(ReplyMeans::Phone) if blank_to_none(phone).is_none() => errs.add("phone", FieldError::PhoneNeededForCall),
        Some(ReplyMeans::Sms) if blank_to_none(phone).is_none() => errs.add("phone", FieldError::PhoneNeededForSms),
        Some(ReplyMeans::Email) if blank_to_none(email).is_none() => errs.add("email", FieldError::EmailNeededForEmail),
        Some(ReplyMeans::Sms) if !consent.sms => errs.add("reply_by", FieldError::ReplyNeedsConsent),
        Some(ReplyMeans::Email) if !consent.email => errs.add("reply_by", FieldError::ReplyNeedsConsent),
        _ => {}
    }
    (parsed_address, means)
}

pub(crate) fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A new VOC as it comes in over the wire or out of the kiosk form: all strings, so that
/// every wrong field can be named instead of the whole body being refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCaseInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = VocKind))]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = Channel))]
    pub channel: String,
    #[serde(default)]
    pub facility: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1))]
    pub content: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// A postal address, for an answer by post.
    #[serde(default)]
    pub address: Option<String>,
    /// How the complainant wants to be answered: `sms`, `email`, `post` or `phone`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = ReplyMeans, required = false))]
    pub reply_by: Option<String>,
    #[serde(default)]
    pub consent: Consent,
    /// Staff only: when the VOC really arrived (mail, fax, a call logged later).
    #[serde(default)]
    pub received_at: Option<String>,
    /// For `external_agency`: which agency sent it (e.g. 국민신문고) and its reference number.
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub agency_ref: Option<String>,
    /// The language the complainant filed in and is written to in (`ko` or `en`).
    #[serde(default)]
    pub lang: Option<String>,
    /// Handles of files uploaded beforehand (`POST /api/v1/uploads`), at most five.
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// A new VOC that has passed every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewCase {
    pub kind: VocKind,
    pub channel: Channel,
    pub facility: Option<String>,
    pub category: Option<String>,
    pub content: Content,
    pub name: Option<PersonName>,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub address: Option<PostalAddress>,
    pub reply_by: Option<ReplyMeans>,
    pub consent: Consent,
    pub received_at: Option<DateTime<Utc>>,
    /// The transferring agency and its reference number (external-agency channel only).
    pub agency: Option<(String, String)>,
    pub lang: Lang,
    pub attachments: Vec<String>,
}

impl NewCaseInput {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidNewCase, FieldErrors> {
        let mut errs = FieldErrors::default();
        let kind = errs.take(
            "kind",
            self.kind.parse::<VocKind>().and_then(|k| match k {
                VocKind::Appeal => Err(FieldError::AppealNotFiled),
                k => Ok(k),
            }),
        );
        let channel = errs.take("channel", self.channel.parse::<Channel>());
        let content = errs.take("content", Content::parse(&self.content));
        let name = blank_to_none(&self.name).and_then(|s| errs.take("name", PersonName::parse(s)));
        let (phone, email) = contacts(&mut errs, &self.phone, &self.email, self.consent);
        let (address, reply_by) =
            reply_contacts(&mut errs, &self.address, &self.reply_by, (&self.phone, &self.email), self.consent);
        let agency = if self.channel.trim() == Channel::ExternalAgency.as_str() {
            let name = match blank_to_none(&self.agency) {
                None => errs.take("agency", Err(FieldError::Required)),
                Some(a) => errs.take("agency", bounded_text(a, 2, MAX_NAME)),
            };
            let reference = match blank_to_none(&self.agency_ref) {
                None => errs.take("agency_ref", Err(FieldError::Required)),
                Some(r) => errs.take("agency_ref", bounded_text(r, 1, MAX_CODE)),
            };
            name.zip(reference)
        } else {
            None
        };
        let lang = match blank_to_none(&self.lang) {
            None => Lang::Ko,
            Some(l) => errs.take("lang", l.parse::<Lang>()).unwrap_or_default(),
        };
        let attachments = attachment_ids(&mut errs, &self.attachments);
        let facility = code_field(&mut errs, "facility", &self.facility);
        let category = code_field(&mut errs, "category", &self.category);
        let received_at = blank_to_none(&self.received_at).and_then(|s| {
            let t = DateTime::<FixedOffset>::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc));
            match t {
                Err(_) => errs.take("received_at", Err(FieldError::InvalidTime)),
                Ok(t) if t > now => errs.take("received_at", Err(FieldError::TimeInFuture)),
                Ok(t) => Some(t),
            }
        });
        match (kind, channel, content) {
            (Some(kind), Some(channel), Some(content)) if errs.is_empty() => Ok(ValidNewCase {
                kind,
                channel,
                facility,
                category,
                content,
                name,
                phone,
                email,
                address,
                reply_by,
                consent: self.consent,
                received_at,
                agency,
                lang,
                attachments,
            }),
            _ => Err(errs),
        }
    }
}

fn code_field(errs: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<String> {
    let s = blank_to_none(v)?;
    errs.take(field, bounded_text(s, 1, MAX_CODE))
}

/// The handler's answer to a case: the result, its basis (처리근거) and how to appeal
/// (이의신청 방법).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    /// 수용여부; empty means accepted.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub appeal: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidAnswer {
    pub result: String,
    pub basis: String,
    pub appeal: String,
}

impl AnswerInput {
    /// The answer and its decision, every bad field named at once.
    pub fn validate_with_decision(&self) -> Result<(super::Decision, ValidAnswer), FieldErrors> {
        let decision = match self.decision.trim() {
            "" => Ok(super::Decision::Accepted),
            d => d.parse::<super::Decision>(),
        };
        match (decision, self.validate()) {
            (Ok(d), Ok(a)) => Ok((d, a)),
            (d, a) => {
                let mut errs = a.err().unwrap_or_default();
                if let Err(e) = d {
                    errs.add("decision", e);
                }
                Err(errs)
            }
        }
    }

    pub fn validate(&self) -> Result<ValidAnswer, FieldErrors> {
        let mut errs = FieldErrors::default();
        let result = errs.take("result", bounded_text(&self.result, 2, MAX_TEXT));
        let basis = errs.take("basis", bounded_text(&self.basis, 2, MAX_TEXT));
        let appeal = errs.take("appeal", bounded_text(&self.appeal, 2, MAX_TEXT));
        match (result, basis, appeal) {
            (Some(result), Some(basis), Some(appeal)) => Ok(ValidAnswer { result, basis, appeal }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap()
    }

    fn good() -> NewCaseInput {
        NewCaseInput {
            kind: "complaint".into(),
            channel: "kiosk".into(),
            facility: Some("railbike".into()),
            content: "화장실이 너무 더럽습니다.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_anonymous_case_is_valid() {
        let v = good().validate(now()).unwrap();
        assert_eq!(v.kind, VocKind::Complaint);
        assert_eq!(v.channel, Channel::Kiosk);
        assert_eq!(v.content.as_str(), "화장실이 너무 더럽습니다.");
        assert_eq!(v.phone, None);
        assert_eq!(v.facility.as_deref(), Some("railbike"));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let input = NewCaseInput {
            kind: "rant".into(),
            channel: "pigeon".into(),
            content: "짧음".into(),
            phone: Some("02-12-4567".into()),
            email: Some("not-an-email".into()),
            ..Default::default()
        };
        let errs = input.validate(now()).unwrap_err();
        let fields: Vec<&str> = errs.0.keys().map(String::as_str).collect();
        assert_eq!(fields, vec!["channel", "content", "email", "kind", "phone"]);
        assert_eq!(errs.get("content").unwrap().code, "too_short");
        assert_eq!(errs.get("content").unwrap().ko, "5자 이상 입력해 주세요.");
        assert_eq!(errs.get("phone").unwrap().code, "phone_invalid");
    }

    #[test]
    fn consent_to_a_channel_needs_its_contact() {
        let mut input = good();
        input.consent = Consent { sms: true, email: true, publish: false };
        let errs = input.validate(now()).unwrap_err();
        assert_eq!(errs.get("phone").unwrap().code, "phone_needed_for_sms");
        assert_eq!(errs.get("email").unwrap().code, "email_needed_for_email");
        input.phone = Some("010 1234 5678".into());
        input.email = Some("a@b.kr".into());
        let v = input.validate(now()).unwrap();
        assert_eq!(v.phone.unwrap().digits(), "01012345678");
        assert!(v.consent.sms && v.consent.email && !v.consent.publish);
    }

    #[test]
    fn a_landline_is_a_contact_but_takes_no_text_message() {
        let mut input = good();
        input.phone = Some("054-550-6114".into());
        let v = input.validate(now()).unwrap();
        assert_eq!(v.phone.unwrap().to_string(), "054-550-6114");
        input.consent.sms = true;
        let errs = input.validate(now()).unwrap_err();
        assert_eq!(errs.get("phone").unwrap().code, "sms_needs_mobile");
        assert!(errs.get("phone").unwrap().ko.contains("휴대전화 번호로만"));
    }

    #[test]
    fn each_way_of_being_answered_needs_its_contact_and_consent() {
        let mut input = good();
        input.reply_by = Some("post".into());
        assert_eq!(input.validate(now()).unwrap_err().get("address").unwrap().code, "address_needed_for_post");
        input.address = Some("경상북도 문경시 점촌동 1".into());
        let v = input.validate(now()).unwrap();
        assert_eq!((v.reply_by, v.address.unwrap().masked()), (Some(ReplyMeans::Post), "경상북도 문경시 ***".into()));

        input.reply_by = Some("phone".into());
        assert_eq!(input.validate(now()).unwrap_err().get("phone").unwrap().code, "phone_needed_for_call");
        input.phone = Some("02-123-4567".into());
        assert_eq!(input.validate(now()).unwrap().reply_by, Some(ReplyMeans::Phone));

        input.reply_by = Some("email".into());
        assert_eq!(input.validate(now()).unwrap_err().get("email").unwrap().code, "email_needed_for_email");
        input.email = Some("a@b.kr".into());
        assert_eq!(input.validate(now()).unwrap_err().get("reply_by").unwrap().code, "reply_needs_consent");
        input.consent.email = true;
        assert_eq!(input.validate(now()).unwrap().reply_by, Some(ReplyMeans::Email));

        input.reply_by = Some("sms".into());
        input.consent.sms = true;
        assert_eq!(input.validate(now()).unwrap_err().get("phone").unwrap().code, "sms_needs_mobile");
        input.reply_by = Some("pigeon".into());
        assert_eq!(input.validate(now()).unwrap_err().get("reply_by").unwrap().code, "unknown_option");
    }

    #[test]
    fn blank_optional_fields_are_absent_not_errors() {
        let mut input = good();
        input.name = Some("   ".into());
        input.phone = Some("".into());
        input.facility = Some(" ".into());
        let v = input.validate(now()).unwrap();
        assert_eq!((v.name, v.phone, v.facility), (None, None, None));
    }

    #[test]
    fn content_is_trimmed_and_bounded_by_characters_not_bytes() {
        assert_eq!(Content::parse("  가나다라마  ").unwrap().as_str(), "가나다라마");
        assert_eq!(Content::parse("가나다라"), Err(FieldError::TooShort { min: 5 }));
        assert_eq!(Content::parse("   "), Err(FieldError::Required));
        assert!(Content::parse(&"가".repeat(MAX_TEXT)).is_ok());
        assert_eq!(Content::parse(&"가".repeat(MAX_TEXT + 1)), Err(FieldError::TooLong { max: MAX_TEXT }));
    }

    #[test]
    fn an_external_agency_case_names_the_agency_and_its_reference() {
        let mut input = good();
        input.channel = "external_agency".into();
        let errs = input.validate(now()).unwrap_err();
        assert_eq!(errs.get("agency").unwrap().code, "required");
        assert_eq!(errs.get("agency_ref").unwrap().code, "required");
        input.agency = Some("국민신문고".into());
        input.agency_ref = Some("1AA-2611-0012345".into());
        let v = input.validate(now()).unwrap();
        assert_eq!(v.agency, Some(("국민신문고".into(), "1AA-2611-0012345".into())));
        // Other channels carry no agency even if one is sent.
        input.channel = "phone".into();
        assert_eq!(input.validate(now()).unwrap().agency, None);
    }

    #[test]
    fn received_at_must_be_rfc3339_and_not_in_the_future() {
        let mut input = good();
        input.received_at = Some("2026-11-23T09:30:00+09:00".into());
        let v = input.validate(now()).unwrap();
        assert_eq!(v.received_at.unwrap(), Utc.with_ymd_and_hms(2026, 11, 23, 0, 30, 0).unwrap());
        input.received_at = Some("yesterday".into());
        assert_eq!(input.validate(now()).unwrap_err().get("received_at").unwrap().code, "invalid_time");
        input.received_at = Some("2026-11-24T09:30:00+09:00".into());
        assert_eq!(input.validate(now()).unwrap_err().get("received_at").unwrap().code, "time_in_future");
    }

    #[test]
    fn names_are_masked_keeping_first_and_last_character() {
        assert_eq!(PersonName::parse("홍길동").unwrap().masked(), "홍*동");
        assert_eq!(PersonName::parse("남궁민수").unwrap().masked(), "남**수");
        assert_eq!(PersonName::parse("김구").unwrap().masked(), "김*");
        assert_eq!(PersonName::parse(&"가".repeat(51)), Err(FieldError::TooLong { max: 50 }));
    }

    #[test]
    fn an_answer_needs_result_basis_and_appeal_route() {
        let errs = AnswerInput { result: "조치함".into(), ..Default::default() }.validate().unwrap_err();
        let fields: Vec<&str> = errs.0.keys().map(String::as_str).collect();
        assert_eq!(fields, vec!["appeal", "basis"]);
        let ok = AnswerInput {
            result: "청소 완료".into(),
            basis: "시설관리 규정 3조".into(),
            appeal: "고객지원팀 054-000-0000".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().basis, "시설관리 규정 3조");
    }
}
