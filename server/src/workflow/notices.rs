//! The notices a step causes: rendered (`crate::notify::compose`) from the case's facts read
//! in the step's own transaction and queued in it, so they go out if and only if the change
//! commits. The store only reads the facts and writes the rows.

use app::domain::{Decision, NoticeKind, ValidAnswer, to_seoul};
use chrono::{DateTime, Utc};

use crate::AppState;
use crate::notify::compose::{self, Links, Queued};
use crate::store::{CaseTx, StoreResult};

/// Queues `notice` about the transaction's case: to its complainants, or to the `staff`
/// addresses for a staff notice; `key` tells repeats of the same notice apart and `extra`
/// holds the values only it prints; its links point at `public_url`. Returns how many
/// messages were new.
pub async fn enqueue(
    public_url: &str,
    tx: &mut CaseTx,
    notice: NoticeKind,
    key: &str,
    extra: &[(&'static str, String)],
    staff: &[String],
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    let links = Links { public_url, survey_until: None };
    let id = tx.id();
    Ok(queue(tx, links, id, &[Queued { notice, key, extra }], staff, at).await?.0)
}

/// The result notice of the case's answer `id` (just approved or given) and, once per case,
/// the survey invitation, whose link works for the configured days. The complainants of
/// duplicates merged into the case hear the same result and get their own invitation.
pub async fn enqueue_result(
    state: &AppState,
    tx: &mut CaseTx,
    (id, decision, answer): (i64, Decision, &ValidAnswer),
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let extra = [
        ("decision", decision.ko().to_owned()),
        ("result", answer.result.clone()),
        ("basis", answer.basis.clone()),
        ("appeal", answer.appeal.clone()),
    ];
    let expires = at + chrono::Duration::days(state.survey_days);
    let invite = [("expires_at", to_seoul(expires).format("%Y-%m-%d").to_string())];
    let key = id.to_string();
    let batch = [
        Queued { notice: NoticeKind::Result, key: &key, extra: &extra },
        Queued { notice: NoticeKind::SurveyInvite, key: "", extra: &invite },
    ];
    let links = Links { public_url: &state.public_url, survey_until: Some(expires) };
    let case = tx.id();
    let (_, merged) = queue(tx, links, case, &batch, &[], at).await?;
    for duplicate in merged {
        queue(tx, links, duplicate, &batch, &[], at).await?;
    }
    Ok(())
}

/// Reads case `case`'s facts (with every wording `batch` needs), renders `batch` and queues it:
/// three statements whatever the batch holds. Returns how many messages were new, and the
/// duplicates merged into the case.
async fn queue(
    tx: &mut CaseTx,
    links: Links<'_>,
    case: i64,
    batch: &[Queued<'_>],
    staff: &[String],
    at: DateTime<Utc>,
) -> StoreResult<(u64, Vec<i64>)> {
    let notices: Vec<NoticeKind> = batch.iter().map(|q| q.notice).collect();
    let facts = tx.notice_facts(case, &notices).await?;
    let composed = compose::case_notices(links, case, &facts, batch, staff)?;
    Ok((tx.queue(case, &composed, at).await?, facts.merged))
}
