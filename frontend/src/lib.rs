#![recursion_limit = "256"]
//! The browser half: hydrates the server-rendered pages of `app`. Built once per bundle: as
//! `voc` for the staff pages, and once for each public page with that page's feature —
//! `kiosk` (`/kiosk`), `home` (`/`), `track` (`/track/…`), `survey` (`/survey/…`) and `public`
//! (`/statistics`, `/procedure`) — so that a page a visitor opens holds only its own code
//! (`app::PublicPage`). The features are exclusive: build with one at most.
//!
//! Nothing a person does before the WASM arrives is lost: what they typed, ticked, chose or
//! attached is read from the page before hydration and put back after it (through the same
//! input and change events the page listens to), and a form they sent meanwhile — held by
//! the shell's small guard script (`app::EARLY_SUBMIT_GUARD`) — is sent once the page is ready.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{Document, Event, EventInit, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

#[cfg(any(
    all(feature = "kiosk", any(feature = "home", feature = "track", feature = "survey", feature = "public")),
    all(feature = "home", any(feature = "track", feature = "survey", feature = "public")),
    all(feature = "track", any(feature = "survey", feature = "public")),
    all(feature = "survey", feature = "public"),
))]
compile_error!("the bundle features are exclusive: build with one at most");

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let kept = snapshot(&document);
    #[cfg(not(any(feature = "kiosk", feature = "home", feature = "track", feature = "survey", feature = "public")))]
    leptos::mount::hydrate_body(app::App);
    #[cfg(feature = "kiosk")]
    leptos::mount::hydrate_body(app::KioskApp);
    #[cfg(feature = "home")]
    leptos::mount::hydrate_body(app::HomeApp);
    #[cfg(feature = "track")]
    leptos::mount::hydrate_body(app::TrackApp);
    #[cfg(feature = "survey")]
    leptos::mount::hydrate_body(app::SurveyApp);
    #[cfg(feature = "public")]
    leptos::mount::hydrate_body(app::PublicApp);
    // After the first render effects have run (they set every field from its signal).
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        restore(&document, &kept);
        ready(&document);
    });
}

/// What a person changed in one field before hydration.
enum Kept {
    Value(String, String),
    Checked(String, bool),
    Choice(String, String),
    Files(String),
}

/// Every field with an id whose state differs from what the server rendered.
fn snapshot(document: &Document) -> Vec<Kept> {
    let mut kept = Vec::new();
    let Ok(fields) = document.query_selector_all("input[id], textarea[id], select[id]") else { return kept };
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            let id = input.id();
            match input.type_().as_str() {
                "checkbox" | "radio" if input.checked() != input.default_checked() => {
                    kept.push(Kept::Checked(id, input.checked()));
                }
                "file" if input.files().is_some_and(|f| f.length() > 0) => kept.push(Kept::Files(id)),
                "checkbox" | "radio" | "file" | "hidden" | "submit" | "button" | "reset" => {}
                _ if input.value() != input.default_value() => kept.push(Kept::Value(id, input.value())),
                _ => {}
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            if area.default_value().is_ok_and(|d| d != area.value()) {
                kept.push(Kept::Value(area.id(), area.value()));
            }
        } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
            let options = select.options();
            let default = (0..options.length())
                .filter_map(|i| options.item(i))
                .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .find(|o| o.default_selected())
                .map(|o| o.value());
            let changed = match default {
                Some(d) => d != select.value(),
                None => select.selected_index() > 0,
            };
            if changed {
                kept.push(Kept::Choice(select.id(), select.value()));
            }
        }
    }
    kept
}

/// Puts each kept change back where hydration undid it, and tells the page through the event
/// its handler listens to.
fn restore(document: &Document, kept: &[Kept]) {
    for k in kept {
        let id = match k {
            Kept::Value(id, _) | Kept::Checked(id, _) | Kept::Choice(id, _) | Kept::Files(id) => id,
        };
        let Some(el) = document.get_element_by_id(id) else { continue };
        match k {
            Kept::Value(_, v) => {
                if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                    input.set_value(v);
                } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                    area.set_value(v);
                }
                fire(&el, "input");
            }
            Kept::Checked(_, on) => {
                if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                    input.set_checked(*on);
                }
                fire(&el, "change");
            }
            Kept::Choice(_, v) => {
                if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                    select.set_value(v);
                }
                fire(&el, "change");
            }
            // The chosen files are still on the element: the page only has to hear of them.
            Kept::Files(_) => fire(&el, "change"),
        }
    }
}

fn fire(el: &web_sys::Element, name: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = Event::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// Marks the page interactive (for people and tests alike), lets forms through the guard, and
/// sends the one a person sent before.
fn ready(document: &Document) {
    let Some(window) = web_sys::window() else { return };
    let _ = js_sys::Reflect::set(&window, &"vocHydrated".into(), &true.into());
    if let Some(body) = document.body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    let pending = js_sys::Reflect::get(&window, &"vocPending".into()).ok();
    let _ = js_sys::Reflect::delete_property(&window, &"vocPending".into());
    if let Some(form) = pending.and_then(|p| p.dyn_into::<HtmlFormElement>().ok())
        && form.is_connected()
    {
        let _ = form.request_submit();
    }
}
