use super::json::{Path, Query};
use app::api::ErrorBody;
use app::api::{
    AnswerRecordView, AnswerView, CaseEvent, CaseSummary, CreatedCase, HistoryEntry, NoteView, Paged, PauseView,
    PublicCaseView, StaffCaseView,
};
use app::domain::{AnswerInput, BusinessCalendar, CaseAction, Channel, FieldError, NewCaseInput, PauseInput, to_seoul};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::JsonBody;
use crate::AppState;
use crate::auth::{self, MaybeStaff, Staff};
use crate::error::{ApiError, ApiResult, Intake};
use crate::store::{Answer, CaseRecord, KioskKey, NewCase, StoreError, TokenPurpose};
use crate::throttle;
use crate::workflow::{self, Step};

#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "cases",
    summary = "File a VOC",
    params(("X-Kiosk-Key" = Option<String>, Header, description = "a registered kiosk's key (the kiosk page sends its cookie instead): the kiosk's own limits instead of the address's"), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{8,128}$", description = "8–128 visible ASCII characters: a retry with the same key and body answers the first filing instead of filing twice; the same key with another body is refused (409)")),
    request_body = NewCaseInput,
    responses(
        (status = 201, description = "received", body = CreatedCase),
        (status = 400, description = "not JSON", body = ErrorBody),
        (status = 403, description = "`kiosk_key_revoked`: the kiosk's key was revoked", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many filings from this address without a session in the last hour (`VOC_LIMIT_FILINGS_PER_HOUR`); a retry with the same Idempotency-Key still gets its case", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds until the limit's window ends")))
    )
)]
/// `POST /api/v1/cases` → 201. The public files on the kiosk, homepage or phone with the
/// server's clock; staff may register the other channels with the real receipt time.
pub async fn create(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    auth::ClientAddr(address): auth::ClientAddr,
    auth::Kiosk(kiosk): auth::Kiosk,
    headers: axum::http::HeaderMap,
    JsonBody(mut input): JsonBody<NewCaseInput>,
) -> ApiResult<(StatusCode, Json<CreatedCase>)> {
    // Read-only executives file as the public does.
    let staff = staff.filter(|u| !u.role.read_only());
    if let Some(k) = &kiosk {
        // A registered kiosk files on the kiosk channel; the visitor may name another facility
        // or none, but the kiosk's own is where one left blank was filed.
        input.channel = Channel::Kiosk.as_str().into();
        if input.facility.as_deref().is_none_or(str::is_empty) && staff.is_none() {
            input.facility = Some(k.facility.clone());
        }
        state.store.touch_kiosk(k.id, state.now()).await?;
    }
    let idempotency = idempotency(&headers, &input, staff.as_ref())?;
    let now = state.now();
    let checked = input.validate(now);
    let staff_channel = input.channel.parse::<Channel>().is_ok_and(|c| !c.is_self_service());
    let mut valid = match (checked, staff.is_none() && staff_channel) {
        (Ok(v), false) => v,
        (checked, refused) => {
            let mut errs = checked.err().unwrap_or_default();
            if refused {
                errs.add("channel", FieldError::ChannelNeedsStaff);
            }
            return Err(ApiError::Validation(errs));
        }
    };
    if staff.is_none() {
        // A member of the public cannot back-date a case.
        valid.received_at = None;
    }
    let new = NewCase { actor: staff, idempotency, ..workflow::received(&state, valid).await? };
    // Filing without a session is limited per address; a retry of the same filing (its
    // Idempotency-Key) gives its count back below.
    let held = if new.actor.is_some() {
        Vec::new()
    } else {
        match public_intake(&state, Intake::Filing, &address, kiosk.as_ref()).await {
            Ok(held) => held,
            Err(limited) => {
                // Over the limit, but a retry of a filing that was made gets its case: the
                // first answer may never have reached the person.
                let replayed = match &new.idempotency {
                    Some((key, fingerprint)) => state.store.replay_of(key, fingerprint).await?,
                    None => None,
                };
                let Some(id) = replayed else { return Err(limited) };
                let case = state.store.case_by_id(id).await?.ok_or(ApiError::NotFound)?;
                return Ok((StatusCode::CREATED, Json(created_again(&state, case).await?)));
            }
        }
    };
    let case = match workflow::filing::file(&state, &new).await {
        // A retry or a double tap: the case the first request made, answered the same way.
        Err(ApiError::Store(StoreError::Replay(id))) => {
            throttle::give_back(state.store.as_ref(), held).await?;
            let case = state.store.case_by_id(id).await?.ok_or(ApiError::NotFound)?;
            tracing::info!(receipt_no = %case.receipt_no, "repeated filing answered with its case");
            return Ok((StatusCode::CREATED, Json(created_again(&state, case).await?)));
        }
        Err(ApiError::Store(StoreError::KeyReused)) => return Err(ApiError::IdempotencyKeyReused),
        r => r?,
    };
    tracing::info!(receipt_no = %case.receipt_no, kind = %case.kind, channel = %case.channel, "case received");
    state.publish("created", &case).await;
    Ok((StatusCode::CREATED, Json(created(case, new.tracking_token))))
}

/// Counts one anonymous request of a kind against its hourly limit (when `VOC_RATE_LIMITS`
/// is on): a registered kiosk's own, else its client address's. Past it, 429 naming what was
/// limited and when to try again.
pub async fn public_intake(
    state: &AppState,
    intake: Intake,
    address: &str,
    kiosk: Option<&KioskKey>,
) -> ApiResult<Vec<throttle::Held>> {
    let limits = &state.intake_limits;
    if !limits.on {
        return Ok(Vec::new());
    }
    let (bucket, limit, kiosk_limit) = match intake {
        Intake::Filing => ("file", limits.filings, limits.kiosk_filings),
        Intake::Upload => ("upload", limits.uploads, limits.kiosk_uploads),
        Intake::Lookup => ("lookup:all", limits.lookups, limits.kiosk_lookups),
    };
    let (who, limit) = match kiosk {
        Some(k) => (format!("kiosk-{}", k.id), kiosk_limit),
        None => (address.to_owned(), limit),
    };
    match throttle::take(state.store.as_ref(), state.now(), &[(format!("{bucket}:{who}"), limit)]).await? {
        Ok(held) => Ok(held),
        Err(r) => {
            tracing::warn!(%address, ?intake, "public intake limited");
            Err(ApiError::RateLimited { intake, retry_after_secs: r.retry_after_secs })
        }
    }
}

