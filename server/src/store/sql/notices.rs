//! The outbox: the facts a notice about a case prints, read in one statement, and the messages
//! `crate::notify::compose` rendered from them queued inside the transaction of the change that
//! causes them; claimed by delivery workers under a lease, finished as sent, retried or dead.

use app::domain::{DeliveryState, Lang, NoticeChannel, NoticeKind};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Any, FromRow, Transaction};

use super::parts::{Part, first, rows};
use super::{Backend, SqlStore, placeholders, secs, time};
use crate::notify::compose::{self, Composed, Message, NewToken, NoticeFacts, Person};
use crate::store::{
    Delivery, ExtensionRecord, NoticeRecord, OutboxDepth, OutboxMessage, OutboxStore, StoreError, StoreResult,
    TemplateRecord, User,
};

/// The case facts a notice about it may print, as read.
#[derive(FromRow)]
struct FactsRow {
    receipt_no: String,
    kind: String,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    consent_sms: i64,
    consent_email: i64,
    lang: String,
    received_at: i64,
    due_at: i64,
    content: String,
    facility_name: Option<String>,
    department_name: Option<String>,
    /// The co-complainants of a multi-person complaint, as JSON rows of [`Person`].
    co: String,
    /// The administrator's wordings of the notices, as JSON rows of `(notice, lang, subject, body)`.
    templates: String,
    /// The duplicates merged into the case, as JSON rows of `(id)`.
    merged: String,
}

/// The case facts for `notices`, its co-complainants, the administrator's wordings of each
/// notice and the duplicates merged into it, in one statement.
pub(super) async fn case_facts(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    case_id: i64,
    notices: &[NoticeKind],
) -> StoreResult<NoticeFacts> {
    let co = Part::new(
        "SELECT p.name, p.phone, p.email, p.consent_sms, p.consent_email FROM case_complainants p \
         WHERE p.case_id = c.id",
        "p.id",
    )
    .aggregate(backend)?;
    let merged = Part::new("SELECT m.id FROM cases m WHERE m.merged_into = c.id", "m.id").aggregate(backend)?;
    let wanted: Vec<String> = (0..notices.len().max(1)).map(|i| format!("${}", i + 2)).collect();
    let templates = Part::new(
        format!(
            "SELECT t.notice, t.lang, t.subject, t.body FROM notice_templates t WHERE t.notice IN ({})",
            wanted.join(", ")
        ),
        "t.lang",
    )
    .aggregate(backend)?;
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.receipt_no, c.kind, c.name, c.phone, c.email, c.consent_sms, c.consent_email, \
         c.lang, c.received_at, c.due_at, c.content, f.name_ko AS facility_name, d.name AS department_name, \
         {co} AS co, {templates} AS templates, {merged} AS merged \
         FROM cases c LEFT JOIN facilities f ON f.code = c.facility LEFT JOIN departments d ON d.id = c.department_id \
         WHERE c.id = $1"
    )))
    .bind(case_id);
    if notices.is_empty() {
        q = q.bind("");
    }
    for notice in notices {
        q = q.bind(notice.as_str());
    }
    let c: FactsRow = q.fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    let person = |(name, phone, email, sms, mail): (Option<String>, Option<String>, Option<String>, i64, i64)| {
        Ok(Person { name, phone, email, sms: sms != 0, mail: mail != 0 })
    };
    Ok(NoticeFacts {
        kind: c.kind.parse().map_err(|_| StoreError::Corrupt(format!("case {case_id} kind")))?,
        lang: c.lang.parse().unwrap_or_default(),
        complainant: person((c.name, c.phone, c.email, c.consent_sms, c.consent_email))?,
        co: rows(&c.co, person)?,
        received_at: time(c.received_at)?,
        due_at: time(c.due_at)?,
        receipt_no: c.receipt_no,
        content: c.content,
        facility: c.facility_name,
        department: c.department_name,
        templates: rows(&c.templates, |row: (String, String, String, String)| Ok(row))?,
        merged: rows(&c.merged, |(id,): (i64,)| Ok(id))?,
    })
}

