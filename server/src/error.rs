//! Every way a request can fail, mapped once to an HTTP status and a Korean + English text.

use std::borrow::Cow;

use app::api::ErrorBody;
use app::domain::FieldErrors;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid fields")]
    Validation(FieldErrors),
    #[error("malformed body: {0}")]
    MalformedBody(String),
    #[error("malformed query: {0}")]
    MalformedQuery(String),
    #[error("not signed in")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("staff only")]
    StaffOnly,
    #[error("administrators only")]
    AdminOnly,
    #[error("not permitted for this role")]
    NotPermitted,
    #[error("needs the department head's approval")]
    NeedsApproval,
    #[error("too many failed sign-ins")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("cross-site request refused")]
    CrossSite,
    #[error("not found")]
    NotFound,
    #[error("tracking lookup failed")]
    TrackingNotFound,
    #[error("no case with this receipt number and contact")]
    LookupNotFound,
    #[error("too many failed lookups")]
    LookupThrottled { retry_after_secs: i64 },
    #[error("survey already answered")]
    SurveyAlreadyAnswered,
    #[error("survey not open yet")]
    SurveyNotOpen,
    #[error("survey closed")]
    SurveyExpired { days: i64 },
    #[error("material request already answered")]
    MaterialAnswered,
    #[error("improvement request already reported")]
    ImprovementReported,
    #[error("the follow-up is already recorded")]
    FollowUpDone,
    #[error("the department's quarter is already evaluated")]
    EvaluationExists,
    #[error("the evaluation is not at this step")]
    EvaluationNotAtStep { state: app::domain::EvaluationState },
    #[error("the reduction plan was reported")]
    ReductionPlanReported,
    #[error("the case is in the good-practice library already")]
    PracticeExists,
    #[error("the proposal was decided already")]
    PracticeDecided,
    #[error("the follow-up was reported done already")]
    ActionReported,
    #[error("the member's personal data was destroyed")]
    MemberPurged,
    #[error("the case holds no contact")]
    NoContact,
    #[error("the period has ended")]
    PeriodPassed,
    #[error("no more extensions")]
    NoMoreExtensions,
    #[error("changed by someone else meanwhile")]
    ConcurrentChange,
    #[error("no supplement is asked for")]
    NoSupplementAsked,
    #[error("the first extension needs no consent")]
    ConsentNotNeeded,
    #[error("no extension is proposed")]
    NoExtensionProposal,
    #[error("nothing to appeal")]
    NothingToAppeal,
    #[error("the appeal period has ended")]
    AppealTooLate { last_day: chrono::NaiveDate },
    #[error("already appealed")]
    AlreadyAppealed,
    #[error("not repeated enough for article 23")]
    NotRepeated { filings: usize, answers: usize },
    #[error("no consent to publish")]
    NoPublishConsent,
    #[error("only answered, closed cases are published")]
    FaqNeedsAnswer,
    #[error("already published")]
    FaqPublished,
    #[error("not a grievance")]
    NotGrievance,
    #[error("bad Idempotency-Key")]
    BadIdempotencyKey,
    #[error("Idempotency-Key reused")]
    IdempotencyKeyReused,
    #[error("grievance stage out of order")]
    GrievanceOrder { needs: app::domain::GrievanceStage },
    #[error("grievance stage on record")]
    GrievanceStageDone { stage: app::domain::GrievanceStage },
    #[error("export failed: {0}")]
    Export(String),
    #[error("improvement extended already")]
    ImprovementExtended,
    #[error("no result to put in writing")]
    NoResultYet,
    #[error("letters cannot be made: {0}")]
    LetterUnavailable(String),
    #[error("too many {intake:?} requests from one address")]
    RateLimited { intake: Intake, retry_after_secs: i64 },
    #[error("the request failed inside the server")]
    Internal,
    #[error("too many live streams")]
    TooManyStreams,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("the second factor must follow the password")]
    SecondFactorRequired,
    #[error("a second factor must be set up first")]
    SecondFactorSetupRequired,
    #[error("a second factor is set up already")]
    SecondFactorEnrolled,
    #[error("kiosk key revoked or unknown")]
    KioskKeyRevoked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What anyone may do without signing in, each limited per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    Filing,
    Upload,
    Lookup,
}

