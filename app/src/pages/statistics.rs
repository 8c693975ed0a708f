//! `/statistics`: how the organisation handles VOC, month by month, for anyone (no sign-in):
//! received, processed, on time, mean handling time in business days, satisfaction and
//! improvements made. No personal data, no free text.

use leptos::prelude::*;

use super::common::failed_in;

use crate::api::{PublicStatistics, StatisticsMonth};
use crate::client::browser;
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{PageTitle, SiteHeader, use_lang};

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{:.1} %", v * 100.0))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.digits$}"))
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let year = RwSignal::new(this_year);
    let figures = LocalResource::new(move || {
        let y = year.get();
        async move { browser().statistics(&format!("year={y}")).await }
    });
    let years = (this_year - 4..=this_year)
        .rev()
        .map(|y| {
            view! {
                <option value=y.to_string() selected=y == this_year>
                    {y}
                </option>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=text!("title.statistics") />
        <main class="home statistics" lang=move || lang.get().as_str()>
            <SiteHeader />
            <h1>{tr(text!("statistics.title"))}</h1>
            <p class="lead">{tr(text!("statistics.lead"))}</p>
            <label class="field" for="statistics-year">
                <span>{tr(text!("statistics.year"))}</span>
                <select
                    id="statistics-year"
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() {
                            year.set(y);
                        }
                    }
                >
                    {years}
                </select>
            </label>
            <Suspense fallback=move || {
                view! { <p class="loading">{lang.get_untracked().t(text!("loading"))}</p> }
            }>
                {move || {
                    figures
                        .get()
                        .map(|r| match r {
                            Ok(s) if s.total.received == 0 => {
                                view! {
                                    <p class="note" id="statistics-none">
                                        {tr(text!("statistics.none"))}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(s) => view! { <Figures s /> }.into_any(),
                            Err(e) => failed_in(e, lang).into_any(),
                        })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn Row(m: StatisticsMonth, total: bool) -> impl IntoView {
    let lang = use_lang();
    let period = m.period.clone();
    let label = move || {
        if total {
            lang.get().t(text!("statistics.total"))
        } else {
            let month: u32 = period.get(5..).and_then(|s| s.parse().ok()).unwrap_or(0);
            match lang.get() {
                crate::i18n::Lang::Ko => format!("{month}월"),
                crate::i18n::Lang::En => chrono::Month::try_from(u8::try_from(month).unwrap_or(1))
                    .map(|m| m.name().to_owned())
                    .unwrap_or_default(),
            }
        }
    };
    view! {
        <tr class:total=total>
            <th scope="row">{label}</th>
            <td>{m.received}</td>
            <td>{m.processed}</td>
            <td>{pct(m.compliance_rate)}</td>
            <td>{num(m.mean_handling_days, 1)}</td>
            <td>{num(m.satisfaction, 2)}</td>
            <td>{m.survey_responses}</td>
            <td>{m.improvements}</td>
        </tr>
    }
}

/// The months' received and processed counts as paired bars.
#[component]
fn Chart(months: Vec<StatisticsMonth>) -> impl IntoView {
    let lang = use_lang();
    let max = months.iter().map(|m| m.received.max(m.processed)).max().unwrap_or(1).max(1);
    let (h, w) = (120.0, 30.0);
    #[allow(clippy::cast_precision_loss)]
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = 30.0 + i as f64 * (w + 10.0);
            let bh = |v: i64| (v as f64 / max as f64 * h).max(1.0);
            let (r, p) = (bh(m.received), bh(m.processed));
            view! {
                <rect
                    x=format!("{x:.1}")
                    y=format!("{:.1}", h - r + 10.0)
                    width="13"
                    height=format!("{r:.1}")
                    class="bar"
                />
                <rect
                    x=format!("{:.1}", x + 14.0)
                    y=format!("{:.1}", h - p + 10.0)
                    width="13"
                    height=format!("{p:.1}")
                    class="bar processed"
                />
                <text x=format!("{:.1}", x + 6.0) y=h + 26.0 class="bar-label">
                    {m.period.get(5..).unwrap_or_default().to_owned()}
                </text>
            }
        })
        .collect_view();
    #[allow(clippy::cast_precision_loss)]
    let width = 40.0 + months.len() as f64 * (w + 10.0);
    let label = move || {
        let l = lang.get();
        format!(
            "{}: {}",
            l.t(text!("statistics.chart")),
            months
                .iter()
                .map(|m| format!("{} {}/{}", m.period, m.received, m.processed))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    view! {
        <svg
            class="chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {width:.0} 150")
            width=format!("{width:.0}")
            height="150"
        >
            {bars}
        </svg>
    }
}

#[component]
fn Figures(s: PublicStatistics) -> impl IntoView {
    let rows = s.months.iter().cloned().map(|m| view! { <Row m total=false /> }).collect_view();
    let as_of = s.as_of.format("%Y-%m-%d %H:%M").to_string();
    view! {
        <Chart months=s.months.clone() />
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="statistics-caption">
            <table class="queue-table" id="statistics-table">
                <caption id="statistics-caption">{tr(text!("statistics.title"))}" "{s.year}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(text!("statistics.month"))}</th>
                        <th scope="col">{tr(text!("statistics.received"))}</th>
                        <th scope="col">{tr(text!("statistics.processed"))}</th>
                        <th scope="col">{tr(text!("statistics.compliance"))}</th>
                        <th scope="col">{tr(text!("statistics.handling"))}</th>
                        <th scope="col">{tr(text!("statistics.satisfaction"))}</th>
                        <th scope="col">{tr(text!("statistics.responses"))}</th>
                        <th scope="col">{tr(text!("statistics.improvements"))}</th>
                    </tr>
                </thead>
                <tbody>{rows} <Row m=s.total.clone() total=true /></tbody>
            </table>
        </div>
        <p class="note">{tr(text!("statistics.as_of"))}" "{as_of}</p>
    }
}
