//! `/reduction-plans`: the annual complaint reduction plan (KGS ch. 2 ⑥, 고객불만 감축계획).
//! Each department's complaints per quarter against its plan's targets and the year before,
//! with ● ○ ◐ marks and words (readable without colour); the VOC office writes a plan (four
//! quarterly targets, measures against the frequent complaints, the analysis) and reports it
//! to management. What the reader may do comes from the server (`actions`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, TextField, YearSelect, failed, latest, or_login, submit};
use crate::api::ReductionPlanView;
use crate::client::browser;
use crate::domain::{FieldErrors, MeasureInput, QuarterResult, ReductionPlanInput};

#[component]
pub fn ReductionPlansPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    // Empty: this year, as the server counts it.
    let year = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let year = year.get();
        async move {
            let q = if year.is_empty() { String::new() } else { format!("year={year}") };
            or_login(browser().reduction_plans(&q)).await
        }
    });
    // A plan an action returns replaces its row: no second fetch.
    let (current, failure) = latest(loaded);
    let chosen = RwSignal::new(None::<i64>);
    let years = Memo::new(move |_| current.with(|o| o.as_ref().map(|o| (o.year, o.first_year, o.last_year))));
    let table = move || current.get().map(|o| view! { <PlanTable plans=o.plans chosen /> });
    // Keyed on the department and year chosen, not on each view of the plan: what is typed
    // stays when a save returns the plan again.
    let shown = Memo::new(move |_| {
        let id = chosen.get()?;
        current.with(|o| o.as_ref().map(|o| (o.year, id)))
    });
    let detail = move || {
        let (_, id) = shown.get()?;
        let plan = current.with_untracked(|o| o.as_ref()?.plans.iter().find(|p| p.department_id == id).cloned())?;
        let replace = move |p: ReductionPlanView| {
            current.update(|o| {
                if let Some(slot) =
                    o.as_mut().and_then(|o| o.plans.iter_mut().find(|x| x.department_id == p.department_id))
                {
                    *slot = p;
                }
            });
        };
        let live = Signal::derive(move || {
            current.with(|o| o.as_ref().and_then(|o| o.plans.iter().find(|p| p.department_id == id).cloned()))
        });
        Some(view! {
            <PlanDetail live />
            <Show when=move || live.with(|p| p.as_ref().is_some_and(|p| p.actions.edit))>
                <PlanForm plan=plan.clone() replace />
            </Show>
        })
    };
    view! {
        <Title text="불만 감축계획 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"연간 고객불만 감축계획"</h1>
            <p class="note">
                "부서마다 한 해의 불만 목표를 분기별로 정하고, 전년에 잦았던 불만에 대한 대책을 적어 경영진에 보고합니다. 분기 결과는 그 분기에 접수된 불만(유형 ‘불만’) 건수입니다: ● 달성 · ○ 미달성 · ◐ 진행 중 · – 예정 · · 목표 없음."
            </p>
            <YearSelect
                id="plan-year"
                years
                pick=move |y| {
                    chosen.set(None);
                    year.set(y);
                }
            />
            {move || failure.get().map(|e| failed(&e))}
            {table}
            {detail}
        </main>
    }
}

