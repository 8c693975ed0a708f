//! `/improvements`: institutional improvement requests (제도개선). The VOC manager asks a
//! department head for a change; the head reports what was done, or why not, within three
//! months. Unreported requests come first, soonest due first; overdue ones are marked.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::case_actions::DepartmentSelect;
use super::common::{Banner, FieldMsg, StaffHeader, TextField, failed, fmt_time, or_login, submit};
use crate::api::ImprovementView;
use crate::client::browser;
use crate::domain::{FieldErrors, ImprovementInput, ImprovementOutcome, ImprovementReportInput};

#[component]
pub fn ImprovementsPage() -> impl IntoView {
    let list = LocalResource::new(|| async { or_login(browser().improvements()).await });
    let me = LocalResource::new(|| async { browser().me().await });
    let on_change = move || list.refetch();
    view! {
        <Title text="제도개선 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"제도개선 요청"</h1>
            <p class="note">
                "VOC 통합관리자가 부서장에게 제도·절차 개선을 요청합니다. 부서장은 3개월 안에 조치 결과를 보고하거나, 개선하지 않는 사유를 서면으로 회신해야 합니다."
            </p>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                // The form stands apart from the list: a refetched list must not rebuild the
                // form and lose what the manager is typing.
                {move || {
                    let me = me.get()?.ok()?;
                    me.role.routes().then(|| view! { <ImprovementForm on_change /> })
                }}
                {move || {
                    me.get()?.ok()?;
                    Some(
                        view! {
                            {list
                                .get()
                                .map(|r| match r {
                                    Ok(items) if items.is_empty() => {
                                        view! {
                                            <p class="note" id="no-improvements">
                                                "제도개선 요청이 없습니다."
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    Ok(items) => {
                                        view! {
                                            <ul class="material-list" id="improvement-queue">
                                                {items
                                                    .into_iter()
                                                    .map(|i| view! { <ImprovementItem i on_change /> })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }
                                    Err(e) => failed(&e),
                                })}
                        },
                    )
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn ImprovementForm(on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let receipt = use_query_map().read_untracked().get("receipt_no").unwrap_or_default();
    let department = RwSignal::new(String::new());
    let form = RwSignal::new(ImprovementInput { receipt_no: Some(receipt), ..Default::default() });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        input.department = serde_json::Value::String(department.get_untracked());
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().create_improvement(&input).await }, errors, banner, move |_| {
            form.update(|f| {
                f.title.clear();
                f.body.clear();
            });
            on_change();
        });
    };
    view! {
        <form class="inline-form" id="improvement-form" on:submit=submit>
            <h2>"새 제도개선 요청 (보고 기한: 3개월 뒤)"</h2>
            <Banner message=banner />
            <label class="field" for="improvement-department">
                <span>"요청받을 부서"</span>
                <DepartmentSelect id="improvement-department" exclude=None value=department />
            </label>
            <FieldMsg errors field="department" />
            <label class="field" for="improvement-title">
                <span>"제목"</span>
                <input
                    id="improvement-title"
                    prop:value=move || form.with(|f| f.title.clone())
                    on:input=move |ev| form.update(|f| f.title = event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="title" />
            <label class="field" for="improvement-body">
                <span>"요청 내용"</span>
                <textarea
                    id="improvement-body"
                    rows="4"
                    prop:value=move || form.with(|f| f.body.clone())
                    on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="body" />
            <label class="field" for="improvement-receipt">
                <span>"관련 민원 접수번호 (선택)"</span>
                <input
                    id="improvement-receipt"
                    placeholder="VOC-2026-000123"
                    prop:value=move || form.with(|f| f.receipt_no.clone().unwrap_or_default())
                    on:input=move |ev| form.update(|f| f.receipt_no = Some(event_target_value(&ev)))
                />
            </label>
            <FieldMsg errors field="receipt_no" />
            <button class="button primary" id="send-improvement" type="submit">
                "요청"
            </button>
        </form>
    }
}

#[component]
fn ImprovementItem(i: ImprovementView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = i.id;
    // What this person may do was decided on the server (`improvement_actions`).
    let reports = i.actions.report;
    let form = RwSignal::new(ImprovementReportInput {
        outcome: ImprovementOutcome::Implemented.as_str().into(),
        report: String::new(),
    });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().report_improvement(id, &input).await }, errors, banner, move |_| on_change());
    };
    let outcomes =
        ImprovementOutcome::ALL.iter().map(|o| view! { <option value=o.as_str()>{o.ko()}</option> }).collect_view();
    let report_id = format!("improvement-report-{id}");
    view! {
        <li class="material" class:overdue=i.overdue id=format!("improvement-{id}")>
            <h2>{i.title.clone()}" → "{i.department_name.clone()}</h2>
            <p class="meta">
                "요청 "{i.requested_by.clone()}" · "{fmt_time(&i.requested_at)}" · 보고 기한 "
                <strong>{i.due_date.to_string()}</strong>
                {i.overdue.then(|| view! { <strong class="late">" (기한 경과)"</strong> })}
                {i
                    .receipt_no
                    .clone()
                    .zip(i.case_id)
                    .map(|(r, c)| {
                        view! {
                            " · 관련 민원 "
                            <a href=format!("/cases/{c}")>{r}</a>
                        }
                    })}
            </p>
            {i
                .original_due_date
                .map(|d| {
                    view! {
                        <p class="meta" id=format!("improvement-extended-{id}")>
                            "기한 연장: "
                            {d.to_string()}
                            " → "
                            {i.due_date.to_string()}
                            " · 사유: "
                            {i.extension_reason.clone().unwrap_or_default()}
                        </p>
                    }
                })}
            <blockquote class="question">{i.body.clone()}</blockquote>
            {i.actions.extend.then(|| view! { <ExtendImprovement id due=i.due_date on_change /> })}
            {match (i.report.clone(), reports) {
                (Some(r), _) => {
                    view! {
                        <p class="answered">
                            <strong>{i.outcome_label.clone().unwrap_or_default()}</strong>
                            ": "
                            {r}
                            <small>
                                " — "{i.reported_by.clone().unwrap_or_default()}" · "
                                {i.reported_at.as_ref().map(fmt_time).unwrap_or_default()}
                            </small>
                        </p>
                    }
                        .into_any()
                }
                (None, true) => {
                    view! {
                        <form class="inline-form" on:submit=submit>
                            <Banner message=banner />
                            <label class="field" for=format!("improvement-outcome-{id}")>
                                <span>"조치 결과"</span>
                                <select
                                    id=format!("improvement-outcome-{id}")
                                    on:change=move |ev| form.update(|f| f.outcome = event_target_value(&ev))
                                >
                                    {outcomes}
                                </select>
                            </label>
                            <label class="field" for=report_id.clone()>
                                <span>"보고 내용 (불수용이면 그 사유)"</span>
                                <textarea
                                    id=report_id.clone()
                                    rows="3"
                                    prop:value=move || form.with(|f| f.report.clone())
                                    on:input=move |ev| form.update(|f| f.report = event_target_value(&ev))
                                ></textarea>
                            </label>
                            <p class="field-error" id=format!("{report_id}-error") role="alert" aria-live="polite">
                                {move || {
                                    errors
                                        .with(|e| {
                                            e.get("report").or(e.get("outcome")).map(|m| format!("{} ({})", m.ko, m.en))
                                        })
                                }}
                            </p>
                            <button class="button report-improvement" type="submit">
                                "보고"
                            </button>
                        </form>
                    }
                        .into_any()
                }
                (None, false) => view! { <p class="note">"부서장 보고 대기 중"</p> }.into_any(),
            }}
        </li>
    }
}

/// The asked head's one extension of the due day, with a reason (at most three months on).
#[component]
fn ExtendImprovement(
    id: i64,
    due: chrono::NaiveDate,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    use crate::domain::ImprovementExtensionInput;
    let reason = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ImprovementExtensionInput { reason: reason.get_untracked(), due_date: day.get_untracked() };
        if let Err(e) = input.validate(due) {
            errors.set(e);
            return;
        }
        submit(async move { browser().extend_improvement(id, &input).await }, errors, banner, move |_| on_change());
    };
    let reason_id = format!("improvement-extend-reason-{id}");
    let day_id = format!("improvement-extend-day-{id}");
    view! {
        <details class="inline-form">
            <summary>"회신 기한 연장 (한 번, 사유와 함께)"</summary>
            <form class="extend-improvement" on:submit=send>
                <Banner message=banner />
                <TextField id=reason_id label="연장 사유" value=reason errors field="reason" />
                <TextField
                    id=day_id
                    label="새 회신 기한 (석 달 안)"
                    kind="date"
                    value=day
                    errors
                    field="due_date"
                />
                <button class="button extend-improvement-button" type="submit">
                    "연장"
                </button>
            </form>
        </details>
    }
}
