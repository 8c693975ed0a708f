//! `/procedure`: the complaint procedure for anyone (no sign-in): the steps, each kind's
//! period, when the clock runs and stops, extensions, and the appeal route. Every figure comes
//! from the live policies (`GET /api/v1/procedure`) and is worded by the domain, so the page
//! changes when an administrator changes a kind's period.

use leptos::prelude::*;

use super::common::failed_in;

use crate::api::PublicProcedure;
use crate::client::browser;
use crate::domain::{DeadlinePolicy, VocKind, counting_phrase, handling_phrase, hours_phrase, period_phrase};
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{PageTitle, SiteHeader, use_lang};

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let lang = use_lang();
    let procedure = LocalResource::new(|| async { browser().procedure().await });
    view! {
        <PageTitle text=text!("title.procedure") />
        <main class="home procedure" lang=move || lang.get().as_str()>
            <SiteHeader />
            <h1>{tr(text!("procedure.title"))}</h1>
            <p class="lead">{tr(text!("procedure.lead"))}</p>
            <Suspense fallback=move || {
                view! { <p class="loading">{lang.get_untracked().t(text!("loading"))}</p> }
            }>
                {move || {
                    procedure
                        .get()
                        .map(|r| match r {
                            Ok(p) => view! { <Procedure p /> }.into_any(),
                            Err(e) => failed_in(e, lang).into_any(),
                        })
                }}
            </Suspense>
            <p class="statistics-link">
                <a href="/#lookup" id="procedure-track-link" rel="external">
                    {tr(text!("procedure.track"))}
                </a>
            </p>
        </main>
    }
}

#[component]
fn Procedure(p: PublicProcedure) -> impl IntoView {
    let lang = use_lang();
    let rules = p.rules;
    let hours = p.hours;
    let appeal = p.kinds.iter().find(|k| k.kind == VocKind::Appeal).copied();
    let kinds = p.kinds;
    let steps = move || {
        let l = lang.get();
        let follow_up = (rules.follow_up_at_most > 0).then(|| {
            l.t_with(
                text!("procedure.follow_up"),
                &[("score", &rules.follow_up_at_most), ("follow", &rules.follow_up_business_days)],
            )
        });
        view! {
            <ol class="procedure-steps" id="procedure-steps">
                <li>{l.t(text!("procedure.step_receipt"))}</li>
                <li>{l.t(text!("procedure.step_routing"))}</li>
                <li>{l.t(text!("procedure.step_handling"))}</li>
                <li>{l.t(text!("procedure.step_result"))}</li>
                <li>{l.t_with(text!("procedure.step_survey"), &[("days", &rules.survey_days)])} " " {follow_up}</li>
            </ol>
        }
    };
    let clock = move || {
        let l = lang.get();
        view! {
            <p id="procedure-hours">{l.t_with(text!("procedure.hours"), &[("hours", &hours_phrase(hours, l))])}</p>
            <p>{l.t_with(text!("procedure.pause"), &[("days", &rules.supplement_max_days)])}</p>
            <p id="procedure-extension">{l.t_with(text!("procedure.extension"), &[("max", &rules.max_extensions)])}</p>
        }
    };
    let appeal_text = move || {
        let l = lang.get();
        let period = appeal.map_or_else(String::new, |a| period_phrase(&a, l));
        view! {
            <p id="procedure-appeal">
                {l.t_with(text!("procedure.appeal"), &[("days", &rules.appeal_days), ("period", &period)])}
            </p>
            <p>{l.t(text!("procedure.appeal_courts"))}</p>
        }
    };
    view! {
        <section aria-labelledby="procedure-steps-title">
            <h2 id="procedure-steps-title">{tr(text!("procedure.steps"))}</h2>
            {steps}
        </section>
        <section aria-labelledby="procedure-periods-title">
            <h2 id="procedure-periods-title">{tr(text!("procedure.periods"))}</h2>
            <ul class="procedure-kinds" id="procedure-kinds">
                {kinds.into_iter().map(|k| view! { <KindItem k /> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="procedure-clock-title">
            <h2 id="procedure-clock-title">{tr(text!("procedure.clock"))}</h2>
            {clock}
        </section>
        <section aria-labelledby="procedure-appeal-title">
            <h2 id="procedure-appeal-title">{tr(text!("procedure.appeal_title"))}</h2>
            {appeal_text}
        </section>
    }
}

/// One kind: its name, its period, how the period is counted and what to expect. A list, not
/// a table, so that a phone shows each kind whole without sideways scrolling.
#[component]
fn KindItem(k: DeadlinePolicy) -> impl IntoView {
    let lang = use_lang();
    let name = move || lang.get().pick(k.kind.ko(), k.kind.en());
    let handling = move || {
        let l = lang.get();
        if k.kind == VocKind::Appeal { l.t(text!("procedure.appeal_row")) } else { handling_phrase(&k, l) }
    };
    view! {
        <li data-kind=k.kind.as_str()>
            <h3>{name} <span class="procedure-period">{move || period_phrase(&k, lang.get())}</span></h3>
            <p class="hint">{move || counting_phrase(k.period_unit, lang.get())}</p>
            <p>{handling}</p>
        </li>
    }
}
