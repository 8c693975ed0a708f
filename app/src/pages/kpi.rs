//! `/kpi`: the CCM indicators of a year against their targets, by month and by department.
//! Each figure carries its state as a shape and a word (● 달성, ◐ 근접, ○ 미달) as well as a
//! colour, so the dashboard reads without colour. Administrators set the targets here.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, StaffHeader, failed, or_login, submit};
use crate::api::{KpiLine, KpiPoint, KpiTargetsView};
use crate::client::browser;
use crate::domain::{FieldErrors, Kpi, KpiState, KpiTargetsInput, Measure};

fn shown(kpi: Kpi, v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| kpi.format(v))
}

fn state_class(s: KpiState) -> &'static str {
    match s {
        KpiState::Met => "kpi-met",
        KpiState::Near => "kpi-near",
        KpiState::Missed => "kpi-missed",
        KpiState::NoTarget | KpiState::NoData => "kpi-none",
    }
}

/// One figure: its state's shape, the value, and the state in words for screen readers.
#[component]
fn Figure(kpi: Kpi, point: KpiPoint) -> impl IntoView {
    let words = point.state.ko();
    view! {
        <td class=state_class(point.state) title=words>
            {(!point.state.symbol().is_empty())
                .then(|| view! { <span aria-hidden="true">{point.state.symbol()}" "</span> })}
            {shown(kpi, point.value)}
            <span class="visually-hidden">{format!(" ({words})")}</span>
        </td>
    }
}

