#![recursion_limit = "256"]
//! 고객의 소리 (VOC): the shared half of the app — domain types, API bodies and every page.
//! It compiles into the axum server (feature `ssr`) and into the browser's WASM
//! (feature `hydrate`).

pub mod api;
/// The complaint domain, a crate of its own (no Leptos in its tree), re-exported here.
pub use domain;
pub mod i18n;
pub mod pages;

rust_i18n::i18n!("locales", fallback = "ko");

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around every page but the kiosk, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    document(options, view! { <App /> })
}

/// The kiosk's document: the same markup, hydrated by the `kiosk` bundle, which holds only the
/// kiosk's code (a walk-up tablet loads a fraction of the staff app; see `docs/benchmarks.md`).
pub fn kiosk_shell(mut options: LeptosOptions) -> impl IntoView {
    options.output_name = KIOSK_BUNDLE.into();
    document(options, view! { <KioskApp /> })
}

/// The output name of the kiosk's WASM bundle (`pkg/kiosk.js`, `pkg/kiosk_bg.wasm`).
pub const KIOSK_BUNDLE: &str = "kiosk";

fn document(options: LeptosOptions, body: impl IntoView + 'static) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="ko">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>{body}</body>
        </html>
    }
}

/// The page's Content-Security-Policy, with a nonce made for this response alone: only the
/// hydration script this server wrote runs (plus the WASM it loads); no inline script an
/// attacker might slip into the page, no framing, no plugins, no `<base>` tricks.
pub fn content_security_policy_for(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Makes this response's nonce (every script tag Leptos writes carries it) and puts the
/// matching policy on the response.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&content_security_policy_for(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The kiosk alone, at `/kiosk`: what the `kiosk` bundle hydrates. No router: one page needs
/// none, and leaving it out keeps the bundle small.
#[component]
pub fn KioskApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="voc" href="/pkg/voc.css" />
        <pages::KioskPage />
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="voc" href="/pkg/voc.css" />
        <Title text="고객의 소리 (VOC)" />
        <Router>
            <Routes fallback=|| view! { <pages::NotFound /> }>
                <Route path=path!("/") view=pages::HomePage />
                <Route path=path!("/track/:receipt_no") view=pages::TrackPage />
                <Route path=path!("/survey/:token") view=pages::SurveyPage />
                <Route path=path!("/login") view=pages::LoginPage />
                <Route path=path!("/account") view=pages::AccountPage />
                <Route path=path!("/admin/audit") view=pages::AuditLogPage />
                <Route path=path!("/admin/kiosks") view=pages::AdminKiosksPage />
                <Route path=path!("/privacy") view=pages::PrivacyPage />
                <Route path=path!("/queue") view=pages::QueuePage />
                <Route path=path!("/cases/new") view=pages::RegisterPage />
                <Route path=path!("/cases/:id") view=pages::CasePage />
                <Route path=path!("/admin/calendar") view=pages::AdminCalendarPage />
                <Route path=path!("/admin/notices") view=pages::AdminNoticesPage />
                <Route path=path!("/admin/users") view=pages::AdminUsersPage />
                <Route path=path!("/admin/departments") view=pages::AdminOrgPage />
                <Route path=path!("/reports") view=pages::ReportsPage />
                <Route path=path!("/materials") view=pages::MaterialsPage />
                <Route path=path!("/improvements") view=pages::ImprovementsPage />
            </Routes>
        </Router>
    }
}
