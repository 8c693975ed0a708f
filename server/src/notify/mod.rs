//! Delivery of queued notices, and the deadline sweep that queues staff alerts.
//!
//! The store writes every notice into the outbox inside the transaction of its cause. Here a
//! worker per instance claims due messages under a lease, sends them, and records the outcome:
//! sent, retry later (exponential backoff), or dead (a permanent refusal, or too many
//! attempts) for an administrator to retry. A crash between "sent" and its record means the
//! message goes again after the lease ends, with the same message id.

pub mod compose;
pub mod mail;
pub mod sms;

use futures::StreamExt;
use std::sync::Arc;

use app::domain::{NoticeChannel, NoticeKind, Role};
use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use crate::Clock;
use crate::config::NotifyConfig;
use crate::store::{Delivery, OutboxMessage, Store};

pub use mail::{MailSetupError, Mailer};
pub use sms::SmsGateway;

/// Why one attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth another try (connection refused, timeout, 4xx SMTP reply, gateway 5xx).
    Transient(String),
    /// Will fail the same way every time (bad address, 5xx SMTP reply, gateway 4xx).
    Permanent(String),
}

/// The configured ways out.
pub struct Transports {
    pub mail: Option<Mailer>,
    pub sms: Option<SmsGateway>,
}

impl Transports {
    pub fn from_config(c: &NotifyConfig) -> Result<Self, MailSetupError> {
        Ok(Self {
            mail: c.smtp_url.as_deref().map(|url| Mailer::new(url, &c.mail_from)).transpose()?,
            sms: c.sms.clone().map(SmsGateway::new),
        })
    }

    /// The channels this instance can deliver; messages on others wait in the outbox.
    pub fn channels(&self) -> Vec<NoticeChannel> {
        let mut c = Vec::new();
        if self.mail.is_some() {
            c.push(NoticeChannel::Email);
        }
        if self.sms.is_some() {
            c.push(NoticeChannel::Sms);
        }
        c
    }

    async fn send(&self, m: &OutboxMessage) -> Result<(), Failure> {
        match (m.channel, &self.mail, &self.sms) {
            (NoticeChannel::Email, Some(mail), _) => mail.send(m).await,
            (NoticeChannel::Sms, _, Some(sms)) => sms.send(m).await,
            _ => Err(Failure::Transient("no transport configured for this channel".into())),
        }
    }
}

/// The wait before attempt `attempts + 1`: `base`, doubled per attempt, at most an hour.
pub fn backoff(base_ms: i64, attempts: i64) -> chrono::Duration {
    let exp = u32::try_from((attempts - 1).clamp(0, 20)).unwrap_or(20);
    let ms = base_ms.saturating_mul(1i64 << exp).min(3_600_000);
    chrono::Duration::milliseconds(ms)
}

/// What to record after an attempt.
pub fn outcome(result: Result<(), Failure>, attempts: i64, config: &NotifyConfig, now: DateTime<Utc>) -> Delivery {
    match result {
        Ok(()) => Delivery::Sent,
        Err(Failure::Permanent(error)) => Delivery::Dead { error },
        Err(Failure::Transient(error)) if attempts >= config.max_attempts => {
            Delivery::Dead { error: format!("{error} (after {attempts} attempts)") }
        }
        Err(Failure::Transient(error)) => Delivery::Retry { error, at: now + backoff(config.backoff_ms, attempts) },
    }
}

/// Messages one worker sends at the same time.
const SENDS_AT_ONCE: usize = 8;

