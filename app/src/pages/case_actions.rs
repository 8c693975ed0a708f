//! The officer's actions on one case, each shown only to roles that may take it (the server
//! checks again): route, assign, draft, approve or return, reopen, internal notes.

use leptos::prelude::*;

use super::answer_templates::TemplatePicker;
use super::common::{
    Banner, CheckField, CodeList, CodeSelect, FieldMsg, TextField, active_codes, confirmed, failed, filed_kinds,
    fmt_time, submit,
};
use crate::api::{
    AnswerRecordView, AssignInput, AssigneeView, CallError, CoComplainantView, ComplainantSummary, EarlierCaseView,
    ExtensionOptions, ExtensionView, IncidentView, InterimInput, LinkView, MaterialView, NoticeView, ProposalView,
    RepeatView, RouteInput, SeriousView, StaffCaseView, SupplementView, TextInput,
};
use crate::client::browser;
use crate::domain::{
    AnswerInput, Channel, ClassifyInput, CoComplainantInput, ConductKind, Consent, Decision, DeliveryState,
    ExtensionConsentInput, ExtensionInput, FieldErrors, HISTORY_DAYS, IncidentInput, LinkInput, LinkRelation,
    MaterialInput, MergeInput, SeriousInput, SeriousReason, SupplementInput, TransferInput,
};

/// Sends one action once the domain's own check of it passed (the same check the server
/// makes), or shows that check's field messages without a round trip.
fn act_checked<T>(
    call: impl Future<Output = Result<StaffCaseView, CallError>> + 'static,
    check: Result<T, FieldErrors>,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + 'static,
) {
    match check {
        Err(e) => errors.set(e),
        Ok(_) => act(call, errors, banner, on_change),
    }
}

/// Sends one action and shows the case as the server answered it (one round trip: the answer
/// is the case's new staff view), or shows what went wrong.
fn act(
    call: impl Future<Output = Result<StaffCaseView, CallError>> + 'static,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + 'static,
) {
    submit(call, errors, banner, on_change);
}

