//! `/track/:receipt_no?token=…`: the complainant follows the case and reads the answer.

use super::common::{Banner, FieldMsg, PageAddress, failed_in, fmt_time};
use super::files::{FilePicker, PickedFiles};
use crate::api::{AmendInput, AppealView, ConsentAnswer, ProposalView, PublicCaseView, SupplementView};
use crate::client::{browser, links};
use crate::domain::{AppealInput, Content, FieldErrors, SupplementAnswerInput};
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{PageTitle, SiteHeader, use_lang};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

#[component]
pub fn TrackPage() -> impl IntoView {
    let address = PageAddress::current();
    let (receipt, token) = (address.last_segment(), address.query("token").unwrap_or_default());
    let view = LocalResource::new(move || {
        let (receipt, token) = (receipt.clone(), token.clone());
        async move { browser().tracked_case(&receipt, &token).await }
    });
    let lang = use_lang();
    // A link made for an English-speaking complainant (the kiosk's QR code) opens in English.
    if address.query("lang").as_deref() == Some("en") {
        lang.set(crate::i18n::Lang::En);
    }
    view! {
        <PageTitle text=text!("title.track") />
        <main class="track" lang=move || lang.get().as_str()>
            <SiteHeader />
            <h1>{tr(text!("track.title"))}</h1>
            <Suspense fallback=move || {
                view! { <p class="loading">{lang.get_untracked().t(text!("loading"))}</p> }
            }>
                {move || {
                    view.get()
                        .map(|r| match r {
                            Ok(c) => Either::Left(view! { <TrackDetail case=c on_change=move || view.refetch() /> }),
                            Err(e) => Either::Right(failed_in(e, lang)),
                        })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn TrackDetail(case: PublicCaseView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let token = PageAddress::current().query("token").unwrap_or_default();
    let changes = case.status.is_open().then(|| {
        let token = token.clone();
        view! { <ChangeRequest receipt=case.receipt_no.clone() token content=case.content.clone() on_change /> }
    });
    let proposal = case.extension_proposal.clone().map(|proposal| {
        view! { <ExtensionConsent receipt=case.receipt_no.clone() token=token.clone() proposal on_change /> }
    });
    let asked = case.supplements.last().filter(|s| s.answered_at.is_none() && case.status.is_open()).cloned();
    let supplement = asked.map(|asked| {
        view! { <SupplementAnswer receipt=case.receipt_no.clone() token=token.clone() asked on_change /> }
    });
    let sent = case
        .supplements
        .iter()
        .filter_map(|s| Some((s.request.clone(), s.answer.clone()?, s.answered_at?)))
        .map(|(request, answer, at)| {
            view! {
                <li>
                    <p>{request}</p>
                    <p>
                        <strong>{tr(text!("supplement.sent"))} " " {fmt_time(&at)} ": "</strong>
                        {if answer.is_empty() {
                            Either::Left(tr(text!("supplement.files_only")))
                        } else {
                            Either::Right(answer)
                        }}
                    </p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let sent = (!sent.is_empty()).then(|| {
        view! {
            <ul class="supplements" id="supplements-sent">
                {sent}
            </ul>
        }
    });
    let closure = case.closure_reason.clone().map(|r| {
        view! {
            <p class="banner ok" id="closure-reason" role="status">
                {r}
            </p>
        }
    });
    let letter = links::notice_pdf(&case.receipt_no, &token);
    let answer = case.answer.clone().map(|a| {
        view! {
            <section class="answer-view">
                <h2>{tr(text!("answer.title"))}</h2>
                <h3>{tr(text!("answer.result"))}</h3>
                <p class="pre" id="answer-result">
                    {a.result}
                </p>
                <h3>{tr(text!("answer.basis"))}</h3>
                <p class="pre">{a.basis}</p>
                <h3>{tr(text!("answer.appeal"))}</h3>
                <p class="pre">{a.appeal}</p>
                <p>
                    <a class="button" id="letter-link" href=letter rel="external" download>
                        {tr(text!("answer.letter"))}
                    </a>
                </p>
            </section>
        }
    });
    let survey = case.survey_path.clone().map(|p| {
        if case.survey_submitted {
            Either::Left(view! { <p class="note">{tr(text!("track.survey_done"))}</p> })
        } else {
            Either::Right(view! {
                <a class="big-button" id="survey-link" href=p>
                    {tr(text!("track.survey"))}
                </a>
            })
        }
    });
    // Why the answer is late and when it is expected, as the interim notice said.
    let interim = case.interim.clone().filter(|_| case.status.is_open()).map(|i| {
        // `NaiveDate` writes `2026-12-01` by itself; chrono's strftime would cost the bundle Unicode's case tables.
        let expected = i.expected_on.map(|d| d.to_string());
        view! {
            <section class="banner warn" id="track-interim" role="status">
                <h2>{tr(text!("track.interim"))} " (" {fmt_time(&i.sent_at)} ")"</h2>
                <p class="pre">{i.reason.clone()}</p>
                {expected
                    .map(|d| {
                        view! { <p id="track-interim-expected">{tr(text!("track.interim_expected"))} ": " {d}</p> }
                    })}
            </section>
        }
    });
    let notices = (!case.notices.is_empty()).then(|| {
        let rows = case
            .notices
            .iter()
            .map(|n| {
                let (notice, channel, state) = (n.notice, n.channel, n.state);
                let at = fmt_time(n.sent_at.as_ref().unwrap_or(&n.created_at));
                view! {
                    <li data-notice=notice.as_str() data-state=state.as_str()>
                        {move || {
                            let l = lang.get();
                            format!(
                                "{} · {} · {at} · {}",
                                l.pick(notice.ko(), notice.en()),
                                l.pick(channel.ko(), channel.en()),
                                l.pick(state.ko(), state.en()),
                            )
                        }}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section>
                <h2>{tr(text!("track.notices"))}</h2>
                <ul class="track-notices" id="track-notices">
                    {rows}
                </ul>
            </section>
        }
    });
    let (kind, status) = (case.kind, case.status);
    view! {
        <dl class="facts">
            <dt>{tr(text!("receipt.number"))}</dt>
            <dd id="track-receipt">{case.receipt_no.clone()}</dd>
            <dt>{tr(text!("track.kind"))}</dt>
            <dd>{move || lang.get().pick(kind.ko(), kind.en()).to_owned()}</dd>
            <dt>{tr(text!("track.status"))}</dt>
            <dd id="track-status" data-status=status.as_str()>
                {move || lang.get().pick(status.ko(), status.en()).to_owned()}
            </dd>
            <dt>{tr(text!("track.received"))}</dt>
            <dd>{fmt_time(&case.received_at)}</dd>
            <dt>{tr(text!("track.due"))}</dt>
            <dd id="track-due">{fmt_time(&case.due_at)}</dd>
            {case
                .original_due_at
                .map(|original| {
                    let reason = case.extension_reason.clone().unwrap_or_default();
                    view! {
                        <dt>{tr(text!("track.extended"))}</dt>
                        <dd id="track-extended">
                            {tr(text!("track.extended_from"))} " " {fmt_time(&original)} " · "
                            {tr(text!("track.extension_reason"))} ": " {reason.clone()}
                        </dd>
                    }
                })}
            <dt>{tr(text!("track.facility"))}</dt>
            <dd>{case.facility_name.clone().unwrap_or_else(|| "-".into())}</dd>
        </dl>
        {interim}
        <section>
            <h2>{tr(text!("track.content"))}</h2>
            <p class="pre content">{case.content.clone()}</p>
        </section>
        {proposal}
        {supplement}
        {sent}
        {closure}
        {answer}
        <AppealPanel receipt=case.receipt_no.clone() token=token.clone() appeal=case.appeal.clone() />
        {survey}
        {notices}
        {changes}
    }
}

/// The appeal route (이의신청) under a result not fully accepted: the form until its last day,
/// then the appeal made and where to follow it.
#[component]
fn AppealPanel(receipt: String, token: String, appeal: AppealView) -> impl IntoView {
    let lang = use_lang();
    let reasons = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let filed = RwSignal::new(appeal.filed.clone().zip(appeal.filed_path.clone()));
    let key = StoredValue::new((receipt.clone(), token.clone()));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AppealInput { reasons: reasons.get_untracked() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        let (receipt, token) = key.get_value();
        leptos::task::spawn_local(async move {
            match browser().appeal(&receipt, &token, &input).await {
                Ok(c) => filed.set(Some((c.receipt_no.clone(), c.tracking_path()))),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(lang.get_untracked())));
                }
            }
        });
    };
    let last_day = appeal.last_day;
    move || match (filed.get(), last_day) {
        (Some((no, path)), _) => EitherOf3::A(view! {
            <section class="answer-form appeal" id="appeal">
                <h2>{tr(text!("appeal.title"))}</h2>
                <p class="banner ok" role="status" id="appeal-filed">
                    {tr(text!("appeal.filed"))}
                    " "
                    <strong>{no.clone()}</strong>
                </p>
                <a class="button" id="appeal-follow" href=path rel="external">
                    {tr(text!("appeal.follow"))}
                </a>
            </section>
        }),
        (None, Some(day)) => EitherOf3::B(view! {
            <section class="answer-form appeal" id="appeal">
                <h2>{tr(text!("appeal.title"))}</h2>
                <Banner message=banner />
                <p class="note">{tr(text!("appeal.note"))}</p>
                <p>{tr(text!("appeal.until"))} ": " <strong id="appeal-until">{day.to_string()}</strong></p>
                <form on:submit=send novalidate=true>
                    <label class="field" for="appeal-reasons">
                        <span>{tr(text!("appeal.reasons"))}</span>
                        <textarea
                            id="appeal-reasons"
                            rows="4"
                            aria-describedby="reasons-error"
                            prop:value=move || reasons.get()
                            on:input=move |ev| reasons.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <FieldMsg errors field="reasons" />
                    <button class="button primary" id="send-appeal" type="submit">
                        {tr(text!("appeal.send"))}
                    </button>
                </form>
            </section>
        }),
        (None, None) => EitherOf3::C(()),
    }
}

/// A second extension waiting for the complainant's consent: agree or decline.
#[component]
fn ExtensionConsent(
    receipt: String,
    token: String,
    proposal: ProposalView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let banner = RwSignal::new(None::<String>);
    let key = StoredValue::new((receipt.clone(), token.clone()));
    let answer = move |agree: bool| {
        let (receipt, token) = key.get_value();
        leptos::task::spawn_local(async move {
            match browser().extension_consent(&receipt, &token, &ConsentAnswer { agree }).await {
                Ok(_) => on_change(),
                Err(e) => banner.set(Some(e.message_in(lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="answer-form consent" id="extension-consent">
            <h2>{tr(text!("consent.title"))}</h2>
            <Banner message=banner />
            <p class="note">{tr(text!("consent.note"))}</p>
            <dl class="facts">
                <dt>{tr(text!("consent.reason"))}</dt>
                <dd id="consent-reason">{proposal.reason.clone()}</dd>
                <dt>{tr(text!("consent.due"))}</dt>
                <dd id="consent-due">{proposal.due_date.to_string()}</dd>
            </dl>
            <button class="button primary" id="agree-extension" type="button" on:click=move |_| answer(true)>
                {tr(text!("consent.agree"))}
            </button>
            <button class="button" id="decline-extension" type="button" on:click=move |_| answer(false)>
                {tr(text!("consent.decline"))}
            </button>
        </section>
    }
}

/// The supplement asked for (보완 요구), answered with text and files as at filing.
#[component]
fn SupplementAnswer(
    receipt: String,
    token: String,
    asked: SupplementView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let files = PickedFiles::new();
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let key = StoredValue::new((receipt.clone(), token.clone()));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        if files.uploading() {
            banner.set(Some(l.t(text!("home.files.wait"))));
            return;
        }
        let input = SupplementAnswerInput { text: text.get_untracked(), attachments: files.accepted() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        let (receipt, token) = key.get_value();
        leptos::task::spawn_local(async move {
            match browser().answer_supplement(&receipt, &token, &input).await {
                Ok(_) => {
                    files.clear();
                    on_change();
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(l)));
                }
            }
        });
    };
    let overdue = asked.overdue.then(|| view! { <p class="note late">{tr(text!("supplement.overdue"))}</p> });
    view! {
        <section class="answer-form supplement" id="supplement">
            <h2>{tr(text!("supplement.title"))}</h2>
            <Banner message=banner />
            <p class="pre" id="supplement-request">
                {asked.request.clone()}
            </p>
            <p>{tr(text!("supplement.due"))} ": " <strong id="supplement-due">{asked.due_date.to_string()}</strong></p>
            <p class="note">{tr(text!("supplement.note"))}</p>
            {overdue}
            <form on:submit=send novalidate=true>
                <label class="field" for="supplement-text">
                    <span>{tr(text!("supplement.text"))}</span>
                    <textarea
                        id="supplement-text"
                        rows="4"
                        aria-describedby="text-error"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="text" />
                <FilePicker files id="supplement-files" list_id="supplement-file-list" />
                <FieldMsg errors field="attachments" />
                <button class="button primary" id="send-supplement" type="submit">
                    {tr(text!("supplement.send"))}
                </button>
            </form>
        </section>
    }
}

/// Amend or withdraw, while the case is open. Withdrawal asks once more before it acts.
#[component]
fn ChangeRequest(
    receipt: String,
    token: String,
    content: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(content);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let receipt = StoredValue::new(receipt);
    let token = StoredValue::new(token);
    let lang = use_lang();
    let amend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = text.get_untracked();
        if let Err(e) = Content::parse(&content) {
            let mut errs = FieldErrors::default();
            errs.add("content", e);
            errors.set(errs);
            return;
        }
        let (receipt, token) = (receipt.get_value(), token.get_value());
        leptos::task::spawn_local(async move {
            match browser().amend(&receipt, &token, &AmendInput { content }).await {
                Ok(_) => on_change(),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(lang.get_untracked())));
                }
            }
        });
    };
    let withdraw = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let (receipt, token) = (receipt.get_value(), token.get_value());
        leptos::task::spawn_local(async move {
            match browser().withdraw(&receipt, &token).await {
                Ok(_) => on_change(),
                Err(e) => banner.set(Some(e.message_in(lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="answer-form change-request">
            <h2>{tr(text!("change.title"))}</h2>
            <Banner message=banner />
            <form on:submit=amend>
                <label class="field" for="amend-content">
                    <span>{tr(text!("change.content"))}</span>
                    <textarea
                        id="amend-content"
                        rows="4"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="content" />
                <button class="button" id="amend" type="submit">
                    {tr(text!("change.save"))}
                </button>
            </form>
            <p class="note">{tr(text!("change.withdraw_note"))}</p>
            <button class="button" id="withdraw" on:click=withdraw>
                {move || {
                    lang.get()
                        .t(if confirming.get() { text!("change.withdraw_confirm") } else { text!("change.withdraw") })
                }}
            </button>
        </section>
    }
}