/// How many text messages may still go this hour (`VOC_SMS_PER_HOUR` less those sent in the
/// last hour). At the ceiling, with messages waiting, administrators are told — once an hour.
async fn sms_room(store: &dyn Store, config: &NotifyConfig) -> i64 {
    let now = Utc::now();
    let (sent, waiting) = match store.sms_counts(now - chrono::Duration::hours(1), now).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "outbox: SMS count failed; holding text messages");
            return 0;
        }
    };
    let room = (config.sms_per_hour - sent).max(0);
    if room == 0 && waiting > 0 {
        tracing::warn!(sent, waiting, limit = config.sms_per_hour, "SMS ceiling reached; text messages wait");
        let admins: Vec<String> = match store.users().await {
            Ok(users) => {
                users.into_iter().filter(|u| u.active && u.role == Role::Admin).filter_map(|u| u.email).collect()
            }
            Err(_) => Vec::new(),
        };
        let until = app::domain::to_seoul(now + chrono::Duration::hours(1)).format("%H:%M").to_string();
        let values = [("limit", config.sms_per_hour.to_string()), ("held", waiting.to_string()), ("until", until)];
        let hour = now.timestamp() / 3600;
        if let Err(e) = alert(store, NoticeKind::SmsCeiling, &hour.to_string(), &values, &admins, now).await {
            tracing::warn!(error = %e, "outbox: SMS ceiling alert not queued");
        }
    }
    room
}

/// Claims and delivers due messages until none are left, results, alerts and reminders
/// before receipts (a flood of filings cannot hold back an answer); returns how many were
/// attempted.
pub async fn drain(store: &dyn Store, transports: &Transports, config: &NotifyConfig, worker: &str) -> usize {
    const BATCH: i64 = 20;
    let channels = transports.channels();
    let mut attempted = 0;
    loop {
        let lease = chrono::Duration::seconds(config.lease_secs);
        // Text messages are claimed apart, never more than the hourly ceiling leaves.
        let sms_room = if channels.contains(&NoticeChannel::Sms) { sms_room(store, config).await } else { 0 };
        let other: Vec<NoticeChannel> = channels.iter().copied().filter(|c| *c != NoticeChannel::Sms).collect();
        let claimed = async {
            let mut batch = store.claim_outbox(&other, worker, Utc::now(), lease, BATCH).await?;
            if sms_room > 0 {
                let room = BATCH.min(sms_room);
                batch.extend(store.claim_outbox(&[NoticeChannel::Sms], worker, Utc::now(), lease, room).await?);
            }
            Ok::<_, crate::store::StoreError>(batch)
        };
        let batch = match claimed.await {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!(error = %e, "outbox: claim failed");
                return attempted;
            }
        };
        let n = batch.len();
        // Several at once: one slow gateway answer does not hold the rest of the batch.
        futures::stream::iter(batch)
            .for_each_concurrent(SENDS_AT_ONCE, |m| async move {
                let result = transports.send(&m).await;
                if let Err(e) = &result {
                    tracing::info!(id = m.id, notice = %m.notice, attempts = m.attempts, error = ?e, "outbox: not delivered");
                }
                let outcome = outcome(result, m.attempts, config, Utc::now());
                if let Err(e) = store.finish_delivery(m.id, worker, &outcome, Utc::now()).await {
                    // The lease runs out and the message goes again: late, never lost.
                    tracing::warn!(id = m.id, error = %e, "outbox: could not record the attempt");
                }
            })
            .await;
        attempted += n;
        if n < usize::try_from(BATCH).unwrap_or(20) {
            return attempted;
        }
    }
}

/// Starts the delivery worker of this instance.
pub fn spawn_worker(
    store: Arc<dyn Store>,
    transports: Transports,
    config: NotifyConfig,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let worker = format!("{}-{}", std::process::id(), &crate::auth::random_token()[..8]);
    tokio::spawn(async move {
        tracing::info!(worker, channels = ?transports.channels(), "outbox worker started");
        loop {
            drain(store.as_ref(), &transports, &config, &worker).await;
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(config.poll) => {}
            }
        }
    })
}

