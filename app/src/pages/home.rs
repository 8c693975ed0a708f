//! `/`: the mobile homepage. File a VOC with photos or documents, look a case up by receipt
//! number and contact, read the FAQ. Korean first, English one tap away.
//!
//! Files are uploaded one by one as they are picked, so a refused file is named at once with
//! its reason and nothing else in the form changes; the case is filed with the handles of
//! the accepted ones.

use chrono::Utc;
use leptos::either::Either;
use leptos::prelude::*;

use super::common::{Banner, FieldMsg, fmt_time, request_key_for};
use super::contact_fields::ContactFields;
use super::files::{FilePicker, PickedFiles};
use crate::api::CreatedCase;
use crate::client::browser;
use crate::domain::{FieldErrors, LookupInput, NewCaseInput, VocKind};
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{PageTitle, SiteHeader, use_lang};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=text!("title.home") />
        <main class="home" lang=move || lang.get().as_str()>
            <SiteHeader />
            <h1>{tr(text!("brand"))}</h1>
            <p class="lead">{tr(text!("home.lead"))}</p>
            <FileForm />
            <Lookup />
            <Faq />
            <p class="statistics-link">
                <a href="/procedure" id="procedure-link">
                    {tr(text!("home.procedure"))}
                </a>
            </p>
            <p class="statistics-link">
                <a href="/statistics" id="statistics-link">
                    {tr(text!("home.statistics"))}
                </a>
            </p>
            <p class="staff-link">
                <a href="/login" rel="external">
                    {tr(text!("home.staff"))}
                </a>
            </p>
        </main>
    }
}

/// An empty filing: no kind chosen for the citizen (a preselected 불만 would be filed unread).
fn blank() -> NewCaseInput {
    NewCaseInput { channel: "mobile".into(), ..Default::default() }
}

/// Brings the receipt into view once it is drawn: on a phone the button pressed is far below it.
fn show_receipt() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("receipt-no")) {
            el.scroll_into_view_with_bool(false);
        }
    });
}

