use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// `axum::Json` whose rejections speak the API's error format.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(mut v)) => {
                whole_numbers(&mut v);
                serde_json::from_value(v).map(Self).map_err(|e| ApiError::MalformedBody(e.to_string()))
            }
            Err(
                e @ (JsonRejection::JsonDataError(_)
                | JsonRejection::JsonSyntaxError(_)
                | JsonRejection::MissingJsonContentType(_)),
            ) => Err(ApiError::MalformedBody(e.body_text())),
            Err(e) => Err(ApiError::MalformedBody(e.body_text())),
        }
    }
}

/// JSON has one number type: `3.0` is the integer 3 to JSON Schema and to JavaScript, so a
/// whole number written with a fraction is read as the integer it is.
fn whole_numbers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && (i64::MIN as f64..=i64::MAX as f64).contains(&f)
            {
                #[allow(clippy::cast_possible_truncation)]
                let whole = f as i64;
                *v = serde_json::Value::from(whole);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// `axum::extract::Path` whose rejection is the API's 404: an id that is not a number names
/// nothing, as an unknown one does.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(_) => Err(ApiError::NotFound),
        }
    }
}

/// `axum::extract::Query` whose rejection speaks the API's error format.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e) => Err(ApiError::MalformedQuery(e.body_text())),
        }
    }
}
