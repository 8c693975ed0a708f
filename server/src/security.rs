//! What every response gets on its way out: a panic inside a request becomes that request's
//! 500 (the process and every other connection live on), and browser security headers.
//!
//! Pages set their own Content-Security-Policy with a fresh nonce per response (the app's
//! HTML shell, `app::content_security_policy`); every other response gets one that allows
//! nothing to run. `Cache-Control: no-store` goes on every API response that has no policy
//! of its own, since most of them carry personal data.

use std::any::Any;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

use crate::error::ApiError;

/// The policy for everything that is not a page: nothing runs, nothing frames it.
const NO_CONTENT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Wraps the whole router. `https`: the public address is https, so browsers are told to
/// come back over https only (HSTS).
pub fn harden<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    router.layer(CatchPanicLayer::custom(panic_response)).layer(axum::middleware::from_fn_with_state(https, headers))
}

fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = what, "a request panicked; answered 500, the server carries on");
    ApiError::Internal.into_response()
}

/// Whether the URL itself holds a secret (tracking and survey tokens): such pages send no
/// `Referer` at all, so the token never leaves in one.
fn token_in_url(path: &str, query: Option<&str>) -> bool {
    path.starts_with("/track/")
        || path.starts_with("/survey/")
        || path.starts_with("/api/v1/surveys/")
        || query.is_some_and(|q| q.split('&').any(|p| p.starts_with("token=")))
}

fn set_default(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    h.entry(name).or_insert(HeaderValue::from_static(value));
}

async fn headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let secret_url = token_in_url(&path, req.uri().query());
    let mut resp = next.run(req).await;
    let status = resp.status();
    let h = resp.headers_mut();
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(h, header::CONTENT_SECURITY_POLICY, NO_CONTENT_POLICY);
    set_default(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set_default(h, HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    let referrer = if secret_url { "no-referrer" } else { "same-origin" };
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    if path.starts_with("/api/") || path == "/healthz" || path == "/metrics" {
        set_default(h, header::CACHE_CONTROL, "no-store");
    } else if let Some(policy) = cache_policy(&path, status, h) {
        set_default(h, header::CACHE_CONTROL, policy);
        if path.starts_with("/pkg/") {
            set_default(h, header::VARY, "accept-encoding");
        }
    }
    if https {
        set_default(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    resp
}

/// How long a browser may keep a response. A file whose name carries its content's hash
/// (`pkg/voc-0123456789abcdef.js`) never changes, so a year, without asking again; a page
/// must be asked for every time (`no-cache`: it names the current build's files).
fn cache_policy(path: &str, status: axum::http::StatusCode, h: &HeaderMap) -> Option<&'static str> {
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html {
        Some("no-cache")
    } else if status.is_success() && path.starts_with("/pkg/") {
        Some(if content_hashed(path) { "public, max-age=31536000, immutable" } else { "no-cache" })
    } else {
        None
    }
}

/// Whether a file name holds a 16-hex-digit content hash as one of its parts (split at `.`, `_` and `-`)
/// (`voc-<hash>.js`, `voc-<hash>_bg.wasm`, `voc-<hash>.css`).
fn content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['.', '_', '-']).any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{content_hashed, token_in_url};

    #[test]
    fn only_files_named_by_their_hash_are_immutable() {
        assert!(content_hashed("/pkg/voc-0123456789abcdef.js"));
        assert!(content_hashed("/pkg/voc-0123456789abcdef_bg.wasm"));
        assert!(content_hashed("/pkg/kiosk-0123456789abcdef_bg.wasm.br"));
        assert!(content_hashed("/pkg/voc-00aa11bb22cc33dd.css"));
        assert!(!content_hashed("/pkg/voc.js"));
        assert!(!content_hashed("/pkg/voc_bg.wasm"));
        assert!(!content_hashed("/pkg/voc.0123456789abcde.js"), "15 digits");
        assert!(!content_hashed("/pkg/voc-0123456789abcdefg.js"));
    }

    #[test]
    fn urls_that_carry_a_token_are_known() {
        assert!(token_in_url("/track/VOC-2026-000001", Some("token=abc")));
        assert!(token_in_url("/survey/abc", None));
        assert!(token_in_url("/api/v1/cases/VOC-2026-000001/qr.svg", Some("lang=en&token=abc")));
        assert!(!token_in_url("/queue", None));
        assert!(!token_in_url("/api/v1/cases/7", Some("tokens=1")));
    }
}