/// Queues due-soon and overdue alerts for open cases to their handler and the VOC managers,
/// each once per deadline (a moved deadline may alert again), and the reminders of
/// unanswered material requests, unreported improvement requests and CCM follow-ups.
/// Returns how many.
pub async fn sweep_deadlines(
    store: &dyn Store,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<u64, crate::store::StoreError> {
    let base = public_url.trim_end_matches('/');
    let calendar = store.calendar().await?;
    let staff = store.users().await?;
    let mut queued = 0;
    for case in store.open_cases().await? {
        let clock = calendar.clock(case.received_at, case.budget, &case.engine_pauses(), now);
        if clock.paused {
            continue;
        }
        let notice = if clock.remaining < 0 {
            NoticeKind::Overdue
        } else if clock.remaining <= case.due_soon_secs {
            NoticeKind::DueSoon
        } else {
            continue;
        };
        let to = emails(&staff, |u| Some(u.id) == case.assignee_id || u.role == Role::VocManager);
        if to.is_empty() {
            continue;
        }
        let key = case.due_at.timestamp().to_string();
        let mut tx = store.change_case(case.id).await?;
        queued += crate::workflow::notices::enqueue(base, &mut tx, notice, &key, &[], &to, now).await?;
        tx.commit_unchanged().await?;
    }
    // Unanswered material requests: the asked department's handlers and head hear once when
    // the due time is near and once more when it has passed.
    for m in store.department_materials(None, now).await? {
        if m.answered_at.is_some() {
            continue;
        }
        let near = calendar.between(now, m.due_at) <= MATERIAL_SOON_SECS;
        let Some(stage) = reminder_stage(m.due_at, now, near) else { continue };
        let to = emails(&staff, |u| {
            matches!(u.role, Role::Handler | Role::DepartmentHead) && u.department_id == Some(m.department_id)
        });
        if !to.is_empty() {
            let extra = [
                ("due_at", app::domain::to_seoul(m.due_at).format("%Y-%m-%d %H:%M").to_string()),
                ("department", m.department_name.clone()),
                ("request", app::domain::mask_personal_data(&m.question, &[]).chars().take(300).collect()),
                // The asked department cannot open the case itself: the link goes to its queue.
                ("case_url", format!("{base}/materials#material-{}", m.id)),
            ];
            let (key, notice) = (format!("{}:{stage}", m.id), NoticeKind::MaterialReminder);
            let mut tx = store.change_case(m.case_id).await?;
            queued += crate::workflow::notices::enqueue(base, &mut tx, notice, &key, &extra, &to, now).await?;
            tx.commit_unchanged().await?;
        }
    }
    // Unreported improvement requests: the asked department's head hears a week before the due
    // day and once it has passed (again for an extended due day); the VOC managers too once late.
    for i in store.improvements(None).await? {
        if i.reported_at.is_some() {
            continue;
        }
        let near = i.due_at - now <= chrono::Duration::days(IMPROVEMENT_SOON_DAYS);
        let Some(stage) = reminder_stage(i.due_at, now, near) else { continue };
        let to = emails(&staff, |u| {
            (u.role == Role::DepartmentHead && u.department_id == Some(i.department_id))
                || (stage == "late" && u.role == Role::VocManager)
        });
        if !to.is_empty() {
            let values = [
                ("title", i.title.clone()),
                ("department", i.department_name.clone()),
                ("due_at", app::domain::improvement_last_day(i.due_at).to_string()),
                ("stage", stage_words(stage).to_owned()),
                ("improvements_url", format!("{base}/improvements#improvement-{}", i.id)),
            ];
            let key = format!("{}:{}:{stage}", i.id, i.due_at.timestamp());
            queued += alert(store, NoticeKind::ImprovementReminder, &key, &values, &to, now).await?;
        }
    }
    // CCM follow-ups not reported: the owning department's head hears a week before the due
    // day and once it has passed; the VOC managers too once late.
    let departments: std::collections::BTreeMap<i64, String> =
        store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect();
    for activity in store.activities().await? {
        for item in activity.items.iter().filter(|i| i.done_at.is_none()) {
            let (Some(owner), Some(due)) = (item.item.owner_department_id, item.item.due_on) else { continue };
            // Due at the end of its day in Seoul.
            let due_at = app::domain::seoul_midnight(due.succ_opt().unwrap_or(due));
            let near = due_at - now <= chrono::Duration::days(ACTION_SOON_DAYS);
            let Some(stage) = reminder_stage(due_at, now, near) else { continue };
            let to = emails(&staff, |u| {
                (u.role == Role::DepartmentHead && u.department_id == Some(owner))
                    || (stage == "late" && u.role == Role::VocManager)
            });
            if !to.is_empty() {
                let department = departments.get(&owner).map_or("", String::as_str);
                let values = [
                    ("topic", item.item.topic.clone()),
                    ("activity", format!("{} ({})", activity.content.title, activity.content.held_on)),
                    ("department", department.to_owned()),
                    ("due_at", due.to_string()),
                    ("stage", stage_words(stage).to_owned()),
                    ("activities_url", format!("{base}/ccm-activities")),
                ];
                let key = format!("{}:{due}:{stage}", item.id);
                queued += alert(store, NoticeKind::ActionReminder, &key, &values, &to, now).await?;
            }
        }
    }
    Ok(queued)
}

/// Where a reminder of something due at `due_at` stands: `late` once past, `soon` when `near`.
fn reminder_stage(due_at: DateTime<Utc>, now: DateTime<Utc>, near: bool) -> Option<&'static str> {
    if due_at <= now {
        Some("late")
    } else if near {
        Some("soon")
    } else {
        None
    }
}

