//! Knowing the complainant: their contacts in full to call them back (for a stated purpose the
//! personal-data access log keeps, before anything is shown), and their other cases, matched
//! by phone number or e-mail address, as far as the reader may see them.

use super::json::Path;
use app::api::{CaseContactView, ComplainantCases, ErrorBody, KindCount};
use app::domain::{
    AccessKind, CaseAction, CaseScope, CaseSearchInput, ContactPurposeInput, Email, HISTORY_SHOWN, PhoneNumber,
    SEARCH_PER_PAGE_MAX, filed_recently_by_kind, masked_contacts, to_seoul,
};
use axum::Json;
use axum::extract::State;

use super::JsonBody;
use super::cases::{case_summary, visible_case};
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::CaseRecord;
use crate::trail;
use crate::workflow::Step;

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/contact",
    tag = "handling",
    summary = "The complainant's name and contacts in full to call them back, for a stated purpose that the personal-data access log keeps (the case's handler, its department head, the VOC manager, administrators)",
    params(("id" = i64, Path)),
    request_body = ContactPurposeInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "the contacts; the view is logged", body = CaseContactView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "`not_permitted`: not working this case (another handler's, or a role that does not handle cases)", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody),
        (status = 409, description = "`no_contact`: filed anonymously, or its personal data destroyed after the retention period", body = ErrorBody),
        (status = 422, description = "no purpose, or one over 200 characters or holding contacts", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/contact` `{purpose}`
pub async fn contact(
    State(state): State<AppState>,
    Staff(user): Staff,
    ClientAddr(address): ClientAddr,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ContactPurposeInput>,
) -> ApiResult<Json<CaseContactView>> {
    let step = Step::begin(&state, &user, id, CaseAction::ShowContact).await?;
    let purpose = input.validate().map_err(ApiError::Validation)?;
    let c = step.case;
    if c.name.is_none() && c.phone.is_none() && c.email.is_none() {
        return Err(ApiError::NoContact);
    }
    // No record, no disclosure.
    let [name, phone, email] = masked_contacts(c.name.as_deref(), c.phone.as_deref(), c.email.as_deref());
    let detail = [name, phone, email].into_iter().flatten().collect::<Vec<_>>().join(" ");
    trail::access_for(&state, &user, &address, Some(c.id), AccessKind::CaseContact, &purpose, detail).await?;
    tracing::info!(receipt_no = %c.receipt_no, by = %user.username, "complainant's contacts shown");
    Ok(Json(CaseContactView {
        name: c.name,
        phone: c.phone.map(|p| PhoneNumber::parse(&p).map(|p| p.to_string()).unwrap_or(p)),
        email: c.email,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/complainant-cases",
    tag = "handling",
    summary = "The same complainant's other cases (by phone number or e-mail address) that the reader may see, and how many they filed in the last year",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "their other cases, newest first, and counts", body = ComplainantCases),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 404, description = "no such case, or not visible", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{id}/complainant-cases`
pub async fn cases(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<ComplainantCases>> {
    let case = visible_case(&state, &user, id).await?;
    let scope = CaseScope::of(user.role, user.id, user.department_id);
    // The stored contacts, as the search matches them; one that no longer parses matches nothing.
    let contacts = [
        case.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok()).map(|p| (p.to_string(), p.masked())),
        case.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| (e.to_string(), e.masked())),
    ];
    let mut found: Vec<CaseRecord> = Vec::new();
    let mut complete = true;
    let mut matched_by = Vec::new();
    for (contact, masked) in contacts.into_iter().flatten() {
        matched_by.push(masked);
        let input =
            CaseSearchInput { contact, per_page: SEARCH_PER_PAGE_MAX.to_string(), ..CaseSearchInput::default() };
        let search = input.parse().map_err(ApiError::Validation)?;
        let (total, cases) = state.store.search_cases(&search, scope).await?;
        complete &= total <= SEARCH_PER_PAGE_MAX;
        for c in cases {
            if !found.iter().any(|f| f.id == c.id) {
                found.push(c);
            }
        }
    }
    if matched_by.is_empty() {
        return Ok(Json(ComplainantCases { complete: true, ..ComplainantCases::default() }));
    }
    // The case itself is among them: counted, not listed.
    if !found.iter().any(|f| f.id == case.id) {
        found.push(case.clone());
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.id));
    let today = to_seoul(state.now()).date_naive();
    let last_year = filed_recently_by_kind(found.iter().map(|c| (c.kind, to_seoul(c.received_at).date_naive())), today)
        .into_iter()
        .map(|(kind, count)| KindCount { kind, count })
        .collect();
    let open = found.iter().filter(|c| c.status.is_open()).count();
    let others: Vec<&CaseRecord> = found.iter().filter(|c| c.id != case.id).collect();
    Ok(Json(ComplainantCases {
        matched_by,
        others: others.len() as i64,
        items: others.iter().take(HISTORY_SHOWN).map(|c| case_summary(c)).collect(),
        last_year,
        open: open as i64,
        complete,
    }))
}