#[component]
pub fn CaseActions(case: StaffCaseView, on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static) -> AnyView {
    let id = case.id;
    // What this person may do was decided on the server (`case_actions`); the page only shows it.
    let may = case.actions;
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let draft = case.answers.iter().rev().find(|a| a.state == "draft").cloned();
    view! {
        <section class="actions-panel">
            <Banner message=banner />
            {may.route.then(|| view! { <RouteForm id errors banner on_change /> })}
            {may
                .assign
                .then(|| {
                    view! {
                        <AssignForm
                            id
                            people=case.assignable.clone()
                            current=case.assignee_id
                            errors
                            banner
                            on_change
                        />
                    }
                })}
            {may.approve.then(|| draft.clone().map(|d| view! { <Approval id draft=d errors banner on_change /> }))}
            {may.draft.then(|| view! { <DraftForm id errors banner on_change /> })}
            {may
                .reopen
                .then(|| {
                    view! {
                        <TextAction
                            id
                            action=TextStep::Reopen
                            title="재조사 요구"
                            label="사유"
                            button="재조사 요구"
                            field="reason"
                            confirm="종결된 민원을 재조사로 다시 엽니다. 처리기한이 다시 흐르고 부서에 알림이 갑니다. 계속할까요?"
                            errors
                            banner
                            on_change
                        />
                    }
                })}
            {may.close_not_complaint.then(|| view! { <NotComplaintForm id errors banner on_change /> })}
            {may.transfer_out.then(|| view! { <TransferForm id banner on_change /> })}
            {may.serious.then(|| view! { <SeriousForm id current=case.serious.clone() banner on_change /> })}
            {may.classify.then(|| view! { <ClassifyForm case=case.clone() banner on_change /> }.into_any())}
            {may.interim.then(|| view! { <InterimForm id errors banner on_change /> })}
            {may
                .extend
                .then(|| {
                    view! {
                        <ExtendForm
                            id
                            options=case.extension
                            extensions=case.extensions.clone()
                            proposal=case.extension_proposal.clone()
                            banner
                            on_change
                        />
                    }
                })}
            {may.record_incident.then(|| view! { <IncidentForm id banner on_change /> })}
            {may
                .close_abusive
                .then(|| {
                    view! {
                        <TextAction
                            id
                            action=TextStep::CloseAbusive
                            title="특이민원 종결 (폭언·욕설 등으로만 이루어진 접수, 민원인에게 안내)"
                            label="종결 사유"
                            button="특이민원으로 종결"
                            field="reason"
                            errors=RwSignal::new(FieldErrors::default())
                            banner
                            on_change
                        />
                    }
                })}
            {may.link.then(|| view! { <LinkForm id merge=may.merge banner on_change /> })}
            {may.close_repeated.then(|| view! { <RepeatClosure id repeat=case.repeat.clone() banner on_change /> })}
            {may.request_supplement.then(|| view! { <SupplementForm id banner on_change /> })}
            {may
                .return_unsupplemented
                .then(|| {
                    view! {
                        <TextAction
                            id
                            action=TextStep::ReturnUnsupplemented
                            title="반려 (보완 기한까지 보완 없음, 민원인에게 안내)"
                            label="반려 사유"
                            button="반려하고 종결"
                            field="reason"
                            errors=RwSignal::new(FieldErrors::default())
                            banner
                            on_change
                        />
                    }
                })}
            {may.request_material.then(|| view! { <MaterialForm id own=case.department_id banner on_change /> })}
            {may
                .unreachable
                .then(|| match case.unreachable_at {
                    Some(at) => {
                        let clear = move |_| {
                            leptos::task::spawn_local(async move {
                                match browser().clear_unreachable(id).await {
                                    Ok(view) => on_change(view),
                                    Err(e) => banner.set(Some(e.message())),
                                }
                            });
                        };
                        view! {
                            <div class="inline-form unreachable" id="unreachable-state">
                                <h3>"연락 불가"</h3>
                                <p>{fmt_time(&at)}" 확인: "{case.unreachable_note.clone().unwrap_or_default()}</p>
                                <p>
                                    <strong>
                                        "처리기한("{fmt_time(&case.due_at)}
                                        ")이 지나면 취하로 간주해 종결합니다."
                                    </strong>
                                </p>
                                <button class="button secondary" id="reachable" type="button" on:click=clear>
                                    "연락 재개"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <TextAction
                                id
                                action=TextStep::Unreachable
                                title="연락 불가 확인 (처리기한 경과 시 취하 간주)"
                                label="시도한 연락과 결과"
                                button="연락 불가로 기록"
                                field="note"
                                errors=RwSignal::new(FieldErrors::default())
                                banner
                                on_change
                            />
                        }
                            .into_any()
                    }
                })}
            {may
                .note
                .then(|| {
                    view! {
                        <TextAction
                            id
                            action=TextStep::Note
                            title="내부 메모 (민원인에게 보이지 않음)"
                            label="메모"
                            button="메모 남기기"
                            field="body"
                            errors
                            banner
                            on_change
                        />
                    }
                })}
        </section>
        {case
            .appeal_of
            .clone()
            .map(|r| {
                view! {
                    <p class="banner warn" id="appeal-of">
                        "이의신청(민원처리법 제35조) 대상 민원: "
                        <a href=format!("/cases/{}", r.id)>{r.receipt_no}</a>
                        " · 부서장이 10일 안에 결정합니다."
                    </p>
                }
            })}
        {case
            .appealed_by
            .clone()
            .map(|r| {
                view! {
                    <p class="banner warn" id="appealed-by">
                        "이 민원의 처리 결과에 이의신청이 있습니다: "
                        <a href=format!("/cases/{}", r.id)>{r.receipt_no}</a>
                    </p>
                }
            })}
        <Incidents incidents=case.incidents.clone() />
        <CoComplainants
            id
            list=case.co_complainants.clone()
            may=may.complainants
            banner=RwSignal::new(None)
            on_change
        />
        <EarlierCases cases=case.earlier_cases.clone() counts=case.complainant.clone() />
        <LinkList links=case.links.clone() />
        <SupplementList supplements=case.supplements.clone() />
        <MaterialList materials=case.materials.clone() />
        <AnswerRounds answers=case.answers.clone() />
        {(!case.notes.is_empty())
            .then(|| {
                view! {
                    <section class="notes">
                        <h2>"내부 메모"</h2>
                        <ul id="notes">
                            {case
                                .notes
                                .iter()
                                .map(|n| {
                                    view! {
                                        <li>
                                            <time>{fmt_time(&n.at)}</time>
                                            " "
                                            <strong>{n.author.clone()}</strong>
                                            " · "
                                            {n.body.clone()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
    .into_any()
}

/// A select of the active departments (less `exclude`), writing the chosen id to `value`.
#[component]
pub(super) fn DepartmentSelect(id: &'static str, exclude: Option<i64>, value: RwSignal<String>) -> impl IntoView {
    let departments = LocalResource::new(|| async { browser().departments().await });
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">"— 부서 선택 —"</option>
            {move || {
                departments
                    .get()
                    .and_then(Result::ok)
                    .map(|list| {
                        list.into_iter()
                            .filter(|d| d.active && Some(d.id) != exclude)
                            .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                            .collect_view()
                    })
            }}
        </select>
    }
}

#[component]
fn RouteForm(
    id: i64,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let department = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = RouteInput {
            department: serde_json::Value::String(department.get_untracked()),
            reason: reason.get_untracked(),
        };
        act(async move { browser().route(id, &body).await }, errors, banner, on_change);
    };
    view! {
        <form class="inline-form" id="route-form" on:submit=submit>
            <h3>"부서 지정·이송"</h3>
            <label class="field" for="route-department">
                <span>"처리부서"</span>
                <DepartmentSelect id="route-department" exclude=None value=department />
            </label>
            <FieldMsg errors field="department" />
            <label class="field" for="route-reason">
                <span>"사유"</span>
                <input
                    id="route-reason"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
            </label>
            <button class="button" id="route" type="submit">
                "지정"
            </button>
        </form>
    }
}

/// Gives the case to a member of its department who works cases, chosen by name.
#[component]
fn AssignForm(
    id: i64,
    people: Vec<AssigneeView>,
    current: Option<i64>,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let user = RwSignal::new(current.map(|c| c.to_string()).unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AssignInput { user: serde_json::Value::String(user.get_untracked()) };
        act(async move { browser().assign(id, &body).await }, errors, banner, on_change);
    };
    let options = people
        .into_iter()
        .map(|p| (p.id.to_string(), format!("{} ({} · {})", p.name, p.role.ko(), p.username)))
        .collect::<Vec<_>>();
    let empty = options.is_empty();
    view! {
        <form class="inline-form" id="assign-form" on:submit=submit>
            <h3>"담당자 지정"</h3>
            {empty
                .then(|| {
                    view! { <p class="note">"이 부서에 지정할 수 있는 직원 계정이 없습니다."</p> }
                })}
            <CodeSelect
                id="assign-user"
                label="담당자"
                none="— 고르세요 —"
                value=user
                options=Signal::derive(move || options.clone())
                errors
                field="user"
            />
            <button class="button" id="assign" type="submit">
                "지정"
            </button>
        </form>
    }
}

#[component]
fn DraftForm(
    id: i64,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let form = RwSignal::new(AnswerInput { decision: Decision::Accepted.as_str().into(), ..Default::default() });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate_with_decision() {
            errors.set(e);
            return;
        }
        act(async move { browser().draft(id, &input).await }, errors, banner, on_change);
    };
    let area = move |field: &'static str, label: &'static str| {
        view! {
            <label class="field" for=format!("draft-{field}")>
                <span>{label}</span>
                <textarea
                    id=format!("draft-{field}")
                    rows="3"
                    prop:value=move || {
                        form.with(|f| match field {
                            "result" => f.result.clone(),
                            "basis" => f.basis.clone(),
                            _ => f.appeal.clone(),
                        })
                    }
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| match field {
                            "result" => f.result = v,
                            "basis" => f.basis = v,
                            _ => f.appeal = v,
                        })
                    }
                ></textarea>
            </label>
            <FieldMsg errors field />
        }
    };
    view! {
        <form class="answer-form" id="draft-form" on:submit=submit>
            <h2>"답변안 작성 (부서장 결재)"</h2>
            <TemplatePicker case_id=id form id="draft-template" />
            <label class="field" for="draft-decision">
                <span>"수용여부"</span>
                <select id="draft-decision" on:change=move |ev| form.update(|f| f.decision = event_target_value(&ev))>
                    {Decision::ALL
                        .into_iter()
                        .map(|d| view! { <option value=d.as_str()>{d.ko()}</option> })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="decision" />
            {area("result", "처리결과")}
            {area("basis", "처리근거")}
            {area("appeal", "이의신청 방법")}
            <button class="button primary" id="send-draft" type="submit">
                "결재 요청"
            </button>
        </form>
    }
}

#[component]
fn Approval(
    id: i64,
    draft: AnswerRecordView,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let approve = move |_| {
        if confirmed("결재를 승인하면 민원이 종결되고 민원인에게 결과가 통지됩니다. 승인할까요?")
        {
            act(async move { browser().approve(id, &Some(TextInput::default())).await }, errors, banner, on_change);
        }
    };
    let give_back = move |_| {
        let body = TextInput { note: reason.get_untracked() };
        act(async move { browser().return_draft(id, &body).await }, errors, banner, on_change)
    };
    view! {
        <section class="answer-form" id="approval">
            <h2>"결재: 답변안 (" {draft.decision_text.clone()} ")"</h2>
            <p class="note">
                {format!("작성 {} · {}", draft.drafted_by.clone().unwrap_or_default(), fmt_time(&draft.at))}
            </p>
            <h3>"처리결과"</h3>
            <p class="pre">{draft.result.clone()}</p>
            <h3>"처리근거"</h3>
            <p class="pre">{draft.basis.clone()}</p>
            <h3>"이의신청 방법"</h3>
            <p class="pre">{draft.appeal.clone()}</p>
            <div class="actions">
                <button class="button primary" id="approve" on:click=approve>
                    "승인하고 결과 통지"
                </button>
            </div>
            <label class="field" for="return-reason">
                <span>"반려 사유"</span>
                <input
                    id="return-reason"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="reason" />
            <button class="button" id="return" on:click=give_back>
                "반려"
            </button>
        </section>
    }
}

#[component]
fn NotComplaintForm(
    id: i64,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = crate::api::CloseInput { reason: reason.get_untracked(), note: note.get_untracked() };
        if confirmed("민원 아님으로 종결할까요? 민원인에게 사유가 안내됩니다.") {
            act(async move { browser().close(id, &body).await }, errors, banner, on_change);
        }
    };
    view! {
        <form class="inline-form" id="close-form" on:submit=submit>
            <h3>"민원 아님으로 종결"</h3>
            <label class="field" for="close-reason">
                <span>"사유"</span>
                <select id="close-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                    <option value="">"— 사유 선택 —"</option>
                    {crate::domain::NotComplaintReason::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.as_str()>{r.ko()}</option> })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="reason" />
            <label class="field" for="close-note">
                <span>"설명"</span>
                <input
                    id="close-note"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="note" />
            <button class="button" id="close-case" type="submit">
                "종결"
            </button>
        </form>
    }
}

/// The steps [`TextAction`] takes: each a text and the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStep {
    Reopen,
    CloseAbusive,
    CloseRepeated,
    ReturnUnsupplemented,
    Unreachable,
    Note,
}

impl TextStep {
    /// The prefix of the step's element ids.
    const fn key(self) -> &'static str {
        match self {
            Self::Reopen => "reopen",
            Self::CloseAbusive => "close-abusive",
            Self::CloseRepeated => "close-repeated",
            Self::ReturnUnsupplemented => "return-unsupplemented",
            Self::Unreachable => "unreachable",
            Self::Note => "notes",
        }
    }

    async fn send(self, id: i64, body: &TextInput) -> Result<StaffCaseView, CallError> {
        let c = browser();
        match self {
            Self::Reopen => c.reopen(id, body).await,
            Self::CloseAbusive => c.close_abusive(id, body).await,
            Self::CloseRepeated => c.close_repeated(id, body).await,
            Self::ReturnUnsupplemented => c.return_unsupplemented(id, body).await,
            Self::Unreachable => c.mark_unreachable(id, body).await,
            Self::Note => c.add_note(id, body).await,
        }
    }
}

/// One text field and a button that sends it as `{note}` as one of the [`TextStep`]s: the
/// re-investigation request, the internal note, ….
#[component]
fn TextAction(
    id: i64,
    action: TextStep,
    #[prop(into)] title: String,
    label: &'static str,
    button: &'static str,
    /// The field name the server uses in its 422 (`reason` or `body`).
    field: &'static str,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
    /// A question the person must agree to first (a step the complainant hears of).
    #[prop(optional)]
    confirm: Option<&'static str>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirm.is_some_and(|q| !confirmed(q)) {
            return;
        }
        // Cleared only once the server took it: a refused text stays for correcting.
        let done = move |view| {
            text.set(String::new());
            on_change(view);
        };
        let body = TextInput { note: text.get_untracked() };
        act(async move { action.send(id, &body).await }, errors, banner, done);
    };
    let key = action.key();
    let input_id = format!("{key}-text");
    let label_for = input_id.clone();
    view! {
        <form class="inline-form" id=format!("{key}-form") on:submit=submit>
            <h3>{title}</h3>
            <label class="field" for=label_for>
                <span>{label}</span>
                <input id=input_id prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <FieldMsg errors field />
            <button class="button" id=key type="submit">
                {button}
            </button>
        </form>
    }
}

