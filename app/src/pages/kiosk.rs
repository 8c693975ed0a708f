//! `/kiosk?site=…`: a walk-up VOC in four screens — kind, facility, content, contact — then the
//! receipt with a QR code of the tracking link.
//!
//! Invariants:
//! - Nothing of one visitor reaches the next. All state lives in this component's signals (no
//!   history entries, no storage, `autocomplete="off"`, the tracking link is shown, never
//!   followed, and its token is drawn only as the QR code); [`wipe`] resets every one of them,
//!   on "처음으로", 30 s after the receipt is shown, and after 90 s without a touch plus a
//!   visible 20 s countdown.
//! - A submission the visitor made is never dropped silently: when the network fails it is
//!   retried with the same `Idempotency-Key` (so it makes one case however often it is sent)
//!   and the screen says that it has not been received yet, until it has or the kiosk gives up.

use std::time::Duration;

use chrono::Utc;
use leptos::either::{Either, EitherOf3, EitherOf5};
use leptos::prelude::*;

use super::common::{Banner, FieldMsg, request_key_for};
use super::contact_fields::ContactFields;
use crate::api::{CallError, CreatedCase, FacilityView, KioskDeviceInput, KioskDeviceView};
use crate::client::{browser, links};
use crate::domain::{Content, FieldErrors, NewCaseInput, VocKind};
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{Lang, LangToggle, PageTitle, Text, use_lang};

/// Seconds without a touch before the "continue?" countdown appears.
pub const IDLE_SECS: i64 = 90;
/// Seconds the countdown runs before everything is wiped.
pub const COUNTDOWN_SECS: i64 = 20;
/// Seconds the receipt stays on screen before the kiosk clears itself for the next visitor.
pub const RECEIPT_SECS: u64 = 30;
/// Pauses between automatic resends after a network failure (about a minute in all).
const RETRY_DELAYS_SECS: [u64; 5] = [2, 4, 8, 15, 30];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Kind,
    Facility,
    Content,
    Contact,
    Done,
}

impl Step {
    fn number(self) -> u8 {
        match self {
            Step::Kind => 1,
            Step::Facility => 2,
            Step::Content => 3,
            Step::Contact | Step::Done => 4,
        }
    }
}

/// Where a submission stands, in words the visitor can trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Idle,
    /// The first attempt, or a resend after a failure (`attempt` counts from 1).
    InFlight {
        attempt: usize,
    },
    /// Every resend failed: not received; the form is kept.
    GaveUp,
}