/// The answer to a filing, with the raw tracking token: the one time it leaves the server
/// (only its hash is kept).
pub fn created(case: CaseRecord, tracking_token: String) -> CreatedCase {
    CreatedCase {
        id: case.id,
        receipt_no: case.receipt_no,
        tracking_token,
        kind: case.kind,
        status: case.status,
        received_at: to_seoul(case.received_at),
        due_at: to_seoul(case.due_at),
    }
}

/// The answer to a repeated filing: the first answer's token is not kept, so the repeat gets
/// a tracking token of its own for the same case (the first still works).
async fn created_again(state: &AppState, case: CaseRecord) -> ApiResult<CreatedCase> {
    let token = state.store.mint_case_token(case.id, TokenPurpose::Track, None, state.now()).await?;
    Ok(created(case, token))
}

/// The `Idempotency-Key` header (8–128 visible ASCII characters), and the fingerprint of the
/// request it came with: the body as parsed and who sent it.
fn idempotency(
    headers: &axum::http::HeaderMap,
    input: &NewCaseInput,
    staff: Option<&crate::store::User>,
) -> ApiResult<Option<(String, String)>> {
    use sha2::Digest;
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    let key = value.to_str().map_err(|_| ApiError::BadIdempotencyKey)?.trim();
    if !(8..=128).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::BadIdempotencyKey);
    }
    let body = serde_json::to_string(input).map_err(|e| ApiError::MalformedBody(e.to_string()))?;
    let who = staff.map_or(0, |u| u.id);
    let digest = sha2::Sha256::digest(format!("{who}\n{body}").as_bytes());
    let fingerprint = crate::auth::hex(&digest);
    Ok(Some((key.to_owned(), fingerprint)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    token: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{key}",
    tag = "cases",
    summary = "One case",
    params(("key" = String, Path, description = "with `token`: the receipt number; with a session: the case id or its receipt number"), TokenQuery),
    responses(
        (status = 200, description = "the case: the complainant's view with a token, the staff view with a session", body = CaseReply),
        (status = 401, description = "staff view without a session", body = ErrorBody),
        (status = 404, description = "no such case, or number and token do not match (no hint which)", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{key}`: with `?token=` the complainant's view by receipt number;
/// without, the staff view by id.
pub async fn show(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<TokenQuery>,
    staff: MaybeStaff,
) -> ApiResult<Json<CaseReply>> {
    Ok(Json(match complainant_or_staff(&state, &key, &q, staff).await? {
        (case, None) => CaseReply::Complainant(Box::new(public_reply(&state, &case).await?.0)),
        (case, Some(user)) => CaseReply::Staff(Box::new(staff_reply(&state, &case, &user).await?.0)),
    }))
}

/// The case `key` names: by receipt number and tracking token for the complainant (no user),
/// or by id or receipt number for a signed-in staff member who may see it.
async fn complainant_or_staff(
    state: &AppState,
    key: &str,
    q: &TokenQuery,
    staff: MaybeStaff,
) -> ApiResult<(CaseRecord, Option<crate::store::User>)> {
    if q.token.is_some() {
        return Ok((complainants_case(state, key, q).await?, None));
    }
    let Some(user) = staff.0 else { return Err(ApiError::Unauthorized) };
    Ok((staff_case(state, &user, key).await?, Some(user)))
}

/// `GET /api/v1/cases/{key}` answers one of two views, by who asks.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum CaseReply {
    /// With the tracking token: what the complainant may see.
    Complainant(Box<PublicCaseView>),
    /// With a session: the staff view.
    Staff(Box<StaffCaseView>),
}

#[utoipa::path(
    post,
    path = "/api/v1/lookup",
    tag = "cases",
    summary = "The complainant finds their case by receipt number plus the phone number or e-mail given when filing",
    params(("X-Kiosk-Key" = Option<String>, Header, description = "a registered kiosk's key (the kiosk page sends its cookie instead): the kiosk's own limits instead of the address's")),
    request_body = app::domain::LookupInput,
    responses(
        (status = 200, description = "the tracking link", body = app::api::LookupView),
        (status = 403, description = "`kiosk_key_revoked`: the kiosk's key was revoked", body = ErrorBody),
        (status = 404, description = "no case with this number and contact", body = ErrorBody),
        (status = 422, description = "malformed number or contact", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: five failures for this receipt number (or twenty from this address) in 15 minutes; `rate_limited`: more than the hourly lookups from this address", body = ErrorBody, headers(("Retry-After" = i64, description = "seconds until the limit's window ends")))
    )
)]
/// `POST /api/v1/lookup` `{receipt_no, contact}`: the tracking link of the case whose receipt
/// number and phone number or e-mail address both match. Each try is counted before the
/// look-up, per receipt number and per client address (a match gives it back), so neither
/// can be guessed; and every lookup from one address counts against its hourly limit.
/// These counts are apart from sign-in's: a visitor's failed lookups never lock staff out.
pub async fn lookup(
    State(state): State<AppState>,
    auth::ClientAddr(address): auth::ClientAddr,
    auth::Kiosk(kiosk): auth::Kiosk,
    JsonBody(input): JsonBody<app::domain::LookupInput>,
) -> ApiResult<Json<app::api::LookupView>> {
    let wanted = input.validate().map_err(ApiError::Validation)?;
    let receipt = wanted.receipt_no.to_string();
    let store = state.store.as_ref();
    public_intake(&state, Intake::Lookup, &address, kiosk.as_ref()).await?;
    let guesses = [
        (format!("lookup:receipt:{receipt}"), throttle::LOOKUP_FAILURES_PER_RECEIPT),
        (format!("lookup:addr:{address}"), throttle::LOOKUP_FAILURES_PER_ADDRESS),
    ];
    let held = match throttle::take(store, state.now(), &guesses).await? {
        Ok(held) => held,
        Err(r) => return Err(ApiError::LookupThrottled { retry_after_secs: r.retry_after_secs }),
    };
    let case = match state.store.case_id_by_receipt(&receipt).await? {
        Some(id) => state.store.case_by_id(id).await?,
        None => None,
    };
    match case.filter(|c| wanted.matches(c.phone.as_deref(), c.email.as_deref())) {
        Some(c) => {
            throttle::give_back(store, held).await?;
            // The receipt's token is not kept: the lookup opens the case with a new one.
            let token = store.mint_case_token(c.id, TokenPurpose::Track, None, state.now()).await?;
            Ok(Json(app::api::LookupView { tracking_path: app::api::tracking_path(&c.receipt_no, &token) }))
        }
        None => {
            tracing::warn!(receipt_no = %receipt, %address, "tracking lookup failed");
            Err(match throttle::full(&held, state.now()) {
                Some(r) => ApiError::LookupThrottled { retry_after_secs: r.retry_after_secs },
                None => ApiError::LookupNotFound,
            })
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{key}/qr.svg",
    tag = "cases",
    summary = "The complainant's tracking link as a QR code (SVG), for the kiosk's receipt screen",
    params(("key" = String, Path, description = "the receipt number"), TokenQuery),
    responses(
        (status = 200, description = "the QR code", content_type = "image/svg+xml", body = String),
        (status = 404, description = "number and token do not match", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{receipt_no}/qr.svg?token=…`: the tracking link as a QR code, for the
/// kiosk's receipt screen, so the visitor can carry on from their phone.
pub async fn tracking_qr(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
) -> ApiResult<Response> {
    let case = complainants_case(&state, &receipt, &q).await?;
    let token = q.token.as_deref().unwrap_or_default().trim();
    // In the visitor's language: the page opens as they filed.
    let lang = if case.lang == app::domain::Lang::En { "&lang=en" } else { "" };
    let path = app::api::tracking_path(&case.receipt_no, token);
    let url = format!("{}{path}{lang}", state.public_url.trim_end_matches('/'));
    let svg = crate::qr::svg(&url).map_err(|e| ApiError::Export(format!("QR code: {e}")))?;
    Ok(([(http::header::CONTENT_TYPE, "image/svg+xml"), (http::header::CACHE_CONTROL, "private, no-store")], svg)
        .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{key}/notice.pdf",
    tag = "cases",
    summary = "The written result notice (결과 통지서) as PDF: for the complainant with the tracking token, for staff who may see the case with a session",
    params(("key" = String, Path, description = "with `token`: the receipt number; with a session: the case id or its receipt number"), TokenQuery),
    responses(
        (status = 200, description = "the letter, an A4 PDF with the Korean as text", content_type = "application/pdf", body = String),
        (status = 401, description = "staff letter without a session", body = ErrorBody),
        (status = 404, description = "no such case, not visible to this user, or number and token do not match", body = ErrorBody),
        (status = 409, description = "`no_result_yet`: the case is not closed with an approved answer", body = ErrorBody),
        (status = 503, description = "`letter_unavailable`: the letter's font is not installed", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases/{key}/notice.pdf`: the result notice in writing. Staff printing it for
/// the post see the complainant's name unmasked, so the view is on record first.
pub async fn notice_pdf(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<TokenQuery>,
    staff: MaybeStaff,
    auth::ClientAddr(address): auth::ClientAddr,
) -> ApiResult<Response> {
    let (case, staff) = complainant_or_staff(&state, &key, &q, staff).await?;
    let (name, pdf) = workflow::complainant::result_letter(&state, &case).await?;
    if let Some(user) = staff {
        let what = app::domain::AccessKind::ResultLetter;
        crate::trail::access(&state, &user, &address, Some(case.id), what, case.receipt_no.clone()).await?;
    }
    Ok((
        [
            (http::header::CONTENT_TYPE, "application/pdf".to_owned()),
            (http::header::CONTENT_DISPOSITION, super::uploads::content_disposition("attachment", &name)),
            (http::header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}

async fn complainants_case(state: &AppState, receipt: &str, q: &TokenQuery) -> ApiResult<CaseRecord> {
    let token = q.token.as_deref().unwrap_or_default();
    state.store.case_by_receipt_and_token(receipt.trim(), token.trim()).await?.ok_or(ApiError::TrackingNotFound)
}

/// The complainant's view; while the survey of a closed case is open and unanswered, with a
/// survey link minted for it (its own token, apart from the tracking one, good until the
/// survey window closes).
async fn public_reply(state: &AppState, case: &CaseRecord) -> ApiResult<Json<PublicCaseView>> {
    let submitted = state.store.survey_submitted(case.id).await?;
    // A merged duplicate is answered, and its survey opens, with its original.
    let original = workflow::complainant::original_of(state, case).await?;
    let opened = workflow::complainant::survey_opened(case, original.as_ref());
    let until = opened.map(|c| c + chrono::Duration::days(state.survey_days)).filter(|u| *u > state.now());
    let survey_path = match until {
        Some(until) if case.status == app::domain::CaseStatus::Closed && !submitted => {
            let token = state.store.mint_case_token(case.id, TokenPurpose::Survey, Some(until), state.now()).await?;
            Some(format!("/survey/{token}"))
        }
        _ => None,
    };
    let mut view = public_view(case, submitted, survey_path);
    if let Some(o) = &original {
        view.answer = o.answer.as_ref().filter(|_| o.status == app::domain::CaseStatus::Closed).map(answer_view);
    }
    if case.status.is_open() {
        view.extension_proposal =
            state.store.extension_proposal(case.id).await?.filter(|p| p.answer.is_none()).map(proposal_view);
    }
    view.appeal = match &case.appealed_by {
        Some((id, receipt)) => {
            let token = state.store.mint_case_token(*id, TokenPurpose::Track, None, state.now()).await?;
            app::api::AppealView {
                last_day: None,
                filed: Some(receipt.clone()),
                filed_path: Some(app::api::tracking_path(receipt, &token)),
            }
        }
        None => {
            let today = to_seoul(state.now()).date_naive();
            app::api::AppealView {
                last_day: workflow::complainant::appeal_window_of(case, today).ok(),
                ..Default::default()
            }
        }
    };
    // Only what went to the complainant's own number or address (a co-complainant's are theirs).
    let own = [case.phone.as_deref(), case.email.as_deref()];
    view.notices = state
        .store
        .case_notices(case.id)
        .await?
        .into_iter()
        .filter(|n| {
            n.notice.audience() == app::domain::Audience::Complainant && own.contains(&Some(n.recipient.as_str()))
        })
        .map(|n| app::api::PublicNoticeView {
            notice: n.notice,
            channel: n.channel,
            state: n.state,
            created_at: to_seoul(n.created_at),
            sent_at: n.sent_at.map(to_seoul),
        })
        .collect();
    let now = state.now();
    view.supplements =
        state.store.case_supplements(case.id).await?.into_iter().map(|s| supplement_view(s, now)).collect();
    if case.extensions > 0 {
        view.extension_reason = state.store.case_extensions(case.id).await?.pop().map(|e| e.reason);
    }
    Ok(Json(view))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/withdraw",
    tag = "cases",
    summary = "The complainant withdraws an open case (tracking token)",
    params(("id" = String, Path, description = "the receipt number"), TokenQuery),
    responses(
        (status = 200, description = "withdrawn", body = PublicCaseView),
        (status = 404, description = "number and token do not match", body = ErrorBody),
        (status = 409, description = "already closed or withdrawn", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{receipt_no}/withdraw?token=…`: the complainant withdraws before
/// closure; the case stays on record as withdrawn.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
) -> ApiResult<Json<PublicCaseView>> {
    let case = complainants_case(&state, &receipt, &q).await?;
    let change = workflow::complainant::withdraw(&state, case).await?;
    change.publish(&state).await;
    public_reply(&state, &change.case).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/amend",
    tag = "cases",
    summary = "The complainant changes the content of an open case (tracking token)",
    params(("id" = String, Path, description = "the receipt number"), TokenQuery),
    request_body = app::api::AmendInput,
    responses(
        (status = 200, description = "amended", body = PublicCaseView),
        (status = 404, description = "number and token do not match", body = ErrorBody),
        (status = 409, description = "closed or withdrawn", body = ErrorBody),
        (status = 422, description = "refused content", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{receipt_no}/amend?token=…` `{content}`: a change before closure.
pub async fn amend(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
    JsonBody(input): JsonBody<app::api::AmendInput>,
) -> ApiResult<Json<PublicCaseView>> {
    let content = app::domain::Content::parse(&input.content).map_err(|e| {
        let mut errs = app::domain::FieldErrors::default();
        errs.add("content", e);
        ApiError::Validation(errs)
    })?;
    let case = complainants_case(&state, &receipt, &q).await?;
    let change = workflow::complainant::amend(&state, case, &content).await?;
    change.publish(&state).await;
    public_reply(&state, &change.case).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/supplement-answer",
    tag = "cases",
    summary = "The complainant answers the supplement asked of them (tracking token): text and files as at filing; the clock runs again",
    params(("id" = String, Path, description = "the receipt number"), TokenQuery),
    request_body = app::domain::SupplementAnswerInput,
    responses(
        (status = 200, description = "answered", body = PublicCaseView),
        (status = 404, description = "number and token do not match", body = ErrorBody),
        (status = 409, description = "closed or withdrawn, or nothing is asked (`no_supplement_asked`)", body = ErrorBody),
        (status = 422, description = "no text and no files, text too long, too many files, or an upload that is unknown or expired (`upload_not_found`)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{receipt_no}/supplement-answer?token=…` `{text, attachments}`
pub async fn answer_supplement(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
    JsonBody(input): JsonBody<app::domain::SupplementAnswerInput>,
) -> ApiResult<Json<PublicCaseView>> {
    // The link first: nobody learns how a case's forms are checked without it.
    let case = complainants_case(&state, &receipt, &q).await?;
    let answer = input.validate().map_err(ApiError::Validation)?;
    let change = workflow::complainant::answer_supplement(&state, case, &answer).await?;
    change.publish(&state).await;
    public_reply(&state, &change.case).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/extension-consent",
    tag = "cases",
    summary = "The complainant agrees to, or declines, a proposed second extension (tracking token); agreeing extends the period at once",
    params(("id" = String, Path, description = "the receipt number"), TokenQuery),
    request_body = app::api::ConsentAnswer,
    responses(
        (status = 200, description = "answered: with `agree`, the case with its new due", body = PublicCaseView),
        (status = 404, description = "number and token do not match", body = ErrorBody),
        (status = 409, description = "nothing awaits consent (`no_extension_proposal`), the period ended meanwhile (`period_passed`), or the case is closed", body = ErrorBody),
        (status = 422, description = "the proposal no longer fits the period (e.g. its day is no longer a business day)", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{receipt_no}/extension-consent?token=…` `{agree}`
pub async fn extension_consent(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
    JsonBody(input): JsonBody<app::api::ConsentAnswer>,
) -> ApiResult<Json<PublicCaseView>> {
    let case = complainants_case(&state, &receipt, &q).await?;
    let change = workflow::complainant::answer_extension(&state, case, input.agree).await?;
    change.publish(&state).await;
    public_reply(&state, &change.case).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/appeal",
    tag = "cases",
    summary = "The complainant appeals a result not fully accepted (이의신청, tracking token): a new case of the appeal kind, in the deciding department, due in 10 days",
    params(("id" = String, Path, description = "the receipt number"), TokenQuery),
    request_body = app::domain::AppealInput,
    responses(
        (status = 201, description = "the appeal, with its own tracking token", body = CreatedCase),
        (status = 404, description = "number and token do not match", body = ErrorBody),
        (status = 409, description = "no result to appeal or it was fully accepted (`nothing_to_appeal`), the 90 days have passed (`appeal_too_late`), or it was appealed already (`already_appealed`)", body = ErrorBody),
        (status = 422, description = "the reasons are missing, too short or too long", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{receipt_no}/appeal?token=…` `{reasons}`
pub async fn appeal(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Query(q): Query<TokenQuery>,
    JsonBody(input): JsonBody<app::domain::AppealInput>,
) -> ApiResult<(StatusCode, Json<CreatedCase>)> {
    let case = complainants_case(&state, &receipt, &q).await?;
    let reasons = input.validate().map_err(ApiError::Validation)?;
    let (appeal, token) = workflow::complainant::appeal(&state, case, &reasons).await?;
    state.publish("created", &appeal).await;
    Ok((StatusCode::CREATED, Json(created(appeal, token))))
}

#[utoipa::path(
    get,
    path = "/api/v1/queue",
    tag = "cases",
    summary = "One page of the live queue: the open cases the user may see in one view (mine, my department, unrouted, due soon, overdue, paused or all), narrowed by filters and words, in queue order, with every view's count",
    params(app::api::QueueFilterInput),
    security(("session" = [])),
    responses(
        (status = 200, description = "serious cases first, then overdue, urgent, running before paused, by deadline", body = app::api::QueuePage),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "refused values, each named (`unknown_item` on view, `too_long` on q, unknown_kind, unknown_channel, unknown_department, unknown_status, `page_out_of_range` on page or per_page)", body = ErrorBody)
    )
)]
/// `GET /api/v1/queue?view&q&kind&channel&facility&category&department&status&page&per_page`:
/// the database filters, counts, sorts and pages; the page lands pushed changes on the rows it
/// shows by the same rules (`app::queue`).
#[tracing::instrument(skip_all, fields(user = %user.username))]
pub async fn queue(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(input): Query<app::api::QueueFilterInput>,
) -> ApiResult<Json<app::api::QueuePage>> {
    let filter = input.parse().map_err(ApiError::Validation)?;
    let look = crate::queue::look(state.store.as_ref(), &user, &filter, state.now()).await?;
    Ok(Json(crate::queue::page(state.store.as_ref(), &look).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/queue/counts",
    tag = "cases",
    summary = "How many open cases each view of the live queue holds with the filters and words given (what the page asks after pushed changes, instead of the page again)",
    params(app::api::QueueFilterInput),
    security(("session" = [])),
    responses(
        (status = 200, description = "the count of every view", body = app::api::QueueCounts),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "refused values, each named, as for GET /api/v1/queue", body = ErrorBody)
    )
)]
/// `GET /api/v1/queue/counts?…`: the views' counts alone.
pub async fn queue_counts(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(input): Query<app::api::QueueFilterInput>,
) -> ApiResult<Json<app::api::QueueCounts>> {
    let filter = input.parse().map_err(ApiError::Validation)?;
    let look = crate::queue::look(state.store.as_ref(), &user, &filter, state.now()).await?;
    Ok(Json(state.store.queue_counts(&look).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    summary = "Find cases: every case the user may see, open, closed or withdrawn, by words, receipt number, contact and filters",
    params(app::domain::CaseSearchInput),
    security(("session" = [])),
    responses(
        (status = 200, description = "one page of cases, the most recently filed first unless sorted otherwise; `total` counts up to 10,001, which means more than 10,000", body = Paged<CaseSummary>),
        (status = 422, description = "refused filters, each named", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases?q&receipt_no&contact&status&kind&channel&facility&category&department&assignee&from&to&sort&page&per_page`:
/// the cases in the user's scope (the same rule as opening one) that match every filter given.
#[tracing::instrument(skip_all, fields(user = %user.username))]
pub async fn search(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(input): Query<app::domain::CaseSearchInput>,
) -> ApiResult<Json<Paged<CaseSummary>>> {
    let search = input.parse().map_err(ApiError::Validation)?;
    let scope = app::domain::CaseScope::of(user.role, user.id, user.department_id);
    let (total, cases) = state.store.search_cases(&search, scope).await?;
    let items = cases.iter().map(case_summary).collect();
    Ok(Json(Paged { total, page: search.page, per_page: search.per_page, items }))
}

/// Every case a search finds (at most [`app::domain::SEARCH_COUNT_MAX`], else 422 on `to`),
/// for an export, on the personal-data access log with the filters and the count.
async fn search_export(
    state: &AppState,
    user: &crate::store::User,
    address: &str,
    input: &app::domain::CaseSearchInput,
    what: app::domain::AccessKind,
) -> ApiResult<Vec<CaseRecord>> {
    let mut search = input.parse().map_err(ApiError::Validation)?;
    (search.page, search.per_page) = (1, app::domain::SEARCH_COUNT_MAX);
    let scope = app::domain::CaseScope::of(user.role, user.id, user.department_id);
    let (total, cases) = state.store.search_cases(&search, scope).await?;
    if total > app::domain::SEARCH_COUNT_MAX {
        let mut errs = app::domain::FieldErrors::default();
        errs.add("to", app::domain::FieldError::TooManyFound { max: app::domain::SEARCH_COUNT_MAX });
        return Err(ApiError::Validation(errs));
    }
    let detail = format!("검색 결과 {}건", cases.len());
    crate::trail::access(state, user, address, None, what, detail).await?;
    tracing::info!(by = %user.username, cases = cases.len(), "search results exported (masked)");
    Ok(cases)
}

#[utoipa::path(
    get,
    path = "/api/v1/cases.csv",
    tag = "cases",
    summary = "Every case a search finds (the same filters as GET /api/v1/cases) as CSV (UTF-8 with BOM): personal data masked, no complaint text; at most 10,000 (else 422 too_many_found); on the access log",
    params(app::domain::CaseSearchInput),
    security(("session" = [])),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "refused filters, each named; more than 10,000 found (`too_many_found` on `to`)", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases.csv?…`: the search's cases as CSV.
pub async fn search_csv(
    State(state): State<AppState>,
    Staff(user): Staff,
    crate::auth::ClientAddr(address): crate::auth::ClientAddr,
    Query(input): Query<app::domain::CaseSearchInput>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let cases = search_export(&state, &user, &address, &input, app::domain::AccessKind::CasesCsv).await?;
    let body = crate::reports::cases_csv(&cases).into_bytes();
    Ok(super::reports::download(super::reports::CSV, "voc-search.csv".into(), body))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases.xlsx",
    tag = "cases",
    summary = "Every case a search finds as a spreadsheet, the same rows as cases.csv",
    params(app::domain::CaseSearchInput),
    security(("session" = [])),
    responses(
        (status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = String),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 422, description = "refused filters, each named; more than 10,000 found (`too_many_found` on `to`)", body = ErrorBody)
    )
)]
/// `GET /api/v1/cases.xlsx?…`: the search's cases as a spreadsheet.
pub async fn search_xlsx(
    State(state): State<AppState>,
    Staff(user): Staff,
    crate::auth::ClientAddr(address): crate::auth::ClientAddr,
    Query(input): Query<app::domain::CaseSearchInput>,
) -> ApiResult<impl axum::response::IntoResponse> {
    let cases = search_export(&state, &user, &address, &input, app::domain::AccessKind::CasesXlsx).await?;
    let body = crate::reports::cases_xlsx(&cases).map_err(|e| ApiError::Export(e.to_string()))?;
    Ok(super::reports::download(super::reports::XLSX, "voc-search.xlsx".into(), body))
}

fn case_summary(c: &CaseRecord) -> CaseSummary {
    CaseSummary {
        id: c.id,
        receipt_no: c.receipt_no.clone(),
        kind: c.kind,
        channel: c.channel,
        status: c.status,
        facility_name: c.facility_name.clone(),
        category: c.category.clone(),
        summary: summary(&c.content),
        received_at: to_seoul(c.received_at),
        due_at: to_seoul(c.due_at),
        closed_at: c.closed_at.map(to_seoul),
        department_name: c.department_name.clone(),
        assignee_name: c.assignee_name.clone(),
    }
}

/// The case a staff address names, by its id or its receipt number
/// (`/cases/VOC-2026-000123`), if `user` may see it; otherwise 404, as for no such case.
async fn staff_case(state: &AppState, user: &crate::store::User, key: &str) -> ApiResult<CaseRecord> {
    if let Ok(id) = key.parse::<i64>() {
        return visible_case(state, user, id).await;
    }
    let receipt: app::domain::ReceiptNo = key.parse().map_err(|_| ApiError::NotFound)?;
    visible_case_by_receipt(state, user, &receipt).await?.ok_or(ApiError::NotFound)
}

/// The case with receipt number `receipt` if `user` may see it; `None` as for no such case.
pub async fn visible_case_by_receipt(
    state: &AppState,
    user: &crate::store::User,
    receipt: &app::domain::ReceiptNo,
) -> ApiResult<Option<CaseRecord>> {
    Ok(state.store.case_by_receipt(receipt).await?.filter(|c| c.visible_to(user)))
}

/// The case if `user` may see it; otherwise 404, exactly as for a case that does not exist.
pub async fn visible_case(state: &AppState, user: &crate::store::User, id: i64) -> ApiResult<CaseRecord> {
    match state.store.case_by_id(id).await? {
        Some(c) if c.visible_to(user) => Ok(c),
        _ => Err(ApiError::NotFound),
    }
}

/// Whose department queues a user reads (material and improvement requests): every
/// department (`None`) for the VOC manager, administrators and executives, their own for
/// handlers and heads; nobody else's.
pub fn department_scope(user: &crate::store::User) -> ApiResult<Option<i64>> {
    if user.role.sees_all() {
        Ok(None)
    } else if matches!(user.role, app::domain::Role::Handler | app::domain::Role::DepartmentHead) {
        user.department_id.map(Some).ok_or(ApiError::NotPermitted)
    } else {
        Err(ApiError::NotPermitted)
    }
}

/// 403 unless `allowed`.
pub fn require(allowed: bool) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::NotPermitted) }
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/answer",
    tag = "cases",
    summary = "Answer and close a case",
    params(("id" = i64, Path)),
    request_body = AnswerInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "closed", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 403, description = "the kind needs the head's approval (needs_approval), or the role may not", body = ErrorBody),
        (status = 404, description = "no such case", body = ErrorBody),
        (status = 409, description = "the case's status does not allow it", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/answer`: records the answer and closes the case at once. For
/// kinds that need department confirmation only the VOC manager (or an administrator) may;
/// handlers draft and the head approves.
pub async fn answer(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Answer).await?;
    let (decision, valid) = input.validate_with_decision().map_err(ApiError::Validation)?;
    super::handling::reply(&state, &user, workflow::answer(step, decision, &valid).await?).await
}

/// The staff view of a case for `user`, with what they may do with it now.
pub async fn staff_reply(
    state: &AppState,
    case: &CaseRecord,
    user: &crate::store::User,
) -> ApiResult<Json<StaffCaseView>> {
    // Everything `user` may do with the case now (what the page shows, exactly) decides on
    // the kind's policy and the supplement requests, read once for the whole view.
    // Every list the view shows, in one statement; the view's own parts go to `staff_view`.
    let person = super::complainant::person_match(user, case);
    let mut parts = state.store.case_parts(case.id, person).await?;
    let links = std::mem::take(&mut parts.links);
    let proposal = parts.proposal.take();
    let co_complainants = std::mem::take(&mut parts.complainants);
    let contacts = std::mem::take(&mut parts.contacts);
    let notices = std::mem::take(&mut parts.notices);
    let department_users = std::mem::take(&mut parts.department_users);
    let incidents = std::mem::take(&mut parts.incidents);
    let person_cases = std::mem::take(&mut parts.person_cases);
    let policy = crate::workflow::policy_of(state, case.kind).await?;
    let facts = crate::workflow::facts_from(state, user, case, &policy, &parts.supplements);
    let calendar = state.store.calendar().await?;
    let mut view = staff_view(case, parts, &calendar, state.now());
    let standing = app::domain::RepeatStanding::of(&crate::workflow::earlier_filings(&links));
    let closable = standing.closable();
    view.repeat = app::api::RepeatView {
        filings: i64::try_from(standing.filings).unwrap_or(i64::MAX),
        answers: i64::try_from(standing.answered.len()).unwrap_or(i64::MAX),
        closable,
        cited: if closable { standing.answered } else { Vec::new() },
    };
    (view.earlier_cases, view.complainant) = super::complainant::same_complainant(state, case, person_cases, &links);
    view.links = links
        .into_iter()
        .map(|l| app::api::LinkView {
            id: l.other_id,
            receipt_no: l.receipt_no,
            relation: l.relation,
            relation_text: l.relation.ko().to_owned(),
            by: l.by,
            at: to_seoul(l.at),
            status: l.status,
            answered: l.answered,
        })
        .collect();
    view.extension_proposal = proposal.map(proposal_view);
    view.co_complainants = co_complainants
        .into_iter()
        .map(|p| {
            let [name, phone, email] =
                app::domain::masked_contacts(p.name.as_deref(), p.phone.as_deref(), p.email.as_deref());
            app::api::CoComplainantView {
                id: p.id,
                name,
                phone,
                email,
                consent_sms: p.consent_sms,
                consent_email: p.consent_email,
                added_by: p.added_by,
                added_at: to_seoul(p.added_at),
            }
        })
        .collect();
    view.incidents = incidents
        .into_iter()
        .map(|i| app::api::IncidentView {
            case_id: i.case_id,
            receipt_no: i.receipt_no,
            kind: i.kind,
            kind_text: i.kind.ko().to_owned(),
            note: i.note,
            by: i.by,
            at: to_seoul(i.at),
        })
        .collect();
    view.actions = app::domain::case_actions(user.role, facts);
    if view.actions.assign {
        view.assignable = department_users
            .into_iter()
            .filter(|u| {
                u.active && u.role.works_cases() && u.department_id.is_some() && u.department_id == case.department_id
            })
            .map(|u| app::api::AssigneeView { id: u.id, name: u.display_name, username: u.username, role: u.role })
            .collect();
    }
    view.extension = crate::workflow::extension_options(state, case, &calendar, &policy);
    // Told of the result: the first result notice that went, or a result told in person.
    let by_notice = notices
        .into_iter()
        .filter(|n| n.notice == app::domain::NoticeKind::Result && n.state == app::domain::DeliveryState::Sent)
        .filter_map(|n| Some((n.sent_at?, n.channel.ko())));
    let in_person = contacts
        .iter()
        .filter(|c| c.outcome == app::domain::ContactOutcome::ResultGiven)
        .map(|c| (c.recorded_at, c.means.ko()));
    view.result_told = by_notice
        .chain(in_person)
        .min_by_key(|(at, _)| *at)
        .map(|(at, how)| app::api::ResultToldView { how: how.to_owned(), at: to_seoul(at) });
    view.contact_log = contacts
        .into_iter()
        .map(|c| app::api::ContactLogView {
            means: c.means,
            means_text: c.means.ko().to_owned(),
            outcome: c.outcome,
            outcome_text: c.outcome.ko().to_owned(),
            summary: c.summary,
            recorded_by: c.recorded_by,
            recorded_at: to_seoul(c.recorded_at),
        })
        .collect();
    Ok(Json(view))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/pause",
    tag = "cases",
    summary = "Pause the case's clock with a reason",
    params(("id" = i64, Path)),
    request_body = PauseInput,
    security(("session" = [])),
    responses(
        (status = 200, description = "paused", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 404, description = "no such case", body = ErrorBody),
        (status = 409, description = "not possible in the current status (already paused, closed…)", body = ErrorBody),
        (status = 422, description = "refused fields", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/pause` `{reason, note}`: stops the clock.
pub async fn pause(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PauseInput>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Pause).await?;
    let (reason, note) = input.validate().map_err(ApiError::Validation)?;
    super::handling::reply(&state, &user, workflow::pause(step, reason, &note).await?).await
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/resume",
    tag = "cases",
    summary = "Resume the clock; the deadline moves by the paused business time",
    params(("id" = i64, Path)),
    security(("session" = [])),
    responses(
        (status = 200, description = "resumed", body = StaffCaseView),
        (status = 401, description = "no session", body = ErrorBody),
        (status = 404, description = "no such case", body = ErrorBody),
        (status = 409, description = "not paused", body = ErrorBody)
    )
)]
/// `POST /api/v1/cases/{id}/resume`: restarts the clock; the deadline moves by the paused
/// business time.
pub async fn resume(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
) -> ApiResult<Json<StaffCaseView>> {
    let step = Step::begin(&state, &user, id, CaseAction::Resume).await?;
    super::handling::reply(&state, &user, workflow::resume(step).await?).await
}

pub(crate) use crate::queue::summary;

pub fn history_view(h: crate::store::HistoryRecord) -> HistoryEntry {
    let code = app::domain::HistoryAction::from_stored(&h.action);
    HistoryEntry {
        at: to_seoul(h.at),
        actor: h.actor,
        code,
        action: code.map_or_else(|| h.action.clone(), |c| c.ko().to_owned()),
        action_en: code.map_or(h.action, |c| c.en().to_owned()),
        detail: h.detail,
        before: h.before,
        after: h.after,
    }
}

fn answer_view(a: &Answer) -> AnswerView {
    AnswerView {
        result: a.result.clone(),
        basis: a.basis.clone(),
        appeal: a.appeal.clone(),
        answered_at: to_seoul(a.answered_at),
    }
}

fn staff_view(
    c: &CaseRecord,
    parts: crate::store::CaseParts,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> StaffCaseView {
    let crate::store::CaseParts {
        history,
        answers,
        notes,
        materials,
        staff,
        compensations,
        improvements,
        faq,
        practice,
        grievance,
        attachments,
        extensions,
        supplements,
        ..
    } = parts;
    let [name_masked, phone_masked, email_masked] = c.masked_contacts();
    StaffCaseView {
        // Filled in by `staff_reply`, which knows who asks.
        actions: app::domain::CaseActions::default(),
        id: c.id,
        receipt_no: c.receipt_no.clone(),
        kind: c.kind,
        channel: c.channel,
        status: c.status,
        facility: c.facility.clone(),
        facility_name: c.facility_name.clone(),
        category: c.category.clone(),
        content: c.content.clone(),
        name_masked,
        phone_masked,
        email_masked,
        address_masked: c.address.as_deref().map(app::domain::masked_address),
        reply_by: c.reply_by,
        consent: c.consent,
        received_at: to_seoul(c.received_at),
        due_at: to_seoul(c.due_at),
        answer: c.answer.as_ref().map(answer_view),
        history: history.into_iter().map(history_view).collect(),
        interim_due_at: c.interim_due_at.map(to_seoul),
        budget_secs: c.budget.secs,
        due_at_close: c.budget.to_close,
        pauses: c
            .pauses
            .iter()
            .map(|p| PauseView {
                reason: p.reason,
                reason_text: p.reason.ko().into(),
                note: p.note.clone(),
                started_at: to_seoul(p.started_at),
                started_by: p.started_by.clone(),
                ended_at: p.ended_at.map(to_seoul),
                ended_by: p.ended_by.clone(),
            })
            .collect(),
        clock: calendar.clock(c.received_at, c.budget, &c.engine_pauses(), now),
        department_id: c.department_id,
        department_name: c.department_name.clone(),
        assignee_id: c.assignee_id,
        assignee_name: c.assignee_name.clone(),
        answers: answers
            .into_iter()
            .map(|a| AnswerRecordView {
                decision: a.decision,
                decision_text: a.decision.ko().into(),
                result: a.result,
                basis: a.basis,
                appeal: a.appeal,
                state: a.state,
                drafted_by: a.drafted_by,
                approved_by: a.approved_by,
                review_note: a.review_note,
                at: to_seoul(a.at),
            })
            .collect(),
        notes: notes.into_iter().map(|n| NoteView { author: n.author, body: n.body, at: to_seoul(n.at) }).collect(),
        closure_reason: closure_words(c),
        agency: c.agency.clone(),
        agency_ref: c.agency_ref.clone(),
        consent_at: c.consent_at.map(to_seoul),
        consent_version: c.consent_version.clone(),
        lang: c.lang,
        materials: materials.into_iter().map(|m| super::materials::material_view(m, now)).collect(),
        unreachable_at: c.unreachable_at.map(to_seoul),
        unreachable_note: c.unreachable_note.clone(),
        staff: staff.map(super::follow_up::staff_concerned_view),
        compensations: compensations.into_iter().map(super::follow_up::compensation_view).collect(),
        improvements: improvements.into_iter().map(|i| super::follow_up::improvement_view(i, now, None)).collect(),
        faq: faq.map(super::follow_up::faq_view),
        practice: practice.map(|p| app::api::CasePractice {
            id: p.id,
            title: p.content.title,
            kind_label: p.content.kind.ko().into(),
            state: p.state,
            state_label: p.state.ko().into(),
            decline_reason: p.decline_reason,
        }),
        grievance: grievance
            .into_iter()
            .map(|g| app::api::GrievanceStepView {
                stage: g.stage,
                stage_label: g.stage.ko().into(),
                note: g.note,
                actor: g.actor,
                at: to_seoul(g.at),
                opinion: g.opinion,
                opinion_label: g.opinion.map(|o| o.ko().to_owned()),
                improvement_id: g.improvement_id,
                department_name: g.department_name,
            })
            .collect(),
        attachments: attachments
            .into_iter()
            .map(|a| app::api::AttachmentView {
                url: format!("/api/v1/cases/{}/attachments/{}", c.id, a.id),
                id: a.id,
                file_name: a.file_name,
                media_kind: a.media_kind,
                size_bytes: a.size_bytes,
            })
            .collect(),
        original_due_at: c.original_due_at.map(to_seoul),
        extensions: extensions
            .into_iter()
            .map(|e| app::api::ExtensionView {
                at: to_seoul(e.at),
                by: e.by,
                reason: e.reason,
                old_due_at: to_seoul(e.old_due_at),
                new_due_at: to_seoul(e.new_due_at),
                consent_via: e.consent.map(|(v, _)| v),
                consent_via_text: e.consent.map(|(v, _)| v.ko().to_owned()),
                consent_at: e.consent.map(|(_, t)| to_seoul(t)),
            })
            .collect(),
        // Filled in by `staff_reply`, which reads the kind's policy.
        extension: app::api::ExtensionOptions::default(),
        serious: c.serious.as_ref().map(|(reason, note, at)| app::api::SeriousView {
            reason: *reason,
            reason_text: reason.ko().to_owned(),
            note: note.clone(),
            at: to_seoul(*at),
        }),
        supplements: supplements.into_iter().map(|s| supplement_view(s, now)).collect(),
        // Filled in by `staff_reply`, which knows who asks.
        links: Vec::new(),
        repeat: app::api::RepeatView::default(),
        earlier_cases: Vec::new(),
        complainant: app::api::ComplainantSummary::default(),
        assignable: Vec::new(),
        contact_log: Vec::new(),
        result_told: None,
        merged_into: c.merged_into.as_ref().map(|(_, receipt)| receipt.clone()),
        // Filled in by `staff_reply`.
        extension_proposal: None,
        incidents: Vec::new(),
        co_complainants: Vec::new(),
        appeal_of: c.appeal_of.as_ref().map(case_ref),
        appealed_by: c.appealed_by.as_ref().map(case_ref),
    }
}

fn proposal_view(p: crate::store::ProposalRecord) -> app::api::ProposalView {
    app::api::ProposalView {
        reason: p.reason,
        due_date: p.due_date,
        proposed_at: to_seoul(p.proposed_at),
        answer: p.answer,
        answered_at: p.answered_at.map(to_seoul),
    }
}

fn case_ref((id, receipt_no): &(i64, String)) -> app::api::CaseRef {
    app::api::CaseRef { id: *id, receipt_no: receipt_no.clone() }
}

/// Why a case ended without an answer, as staff and the complainant both read it: the agency
/// it went to, the original it was merged into, the earlier answers it repeats.
fn closure_words(c: &CaseRecord) -> Option<String> {
    match (c.closure_reason.as_deref(), &c.transferred_to, &c.merged_into) {
        (Some(app::domain::TRANSFERRED), Some(agency), _) => Some(app::domain::transfer_text(agency)),
        (Some(app::domain::MERGED), _, Some((_, original))) => Some(app::domain::merged_text(original)),
        (Some(app::domain::REPEATED), _, _) if c.closure_note.is_some() => c.closure_note.clone(),
        (reason, _, _) => reason.map(app::domain::closure_text),
    }
}

/// A supplement request as staff and the complainant both read it.
fn supplement_view(s: crate::store::SupplementRecord, now: DateTime<Utc>) -> app::api::SupplementView {
    let overdue = s.answered_at.is_none() && app::domain::supplement_overdue(s.due_date, to_seoul(now).date_naive());
    app::api::SupplementView {
        request: s.request,
        due_date: s.due_date,
        requested_at: to_seoul(s.requested_at),
        answer: s.answer,
        answered_at: s.answered_at.map(to_seoul),
        overdue,
    }
}

fn public_view(c: &CaseRecord, survey_submitted: bool, survey_path: Option<String>) -> PublicCaseView {
    PublicCaseView {
        receipt_no: c.receipt_no.clone(),
        kind: c.kind,
        status: c.status,
        facility_name: c.facility_name.clone(),
        content: c.content.clone(),
        received_at: to_seoul(c.received_at),
        due_at: to_seoul(c.due_at),
        answer: c.answer.as_ref().map(answer_view),
        survey_path,
        survey_submitted,
        closure_reason: closure_words(c),
        original_due_at: c.original_due_at.map(to_seoul),
        extension_reason: None,
        supplements: Vec::new(),
        appeal: app::api::AppealView::default(),
        extension_proposal: None,
        interim: c.interim.as_ref().map(|i| app::api::InterimView {
            reason: i.reason.clone(),
            expected_on: i.expected_on,
            sent_at: to_seoul(i.sent_at),
        }),
        notices: Vec::new(),
    }
}

impl AppState {
    /// Tells every open queue, on every instance, about a committed change.
    pub async fn publish(&self, change: &str, case: &CaseRecord) {
        crate::events::publish(self, CaseEvent { change: change.into(), case: crate::queue::queue_item(case) }).await;
    }
}

/// This module's operations, each from its handler's `#[utoipa::path]` (`api::routes` merges
/// every module's).
pub(super) fn routes() -> utoipa_axum::router::OpenApiRouter<crate::AppState> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(search, create))
        .routes(utoipa_axum::routes!(show))
        .routes(utoipa_axum::routes!(tracking_qr))
        .routes(utoipa_axum::routes!(notice_pdf))
        .routes(utoipa_axum::routes!(lookup))
        .routes(utoipa_axum::routes!(answer))
        .routes(utoipa_axum::routes!(pause))
        .routes(utoipa_axum::routes!(answer_supplement))
        .routes(utoipa_axum::routes!(appeal))
        .routes(utoipa_axum::routes!(extension_consent))
        .routes(utoipa_axum::routes!(withdraw))
        .routes(utoipa_axum::routes!(amend))
        .routes(utoipa_axum::routes!(resume))
        .routes(utoipa_axum::routes!(queue))
        .routes(utoipa_axum::routes!(queue_counts))
        .routes(utoipa_axum::routes!(search_csv))
        .routes(utoipa_axum::routes!(search_xlsx))
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_fold_whitespace_and_cut_at_sixty_characters() {
        assert_eq!(summary("  화장실이\n 더럽습니다 "), "화장실이 더럽습니다");
        let long = "가".repeat(61);
        assert_eq!(summary(&long), format!("{}…", "가".repeat(60)));
    }
}