/// Queues composed messages about case `case_id` with their link tokens, in two statements;
/// returns how many messages were new.
pub(super) async fn queue(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    composed: &Composed,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    insert_tokens(tx, case_id, &composed.tokens, at).await?;
    insert_messages(tx, case_id, &composed.messages, at).await
}

/// Stores the link tokens of a batch's messages, as hashes, in one statement.
async fn insert_tokens(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    tokens: &[NewToken],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if tokens.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO case_tokens (token_hash, case_id, purpose, created_at, expires_at) VALUES {}",
        placeholders(tokens.len(), 5)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for t in tokens {
        q = q.bind(crate::auth::token_hash(&t.token)).bind(case_id).bind(t.purpose.as_str()).bind(secs(at));
        q = q.bind(t.expires_at.map(secs));
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Queues a batch's messages in one statement; returns how many were new (a message whose
/// dedupe key is already in the outbox is not queued again).
async fn insert_messages(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    messages: &[Message],
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    if messages.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "INSERT INTO outbox (message_id, dedupe_key, case_id, notice, channel, recipient, lang, subject, body, \
         created_at, link_tokens) VALUES {} ON CONFLICT (dedupe_key) DO NOTHING",
        placeholders(messages.len(), 11)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for m in messages {
        q = q.bind(crate::auth::random_token()).bind(&m.dedupe_key).bind(case_id).bind(m.notice.as_str());
        q = q.bind(m.channel.as_str()).bind(&m.recipient).bind(m.lang.as_str()).bind(&m.subject).bind(&m.body);
        q = q.bind(secs(at)).bind(&m.link_tokens);
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// Blanks the link tokens of messages that will not be sent again from their stored copy:
/// from then on the database holds no usable link, only its hash.
pub(super) async fn scrub_links(tx: &mut Transaction<'static, Any>, ids: &[i64]) -> StoreResult<()> {
    for id in ids {
        let tokens: Option<Option<String>> = sqlx::query_scalar("SELECT link_tokens FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        let Some(Some(tokens)) = tokens else { continue };
        for token in tokens.split_whitespace() {
            sqlx::query(
                "UPDATE outbox SET body = replace(body, $1, $2), subject = replace(subject, $1, $2) WHERE id = $3",
            )
            .bind(token)
            .bind(SCRUBBED)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query("UPDATE outbox SET link_tokens = NULL WHERE id = $1").bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// What stands in a sent message's stored copy where its link's token was.
pub const SCRUBBED: &str = "••••";

/// Holds back the receipt notices of a new case to every recipient that has had `cap`
/// receipts already in the 24 hours before `at`: they stay on record as withheld, with
/// `reason`, and are never sent. The case itself is filed as usual.
pub(super) async fn withhold_receipts_over_cap(
    tx: &mut Transaction<'static, Any>,
    case_id: i64,
    (cap, reason): (i64, &str),
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    // Each withheld message, and whether it holds link tokens to scrub.
    let withheld: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE outbox SET state = 'withheld', last_error = $1 \
         WHERE case_id = $2 AND notice = 'receipt' AND state = 'pending' AND $3 <= \
           (SELECT count(*) FROM outbox o WHERE o.notice = 'receipt' AND o.recipient = outbox.recipient \
            AND o.channel = outbox.channel AND o.created_at >= $4 AND o.id <> outbox.id AND o.state <> 'withheld') \
         RETURNING id, CASE WHEN link_tokens IS NULL THEN 0 ELSE 1 END",
    )
    .bind(reason)
    .bind(case_id)
    .bind(cap)
    .bind(secs(at) - 86_400)
    .fetch_all(&mut **tx)
    .await?;
    let linked: Vec<i64> = withheld.iter().filter(|(_, links)| *links == 1).map(|(id, _)| *id).collect();
    scrub_links(tx, &linked).await?;
    Ok(withheld.len() as u64)
}

#[derive(FromRow, serde::Deserialize)]
pub(super) struct NoticeRow {
    id: i64,
    message_id: String,
    case_id: Option<i64>,
    receipt_no: Option<String>,
    notice: String,
    channel: String,
    recipient: String,
    subject: String,
    state: String,
    attempts: i64,
    last_error: Option<String>,
    created_at: i64,
    sent_at: Option<i64>,
}

const NOTICE_COLUMNS: &str = "o.id, o.message_id, o.case_id, c.receipt_no, o.notice, o.channel, o.recipient, \
     o.subject, o.state, o.attempts, o.last_error, o.created_at, o.sent_at \
     FROM outbox o LEFT JOIN cases c ON c.id = o.case_id";

/// The notices of a case, oldest first.
pub(super) fn notices() -> Part {
    Part::new(format!("SELECT {NOTICE_COLUMNS} WHERE o.case_id = $1"), "o.id")
}

pub(super) fn notice(row: NoticeRow) -> StoreResult<NoticeRecord> {
    NoticeRecord::try_from(row)
}

/// A case's extension proposals, latest first (the view reads the latest).
pub(super) fn proposals() -> Part {
    Part::new(
        "SELECT id, reason, due_date, proposed_by, proposed_at, answer, answered_at FROM extension_proposals \
         WHERE case_id = $1",
        "id DESC",
    )
}

type ProposalRow = (i64, String, String, String, i64, Option<String>, Option<i64>);

pub(super) fn proposal(
    (pid, reason, due, by, at, answer, answered_at): ProposalRow,
) -> StoreResult<crate::store::ProposalRecord> {
    Ok(crate::store::ProposalRecord {
        id: pid,
        reason,
        due_date: due.parse().map_err(|_| StoreError::Corrupt(format!("proposal due {due}")))?,
        proposed_by: by,
        proposed_at: time(at)?,
        answer,
        answered_at: answered_at.map(time).transpose()?,
    })
}

/// A case's deadline extensions, in the order made.
pub(super) fn extensions() -> Part {
    Part::new(
        "SELECT at, by_user, reason, old_due_at, new_due_at, consent_via, consent_at FROM case_extensions \
         WHERE case_id = $1",
        "at, id",
    )
}

type ExtensionRow = (i64, String, String, i64, i64, Option<String>, Option<i64>);

pub(super) fn extension((at, by, reason, old, new, via, consent_at): ExtensionRow) -> StoreResult<ExtensionRecord> {
    let consent = match (via, consent_at) {
        (Some(v), Some(t)) => {
            Some((v.parse().map_err(|_| StoreError::Corrupt(format!("extension consent {v}")))?, time(t)?))
        }
        _ => None,
    };
    Ok(ExtensionRecord { at: time(at)?, by, reason, old_due_at: time(old)?, new_due_at: time(new)?, consent })
}

impl TryFrom<NoticeRow> for NoticeRecord {
    type Error = StoreError;
    fn try_from(r: NoticeRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("outbox {} {what}", r.id));
        Ok(NoticeRecord {
            notice: r.notice.parse().map_err(|_| corrupt("notice"))?,
            channel: r.channel.parse().map_err(|_| corrupt("channel"))?,
            state: r.state.parse().map_err(|_| corrupt("state"))?,
            id: r.id,
            message_id: r.message_id,
            case_id: r.case_id,
            receipt_no: r.receipt_no,
            recipient: r.recipient,
            subject: r.subject,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: time(r.created_at)?,
            sent_at: r.sent_at.map(time).transpose()?,
        })
    }
}

#[derive(FromRow)]
struct ClaimRow {
    id: i64,
    message_id: String,
    notice: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
    attachment_name: Option<String>,
    attachment: Option<Vec<u8>>,
}

#[async_trait]
impl OutboxStore for SqlStore {
    async fn claim_outbox(
        &self,
        channels: &[NoticeChannel],
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>> {
        if channels.is_empty() {
            return Ok(Vec::new());
        }
        // Channel names are fixed identifiers, never user input.
        let list = channels.iter().map(|c| format!("'{}'", c.as_str())).collect::<Vec<_>>().join(", ");
        // PostgreSQL: several instances claim at once; SKIP LOCKED hands each row to one.
        // SQLite: one writer at a time, so the UPDATE alone is the claim.
        let lock = if self.backend == Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let sql = format!(
            "UPDATE outbox SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND channel IN ({list}) \
             AND next_attempt_at <= $3 AND locked_until <= $3 \
             ORDER BY CASE notice WHEN 'receipt' THEN 1 ELSE 0 END, id LIMIT $4{lock}) \
             RETURNING id, message_id, notice, channel, recipient, subject, body, attempts, attachment_name, attachment"
        );
        let rows: Vec<ClaimRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(secs(now + lease))
            .bind(worker)
            .bind(secs(now))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut out = rows
            .into_iter()
            .map(|r| {
                let corrupt = |w: &str| StoreError::Corrupt(format!("outbox {} {w}", r.id));
                Ok(OutboxMessage {
                    notice: r.notice.parse().map_err(|_| corrupt("notice"))?,
                    channel: r.channel.parse().map_err(|_| corrupt("channel"))?,
                    id: r.id,
                    message_id: r.message_id,
                    recipient: r.recipient,
                    subject: r.subject,
                    body: r.body,
                    attempts: r.attempts,
                    attachment: r.attachment_name.zip(r.attachment),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        out.sort_by_key(|m| m.id);
        Ok(out)
    }

    async fn finish_delivery(&self, id: i64, worker: &str, outcome: &Delivery, now: DateTime<Utc>) -> StoreResult<()> {
        let q = match outcome {
            Delivery::Sent => sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = $3, last_error = NULL, locked_until = 0 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'pending'",
            )
            .bind(id)
            .bind(worker)
            .bind(secs(now)),
            Delivery::Retry { error, at } => sqlx::query(
                "UPDATE outbox SET next_attempt_at = $3, last_error = $4, locked_until = 0 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'pending'",
            )
            .bind(id)
            .bind(worker)
            .bind(secs(*at))
            .bind(error),
            Delivery::Dead { error } => sqlx::query(
                "UPDATE outbox SET state = 'dead', last_error = $3, locked_until = 0 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'pending'",
            )
            .bind(id)
            .bind(worker)
            .bind(error),
        };
        if matches!(outcome, Delivery::Sent) {
            // A dead letter keeps its link: an administrator may send it again.
            let mut tx = self.write().await?;
            q.execute(&mut *tx).await?;
            scrub_links(&mut tx, &[id]).await?;
            tx.commit().await?;
        } else {
            q.execute(&self.pool).await?;
        }
        Ok(())
    }

    async fn case_notices(&self, case_id: i64) -> StoreResult<Vec<NoticeRecord>> {
        rows(&self.part_json(&notices(), case_id).await?, notice)
    }

    async fn notices_in_state(&self, state: DeliveryState, limit: i64) -> StoreResult<Vec<NoticeRecord>> {
        let rows: Vec<NoticeRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {NOTICE_COLUMNS} WHERE o.state = $1 ORDER BY o.id DESC LIMIT $2"
        )))
        .bind(state.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(NoticeRecord::try_from).collect()
    }

    async fn outbox_depth(&self) -> StoreResult<Vec<OutboxDepth>> {
        let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT channel, state, count(*), min(created_at) FROM outbox GROUP BY channel, state ORDER BY channel, state",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(channel, state, count, oldest)| {
                let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("outbox {what} {v:?}"));
                Ok(OutboxDepth {
                    channel: channel.parse().map_err(|_| corrupt("channel", &channel))?,
                    state: state.parse().map_err(|_| corrupt("state", &state))?,
                    count,
                    oldest: oldest.map(time).transpose()?,
                })
            })
            .collect()
    }

    async fn sms_counts(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> StoreResult<(i64, i64)> {
        let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE channel = 'sms' AND sent_at >= $1")
            .bind(secs(since))
            .fetch_one(&self.pool)
            .await?;
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE channel = 'sms' AND state = 'pending' AND next_attempt_at <= $1",
        )
        .bind(secs(now))
        .fetch_one(&self.pool)
        .await?;
        Ok((sent, waiting))
    }

    async fn notice_wording(&self, notice: NoticeKind, lang: Lang) -> StoreResult<(String, String)> {
        let own: Option<(String, String)> =
            sqlx::query_as("SELECT subject, body FROM notice_templates WHERE notice = $1 AND lang = $2")
                .bind(notice.as_str())
                .bind(lang.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(compose::wording(own, notice, lang))
    }

    async fn queue_alerts(
        &self,
        messages: &[Message],
        attachment: Option<(&str, &[u8])>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let mut new = 0;
        for m in messages {
            let r = sqlx::query(
                "INSERT INTO outbox (message_id, dedupe_key, case_id, notice, channel, recipient, lang, subject, body, \
                 created_at, attachment_name, attachment) VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(crate::auth::random_token())
            .bind(&m.dedupe_key)
            .bind(m.notice.as_str())
            .bind(m.channel.as_str())
            .bind(&m.recipient)
            .bind(m.lang.as_str())
            .bind(&m.subject)
            .bind(&m.body)
            .bind(secs(at))
            .bind(attachment.map(|(name, _)| name.to_owned()))
            .bind(attachment.map(|(_, bytes)| bytes.to_vec()))
            .execute(&mut *tx)
            .await?;
            new += r.rows_affected();
        }
        tx.commit().await?;
        Ok(new)
    }

    async fn alert_enqueued(&self, notice: NoticeKind, key: &str, recipient: &str) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE dedupe_key = $1")
            .bind(compose::alert_key(notice, key, recipient))
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    async fn retry_notice(&self, id: i64) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0, locked_until = 0 \
             WHERE id = $1 AND state = 'dead'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn templates(&self) -> StoreResult<Vec<TemplateRecord>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(String, String, String, String, i64, String)> =
            sqlx::query_as("SELECT notice, lang, subject, body, updated_at, updated_by FROM notice_templates")
                .fetch_all(&self.pool)
                .await?;
        let mut out = Vec::new();
        for notice in NoticeKind::ALL {
            for lang in Lang::ALL {
                let edited = rows.iter().find(|r| r.0 == notice.as_str() && r.1 == lang.as_str());
                out.push(match edited {
                    Some((_, _, subject, body, at, by)) => TemplateRecord {
                        notice,
                        lang,
                        subject: subject.clone(),
                        body: body.clone(),
                        customized: true,
                        updated_at: Some(time(*at)?),
                        updated_by: Some(by.clone()),
                    },
                    None => {
                        let (subject, body) = notice.default_template(lang);
                        TemplateRecord {
                            notice,
                            lang,
                            subject: subject.into(),
                            body: body.into(),
                            customized: false,
                            updated_at: None,
                            updated_by: None,
                        }
                    }
                });
            }
        }
        Ok(out)
    }

    async fn put_template(&self, t: &TemplateRecord, by: &User, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO notice_templates (notice, lang, subject, body, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (notice, lang) DO UPDATE SET subject = excluded.subject, \
             body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(t.notice.as_str())
        .bind(t.lang.as_str())
        .bind(&t.subject)
        .bind(&t.body)
        .bind(secs(at))
        .bind(&by.username)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn reset_template(&self, notice: NoticeKind, lang: Lang) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM notice_templates WHERE notice = $1 AND lang = $2")
            .bind(notice.as_str())
            .bind(lang.as_str())
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    async fn extension_proposal(&self, id: i64) -> StoreResult<Option<crate::store::ProposalRecord>> {
        first(&self.part_json(&proposals(), id).await?, proposal)
    }

    async fn case_extensions(&self, id: i64) -> StoreResult<Vec<ExtensionRecord>> {
        rows(&self.part_json(&extensions(), id).await?, extension)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn notice_rows_read_the_columns_in_order() {
        super::super::parts::fields::check::<super::NoticeRow>(&super::notices());
    }
}
