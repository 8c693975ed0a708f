//! `/reports`: period figures for the VOC manager, executives and administrators (the
//! organisation's or one department's) and for a department head (their own) — totals,
//! deadline compliance, handling time, tables by every dimension with a bar chart beside each
//! (the table is the chart's text), monthly trend, survey means, recurring causes, CSV download.

use chrono::{Datelike, Months, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{StaffHeader, failed, or_login};
use super::recurring::RecurringCauses;
use crate::api::{ReportLine, ReportSummary};
use crate::client::{browser, links};
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
    let department = RwSignal::new(String::new());
    let query = move || {
        let d = department.get();
        let d = if d.is_empty() { String::new() } else { format!("&department={d}") };
        format!("from={}&to={}{d}", from.get(), to.get())
    };
    let summary = LocalResource::new(move || {
        let q = query();
        async move { or_login(browser().report_summary(&q)).await }
    });
    let choose = move |kind: &'static str| {
        move |_| {
            let (f, t) = preset(kind, today);
            from.set(f.to_string());
            to.set(t.to_string());
        }
    };
    view! {
        <Title text="VOC 분석 · 고객의 소리" />
        <StaffHeader />
        <main class="case reports">
            <h1>"VOC 분석"</h1>
            <div class="period" role="group" aria-label="기간">
                <button class="button secondary" id="period-month" on:click=choose("month")>
                    "이번 달"
                </button>
                <button class="button secondary" id="period-half" on:click=choose("half")>
                    "반기"
                </button>
                <button class="button secondary" id="period-year" on:click=choose("year")>
                    "올해"
                </button>
                <label class="field" for="report-from">
                    <span>"시작"</span>
                    <input
                        id="report-from"
                        type="date"
                        prop:value=move || from.get()
                        on:change=move |ev| from.set(event_target_value(&ev))
                    />
                </label>
                <label class="field" for="report-to">
                    <span>"끝"</span>
                    <input
                        id="report-to"
                        type="date"
                        prop:value=move || to.get()
                        on:change=move |ev| to.set(event_target_value(&ev))
                    />
                </label>
                <a
                    class="button secondary"
                    id="report-csv"
                    rel="external"
                    download=""
                    href=move || links::report_summary_csv(&query())
                >
                    "CSV 내려받기"
                </a>
                <a
                    class="button secondary"
                    id="report-xlsx"
                    rel="external"
                    download=""
                    href=move || links::report_summary_xlsx(&query())
                >
                    "엑셀(XLSX) 내려받기"
                </a>
            </div>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    summary
                        .get()
                        .map(|r| match r {
                            Ok(s) => {
                                view! {
                                    <Scope s=s.clone() department query=Signal::derive(query) />
                                    <Summary s />
                                    <SurveyComments query=Signal::derive(query) />
                                }
                                    .into_any()
                            }
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
            // Outside the summary's Suspense: read once per period, beside the summary, not
            // again each time the summary is drawn.
            <RecurringCauses query=Signal::derive(query) />
        </main>
    }
}

/// What complainants wrote with their survey answers in the period, newest first, personal
/// data masked by the server; optionally only the dissatisfied ones.
#[component]
fn SurveyComments(query: Signal<String>) -> impl IntoView {
    let low_only = RwSignal::new(false);
    let comments = LocalResource::new(move || {
        let q = query.get();
        let filter = if low_only.get() { "&at_most=2" } else { "" };
        async move { browser().survey_comments(&format!("{q}{filter}")).await }
    });
    view! {
        <section class="report-table" id="survey-comments">
            <h2>"만족도 조사 의견"</h2>
            <label class="check">
                <input
                    type="checkbox"
                    id="comments-low-only"
                    prop:checked=move || low_only.get()
                    on:change=move |ev| low_only.set(event_target_checked(&ev))
                />
                " 불만족(2점 이하) 응답만"
            </label>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    comments
                        .get()
                        .map(|r| match r {
                            Ok(list) if list.is_empty() => {
                                view! {
                                    <p class="note" id="no-comments">
                                        "의견이 없습니다."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="comment-list">
                                        {list
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <li>
                                                        <p class="meta">
                                                            <a href=format!("/cases/{}", c.case_id)>{c.receipt_no}</a>
                                                            " · "
                                                            {c.kind.ko()}
                                                            " · "
                                                            {c.department.unwrap_or_else(|| "미배정".into())}
                                                            " · 전반 "
                                                            {c.overall}
                                                            " · 결과 "
                                                            {c.result}
                                                            " · "
                                                            {c.submitted_at.format("%Y-%m-%d %H:%M").to_string()}
                                                        </p>
                                                        <blockquote class="question">{c.comment}</blockquote>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
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

/// Whose figures these are, the choice of a department for those who see every case, and the
/// case lists they may download — as the server said with the figures.
#[component]
fn Scope(s: ReportSummary, department: RwSignal<String>, query: Signal<String>) -> impl IntoView {
    let departments = LocalResource::new(|| async { browser().departments().await });
    let options = move || {
        departments.get().and_then(Result::ok).map(|list| {
            let chosen = department.get_untracked();
            list.into_iter()
                .filter(|d| d.active)
                .map(|d| {
                    let id = d.id.to_string();
                    let selected = id == chosen;
                    view! {
                        <option value=id selected=selected>
                            {d.name}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="period" id="report-scope">
            <h2 id="report-whose">
                {s.department.clone().map_or_else(|| "기관 전체".to_owned(), |d| format!("{d} (부서 보고서)"))}
            </h2>
            {s
                .can_choose_department
                .then(|| {
                    view! {
                        <label class="field" for="report-department">
                            <span>"부서"</span>
                            <select id="report-department" on:change=move |ev| department.set(event_target_value(&ev))>
                                <option value="">"기관 전체"</option>
                                {options}
                            </select>
                        </label>
                    }
                })}
            {s
                .can_export_cases
                .then(|| {
                    view! {
                        <a
                            class="button secondary"
                            id="cases-csv"
                            rel="external"
                            download=""
                            href=move || links::report_cases_csv(&query.get())
                        >
                            "민원 목록 CSV (개인정보 가림)"
                        </a>
                        <a
                            class="button secondary"
                            id="cases-xlsx"
                            rel="external"
                            download=""
                            href=move || links::report_cases_xlsx(&query.get())
                        >
                            "민원 목록 XLSX (개인정보 가림)"
                        </a>
                    }
                })}
        </div>
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
        ("처리기간 연장", s.extended.to_string()),
        ("타 기관 이송", s.transferred.to_string()),
        ("반려 (보완 없음)", s.returned.to_string()),
        ("특이민원 종결", s.closed_abusive.to_string()),
        ("특이민원 행위 기록", s.incidents.to_string()),
        ("다수인관련민원 (공동 민원인)", format!("{} ({}명)", s.multi_person_cases, s.co_complainants)),
        ("기한 준수율 (연장 전 기한)", pct(s.compliance_rate_original)),
        ("평균 처리시간", hours(s.mean_handling_hours)),
        ("중위 처리시간", hours(s.median_handling_hours)),
        ("만족도 응답률", s.survey.response_rate.map_or_else(|| "-".into(), pct)),
    ];
    let tables = s
        .tables()
        .into_iter()
        .filter(|(_, _, lines)| !lines.is_empty())
        .map(|(id, title, lines)| view! { <ReportTable id title lines=lines.clone() /> })
        .collect_view();
    let survey_rows = s
        .survey
        .items
        .iter()
        .map(|i| {
            view! {
                <tr>
                    <th scope="row">{i.label.clone()}</th>
                    <td>{i.mean.map_or_else(|| "-".into(), |m| format!("{m:.2}"))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="note" id="report-period">
            {format!("{} ~ {} 접수분 기준", s.from, s.to)}
        </p>
        <dl class="cards" id="report-cards">
            {cards
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <div>
                            <dt>{k}</dt>
                            <dd>{v}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        {tables}
        <section>
            <h2>"만족도 문항별 평균 (5점)"</h2>
            <p class="note">{format!("응답 {}건 / 조사 대상 {}건", s.survey.responses, s.survey.invited)}</p>
            <table class="queue-table" id="survey-means">
                <thead>
                    <tr>
                        <th scope="col">"문항"</th>
                        <th scope="col">"평균"</th>
                    </tr>
                </thead>
                <tbody>{survey_rows}</tbody>
            </table>
        </section>
        <SurveyBreakdownTable s=s.clone() />
        <FollowUpTables s=s.clone() />
    }
}

/// Survey results per kind, channel, …, month: one table at a time, chosen from a list.
#[component]
fn SurveyBreakdownTable(s: ReportSummary) -> impl IntoView {
    let chosen = RwSignal::new("by_kind".to_owned());
    let options = s
        .survey
        .breakdown
        .iter()
        .map(|b| view! { <option value=b.id.clone()>{b.title.clone()}</option> })
        .collect_view();
    let items = s.survey.items.clone();
    let head = items.iter().map(|i| view! { <th scope="col">{i.label.clone()}</th> }).collect_view();
    let breakdown = s.survey.breakdown.clone();
    let cols = (items.len() + 4).to_string();
    let rows = move || {
        let table = breakdown.iter().find(|b| b.id == chosen.get());
        let lines = table.map(|t| t.lines.clone()).unwrap_or_default();
        if lines.is_empty() {
            return view! {
                <tr>
                    <td colspan=cols.clone()>"조사 대상도 응답도 없습니다."</td>
                </tr>
            }
            .into_any();
        }
        lines
            .into_iter()
            .map(|l| {
                let means = l
                    .means
                    .iter()
                    .map(|m| view! { <td>{m.map_or_else(|| "-".into(), |m| format!("{m:.2}"))}</td> })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row">{l.label}</th>
                        <td>{l.invited}</td>
                        <td>{l.responses}</td>
                        <td>{l.response_rate.map_or_else(|| "-".into(), pct)}</td>
                        {means}
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="report-table" id="survey-breakdown">
            <h2>"만족도 분석"</h2>
            <label>
                "나누어 볼 기준 "
                <select
                    id="survey-breakdown-by"
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    {options}
                </select>
            </label>
            <div class="table-scroll">
                <table class="queue-table" id="survey-breakdown-table">
                    <thead>
                        <tr>
                            <th scope="col">"구분"</th>
                            <th scope="col">"조사 대상"</th>
                            <th scope="col">"응답"</th>
                            <th scope="col">"응답률"</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Praise, staff flags, compensation and improvement requests: plain tables.
#[component]
fn FollowUpTables(s: ReportSummary) -> impl IntoView {
    let empty = |cols: usize, text: &'static str| {
        view! {
            <tr>
                <td colspan=cols.to_string()>{text}</td>
            </tr>
        }
    };
    let praise = s
        .praise_by_staff
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.label.clone()}</th>
                    <td>{l.department.clone().unwrap_or_default()}</td>
                    <td>{l.count}</td>
                </tr>
            }
        })
        .collect_view();
    let praise_departments = s
        .praise_by_department
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.label.clone()}</th>
                    <td>{l.count}</td>
                </tr>
            }
        })
        .collect_view();
    let flags = s
        .staff_flags
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <th scope="row">{f.staff_name.clone()}</th>
                    <td>{f.department.clone().unwrap_or_default()}</td>
                    <td>{f.cause_label.clone()}</td>
                    <td>{f.count}</td>
                    <td>{f.receipts.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    let compensations = s
        .compensations
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.receipt_no.clone()}</th>
                    <td>{c.department_name.clone().unwrap_or_default()}</td>
                    <td>{c.reason_label.clone()}</td>
                    <td>{c.item.clone()}</td>
                    <td>{format!("{}원", c.amount)}</td>
                    <td>{super::common::fmt_time(&c.recorded_at)}</td>
                </tr>
            }
        })
        .collect_view();
    let improvements = s
        .improvements
        .iter()
        .map(|i| {
            let state = i.state_ko();
            view! {
                <tr class:overdue=i.overdue>
                    <th scope="row">{i.title.clone()}</th>
                    <td>{i.department_name.clone()}</td>
                    <td>{i.requested_at.format("%Y-%m-%d").to_string()}</td>
                    <td>{i.due_date.to_string()}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-table">
            <h2>"칭찬 (직원별 · 부서별)"</h2>
            <div class="chart-and-table">
                <table class="queue-table" id="praise-staff">
                    <thead>
                        <tr>
                            <th scope="col">"직원"</th>
                            <th scope="col">"부서"</th>
                            <th scope="col">"칭찬"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {if s.praise_by_staff.is_empty() {
                            empty(3, "기록된 칭찬 직원이 없습니다.").into_any()
                        } else {
                            praise.into_any()
                        }}
                    </tbody>
                </table>
                <table class="queue-table" id="praise-departments">
                    <thead>
                        <tr>
                            <th scope="col">"부서"</th>
                            <th scope="col">"칭찬"</th>
                        </tr>
                    </thead>
                    <tbody>{praise_departments}</tbody>
                </table>
            </div>
        </section>
        <section class="report-table">
            <h2>"반복 불만 직원 (같은 원인 12개월 3건 이상)"</h2>
            <table class="queue-table" id="staff-flags">
                <thead>
                    <tr>
                        <th scope="col">"직원"</th>
                        <th scope="col">"부서"</th>
                        <th scope="col">"원인"</th>
                        <th scope="col">"건수"</th>
                        <th scope="col">"접수번호"</th>
                    </tr>
                </thead>
                <tbody>
                    {if s.staff_flags.is_empty() {
                        empty(5, "해당 직원이 없습니다.").into_any()
                    } else {
                        flags.into_any()
                    }}
                </tbody>
            </table>
        </section>
        <section class="report-table">
            <h2>{format!("보상 기록 (합계 {}원)", s.compensation_total)}</h2>
            <table class="queue-table" id="compensations">
                <thead>
                    <tr>
                        <th scope="col">"접수번호"</th>
                        <th scope="col">"부서"</th>
                        <th scope="col">"사유"</th>
                        <th scope="col">"물품"</th>
                        <th scope="col">"금액"</th>
                        <th scope="col">"기록일시"</th>
                    </tr>
                </thead>
                <tbody>
                    {if s.compensations.is_empty() {
                        empty(6, "보상 기록이 없습니다.").into_any()
                    } else {
                        compensations.into_any()
                    }}
                </tbody>
            </table>
        </section>
        <section class="report-table">
            <h2>"제도개선 요청 (보고 기한 3개월)"</h2>
            <table class="queue-table" id="improvements">
                <thead>
                    <tr>
                        <th scope="col">"제목"</th>
                        <th scope="col">"부서"</th>
                        <th scope="col">"요청일"</th>
                        <th scope="col">"보고 기한"</th>
                        <th scope="col">"상태"</th>
                    </tr>
                </thead>
                <tbody>
                    {if s.improvements.is_empty() {
                        empty(5, "제도개선 요청이 없습니다.").into_any()
                    } else {
                        improvements.into_any()
                    }}
                </tbody>
            </table>
        </section>
        <section class="report-table">
            <h2>{format!("교육 이수 ({}년, 기간 끝 또는 오늘 기준)", chrono::Datelike::year(&s.to))}</h2>
            <super::training::CompletionTable id="training" lines=s.training.clone() />
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
                <text x="0" y=y + 15 class="bar-label">
                    {l.label.chars().take(10).collect::<String>()}
                </text>
                <rect x="110" y=y + 4 width=format!("{w:.1}") height="14" class="bar" />
                <text x=format!("{:.1}", 115.0 + w) y=y + 15 class="bar-value">
                    {l.received}
                </text>
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
                    <td>{l.received}</td>
                    <td>{l.processed}</td>
                    <td>{l.open}</td>
                    <td>{l.overdue}</td>
                    <td>{pct(l.compliance_rate)}</td>
                    <td>{hours(l.mean_handling_hours)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-table">
            <h2>{title}</h2>
            <div class="chart-and-table">
                <svg
                    role="img"
                    aria-labelledby=labelled_by
                    width="420"
                    height=height
                    viewBox=format!("0 0 420 {height}")
                >
                    <title id=title_id>{format!("{title} 접수 건수 막대그래프 (표와 같은 값)")}</title>
                    {bars}
                </svg>
                <table class="queue-table" id=id>
                    <thead>
                        <tr>
                            <th scope="col">"구분"</th>
                            <th scope="col">"접수"</th>
                            <th scope="col">"처리"</th>
                            <th scope="col">"미처리"</th>
                            <th scope="col">"기한 경과"</th>
                            <th scope="col">"준수율"</th>
                            <th scope="col">"평균 처리시간"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
