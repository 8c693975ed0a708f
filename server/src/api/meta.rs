use app::api::ErrorBody;
use app::api::{CategoryView, FacilityView};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiResult;

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    summary = "Liveness: the service and its database answer (anyone; says nothing more)",
    responses(
        (status = 200, description = "ok", body = Value),
        (status = 500, description = "the database does not answer", body = ErrorBody)
    )
)]
/// `GET /healthz` (anyone, e.g. a load balancer): `{"status":"ok"}` while the database
/// answers, 500 otherwise. It tells nobody what runs behind it.
pub async fn health(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    state.store.engine_version().await?;
    Ok(Json(json!({"status": "ok"})))
}

#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "meta",
    summary = "Health with the database kind and version (administrators)",
    security(("session" = [])),
    responses(
        (status = 200, description = "ok", body = Value),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "not an administrator", body = ErrorBody),
        (status = 500, description = "the database does not answer", body = ErrorBody)
    )
)]
/// `GET /api/v1/health` (administrators): the database kind and its version as well.
pub async fn health_detail(State(state): State<AppState>, _admin: Admin) -> ApiResult<Json<Value>> {
    let version = state.store.engine_version().await?;
    let backend = state.store.backend();
    Ok(Json(json!({
        "status": "ok",
        "database": backend,
        format!("{backend}_version"): version,
        "server_version": env!("CARGO_PKG_VERSION"),
    })))
}

/// The OpenAPI document, generated once from the handlers (see [`super::document`]).
pub async fn openapi() -> impl IntoResponse {
    static DOCUMENT: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| super::document().to_pretty_json().unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

#[utoipa::path(
    get,
    path = "/api/v1/facilities",
    tag = "meta",
    summary = "Active facilities",
    responses(
        (status = 200, description = "facilities", body = Vec<FacilityView>)
    )
)]
pub async fn facilities(State(state): State<AppState>) -> ApiResult<Json<Vec<FacilityView>>> {
    let list = state.store.facilities().await?;
    Ok(Json(list.into_iter().map(|f| FacilityView { code: f.code, name_ko: f.name_ko, name_en: f.name_en }).collect()))
}

#[utoipa::path(
    get,
    path = "/api/v1/categories",
    tag = "meta",
    summary = "Active categories (분류), in their order; a sub-category names its parent; `public` ones complainants choose themselves on the homepage",
    responses(
        (status = 200, description = "categories", body = Vec<CategoryView>)
    )
)]
pub async fn categories(State(state): State<AppState>) -> ApiResult<Json<Vec<CategoryView>>> {
    let list = state.store.catalogue(crate::store::Catalogue::Categories).await?;
    Ok(Json(
        list.into_iter()
            .filter(|c| c.active)
            .map(|c| CategoryView {
                code: c.code,
                name_ko: c.name_ko,
                name_en: c.name_en,
                parent: c.parent,
                public: c.public,
            })
            .collect(),
    ))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(health))
        .routes(utoipa_axum::routes!(crate::observe::metrics))
        .routes(utoipa_axum::routes!(health_detail))
        .routes(utoipa_axum::routes!(facilities))
        .routes(utoipa_axum::routes!(categories))
}