/// The interim (delay) notice: its reason and the expected date go to the complainant.
#[component]
fn InterimForm(
    id: i64,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = InterimInput {
            reason: reason.get_untracked(),
            expected_date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
        };
        act(async move { browser().interim(id, &input).await }, errors, banner, on_change);
    };
    view! {
        <form class="inline-form" id="interim-form" on:submit=submit>
            <h3>"중간 경과 안내 (민원인에게 발송)"</h3>
            <label class="field" for="interim-reason">
                <span>"지연 사유"</span>
                <input
                    id="interim-reason"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="reason" />
            <label class="field" for="interim-date">
                <span>"처리 예정일"</span>
                <input
                    id="interim-date"
                    type="date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="expected_date" />
            <button class="button" id="interim" type="submit">
                "중간 경과 안내 보내기"
            </button>
        </form>
    }
}

/// Marks the case serious (중대 민원) with a reason, or clears the mark.
#[component]
fn SeriousForm(
    id: i64,
    current: Option<SeriousView>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    if let Some(s) = current {
        let clear = move |_| {
            leptos::task::spawn_local(async move {
                match browser().clear_serious(id).await {
                    Ok(view) => on_change(view),
                    Err(e) => banner.set(Some(e.message())),
                }
            });
        };
        return view! {
            <div class="inline-form serious" id="serious-state">
                <h3>{format!("중대 민원 · {}", s.reason_text)}</h3>
                <p>{fmt_time(&s.at)} " 지정: " {s.note}</p>
                <button class="button secondary" id="clear-serious" type="button" on:click=clear>
                    "중대 민원 해제"
                </button>
            </div>
        }
        .into_any();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SeriousInput { reason: reason.get_untracked(), note: note.get_untracked() };
        let check = input.validate();
        act_checked(async move { browser().mark_serious(id, &input).await }, check, errors, banner, on_change);
    };
    view! {
        <details class="inline-form">
            <summary>"중대 민원 지정 (큐 맨 위, 임원 보고)"</summary>
            <form id="serious-form" on:submit=submit>
                <label class="field" for="serious-reason">
                    <span>"사유"</span>
                    <select id="serious-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                        <option value="">"선택"</option>
                        {SeriousReason::ALL
                            .iter()
                            .map(|r| view! { <option value=r.as_str()>{r.ko()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <FieldMsg errors field="reason" id="serious-reason-error" />
                <label class="field" for="serious-note">
                    <span>"무엇이 중대한지"</span>
                    <input
                        id="serious-note"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="note" id="serious-note-error" />
                <button class="button" id="mark-serious" type="submit">
                    "중대 민원으로 지정"
                </button>
            </form>
        </details>
    }
    .into_any()
}

/// Corrects the case's record (분류 수정): kind, channel, facility and category, each starting
/// at what the case holds, with the reason; a new kind gives a new period (the history shows both).
#[component]
fn ClassifyForm(
    case: StaffCaseView,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = case.id;
    let errors = RwSignal::new(FieldErrors::default());
    let kind = RwSignal::new(case.kind.as_str().to_owned());
    let channel = RwSignal::new(case.channel.as_str().to_owned());
    let facility = RwSignal::new(case.facility.clone().unwrap_or_default());
    let category = RwSignal::new(case.category.clone().unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ClassifyInput {
            kind: kind.get_untracked(),
            channel: channel.get_untracked(),
            facility: facility.get_untracked(),
            category: category.get_untracked(),
            reason: reason.get_untracked(),
        };
        act(async move { browser().classify(id, &input).await }, errors, banner, on_change);
    };
    // A case from an external agency is registered with its details; it is not chosen here.
    let channels = Channel::ALL
        .iter()
        .filter(|c| **c != Channel::ExternalAgency)
        .map(|c| (c.as_str().to_owned(), c.ko().to_owned()))
        .collect::<Vec<_>>();
    view! {
        <details class="inline-form">
            <summary>"분류 고치기 (유형·접수경로·시설·분류)"</summary>
            <form id="classify-form" on:submit=submit>
                <p class="note">
                    "유형을 바꾸면 처리기한이 새 유형의 기간으로 접수 시각부터 다시 계산되고, 통계도 함께 바뀝니다. 비워 둔 항목은 그대로 둡니다."
                </p>
                <CodeSelect
                    id="classify-kind"
                    label="유형"
                    none="그대로"
                    value=kind
                    options=filed_kinds()
                    errors
                    field="kind"
                />
                <CodeSelect
                    id="classify-channel"
                    label="접수경로"
                    none="그대로"
                    value=channel
                    options=Signal::derive(move || channels.clone())
                    errors
                    field="channel"
                />
                <CodeSelect
                    id="classify-facility"
                    label="시설"
                    none="그대로"
                    value=facility
                    options=active_codes(CodeList::Facilities)
                    errors
                    field="facility"
                />
                <CodeSelect
                    id="classify-category"
                    label="분류"
                    none="그대로"
                    value=category
                    options=active_codes(CodeList::Categories)
                    errors
                    field="category"
                />
                <TextField id="classify-reason" label="고치는 이유" value=reason errors field="reason" />
                <button class="button" id="classify-send" type="submit">
                    "분류 고치기"
                </button>
            </form>
        </details>
    }
}

/// Sends the case to the agency it belongs to (이송); the complainant is told where it went.
#[component]
fn TransferForm(
    id: i64,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let agency = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TransferInput { agency: agency.get_untracked(), reason: reason.get_untracked() };
        let check = input.validate();
        act_checked(async move { browser().transfer_out(id, &input).await }, check, errors, banner, on_change);
    };
    view! {
        <details class="inline-form">
            <summary>"타 기관 이송 (이 기관 소관이 아닌 민원)"</summary>
            <form id="transfer-form" on:submit=submit>
                <label class="field" for="transfer-agency">
                    <span>"이송할 기관"</span>
                    <input
                        id="transfer-agency"
                        prop:value=move || agency.get()
                        on:input=move |ev| agency.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="agency" id="transfer-agency-error" />
                <label class="field" for="transfer-reason">
                    <span>"이송 사유 (민원인에게 안내됨)"</span>
                    <input
                        id="transfer-reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="reason" id="transfer-reason-error" />
                <button class="button" id="transfer-out" type="submit">
                    "이송하고 종결"
                </button>
            </form>
        </details>
    }
}

/// Extends the period (처리기간 연장). The server says whether consent must be recorded and
/// the latest day; the form shows exactly that and never works it out itself.
#[component]
fn ExtendForm(
    id: i64,
    options: ExtensionOptions,
    extensions: Vec<ExtensionView>,
    proposal: Option<ProposalView>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let via = RwSignal::new("phone".to_owned());
    let at = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ExtensionInput {
            reason: reason.get_untracked(),
            due_date: date.get_untracked(),
            consent: options
                .needs_consent
                .then(|| ExtensionConsentInput { via: via.get_untracked(), at: at.get_untracked() }),
        };
        act(async move { browser().extend(id, &input).await }, errors, banner, on_change);
    };
    // The second extension may instead ask the complainant, who answers on the tracking page.
    let propose = move |_| {
        let input = ExtensionInput { reason: reason.get_untracked(), due_date: date.get_untracked(), consent: None };
        act(async move { browser().propose_extension(id, &input).await }, errors, banner, on_change);
    };
    let proposal = proposal.map(|p| {
        let state = match p.answer.as_deref() {
            Some("agreed") => "민원인 동의함",
            Some("declined") => "민원인이 동의하지 않음",
            _ => "민원인의 답을 기다리는 중",
        };
        view! {
            <p class="note" id="extension-proposal">
                {format!("동의 요청 {} · {}까지: {} · {state}", fmt_time(&p.proposed_at), p.due_date, p.reason)}
            </p>
        }
    });
    let history = (!extensions.is_empty()).then(|| {
        view! {
            <ul id="extensions">
                {extensions
                    .into_iter()
                    .map(|e| {
                        let consent = e
                            .consent_via_text
                            .map(|v| {
                                format!(
                                    " · 민원인 동의: {v} {}",
                                    e.consent_at.as_ref().map(fmt_time).unwrap_or_default(),
                                )
                            });
                        view! {
                            <li>
                                {fmt_time(&e.old_due_at)} " → " <strong>{fmt_time(&e.new_due_at)}</strong> " · "
                                {e.reason} {consent}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let Some(last) = options.last_day else {
        return view! {
            <div class="inline-form" id="extend-form">
                <h3>"처리기간 연장"</h3>
                {history}
                {proposal}
                <p class="note">
                    "더 연장할 수 없습니다. 연장은 처리기간 안에, 두 번까지(두 번째는 민원인 동의) 할 수 있습니다."
                </p>
            </div>
        }
        .into_any();
    };
    let consent = options.needs_consent.then(|| {
        view! {
            <p class="note">
                "두 번째 연장입니다. 민원인의 동의를 받은 방법과 시각을 기록해 주세요."
            </p>
            <label class="field" for="extend-consent-via">
                <span>"동의 방법"</span>
                <select id="extend-consent-via" on:change=move |ev| via.set(event_target_value(&ev))>
                    <option value="phone" selected=true>
                        "전화"
                    </option>
                    <option value="email">"이메일"</option>
                </select>
            </label>
            <FieldMsg errors field="consent.via" id="extend-consent-via-error" />
            <label class="field" for="extend-consent-at">
                <span>"동의 시각"</span>
                <input
                    id="extend-consent-at"
                    type="datetime-local"
                    prop:value=move || at.get()
                    on:input=move |ev| at.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="consent.at" id="extend-consent-at-error" />
            <FieldMsg errors field="consent" id="extend-consent-error" />
            <button class="button secondary" id="extend-propose" type="button" on:click=propose>
                "진행 조회 화면으로 동의 요청 보내기"
            </button>
        }
    });
    view! {
        <form class="inline-form" id="extend-form" on:submit=submit>
            <h3>"처리기간 연장 (민원인에게 바로 안내)"</h3>
            {history}
            {proposal}
            <label class="field" for="extend-reason">
                <span>"연장 사유"</span>
                <input
                    id="extend-reason"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="reason" id="extend-reason-error" />
            <label class="field" for="extend-date">
                <span>{format!("새 처리기한 (근무일, {last}까지)")}</span>
                <input
                    id="extend-date"
                    type="date"
                    max=last.to_string()
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="due_date" id="extend-date-error" />
            {consent}
            <button class="button" id="extend" type="submit">
                "처리기간 연장"
            </button>
        </form>
    }
    .into_any()
}

/// Records abusive conduct by the complainant (특이민원).
#[component]
fn IncidentForm(
    id: i64,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let kind = RwSignal::new(ConductKind::Abuse.as_str().to_owned());
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = IncidentInput { kind: kind.get_untracked(), note: note.get_untracked() };
        let check = input.validate();
        let done = move |view| {
            note.set(String::new());
            on_change(view);
        };
        act_checked(async move { browser().record_incident(id, &input).await }, check, errors, banner, done);
    };
    view! {
        <details class="inline-form">
            <summary>"특이민원 행위 기록 (폭언·협박·반복 전화 등)"</summary>
            <form id="incident-form" on:submit=submit>
                <label class="field" for="incident-kind">
                    <span>"행위"</span>
                    <select id="incident-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {ConductKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.as_str()>{k.ko()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <FieldMsg errors field="kind" id="incident-kind-error" />
                <label class="field" for="incident-note">
                    <span>"있었던 일 (언제, 어떻게)"</span>
                    <input
                        id="incident-note"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="note" id="incident-note-error" />
                <button class="button" id="record-incident" type="submit">
                    "기록"
                </button>
            </form>
        </details>
    }
}

/// The co-complainants of a multi-person complaint (다수인관련민원), masked, with the form that
/// adds one and a button that removes each, for those who may change them.
#[component]
fn CoComplainants(
    id: i64,
    list: Vec<CoComplainantView>,
    may: bool,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let (name, phone, email) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (sms, mail) = (RwSignal::new(false), RwSignal::new(false));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let some = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let input = CoComplainantInput {
            name: name.get_untracked(),
            phone: some(phone),
            email: some(email),
            consent: Consent { sms: sms.get_untracked(), email: mail.get_untracked(), publish: false },
        };
        let check = input.validate(0);
        let done = move |view| {
            for s in [name, phone, email] {
                s.set(String::new());
            }
            sms.set(false);
            mail.set(false);
            on_change(view);
        };
        act_checked(async move { browser().add_complainant(id, &input).await }, check, errors, banner, done);
    };
    let count = list.len();
    let rows = list
        .into_iter()
        .map(|p| {
            let remove = move |_| {
                let call = async move { browser().remove_complainant(id, p.id).await };
                super::common::submit(call, errors, banner, on_change);
            };
            let channels = [(p.consent_sms, "문자"), (p.consent_email, "이메일")]
                .into_iter()
                .filter_map(|(on, c)| on.then_some(c))
                .collect::<Vec<_>>()
                .join("·");
            view! {
                <li>
                    <strong>{p.name.unwrap_or_else(|| "(파기됨)".into())}</strong>
                    " "
                    {[p.phone, p.email].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                    " · 알림: "
                    {if channels.is_empty() { "받지 않음".to_owned() } else { channels }}
                    <small>" ("{p.added_by}" " {fmt_time(&p.added_at)}")"</small>
                    {may
                        .then(|| {
                            view! {
                                " "
                                <button class="button small" type="button" on:click=remove>
                                    "삭제"
                                </button>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    (may || count > 0).then(|| {
        view! {
            <section class="co-complainants">
                <h2>{format!("민원인 {}명 (대표자 1명, 공동 민원인 {count}명)", count + 1)}</h2>
                <Banner message=banner />
                <ul id="co-complainants">{rows}</ul>
                {may
                    .then(|| {
                        view! {
                            <details class="inline-form">
                                <summary>"공동 민원인 추가 (다수인관련민원)"</summary>
                                <form id="co-complainant-form" on:submit=submit>
                                    <TextField id="co-name" label="이름" value=name errors field="name" />
                                    <TextField
                                        id="co-phone"
                                        label="휴대전화 (선택)"
                                        kind="tel"
                                        value=phone
                                        errors
                                        field="phone"
                                    />
                                    <TextField
                                        id="co-email"
                                        label="이메일 (선택)"
                                        kind="email"
                                        value=email
                                        errors
                                        field="email"
                                    />
                                    <CheckField
                                        id="co-consent-sms"
                                        label="문자로 알림 받기에 동의함"
                                        value=sms
                                    />
                                    <CheckField
                                        id="co-consent-email"
                                        label="이메일로 알림 받기에 동의함"
                                        value=mail
                                    />
                                    <button class="button" id="add-co-complainant" type="submit">
                                        "추가"
                                    </button>
                                </form>
                            </details>
                        }
                    })}
            </section>
        }
    })
}

/// Abusive conduct recorded on this complainant, here or on their other cases.
#[component]
fn Incidents(incidents: Vec<IncidentView>) -> impl IntoView {
    (!incidents.is_empty()).then(|| {
        view! {
            <section class="incidents">
                <p class="banner warn" role="status" id="incident-warning">
                    {format!(
                        "이 민원인에게 특이민원 행위 기록이 {}건 있습니다. 응대할 때 안전에 유의하고, 필요하면 통화를 녹음하거나 동석을 요청하세요.",
                        incidents.len(),
                    )}
                </p>
                <ul id="incidents">
                    {incidents
                        .into_iter()
                        .map(|i| {
                            view! {
                                <li>
                                    <strong>{i.kind_text}</strong>
                                    " · "
                                    {i.note}
                                    " · "
                                    <a href=format!("/cases/{}", i.case_id)>{i.receipt_no}</a>
                                    <small>" ("{i.by}" " {fmt_time(&i.at)}")"</small>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// Links the case to another by receipt number; where this case may close, merges it into
/// its original as a duplicate.
#[component]
fn LinkForm(
    id: i64,
    merge: bool,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let other = RwSignal::new(String::new());
    let relation = RwSignal::new("related".to_owned());
    let link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = LinkInput { other: other.get_untracked(), relation: relation.get_untracked() };
        let check = input.validate();
        act_checked(async move { browser().link(id, &input).await }, check, errors, banner, on_change);
    };
    let merge_errors = RwSignal::new(FieldErrors::default());
    let merge_into = move |_| {
        let input = MergeInput { into: other.get_untracked() };
        let check = input.validate();
        act_checked(async move { browser().merge(id, &input).await }, check, merge_errors, banner, on_change);
    };
    view! {
        <details class="inline-form">
            <summary>"다른 민원과 연결 (관련·중복·반복)"</summary>
            <form id="link-form" on:submit=link>
                <label class="field" for="link-other">
                    <span>"다른 민원의 접수번호"</span>
                    <input
                        id="link-other"
                        placeholder="VOC-2026-000123"
                        prop:value=move || other.get()
                        on:input=move |ev| other.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="other" id="link-other-error" />
                <label class="field" for="link-relation">
                    <span>"관계"</span>
                    <select id="link-relation" on:change=move |ev| relation.set(event_target_value(&ev))>
                        {LinkRelation::ALL
                            .iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=*r == LinkRelation::Related>
                                        {r.ko()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <FieldMsg errors field="relation" id="link-relation-error" />
                <button class="button" id="link" type="submit">
                    "연결"
                </button>
                {merge
                    .then(|| {
                        view! {
                            <p class="note">
                                "같은 내용의 먼저 접수된 민원이면, 이 민원을 그 민원에 병합해 종결할 수 있습니다. 민원인에게는 그 민원의 처리 결과가 갑니다."
                            </p>
                            <FieldMsg errors=merge_errors field="into" id="merge-into-error" />
                            <button class="button secondary" id="merge" type="button" on:click=merge_into>
                                "이 민원을 위 민원에 병합"
                            </button>
                        }
                    })}
            </form>
        </details>
    }
}

/// Closing a repeated complaint (제23조): the form only where the linked history allows it,
/// else what is missing.
#[component]
fn RepeatClosure(
    id: i64,
    repeat: RepeatView,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if !repeat.closable {
        return view! {
            <p class="note" id="repeat-state">
                {format!(
                    "반복 민원 종결(제23조): '중복' 또는 '반복'으로 연결된 앞선 민원 {}건, 답변 {}건. 각각 2건 이상이면 종결할 수 있습니다.",
                    repeat.filings,
                    repeat.answers,
                )}
            </p>
        }
        .into_any();
    }
    let title = format!("반복 민원 종결 (제23조, 앞선 답변 {} 인용)", repeat.cited.join(", "));
    view! {
        <TextAction
            id
            action=TextStep::CloseRepeated
            title=title
            label="종결 사유 (민원인에게 안내됨)"
            button="반복 민원으로 종결"
            field="reason"
            errors=RwSignal::new(FieldErrors::default())
            banner
            on_change
        />
    }
    .into_any()
}

/// The same complainant's other cases that this reader may see (by phone number or e-mail
/// address), with what they filed over the last year: repeats and chronic complaints at a
/// glance, and the warning that this one may repeat one of them.
#[component]
fn EarlierCases(cases: Vec<EarlierCaseView>, counts: ComplainantSummary) -> impl IntoView {
    (!cases.is_empty()).then(|| {
        let similar = cases.iter().filter(|c| c.similar && !c.linked).count();
        let at_least = if counts.complete { "" } else { " 이상" };
        let kinds =
            counts.last_year.iter().map(|k| format!("{} {}", k.kind.ko(), k.count)).collect::<Vec<_>>().join(" · ");
        let filed: i64 = counts.last_year.iter().map(|k| k.count).sum();
        let more = (counts.others > cases.len() as i64).then(|| {
            format!("가장 최근 {}건만 보입니다. 민원 찾기에서 연락처로 모두 찾을 수 있습니다.", cases.len())
        });
        view! {
            <section class="earlier-cases" id="their-cases">
                <h2>
                    "같은 민원인의 다른 민원 "
                    <span class="badge">{format!("{}건{at_least}", counts.others)}</span>
                </h2>
                <p class="meta" id="complainant-counts">
                    {format!(
                        "최근 {HISTORY_DAYS}일 접수 {filed}건{at_least} ({kinds}, 이 민원 포함) · 처리 중 {}건{at_least}",
                        counts.open,
                    )}
                </p>
                <p class="meta">{format!("찾은 연락처: {}", counts.matched_by.join(", "))}</p>
                {(similar > 0)
                    .then(|| {
                        view! {
                            <p class="banner warn" role="status" id="similar-warning">
                                {format!(
                                    "내용이 비슷한 민원이 {similar}건 있습니다. 중복·반복 민원인지 확인해 주세요.",
                                )}
                            </p>
                        }
                    })}
                <table class="queue-table" id="earlier-cases">
                    <thead>
                        <tr>
                            <th>"접수번호"</th>
                            <th>"유형"</th>
                            <th>"접수"</th>
                            <th>"상태"</th>
                            <th>"종결"</th>
                            <th>"내용"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {cases
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <tr class:similar=c.similar data-receipt=c.receipt_no.clone()>
                                        <td>
                                            <a href=format!("/cases/{}", c.receipt_no)>{c.receipt_no.clone()}</a>
                                        </td>
                                        <td>{c.kind.ko()}</td>
                                        <td>{fmt_time(&c.received_at)}</td>
                                        <td>{c.status.ko()}</td>
                                        <td>{c.closed_at.as_ref().map(fmt_time).unwrap_or_else(|| "-".into())}</td>
                                        <td>
                                            {c.summary}
                                            {c.similar.then(|| view! { <strong class="badge">" 유사"</strong> })}
                                            {c.linked.then(|| view! { <small>" (연결됨)"</small> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                {more.map(|m| view! { <p class="note">{m}</p> })}
            </section>
        }
    })
}

/// The cases linked to this one.
#[component]
fn LinkList(links: Vec<LinkView>) -> impl IntoView {
    (!links.is_empty()).then(|| {
        view! {
            <section class="links">
                <h2>"연결된 민원"</h2>
                <ul id="links">
                    {links
                        .into_iter()
                        .map(|l| {
                            view! {
                                <li>
                                    {l.relation_text} " · " <a href=format!("/cases/{}", l.id)>{l.receipt_no}</a>
                                    " · " {l.status.ko()} {l.answered.then_some(" · 답변함")}
                                    <small>" ("{l.by}" " {fmt_time(&l.at)}")"</small>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// Asks the complainant for a supplement (보완 요구): what and by which day. The clock stops
/// at once; the complainant answers on the tracking page.
#[component]
fn SupplementForm(
    id: i64,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let request = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SupplementInput { request: request.get_untracked(), due_date: date.get_untracked() };
        act(async move { browser().request_supplement(id, &input).await }, errors, banner, on_change);
    };
    view! {
        <details class="inline-form">
            <summary>"보완 요구 (민원인에게 요청, 보완할 때까지 처리기간 정지)"</summary>
            <form id="supplement-form" on:submit=submit>
                <label class="field" for="supplement-request">
                    <span>"보완할 내용 (민원인에게 안내됨)"</span>
                    <textarea
                        id="supplement-request"
                        rows="3"
                        prop:value=move || request.get()
                        on:input=move |ev| request.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="request" id="supplement-request-error" />
                <label class="field" for="supplement-date">
                    <span>"보완 기한 (오늘부터 30일 이내)"</span>
                    <input
                        id="supplement-date"
                        type="date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="due_date" id="supplement-date-error" />
                <button class="button" id="request-supplement" type="submit">
                    "보완 요구"
                </button>
            </form>
        </details>
    }
}

/// The supplements asked of the complainant and what they sent.
#[component]
fn SupplementList(supplements: Vec<SupplementView>) -> impl IntoView {
    (!supplements.is_empty()).then(|| {
        view! {
            <section class="supplements">
                <h2>"보완 요구"</h2>
                <ul id="supplements">
                    {supplements
                        .into_iter()
                        .map(|s| {
                            let answer = match (s.answer, s.answered_at) {
                                (Some(a), Some(at)) => {
                                    let a = if a.is_empty() { "(첨부파일로 보완)".to_owned() } else { a };
                                    view! {
                                        <p class="supplement-answer">
                                            <strong>"보완 제출 "{fmt_time(&at)}": "</strong>
                                            {a}
                                        </p>
                                    }
                                        .into_any()
                                }
                                _ if s.overdue => {
                                    view! {
                                        <p>
                                            <strong class="late">"기한 경과: 보완 없음"</strong>
                                        </p>
                                    }
                                        .into_any()
                                }
                                _ => view! { <p>"보완 기다리는 중"</p> }.into_any(),
                            };
                            view! {
                                <li class:overdue=s.overdue>
                                    <p>
                                        {s.request}<br />
                                        <small>
                                            {fmt_time(&s.requested_at)}" 요청 · "{s.due_date.to_string()} "까지"
                                        </small>
                                    </p>
                                    {answer}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// Asks another department for material; it has its own field messages, since the routing
/// form beside it also has a department field.
#[component]
fn MaterialForm(
    id: i64,
    own: Option<i64>,
    banner: RwSignal<Option<String>>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let department = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = MaterialInput {
            department: serde_json::Value::String(department.get_untracked()),
            question: question.get_untracked(),
            due_date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
        };
        let clear = move |view| {
            question.set(String::new());
            date.set(String::new());
            on_change(view);
        };
        act(async move { browser().request_material(id, &input).await }, errors, banner, clear);
    };
    view! {
        <form class="inline-form" id="material-form" on:submit=submit>
            <h3>"자료 요청 (다른 부서)"</h3>
            <label class="field" for="material-department">
                <span>"요청할 부서"</span>
                <DepartmentSelect id="material-department" exclude=own value=department />
            </label>
            <FieldMsg errors field="department" />
            <label class="field" for="material-question">
                <span>"요청 내용"</span>
                <textarea
                    id="material-question"
                    rows="3"
                    prop:value=move || question.get()
                    on:input=move |ev| question.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="question" />
            <label class="field" for="material-date">
                <span>"회신 기한 (비우면 다음 근무일)"</span>
                <input
                    id="material-date"
                    type="date"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="due_date" />
            <button class="button" id="material-request" type="submit">
                "자료 요청"
            </button>
        </form>
    }
}

/// The case's material requests and their replies.
#[component]
fn MaterialList(materials: Vec<MaterialView>) -> impl IntoView {
    (!materials.is_empty()).then(|| {
        view! {
            <section class="materials">
                <h2>"자료 요청"</h2>
                <table class="queue-table" id="materials">
                    <thead>
                        <tr>
                            <th>"요청받은 부서"</th>
                            <th>"요청 내용"</th>
                            <th>"기한"</th>
                            <th>"회신"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {materials
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <tr class:overdue=m.overdue>
                                        <td>{m.department_name}</td>
                                        <td>
                                            {m.question}<br />
                                            <small>{m.requested_by}" · "{fmt_time(&m.requested_at)}</small>
                                        </td>
                                        <td>
                                            {fmt_time(&m.due_at)}
                                            {m
                                                .overdue
                                                .then(|| view! { <strong class="late">" 기한 경과"</strong> })}
                                        </td>
                                        <td class="material-answer">
                                            {match m.answer {
                                                Some(a) => {
                                                    view! {
                                                        {a}
                                                        <br />
                                                        <small>
                                                            {m.answered_by.unwrap_or_default()}" · "
                                                            {m.answered_at.as_ref().map(fmt_time).unwrap_or_default()}
                                                        </small>
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <em>"회신 대기"</em> }.into_any(),
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

/// Every notice of the case and where its delivery stands.
#[component]
pub fn NoticeList(id: i64) -> impl IntoView {
    let notices = LocalResource::new(move || async move { browser().case_notices(id).await });
    view! {
        <section class="notices">
            <h2>"알림 발송"</h2>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    notices
                        .get()
                        .map(|r| match r {
                            Ok(list) if list.is_empty() => {
                                view! {
                                    <p class="note" id="no-notices">
                                        "보낸 알림이 없습니다 (수신 동의한 연락처가 없거나 아직 알릴 일이 없음)."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                let unsent: Vec<&NoticeView> = list
                                    .iter()
                                    .filter(|n| !n.channel_configured && n.state == DeliveryState::Pending)
                                    .collect();
                                let unsent_note = (!unsent.is_empty())
                                    .then(|| {
                                        let mut channels: Vec<&str> = unsent.iter().map(|n| n.channel.ko()).collect();
                                        channels.dedup();
                                        // Said plainly: what cannot leave because the server has no way out.
                                        view! {
                                            <p class="banner warn" role="status" id="notices-unsent">
                                                {format!(
                                                    "이 민원의 알림 {}건은 {} 발송이 설정되지 않아 보내지지 않고 기다립니다. 급한 안내는 전화 등으로 전해 주세요.",
                                                    unsent.len(),
                                                    channels.join("·"),
                                                )}
                                            </p>
                                        }
                                    });
                                view! {
                                    {unsent_note}
                                    <table class="queue-table" id="notices">
                                        <thead>
                                            <tr>
                                                <th>"알림"</th>
                                                <th>"경로"</th>
                                                <th>"수신"</th>
                                                <th>"상태"</th>
                                                <th>"시도"</th>
                                                <th>"생성"</th>
                                                <th>"발송"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|n| {
                                                    view! {
                                                        <tr class=format!("notice-{}", n.state.as_str())>
                                                            <td>{n.notice_text}</td>
                                                            <td>{n.channel.ko()}</td>
                                                            <td>{n.recipient}</td>
                                                            <td>
                                                                {n.state_text}
                                                                {n
                                                                    .last_error
                                                                    .map(|e| {
                                                                        view! { <small class="detail">" · " {e}</small> }
                                                                    })}
                                                            </td>
                                                            <td>{n.attempts}</td>
                                                            <td>{fmt_time(&n.created_at)}</td>
                                                            <td>
                                                                {n
                                                                    .sent_at
                                                                    .as_ref()
                                                                    .map(fmt_time)
                                                                    .unwrap_or_else(|| "-".into())}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn AnswerRounds(answers: Vec<AnswerRecordView>) -> impl IntoView {
    (!answers.is_empty()).then(|| {
        let rows = answers
            .into_iter()
            .map(|a| {
                let state = match a.state.as_str() {
                    "draft" => "결재대기",
                    "returned" => "반려",
                    _ => "승인",
                };
                view! {
                    <tr>
                        <td>{fmt_time(&a.at)}</td>
                        <td>{state}</td>
                        <td>{a.decision_text}</td>
                        <td class="pre">{a.result}</td>
                        <td>{a.drafted_by.unwrap_or_default()}</td>
                        <td>{a.approved_by.unwrap_or_default()} {a.review_note.map(|n| format!(" · {n}"))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="rounds">
                <h2>"답변 기록"</h2>
                <table class="queue-table" id="answer-rounds">
                    <thead>
                        <tr>
                            <th scope="col">"일시"</th>
                            <th scope="col">"상태"</th>
                            <th scope="col">"수용여부"</th>
                            <th scope="col">"처리결과"</th>
                            <th scope="col">"작성"</th>
                            <th scope="col">"결재"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    })
}
