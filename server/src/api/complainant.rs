//! Knowing the complainant: their contacts in full to call them back (for a stated purpose the
//! personal-data access log keeps, before anything is shown), and their other cases with what
//! they filed over the last year, matched by phone number or e-mail address, as far as the
//! reader may see them (carried by the staff case view).

use super::json::Path;
use app::api::{CaseContactView, ComplainantSummary, EarlierCaseView, ErrorBody, KindCount};
use app::domain::{
    AccessKind, CaseAction, CaseScope, CaseSearchInput, ContactPurposeInput, Email, HISTORY_SHOWN, PhoneNumber,
    SEARCH_PER_PAGE_MAX, SIMILAR_TEXT, filed_recently_by_kind, masked_address, masked_contacts, text_similarity,
    to_seoul,
};
use axum::Json;
use axum::extract::State;

use super::JsonBody;
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{CaseRecord, LinkRecord, User};
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
    if c.name.is_none() && c.phone.is_none() && c.email.is_none() && c.address.is_none() {
        return Err(ApiError::NoContact);
    }
    // No record, no disclosure.
    let [name, phone, email] = masked_contacts(c.name.as_deref(), c.phone.as_deref(), c.email.as_deref());
    let postal = c.address.as_deref().map(masked_address);
    let detail = [name, phone, email, postal].into_iter().flatten().collect::<Vec<_>>().join(" ");
    trail::access_for(&state, &user, &address, Some(c.id), AccessKind::CaseContact, &purpose, detail).await?;
    tracing::info!(receipt_no = %c.receipt_no, by = %user.username, "complainant's contacts shown");
    Ok(Json(CaseContactView {
        name: c.name,
        phone: c.phone.map(|p| PhoneNumber::parse(&p).map(|p| p.to_string()).unwrap_or(p)),
        email: c.email,
        address: c.address,
    }))
}

/// The same complainant's other cases that `user` may see, matched by the case's phone
/// number or e-mail address in any writing (newest first, at most [`HISTORY_SHOWN`], each
/// marked when its text is much like this one's or it is linked already), and what they filed
/// over the last year: two searches, whatever the page shows.
pub(super) async fn same_complainant(
    state: &AppState,
    user: &User,
    case: &CaseRecord,
    links: &[LinkRecord],
) -> ApiResult<(Vec<EarlierCaseView>, ComplainantSummary)> {
    let scope = CaseScope::of(user.role, user.id, user.department_id);
    // The stored contacts, as the search matches them; one that no longer parses matches nothing.
    let contacts = [
        case.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok()).map(|p| (p.to_string(), p.masked())),
        case.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| (e.to_string(), e.masked())),
    ];
    let mut found: Vec<CaseRecord> = Vec::new();
    let mut summary = ComplainantSummary { complete: true, ..ComplainantSummary::default() };
    for (contact, masked) in contacts.into_iter().flatten() {
        summary.matched_by.push(masked);
        let input =
            CaseSearchInput { contact, per_page: SEARCH_PER_PAGE_MAX.to_string(), ..CaseSearchInput::default() };
        let search = input.parse().map_err(ApiError::Validation)?;
        let (total, cases) = state.store.search_cases(&search, scope).await?;
        summary.complete &= total <= SEARCH_PER_PAGE_MAX;
        for c in cases {
            if c.id != case.id && !found.iter().any(|f| f.id == c.id) {
                found.push(c);
            }
        }
    }
    if summary.matched_by.is_empty() {
        return Ok((Vec::new(), summary));
    }
    found.sort_by(|a, b| b.received_at.cmp(&a.received_at).then(b.id.cmp(&a.id)));
    let today = to_seoul(state.now()).date_naive();
    let theirs = || found.iter().chain(std::iter::once(case));
    summary.last_year = filed_recently_by_kind(theirs().map(|c| (c.kind, to_seoul(c.received_at).date_naive())), today)
        .into_iter()
        .map(|(kind, count)| KindCount { kind, count })
        .collect();
    summary.open = i64::try_from(theirs().filter(|c| c.status.is_open()).count()).unwrap_or(i64::MAX);
    summary.others = i64::try_from(found.len()).unwrap_or(i64::MAX);
    let earlier = found
        .iter()
        .take(HISTORY_SHOWN)
        .map(|c| EarlierCaseView {
            id: c.id,
            receipt_no: c.receipt_no.clone(),
            kind: c.kind,
            status: c.status,
            received_at: to_seoul(c.received_at),
            closed_at: c.closed_at.map(to_seoul),
            summary: super::cases::summary(&c.content),
            similar: text_similarity(&c.content, &case.content) >= SIMILAR_TEXT,
            linked: links.iter().any(|l| l.other_id == c.id),
        })
        .collect();
    Ok((earlier, summary))
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(contact))
}