/// How a reminder's notice words its stage.
fn stage_words(stage: &str) -> &'static str {
    if stage == "late" { "기한 경과" } else { "기한 임박" }
}

/// Renders staff alert `notice` about no case (the SMS ceiling, a reminder) with `values` in
/// its Korean wording and queues one e-mail to each of `recipients`, once per `key` each;
/// returns how many were new.
pub async fn alert(
    store: &dyn Store,
    notice: NoticeKind,
    key: &str,
    values: &[(&'static str, String)],
    recipients: &[String],
    now: DateTime<Utc>,
) -> Result<u64, crate::store::StoreError> {
    let wording = store.notice_wording(notice, app::domain::Lang::Ko).await?;
    let messages = compose::staff_alert(notice, key, values, wording, recipients)?;
    store.queue_alerts(&messages, None, now).await
}

/// The e-mail addresses of the active staff `who` picks.
fn emails(staff: &[crate::store::User], who: impl Fn(&crate::store::User) -> bool) -> Vec<String> {
    staff
        .iter()
        .filter(|u| u.active && who(u))
        .filter_map(|u| u.email.clone().filter(|e| !e.trim().is_empty()))
        .collect()
}

/// Days before an improvement request's due day at which its reminder goes out.
pub const IMPROVEMENT_SOON_DAYS: i64 = 7;

/// Days before a CCM follow-up's due day at which its reminder goes out.
pub const ACTION_SOON_DAYS: i64 = 7;

/// Business time before a material request's due time at which its reminder goes out.
pub const MATERIAL_SOON_SECS: i64 = 2 * 3600;

/// Runs [`sweep_deadlines`] every `config.sweep_secs` on the app's clock.
pub fn spawn_sweeper(
    store: Arc<dyn Store>,
    clock: Clock,
    config: NotifyConfig,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(config.sweep_secs.unsigned_abs());
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(every) => {}
            }
            match sweep_deadlines(store.as_ref(), &config.public_url, clock()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "deadline sweep queued alerts"),
                Err(e) => tracing::warn!(error = %e, "deadline sweep failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1000, 1).num_milliseconds(), 1000);
        assert_eq!(backoff(1000, 2).num_milliseconds(), 2000);
        assert_eq!(backoff(1000, 4).num_milliseconds(), 8000);
        assert_eq!(backoff(1000, 30).num_milliseconds(), 3_600_000);
    }

    #[test]
    fn transient_failures_retry_until_the_limit_and_permanent_ones_stop_at_once() {
        let config = NotifyConfig { max_attempts: 3, backoff_ms: 1000, ..NotifyConfig::default() };
        let now = Utc::now();
        let t = || Err(Failure::Transient("down".into()));
        assert!(
            matches!(outcome(t(), 1, &config, now), Delivery::Retry { at, .. } if at == now + chrono::Duration::seconds(1))
        );
        assert!(matches!(outcome(t(), 3, &config, now), Delivery::Dead { .. }));
        assert!(matches!(outcome(Err(Failure::Permanent("550".into())), 1, &config, now), Delivery::Dead { .. }));
        assert_eq!(outcome(Ok(()), 1, &config, now), Delivery::Sent);
    }
}
