//! `/reports`: period figures for the VOC manager, executives and administrators — totals,
//! deadline compliance, handling time, tables by every dimension with a bar chart beside each
//! (the table is the chart's text), monthly trend, survey means, CSV download.

use chrono::{Datelike, Months, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{StaffHeader, go_to_login};
use crate::api::{self, ReportLine, ReportSummary};
use crate::domain::to_seoul;

fn pct(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "-".into(), |h| format!("{h:.1}시간"))
}

/// The first and last day of the month, half-year or year around `today`.
fn preset(kind: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let y = today.year();
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    match kind {
        "half" if today.month() <= 6 => (ymd(y, 1, 1), ymd(y, 6, 30)),
        "half" => (ymd(y, 7, 1), ymd(y, 12, 31)),
        "year" => (ymd(y, 1, 1), ymd(y, 12, 31)),
        _ => {
            let first = ymd(y, today.month(), 1);
            let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(today);
            (first, last)
        }
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let today = to_seoul(Utc::now()).date_naive();
    let (f, t) = preset("month", today);
    let from = RwSignal::new(f.to_string());
    let to = RwSignal::new(t.to_string());
    let query = move || format!("from={}&to={}", from.get(), to.get());
    let summary = LocalResource::new(move || {
        let q = query();
        async move {
            let r = api::get::<ReportSummary>(&format!("/api/v1/reports/summary?{q}")).await;
            if matches!(&r, Err(e) if e.status() == Some(401)) {
                go_to_login();
            }
            r
        }
    });
    let choose = move |kind: &'static str| {
        move |_| {
            let (f, t) = preset(kind, today);
            from.set(f.to_string());
            to.set(t.to_string());
        }
    };
    view! {
        <Title text="VOC 분석 · 고객의 소리"/>
        <StaffHeader/>
        <main class="case reports">
            <h1>"VOC 분석"</h1>
            <div class="period" role="group" aria-label="기간">
                <button class="button secondary" id="period-month" on:click=choose("month")>"이번 달"</button>
                <button class="button secondary" id="period-half" on:click=choose("half")>"반기"</button>
                <button class="button secondary" id="period-year" on:click=choose("year")>"올해"</button>
                <label class="field" for="report-from"><span>"시작"</span>
                    <input id="report-from" type="date" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label class="field" for="report-to"><span>"끝"</span>
                    <input id="report-to" type="date" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <a class="button secondary" id="report-csv" href=move || format!("/api/v1/reports/summary.csv?{}", query())>"CSV 내려받기"</a>
                <a class="button secondary" id="cases-csv" href=move || format!("/api/v1/reports/cases.csv?{}", query())>"민원 목록 CSV (개인정보 가림)"</a>
            </div>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || summary.get().map(|r| match r {
                    Ok(s) => view! { <Summary s/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Summary(s: ReportSummary) -> impl IntoView {
    let cards = [
        ("접수", s.received.to_string()),
        ("처리", s.processed.to_string()),
        ("미처리", s.open.to_string()),
        ("기한 경과", s.overdue.to_string()),
        ("기한 준수율", pct(s.compliance_rate)),
        ("평균 처리시간", hours(s.mean_handling_hours)),
        ("중위 처리시간", hours(s.median_handling_hours)),
        ("만족도 응답률", s.survey.response_rate.map_or_else(|| "-".into(), pct)),
    ];
    let tables = s
        .tables()
        .into_iter()
        .filter(|(_, _, lines)| !lines.is_empty())
        .map(|(id, title, lines)| view! { <ReportTable id title lines=lines.clone()/> })
        .collect_view();
    let survey_rows = s
        .survey
        .items
        .iter()
        .map(|i| view! { <tr><th scope="row">{i.label.clone()}</th><td>{i.mean.map_or_else(|| "-".into(), |m| format!("{m:.2}"))}</td></tr> })
        .collect_view();
    view! {
        <p class="note" id="report-period">{format!("{} ~ {} 접수분 기준", s.from, s.to)}</p>
        <dl class="cards" id="report-cards">
            {cards.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
        {tables}
        <section>
            <h2>"만족도 문항별 평균 (5점)"</h2>
            <p class="note">{format!("응답 {}건 / 조사 대상 {}건", s.survey.responses, s.survey.invited)}</p>
            <table class="queue-table" id="survey-means">
                <thead><tr><th scope="col">"문항"</th><th scope="col">"평균"</th></tr></thead>
                <tbody>{survey_rows}</tbody>
            </table>
        </section>
    }
}

/// A table and, beside it, the same received counts as an SVG bar chart.
#[component]
fn ReportTable(id: &'static str, title: &'static str, lines: Vec<ReportLine>) -> impl IntoView {
    let max = lines.iter().map(|l| l.received).max().unwrap_or(1).max(1);
    let shown: Vec<&ReportLine> = lines.iter().take(12).collect();
    let bar_h = 22;
    #[allow(clippy::cast_precision_loss)]
    let bars = shown
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i * bar_h;
            let w = (l.received as f64 / max as f64 * 260.0).max(1.0);
            view! {
                <text x="0" y=y + 15 class="bar-label">{l.label.chars().take(10).collect::<String>()}</text>
                <rect x="110" y=y + 4 width=format!("{w:.1}") height="14" class="bar"/>
                <text x=format!("{:.1}", 115.0 + w) y=y + 15 class="bar-value">{l.received}</text>
            }
        })
        .collect_view();
    let height = shown.len() * bar_h + 4;
    let title_id = format!("{id}-chart-title");
    let labelled_by = title_id.clone();
    let rows = lines
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.label.clone()}</th>
                    <td>{l.received}</td><td>{l.processed}</td><td>{l.open}</td><td>{l.overdue}</td>
                    <td>{pct(l.compliance_rate)}</td><td>{hours(l.mean_handling_hours)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-table">
            <h2>{title}</h2>
            <div class="chart-and-table">
                <svg role="img" aria-labelledby=labelled_by width="420" height=height viewBox=format!("0 0 420 {height}")>
                    <title id=title_id>{format!("{title} 접수 건수 막대그래프 (표와 같은 값)")}</title>
                    {bars}
                </svg>
                <table class="queue-table" id=id>
                    <thead><tr>
                        <th scope="col">"구분"</th><th scope="col">"접수"</th><th scope="col">"처리"</th><th scope="col">"미처리"</th>
                        <th scope="col">"기한 경과"</th><th scope="col">"준수율"</th><th scope="col">"평균 처리시간"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
