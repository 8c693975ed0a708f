//! E-mail over SMTP with lettre.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::Failure;
use crate::store::OutboxMessage;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of our Message-IDs.
    domain: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("VOC_SMTP_URL: {0}")]
    Url(lettre::transport::smtp::Error),
    #[error("VOC_MAIL_FROM {0:?} is not a mailbox: {1}")]
    From(String, lettre::address::AddressError),
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(MailSetupError::Url)?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from: Mailbox = from.parse().map_err(|e| MailSetupError::From(from.to_owned(), e))?;
        let domain = from.email.domain().to_owned();
        Ok(Self { transport, from, domain })
    }

    /// Sends one message. Its Message-ID is derived from the outbox message id, so a resend
    /// after a crash carries the same one and the receiving side can tell.
    pub async fn send(&self, m: &OutboxMessage) -> Result<(), Failure> {
        let to: Mailbox =
            m.recipient.parse().map_err(|e| Failure::Permanent(format!("수신 주소 오류 / bad address: {e}")))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .message_id(Some(format!("<{}@{}>", m.message_id, self.domain)))
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-VOC-Notice"), m.notice.as_str().to_owned()));
        let message = match &m.attachment {
            None => builder.header(ContentType::TEXT_PLAIN).body(m.body.clone()),
            // The text, and the file beside it (the periodic report's workbook).
            Some((name, bytes)) => {
                let kind = ContentType::parse(media_type(name))
                    .map_err(|e| Failure::Permanent(format!("attachment type: {e}")))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(m.body.clone()))
                        .singlepart(Attachment::new(name.clone()).body(bytes.clone(), kind)),
                )
            }
        }
        .map_err(|e| Failure::Permanent(format!("message: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(Failure::Permanent(format!("SMTP: {e}"))),
            Err(e) => Err(Failure::Transient(format!("SMTP: {e}"))),
        }
    }
}

/// The media type of an attached file, by its name.
fn media_type(name: &str) -> &'static str {
    if name.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else if name.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}