impl ApiError {
    /// Status, code, and the Korean and English texts; most texts are fixed, a few name a
    /// figure of the refusal.
    fn parts(&self) -> (StatusCode, &'static str, Cow<'static, str>, Cow<'static, str>) {
        use StatusCode as S;
        let (status, code, ko, en) = match self {
            Self::SurveyExpired { days } => {
                return (
                    S::GONE,
                    "survey_expired",
                    format!("만족도 조사 기간(종결 후 {days}일)이 지났습니다. 의견은 고객의 소리로 새로 남겨 주세요.")
                        .into(),
                    format!(
                        "The survey closed {days} days after the case did; please file a new request to tell us more."
                    )
                    .into(),
                );
            }
            Self::RateLimited { intake, retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                let (ko, en) = match intake {
                    Intake::Filing => (
                        "이 곳에서 짧은 시간에 너무 많은 민원이 접수되었습니다",
                        "Too many requests were filed from here in a short time",
                    ),
                    Intake::Upload => (
                        "이 곳에서 짧은 시간에 너무 많은 파일이 올라왔습니다",
                        "Too many files were uploaded from here in a short time",
                    ),
                    Intake::Lookup => (
                        "이 곳에서 짧은 시간에 너무 많이 조회했습니다",
                        "Too many lookups were made from here in a short time",
                    ),
                };
                return (
                    S::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!("{ko}. 입력한 내용은 그대로 있으니 {minutes}분 뒤에 다시 보내 주세요. 급한 일은 전화로 접수해 주세요.").into(),
                    format!("{en}. What you entered is kept: send it again in {minutes} minutes, or phone us if it is urgent.").into(),
                );
            }
            Self::GrievanceOrder { needs } => {
                return (
                    S::CONFLICT,
                    "grievance_order",
                    format!(
                        "먼저 '{}' 단계를 기록해 주세요. 고충은 조사 → 심의 → 제도개선 순서로 처리합니다.",
                        needs.ko()
                    )
                    .into(),
                    format!(
                        "Record the {} stage first: grievances go investigation → deliberation → improvement.",
                        needs.en().to_lowercase()
                    )
                    .into(),
                );
            }
            Self::GrievanceStageDone { stage } => {
                return (
                    S::CONFLICT,
                    "grievance_stage_done",
                    format!("'{}' 단계는 이미 기록되어 있습니다. 덧붙일 내용은 내부 메모로 남겨 주세요.", stage.ko())
                        .into(),
                    format!(
                        "The {} stage is on record already; add to it with an internal note.",
                        stage.en().to_lowercase()
                    )
                    .into(),
                );
            }
            Self::Validation(_) => (
                S::UNPROCESSABLE_ENTITY,
                "validation",
                "입력한 내용을 확인해 주세요.",
                "Please check the highlighted fields.",
            ),
            Self::MalformedBody(_) => (
                S::BAD_REQUEST,
                "malformed_body",
                "요청 형식이 올바르지 않습니다.",
                "The request body is not valid JSON of the expected shape.",
            ),
            Self::MalformedQuery(_) => (
                S::BAD_REQUEST,
                "malformed_query",
                "주소의 조회 조건 형식이 올바르지 않습니다.",
                "A query parameter in the address is not of the expected type.",
            ),
            Self::Unauthorized => (S::UNAUTHORIZED, "unauthorized", "로그인이 필요합니다.", "Please sign in."),
            Self::BadCredentials => (
                S::UNAUTHORIZED,
                "bad_credentials",
                "아이디 또는 비밀번호가 맞지 않습니다.",
                "Wrong username or password.",
            ),
            Self::StaffOnly => (S::FORBIDDEN, "staff_only", "직원만 할 수 있는 작업입니다.", "Only staff may do this."),
            Self::AdminOnly => {
                (S::FORBIDDEN, "admin_only", "관리자만 할 수 있는 작업입니다.", "Only administrators may do this.")
            }
            Self::NotPermitted => {
                (S::FORBIDDEN, "not_permitted", "이 역할로는 할 수 없는 처리입니다.", "Your role does not allow this.")
            }
            Self::NeedsApproval => (
                S::FORBIDDEN,
                "needs_approval",
                "이 유형은 부서장 결재가 필요합니다. 답변안을 작성해 결재를 요청하세요.",
                "This kind needs the department head's approval: submit a draft answer.",
            ),
            Self::TooManyAttempts { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                return (
                    S::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    format!("로그인 시도가 너무 많습니다. {minutes}분 뒤에 다시 시도하거나 관리자에게 잠금 해제를 요청하세요.").into(),
                    format!("Too many sign-in attempts; try again in {minutes} minutes or ask an administrator to unlock the account.").into(),
                );
            }
            Self::LookupThrottled { .. } => (
                S::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "이 접수번호로 확인에 여러 번 실패했습니다. 15분 뒤에 다시 시도하거나, 접수증의 QR 코드나 주소로 확인해 주세요.",
                "Too many failed lookups for this receipt number; try again in 15 minutes, or use the QR code or link on your receipt.",
            ),
            Self::LookupNotFound => (
                S::NOT_FOUND,
                "lookup_not_found",
                "접수번호와 연락처가 맞는 민원이 없습니다. 접수할 때 적은 휴대전화 번호나 이메일 주소를 입력해 주세요. 연락처 없이 접수했다면 접수증의 QR 코드나 주소로 확인할 수 있습니다.",
                "No request matches this receipt number and contact. Enter the mobile number or e-mail address you gave when filing; without one, use the QR code or link on your receipt.",
            ),
            Self::PasswordChangeRequired => (
                S::FORBIDDEN,
                "password_change_required",
                "처음 받은 비밀번호는 바꾼 뒤에 쓸 수 있습니다. 비밀번호를 먼저 바꿔 주세요.",
                "Change the password you were given before anything else.",
            ),
            Self::SecondFactorRequired => (
                S::FORBIDDEN,
                "second_factor_required",
                "비밀번호는 맞습니다. 인증 앱의 코드를 입력해 로그인을 마쳐 주세요.",
                "The password is right; enter the code from your authenticator app to finish signing in.",
            ),
            Self::SecondFactorSetupRequired => (
                S::FORBIDDEN,
                "second_factor_setup_required",
                "개인정보를 다루는 계정은 2단계 인증을 설정한 뒤에 쓸 수 있습니다. 내 계정 화면에서 인증 앱을 등록해 주세요.",
                "Accounts that reach personal data need two-step sign-in: register an authenticator app on your account page first.",
            ),
            Self::SecondFactorEnrolled => (
                S::CONFLICT,
                "second_factor_enrolled",
                "이미 인증 앱을 등록했습니다. 휴대전화를 바꿨다면 관리자에게 2단계 인증 초기화를 요청해 주세요.",
                "An authenticator app is registered already; if you changed phones, ask an administrator to reset two-step sign-in.",
            ),
            Self::KioskKeyRevoked => (
                S::FORBIDDEN,
                "kiosk_key_revoked",
                "이 키오스크는 등록이 취소되어 접수할 수 없습니다. 직원에게 알려 주세요. (관리자: 새 키오스크 키를 발급해 다시 등록하세요.)",
                "This kiosk's registration was withdrawn; please tell a member of staff. (Administrators: issue a new kiosk key.)",
            ),
            Self::TooManyStreams => (
                S::TOO_MANY_REQUESTS,
                "too_many_streams",
                "실시간 화면을 너무 많은 창에서 열었습니다. 쓰지 않는 창을 닫아 주세요.",
                "Live updates are open in too many windows; close the ones you are not using.",
            ),
            Self::CrossSite => (
                S::FORBIDDEN,
                "cross_site",
                "다른 사이트에서 보낸 요청은 받을 수 없습니다.",
                "Requests from another site are refused.",
            ),
            Self::NotFound | Self::Store(StoreError::NotFound) => {
                (S::NOT_FOUND, "not_found", "찾을 수 없습니다.", "Not found.")
            }
            Self::TrackingNotFound => (
                S::NOT_FOUND,
                "not_found",
                "접수번호와 확인 코드가 맞는 민원이 없습니다. 접수증의 주소를 그대로 열어 주세요.",
                "No request matches this receipt number and code; open the link on your receipt as it is.",
            ),
            Self::SurveyAlreadyAnswered | Self::Store(StoreError::AlreadyExists) => (
                S::CONFLICT,
                "already_answered",
                "이미 응답하신 설문입니다. 한 민원에 한 번만 응답할 수 있습니다.",
                "This survey has already been answered; one response per case.",
            ),
            Self::SurveyNotOpen => (
                S::CONFLICT,
                "survey_not_open",
                "민원이 종결된 뒤에 만족도 조사에 참여할 수 있습니다.",
                "The survey opens once the case is closed.",
            ),
            Self::MaterialAnswered => (
                S::CONFLICT,
                "material_answered",
                "이미 회신한 자료 요청입니다. 덧붙일 내용은 민원 담당자에게 따로 알려 주세요.",
                "This request has been answered already; send anything further to the case's handler.",
            ),
            Self::ImprovementReported => (
                S::CONFLICT,
                "improvement_reported",
                "이미 조치 결과를 보고한 제도개선 요청입니다.",
                "This improvement request has been reported on already.",
            ),
            Self::FollowUpDone => (
                S::CONFLICT,
                "follow_up_done",
                "이미 조치 결과를 기록한 추가 답변입니다.",
                "This follow-up is already recorded.",
            ),
            Self::EvaluationExists => (
                S::CONFLICT,
                "evaluation_exists",
                "이 부서의 해당 분기 평가가 이미 있습니다. 목록에서 여세요.",
                "This department's quarter already has an evaluation; open it from the list.",
            ),
            Self::EvaluationNotAtStep { state } => (
                S::CONFLICT,
                "evaluation_not_at_step",
                match state {
                    app::domain::EvaluationState::Draft => "아직 제출되지 않은 평가입니다.",
                    app::domain::EvaluationState::Submitted => {
                        "이미 제출된 평가는 고칠 수 없습니다. 부서장 확인을 기다립니다."
                    }
                    app::domain::EvaluationState::Acknowledged => "부서장 확인까지 끝난 평가입니다.",
                },
                match state {
                    app::domain::EvaluationState::Draft => "This evaluation has not been submitted yet.",
                    app::domain::EvaluationState::Submitted => {
                        "A submitted evaluation no longer changes; it awaits the head."
                    }
                    app::domain::EvaluationState::Acknowledged => "This evaluation is already acknowledged.",
                },
            ),
            Self::ReductionPlanReported => (
                S::CONFLICT,
                "reduction_plan_reported",
                "경영진에 보고한 감축계획은 고칠 수 없습니다.",
                "A reduction plan reported to management no longer changes.",
            ),
            Self::PracticeExists => (
                S::CONFLICT,
                "practice_exists",
                "이 민원은 이미 우수사례로 추천되었거나 공유되어 있습니다. 우수사례 목록에서 확인해 주세요.",
                "This case is already proposed or shared as a good practice; see the library.",
            ),
            Self::PracticeDecided => (
                S::CONFLICT,
                "practice_decided",
                "이 추천은 이미 공유되었거나 채택되지 않았습니다. 목록을 새로 고쳐 확인해 주세요.",
                "This proposal has already been shared or declined; reload the list to see it.",
            ),
            Self::ActionReported => (
                S::CONFLICT,
                "action_reported",
                "이 후속조치는 이미 완료 보고되었습니다. 화면을 새로 고쳐 확인해 주세요.",
                "This follow-up has already been reported done; reload to see it.",
            ),
            Self::MemberPurged => (
                S::CONFLICT,
                "member_purged",
                "임기가 끝나고 보존기간이 지나 이 위원의 개인정보는 파기되었습니다. 다시 위촉하려면 새로 등록해 주세요.",
                "This member's personal data was destroyed after the retention period; appoint them again as a new member.",
            ),
            Self::NoContact => (
                S::CONFLICT,
                "no_contact",
                "이 민원에는 민원인의 이름이나 연락처가 남아 있지 않습니다 (익명 접수이거나 보존기간이 지나 파기됨).",
                "This case holds no name or contact of the complainant (filed anonymously, or destroyed after the retention period).",
            ),
            Self::PeriodPassed => (
                S::CONFLICT,
                "period_passed",
                "처리기간이 이미 지났습니다. 연장은 처리기간 안에만 할 수 있습니다.",
                "The period has already ended; a period can be extended only before it ends.",
            ),
            Self::NoMoreExtensions => (
                S::CONFLICT,
                "no_more_extensions",
                "처리기간은 두 번까지만 연장할 수 있습니다 (두 번째는 민원인 동의).",
                "A period can be extended at most twice (the second time with the complainant's consent).",
            ),
            Self::NotRepeated { filings, answers } => {
                return (
                    S::CONFLICT,
                    "not_repeated",
                    format!(
                        "반복 민원 종결(제23조)은 같은 내용을 세 번 이상(앞선 민원 2건 이상) 내고 두 번 이상 답변받은 \
                         경우에만 할 수 있습니다. 이 민원에 '중복' 또는 '반복'으로 연결된 앞선 민원은 {filings}건, \
                         그중 답변한 것은 {answers}건입니다."
                    )
                    .into(),
                    format!(
                        "Closing as repeated (art. 23) needs the same matter filed three or more times (two or more \
                         earlier cases) and answered twice or more; this case has {filings} earlier case(s) linked \
                         as duplicate or repeat, {answers} of them answered."
                    )
                    .into(),
                );
            }
            Self::AppealTooLate { last_day } => {
                return (
                    S::CONFLICT,
                    "appeal_too_late",
                    format!(
                        "이의신청 기간(결과 통지 후 90일, {last_day}까지)이 지났습니다. 새 민원으로 접수해 주세요."
                    )
                    .into(),
                    format!("The appeal period (90 days after the result, until {last_day}) has ended; please file a new request.")
                        .into(),
                );
            }
            Self::ConsentNotNeeded => (
                S::CONFLICT,
                "consent_not_needed",
                "첫 번째 연장에는 민원인의 동의가 필요 없습니다. 바로 연장해 주세요.",
                "The first extension needs no consent; extend the period directly.",
            ),
            Self::NoExtensionProposal => (
                S::CONFLICT,
                "no_extension_proposal",
                "동의를 구하는 연장 요청이 없습니다. 이미 답하셨거나 담당자가 요청을 거두었습니다.",
                "No extension awaits your consent: you answered already, or it was withdrawn.",
            ),
            Self::NothingToAppeal => (
                S::CONFLICT,
                "nothing_to_appeal",
                "이의신청은 수용되지 않았거나 일부만 수용된 처리 결과에 대해서만 할 수 있습니다.",
                "An appeal can be made only against a result that was not, or only partly, accepted.",
            ),
            Self::AlreadyAppealed => (
                S::CONFLICT,
                "already_appealed",
                "이 민원의 처리 결과에는 이미 이의신청을 하셨습니다. 진행 상황은 이의신청 접수번호로 확인해 주세요.",
                "This result has been appealed already; follow the appeal by its own receipt number.",
            ),
            Self::NoSupplementAsked => (
                S::CONFLICT,
                "no_supplement_asked",
                "보완을 요청받은 내용이 없습니다. 더 알리실 내용은 진행 조회 화면의 내용 변경으로 보내 주세요.",
                "Nothing has been asked of you; send anything further by changing the request on the tracking page.",
            ),
            Self::ConcurrentChange => (
                S::CONFLICT,
                "concurrent_change",
                "그사이 다른 사람이 이 민원을 바꿨습니다. 화면을 새로 고친 뒤 다시 해 주세요.",
                "Someone else changed this case meanwhile; reload and try again.",
            ),
            Self::NoPublishConsent => (
                S::CONFLICT,
                "no_publish_consent",
                "민원인이 답변 공개에 동의하지 않은 민원은 FAQ로 게시할 수 없습니다.",
                "The complainant did not consent to publishing the answer; it cannot become an FAQ entry.",
            ),
            Self::FaqNeedsAnswer => (
                S::CONFLICT,
                "faq_needs_answer",
                "답변을 보내고 종결한 민원만 FAQ로 게시할 수 있습니다.",
                "Only closed cases with an answer can be published as FAQ entries.",
            ),
            Self::BadIdempotencyKey => (
                S::BAD_REQUEST,
                "bad_idempotency_key",
                "Idempotency-Key 헤더는 8~128자의 영문·숫자·기호여야 합니다.",
                "The Idempotency-Key header must be 8–128 visible ASCII characters.",
            ),
            Self::IdempotencyKeyReused | Self::Store(StoreError::KeyReused) => (
                S::CONFLICT,
                "idempotency_key_reused",
                "이 요청 키는 다른 내용의 접수에 이미 쓰였습니다. 새로 접수하려면 새 키를 쓰세요.",
                "This Idempotency-Key was used for a different request; use a new key for a new filing.",
            ),
            Self::NotGrievance => (
                S::CONFLICT,
                "not_grievance",
                "고충 민원에만 고충 처리 단계를 기록합니다.",
                "Grievance stages are recorded on grievance cases only.",
            ),
            Self::ImprovementExtended => (
                S::CONFLICT,
                "improvement_extended",
                "제도개선 요청의 회신 기한은 한 번만 연장할 수 있습니다. 이미 연장했습니다.",
                "An improvement request's due day can be extended once, and this one was.",
            ),
            Self::NoResultYet => (
                S::CONFLICT,
                "no_result_yet",
                "아직 처리 결과가 나오지 않아 결과 통지서를 만들 수 없습니다. 답변이 승인되어 종결된 뒤에 받을 수 있습니다.",
                "There is no result to put in writing yet: the notice is available once the answer is approved and the case closed.",
            ),
            Self::LetterUnavailable(_) => (
                S::SERVICE_UNAVAILABLE,
                "letter_unavailable",
                "지금은 결과 통지서를 만들 수 없습니다(글꼴 파일 없음). 관리자에게 알려 주세요. 처리 결과는 조회 화면에서 볼 수 있습니다.",
                "The written notice cannot be made just now (its font is missing); please tell the administrator. The result itself is on the tracking page.",
            ),
            Self::FaqPublished => (
                S::CONFLICT,
                "faq_published",
                "이미 FAQ로 게시된 민원입니다. 고치려면 게시를 중단한 뒤 다시 게시해 주세요.",
                "This case is published already; withdraw the entry first to publish it anew.",
            ),
            Self::Store(StoreError::InvalidTransition { .. }) => (
                S::CONFLICT,
                "invalid_transition",
                "현재 상태에서는 할 수 없는 처리입니다. 화면을 새로 고쳐 최신 상태를 확인해 주세요.",
                "Not possible in the case's current state; reload to see it.",
            ),
            Self::Store(
                StoreError::UnknownFacility
                | StoreError::UnknownCategory
                | StoreError::UnknownDepartment
                | StoreError::UnknownUser
                | StoreError::UnknownUpload,
            ) => (
                S::UNPROCESSABLE_ENTITY,
                "validation",
                "입력한 내용을 확인해 주세요.",
                "Please check the highlighted fields.",
            ),
            Self::Store(_) | Self::Export(_) | Self::Internal => (
                S::INTERNAL_SERVER_ERROR,
                "internal",
                "서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
                "A server error occurred; please try again shortly.",
            ),
        };
        (status, code, ko.into(), en.into())
    }

    fn fields(&self) -> FieldErrors {
        use app::domain::FieldError;
        let mut f = FieldErrors::default();
        match self {
            Self::Validation(errs) => return errs.clone(),
            Self::Store(StoreError::UnknownFacility) => f.add("facility", FieldError::UnknownFacility),
            Self::Store(StoreError::UnknownCategory) => f.add("category", FieldError::UnknownCategory),
            Self::Store(StoreError::UnknownDepartment) => f.add("department", FieldError::UnknownDepartment),
            Self::Store(StoreError::UnknownUser) => f.add("user", FieldError::UnknownUser),
            Self::Store(StoreError::UnknownUpload) => f.add("attachments", FieldError::UploadNotFound),
            _ => {}
        }
        f
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, ko, en) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let body = ErrorBody { error: code.into(), message: ko.into(), message_en: en.into(), fields: self.fields() };
        let mut resp = (status, Json(body)).into_response();
        if let Self::TooManyAttempts { retry_after_secs }
        | Self::LookupThrottled { retry_after_secs }
        | Self::RateLimited { retry_after_secs, .. } = self
        {
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(retry_after_secs));
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