fn blank_form(site: Option<String>) -> NewCaseInput {
    NewCaseInput { channel: "kiosk".into(), facility: site, ..Default::default() }
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Every signal that holds something of the visitor, so one reset clears them all.
#[derive(Clone, Copy)]
struct Visit {
    step: RwSignal<Step>,
    form: RwSignal<NewCaseInput>,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    sending: RwSignal<Delivery>,
    created: RwSignal<Option<CreatedCase>>,
    /// The key of the submission being sent, with the body it was made for: a retry of the
    /// same body reuses it, a changed body gets a new one.
    request_key: RwSignal<Option<(String, String)>>,
    /// Bumped by every wipe, so a resend loop of an earlier visitor stops.
    generation: StoredValue<u64>,
    lang: RwSignal<Lang>,
    site: StoredValue<Option<String>>,
}

impl Visit {
    fn pristine(&self) -> bool {
        self.step.get_untracked() == Step::Kind
            && self.form.with_untracked(|f| *f == blank_form(self.site.get_value()))
            && self.lang.get_untracked() == Lang::Ko
    }

    fn wipe(&self) {
        self.generation.update_value(|g| *g += 1);
        self.request_key.set(None);
        self.form.set(blank_form(self.site.get_value()));
        self.errors.set(FieldErrors::default());
        self.banner.set(None);
        self.created.set(None);
        self.sending.set(Delivery::Idle);
        self.lang.set(Lang::Ko);
        self.step.set(Step::Kind);
        #[cfg(feature = "hydrate")]
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).and_then(|e| {
            use wasm_bindgen::JsCast;
            e.dyn_into::<web_sys::HtmlElement>().ok()
        }) {
            let _ = el.blur();
        }
    }
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let lang = use_lang();
    // `?site=` names the facility the tablet stands in; it is preselected, not forced.
    let site = site_param();
    let v = Visit {
        step: RwSignal::new(Step::Kind),
        form: RwSignal::new(blank_form(site.clone())),
        errors: RwSignal::new(FieldErrors::default()),
        banner: RwSignal::new(None),
        sending: RwSignal::new(Delivery::Idle),
        created: RwSignal::new(None),
        request_key: RwSignal::new(None),
        generation: StoredValue::new(0),
        lang,
        site: StoredValue::new(site),
    };
    let facilities = LocalResource::new(|| async { browser().facilities().await });
    let device = RwSignal::new(None::<KioskDeviceView>);
    // Browser only: a registered tablet takes its facility from its key, not the address bar.
    // `#key=…` (the link an administrator opens on it once) registers it; a fragment never
    // reaches the server's or a proxy's log, and it is dropped from the address at once.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let location = web_sys::window().map(|w| w.location());
            let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
            if let Some(key) = hash.strip_prefix("#key=") {
                if let Some(l) = &location {
                    let _ = l.set_hash("");
                }
                let input = KioskDeviceInput { key: key.to_owned() };
                if let Err(e) = browser().register_kiosk_device(&input).await {
                    v.banner.set(Some(e.message_in(lang.get_untracked())));
                }
            }
            match browser().kiosk_device().await {
                Ok(d) => {
                    let pristine = v.pristine();
                    v.site.set_value(Some(d.facility.clone()));
                    if pristine {
                        v.form.update(|f| f.facility = Some(d.facility.clone()));
                    }
                    device.set(Some(d));
                }
                Err(e) if e.code() == Some("kiosk_key_revoked") => {
                    v.banner.set(Some(e.message_in(lang.get_untracked())));
                }
                Err(_) => {}
            }
        });
    });
    let idle_left = RwSignal::new(None::<i64>);
    let last_touch = StoredValue::new(now_ms());

    // Browser only: watch for touches and count idle time.
    Effect::new(move |_| {
        let touched = move || {
            last_touch.set_value(now_ms());
            idle_left.set(None);
        };
        let listeners = [
            window_event_listener(leptos::ev::pointerdown, move |_| touched()),
            window_event_listener(leptos::ev::keydown, move |_| touched()),
            window_event_listener(leptos::ev::input, move |_| touched()),
        ];
        let tick = set_interval_with_handle(
            move || {
                if v.pristine() || matches!(v.sending.get_untracked(), Delivery::InFlight { .. }) {
                    last_touch.set_value(now_ms());
                    idle_left.set(None);
                    return;
                }
                let idle = (now_ms() - last_touch.get_value()) / 1000;
                if idle >= IDLE_SECS + COUNTDOWN_SECS {
                    idle_left.set(None);
                    v.wipe();
                } else if idle >= IDLE_SECS {
                    idle_left.set(Some(IDLE_SECS + COUNTDOWN_SECS - idle));
                }
            },
            Duration::from_millis(500),
        );
        on_cleanup(move || {
            for l in listeners {
                l.remove();
            }
            if let Ok(t) = tick {
                t.clear();
            }
        });
    });

    let submit = move || {
        if matches!(v.sending.get_untracked(), Delivery::InFlight { .. }) {
            return;
        }
        let mut input = v.form.get_untracked();
        input.lang = Some(lang.get_untracked().as_str().into());
        if let Err(errs) = input.validate(Utc::now()) {
            let back_to_content = errs.get("content").is_some();
            v.errors.set(errs);
            if back_to_content {
                v.step.set(Step::Content);
            }
            return;
        }
        v.errors.set(FieldErrors::default());
        v.banner.set(None);
        let key = request_key_for(v.request_key, &input);
        let generation = v.generation.get_value();
        v.sending.set(Delivery::InFlight { attempt: 1 });
        leptos::task::spawn_local(async move {
            let mut delays = RETRY_DELAYS_SECS.iter();
            let mut attempt = 1;
            let outcome = loop {
                let result = browser().with_idempotency_key(key.clone()).file_case(&input).await;
                if v.generation.try_get_value() != Some(generation) {
                    return;
                }
                match (result, delays.next()) {
                    (Err(e), Some(delay)) if e.is_network() => {
                        attempt += 1;
                        v.sending.set(Delivery::InFlight { attempt });
                        gloo_timers::future::sleep(Duration::from_secs(*delay)).await;
                        if v.generation.try_get_value() != Some(generation) {
                            return;
                        }
                    }
                    (result, _) => break result,
                }
            };
            match outcome {
                Ok(c) => {
                    v.sending.set(Delivery::Idle);
                    v.created.set(Some(c));
                    v.step.set(Step::Done);
                }
                Err(e) if e.is_network() => v.sending.set(Delivery::GaveUp),
                Err(e) => {
                    v.sending.set(Delivery::Idle);
                    refused(v, &e);
                }
            }
        });
    };

    let screen = move || match v.step.get() {
        Step::Kind => EitherOf5::A(view! { <KindScreen v /> }),
        Step::Facility => EitherOf5::B(view! { <FacilityScreen v facilities /> }),
        Step::Content => EitherOf5::C(view! { <ContentScreen v /> }),
        Step::Contact => EitherOf5::D(view! { <ContactScreen v submit /> }),
        Step::Done => EitherOf5::E(view! { <DoneScreen v /> }),
    };

    view! {
        <PageTitle text=text!("title.kiosk") />
        <main class="kiosk" lang=move || lang.get().as_str()>
            <div class="kiosk-top">
                <span class="brand">{tr(text!("brand"))}</span>
                <Show when=move || v.step.get() != Step::Done>
                    <span class="stepper" aria-label=tr(text!("kiosk.steps"))>
                        {move || format!("{} / 4", v.step.get().number())}
                    </span>
                </Show>
                <LangToggle />
            </div>
            <Banner message=v.banner />
            <DeliveryStatus sending=v.sending />
            <section class="screen">{screen}</section>
            <IdleCountdown idle_left on_continue=move || last_touch.set_value(now_ms()) on_erase=move || v.wipe() />
            <p class="kiosk-device" id="kiosk-device">
                {move || device.get().map(|d| d.label)}
            </p>
        </main>
    }
}

