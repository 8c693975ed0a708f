use app::api::FacilityView;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiResult;

/// `GET /healthz` (anyone, e.g. a load balancer): `{"status":"ok"}` while the database
/// answers, 500 otherwise. It tells nobody what runs behind it.
pub async fn health(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    state.store.engine_version().await?;
    Ok(Json(json!({"status": "ok"})))
}

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

/// The OpenAPI 3 description of this API, kept beside the code in `server/openapi.json`.
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("../../openapi.json"))
}

pub async fn facilities(State(state): State<AppState>) -> ApiResult<Json<Vec<FacilityView>>> {
    let list = state.store.facilities().await?;
    Ok(Json(list.into_iter().map(|f| FacilityView { code: f.code, name_ko: f.name_ko, name_en: f.name_en }).collect()))
}
