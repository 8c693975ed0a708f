//! What a notice says and to whom: the messages of a batch of notices about one case, and a
//! staff alert, rendered from facts the store read and the administrator's wordings. No I/O:
//! the workflow step that causes a notice reads the facts and queues what this returns in its
//! own transaction (see `crate::workflow::notices`).

use std::collections::BTreeMap;

use app::domain::{Audience, FieldError, Lang, NoticeChannel, NoticeKind, PhoneNumber, VocKind, render, to_seoul};
use chrono::{DateTime, Utc};

use crate::store::{StoreError, TokenPurpose};

/// A complainant as notices see them: the representative or a co-complainant of a
/// multi-person complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Consented to text messages.
    pub sms: bool,
    /// Consented to e-mail.
    pub mail: bool,
}

/// The facts of a case a notice about it may print, and who hears it.
#[derive(Debug, Clone)]
pub struct NoticeFacts {
    pub receipt_no: String,
    pub kind: VocKind,
    /// The complainant's language; staff notices are in Korean.
    pub lang: Lang,
    pub complainant: Person,
    pub co: Vec<Person>,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub content: String,
    pub facility: Option<String>,
    pub department: Option<String>,
    /// The administrator's own wordings of the notices asked for: `(notice, lang, subject,
    /// body)`; a notice not among them has its default wording.
    pub templates: Vec<(String, String, String, String)>,
    /// The duplicates merged into the case (병합): their complainants hear its result too.
    pub merged: Vec<i64>,
}

/// One notice of a batch about one case: which notice, the key that tells its occurrences
/// apart (an answer id, a deadline), and the values only it prints.
#[derive(Debug, Clone, Copy)]
pub struct Queued<'a> {
    pub notice: NoticeKind,
    pub key: &'a str,
    pub extra: &'a [(&'static str, String)],
}

/// Where the links in notices point, and until when a survey link opens the survey.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    pub public_url: &'a str,
    pub survey_until: Option<DateTime<Utc>>,
}

/// A link token a message carries, to be kept only as its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub token: String,
    pub purpose: TokenPurpose,
    pub expires_at: Option<DateTime<Utc>>,
}

/// One rendered message to one recipient on one channel, to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The same notice with the same key to the same recipient is queued only once.
    pub dedupe_key: String,
    pub notice: NoticeKind,
    pub channel: NoticeChannel,
    pub recipient: String,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
    /// The raw link tokens in the body, blanked from the stored copy once it is sent.
    pub link_tokens: Option<String>,
}

/// What a batch of notices about one case comes to: its messages and the tokens of their links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composed {
    pub tokens: Vec<NewToken>,
    pub messages: Vec<Message>,
}

/// A stored wording that no longer renders (an unknown variable, an unclosed brace).
#[derive(Debug, thiserror::Error)]
#[error("template {notice}/{lang}: {error}")]
pub struct BadTemplate {
    notice: NoticeKind,
    lang: &'static str,
    error: FieldError,
}

