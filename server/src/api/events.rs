use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use tokio_stream::wrappers::{BroadcastStream, errors::BroadcastStreamRecvError};

use crate::AppState;
use crate::auth::Staff;
use crate::events::BusEvent;

/// `GET /api/v1/events`: `event: ready` on connect (the client reloads its list, so nothing
/// missed while disconnected is lost), then `event: case` for every change, and `event:
/// material` when a material request to the user's department is made or answered. A client that
/// falls behind, or whose instance lost its database listener, gets another `ready`. The stream ends when the server shuts down.
pub async fn stream(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
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
    let stream = ready.chain(changes).map(Ok).take_until(state.shutdown.clone().cancelled_owned());
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
