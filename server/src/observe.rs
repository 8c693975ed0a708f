//! What the server tells its operators: a request id on every log line a request causes, one
//! line per answered request, and Prometheus metrics at `/metrics` — request rate and latency
//! per route, outbox depth by state, open event streams, database pool use. `/metrics`
//! answers only the addresses `VOC_METRICS_FROM` names (loopback by default); everyone else
//! gets the same 404 as any unknown path.

use app::api::ErrorBody;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tracing::Instrument;

use crate::AppState;
use crate::auth::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::proxy::Network;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// The route a request matched, handed from inside the router to [`requests`] outside it.
#[derive(Clone)]
struct Route(String);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

/// This instance's metrics: each instance of a PostgreSQL deployment has its own, and the
/// scraper sums them.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    outbox: Family<StateLabels, Gauge>,
    streams: Gauge,
    pool_size: Gauge,
    pool_idle: Gauge,
    /// Who may read them (`VOC_METRICS_FROM`).
    allowed: Vec<Network>,
}

/// Loopback only: a scraper on the same machine, or one the operator names.
pub fn default_metrics_from() -> Vec<Network> {
    ["127.0.0.0/8", "::1"].iter().filter_map(|n| Network::parse(n)).collect()
}

impl Metrics {
    pub fn new(allowed: Vec<Network>) -> Arc<Self> {
        let mut registry = Registry::with_prefix("voc");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "Requests answered, by route and status", requests.clone());
        // 1 ms … 8 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        let outbox = Family::<StateLabels, Gauge>::default();
        registry.register("outbox_messages", "Notices in the outbox, by delivery state", outbox.clone());
        let streams = Gauge::default();
        registry.register("event_streams_open", "Live queue streams open on this instance", streams.clone());
        let pool_size = Gauge::default();
        registry.register("db_pool_connections", "Database connections held by the pool", pool_size.clone());
        let pool_idle = Gauge::default();
        registry.register("db_pool_idle_connections", "Of those, the idle ones", pool_idle.clone());
        Arc::new(Self { registry, requests, latency, outbox, streams, pool_size, pool_idle, allowed })
    }

    fn may_read(&self, client: &str) -> bool {
        client.parse::<IpAddr>().is_ok_and(|ip| self.allowed.iter().any(|n| n.contains(ip)))
    }
}

/// A request id sent by the client or a proxy is kept if it is short and plain; otherwise a
/// new one is made. It never holds anything that could forge a log line.
fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
        .map_or_else(|| format!("{:016x}", rand::random::<u64>()), str::to_owned)
}

/// Outermost layer: gives the request its id (every log line inside carries it), answers
/// with it in `X-Request-Id`, logs the outcome and counts it.
pub async fn requests(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let id = request_id(&req);
    let method = req.method().to_string();
    let span = tracing::info_span!("request", id = %id, method = %method);
    let started = Instant::now();
    let mut resp = next.run(req).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    // Unmatched paths (static files, pages the fallback renders) share one label, so no
    // visitor can add a time series by inventing URLs.
    let route = resp.extensions().get::<Route>().map_or("(other)", |r| r.0.as_str()).to_owned();
    let status = resp.status().as_u16();
    span.in_scope(|| tracing::info!(route = %route, status, ms = (seconds * 1000.0).round(), "answered"));
    metrics.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.clone(), status }).inc();
    metrics.latency.get_or_create(&RouteLabels { method, route }).observe(seconds);
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

/// Inside the router, on every matched route: hands the route's template (never the path,
/// which may hold a token) out to [`requests`].
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| Route(p.as_str().to_owned()));
    let mut resp = next.run(req).await;
    if let Some(route) = route {
        resp.extensions_mut().insert(route);
    }
    resp
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "observe",
    summary = "Prometheus metrics of this instance (only for the addresses VOC_METRICS_FROM names; loopback by default)",
    responses(
        (status = 200, description = "request counts and latency per route, outbox depth by state, open event streams, database pool use", content_type = "application/openmetrics-text", body = String),
        (status = 404, description = "the caller's address may not read them (the same answer as for any unknown path)", body = ErrorBody),
        (status = 500, description = "the database does not answer", body = ErrorBody)
    )
)]
/// `GET /metrics`: the Prometheus text format, for the addresses `VOC_METRICS_FROM` names.
pub async fn metrics(State(state): State<AppState>, ClientAddr(client): ClientAddr) -> ApiResult<Response> {
    let m = &state.metrics;
    if !m.may_read(&client) {
        return Err(ApiError::NotFound);
    }
    let depth = state.store.outbox_depth().await?;
    for delivery in app::domain::DeliveryState::ALL {
        let count = depth.iter().filter(|d| d.state == delivery).map(|d| d.count).sum();
        m.outbox.get_or_create(&StateLabels { state: delivery.as_str().to_owned() }).set(count);
    }
    let open: usize = state.open_streams.lock().map(|s| s.values().sum()).unwrap_or_default();
    m.streams.set(i64::try_from(open).unwrap_or(i64::MAX));
    let (size, idle) = state.store.pool_use();
    m.pool_size.set(i64::from(size));
    m.pool_idle.set(i64::try_from(idle).unwrap_or(i64::MAX));
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &m.registry).map_err(|_| ApiError::Internal)?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
        .into_response())
}
