//! The typed client of the JSON API: one method per operation, the same in the browser (over
//! [`Browser`], gloo-net) and in the server's tests (over a transport that calls the router).
//!
//! The table below is the client's half of the contract. `server/tests/it/api.rs` checks it
//! against the OpenAPI document the handlers generate: every operation of the document has a
//! method here with the same method and path, and every method here is an operation there. So a
//! page cannot call a URL the server does not route, and a new endpoint is not finished until
//! it has its method. Downloads and the event stream are [`links`]: pages hand their URL to the
//! browser (`href`, `EventSource`).

use std::future::Future;

use serde::{Serialize, de::DeserializeOwned};

use crate::api::*;
use crate::domain::*;

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// Lower case, as the OpenAPI document names it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Put => "put",
            Self::Delete => "delete",
        }
    }
}

/// One request, ready to send: the path with its query, a JSON body, extra headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: Method,
    pub path: String,
    /// A JSON document; `None` sends no body.
    pub body: Option<String>,
    pub headers: Vec<(&'static str, String)>,
}

/// The status and body of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Carries a [`Call`] to the server. An error is a request that got no answer.
pub trait Transport {
    fn send(&self, call: Call) -> impl Future<Output = Result<Answer, String>>;
}

/// The browser's transport: `fetch` from the page's origin, the session cookie going along.
#[derive(Debug, Clone, Copy, Default)]
pub struct Browser;

impl Transport for Browser {
    async fn send(&self, call: Call) -> Result<Answer, String> {
        use gloo_net::http::Request;
        let mut builder = match call.method {
            Method::Get => Request::get(&call.path),
            Method::Post => Request::post(&call.path),
            Method::Put => Request::put(&call.path),
            Method::Delete => Request::delete(&call.path),
        };
        for (name, value) in &call.headers {
            builder = builder.header(name, value);
        }
        let request = match call.body {
            Some(body) => builder.header("content-type", "application/json").body(body),
            None => builder.build(),
        }
        .map_err(|e| e.to_string())?;
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.to_string())?;
        Ok(Answer { status, body })
    }
}

/// The API's methods over a transport, with the headers every call of it carries.
#[derive(Debug, Clone, Default)]
pub struct Client<T> {
    transport: T,
    headers: Vec<(&'static str, String)>,
}

/// The client of the page the browser shows.
pub fn browser() -> Client<Browser> {
    Client::new(Browser)
}

impl<T> Client<T> {
    pub fn new(transport: T) -> Self {
        Self { transport, headers: Vec::new() }
    }

    /// The same client with one more header on every call.
    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// With an `Idempotency-Key` (`POST /api/v1/cases`): a retry with the same key and body gets
    /// the first answer instead of filing twice.
    pub fn with_idempotency_key(self, key: impl Into<String>) -> Self {
        self.with_header("idempotency-key", key)
    }

    /// With a registered kiosk's `X-Kiosk-Key` (the kiosk page sends its cookie instead).
    pub fn with_kiosk_key(self, key: impl Into<String>) -> Self {
        self.with_header("x-kiosk-key", key)
    }
}

impl<T: Transport> Client<T> {
    /// Sends a call and reads its answer: a success as `R` (an empty body as `null`), anything
    /// else as the API's error body.
    pub async fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
    ) -> Result<R, CallError> {
        let call = Call { method, path, body, headers: self.headers.clone() };
        let answer = self.transport.send(call).await.map_err(CallError::Network)?;
        decode(answer)
    }

    async fn call_with<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: String,
        body: &B,
    ) -> Result<R, CallError> {
        let body = serde_json::to_string(body).map_err(|e| CallError::Network(e.to_string()))?;
        self.call(method, path, Some(body)).await
    }
}

/// Reads an answer: 2xx as `R`, an error status as [`CallError::Api`] with its body.
pub fn decode<R: DeserializeOwned>(answer: Answer) -> Result<R, CallError> {
    if (200..300).contains(&answer.status) {
        let text = if answer.body.is_empty() { "null" } else { answer.body.as_str() };
        serde_json::from_str(text).map_err(|e| CallError::Network(format!("HTTP {}: {e}", answer.status)))
    } else {
        let body = serde_json::from_str::<ErrorBody>(&answer.body).unwrap_or_default();
        Err(CallError::Api { status: answer.status, body })
    }
}