impl From<BadTemplate> for StoreError {
    fn from(e: BadTemplate) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// The administrator's wording of `notice` in `lang`, or else the notice's own.
pub fn wording(own: Option<(String, String)>, notice: NoticeKind, lang: Lang) -> (String, String) {
    own.unwrap_or_else(|| {
        let (s, b) = notice.default_template(lang);
        (s.to_owned(), b.to_owned())
    })
}

/// Every notice of `batch` about case `case_id`: a complainant notice to the representative
/// and each co-complainant, on each channel they consented to and gave contact data for (a
/// text message to a mobile number only), each addressed by their own name and in the case's
/// language; a staff notice to the `staff` addresses, in Korean. A notice whose wording holds
/// a link mints its token (a survey link's expires with `links.survey_until`). One person
/// named twice hears a notice once.
pub fn case_notices(
    links: Links<'_>,
    case_id: i64,
    c: &NoticeFacts,
    batch: &[Queued<'_>],
    staff: &[String],
) -> Result<Composed, BadTemplate> {
    let base = links.public_url.trim_end_matches('/');
    let mut out = Composed::default();
    for q in batch {
        let notice = q.notice;
        let lang = match notice.audience() {
            Audience::Complainant => c.lang,
            Audience::Staff => Lang::Ko,
        };
        let people = addressees(c, notice, staff);
        if people.iter().all(|(_, r)| r.is_empty()) {
            continue;
        }
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        values.insert("receipt_no", c.receipt_no.clone());
        values.insert("kind", if lang == Lang::En { c.kind.en() } else { c.kind.ko() }.to_owned());
        values.insert("received_at", app::domain::seoul_minutes(c.received_at));
        values.insert("due_at", app::domain::seoul_minutes(c.due_at));
        values.insert("due_short", to_seoul(c.due_at).format("%m/%d %H:%M").to_string());
        let mut minted = Vec::new();
        if notice.variables().contains(&"tracking_url") {
            let token = crate::auth::random_token();
            values.insert("tracking_url", format!("{base}/track/{}?token={token}", c.receipt_no));
            out.tokens.push(NewToken { token: token.clone(), purpose: TokenPurpose::Track, expires_at: None });
            minted.push(token);
        }
        if notice.variables().contains(&"survey_url") {
            let token = crate::auth::random_token();
            values.insert("survey_url", format!("{base}/survey/{token}"));
            let expires_at = links.survey_until;
            out.tokens.push(NewToken { token: token.clone(), purpose: TokenPurpose::Survey, expires_at });
            minted.push(token);
        }
        let link_tokens = (!minted.is_empty()).then(|| minted.join(" "));
        values.insert("case_url", format!("{base}/cases/{case_id}"));
        values.insert("content", c.content.chars().take(200).collect());
        values.insert("facility", c.facility.clone().unwrap_or_else(|| "-".into()));
        values.insert("department", c.department.clone().unwrap_or_else(|| "미배정".into()));
        for (k, v) in q.extra {
            values.insert(k, v.clone());
        }
        let own = c
            .templates
            .iter()
            .find(|(n, l, _, _)| n == notice.as_str() && l == lang.as_str())
            .map(|(_, _, s, b)| (s.clone(), b.clone()));
        let (subject_t, body_t) = wording(own, notice, lang);
        let bad = |error| BadTemplate { notice, lang: lang.as_str(), error };
        for (name, recipients) in people {
            let unnamed = if lang == Lang::En { "customer" } else { "고객" };
            values.insert("name", name.unwrap_or_else(|| unnamed.to_owned()));
            let subject = render(&subject_t, &values).map_err(bad)?;
            let body = render(&body_t, &values).map_err(bad)?;
            let sms = match notice.sms_template(lang) {
                Some(t) => render(t, &values).map_err(bad)?,
                None => body.clone(),
            };
            for (channel, recipient) in recipients {
                let dedupe_key = format!("{notice}:{case_id}:{}:{}:{recipient}", q.key, channel.as_str());
                // One person named twice (a co-complainant with the representative's
                // address) hears it once, as the unique key would have it.
                if out.messages.iter().any(|m| m.dedupe_key == dedupe_key) {
                    continue;
                }
                let body = if channel == NoticeChannel::Sms { sms.clone() } else { body.clone() };
                out.messages.push(Message {
                    dedupe_key,
                    notice,
                    channel,
                    recipient,
                    lang,
                    subject: subject.clone(),
                    body,
                    link_tokens: link_tokens.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// One person a notice goes to by name, and where.
type Addressee = (Option<String>, Vec<(NoticeChannel, String)>);

/// Who hears `notice`, each person with their own name: for a complainant notice the
/// representative and every co-complainant, on the channels each consented to; for a staff
/// notice, the `staff` addresses.
fn addressees(c: &NoticeFacts, notice: NoticeKind, staff: &[String]) -> Vec<Addressee> {
    match notice.audience() {
        Audience::Complainant => std::iter::once(&c.complainant)
            .chain(&c.co)
            .map(|p| {
                let mut r = Vec::new();
                if let Some(email) = p.email.clone().filter(|_| p.mail) {
                    r.push((NoticeChannel::Email, email));
                }
                // A text message reaches a mobile number only (the forms say so before a
                // consent is taken; this keeps a landline out of the SMS gateway).
                let mobile = |n: &String| PhoneNumber::parse(n).is_ok_and(|n| n.is_mobile());
                if let Some(phone) = p.phone.clone().filter(|n| p.sms && mobile(n)) {
                    r.push((NoticeChannel::Sms, phone));
                }
                (p.name.clone(), r)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect(),
        Audience::Staff => vec![(None, staff.iter().map(|e| (NoticeChannel::Email, e.clone())).collect())],
    }
}

/// A staff alert not about one case (a deadline digest, a report, a reminder): `values`
/// printed into `wording`, in Korean, one e-mail to each of `recipients`, once per `key`.
pub fn staff_alert(
    notice: NoticeKind,
    key: &str,
    values: &[(&'static str, String)],
    (subject, body): (String, String),
    recipients: &[String],
) -> Result<Vec<Message>, BadTemplate> {
    let values: BTreeMap<&str, String> = values.iter().cloned().collect();
    let bad = |error| BadTemplate { notice, lang: Lang::Ko.as_str(), error };
    let (subject, body) = (render(&subject, &values).map_err(bad)?, render(&body, &values).map_err(bad)?);
    Ok(recipients
        .iter()
        .map(|recipient| Message {
            dedupe_key: alert_key(notice, key, recipient),
            notice,
            channel: NoticeChannel::Email,
            recipient: recipient.clone(),
            lang: Lang::Ko,
            subject: subject.clone(),
            body: body.clone(),
            link_tokens: None,
        })
        .collect())
}

/// The dedupe key of staff alert `notice` with `key` to `recipient`.
pub fn alert_key(notice: NoticeKind, key: &str, recipient: &str) -> String {
    format!("{notice}:{key}:email:{recipient}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        let at = DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").unwrap().with_timezone(&Utc);
        NoticeFacts {
            receipt_no: "20260302-0001".into(),
            kind: VocKind::Complaint,
            lang: Lang::Ko,
            complainant: Person {
                name: Some("홍길동".into()),
                phone: Some("010-1234-5678".into()),
                email: Some("hong@example.com".into()),
                sms: true,
                mail: true,
            },
            co: vec![
                // The same address as the representative: one message.
                Person {
                    name: Some("김철수".into()),
                    email: Some("hong@example.com".into()),
                    mail: true,
                    ..Person::default()
                },
                // A landline never gets a text.
                Person {
                    name: Some("이영희".into()),
                    phone: Some("02-123-4567".into()),
                    sms: true,
                    ..Person::default()
                },
            ],
            received_at: at,
            due_at: at + chrono::Duration::days(7),
            content: "레일바이크 바퀴가 삐걱거립니다".into(),
            facility: None,
            department: None,
            templates: vec![],
            merged: vec![],
        }
    }

    const LINKS: Links<'static> = Links { public_url: "https://voc.example.kr/", survey_until: None };

    #[test]
    fn a_complainant_notice_goes_on_each_consented_channel_once_per_address() {
        let batch = [Queued { notice: NoticeKind::Receipt, key: "", extra: &[] }];
        let out = case_notices(LINKS, 7, &facts(), &batch, &[]).unwrap();
        let to: Vec<(NoticeChannel, &str)> = out.messages.iter().map(|m| (m.channel, m.recipient.as_str())).collect();
        assert_eq!(to, [(NoticeChannel::Email, "hong@example.com"), (NoticeChannel::Sms, "010-1234-5678")]);
        let mail = &out.messages[0];
        assert_eq!(mail.dedupe_key, "receipt:7::email:hong@example.com");
        assert!(mail.body.contains("홍길동") && mail.body.contains("20260302-0001"), "{}", mail.body);
        // The tracking link's token is minted once for the notice and carried by each message.
        assert_eq!(out.tokens.len(), 1);
        assert_eq!(out.tokens[0].purpose, TokenPurpose::Track);
        let link = format!("https://voc.example.kr/track/20260302-0001?token={}", out.tokens[0].token);
        assert!(mail.body.contains(&link), "{}", mail.body);
        assert_eq!(mail.link_tokens.as_deref(), Some(out.tokens[0].token.as_str()));
    }

    #[test]
    fn a_staff_notice_goes_to_the_given_addresses_in_korean_and_nobody_means_nothing() {
        let mut c = facts();
        c.lang = Lang::En;
        let batch = [Queued { notice: NoticeKind::Urgent, key: "k", extra: &[] }];
        let out = case_notices(LINKS, 7, &c, &batch, &["boss@example.kr".into()]).unwrap();
        assert_eq!(out.messages.len(), 1);
        assert_eq!((out.messages[0].lang, out.messages[0].recipient.as_str()), (Lang::Ko, "boss@example.kr"));
        let body = &out.messages[0].body;
        assert!(body.contains("유형: 불만") && body.contains("시설: -"), "Korean, no facility: {body}");
        assert!(body.contains("https://voc.example.kr/cases/7"), "{body}");
        assert_eq!(case_notices(LINKS, 7, &c, &batch, &[]).unwrap(), Composed::default());
    }

    #[test]
    fn the_administrator_s_wording_is_used_and_a_broken_one_is_an_error() {
        let mut c = facts();
        c.templates = vec![("receipt".into(), "ko".into(), "접수 {receipt_no}".into(), "{name}님 감사합니다".into())];
        let batch = [Queued { notice: NoticeKind::Receipt, key: "", extra: &[] }];
        let out = case_notices(LINKS, 7, &c, &batch, &[]).unwrap();
        assert_eq!(
            (out.messages[0].subject.as_str(), out.messages[0].body.as_str()),
            ("접수 20260302-0001", "홍길동님 감사합니다")
        );
        c.templates[0].3 = "{nonsense".into();
        let e = case_notices(LINKS, 7, &c, &batch, &[]).unwrap_err();
        assert!(e.to_string().starts_with("template receipt/ko"), "{e}");
    }

    #[test]
    fn a_staff_alert_is_one_mail_per_recipient_keyed_to_them() {
        let wording = ("{title} 알림".to_owned(), "{title}".to_owned());
        let values = [("title", "보고".to_owned())];
        let to = ["a@example.kr".to_owned(), "b@example.kr".to_owned()];
        let out = staff_alert(NoticeKind::ImprovementReminder, "3:late", &values, wording, &to).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].dedupe_key, alert_key(NoticeKind::ImprovementReminder, "3:late", "b@example.kr"));
        assert_eq!(out[0].subject, "보고 알림");
    }
}