#[component]
fn FileForm() -> impl IntoView {
    let lang = use_lang();
    let form = RwSignal::new(blank());
    let files = PickedFiles::new();
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedCase>);
    let request_key = RwSignal::new(None::<(String, String)>);
    let facilities = LocalResource::new(|| async { browser().facilities().await });
    // The categories complainants choose themselves, where the profile has them (KGS).
    let categories = LocalResource::new(|| async {
        browser().categories().await.map(|all| all.into_iter().filter(|c| c.public).collect::<Vec<_>>())
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        if files.uploading() {
            banner.set(Some(l.t(text!("home.files.wait"))));
            return;
        }
        let mut input = form.get_untracked();
        input.lang = Some(l.as_str().into());
        input.attachments = files.accepted();
        if let Err(e) = input.validate(Utc::now()) {
            errors.set(e);
            banner.set(None);
            return;
        }
        let key = request_key_for(request_key, &input);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().with_idempotency_key(key).file_case(&input).await {
                Ok(c) => {
                    errors.set(FieldErrors::default());
                    banner.set(None);
                    created.set(Some(c));
                    show_receipt();
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(l)));
                }
            }
            busy.set(false);
        });
    };

    let again = move |_| {
        form.set(blank());
        files.clear();
        request_key.set(None);
        created.set(None);
    };

    let kinds = move || {
        VocKind::FILED
            .into_iter()
            .map(|k| {
                let id = format!("kind-{}", k.as_str());
                let label_for = id.clone();
                view! {
                    <label class="chip" for=label_for>
                        <input
                            type="radio"
                            name="kind"
                            id=id
                            value=k.as_str()
                            prop:checked=move || form.with(|f| f.kind == k.as_str())
                            on:change=move |_| form.update(|f| f.kind = k.as_str().into())
                        />
                        <span>{move || lang.get().pick(k.ko(), k.en()).to_owned()}</span>
                    </label>
                }
            })
            .collect_view()
    };

    let filing = move || {
        view! {
            <form class="file-form" on:submit=submit novalidate=true>
                <Banner message=banner />
                <fieldset class="kinds">
                    <legend>{tr(text!("home.kind"))}</legend>
                    <div class="chips">{kinds}</div>
                    <FieldMsg errors field="kind" />
                </fieldset>
                <label class="field" for="facility">
                    <span>{tr(text!("home.facility"))}</span>
                    <select
                        id="facility"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| f.facility = (!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="">{tr(text!("home.facility.none"))}</option>
                        {move || {
                            facilities
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|f| {
                                    let code = f.code.clone();
                                    view! {
                                        <option
                                            value=f.code.clone()
                                            selected=move || form.with(|x| x.facility.as_deref() == Some(code.as_str()))
                                        >
                                            {move || lang.get().pick(&f.name_ko, &f.name_en).to_owned()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <FieldMsg errors field="facility" />
                {move || {
                    categories
                        .get()
                        .and_then(Result::ok)
                        .filter(|list| !list.is_empty())
                        .map(|list| {
                            let parent_of = |code: &Option<String>| {
                                code.as_ref()
                                    .and_then(|p| list.iter().find(|c| &c.code == p))
                                    .map(|p| (p.name_ko.clone(), p.name_en.clone()))
                            };
                            let options = list
                                .iter()
                                .map(|c| {
                                    let code = c.code.clone();
                                    let (ko, en) = match parent_of(&c.parent) {
                                        Some((pk, pe)) => {
                                            (format!("{pk} › {}", c.name_ko), format!("{pe} › {}", c.name_en))
                                        }
                                        None => (c.name_ko.clone(), c.name_en.clone()),
                                    };
                                    view! {
                                        <option
                                            value=c.code.clone()
                                            selected=move || form.with(|x| x.category.as_deref() == Some(code.as_str()))
                                        >
                                            {move || lang.get().pick(&ko, &en).to_owned()}
                                        </option>
                                    }
                                })
                                .collect_view();
                            view! {
                                <label class="field" for="category">
                                    <span>{tr(text!("home.category"))}</span>
                                    <select
                                        id="category"
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            form.update(|f| f.category = (!v.is_empty()).then_some(v));
                                        }
                                    >
                                        <option value="">{tr(text!("home.category.none"))}</option>
                                        {options}
                                    </select>
                                </label>
                                <FieldMsg errors field="category" />
                            }
                        })
                }}
                <label class="field" for="content">
                    <span>{tr(text!("field.content"))}</span>
                    <small class="hint" id="content-hint">
                        {tr(text!("home.content.hint"))}
                    </small>
                    <textarea
                        id="content"
                        rows="6"
                        aria-describedby="content-hint content-error"
                        prop:value=move || form.with(|f| f.content.clone())
                        on:input=move |ev| form.update(|f| f.content = event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="content" />
                <FilePicker files id="files" list_id="file-list" />
                <FieldMsg errors field="attachments" />
                <h2>{tr(text!("home.contact.title"))}</h2>
                <ContactFields form errors shared_device=false />
                <button class="button primary wide" id="submit" type="submit" prop:disabled=move || busy.get()>
                    {move || lang.get().t(if busy.get() { text!("action.sending") } else { text!("action.submit") })}
                </button>
            </form>
        }
    };

    let done = move |c: CreatedCase| {
        let path = c.tracking_path();
        view! {
            <div class="receipt" role="status">
                <h3>{tr(text!("home.done.title"))}</h3>
                <span class="receipt-label">{tr(text!("receipt.number"))}</span>
                <strong class="receipt-no" id="receipt-no">
                    {c.receipt_no.clone()}
                </strong>
                <span class="receipt-due">{tr(text!("receipt.due"))} ": " {fmt_time(&c.due_at)}</span>
            </div>
            <p>{tr(text!("home.done.keep"))}</p>
            <p>
                <a class="big-button" id="tracking-link" href=path>
                    {tr(text!("home.done.open"))}
                </a>
            </p>
            <button type="button" class="button" id="file-another" on:click=again>
                {tr(text!("home.done.another"))}
            </button>
        }
    };

    view! {
        <section class="filing" aria-labelledby="file-title">
            <h2 id="file-title">{tr(text!("home.file.title"))}</h2>
            {move || match created.get() {
                Some(c) => Either::Left(done(c)),
                None => Either::Right(filing()),
            }}
        </section>
    }
}

#[component]
fn Lookup() -> impl IntoView {
    let lang = use_lang();
    let input = RwSignal::new(LookupInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = input.get_untracked();
        if let Err(e) = body.validate() {
            errors.set(e);
            return;
        }
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            match browser().lookup(&body).await {
                Ok(v) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&v.tracking_path);
                    }
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(l)));
                }
            }
        });
    };
    view! {
        <section class="lookup" id="lookup" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{tr(text!("home.lookup.title"))}</h2>
            <p class="hint">{tr(text!("home.lookup.hint"))}</p>
            <form on:submit=submit novalidate=true>
                <Banner message=banner />
                <label class="field" for="lookup-receipt">
                    <span>{tr(text!("receipt.number"))}</span>
                    <input
                        id="lookup-receipt"
                        placeholder="VOC-2026-000123"
                        autocapitalize="characters"
                        aria-describedby="receipt_no-error"
                        prop:value=move || input.with(|i| i.receipt_no.clone())
                        on:input=move |ev| input.update(|i| i.receipt_no = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="receipt_no" />
                <label class="field" for="lookup-contact">
                    <span>{tr(text!("home.lookup.contact"))}</span>
                    <input
                        id="lookup-contact"
                        aria-describedby="contact-error"
                        prop:value=move || input.with(|i| i.contact.clone())
                        on:input=move |ev| input.update(|i| i.contact = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="contact" />
                <button class="button primary" id="lookup-submit" type="submit">
                    {tr(text!("home.lookup.submit"))}
                </button>
            </form>
        </section>
    }
}

/// Answered questions the VOC manager published (with the complainants' consent and without
/// their personal data).
#[component]
fn Faq() -> impl IntoView {
    let entries = LocalResource::new(|| async { browser().faq().await });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                entries
                    .get()
                    .and_then(Result::ok)
                    .filter(|l| !l.is_empty())
                    .map(|list| {
                        view! {
                            <section class="faq" id="faq" aria-labelledby="faq-title">
                                <h2 id="faq-title">{tr(text!("faq.title"))}</h2>
                                {list
                                    .into_iter()
                                    .map(|f| {
                                        view! {
                                            <details class="faq-entry" id=format!("faq-{}", f.id)>
                                                <summary>{f.question}</summary>
                                                <p class="pre">{f.answer}</p>
                                            </details>
                                        }
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    let lang = use_lang();
    view! {
        <main class="home" lang=move || lang.get().as_str()>
            <h1>{tr(text!("notfound.title"))}</h1>
            <a href="/" rel="external">
                {tr(text!("notfound.home"))}
            </a>
        </main>
    }
}
