//! Writing the accountability logs from the handlers: [`audit`] after an administration
//! change or a sign-in, [`access`] *before* personal data leaves the server (no record, no
//! disclosure).

use app::domain::{AccessKind, AuditAction};
use serde_json::Value;

use crate::AppState;
use crate::store::{NewAccess, NewAudit, StoreResult, User};

/// Records who did `action` to `target` from `address`, with the state before and after.
pub async fn audit(
    state: &AppState,
    actor: &str,
    address: &str,
    action: AuditAction,
    target: impl Into<String>,
    before: Option<Value>,
    after: Option<Value>,
) -> StoreResult<()> {
    state
        .store
        .append_audit(&NewAudit {
            at: state.now(),
            actor: actor.to_owned(),
            address: address.to_owned(),
            action,
            target: target.into(),
            before: before.map(|v| v.to_string()),
            after: after.map(|v| v.to_string()),
        })
        .await
}

/// Records that `user` is about to see personal data: `what`, of which case, and `detail`,
/// for the purpose `what` names by default.
pub async fn access(
    state: &AppState,
    user: &User,
    address: &str,
    case_id: Option<i64>,
    what: AccessKind,
    detail: impl Into<String>,
) -> StoreResult<()> {
    access_for(state, user, address, case_id, what, what.default_purpose(), detail).await
}

/// [`access`] for the `purpose` the person stated.
pub async fn access_for(
    state: &AppState,
    user: &User,
    address: &str,
    case_id: Option<i64>,
    what: AccessKind,
    purpose: &str,
    detail: impl Into<String>,
) -> StoreResult<()> {
    state
        .store
        .append_access(&NewAccess {
            at: state.now(),
            user_id: user.id,
            username: user.username.clone(),
            address: address.to_owned(),
            case_id,
            what,
            purpose: purpose.to_owned(),
            detail: detail.into(),
        })
        .await
}
