//! Knowing the complainant: their contacts in full to call them back (for a stated purpose the
//! personal-data access log keeps, before anything is shown), and their other cases with what
//! they filed over the last year, matched by phone number or e-mail address, as far as the
//! reader may see them (carried by the staff case view).

use super::json::Path;
use app::api::{CaseContactView, ComplainantSummary, EarlierCaseView, ErrorBody, KindCount};
use app::domain::{
    AccessKind, CaseAction, CaseScope, ContactPurposeInput, Email, HISTORY_SHOWN, PhoneNumber, SEARCH_PER_PAGE_MAX,
    SIMILAR_TEXT, filed_recently_by_kind, masked_address, masked_contacts, text_similarity, to_seoul,
};
use axum::Json;
use axum::extract::State;

use super::JsonBody;
use crate::AppState;
use crate::auth::{ClientAddr, Staff};
use crate::error::{ApiError, ApiResult};
use crate::store::{CaseRecord, LinkRecord, PersonCase, PersonMatch, User};
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

/// The stored contacts of a case as a search matches them (one that no longer parses
/// matches nothing), each with how the page shows it.
fn contacts_of(case: &CaseRecord) -> [Option<String>; 2] {
    [
        case.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok()).map(|p| p.masked()),
        case.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| e.masked()),
    ]
}

/// Which of the complainant's other cases `user` sees beside `case`: those their scope
/// allows, matched by the contacts that still parse.
pub(super) fn person_match(user: &User, case: &CaseRecord) -> PersonMatch {
    let [phone, email] = contacts_of(case);
    PersonMatch {
        scope: CaseScope::of(user.role, user.id, user.department_id),
        phone: phone.is_some(),
        email: email.is_some(),
    }
}

/// The same complainant's other cases (`found`, read with the view as [`person_match`]
/// says: newest first, one more than a full search page at most), the newest
/// [`HISTORY_SHOWN`] of them each marked when its text is much like this one's or it is
/// linked already, and what they filed over the last year.
pub(super) fn same_complainant(
    state: &AppState,
    case: &CaseRecord,
    mut found: Vec<PersonCase>,
    links: &[LinkRecord],
) -> (Vec<EarlierCaseView>, ComplainantSummary) {
    let matched_by: Vec<String> = contacts_of(case).into_iter().flatten().collect();
    if matched_by.is_empty() {
        return (Vec::new(), ComplainantSummary { complete: true, ..ComplainantSummary::default() });
    }
    let complete = i64::try_from(found.len()).unwrap_or(i64::MAX) <= SEARCH_PER_PAGE_MAX;
    found.truncate(usize::try_from(SEARCH_PER_PAGE_MAX).unwrap_or(usize::MAX));
    let today = to_seoul(state.now()).date_naive();
    let theirs =
        || found.iter().map(|c| (c.kind, c.status, c.received_at)).chain([(case.kind, case.status, case.received_at)]);
    let summary = ComplainantSummary {
        matched_by,
        complete,
        last_year: filed_recently_by_kind(theirs().map(|(kind, _, at)| (kind, to_seoul(at).date_naive())), today)
            .into_iter()
            .map(|(kind, count)| KindCount { kind, count })
            .collect(),
        open: i64::try_from(theirs().filter(|(_, status, _)| status.is_open()).count()).unwrap_or(i64::MAX),
        others: i64::try_from(found.len()).unwrap_or(i64::MAX),
    };
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
    (earlier, summary)
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(contact))
}
