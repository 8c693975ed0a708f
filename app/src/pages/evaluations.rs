//! `/evaluations` and `/evaluations/{id}`: the quarterly CCMS evaluation (KGS ch. 5 4). The VOC
//! office opens a department's past quarter (prefilled with its figures), scores each item,
//! comments, writes the improvement plan and submits it; the department's head acknowledges it.
//! What the reader may do comes from the server (`actions`); the page only shows it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::common::{Banner, FieldMsg, StaffHeader, failed, latest, or_login, percent, submit};
use crate::api::{EvaluationFigures, EvaluationView};
use crate::client::{browser, links};
use crate::domain::{AcknowledgeInput, EvaluationInput, FieldErrors, OpenEvaluationInput, SCORE_MAX};

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let list = LocalResource::new(|| async { or_login(browser().evaluations("")).await });
    let (current, failure) = latest(list);
    let rows = move || {
        current.get().map(|l| {
            if l.items.is_empty() {
                return view! {
                    <p class="note" id="no-evaluations">
                        "아직 평가가 없습니다."
                    </p>
                }
                .into_any();
            }
            let rows = l
                .items
                .into_iter()
                .map(|e| {
                    view! {
                        <tr data-evaluation=e.id.to_string()>
                            <th scope="row">
                                <a href=format!(
                                    "/evaluations/{}",
                                    e.id,
                                )>{format!("{}년 {}분기 · {}", e.year, e.quarter, e.department)}</a>
                            </th>
                            <td>{e.state_label}</td>
                            <td>{e.total_percent.map_or_else(|| "–".to_owned(), |t| format!("{t:.1}%"))}</td>
                            <td>{e.figures.received}</td>
                            <td>{percent(Some(e.figures.compliance_rate))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="분기 평가 목록">
                    <table class="queue-table" id="evaluation-table">
                        <thead>
                            <tr>
                                <th scope="col">"평가"</th>
                                <th scope="col">"상태"</th>
                                <th scope="col">"종합"</th>
                                <th scope="col">"접수"</th>
                                <th scope="col">"기한 준수율"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    // A memo: the form is rebuilt only when this changes, not on every reload of the list.
    let can_open = Memo::new(move |_| current.with(|l| l.as_ref().is_some_and(|l| l.can_open)));
    view! {
        <Title text="분기 평가 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"CCMS 분기 운영성과 평가"</h1>
            <p class="note">
                "분기마다 지난 분기의 부서별 운영성과를 평가합니다. 실적은 평가를 시작할 때의 수치로 채워지고, 항목별 점수(5점)와 의견, 개선 계획을 적어 제출하면 부서장이 확인합니다."
            </p>
            {move || failure.get().map(|e| failed(&e))}
            {rows}
            {move || {
                can_open
                    .get()
                    .then(|| {
                        let (year, quarter) = current
                            .with_untracked(|l| l.as_ref().map_or((2026, 1), |l| (l.due_year, l.due_quarter)));
                        view! { <OpenForm year quarter /> }
                    })
            }}
        </main>
    }
}

/// Opens a department's evaluation of a past quarter and goes to it.
#[component]
fn OpenForm(year: i32, quarter: u8) -> impl IntoView {
    let departments = LocalResource::new(|| async { browser().departments().await });
    let department = RwSignal::new(String::new());
    let year_text = RwSignal::new(year.to_string());
    let quarter_text = RwSignal::new(quarter.to_string());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = OpenEvaluationInput {
            department_id: department.get_untracked().parse().unwrap_or(0),
            year: year_text.get_untracked().trim().parse().unwrap_or(0),
            quarter: quarter_text.get_untracked().parse().unwrap_or(0),
        };
        let call = async move { browser().open_evaluation(&input).await };
        submit(call, errors, banner, move |e| {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&format!("/evaluations/{}", e.id), Default::default());
        });
    };
    let options = move || {
        departments.get().and_then(Result::ok).map(|list| {
            list.into_iter()
                .filter(|d| d.active)
                .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                .collect_view()
        })
    };
    view! {
        <form class="inline-form" id="open-evaluation" on:submit=send>
            <h2>"평가 시작"</h2>
            <Banner message=banner />
            <label class="field" for="evaluation-department">
                <span>"부서"</span>
                <select id="evaluation-department" on:change=move |ev| department.set(event_target_value(&ev))>
                    <option value="">"부서를 고르세요"</option>
                    {options}
                </select>
            </label>
            <FieldMsg errors field="department_id" id="evaluation-department-error" />
            <label class="field" for="evaluation-year">
                <span>"연도"</span>
                <input
                    id="evaluation-year"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || year_text.get()
                    on:input=move |ev| year_text.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="year" id="evaluation-year-error" />
            <label class="field" for="evaluation-quarter">
                <span>"분기"</span>
                <select id="evaluation-quarter" on:change=move |ev| quarter_text.set(event_target_value(&ev))>
                    {(1..=4u8)
                        .map(|q| {
                            view! {
                                <option value=q.to_string() selected=q == quarter>
                                    {format!("{q}분기")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="quarter" id="evaluation-quarter-error" />
            <button class="button primary" id="start-evaluation" type="submit">
                "평가 시작"
            </button>
        </form>
    }
}

#[component]
pub fn EvaluationPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let id = id();
        async move { or_login(browser().evaluation(id)).await }
    });
    // The view an action returns replaces the one loaded: no second fetch.
    let (current, failure) = latest(loaded);
    let loaded_id = Memo::new(move |_| current.with(|e| e.as_ref().map(|e| e.id)));
    view! {
        <Title text="분기 평가 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <p>
                <a href="/evaluations">"← 분기 평가 목록"</a>
            </p>
            {move || failure.get().map(|e| failed(&e))}
            {move || current.get().map(|e| view! { <Summary e /> })}
            // Forms are keyed on the evaluation, not on each view of it: what is typed stays
            // when a save returns the evaluation again.
            {move || {
                loaded_id.get()?;
                current
                    .get_untracked()
                    .map(|e| {
                        let id = e.id;
                        view! {
                            <Show when=move || current.with(|e| e.as_ref().is_some_and(|e| e.actions.edit))>
                                <ScoreForm e=e.clone() current />
                            </Show>
                            <Show when=move || current.with(|e| e.as_ref().is_some_and(|e| e.actions.acknowledge))>
                                <AcknowledgeForm id current />
                            </Show>
                        }
                    })
            }}
        </main>
    }
}

#[component]
fn Figures(f: EvaluationFigures) -> impl IntoView {
    let lines = [
        ("접수", f.received.to_string()),
        ("처리", f.processed.to_string()),
        ("기한 경과", f.overdue.to_string()),
        ("기한 준수율", percent(Some(f.compliance_rate))),
        ("평균 처리시간(근무시간)", f.mean_handling_hours.map_or_else(|| "–".into(), |h| format!("{h:.1}"))),
        ("만족도 응답", f.survey_responses.to_string()),
        ("전반적 만족도(5점)", f.satisfaction.map_or_else(|| "–".into(), |s| format!("{s:.2}"))),
        ("불만족 추가 답변 기한 내", percent(f.follow_ups_on_time_rate)),
        ("칭찬", f.praise.to_string()),
        ("제도개선 요청", f.improvements.to_string()),
        ("필수 교육 이수율", percent(f.training_rate)),
    ];
    view! {
        <table class="queue-table" id="evaluation-figures">
            <caption>"분기 실적 (평가 시작 때의 수치)"</caption>
            <tbody>
                {lines
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <tr>
                                <th scope="row">{k}</th>
                                <td>{v}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Summary(e: EvaluationView) -> impl IntoView {
    let id = e.id;
    let items = e
        .items
        .iter()
        .map(|i| {
            view! {
                <tr data-item=i.item.as_str()>
                    <th scope="row">{i.label.clone()}</th>
                    <td class="score">{i.score.map_or_else(|| "미평가".to_owned(), |s| format!("{s}점"))}</td>
                    <td>{i.comment.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{format!("{} {}년 {}분기 평가", e.department, e.year, e.quarter)}</h1>
        <p class="meta">
            {format!("{} ~ {} · ", e.from, e.to)} <strong id="evaluation-state">{e.state_label.clone()}</strong>
            {format!(" · 종합 {}", e.total_percent.map_or_else(|| "–".to_owned(), |t| format!("{t:.1}%")))}
        </p>
        <div class="actions">
            <a class="button secondary" id="evaluation-xlsx" rel="external" download="" href=links::evaluation_xlsx(id)>
                "엑셀(XLSX) 내려받기"
            </a>
            <a class="button secondary" id="evaluation-pdf" rel="external" download="" href=links::evaluation_pdf(id)>
                "PDF 내려받기"
            </a>
        </div>
        <Figures f=e.figures.clone() />
        <table class="queue-table" id="evaluation-items">
            <caption>"항목별 평가 (5점 만점)"</caption>
            <thead>
                <tr>
                    <th scope="col">"항목"</th>
                    <th scope="col">"점수"</th>
                    <th scope="col">"의견"</th>
                </tr>
            </thead>
            <tbody>{items}</tbody>
        </table>
        <h2>"종합 의견"</h2>
        <p id="evaluation-summary">{if e.summary.is_empty() { "–".to_owned() } else { e.summary.clone() }}</p>
        <h2>"개선 계획"</h2>
        <p id="evaluation-plan">
            {if e.improvement_plan.is_empty() { "–".to_owned() } else { e.improvement_plan.clone() }}
        </p>
        {e
            .acknowledged_by
            .clone()
            .map(|by| {
                view! {
                    <p class="answered" id="evaluation-acknowledged">
                        "부서장 확인: "
                        {by}
                        {e.acknowledgement.clone().map(|n| format!(" — {n}")).unwrap_or_default()}
                    </p>
                }
            })}
    }
}

/// The scores, comments, summary and plan of a draft: saved, or saved and submitted.
#[component]
fn ScoreForm(e: EvaluationView, current: RwSignal<Option<EvaluationView>>) -> impl IntoView {
    let id = e.id;
    let fields: Vec<_> = e
        .items
        .iter()
        .map(|i| {
            (
                i.item,
                i.label.clone(),
                RwSignal::new(i.score.map(|s| s.to_string()).unwrap_or_default()),
                RwSignal::new(i.comment.clone().unwrap_or_default()),
            )
        })
        .collect();
    let summary = RwSignal::new(e.summary.clone());
    let plan = RwSignal::new(e.improvement_plan.clone());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<&'static str>);
    let stored = StoredValue::new(fields.clone());
    let collected = move || EvaluationInput {
        scores: stored.with_value(|f| {
            f.iter()
                .filter_map(|(item, _, score, _)| {
                    score.get_untracked().parse::<i64>().ok().map(|s| (item.as_str().to_owned(), s))
                })
                .collect()
        }),
        comments: stored.with_value(|f| {
            f.iter().map(|(item, _, _, comment)| (item.as_str().to_owned(), comment.get_untracked())).collect()
        }),
        summary: summary.get_untracked(),
        improvement_plan: plan.get_untracked(),
    };
    let send = move |submit_it: bool| {
        let input = collected();
        let check = input.validate().and_then(|v| if submit_it { v.complete() } else { Ok(()) });
        if let Err(e) = check {
            errors.set(e);
            return;
        }
        submit(async move { browser().save_evaluation(id, submit_it, &input).await }, errors, banner, move |e| {
            saved.set(Some(if submit_it {
                "제출했습니다. 부서장 확인을 기다립니다."
            } else {
                "저장했습니다."
            }));
            current.set(Some(e));
        });
    };
    let rows = fields
        .into_iter()
        .map(|(item, label, score, comment)| {
            let code = item.as_str();
            let (score_id, comment_id) = (format!("score-{code}"), format!("comment-{code}"));
            view! {
                <fieldset class="field evaluation-item">
                    <legend>{label}</legend>
                    <label class="field" for=score_id.clone()>
                        <span>"점수"</span>
                        <select id=score_id.clone() on:change=move |ev| score.set(event_target_value(&ev))>
                            <option value="" selected=move || score.get().is_empty()>
                                "미평가"
                            </option>
                            {(1..=SCORE_MAX)
                                .rev()
                                .map(|s| {
                                    view! {
                                        <option value=s.to_string() selected=move || score.get() == s.to_string()>
                                            {format!("{s}점")}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <FieldMsg errors field=format!("scores.{code}") id=format!("{score_id}-error") />
                    <label class="field" for=comment_id.clone()>
                        <span>"의견"</span>
                        <textarea
                            id=comment_id.clone()
                            rows="2"
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <FieldMsg errors field=format!("comments.{code}") id=format!("{comment_id}-error") />
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form
            class="inline-form"
            id="evaluation-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send(false);
            }
        >
            <h2>"평가 작성"</h2>
            <Banner message=banner />
            {rows}
            <label class="field" for="evaluation-summary-input">
                <span>"종합 의견"</span>
                <textarea
                    id="evaluation-summary-input"
                    rows="3"
                    prop:value=move || summary.get()
                    on:input=move |ev| summary.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="summary" id="evaluation-summary-input-error" />
            <label class="field" for="evaluation-plan-input">
                <span>"개선 계획 (제출에 필요)"</span>
                <textarea
                    id="evaluation-plan-input"
                    rows="3"
                    prop:value=move || plan.get()
                    on:input=move |ev| plan.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="improvement_plan" id="evaluation-plan-input-error" />
            <button class="button secondary" id="save-evaluation" type="submit">
                "임시 저장"
            </button>
            <button class="button primary" id="submit-evaluation" type="button" on:click=move |_| send(true)>
                "제출"
            </button>
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <p class="banner ok" role="status" id="evaluation-saved">
                                {m}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

/// The department head's acknowledgement.
#[component]
fn AcknowledgeForm(id: i64, current: RwSignal<Option<EvaluationView>>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AcknowledgeInput { note: note.get_untracked() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().acknowledge_evaluation(id, &input).await }, errors, banner, move |e| {
            current.set(Some(e));
        });
    };
    view! {
        <form class="inline-form" id="acknowledge-form" on:submit=send>
            <h2>"부서장 확인"</h2>
            <Banner message=banner />
            <label class="field" for="acknowledge-note">
                <span>"의견·조치 계획 (선택)"</span>
                <textarea
                    id="acknowledge-note"
                    rows="3"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="note" id="acknowledge-note-error" />
            <button class="button primary" id="acknowledge-evaluation" type="submit">
                "확인"
            </button>
        </form>
    }
}
