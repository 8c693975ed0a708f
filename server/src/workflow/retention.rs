//! The retention purge (개인정보 파기): the personal data of cases closed longer ago than the
//! retention period are destroyed, 500 cases a transaction; the anonymised case, who did what
//! when, and the report figures stay. Run by the daily job and, by hand, by an administrator.

use app::domain::{HistoryAction, PURGED_TEXT, mask_personal_data};
use chrono::{DateTime, Utc};

use crate::AppState;
use crate::store::{PurgeRun, StoreResult};

/// Cases done in one transaction at most; the next takes the rest.
const BATCH: i64 = 500;

/// Cases closed before this instant have outlived the retention period (`VOC_RETENTION_YEARS`
/// calendar years before now, the period the privacy notice names).
pub fn cutoff(state: &AppState) -> DateTime<Utc> {
    let now = state.now();
    let months = u32::try_from(state.retention_years.saturating_mul(12)).unwrap_or(u32::MAX);
    now.checked_sub_months(chrono::Months::new(months)).unwrap_or(now)
}

/// Destroys the personal data of every case past the retention period; returns how many
/// cases. Bounded: a backlog of years is worked off over several runs, not in one long one.
#[tracing::instrument(skip(state))]
pub async fn purge(state: &AppState, by: &str) -> StoreResult<i64> {
    let mut purged = 0;
    for _ in 0..20 {
        match purge_batch(state, by).await? {
            Some(run) => {
                tracing::info!(cases = run.cases, by, "personal data past the retention period destroyed");
                purged += run.cases;
            }
            None => break,
        }
    }
    Ok(purged)
}

/// One transaction: up to [`BATCH`] due cases lose their complainant's name, contacts,
/// address, content, supplements and files; what staff wrote about them keeps its words with
/// the complainant's name, contacts and file names masked; each case's history says so, and
/// the run is on record. `None` when nothing was due.
async fn purge_batch(state: &AppState, by: &str) -> StoreResult<Option<PurgeRun>> {
    let (before, at) = (cutoff(state), state.now());
    let days = (at - before).num_days();
    let mut tx = state.store.start_purge().await?;
    let due = tx.due(before, BATCH).await?;
    if due.is_empty() {
        return Ok(None);
    }
    let detail = format!("보존기간 {days}일 경과");
    for case in &due {
        let known: Vec<&str> = [&case.name, &case.phone, &case.email]
            .into_iter()
            .flatten()
            .chain(&case.files)
            .map(String::as_str)
            .collect();
        let mask = |text: &str| mask_personal_data(text, &known);
        if tx.destroy(case, before, PURGED_TEXT, &mask, at).await? {
            tx.history(case.id, at, by, HistoryAction::PersonalDataDestroyed, &detail).await?;
        }
    }
    Ok(Some(tx.commit(&due, days, by, at).await?))
}
