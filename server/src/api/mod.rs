//! The JSON API under `/api/v1`, plus `/healthz`. Handlers parse with the shared domain
//! types, call the store, publish case events and map every failure through [`ApiError`].

mod calendar;
mod cases;
mod config_admin;
mod events;
mod follow_up;
mod handling;
mod json;
mod kiosks;
mod materials;
mod meta;
mod notices;
mod reports;
mod session;
mod survey;
mod trails;
mod uploads;
mod users;

use axum::Router;
use axum::routing::{delete, get, post, put};

use crate::AppState;

pub use events::OpenStreams;
pub use follow_up::{compensation_view, improvement_view};
pub use json::JsonBody;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(meta::health))
        .route("/metrics", get(crate::observe::metrics))
        .route("/api/v1/health", get(meta::health_detail))
        .route("/api/v1/openapi.json", get(meta::openapi))
        .route("/api/v1/facilities", get(meta::facilities))
        .route("/api/v1/cases", post(cases::create))
        .route("/api/v1/cases/{key}", get(cases::show))
        .route("/api/v1/cases/{key}/qr.svg", get(cases::tracking_qr))
        .route("/api/v1/lookup", post(cases::lookup))
        .route(
            "/api/v1/uploads",
            post(uploads::upload).layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route("/api/v1/cases/{id}/attachments/{handle}", get(uploads::download))
        .route("/api/v1/cases/{id}/answer", post(cases::answer))
        .route("/api/v1/cases/{id}/pause", post(cases::pause))
        .route("/api/v1/cases/{id}/route", post(handling::route))
        .route("/api/v1/cases/{id}/assign", post(handling::assign))
        .route("/api/v1/cases/{id}/draft", post(handling::draft))
        .route("/api/v1/cases/{id}/approve", post(handling::approve))
        .route("/api/v1/cases/{id}/return", post(handling::return_draft))
        .route("/api/v1/cases/{id}/reopen", post(handling::reopen))
        .route("/api/v1/cases/{id}/notes", post(handling::add_note))
        .route("/api/v1/cases/{id}/history", get(handling::history))
        .route("/api/v1/cases/{id}/materials", post(materials::request))
        .route("/api/v1/cases/{id}/unreachable", post(handling::mark_unreachable).delete(handling::clear_unreachable))
        .route("/api/v1/cases/{id}/staff", put(follow_up::set_staff))
        .route("/api/v1/cases/{id}/grievance", post(follow_up::grievance_step))
        .route("/api/v1/cases/{id}/compensations", post(follow_up::add_compensation))
        .route("/api/v1/improvements", get(follow_up::improvements).post(follow_up::create_improvement))
        .route("/api/v1/improvements/{id}/report", post(follow_up::report_improvement))
        .route("/api/v1/faq", get(follow_up::faq).post(follow_up::publish_faq))
        .route("/api/v1/faq/{id}", delete(follow_up::withdraw_faq))
        .route("/api/v1/materials", get(materials::queue))
        .route("/api/v1/materials/{id}/answer", post(materials::answer))
        .route("/api/v1/cases/{id}/close", post(handling::close_not_complaint))
        .route("/api/v1/cases/{id}/withdraw", post(cases::withdraw))
        .route("/api/v1/cases/{id}/amend", post(cases::amend))
        .route("/api/v1/departments", get(users::departments).post(config_admin::create_department))
        .route("/api/v1/departments/{id}", put(config_admin::update_department))
        .route("/api/v1/routing-rules", get(config_admin::rules).post(config_admin::create_rule))
        .route("/api/v1/catalogue/{list}", get(config_admin::catalogue).post(config_admin::create_entry))
        .route("/api/v1/catalogue/{list}/{code}", put(config_admin::update_entry))
        .route("/api/v1/routing-rules/{id}", delete(config_admin::retire_rule))
        .route("/api/v1/users", get(users::list).post(users::create))
        .route("/api/v1/users/{id}/disable", post(users::disable))
        .route("/api/v1/users/{id}/enable", post(users::enable))
        .route("/api/v1/users/{id}/password", post(users::reset_password))
        .route("/api/v1/users/{id}/unlock", post(users::unlock))
        .route("/api/v1/users/{id}/email", put(users::set_email))
        .route("/api/v1/cases/{id}/notices", get(notices::of_case))
        .route("/api/v1/cases/{id}/interim", post(notices::interim))
        .route("/api/v1/notice-templates", get(notices::templates))
        .route("/api/v1/notice-templates/{notice}/{lang}", put(notices::put_template).delete(notices::reset_template))
        .route("/api/v1/outbox", get(notices::outbox))
        .route("/api/v1/outbox/{id}/retry", post(notices::retry))
        .route("/api/v1/reports/summary", get(reports::summary))
        .route("/api/v1/reports/summary.csv", get(reports::summary_csv))
        .route("/api/v1/reports/cases.csv", get(reports::cases_csv))
        .route("/api/v1/reports/cases.xlsx", get(reports::cases_xlsx))
        .route("/api/v1/reports/summary.xlsx", get(reports::summary_xlsx))
        .route("/api/v1/cases/{id}/resume", post(cases::resume))
        .route("/api/v1/calendar", get(calendar::show))
        .route("/api/v1/calendar/holidays", get(calendar::holidays).post(calendar::put_holiday))
        .route("/api/v1/calendar/holidays/{date}", delete(calendar::delete_holiday))
        .route("/api/v1/calendar/policies", get(calendar::policies))
        .route("/api/v1/calendar/policies/{kind}", put(calendar::put_policy))
        .route("/api/v1/queue", get(cases::queue))
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/session", post(session::login).delete(session::logout).get(session::me))
        .route("/api/v1/session/password", post(session::change_password))
        .route("/api/v1/session/second-factor", post(session::second_factor))
        .route("/api/v1/session/two-factor/setup", post(session::begin_two_factor))
        .route("/api/v1/session/two-factor", post(session::confirm_two_factor))
        .route("/api/v1/session/two-factor/recovery-codes", post(session::renew_recovery_codes))
        .route("/api/v1/users/{id}/two-factor", delete(users::reset_two_factor))
        .route("/api/v1/kiosk-keys", get(kiosks::list).post(kiosks::issue))
        .route("/api/v1/kiosk-keys/{id}", delete(kiosks::revoke))
        .route("/api/v1/kiosk/device", get(kiosks::device).post(kiosks::register))
        .route("/api/v1/audit-log", get(trails::audit_log))
        .route("/api/v1/privacy/access-log", get(trails::access_log))
        .route("/api/v1/privacy/reviews", get(trails::reviews).post(trails::add_review))
        .route("/api/v1/privacy/retention", get(trails::retention))
        .route("/api/v1/privacy/retention/run", post(trails::run_retention))
        .route("/api/v1/surveys/{token}", get(survey::form).post(survey::submit))
}
