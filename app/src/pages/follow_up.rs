//! Follow-up on the case page: the staff member concerned, compensation, the improvement
//! requests the case prompted, and publishing it as an FAQ entry. Each form is shown only
//! to roles that may use it (the server checks again).

use leptos::prelude::*;

use super::common::{Banner, FieldMsg, fmt_time, submit};
use super::practices::PracticeProposal;
use crate::api::{FaqView, ImprovementView, Me, StaffCaseView};
use crate::client::browser;
use crate::domain::{
    CaseStatus, CompensationInput, CompensationReason, FaqInput, FieldErrors, Role, StaffCause, StaffInput, VocKind,
};

#[component]
pub fn FollowUpPanel(
    case: StaffCaseView,
    me: Me,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = case.id;
    let role = me.role;
    let compensates = role.routes()
        || (role == Role::DepartmentHead && case.department_id.is_some() && me.department_id == case.department_id);
    let publishable = case.status == CaseStatus::Closed && case.answer.is_some();
    let staff = case.staff.clone().map(|s| {
        let mut text = s.staff_name.clone();
        if let Some(d) = &s.department_name {
            text.push_str(&format!(" ({d})"));
        }
        if let Some(c) = &s.cause_label {
            text.push_str(&format!(" · {c}"));
        }
        if s.cs_training {
            text.push_str(" · CS 교육 대상");
        }
        view! {
            <p id="staff-concerned">
                <strong>"관련 직원: "</strong>
                {text}
            </p>
        }
    });
    let compensations = (!case.compensations.is_empty()).then(|| {
        view! {
            <h3>"보상 기록"</h3>
            <ul id="compensation-list">
                {case
                    .compensations
                    .iter()
                    .map(|c| {
                        view! {
                            <li>
                                {fmt_time(&c.recorded_at)}" · "{c.reason_label.clone()}" · "{c.item.clone()}" "
                                {format!("{}원", c.amount)}{(!c.note.is_empty()).then(|| format!(" · {}", c.note))}
                                " · "{c.recorded_by.clone()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        {(case.kind == VocKind::Grievance)
            .then(|| view! { <GrievancePanel id steps=case.grievance.clone() works=role.works_cases() on_change /> })}
        <section class="follow-up" id="follow-up">
            <h2>"사후관리"</h2>
            {staff}
            {role.works_cases().then(|| view! { <StaffForm id kind=case.kind on_change /> })}
            {compensations}
            {compensates.then(|| view! { <CompensationForm id on_change /> })}
            <ImprovementList items=case.improvements.clone() />
            {role
                .routes()
                .then(|| {
                    view! {
                        <p>
                            <a
                                class="button secondary"
                                id="ask-improvement"
                                href=format!("/improvements?receipt_no={}", case.receipt_no)
                            >
                                "이 민원으로 제도개선 요청"
                            </a>
                        </p>
                    }
                })}
            <PracticeProposal
                id
                may=case.actions.propose_practice
                practice=case.practice.clone()
                staff_name=case.staff.as_ref().map(|s| s.staff_name.clone())
                on_change
            />
            {match (case.faq.clone(), role.routes()) {
                (Some(f), manager) => view! { <FaqState case_id=id f manager on_change /> }.into_any(),
                (None, true) if !case.consent.publish => {
                    view! {
                        <p class="note" id="faq-no-consent">
                            "민원인이 답변 공개에 동의하지 않아 FAQ로 게시할 수 없습니다."
                        </p>
                    }
                        .into_any()
                }
                (None, true) if publishable => {
                    view! {
                        <FaqForm
                            id
                            question=case.content.clone()
                            answer=case.answer.clone().map(|a| a.result).unwrap_or_default()
                            on_change
                        />
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn StaffForm(
    id: i64,
    kind: VocKind,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let praise = kind == VocKind::Praise;
    let form = RwSignal::new(StaffInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate(kind) {
            errors.set(e);
            return;
        }
        submit(async move { browser().set_staff(id, &input).await }, errors, banner, on_change);
    };
    let causes = StaffCause::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.ko()}</option> }).collect_view();
    view! {
        <details class="inline-form" id="staff-form">
            <summary>{if praise { "칭찬받은 직원 기록" } else { "관련 직원과 원인 기록" }}</summary>
            <form on:submit=submit>
                <Banner message=banner />
                <label class="field" for="staff-name">
                    <span>"직원 이름"</span>
                    <input
                        id="staff-name"
                        aria-describedby="staff_name-error"
                        prop:value=move || form.with(|f| f.staff_name.clone())
                        on:input=move |ev| form.update(|f| f.staff_name = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="staff_name" />
                {(!praise)
                    .then(|| {
                        view! {
                            <label class="field" for="staff-cause">
                                <span>"원인"</span>
                                <select
                                    id="staff-cause"
                                    aria-describedby="cause-error"
                                    on:change=move |ev| {
                                        form.update(|f| {
                                            f.cause = Some(event_target_value(&ev)).filter(|v| !v.is_empty());
                                        })
                                    }
                                >
                                    <option value="">"— 원인 선택 —"</option>
                                    {causes}
                                </select>
                            </label>
                            <FieldMsg errors field="cause" />
                            <label class="check" for="staff-training">
                                <input
                                    type="checkbox"
                                    id="staff-training"
                                    on:change=move |ev| form.update(|f| f.cs_training = event_target_checked(&ev))
                                />
                                " CS 교육 대상으로 지정"
                            </label>
                        }
                    })}
                <button class="button" id="save-staff" type="submit">
                    "기록"
                </button>
            </form>
        </details>
    }
}

#[component]
fn CompensationForm(id: i64, on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(CompensationInput {
        reason: CompensationReason::RepeatVisit.as_str().into(),
        ..Default::default()
    });
    let amount = RwSignal::new(String::from("10000"));
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        match amount.get_untracked().trim().replace(',', "").parse::<i64>() {
            Ok(a) => input.amount = Some(a),
            Err(_) => {
                let mut e = FieldErrors::default();
                e.add("amount", crate::domain::FieldError::NumberTooSmall { min: 1 });
                errors.set(e);
                return;
            }
        }
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().add_compensation(id, &input).await }, errors, banner, move |view| {
            form.update(|f| f.note.clear());
            on_change(view);
        });
    };
    let reasons =
        CompensationReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.ko()}</option> }).collect_view();
    view! {
        <details class="inline-form" id="compensation-form">
            <summary>"보상 기록 (기본: 1만원 상당 물품)"</summary>
            <form on:submit=submit>
                <Banner message=banner />
                <label class="field" for="compensation-reason">
                    <span>"사유"</span>
                    <select
                        id="compensation-reason"
                        on:change=move |ev| form.update(|f| f.reason = event_target_value(&ev))
                    >
                        {reasons}
                    </select>
                </label>
                <FieldMsg errors field="reason" id="compensation-reason-error" />
                <label class="field" for="compensation-item">
                    <span>"물품"</span>
                    <input
                        id="compensation-item"
                        placeholder="상품권"
                        prop:value=move || form.with(|f| f.item.clone())
                        on:input=move |ev| form.update(|f| f.item = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="item" id="compensation-item-error" />
                <label class="field" for="compensation-amount">
                    <span>"금액(원)"</span>
                    <input
                        id="compensation-amount"
                        inputmode="numeric"
                        aria-describedby="compensation-amount-error"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="amount" id="compensation-amount-error" />
                <label class="field" for="compensation-note">
                    <span>"비고"</span>
                    <input
                        id="compensation-note"
                        prop:value=move || form.with(|f| f.note.clone())
                        on:input=move |ev| form.update(|f| f.note = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="note" id="compensation-note-error" />
                <button class="button" id="save-compensation" type="submit">
                    "보상 기록"
                </button>
            </form>
        </details>
    }
}

/// Improvement requests, as the case page and `/improvements` list them.
#[component]
pub fn ImprovementList(items: Vec<ImprovementView>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h3>"제도개선 요청"</h3>
            <ul class="improvement-list">
                {items
                    .into_iter()
                    .map(|i| {
                        let state = i.state_ko();
                        view! {
                            <li>
                                {i.title}" → "{i.department_name}" · 보고 기한 "{i.due_date.to_string()}" · "
                                <strong>{state}</strong>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn FaqState(
    case_id: i64,
    f: FaqView,
    manager: bool,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let banner = RwSignal::new(None::<String>);
    let id = f.id;
    let withdraw = move |_| {
        leptos::task::spawn_local(async move {
            // Withdrawing answers no case view: the case is read again to show it.
            let c = browser();
            let reread = match c.withdraw_faq(id).await {
                Ok(()) => c.case(case_id).await,
                Err(e) => Err(e),
            };
            match reread {
                Ok(view) => on_change(view),
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    view! {
        <div class="inline-form" id="faq-state">
            <h3>"FAQ 게시 중 ("{fmt_time(&f.published_at)}")"</h3>
            <Banner message=banner />
            <p>
                <strong>"Q. "</strong>
                {f.question}
            </p>
            <p class="pre">
                <strong>"A. "</strong>
                {f.answer}
            </p>
            {manager
                .then(|| {
                    view! {
                        <button class="button secondary" id="withdraw-faq" type="button" on:click=withdraw>
                            "게시 중단"
                        </button>
                    }
                })}
        </div>
    }
}

#[component]
fn FaqForm(
    id: i64,
    question: String,
    answer: String,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let form = RwSignal::new(FaqInput { case_id: id, question, answer });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        // The browser sees only masked contacts: the server checks them again in full.
        if let Err(e) = input.validate(&[]) {
            errors.set(e);
            return;
        }
        submit(
            // Publishing answers the question, not the case: the case is read again to show it.
            async move {
                let c = browser();
                c.publish_faq(&input).await?;
                c.case(id).await
            },
            errors,
            banner,
            on_change,
        );
    };
    view! {
        <details class="inline-form" id="faq-form">
            <summary>"FAQ로 게시 (민원인 공개 동의)"</summary>
            <form on:submit=submit>
                <p class="note">
                    "성명·연락처·주소 등 개인을 알아볼 수 있는 내용을 모두 지우고 일반적인 질문과 답으로 고쳐 주세요."
                </p>
                <Banner message=banner />
                <label class="field" for="faq-question">
                    <span>"질문"</span>
                    <textarea
                        id="faq-question"
                        rows="3"
                        aria-describedby="question-error"
                        prop:value=move || form.with(|f| f.question.clone())
                        on:input=move |ev| form.update(|f| f.question = event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="question" />
                <label class="field" for="faq-answer">
                    <span>"답변"</span>
                    <textarea
                        id="faq-answer"
                        rows="4"
                        aria-describedby="answer-error"
                        prop:value=move || form.with(|f| f.answer.clone())
                        on:input=move |ev| form.update(|f| f.answer = event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="answer" />
                <button class="button primary" id="publish-faq" type="submit">
                    "FAQ로 게시"
                </button>
            </form>
        </details>
    }
}

/// The grievance process: the four stages with what is on record, and the form for the
/// next one (only stages whose predecessor is recorded are offered; the server checks again).
#[component]
fn GrievancePanel(
    id: i64,
    steps: Vec<crate::api::GrievanceStepView>,
    works: bool,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    use crate::domain::{GrievanceInput, GrievanceOpinion, GrievanceStage};
    let done: Vec<GrievanceStage> = steps.iter().map(|s| s.stage).collect();
    let open: Vec<GrievanceStage> = GrievanceStage::ALL
        .iter()
        .copied()
        .filter(|s| !done.contains(s) && s.requires().is_none_or(|r| done.contains(&r)))
        .collect();
    let form = RwSignal::new(GrievanceInput {
        stage: open.first().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        ..Default::default()
    });
    // The deliberation states its opinion; an improvement or audit referral may name where it goes.
    let opinion = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let stage_is = move |s: GrievanceStage| form.with(|f| f.stage == s.as_str());

    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit_step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        let stage = GrievanceStage::parse(&input.stage).ok();
        input.opinion = (stage == Some(GrievanceStage::Deliberation)).then(|| opinion.get_untracked());
        input.department = matches!(stage, Some(GrievanceStage::Improvement | GrievanceStage::AuditReferral))
            .then(|| department.get_untracked())
            .filter(|d| !d.is_empty())
            .map(serde_json::Value::String);
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().grievance_step(id, &input).await }, errors, banner, on_change);
    };
    let stages = GrievanceStage::ALL
        .iter()
        .map(|stage| {
            let step = steps.iter().find(|s| s.stage == *stage).cloned();
            let done = step.is_some();
            view! {
                <li class:done=done id=format!("grievance-{}", stage.as_str())>
                    <strong>{stage.ko()}</strong>
                    {match step {
                        Some(s) => {
                            let mut t = format!(" · {} · {}", fmt_time(&s.at), s.actor);
                            if let Some(o) = &s.opinion_label {
                                t.push_str(&format!(" · {o}"));
                            }
                            if let Some(d) = &s.department_name {
                                t.push_str(&format!(" · {d}"));
                            }
                            format!("{t} · {}", s.note)
                        }
                        None => " · 대기".to_owned(),
                    }}
                </li>
            }
        })
        .collect_view();
    let options = open.iter().map(|s| view! { <option value=s.as_str()>{s.ko()}</option> }).collect_view();
    view! {
        <section class="grievance" id="grievance">
            <h2>"고충 처리 (조사 → 심의 → 제도개선, 위법·부당 시 감사 의뢰)"</h2>
            <ol class="grievance-stages">{stages}</ol>
            {(works && !open.is_empty())
                .then(|| {
                    view! {
                        <form class="inline-form" id="grievance-form" on:submit=submit_step>
                            <Banner message=banner />
                            <label class="field" for="grievance-stage">
                                <span>"단계"</span>
                                <select
                                    id="grievance-stage"
                                    on:change=move |ev| form.update(|f| f.stage = event_target_value(&ev))
                                >
                                    {options}
                                </select>
                            </label>
                            <FieldMsg errors field="stage" id="grievance-stage-error" />
                            // Shown and hidden, never rebuilt: what was chosen stays.
                            <div hidden=move || !stage_is(GrievanceStage::Deliberation)>
                                <label class="field" for="grievance-opinion">
                                    <span>"심의 의견"</span>
                                    <select
                                        id="grievance-opinion"
                                        on:change=move |ev| opinion.set(event_target_value(&ev))
                                    >
                                        <option value="">"— 의견 선택 —"</option>
                                        {GrievanceOpinion::ALL
                                            .iter()
                                            .map(|o| view! { <option value=o.as_str()>{o.ko()}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <FieldMsg errors field="opinion" id="grievance-opinion-error" />
                            </div>
                            <div hidden=move || {
                                !(stage_is(GrievanceStage::Improvement) || stage_is(GrievanceStage::AuditReferral))
                            }>
                                <label class="field" for="grievance-department">
                                    <span>
                                        {move || {
                                            if stage_is(GrievanceStage::AuditReferral) {
                                                "감사 부서 (비우면 감사실)"
                                            } else {
                                                "제도개선을 요청할 부서 (비우면 이 민원의 부서)"
                                            }
                                        }}
                                    </span>
                                    <super::case_actions::DepartmentSelect
                                        id="grievance-department"
                                        exclude=None
                                        value=department
                                    />
                                </label>
                                <FieldMsg errors field="department" id="grievance-department-error" />
                            </div>
                            <label class="field" for="grievance-note">
                                <span>"내용 (검토 결과, 의견, 조치)"</span>
                                <textarea
                                    id="grievance-note"
                                    rows="3"
                                    aria-describedby="grievance-note-error"
                                    prop:value=move || form.with(|f| f.note.clone())
                                    on:input=move |ev| form.update(|f| f.note = event_target_value(&ev))
                                ></textarea>
                            </label>
                            <FieldMsg errors field="note" id="grievance-note-error" />
                            <button class="button" id="record-grievance" type="submit">
                                "단계 기록"
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
