use app::api::FacilityView;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiResult;

pub async fn health(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let version = state.store.engine_version().await?;
    let backend = state.store.backend();
    Ok(Json(json!({
        "status": "ok",
        "database": backend,
        format!("{backend}_version"): version,
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
