//! The JSON API under `/api/v1`, plus `/healthz`. Handlers parse with the shared domain
//! types, call the store, publish case events and map every failure through [`ApiError`].

mod calendar;
mod cases;
mod events;
mod json;
mod meta;
mod session;
mod survey;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

pub use json::JsonBody;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(meta::health))
        .route("/api/v1/openapi.json", get(meta::openapi))
        .route("/api/v1/facilities", get(meta::facilities))
        .route("/api/v1/cases", post(cases::create))
        .route("/api/v1/cases/{key}", get(cases::show))
        .route("/api/v1/cases/{id}/answer", post(cases::answer))
        .route("/api/v1/cases/{id}/pause", post(cases::pause))
        .route("/api/v1/cases/{id}/resume", post(cases::resume))
        .route("/api/v1/calendar", get(calendar::show))
        .route("/api/v1/calendar/holidays", get(calendar::holidays).post(calendar::put_holiday))
        .route("/api/v1/calendar/holidays/{date}", delete(calendar::delete_holiday))
        .route("/api/v1/calendar/policies", get(calendar::policies))
        .route("/api/v1/calendar/policies/{kind}", put(calendar::put_policy))
        .route("/api/v1/queue", get(cases::queue))
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/session", post(session::login).delete(session::logout).get(session::me))
        .route("/api/v1/surveys/{token}", get(survey::form).post(survey::submit))
}