/// The path of a template (`/api/v1/cases/{id}?token={token}`) without its query.
pub fn template_path(template: &str) -> &str {
    template.split_once('?').map_or(template, |(path, _)| path)
}

macro_rules! method {
    (get) => {
        Method::Get
    };
    (post) => {
        Method::Post
    };
    (put) => {
        Method::Put
    };
    (delete) => {
        Method::Delete
    };
}

/// `verb name(path and query arguments) [with Body] => Answer = "template";` — one line per
/// operation, and [`ENDPOINTS`] listing them for the contract test.
macro_rules! endpoints {
    ($(
        $(#[$doc:meta])*
        $verb:ident $name:ident($($arg:ident: $ty:ty),*) $(with $body:ty)? => $out:ty = $path:literal;
    )*) => {
        impl<T: Transport> Client<T> {
            $(
                $(#[$doc])*
                pub async fn $name(&self, $($arg: $ty,)* $(body: &$body)?) -> Result<$out, CallError> {
                    let path = format!($path);
                    endpoints!(@send self, method!($verb), path $(, body as $body)?)
                }
            )*
        }

        /// Every operation the client calls: `(method, path template)`.
        pub const ENDPOINTS: &[(&str, &str)] = &[$((stringify!($verb), $path)),*];
    };
    (@send $self:ident, $method:expr, $path:ident) => {
        $self.call($method, $path, None).await
    };
    (@send $self:ident, $method:expr, $path:ident, $body:ident as $ty:ty) => {
        $self.call_with($method, $path, $body).await
    };
}

/// The links the browser follows itself: downloads (`href`) and the event stream
/// (`EventSource`).
pub mod links {
    macro_rules! links {
        ($(
            $(#[$doc:meta])*
            $name:ident($($arg:ident: $ty:ty),*) = $path:literal;
        )*) => {
            $(
                $(#[$doc])*
                pub fn $name($($arg: $ty),*) -> String {
                    format!($path)
                }
            )*

            /// Every link: its path template (all are `GET`).
            pub const LINKS: &[&str] = &[$($path),*];
        };
    }

    links! {
        /// Every case a search finds as CSV (masked, no complaint text).
        cases_csv(query: &str) = "/api/v1/cases.csv?{query}";
        /// Every case a search finds as a spreadsheet.
        cases_xlsx(query: &str) = "/api/v1/cases.xlsx?{query}";
        /// A file attached to a case.
        attachment(id: i64, handle: &str) = "/api/v1/cases/{id}/attachments/{handle}";
        /// The answer letter of a closed case as a PDF, for the complainant.
        notice_pdf(key: &str, token: &str) = "/api/v1/cases/{key}/notice.pdf?token={token}";
        /// The answer letter of a closed case as a PDF, for staff.
        staff_notice_pdf(key: i64) = "/api/v1/cases/{key}/notice.pdf";
        /// The QR code of a case's tracking link.
        tracking_qr(key: &str, token: &str) = "/api/v1/cases/{key}/qr.svg?token={token}";
        /// An evaluation as a PDF.
        evaluation_pdf(id: i64) = "/api/v1/evaluations/{id}/evaluation.pdf";
        /// An evaluation as a spreadsheet.
        evaluation_xlsx(id: i64) = "/api/v1/evaluations/{id}/evaluation.xlsx";
        /// The live stream of queue changes (server-sent events).
        events() = "/api/v1/events";
        /// The cases of a period as CSV.
        report_cases_csv(query: &str) = "/api/v1/reports/cases.csv?{query}";
        /// The cases of a period as a spreadsheet.
        report_cases_xlsx(query: &str) = "/api/v1/reports/cases.xlsx?{query}";
        /// The summary report as CSV.
        report_summary_csv(query: &str) = "/api/v1/reports/summary.csv?{query}";
        /// The summary report as a spreadsheet.
        report_summary_xlsx(query: &str) = "/api/v1/reports/summary.xlsx?{query}";
        /// Prometheus metrics (from configured addresses only).
        metrics() = "/metrics";
    }
}

endpoints! {
    // Session and account.
    /// Who is signed in.
    get me() => Me = "/api/v1/session";
    /// Sign in (a session cookie).
    post login() with LoginInput => () = "/api/v1/session";
    /// Sign out, here or on every device.
    delete logout(everywhere: bool) => () = "/api/v1/session?everywhere={everywhere}";
    /// Change one's own password.
    post change_password() with PasswordChangeInput => () = "/api/v1/session/password";
    /// The authenticator code of a sign-in waiting for it.
    post second_factor() with CodeInput => () = "/api/v1/session/second-factor";
    /// Start registering an authenticator app.
    post begin_two_factor() => TotpSetup = "/api/v1/session/two-factor/setup";
    /// Confirm the authenticator app with a code.
    post confirm_two_factor() with CodeInput => RecoveryCodes = "/api/v1/session/two-factor";
    /// New recovery codes.
    post renew_recovery_codes() with CodeInput => RecoveryCodes = "/api/v1/session/two-factor/recovery-codes";

    // Filing, tracking, the complainant's own steps (`id` is the receipt number, with the
    // tracking token).
    /// File a VOC.
    post file_case() with NewCaseInput => CreatedCase = "/api/v1/cases";
    /// The complainant's view of their case.
    get tracked_case(key: &str, token: &str) => PublicCaseView = "/api/v1/cases/{key}?token={token}";
    /// Find one's case by receipt number and contact.
    post lookup() with LookupInput => LookupView = "/api/v1/lookup";
    /// The complainant amends their case.
    post amend(id: &str, token: &str) with AmendInput => PublicCaseView = "/api/v1/cases/{id}/amend?token={token}";
    /// The complainant withdraws their case.
    post withdraw(id: &str, token: &str) => PublicCaseView = "/api/v1/cases/{id}/withdraw?token={token}";
    /// The complainant files again on a closed case (이의신청).
    post appeal(id: &str, token: &str) with AppealInput => CreatedCase = "/api/v1/cases/{id}/appeal?token={token}";
    /// The complainant answers a proposal to extend the period.
    post extension_consent(id: &str, token: &str) with ConsentAnswer => PublicCaseView = "/api/v1/cases/{id}/extension-consent?token={token}";
    /// The complainant supplies what was asked for.
    post answer_supplement(id: &str, token: &str) with SupplementAnswerInput => PublicCaseView = "/api/v1/cases/{id}/supplement-answer?token={token}";
    /// A satisfaction survey's form.
    get survey(token: &str) => SurveyForm = "/api/v1/surveys/{token}";
    /// Answer a satisfaction survey.
    post submit_survey(token: &str) with SurveyInput => serde_json::Value = "/api/v1/surveys/{token}";
    /// The facilities a VOC may concern.
    get facilities() => Vec<FacilityView> = "/api/v1/facilities";
    /// The categories of complaints.
    get categories() => Vec<CategoryView> = "/api/v1/categories";
    /// The published procedure (처리 절차).
    get procedure() => PublicProcedure = "/api/v1/procedure";
    /// The published statistics of a year.
    get statistics(query: &str) => PublicStatistics = "/api/v1/statistics?{query}";
    /// The published answers to frequent questions.
    get faq() => Vec<FaqView> = "/api/v1/faq";
    /// This browser's kiosk registration.
    get kiosk_device() => KioskDeviceView = "/api/v1/kiosk/device";
    /// Register this browser as a kiosk.
    post register_kiosk_device() with KioskDeviceInput => KioskDeviceView = "/api/v1/kiosk/device";

    // The queue and the case.
    /// A page of the live queue.
    get queue(query: &str) => QueuePage = "/api/v1/queue?{query}";
    /// The queue's counts per view.
    get queue_counts(query: &str) => QueueCounts = "/api/v1/queue/counts?{query}";
    /// Find cases.
    get search(query: &str) => Paged<CaseSummary> = "/api/v1/cases?{query}";
    /// The staff view of a case, by id or receipt number.
    get case(key: impl std::fmt::Display) => StaffCaseView = "/api/v1/cases/{key}";
    /// A case's history.
    get history(id: i64) => Vec<HistoryEntry> = "/api/v1/cases/{id}/history";
    /// A case's notices.
    get case_notices(id: i64) => Vec<NoticeView> = "/api/v1/cases/{id}/notices";
    /// The answer templates filled for a case.
    get case_answer_templates(id: i64) => Vec<FilledTemplateView> = "/api/v1/cases/{id}/answer-templates";
    /// The complainant's contacts in full, for a recorded purpose.
    post reveal_contact(id: i64) with ContactPurposeInput => CaseContactView = "/api/v1/cases/{id}/contact";
    /// Answer a case.
    post answer(id: i64) with AnswerInput => StaffCaseView = "/api/v1/cases/{id}/answer";
    /// Save a draft answer for approval.
    post draft(id: i64) with AnswerInput => StaffCaseView = "/api/v1/cases/{id}/draft";
    /// Approve the draft (an optional note).
    post approve(id: i64) with Option<TextInput> => StaffCaseView = "/api/v1/cases/{id}/approve";
    /// Return the draft.
    post return_draft(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/return";
    /// Route to a department.
    post route(id: i64) with RouteInput => StaffCaseView = "/api/v1/cases/{id}/route";
    /// Assign to an officer.
    post assign(id: i64) with AssignInput => StaffCaseView = "/api/v1/cases/{id}/assign";
    /// Classify (kind, category).
    post classify(id: i64) with ClassifyInput => StaffCaseView = "/api/v1/cases/{id}/classify";
    /// Pause the clock.
    post pause(id: i64) with PauseInput => StaffCaseView = "/api/v1/cases/{id}/pause";
    /// Resume the clock.
    post resume(id: i64) => StaffCaseView = "/api/v1/cases/{id}/resume";
    /// Extend the period.
    post extend(id: i64) with ExtensionInput => StaffCaseView = "/api/v1/cases/{id}/extend";
    /// Propose an extension to the complainant.
    post propose_extension(id: i64) with ExtensionInput => StaffCaseView = "/api/v1/cases/{id}/extension-proposal";
    /// Send the interim (delay) notice.
    post interim(id: i64) with InterimInput => StaffCaseView = "/api/v1/cases/{id}/interim";
    /// Reopen a closed case.
    post reopen(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/reopen";
    /// Add an internal note.
    post add_note(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/notes";
    /// Close a case that is not a complaint.
    post close(id: i64) with CloseInput => StaffCaseView = "/api/v1/cases/{id}/close";
    /// Close a repeated complaint.
    post close_repeated(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/close-repeated";
    /// Close an abusive complaint.
    post close_abusive(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/close-abusive";
    /// Record conduct (폭언, 반복).
    post record_incident(id: i64) with IncidentInput => StaffCaseView = "/api/v1/cases/{id}/incidents";
    /// Mark serious (중대 민원).
    post mark_serious(id: i64) with SeriousInput => StaffCaseView = "/api/v1/cases/{id}/serious";
    /// Clear the serious mark.
    delete clear_serious(id: i64) => StaffCaseView = "/api/v1/cases/{id}/serious";
    /// Mark the complainant unreachable.
    post mark_unreachable(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/unreachable";
    /// Clear the unreachable mark.
    delete clear_unreachable(id: i64) => StaffCaseView = "/api/v1/cases/{id}/unreachable";
    /// Transfer to another body (이송).
    post transfer_out(id: i64) with TransferInput => StaffCaseView = "/api/v1/cases/{id}/transfer-out";
    /// Ask the complainant to supplement (보완 요구).
    post request_supplement(id: i64) with SupplementInput => StaffCaseView = "/api/v1/cases/{id}/supplement";
    /// Return a case never supplemented.
    post return_unsupplemented(id: i64) with TextInput => StaffCaseView = "/api/v1/cases/{id}/return-unsupplemented";
    /// Link two cases.
    post link(id: i64) with LinkInput => StaffCaseView = "/api/v1/cases/{id}/links";
    /// Merge into another case.
    post merge(id: i64) with MergeInput => StaffCaseView = "/api/v1/cases/{id}/merge";
    /// Add a co-complainant.
    post add_complainant(id: i64) with CoComplainantInput => StaffCaseView = "/api/v1/cases/{id}/complainants";
    /// Remove a co-complainant.
    delete remove_complainant(id: i64, party: i64) => StaffCaseView = "/api/v1/cases/{id}/complainants/{party}";
    /// Record a contact with the complainant.
    post record_contact(id: i64) with ContactLogInput => StaffCaseView = "/api/v1/cases/{id}/contacts";
    /// Name the staff a praise or complaint concerns.
    put set_staff(id: i64) with StaffInput => StaffCaseView = "/api/v1/cases/{id}/staff";
    /// Record a compensation.
    post add_compensation(id: i64) with CompensationInput => StaffCaseView = "/api/v1/cases/{id}/compensations";
    /// A grievance step (고충 처리).
    post grievance_step(id: i64) with GrievanceInput => StaffCaseView = "/api/v1/cases/{id}/grievance";
    /// Ask a department for material.
    post request_material(id: i64) with MaterialInput => StaffCaseView = "/api/v1/cases/{id}/materials";
    /// Propose a case as a good practice.
    post propose_practice(id: i64) with PracticeInput => PracticeView = "/api/v1/cases/{id}/practice";
    /// Material requests waiting for the reader's department.
    get materials() => Vec<MaterialView> = "/api/v1/materials";
    /// Answer a material request.
    post answer_material(id: i64) with MaterialAnswerInput => MaterialView = "/api/v1/materials/{id}/answer";

    // Notices.
    /// The notice outbox.
    get outbox(query: &str) => Vec<NoticeView> = "/api/v1/outbox?{query}";
    /// The outbox per channel.
    get outbox_summary() => Vec<OutboxChannelView> = "/api/v1/outbox/summary";
    /// Send a failed notice again.
    post retry_notice(id: i64) => () = "/api/v1/outbox/{id}/retry";
    /// The notice templates.
    get notice_templates() => Vec<TemplateView> = "/api/v1/notice-templates";
    /// Change a notice template.
    put put_notice_template(notice: &str, lang: &str) with TemplateInput => TemplateView = "/api/v1/notice-templates/{notice}/{lang}";
    /// Reset a notice template to the built-in text.
    delete reset_notice_template(notice: &str, lang: &str) => () = "/api/v1/notice-templates/{notice}/{lang}";
    /// The answer templates.
    get answer_templates() => AnswerTemplatesView = "/api/v1/answer-templates";
    /// Add an answer template.
    post add_answer_template() with AnswerTemplateInput => AnswerTemplateView = "/api/v1/answer-templates";
    /// Change an answer template.
    put change_answer_template(id: i64) with AnswerTemplateInput => AnswerTemplateView = "/api/v1/answer-templates/{id}";
    /// Remove an answer template.
    delete remove_answer_template(id: i64) => () = "/api/v1/answer-templates/{id}";

    // Administration.
    /// Business hours, holidays and policies.
    get calendar() => CalendarView = "/api/v1/calendar";
    /// The holidays of a year.
    get holidays(query: &str) => Vec<HolidayView> = "/api/v1/calendar/holidays?{query}";
    /// Add or rename a holiday.
    post put_holiday() with HolidayInput => HolidayView = "/api/v1/calendar/holidays";
    /// Remove a holiday.
    delete delete_holiday(date: chrono::NaiveDate) => () = "/api/v1/calendar/holidays/{date}";
    /// What importing holidays would change.
    post preview_holiday_import() with HolidayImportInput => HolidayDiff = "/api/v1/calendar/holidays/import/preview";
    /// Import holidays.
    post import_holidays() with HolidayImportInput => HolidayDiff = "/api/v1/calendar/holidays/import";
    /// The deadline policies.
    get policies() => Vec<DeadlinePolicy> = "/api/v1/calendar/policies";
    /// Change a kind's deadline policy.
    put put_policy(kind: &str) with PolicyInput => DeadlinePolicy = "/api/v1/calendar/policies/{kind}";
    /// The departments.
    get departments() => Vec<DepartmentView> = "/api/v1/departments";
    /// Add a department.
    post create_department() with DepartmentInput => DepartmentView = "/api/v1/departments";
    /// Change a department.
    put update_department(id: i64) with DepartmentChange => DepartmentView = "/api/v1/departments/{id}";
    /// The routing rules.
    get routing_rules() => Vec<RoutingRuleView> = "/api/v1/routing-rules";
    /// Add a routing rule.
    post create_routing_rule() with RoutingRuleInput => RoutingRuleView = "/api/v1/routing-rules";
    /// Retire a routing rule.
    delete retire_routing_rule(id: i64) => () = "/api/v1/routing-rules/{id}";
    /// The staff accounts.
    get users() => Vec<UserView> = "/api/v1/users";
    /// Add a staff account.
    post create_user() with NewUserInput => UserView = "/api/v1/users";
    /// Disable an account.
    post disable_user(id: i64) => () = "/api/v1/users/{id}/disable";
    /// Enable an account.
    post enable_user(id: i64) => () = "/api/v1/users/{id}/enable";
    /// Unlock an account locked by failed sign-ins.
    post unlock_user(id: i64) => () = "/api/v1/users/{id}/unlock";
    /// Set an account's password.
    post reset_password(id: i64) with PasswordInput => () = "/api/v1/users/{id}/password";
    /// Set an account's e-mail address.
    put set_user_email(id: i64) with UserEmailInput => () = "/api/v1/users/{id}/email";
    /// Remove an account's authenticator app.
    delete reset_two_factor(id: i64) => () = "/api/v1/users/{id}/two-factor";
    /// The kiosk keys.
    get kiosk_keys() => Vec<KioskKeyView> = "/api/v1/kiosk-keys";
    /// Issue a kiosk key.
    post issue_kiosk_key() with NewKioskKeyInput => IssuedKioskKey = "/api/v1/kiosk-keys";
    /// Revoke a kiosk key.
    delete revoke_kiosk_key(id: i64) => () = "/api/v1/kiosk-keys/{id}";
    /// A catalogue (channels, kinds, …).
    get catalogue(list: &str) => Vec<CatalogueEntryView> = "/api/v1/catalogue/{list}";
    /// Add to a catalogue.
    post create_catalogue_entry(list: &str) with CatalogueInput => () = "/api/v1/catalogue/{list}";
    /// Change a catalogue entry.
    put update_catalogue_entry(list: &str, code: &str) with CatalogueInput => () = "/api/v1/catalogue/{list}/{code}";
    /// Publish a frequent question.
    post publish_faq() with FaqInput => FaqView = "/api/v1/faq";
    /// Withdraw a frequent question.
    delete withdraw_faq(id: i64) => () = "/api/v1/faq/{id}";
    /// The audit log.
    get audit_log(query: &str) => Paged<AuditView> = "/api/v1/audit-log?{query}";
    /// The personal-data access log.
    get access_log(query: &str) => Paged<AccessView> = "/api/v1/privacy/access-log?{query}";
    /// The access-log reviews.
    get privacy_reviews() => Vec<ReviewView> = "/api/v1/privacy/reviews";
    /// Record an access-log review.
    post add_privacy_review() with ReviewInput => ReviewView = "/api/v1/privacy/reviews";
    /// What retention would purge.
    get retention() => RetentionView = "/api/v1/privacy/retention";
    /// Purge what retention allows now.
    post run_retention() => RetentionView = "/api/v1/privacy/retention/run";
    /// The server's health in detail.
    get health() => serde_json::Value = "/api/v1/health";
    /// Whether the server is up.
    get healthz() => serde_json::Value = "/healthz";

    // Reports and the CCM cycle.
    /// The summary report of a period.
    get report_summary(query: &str) => ReportSummary = "/api/v1/reports/summary?{query}";
    /// Recurring complaints.
    get recurring(query: &str) => RecurringReport = "/api/v1/reports/recurring?{query}";
    /// Words recurring complaints ignore.
    put set_stop_words() with StopWordsInput => Vec<String> = "/api/v1/reports/stop-words";
    /// Survey comments.
    get survey_comments(query: &str) => Vec<SurveyCommentView> = "/api/v1/survey-comments?{query}";
    /// Follow-ups of dissatisfied responses.
    get survey_follow_ups(query: &str) => Vec<SurveyFollowUpView> = "/api/v1/survey-follow-ups?{query}";
    /// Complete a follow-up.
    post complete_follow_up(id: i64) with SurveyFollowUpInput => SurveyFollowUpView = "/api/v1/survey-follow-ups/{id}/done";
    /// Improvement tasks.
    get improvements() => Vec<ImprovementView> = "/api/v1/improvements";
    /// Open an improvement task.
    post create_improvement() with ImprovementInput => ImprovementView = "/api/v1/improvements";
    /// Report on an improvement task.
    post report_improvement(id: i64) with ImprovementReportInput => ImprovementView = "/api/v1/improvements/{id}/report";
    /// Extend an improvement task.
    post extend_improvement(id: i64) with ImprovementExtensionInput => ImprovementView = "/api/v1/improvements/{id}/extend";
    /// The KPI dashboard of a year.
    get kpi(query: &str) => KpiDashboard = "/api/v1/kpi?{query}";
    /// A year's KPI targets.
    get kpi_targets(year: i32) => KpiTargetsView = "/api/v1/kpi/targets/{year}";
    /// Set a year's KPI targets.
    put set_kpi_targets(year: i32) with KpiTargetsInput => KpiTargetsView = "/api/v1/kpi/targets/{year}";
    /// Training of a year.
    get training(query: &str) => TrainingOverview = "/api/v1/training?{query}";
    /// Staff behind on training.
    get training_overdue(query: &str) => TrainingOverdue = "/api/v1/training/overdue?{query}";
    /// Add a course.
    post create_course() with CourseInput => CourseView = "/api/v1/training/courses";
    /// Change a course.
    put update_course(id: i64) with CourseInput => CourseView = "/api/v1/training/courses/{id}";
    /// Record a training session.
    post create_session() with SessionInput => SessionView = "/api/v1/training/sessions";
    /// Change a training session.
    put update_session(id: i64) with SessionInput => SessionView = "/api/v1/training/sessions/{id}";
    /// Evaluations of a year.
    get evaluations(query: &str) => EvaluationList = "/api/v1/evaluations?{query}";
    /// Open an evaluation.
    post open_evaluation() with OpenEvaluationInput => EvaluationView = "/api/v1/evaluations";
    /// One evaluation.
    get evaluation(id: impl std::fmt::Display) => EvaluationView = "/api/v1/evaluations/{id}";
    /// Save (or submit) an evaluation.
    put save_evaluation(id: i64, submit: bool) with EvaluationInput => EvaluationView = "/api/v1/evaluations/{id}?submit={submit}";
    /// Acknowledge an evaluation.
    post acknowledge_evaluation(id: i64) with AcknowledgeInput => EvaluationView = "/api/v1/evaluations/{id}/acknowledge";
    /// Reduction plans of a year.
    get reduction_plans(query: &str) => ReductionOverview = "/api/v1/reduction-plans?{query}";
    /// Save (or report on) a department's reduction plan.
    put save_reduction_plan(year: i32, department: i64, report: bool) with ReductionPlanInput => ReductionPlanView = "/api/v1/reduction-plans/{year}/{department}?report={report}";
    /// The good-practice library.
    get good_practices(query: &str) => PracticeLibrary = "/api/v1/good-practices?{query}";
    /// Decide on a proposed good practice.
    post decide_practice(id: i64) with PracticeDecisionInput => PracticeView = "/api/v1/good-practices/{id}/decision";
    /// The awards of a year.
    get awards(query: &str) => AwardsOverview = "/api/v1/awards?{query}";
    /// Record an award.
    post record_award() with AwardInput => AwardView = "/api/v1/awards";
    /// Delete an award recorded in error.
    delete delete_award(id: i64) => () = "/api/v1/awards/{id}";
    /// CCM activities of a year.
    get activities(query: &str) => ActivitiesOverview = "/api/v1/ccm-activities?{query}";
    /// Record a CCM activity.
    post record_activity() with ActivityInput => ActivityView = "/api/v1/ccm-activities";
    /// Change a CCM activity.
    put update_activity(id: i64) with ActivityInput => ActivityView = "/api/v1/ccm-activities/{id}";
    /// Report a CCM action done.
    post report_action_done(id: i64) with ActionDoneInput => ActivityView = "/api/v1/ccm-actions/{id}/done";
    /// The customer panel.
    get panel_members() => PanelRoster = "/api/v1/panel-members";
    /// Add a panel member.
    post create_panel_member() with PanelMemberInput => PanelMemberView = "/api/v1/panel-members";
    /// Change a panel member.
    put update_panel_member(id: i64) with PanelMemberInput => PanelMemberView = "/api/v1/panel-members/{id}";
    /// A panel member's contacts, for a recorded purpose.
    post reveal_panel_contact(id: i64) with ContactPurposeInput => PanelContactView = "/api/v1/panel-members/{id}/contact";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_fills_its_path_and_query() {
        assert_eq!(links::notice_pdf("VOC-1", "t0k"), "/api/v1/cases/VOC-1/notice.pdf?token=t0k");
        assert_eq!(links::attachment(7, "a.jpg"), "/api/v1/cases/7/attachments/a.jpg");
        assert_eq!(template_path("/api/v1/cases/{id}/amend?token={token}"), "/api/v1/cases/{id}/amend");
    }

    #[test]
    fn an_answer_is_read_by_its_status() {
        let ok: Result<(), _> = decode(Answer { status: 204, body: String::new() });
        assert_eq!(ok, Ok(()));
        let refused: Result<(), _> = decode(Answer {
            status: 422,
            body: r#"{"error":"validation","message":"내용","message_en":"content"}"#.into(),
        });
        let e = refused.unwrap_err();
        assert_eq!((e.status(), e.code()), (Some(422), Some("validation")));
        let garbled: Result<(), _> = decode(Answer { status: 502, body: "<html>".into() });
        assert_eq!(garbled.unwrap_err().status(), Some(502));
    }
}
