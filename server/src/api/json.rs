use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
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
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(
                e @ (JsonRejection::JsonDataError(_)
                | JsonRejection::JsonSyntaxError(_)
                | JsonRejection::MissingJsonContentType(_)),
            ) => Err(ApiError::MalformedBody(e.body_text())),
            Err(e) => Err(ApiError::MalformedBody(e.body_text())),
        }
    }
}
