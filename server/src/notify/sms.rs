//! Text messages through an HTTP gateway: one JSON request per message, its shape a setting.

use app::domain::is_long_message;
use serde_json::Value;

use super::Failure;
use crate::config::SmsConfig;
use crate::store::OutboxMessage;

pub struct SmsGateway {
    client: reqwest::Client,
    config: SmsConfig,
}

impl SmsGateway {
    pub fn new(config: SmsConfig) -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { client, config }
    }

    pub async fn send(&self, m: &OutboxMessage) -> Result<(), Failure> {
        let long = is_long_message(&m.body);
        let url = self.config.url.replace("{type}", if long { "mms" } else { "sms" });
        let body = request_body(&self.config.body, m, &self.config.sender, long)
            .map_err(|e| Failure::Permanent(format!("VOC_SMS_BODY: {e}")))?;
        let mut req = self.client.post(&url).json(&body).header("X-VOC-Message-Id", &m.message_id);
        if let Some((name, value)) = &self.config.auth_header {
            req = req.header(name.as_str(), value.as_str());
        }
        let resp = req.send().await.map_err(|e| Failure::Transient(format!("SMS gateway: {e}")))?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        let text: String = resp.text().await.unwrap_or_default().chars().take(300).collect();
        let error = format!("SMS gateway {status}: {text}");
        // A refusal of the request itself will not change on retry; overload or outage may.
        if status.is_client_error() && status != reqwest::StatusCode::TOO_MANY_REQUESTS {
            Err(Failure::Permanent(error))
        } else {
            Err(Failure::Transient(error))
        }
    }
}

/// The gateway's JSON body: the template with `{{name}}` filled in every string. The template
/// is parsed first, so a value can never break out of its string.
pub fn request_body(template: &str, m: &OutboxMessage, sender: &str, long: bool) -> Result<Value, serde_json::Error> {
    let mut v: Value = serde_json::from_str(template)?;
    let value = |name: &str| -> Option<&str> {
        Some(match name {
            "to" => &m.recipient,
            "from" => sender,
            "text" => &m.body,
            "subject" => &m.subject,
            "type" => {
                if long {
                    "LMS"
                } else {
                    "SMS"
                }
            }
            "id" => &m.message_id,
            _ => return None,
        })
    };
    // One pass, so that a filled-in value is never searched for placeholders again.
    let fill = |s: &str| {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            let tail = &rest[i + 2..];
            match tail.find("}}").and_then(|j| value(&tail[..j]).map(|v| (j, v))) {
                Some((j, v)) => {
                    out.push_str(v);
                    rest = &tail[j + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out
    };
    fn walk(v: &mut Value, fill: &dyn Fn(&str) -> String) {
        match v {
            Value::String(s) => *s = fill(s),
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, fill)),
            Value::Object(map) => map.values_mut().for_each(|i| walk(i, fill)),
            _ => {}
        }
    }
    walk(&mut v, &fill);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use app::domain::{NoticeChannel, NoticeKind};

    use super::*;
    use crate::config::DEFAULT_SMS_BODY;

    #[test]
    fn values_fill_strings_and_cannot_escape_them() {
        let m = OutboxMessage {
            id: 1,
            message_id: "m1".into(),
            notice: NoticeKind::Receipt,
            channel: NoticeChannel::Sms,
            recipient: "01012345678".into(),
            subject: "제목".into(),
            body: "따옴표 \" 와 {{to}}".into(),
            attempts: 1,
            attachment: None,
        };
        let v = request_body(DEFAULT_SMS_BODY, &m, "0541234567", false).unwrap();
        assert_eq!(v["body"], "따옴표 \" 와 {{to}}");
        assert_eq!(v["title"], "제목");
        assert_eq!(v["sendNo"], "0541234567");
        assert_eq!(v["recipientList"][0]["recipientNo"], "01012345678");
        assert_eq!(v["recipientList"][0]["recipientGroupingKey"], "m1");
    }
}
