//! The JSON API under `/api/v1`, plus `/healthz`. Handlers parse with the shared domain
//! types, call the store, publish case events and map every failure through [`ApiError`].

mod activities;
mod answer_templates;
mod calendar;
mod cases;
mod complainant;
mod config_admin;
mod doc;
mod evaluations;
mod events;
mod follow_up;
mod handling;
mod json;
mod kiosks;
mod kpi;
mod materials;
mod meta;
mod notices;

pub(crate) mod panel;
mod practices;
mod reduction;
mod reports;
mod session;
mod survey;
mod trails;
mod training;
mod uploads;
mod users;

use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub use events::OpenStreams;
pub use follow_up::{compensation_view, improvement_view};
pub use json::JsonBody;
pub use kpi::StatisticsCache;

/// The API's routes, each from a handler's `#[utoipa::path]`: the path, method and every
/// status code are written once, beside the handler, and the router and the OpenAPI
/// document are both made from them. Each module lists its own (`routes()` at its end), so
/// a new operation is written in one file.
fn routes() -> OpenApiRouter<AppState> {
    [
        activities::routes(),
        answer_templates::routes(),
        calendar::routes(),
        cases::routes(),
        complainant::routes(),
        config_admin::routes(),
        evaluations::routes(),
        events::routes(),
        follow_up::routes(),
        handling::routes(),
        kiosks::routes(),
        kpi::routes(),
        materials::routes(),
        meta::routes(),
        notices::routes(),
        panel::routes(),
        practices::routes(),
        reduction::routes(),
        reports::routes(),
        session::routes(),
        survey::routes(),
        trails::routes(),
        training::routes(),
        uploads::routes(),
        users::routes(),
    ]
    .into_iter()
    .fold(OpenApiRouter::with_openapi(doc::base()), OpenApiRouter::merge)
}

/// The router for `/api/v1` and `/healthz`, `/metrics`.
pub fn router() -> Router<AppState> {
    let (router, _) = routes().split_for_parts();
    router.route("/api/v1/openapi.json", get(meta::openapi))
}

/// The OpenAPI document of every route in [`router`], generated from the handlers and their
/// types; `GET /api/v1/openapi.json` serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut api) = routes().split_for_parts();
    doc::conventions(&mut api);
    api
}