/// The `site` of the page's query string. The kiosk has no router (its bundle stays small), so
/// the server reads the request and the browser its location — the same URL, the same value.
fn site_param() -> Option<String> {
    #[cfg(feature = "ssr")]
    let query = use_context::<http::request::Parts>().and_then(|p| p.uri.query().map(str::to_owned));
    #[cfg(not(feature = "ssr"))]
    let query = web_sys::window().and_then(|w| w.location().search().ok());
    site_from_query(&query.unwrap_or_default())
}

/// `site=railbike` out of `?a=b&site=railbike`; only a plausible facility code counts.
fn site_from_query(query: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("site="))
        .filter(|code| {
            !code.is_empty()
                && code.len() <= 64
                && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        .map(str::to_owned)
}

/// A refusal from the server: back to the screen of the first refused field.
fn refused(v: Visit, e: &CallError) {
    let fields = e.fields();
    if fields.get("kind").is_some() {
        v.step.set(Step::Kind);
    } else if fields.get("facility").is_some() {
        v.step.set(Step::Facility);
    } else if fields.get("content").is_some() {
        v.step.set(Step::Content);
    }
    v.errors.set(fields);
    v.banner.set(Some(e.message_in(v.lang.get_untracked())));
}

#[component]
fn DeliveryStatus(sending: RwSignal<Delivery>) -> impl IntoView {
    let lang = use_lang();
    move || match sending.get() {
        Delivery::InFlight { attempt } if attempt > 1 => Some(Either::Left(view! {
            <div class="banner warn" id="send-status" role="status">
                <p>{lang.get().t(text!("kiosk.retrying"))}</p>
                <p class="attempt">{format!("{}{attempt})", lang.get().t(text!("kiosk.retry_attempt")))}</p>
            </div>
        })),
        Delivery::GaveUp => Some(Either::Right(view! {
            <div class="banner error" id="send-status" role="alert">
                {lang.get().t(text!("kiosk.gave_up"))}
            </div>
        })),
        _ => None,
    }
}

#[component]
fn IdleCountdown(
    idle_left: RwSignal<Option<i64>>,
    on_continue: impl Fn() + Copy + Send + Sync + 'static,
    on_erase: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // The dialog takes the focus when it appears, so a keyboard or screen reader lands on
    // "continue" rather than behind the overlay.
    let continue_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if idle_left.get().is_some()
            && let Some(button) = continue_button.get()
        {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || idle_left.get().is_some()>
            <div
                class="idle-overlay"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="idle-title"
                aria-describedby="idle-body"
            >
                <div class="idle-box">
                    <h2 id="idle-title">{tr(text!("idle.title"))}</h2>
                    <p id="idle-body">
                        {tr(text!("idle.body"))} " "
                        <strong id="idle-seconds">{move || idle_left.get().unwrap_or_default()}</strong>
                    </p>
                    <div class="actions">
                        <button
                            class="button secondary"
                            id="idle-erase"
                            on:click=move |_| {
                                idle_left.set(None);
                                on_erase();
                            }
                        >
                            {tr(text!("idle.erase"))}
                        </button>
                        <button
                            class="button primary"
                            id="idle-continue"
                            node_ref=continue_button
                            on:click=move |_| {
                                idle_left.set(None);
                                on_continue();
                            }
                        >
                            {tr(text!("idle.continue"))}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// The line under a kind's tile saying what it is for. An appeal is filed from the tracking
/// page, never at the kiosk, and has none.
fn kind_hint(kind: VocKind) -> Option<Text> {
    Some(match kind {
        VocKind::Inquiry => text!("kind_hint.inquiry"),
        VocKind::Complaint => text!("kind_hint.complaint"),
        VocKind::Praise => text!("kind_hint.praise"),
        VocKind::Suggestion => text!("kind_hint.suggestion"),
        VocKind::LostItem => text!("kind_hint.lost_item"),
        VocKind::Urgent => text!("kind_hint.urgent"),
        VocKind::Grievance => text!("kind_hint.grievance"),
        VocKind::Appeal => return None,
    })
}

#[component]
fn KindScreen(v: Visit) -> impl IntoView {
    let lang = v.lang;
    let tiles = VocKind::FILED
        .into_iter()
        .map(|k| {
            view! {
                <button
                    class="tile"
                    class:urgent=k.is_urgent()
                    data-kind=k.as_str()
                    on:click=move |_| {
                        v.form.update(|f| f.kind = k.as_str().into());
                        v.step.set(Step::Facility);
                    }
                >
                    <span class="tile-title">{move || lang.get().pick(k.ko(), k.en()).to_owned()}</span>
                    <span class="tile-hint">{kind_hint(k).map(tr)}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <h1>{tr(text!("kiosk.kind.title"))}</h1>
        <div class="tiles">{tiles}</div>
    }
}

#[component]
fn FacilityScreen(v: Visit, facilities: LocalResource<Result<Vec<FacilityView>, CallError>>) -> impl IntoView {
    let lang = v.lang;
    let choose = move |code: Option<String>| {
        v.form.update(|f| f.facility = code);
        v.step.set(Step::Content);
    };
    let chosen = move |code: &str| v.form.with(|f| f.facility.as_deref() == Some(code));
    view! {
        <h1>{tr(text!("kiosk.facility.title"))}</h1>
        {move || {
            match facilities.get() {
                None => EitherOf3::A(view! { <p class="loading">{lang.get().t(text!("kiosk.facility.loading"))}</p> }),
                Some(r) => {
                    match r {
                        Ok(list) => {
                            EitherOf3::B(
                                view! {
                                    <div class="tiles facilities">
                                        {list
                                            .into_iter()
                                            .map(|f| {
                                                let code = f.code.clone();
                                                let here = f.code.clone();
                                                view! {
                                                    <button
                                                        class="tile small"
                                                        class:chosen=move || chosen(&here)
                                                        data-facility=f.code.clone()
                                                        on:click=move |_| choose(Some(code.clone()))
                                                    >
                                                        <span class="tile-title">
                                                            {move || lang.get().pick(&f.name_ko, &f.name_en).to_owned()}
                                                        </span>
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                        <button
                                            class="tile small plain"
                                            data-facility=""
                                            on:click=move |_| choose(None)
                                        >
                                            <span class="tile-title">{tr(text!("kiosk.facility.none"))}</span>
                                        </button>
                                    </div>
                                },
                            )
                        }
                        Err(e) => {
                            EitherOf3::C(view! { <p class="banner error">{e.message_in(lang.get_untracked())}</p> })
                        }
                    }
                }
            }
        }}
        <FieldMsg errors=v.errors field="facility" />
        <div class="actions">
            <button class="button secondary" on:click=move |_| v.step.set(Step::Kind)>
                {tr(text!("action.back"))}
            </button>
        </div>
    }
}

#[component]
fn ContentScreen(v: Visit) -> impl IntoView {
    let next = move |_| match Content::parse(&v.form.with_untracked(|f| f.content.clone())) {
        Ok(_) => {
            v.errors.update(|e| {
                e.0.remove("content");
            });
            v.step.set(Step::Contact);
        }
        Err(err) => v.errors.update(|e| {
            e.0.remove("content");
            e.add("content", err);
        }),
    };
    view! {
        <h1>{tr(text!("kiosk.content.title"))}</h1>
        <label class="field" for="content">
            <span>{tr(text!("field.content"))}</span>
            <textarea
                id="content"
                rows="7"
                autocomplete="off"
                aria-describedby="content-error"
                prop:value=move || v.form.with(|f| f.content.clone())
                on:input=move |ev| v.form.update(|f| f.content = event_target_value(&ev))
            ></textarea>
        </label>
        <FieldMsg errors=v.errors field="content" />
        <div class="actions">
            <button class="button secondary" on:click=move |_| v.step.set(Step::Facility)>
                {tr(text!("action.back"))}
            </button>
            <button class="button primary" id="to-contact" on:click=next>
                {tr(text!("action.next"))}
            </button>
        </div>
    }
}

#[component]
fn ContactScreen(v: Visit, submit: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = v.lang;
    let busy = move || matches!(v.sending.get(), Delivery::InFlight { .. });
    view! {
        <h1>{tr(text!("kiosk.contact.title"))}</h1>
        <ContactFields form=v.form errors=v.errors shared_device=true />
        <div class="actions">
            <button class="button secondary" prop:disabled=busy on:click=move |_| v.step.set(Step::Content)>
                {tr(text!("action.back"))}
            </button>
            <button class="button primary" id="submit" prop:disabled=busy on:click=move |_| submit()>
                {move || lang.get().t(if busy() { text!("action.sending") } else { text!("action.submit") })}
            </button>
        </div>
    }
}

#[component]
fn DoneScreen(v: Visit) -> impl IntoView {
    let lang = v.lang;
    // The receipt (its number and QR code, which opens the case) is cleared after
    // RECEIPT_SECS, unless the visitor started over first.
    Effect::new(move |_| {
        let Some(shown) = v.created.get().map(|c| c.receipt_no) else { return };
        let clear = set_timeout_with_handle(
            move || {
                if v.created.get_untracked().is_some_and(|c| c.receipt_no == shown) {
                    v.wipe();
                }
            },
            Duration::from_secs(RECEIPT_SECS),
        );
        on_cleanup(move || {
            if let Ok(t) = clear {
                t.clear();
            }
        });
    });
    move || {
        v.created.get().map(|c| {
            let qr = links::tracking_qr(&c.receipt_no, &c.tracking_token);
            view! {
                <h1>{tr(text!("kiosk.done.title"))}</h1>
                <div class="receipt">
                    <span class="receipt-label">{tr(text!("receipt.number"))}</span>
                    <strong class="receipt-no" id="receipt-no">
                        {c.receipt_no.clone()}
                    </strong>
                    <span class="receipt-due">
                        {tr(text!("receipt.due"))} ": " {super::common::fmt_time(&c.due_at)}
                    </span>
                </div>
                <div class="receipt-qr">
                    <img
                        class="qr"
                        id="tracking-qr"
                        src=qr
                        width="220"
                        height="220"
                        alt=tr(text!("kiosk.done.qr_alt"))
                    />
                    <p>{tr(text!("kiosk.done.follow"))}</p>
                </div>
                // The link itself is never shown as text: anyone behind the visitor could copy
                // it; the QR code is for the visitor's own phone, and it is never followed here.
                <p class="note" id="receipt-clears">
                    {move || lang.get().t_with(text!("kiosk.done.clears"), &[("secs", &RECEIPT_SECS)])}
                </p>
                <div class="actions">
                    <button class="button primary" id="restart" on:click=move |_| v.wipe()>
                        {tr(text!("action.start_over"))}
                    </button>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::site_from_query;

    #[test]
    fn the_site_is_a_plausible_code_from_the_query() {
        assert_eq!(site_from_query("?site=railbike").as_deref(), Some("railbike"));
        assert_eq!(site_from_query("a=1&site=cable-car_2&b=2").as_deref(), Some("cable-car_2"));
        assert_eq!(site_from_query(""), None);
        assert_eq!(site_from_query("?site="), None);
        assert_eq!(site_from_query("?site=<script>"), None);
        assert_eq!(site_from_query("?website=railbike"), None);
        assert_eq!(site_from_query(&format!("?site={}", "a".repeat(65))), None);
    }
}
