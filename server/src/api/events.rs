use app::api::ErrorBody;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use tokio_stream::wrappers::{BroadcastStream, errors::BroadcastStreamRecvError};

use crate::AppState;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::events::BusEvent;

#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    summary = "Server-sent events of case changes",
    security(("session" = [])),
    responses(
        (status = 200, description = "event stream", content_type = "text/event-stream", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 429, description = "`too_many_streams`: this person has five streams open on this instance already", body = ErrorBody)
    )
)]
/// `GET /api/v1/events`: `event: ready` on connect (the client reloads its list, so nothing
/// missed while disconnected is lost), then `event: case` for every change, and `event:
/// material` when a material request to the user's department is made or answered. A client that
/// falls behind, or whose instance lost its database listener, gets another `ready`. The stream ends when the server shuts down.
///
/// A stream lives only as long as its session: it ends within [`SESSION_CHECK`] of sign-out,
/// sign-out everywhere, a disabled account, a password reset or expiry. One person may hold
/// [`MAX_STREAMS_PER_USER`] streams on an instance at once; another is refused with 429.
pub async fn stream(
    State(state): State<AppState>,
    Staff(user): Staff,
    headers: axum::http::HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let slot = StreamSlot::take(&state.open_streams, user.id).ok_or(ApiError::TooManyStreams)?;
    let token_hash = crate::auth::session_token(&headers).map(|t| crate::auth::token_hash(&t)).unwrap_or_default();
    let session_ended = {
        let state = state.clone();
        async move {
            loop {
                tokio::time::sleep(SESSION_CHECK).await;
                match state.store.session_alive(&token_hash, state.now(), state.session_limits).await {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => tracing::warn!(error = %e, "event stream: session check failed"),
                }
            }
        }
    };
    let ready = futures::stream::once(async { Event::default().event("ready").data("{}") });
    // Each officer hears only of cases they may see.
    let sees = move |ev: &BusEvent| match ev {
        BusEvent::Case(ev) => app::domain::can_see_case(
            user.role,
            user.id,
            user.department_id,
            ev.case.department_id,
            ev.case.registered_by,
        ),
        BusEvent::Material(m) => user.role.sees_all() || user.department_id == Some(m.material_department),
        BusEvent::Resync => true,
    };
    let changes = BroadcastStream::new(state.events.subscribe())
        .filter(move |msg| futures::future::ready(msg.as_ref().map_or(true, &sees)))
        .map(|msg| match msg {
            Ok(BusEvent::Case(ev)) => Event::default()
                .event("case")
                .json_data(&ev)
                .unwrap_or_else(|_| Event::default().event("ready").data("{}")),
            Ok(BusEvent::Material(m)) => Event::default()
                .event("material")
                .json_data(m)
                .unwrap_or_else(|_| Event::default().event("ready").data("{}")),
            Ok(BusEvent::Resync) | Err(BroadcastStreamRecvError::Lagged(_)) => {
                Event::default().event("ready").data("{}")
            }
        });
    let stream = ready
        .chain(changes)
        .map(move |ev| {
            let _held = &slot;
            Ok(ev)
        })
        .take_until(state.shutdown.clone().cancelled_owned())
        .take_until(Box::pin(session_ended));
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// How often an open stream asks whether its session still lives.
pub const SESSION_CHECK: Duration = Duration::from_secs(5);
/// Event streams one person may hold open on one instance (a few tabs).
pub const MAX_STREAMS_PER_USER: usize = 5;

/// Open event streams per user on this instance.
pub type OpenStreams = Arc<Mutex<HashMap<i64, usize>>>;

/// One open stream of a user, counted while it lives.
struct StreamSlot {
    open: OpenStreams,
    user: i64,
}

impl StreamSlot {
    fn take(open: &OpenStreams, user: i64) -> Option<Self> {
        let mut map = open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(user).or_default();
        if *n >= MAX_STREAMS_PER_USER {
            return None;
        }
        *n += 1;
        Some(Self { open: open.clone(), user })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut map = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&self.user);
            }
        }
    }
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(stream))
}
