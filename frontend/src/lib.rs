#![recursion_limit = "256"]
//! The browser half: hydrates the server-rendered pages of `app`. Built twice: as `voc` for
//! every page but the kiosk, and with the `kiosk` feature as `kiosk` for `/kiosk` alone, so
//! the kiosk's bundle holds none of the staff pages.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(not(feature = "kiosk"))]
    leptos::mount::hydrate_body(app::App);
    #[cfg(feature = "kiosk")]
    leptos::mount::hydrate_body(app::KioskApp);
    // A mark for people and tests alike: from here on the page is interactive.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
