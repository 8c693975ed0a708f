//! Scheduled lifecycle steps that no person triggers: closing the cases of unreachable
//! complainants as deemed withdrawn once their deadline has passed (SPEC lifecycle 7).

use tokio_util::sync::CancellationToken;

use crate::AppState;
use crate::store::{StoreError, StoreResult};

/// Closes every open, unpaused case marked unreachable whose deadline has passed at the app's
/// "now"; tells the queues. Returns how many.
pub async fn deem_unreachable_withdrawn(state: &AppState) -> StoreResult<u64> {
    let now = state.now();
    let mut closed = 0;
    for id in state.store.unreachable_past_due(now).await? {
        // Another instance may close the same case at the same moment; its status check then
        // fails here, which is no reason to skip the cases after it.
        match crate::workflow::scheduled::deem_withdrawn(state, id).await {
            Ok(Some(case)) => {
                tracing::info!(receipt_no = %case.receipt_no, "unreachable complainant: deemed withdrawn");
                state.publish("closed", &case).await;
                closed += 1;
            }
            Ok(None) | Err(StoreError::InvalidTransition { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(closed)
}

/// Runs [`deem_unreachable_withdrawn`], the retention purges (cases, panel members), the periodic report mail
/// ([`crate::report_mail`]), and the purges of uploads never
/// filed with a case, idempotency keys older than a day and spent throttle counters every
/// `every_secs` until shutdown.
pub fn spawn(state: AppState, every_secs: i64, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(every_secs.unsigned_abs());
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(every) => {}
            }
            if let Err(e) = deem_unreachable_withdrawn(&state).await {
                tracing::warn!(error = %e, "deemed-withdrawal sweep failed");
            }
            match state.store.purge_unlinked_uploads(state.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(uploads = n, "purged uploads never filed with a case"),
                Err(e) => tracing::warn!(error = %e, "upload purge failed"),
            }
            if let Err(e) = crate::workflow::retention::purge(&state, "system").await {
                tracing::warn!(error = %e, "retention purge failed");
            }
            if let Err(e) = purge_panel_members(&state).await {
                tracing::warn!(error = %e, "panel member purge failed");
            }
            if let Err(e) = state.store.purge_idempotency_keys(state.now() - chrono::Duration::hours(24)).await {
                tracing::warn!(error = %e, "idempotency key purge failed");
            }
            // An expired survey link answers "the survey closed" for 30 days, then nothing.
            if let Err(e) = state.store.purge_expired_tokens(state.now() - chrono::Duration::days(30)).await {
                tracing::warn!(error = %e, "expired link purge failed");
            }
            if let Err(e) = crate::report_mail::send_due(&state).await {
                tracing::warn!(error = %e, "periodic report mail failed");
            }
            // Throttle windows last an hour at most; a day-old one counts for nothing.
            if let Err(e) = state.store.purge_counters(state.now().timestamp() - 86_400).await {
                tracing::warn!(error = %e, "throttle counter purge failed");
            }
        }
    })
}

/// The retention sweep: the name and contacts of members whose term ended more than
/// [`app::domain::KEPT_AFTER_TERM_DAYS`] ago are destroyed, and the audit log says how many.
pub async fn purge_panel_members(state: &AppState) -> StoreResult<u64> {
    let today = app::domain::to_seoul(state.now()).date_naive();
    let ended_before = today - chrono::Duration::days(app::domain::KEPT_AFTER_TERM_DAYS);
    let n = state.store.purge_members(ended_before, state.now()).await?;
    if n > 0 {
        tracing::info!(members = n, "panel members' personal data destroyed after the retention period");
        crate::trail::audit(
            state,
            "system",
            "-",
            app::domain::AuditAction::PanelMembersPurged,
            "panel_members",
            None,
            Some(serde_json::json!({ "members": n, "term_ended_before": ended_before })),
        )
        .await?;
    }
    Ok(n)
}