/// The months' figures as bars (an SVG chart), the target as a line.
#[component]
fn Trend(line: KpiLine, months: Vec<String>) -> impl IntoView {
    let values: Vec<f64> = line.monthly.iter().filter_map(|p| p.value).collect();
    let max = values.iter().copied().chain(line.target).fold(0.0_f64, f64::max).max(1e-9);
    let (w, h) = (14.0, 36.0);
    let width = months.len() as f64 * (w + 4.0) + 4.0;
    let label = format!(
        "{}: {}",
        line.label,
        months
            .iter()
            .zip(&line.monthly)
            .map(|(m, p)| format!("{} {}", &m[5..], shown(line.kpi, p.value)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars = line
        .monthly
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let v = p.value?;
            let bh = (v / max * h).max(1.0);
            let x = 4.0 + i as f64 * (w + 4.0);
            Some(view! {
                <rect
                    x=format!("{x:.1}")
                    y=format!("{:.1}", h - bh + 2.0)
                    width=w
                    height=format!("{bh:.1}")
                    class=format!("bar {}", state_class(p.state))
                />
            })
        })
        .collect_view();
    let target = line.target.map(|t| {
        let y = h - t / max * h + 2.0;
        view! { <line x1="0" x2=format!("{width:.1}") y1=format!("{y:.1}") y2=format!("{y:.1}") class="target-line" /> }
    });
    view! {
        <svg
            class="kpi-trend"
            role="img"
            aria-label=label
            width=format!("{width:.0}")
            height="40"
            viewBox=format!("0 0 {width:.1} 40")
        >
            {bars}
            {target}
        </svg>
    }
}

#[component]
fn KpiTable(id: String, lines: Vec<KpiLine>, months: Vec<String>) -> impl IntoView {
    let heads = months.iter().map(|m| view! { <th scope="col">{format!("{}월", &m[5..])}</th> }).collect_view();
    let rows = lines
        .into_iter()
        .map(|l| {
            let kpi = l.kpi;
            let cells = l.monthly.iter().map(|p| view! { <Figure kpi point=*p /> }).collect_view();
            view! {
                <tr data-kpi=kpi.as_str()>
                    <th scope="row">{l.label.clone()} {(!l.higher_is_better).then_some(" (낮을수록 좋음)")}</th>
                    <td class="target">{l.target.map_or_else(|| "–".to_owned(), |t| kpi.format(t))}</td>
                    <Figure kpi point=l.year />
                    <td class="state">{l.year.state.ko()}</td>
                    {cells}
                    <td>
                        <Trend line=l.clone() months=months.clone() />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="성과지표 표">
            <table class="queue-table kpi-table" id=id>
                <thead>
                    <tr>
                        <th scope="col">"지표"</th>
                        <th scope="col">"목표"</th>
                        <th scope="col">"올해 실적"</th>
                        <th scope="col">"상태"</th>
                        {heads}
                        <th scope="col">"추이"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn KpiPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let year = RwSignal::new(this_year);
    let dashboard = LocalResource::new(move || {
        let y = year.get();
        async move { or_login(browser().kpi(&format!("year={y}"))).await }
    });
    let department = RwSignal::new(String::new());
    // Whether this person may set targets, as the server said with the figures.
    let can_set = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(d)) = dashboard.get()
            && can_set.get_untracked() != d.can_set_targets
        {
            can_set.set(d.can_set_targets);
        }
    });
    let years = (this_year - 4..=this_year + 1)
        .rev()
        .map(|y| {
            view! {
                <option value=y.to_string() selected=y == this_year>
                    {format!("{y}년")}
                </option>
            }
        })
        .collect_view();
    view! {
        <Title text="성과지표 · 고객의 소리" />
        <StaffHeader />
        <main class="case reports kpi">
            <h1>"성과지표 (KPI)"</h1>
            <div class="period">
                <label class="field" for="kpi-year">
                    <span>"연도"</span>
                    <select
                        id="kpi-year"
                        on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).parse() {
                                year.set(y);
                            }
                        }
                    >
                        {years}
                    </select>
                </label>
            </div>
            <p class="note" id="kpi-legend">
                "● 달성 · ◐ 근접(목표에 5%p·0.2점·10% 이내) · ○ 미달 · – 목표 없음 또는 자료 없음. 월별 값은 그달 접수된 민원 기준입니다."
            </p>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    dashboard
                        .get()
                        .map(|r| match r {
                            Ok(d) => {
                                let dept_options = d
                                    .departments
                                    .iter()
                                    .map(|x| view! { <option value=x.id.to_string()>{x.name.clone()}</option> })
                                    .collect_view();
                                let months = d.months.clone();
                                let departments = d.departments.clone();
                                let chosen = move || {
                                    let id = department.get();
                                    departments.iter().find(|x| x.id.to_string() == id).cloned()
                                };
                                view! {
                                    <section class="report-table">
                                        <h2>{format!("{}년 기관 전체", d.year)}</h2>
                                        <KpiTable
                                            id="kpi-overall".into()
                                            lines=d.indicators.clone()
                                            months=d.months.clone()
                                        />
                                    </section>
                                    <section class="report-table">
                                        <h2>"부서별"</h2>
                                        <label class="field" for="kpi-department">
                                            <span>"부서"</span>
                                            <select
                                                id="kpi-department"
                                                on:change=move |ev| department.set(event_target_value(&ev))
                                            >
                                                <option value="">"부서를 고르세요"</option>
                                                {dept_options}
                                            </select>
                                        </label>
                                        {move || {
                                            chosen()
                                                .map(|x| {
                                                    view! {
                                                        <KpiTable
                                                            id="kpi-department-table".into()
                                                            lines=x.indicators
                                                            months=months.clone()
                                                        />
                                                    }
                                                })
                                        }}
                                    </section>
                                }
                                    .into_any()
                            }
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
            // Apart from the figures: their reload after a save must not rebuild the form.
            {move || can_set.get().then(|| view! { <TargetsForm year on_saved=move || dashboard.refetch() /> })}
        </main>
    }
}

/// A target as the form shows it: rates in percent, the rest as they are.
fn to_form(kpi: Kpi, v: f64) -> String {
    match kpi.measure() {
        Measure::Rate => format!("{}", (v * 1000.0).round() / 10.0),
        _ => format!("{v}"),
    }
}

/// What the administrator typed, in the API's units; text that is no number goes as text, for
/// the check to name.
fn from_form(kpi: Kpi, s: &str) -> Option<serde_json::Value> {
    let s = s.trim().trim_end_matches('%').trim().replace(',', "");
    if s.is_empty() {
        return None;
    }
    Some(match s.parse::<f64>() {
        Ok(v) if kpi.measure() == Measure::Rate => serde_json::json!(v / 100.0),
        Ok(v) => serde_json::json!(v),
        Err(_) => serde_json::Value::String(s),
    })
}

/// The year's targets, for the organisation or one department (administrators).
#[component]
fn TargetsForm(year: RwSignal<i32>, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let departments = LocalResource::new(|| async { browser().departments().await });
    let scope = RwSignal::new(String::new());
    let current = RwSignal::new(None::<KpiTargetsView>);
    let fields: Vec<(Kpi, RwSignal<String>)> = Kpi::ALL.iter().map(|k| (*k, RwSignal::new(String::new()))).collect();
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let fill = {
        let fields = fields.clone();
        move |t: &KpiTargetsView, scope: &str| {
            let map = if scope.is_empty() { Some(&t.overall) } else { t.departments.get(scope) };
            for (k, f) in &fields {
                f.set(map.and_then(|m| m.get(k.as_str())).map(|v| to_form(*k, *v)).unwrap_or_default());
            }
        }
    };
    {
        let fill = fill.clone();
        Effect::new(move |_| {
            let (fill, year) = (fill.clone(), year.get());
            leptos::task::spawn_local(async move {
                if let Ok(t) = browser().kpi_targets(year).await {
                    fill(&t, &scope.get_untracked());
                    current.set(Some(t));
                }
            });
        });
    }
    let choose = {
        let fill = fill.clone();
        move |ev: leptos::ev::Event| {
            let s = event_target_value(&ev);
            if let Some(t) = current.get_untracked() {
                fill(&t, &s);
            }
            scope.set(s);
            errors.set(FieldErrors::default());
        }
    };
    let send = {
        let fields = fields.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            let edited: BTreeMap<String, serde_json::Value> = fields
                .iter()
                .filter_map(|(k, f)| Some((k.as_str().to_owned(), from_form(*k, &f.get_untracked())?)))
                .collect();
            let known = current.get_untracked().unwrap_or_default();
            let as_values = |m: &BTreeMap<String, f64>| -> BTreeMap<String, serde_json::Value> {
                m.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect()
            };
            // The other scopes' targets go back as they were: the body replaces the year's.
            let scope = scope.get_untracked();
            let mut input = KpiTargetsInput {
                overall: as_values(&known.overall),
                departments: known.departments.iter().map(|(d, m)| (d.clone(), as_values(m))).collect(),
            };
            if scope.is_empty() {
                input.overall = edited;
            } else {
                input.departments.insert(scope, edited);
            }
            if let Err(e) = input.validate() {
                errors.set(e);
                return;
            }
            let year = year.get_untracked();
            submit(async move { browser().set_kpi_targets(year, &input).await }, errors, banner, move |t| {
                current.set(Some(t));
                errors.set(FieldErrors::default());
                saved.set(true);
                on_saved();
            });
        }
    };
    let scopes = move || {
        departments.get().and_then(Result::ok).map(|list| {
            list.into_iter()
                .filter(|d| d.active)
                .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                .collect_view()
        })
    };
    let inputs = fields
        .into_iter()
        .map(|(k, value)| {
            let id = format!("target-{}", k.as_str());
            let unit = match k.measure() {
                Measure::Rate => "%",
                Measure::Days => "근무일",
                Measure::Score => "점 (1–5)",
                Measure::Count => "건",
            };
            let key = k.as_str();
            view! {
                <label class="field" for=id.clone()>
                    <span>{format!("{} ({unit})", k.ko())}</span>
                    <input
                        id=id.clone()
                        inputmode="decimal"
                        autocomplete="off"
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                </label>
                <p class="field-error" id=format!("{id}-error") role="alert" aria-live="polite">
                    {move || {
                        let scope = scope.get();
                        let field = if scope.is_empty() {
                            key.to_owned()
                        } else {
                            format!("departments.{scope}.{key}")
                        };
                        errors.with(|e| e.get(&field).map(|m| format!("{} ({})", m.ko, m.en)))
                    }}
                </p>
            }
        })
        .collect_view();
    view! {
        <form class="inline-form" id="kpi-targets" on:submit=send>
            <h2>{move || format!("{}년 목표 설정", year.get())}</h2>
            <p class="note">
                "비워 둔 지표는 목표가 없습니다. 부서 목표가 없으면 기관 전체 목표로 평가합니다."
            </p>
            <Banner message=banner />
            <label class="field" for="target-scope">
                <span>"대상"</span>
                <select id="target-scope" on:change=choose>
                    <option value="">"기관 전체"</option>
                    {scopes}
                </select>
            </label>
            <div class="target-grid">{inputs}</div>
            <button class="button primary" id="save-targets" type="submit">
                "목표 저장"
            </button>
            {move || {
                saved
                    .get()
                    .then(|| {
                        view! {
                            <p class="banner ok" role="status" id="targets-saved">
                                "목표를 저장했습니다."
                            </p>
                        }
                    })
            }}
        </form>
    }
}
