//! The case page's record of calls and visits with the complainant (민원인 연락 기록): whether
//! they have been told the result and how, every contact so far, and — for whoever may call
//! them back — the form that records one (a result told by phone, a withdrawal they confirm).

use leptos::prelude::*;

use super::common::{Banner, FieldMsg, TextArea, confirmed, fmt_time, submit};
use crate::api::StaffCaseView;
use crate::client::browser;
use crate::domain::{CaseStatus, ContactLogInput, ContactMeans, ContactOutcome, FieldErrors};

#[component]
pub fn ContactLogPanel(
    case: StaffCaseView,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let may = case.actions;
    let answered = case.answer.is_some();
    let told = match (&case.result_told, answered) {
        (Some(t), _) => Some(format!("결과 통지: {} · {}", t.how, fmt_time(&t.at))),
        (None, true) if case.status == CaseStatus::Closed => Some(
            "결과 통지 안 됨: 보낸 결과 알림이 없습니다. 전화나 방문으로 알렸다면 아래에 기록해 주세요.".to_owned(),
        ),
        _ => None,
    };
    let told = told.map(|t| {
        let class = if case.result_told.is_some() { "note" } else { "banner warn" };
        view! {
            <p class=class id="result-told">
                {t}
            </p>
        }
    });
    let entries = case
        .contact_log
        .iter()
        .map(|c| {
            view! {
                <li data-outcome=c.outcome.as_str()>
                    <time>{fmt_time(&c.recorded_at)}</time>
                    " "
                    <strong>{c.recorded_by.clone()}</strong>
                    {format!(" · {} · {}: {}", c.means_text, c.outcome_text, c.summary)}
                </li>
            }
        })
        .collect_view();
    let log = (!case.contact_log.is_empty()).then(|| view! { <ol id="contact-log">{entries}</ol> });
    let form = may.record_contact.then(|| {
        view! { <ContactForm id=case.id answered withdraw=may.withdraw_on_behalf on_change /> }
    });
    (told.is_some() || log.is_some() || form.is_some()).then(|| {
        view! {
            <section class="contact-log">
                <h2>"민원인 연락 기록"</h2>
                {told}
                {log}
                {form}
            </section>
        }
    })
}

#[component]
fn ContactForm(
    id: i64,
    answered: bool,
    withdraw: bool,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let means = RwSignal::new(ContactMeans::Phone.as_str().to_owned());
    let outcome = RwSignal::new(ContactOutcome::Talked.as_str().to_owned());
    let summary = RwSignal::new(String::new());
    let confirmed_by_them = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ContactLogInput {
            means: means.get_untracked(),
            outcome: outcome.get_untracked(),
            summary: summary.get_untracked(),
            confirmed: confirmed_by_them.get_untracked(),
        };
        if let Err(e) = input.validate(answered) {
            errors.set(e);
            return;
        }
        if input.action() == crate::domain::CaseAction::WithdrawOnBehalf
            && !confirmed("민원인이 확인한 취하로 민원을 종결합니다. 되돌릴 수 없습니다. 계속할까요?")
        {
            return;
        }
        submit(async move { browser().record_contact(id, &input).await }, errors, banner, move |view| {
            summary.set(String::new());
            confirmed_by_them.set(false);
            on_change(view);
        });
    };
    // The outcomes this case allows: a result once answered, a withdrawal while it is open.
    let outcomes = ContactOutcome::ALL
        .iter()
        .copied()
        .filter(|o| match o {
            ContactOutcome::ResultGiven => answered,
            ContactOutcome::Withdrawal => withdraw,
            _ => true,
        })
        .map(|o| view! { <option value=o.as_str()>{o.ko()}</option> })
        .collect_view();
    let means_options =
        ContactMeans::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.ko()}</option> }).collect_view();
    view! {
        <form class="inline-form" id="contact-form" on:submit=send>
            <Banner message=banner />
            <label class="field" for="contact-means">
                <span>"연락 방법"</span>
                <select id="contact-means" on:change=move |ev| means.set(event_target_value(&ev))>
                    {means_options}
                </select>
            </label>
            <FieldMsg errors field="means" id="contact-means-error" />
            <label class="field" for="contact-outcome">
                <span>"결과"</span>
                <select id="contact-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                    {outcomes}
                </select>
            </label>
            <FieldMsg errors field="outcome" id="contact-outcome-error" />
            <TextArea id="contact-summary" label="내용 (주고받은 말)" value=summary errors field="summary" />
            <Show when=move || outcome.get() == ContactOutcome::Withdrawal.as_str()>
                <label class="check" for="contact-confirmed">
                    <input
                        id="contact-confirmed"
                        type="checkbox"
                        prop:checked=move || confirmed_by_them.get()
                        on:change=move |ev| confirmed_by_them.set(event_target_checked(&ev))
                    />
                    <span>"민원인 본인에게 취하 의사를 확인했습니다"</span>
                </label>
            </Show>
            <FieldMsg errors field="confirmed" id="contact-confirmed-error" />
            <button class="button secondary" id="contact-send" type="submit">
                "연락 기록"
            </button>
        </form>
    }
}