/// A figure, or a dash when there is none.
fn dash(v: Option<impl ToString>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn quarter_cell(q: &QuarterResult) -> String {
    let actual = dash(q.actual);
    let target = dash(q.target);
    format!("{} {actual} / {target} {}", q.outcome.mark(), q.outcome.ko())
}

#[component]
fn PlanTable(plans: Vec<ReductionPlanView>, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let rows = plans
        .into_iter()
        .map(|p| {
            let id = p.department_id;
            let cells = p
                .quarters
                .iter()
                .map(|q| view! { <td data-outcome=q.outcome.as_str()>{quarter_cell(q)}</td> })
                .collect_view();
            view! {
                <tr data-department=id.to_string()>
                    <th scope="row">{p.department.clone()}</th>
                    <td>{p.baseline}</td>
                    <td>{dash(p.year_target)}</td>
                    {cells}
                    <td>{p.state_label.clone()}</td>
                    <td>
                        <button
                            class="button secondary"
                            type="button"
                            id=format!("open-plan-{id}")
                            on:click=move |_| chosen.set(Some(id))
                        >
                            {if p.actions.edit { "계획 작성" } else { "계획 보기" }}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="부서별 감축계획">
            <table class="queue-table" id="plan-table">
                <thead>
                    <tr>
                        <th scope="col">"부서"</th>
                        <th scope="col">"전년 불만"</th>
                        <th scope="col">"연간 목표"</th>
                        <th scope="col">"1분기 (실적 / 목표)"</th>
                        <th scope="col">"2분기"</th>
                        <th scope="col">"3분기"</th>
                        <th scope="col">"4분기"</th>
                        <th scope="col">"상태"</th>
                        <th scope="col">"계획"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One department's plan as it stands: its quarters, the year before's frequent categories,
/// the analysis and the measures.
#[component]
fn PlanDetail(live: Signal<Option<ReductionPlanView>>) -> impl IntoView {
    move || {
        live.get().map(|p| {
            let quarters = p
                .quarters
                .iter()
                .map(|q| {
                    view! {
                        <tr>
                            <th scope="row">{format!("{}분기", q.quarter)}</th>
                            <td>{q.baseline}</td>
                            <td>{dash(q.target)}</td>
                            <td>{dash(q.actual)}</td>
                            <td>{q.change.map_or_else(|| "–".to_owned(), |c| format!("{:+.1}%", c * 100.0))}</td>
                            <td>{format!("{} {}", q.outcome.mark(), q.outcome.ko())}</td>
                        </tr>
                    }
                })
                .collect_view();
            let frequent = if p.frequent.is_empty() {
                view! { <li>"전년 접수 기록이 없습니다."</li> }.into_any()
            } else {
                p.frequent
                    .iter()
                    .map(|f| view! { <li>{format!("{} {}건", f.label, f.count)}</li> })
                    .collect_view()
                    .into_any()
            };
            let measures = if p.measures.is_empty() {
                view! {
                    <tr>
                        <td colspan="4">"아직 대책이 없습니다."</td>
                    </tr>
                }
                .into_any()
            } else {
                p.measures
                    .iter()
                    .map(|m| {
                        view! {
                            <tr>
                                <th scope="row">{m.issue.clone()}</th>
                                <td>{m.action.clone()}</td>
                                <td>{m.owner.clone()}</td>
                                <td>{m.due.to_string()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            let reported = p.reported_by.clone().map(|by| {
                let at = p.reported_at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
                view! {
                    <p class="answered" id="plan-reported">
                        {format!("경영진 보고: {by} · {at}")}
                    </p>
                }
            });
            view! {
                <section id="plan-detail" data-department=p.department_id.to_string()>
                    <h2>{format!("{} {}년 감축계획 · {}", p.department, p.year, p.state_label)}</h2>
                    <p class="meta">
                        {format!(
                            "전년 불만 {}건 · 연간 목표 {} · 올해 접수 {}건",
                            p.baseline,
                            p.year_target.map_or_else(|| "–".to_owned(), |t| format!("{t}건")),
                            p.actual,
                        )}
                    </p>
                    {reported}
                    <table class="queue-table" id="plan-quarters">
                        <caption>"분기별 결과 (불만 접수 건수)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"분기"</th>
                                <th scope="col">"전년 같은 분기"</th>
                                <th scope="col">"목표"</th>
                                <th scope="col">"실적"</th>
                                <th scope="col">"전년 대비"</th>
                                <th scope="col">"결과"</th>
                            </tr>
                        </thead>
                        <tbody>{quarters}</tbody>
                    </table>
                    <h3>"전년 주요 빈발 분류 (모든 유형)"</h3>
                    <ul id="plan-frequent">{frequent}</ul>
                    <h3>"분석"</h3>
                    <p id="plan-analysis">
                        {if p.analysis.is_empty() { "–".to_owned() } else { p.analysis.clone() }}
                    </p>
                    <table class="queue-table" id="plan-measures">
                        <caption>"빈발 불만 대책"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"불만"</th>
                                <th scope="col">"대책"</th>
                                <th scope="col">"담당"</th>
                                <th scope="col">"기한"</th>
                            </tr>
                        </thead>
                        <tbody>{measures}</tbody>
                    </table>
                </section>
            }
        })
    }
}

/// One measure's fields in the form.
#[derive(Clone, Copy)]
struct MeasureFields {
    issue: RwSignal<String>,
    action: RwSignal<String>,
    owner: RwSignal<String>,
    due: RwSignal<String>,
}

impl MeasureFields {
    fn new(m: MeasureInput) -> Self {
        Self {
            issue: RwSignal::new(m.issue),
            action: RwSignal::new(m.action),
            owner: RwSignal::new(m.owner),
            due: RwSignal::new(m.due),
        }
    }
}

/// The targets, analysis and measures of a plan not yet reported: saved, or saved and reported.
#[component]
fn PlanForm(
    plan: ReductionPlanView,
    replace: impl Fn(ReductionPlanView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (year, department) = (plan.year, plan.department_id);
    let targets: [RwSignal<String>; 4] = std::array::from_fn(|i| {
        RwSignal::new(plan.quarters.get(i).and_then(|q| q.target).map(|t| t.to_string()).unwrap_or_default())
    });
    let analysis = RwSignal::new(plan.analysis.clone());
    let measures = RwSignal::new(
        plan.measures
            .iter()
            .map(|m| {
                MeasureFields::new(MeasureInput {
                    issue: m.issue.clone(),
                    action: m.action.clone(),
                    owner: m.owner.clone(),
                    due: m.due.to_string(),
                })
            })
            .collect::<Vec<_>>(),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<&'static str>);
    let collected = move || ReductionPlanInput {
        // A target left empty or not a number is sent as -1, which the rules refuse by field.
        quarter_targets: targets.iter().map(|t| t.get_untracked().trim().parse().unwrap_or(-1)).collect(),
        measures: measures
            .get_untracked()
            .iter()
            .map(|m| MeasureInput {
                issue: m.issue.get_untracked(),
                action: m.action.get_untracked(),
                owner: m.owner.get_untracked(),
                due: m.due.get_untracked(),
            })
            .collect(),
        analysis: analysis.get_untracked(),
    };
    let send = move |report: bool| {
        let input = collected();
        if let Err(e) = input.validate(report) {
            errors.set(e);
            return;
        }
        let call = async move { browser().save_reduction_plan(year, department, report, &input).await };
        submit(call, errors, banner, move |p| {
            saved.set(Some(if report { "경영진에 보고했습니다." } else { "저장했습니다." }));
            replace(p);
        });
    };
    let target_fields = (0..4usize)
        .map(|i| {
            view! {
                <TextField
                    id=format!("plan-target-{}", i + 1)
                    label=format!("{}분기 목표 (건)", i + 1)
                    value=targets[i]
                    errors
                    field=format!("quarter_targets.{i}")
                    inputmode="numeric"
                />
            }
        })
        .collect_view();
    let measure_rows = move || {
        measures
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let input = |f: &str, label: &'static str, value: RwSignal<String>| {
                    view! { <TextField id=format!("measure-{i}-{f}") label value errors field=format!("measures.{i}.{f}") /> }
                };
                view! {
                    <fieldset class="field measure">
                        <legend>{format!("대책 {}", i + 1)}</legend>
                        {input("issue", "빈발 불만", m.issue)}
                        {input("action", "대책", m.action)}
                        {input("owner", "담당", m.owner)}
                        {input("due", "기한 (YYYY-MM-DD)", m.due)}
                        <button
                            class="button secondary"
                            type="button"
                            id=format!("measure-{i}-remove")
                            on:click=move |_| {
                                measures
                                    .update(|v| {
                                        v.remove(i);
                                    })
                            }
                        >
                            "이 대책 빼기"
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <form
            class="inline-form"
            id="plan-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send(false);
            }
        >
            <h2>"계획 작성"</h2>
            <Banner message=banner />
            <FieldMsg errors field="quarter_targets" id="plan-targets-error" />
            {target_fields}
            <label class="field" for="plan-analysis-input">
                <span>"분석과 계획 (보고에 필요)"</span>
                <textarea
                    id="plan-analysis-input"
                    rows="4"
                    prop:value=move || analysis.get()
                    on:input=move |ev| analysis.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="analysis" id="plan-analysis-input-error" />
            <FieldMsg errors field="measures" id="plan-measures-error" />
            {measure_rows}
            <button
                class="button secondary"
                type="button"
                id="add-measure"
                on:click=move |_| measures.update(|v| v.push(MeasureFields::new(MeasureInput::default())))
            >
                "대책 추가"
            </button>
            <button class="button secondary" id="save-plan" type="submit">
                "임시 저장"
            </button>
            <button class="button primary" id="report-plan" type="button" on:click=move |_| send(true)>
                "경영진 보고"
            </button>
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <p class="banner ok" role="status" id="plan-saved">
                                {m}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
