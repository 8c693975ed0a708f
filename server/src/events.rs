//! Case events between the store and every open queue.
//!
//! With SQLite there is one instance: a change goes straight onto the local broadcast
//! channel. With PostgreSQL a change is sent with NOTIFY after its transaction committed, and
//! every instance (the sender too) hears it through its own LISTEN connection and passes it
//! to its streams. When that connection drops, the listener reconnects and tells its streams
//! to resync (`event: ready`), so that a queue reloads and misses nothing.
//!
//! The same channel tells every instance that the calendar or deadline policies changed
//! ([`CONFIG_CHANGED`]), so that none keeps using its old copy.

use std::time::Duration;

use app::api::CaseEvent;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::AppState;
use crate::store::{CONFIG_CHANGED, EVENTS_CHANNEL};

#[derive(Debug, Clone)]
pub enum BusEvent {
    Case(Box<CaseEvent>),
    /// A material request to this department was made or answered: its queue reloads. (The
    /// asked department may not see the case, so a case event would not reach it.)
    Material(MaterialEvent),
    /// Something may have been missed: clients should reload.
    Resync,
}

/// `event: material` on the stream, and the NOTIFY payload that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MaterialEvent {
    pub material_department: i64,
}

/// What travels over NOTIFY: one of the events, told apart by their fields.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Wire {
    Material(MaterialEvent),
    Case(Box<CaseEvent>),
}

impl From<Wire> for BusEvent {
    fn from(w: Wire) -> Self {
        match w {
            Wire::Material(m) => Self::Material(m),
            Wire::Case(c) => Self::Case(c),
        }
    }
}

async fn send(state: &AppState, wire: Wire) {
    match serde_json::to_string(&wire) {
        Ok(payload) => match state.store.notify(&payload).await {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "NOTIFY failed; only this instance's queues hear of the change"),
        },
        Err(e) => tracing::error!(error = %e, "event not serialisable"),
    }
    let _ = state.events.send(wire.into());
}

pub async fn publish(state: &AppState, event: CaseEvent) {
    send(state, Wire::Case(Box::new(event))).await;
}

/// Tells the asked department's material queues (and those who see all) to reload.
pub async fn publish_material(state: &AppState, department_id: i64) {
    send(state, Wire::Material(MaterialEvent { material_department: department_id })).await;
}

/// Connects the LISTEN side (failing start-up if the database refuses) and keeps it running
/// until shutdown.
/// A notice that the calendar or policies changed makes `store` forget its copy; so does a
/// reconnect, since such a notice may have been missed meanwhile.
pub async fn spawn_listener(
    url: String,
    bus: broadcast::Sender<BusEvent>,
    store: std::sync::Arc<dyn crate::store::Store>,
    shutdown: CancellationToken,
) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect(&url).await?;
    listener.eager_reconnect(true);
    listener.listen(EVENTS_CHANNEL).await?;
    tokio::spawn(async move {
        loop {
            let next = tokio::select! {
                _ = shutdown.cancelled() => break,
                next = listener.try_recv() => next,
            };
            match next {
                Ok(Some(n)) if n.payload() == CONFIG_CHANGED => store.forget_config(),
                Ok(Some(n)) => match serde_json::from_str::<Wire>(n.payload()) {
                    Ok(ev) => {
                        let _ = bus.send(ev.into());
                    }
                    Err(e) => tracing::warn!(error = %e, "unreadable event"),
                },
                Ok(None) => {
                    store.forget_config();
                    tracing::warn!("event listener lost its connection and reconnected; queues resync");
                    let _ = bus.send(BusEvent::Resync);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "event listener cannot reach the database; retrying");
                    loop {
                        tokio::select! {
                            _ = shutdown.cancelled() => return,
                            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        }
                        // Any statement through the listener reconnects it and re-LISTENs.
                        if sqlx::query("SELECT 1").execute(&mut listener).await.is_ok() {
                            break;
                        }
                    }
                    store.forget_config();
                    tracing::info!("event listener reconnected; queues resync");
                    let _ = bus.send(BusEvent::Resync);
                }
            }
        }
    });
    Ok(())
}
