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
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub use events::OpenStreams;
pub use follow_up::{compensation_view, improvement_view};
pub use json::JsonBody;
pub use kpi::StatisticsCache;

/// The API's routes, each from a handler's `#[utoipa::path]`: the path, method and every
/// status code are written once, beside the handler, and the router and the OpenAPI
/// document are both made from them.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(doc::base())
        .routes(routes!(meta::health))
        .routes(routes!(crate::observe::metrics))
        .routes(routes!(meta::health_detail))
        .routes(routes!(meta::facilities))
        .routes(routes!(meta::categories))
        .routes(routes!(cases::search, cases::create))
        .routes(routes!(cases::show))
        .routes(routes!(cases::tracking_qr))
        .routes(routes!(cases::notice_pdf))
        .routes(routes!(cases::lookup))
        .merge(OpenApiRouter::new().routes(routes!(uploads::upload)).layer(DefaultBodyLimit::max(uploads::BODY_LIMIT)))
        .routes(routes!(uploads::download))
        .routes(routes!(cases::answer))
        .routes(routes!(cases::pause))
        .routes(routes!(handling::route))
        .routes(routes!(handling::assign))
        .routes(routes!(handling::draft))
        .routes(routes!(handling::approve))
        .routes(routes!(handling::return_draft))
        .routes(routes!(handling::reopen))
        .routes(routes!(handling::add_note))
        .routes(routes!(handling::extend))
        .routes(routes!(handling::transfer_out))
        .routes(routes!(handling::request_supplement))
        .routes(routes!(handling::return_unsupplemented))
        .routes(routes!(cases::answer_supplement))
        .routes(routes!(cases::appeal))
        .routes(routes!(handling::propose_extension))
        .routes(routes!(cases::extension_consent))
        .routes(routes!(handling::record_incident))
        .routes(routes!(handling::add_complainant))
        .routes(routes!(handling::remove_complainant))
        .routes(routes!(handling::close_abusive))
        .routes(routes!(handling::link))
        .routes(routes!(handling::merge))
        .routes(routes!(handling::close_repeated))
        .routes(routes!(handling::mark_serious, handling::clear_serious))
        .routes(routes!(handling::history))
        .routes(routes!(materials::request))
        .routes(routes!(handling::mark_unreachable, handling::clear_unreachable))
        .routes(routes!(follow_up::set_staff))
        .routes(routes!(follow_up::grievance_step))
        .routes(routes!(follow_up::add_compensation))
        .routes(routes!(follow_up::improvements, follow_up::create_improvement))
        .routes(routes!(follow_up::report_improvement))
        .routes(routes!(follow_up::extend_improvement))
        .routes(routes!(follow_up::faq, follow_up::publish_faq))
        .routes(routes!(follow_up::withdraw_faq))
        .routes(routes!(materials::queue))
        .routes(routes!(materials::answer))
        .routes(routes!(handling::close_not_complaint))
        .routes(routes!(cases::withdraw))
        .routes(routes!(cases::amend))
        .routes(routes!(users::departments, config_admin::create_department))
        .routes(routes!(config_admin::update_department))
        .routes(routes!(config_admin::rules, config_admin::create_rule))
        .routes(routes!(config_admin::catalogue, config_admin::create_entry))
        .routes(routes!(config_admin::update_entry))
        .routes(routes!(config_admin::retire_rule))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::disable))
        .routes(routes!(users::enable))
        .routes(routes!(users::reset_password))
        .routes(routes!(users::unlock))
        .routes(routes!(users::set_email))
        .routes(routes!(notices::of_case))
        .routes(routes!(notices::interim))
        .routes(routes!(notices::templates))
        .routes(routes!(notices::put_template, notices::reset_template))
        .routes(routes!(notices::outbox))
        .routes(routes!(notices::outbox_summary))
        .routes(routes!(notices::retry))
        .routes(routes!(reports::summary))
        .routes(routes!(reports::survey_comments))
        .routes(routes!(reports::recurring))
        .routes(routes!(reports::set_stop_words))
        .routes(routes!(reports::summary_csv))
        .routes(routes!(reports::cases_csv))
        .routes(routes!(reports::cases_xlsx))
        .routes(routes!(reports::summary_xlsx))
        .routes(routes!(cases::resume))
        .routes(routes!(calendar::show))
        .routes(routes!(calendar::holidays, calendar::put_holiday))
        .routes(routes!(calendar::delete_holiday))
        .routes(routes!(calendar::import_preview))
        .routes(routes!(calendar::import))
        .routes(routes!(calendar::policies))
        .routes(routes!(calendar::procedure))
        .routes(routes!(calendar::put_policy))
        .routes(routes!(cases::queue))
        .routes(routes!(cases::queue_counts))
        .routes(routes!(events::stream))
        .routes(routes!(session::login, session::logout, session::me))
        .routes(routes!(session::change_password))
        .routes(routes!(session::second_factor))
        .routes(routes!(session::begin_two_factor))
        .routes(routes!(session::confirm_two_factor))
        .routes(routes!(session::renew_recovery_codes))
        .routes(routes!(users::reset_two_factor))
        .routes(routes!(kiosks::list, kiosks::issue))
        .routes(routes!(kiosks::revoke))
        .routes(routes!(kiosks::device, kiosks::register))
        .routes(routes!(trails::audit_log))
        .routes(routes!(trails::access_log))
        .routes(routes!(trails::reviews, trails::add_review))
        .routes(routes!(trails::retention))
        .routes(routes!(trails::run_retention))
        .routes(routes!(survey::form, survey::submit))
        .routes(routes!(survey::follow_ups))
        .routes(routes!(survey::complete_follow_up))
        .routes(routes!(kpi::dashboard))
        .routes(routes!(kpi::targets, kpi::set_targets))
        .routes(routes!(kpi::statistics))
        .routes(routes!(training::overview))
        .routes(routes!(training::overdue))
        .routes(routes!(training::create_course))
        .routes(routes!(training::update_course))
        .routes(routes!(training::create_session))
        .routes(routes!(training::update_session))
        .routes(routes!(evaluations::list, evaluations::open))
        .routes(routes!(evaluations::show, evaluations::save))
        .routes(routes!(evaluations::acknowledge))
        .routes(routes!(evaluations::xlsx))
        .routes(routes!(evaluations::pdf))
        .routes(routes!(reduction::list))
        .routes(routes!(reduction::save))
        .routes(routes!(practices::library))
        .routes(routes!(practices::propose))
        .routes(routes!(practices::decide))
        .routes(routes!(practices::awards, practices::record_award))
        .routes(routes!(practices::delete_award))
        .routes(routes!(activities::list, activities::record))
        .routes(routes!(activities::update))
        .routes(routes!(activities::report_done))
        .routes(routes!(panel::list, panel::create))
        .routes(routes!(panel::update))
        .routes(routes!(panel::contact))
        .routes(routes!(complainant::contact))
        .routes(routes!(handling::classify))
        .routes(routes!(handling::record_contact))
        .routes(routes!(answer_templates::list, answer_templates::add))
        .routes(routes!(answer_templates::change, answer_templates::remove))
        .routes(routes!(answer_templates::for_case))
        .routes(routes!(cases::search_csv))
        .routes(routes!(cases::search_xlsx))
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
