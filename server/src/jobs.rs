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
        match state.store.deem_withdrawn(id, now).await {
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

/// Runs [`deem_unreachable_withdrawn`], the purge of uploads never filed with a case and of
/// spent throttle counters every `every_secs` until shutdown.
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
            // Throttle windows last an hour at most; a day-old one counts for nothing.
            if let Err(e) = state.store.purge_counters(state.now().timestamp() - 86_400).await {
                tracing::warn!(error = %e, "throttle counter purge failed");
            }
        }
    })
}
