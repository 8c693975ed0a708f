#![recursion_limit = "256"]
//! 고객의 소리 (VOC): the shared half of the app — domain types, API bodies and every page.
//! It compiles into the axum server (feature `ssr`) and into the browser's WASM
//! (feature `hydrate`).

// `text!("key")`, compiled from `locales/app.yml` (`build.rs`); defined before the modules
// that name texts.
include!(concat!(env!("OUT_DIR"), "/texts.rs"));

pub mod api;
pub mod client;
/// The complaint domain, a crate of its own (no Leptos in its tree), re-exported here.
pub use domain;
pub mod i18n;
pub mod pages;
pub mod queue;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around every page but the kiosk, rendered on the server.
pub fn shell(mut options: LeptosOptions, assets: &SiteAssets) -> impl IntoView + use<> {
    options.output_name = assets.voc.clone().into();
    document(options, format!("/pkg/{}", assets.css), view! { <App /> })
}

/// A page a visitor opens without signing in. Each has a shell of its own and a bundle that
/// hydrates it and nothing else, so that a phone or the kiosk loads only its page's code
/// (budgets and figures in `docs/benchmarks.md`). A link from one of them to another page is a
/// full page load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicPage {
    /// `/kiosk`, the walk-up tablet's form.
    Kiosk,
    /// `/`, the homepage with its filing form.
    Home,
    /// `/track/…`, a complainant following a case.
    Track,
    /// `/survey/…`, the satisfaction survey.
    Survey,
    /// `/statistics` and `/procedure`, the published figures and the handling procedure,
    /// together in the `public` bundle under a router.
    Info,
}

impl PublicPage {
    /// Every public page.
    pub const ALL: [Self; 5] = [Self::Kiosk, Self::Home, Self::Track, Self::Survey, Self::Info];

    /// The server's routes to the page.
    pub fn paths(self) -> &'static [&'static str] {
        match self {
            Self::Kiosk => &["/kiosk"],
            Self::Home => &["/"],
            Self::Track => &["/track/{receipt_no}"],
            Self::Survey => &["/survey/{token}"],
            Self::Info => &["/statistics", "/procedure"],
        }
    }

    /// Whether the server route `path` leads to a public page (and so not to the staff shell).
    pub fn is_public_path(path: &str) -> bool {
        Self::ALL.iter().any(|page| page.paths().contains(&path))
    }

    /// The file name (without extension) of the bundle that hydrates the page.
    fn bundle(self, assets: &SiteAssets) -> &str {
        match self {
            Self::Kiosk => &assets.kiosk,
            Self::Home => &assets.home,
            Self::Track => &assets.track,
            Self::Survey => &assets.survey,
            Self::Info => &assets.public,
        }
    }
}

/// The document of a public page, hydrated by the page's own bundle.
pub fn public_shell(mut options: LeptosOptions, assets: &SiteAssets, page: PublicPage) -> impl IntoView + use<> {
    options.output_name = page.bundle(assets).to_owned().into();
    let body = match page {
        PublicPage::Kiosk => view! { <KioskApp /> }.into_any(),
        PublicPage::Home => view! { <HomeApp /> }.into_any(),
        PublicPage::Track => view! { <TrackApp /> }.into_any(),
        PublicPage::Survey => view! { <SurveyApp /> }.into_any(),
        PublicPage::Info => view! { <PublicApp /> }.into_any(),
    };
    document(options, format!("/pkg/{}", assets.css), body)
}

/// Holds a form sent before the page is interactive (the WASM still loading) instead of
/// letting the browser send it as a plain request, which would reload the page and lose what
/// was typed; the hydrated page sends it (`frontend`, `ready`).
pub const EARLY_SUBMIT_GUARD: &str = "addEventListener('submit',function(e){if(!window.vocHydrated){\
e.preventDefault();window.vocPending=e.target;}},true);";

/// The file names of one site build: each carries a hash of its content
/// (`pkg/voc-<hash>.js`, `pkg/voc-<hash>_bg.wasm`, `pkg/voc-<hash>.css`), so browsers may keep
/// them for a year. `scripts/build-site` lists them in `pkg/assets.txt`, one `key name` per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAssets {
    /// The bundle of every page but the kiosk (`<name>.js`, `<name>_bg.wasm`).
    pub voc: String,
    /// The kiosk's bundle.
    pub kiosk: String,
    /// The homepage's bundle.
    pub home: String,
    /// The tracking page's bundle.
    pub track: String,
    /// The survey's bundle.
    pub survey: String,
    /// The bundle of the published statistics and the procedure page.
    pub public: String,
    /// The stylesheet's file name.
    pub css: String,
}

impl Default for SiteAssets {
    /// The names of a build without `assets.txt` (an older build script): unhashed.
    fn default() -> Self {
        Self {
            voc: "voc".into(),
            kiosk: "kiosk".into(),
            home: "home".into(),
            track: "track".into(),
            survey: "survey".into(),
            public: "public".into(),
            css: "voc.css".into(),
        }
    }
}

impl SiteAssets {
    /// Reads `assets.txt`; a key it lacks keeps its unhashed name. Only plain file names are
    /// taken (letters, digits, `.`, `_`, `-`), so the list cannot point outside `pkg/`.
    pub fn parse(text: &str) -> Self {
        let mut assets = Self::default();
        for (key, name) in text.lines().filter_map(|l| l.trim().split_once(' ')) {
            let name = name.trim();
            let plain = !name.is_empty()
                && !name.starts_with('.')
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
            let slot = match key {
                "voc" => &mut assets.voc,
                "kiosk" => &mut assets.kiosk,
                "home" => &mut assets.home,
                "track" => &mut assets.track,
                "survey" => &mut assets.survey,
                "public" => &mut assets.public,
                "css" => &mut assets.css,
                _ => continue,
            };
            if plain {
                *slot = name.to_owned();
            }
        }
        assets
    }
}

fn document(options: LeptosOptions, css: String, body: impl IntoView + 'static) -> impl IntoView {
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
                <link rel="stylesheet" href=css />
                <script nonce=leptos::nonce::use_nonce() inner_html=EARLY_SUBMIT_GUARD></script>
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
    view! { <pages::KioskPage /> }
}

/// The homepage alone, at `/`: what the `home` bundle hydrates. No router, as on every
/// single-page bundle: a router keeps a type-erased copy of each route's page, which costs
/// the bundle a second, never-run hydration path for the whole page.
#[component]
pub fn HomeApp() -> impl IntoView {
    provide_meta_context();
    view! { <pages::HomePage /> }
}

/// A case's tracking page alone, at `/track/…`: what the `track` bundle hydrates.
#[component]
pub fn TrackApp() -> impl IntoView {
    provide_meta_context();
    view! { <pages::TrackPage /> }
}

/// The survey alone, at `/survey/…`: what the `survey` bundle hydrates.
#[component]
pub fn SurveyApp() -> impl IntoView {
    provide_meta_context();
    view! { <pages::SurveyPage /> }
}

/// The published statistics and the procedure page: what the `public` bundle hydrates. A
/// link from them to any other page (`/login`, `/`) is a full page load (`rel="external"`).
#[component]
pub fn PublicApp() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="고객의 소리 (VOC)" />
        <Router>
            <Routes fallback=|| view! { <pages::NotFound /> }>
                <Route path=path!("/statistics") view=pages::StatisticsPage />
                <Route path=path!("/procedure") view=pages::ProcedurePage />
            </Routes>
        </Router>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="고객의 소리 (VOC)" />
        <Router>
            <Routes fallback=|| view! { <pages::NotFound /> }>
                <Route path=path!("/") view=pages::HomePage />
                <Route path=path!("/track/:receipt_no") view=pages::TrackPage />
                <Route path=path!("/survey/:token") view=pages::SurveyPage />
                <Route path=path!("/statistics") view=pages::StatisticsPage />
                <Route path=path!("/procedure") view=pages::ProcedurePage />
                <Route path=path!("/login") view=pages::LoginPage />
                <Route path=path!("/account") view=pages::AccountPage />
                <Route path=path!("/admin/audit") view=pages::AuditLogPage />
                <Route path=path!("/admin/kiosks") view=pages::AdminKiosksPage />
                <Route path=path!("/privacy") view=pages::PrivacyPage />
                <Route path=path!("/queue") view=pages::QueuePage />
                <Route path=path!("/cases") view=pages::CaseSearchPage />
                <Route path=path!("/cases/new") view=pages::RegisterPage />
                <Route path=path!("/cases/:id") view=pages::CasePage />
                <Route path=path!("/admin/calendar") view=pages::AdminCalendarPage />
                <Route path=path!("/admin/notices") view=pages::AdminNoticesPage />
                <Route path=path!("/admin/answer-templates") view=pages::AnswerTemplatesPage />
                <Route path=path!("/admin/users") view=pages::AdminUsersPage />
                <Route path=path!("/admin/departments") view=pages::AdminOrgPage />
                <Route path=path!("/reports") view=pages::ReportsPage />
                <Route path=path!("/materials") view=pages::MaterialsPage />
                <Route path=path!("/improvements") view=pages::ImprovementsPage />
                <Route path=path!("/survey-follow-ups") view=pages::SurveyFollowUpsPage />
                <Route path=path!("/training") view=pages::TrainingPage />
                <Route path=path!("/evaluations") view=pages::EvaluationsPage />
                <Route path=path!("/reduction-plans") view=pages::ReductionPlansPage />
                <Route path=path!("/good-practices") view=pages::GoodPracticesPage />
                <Route path=path!("/awards") view=pages::AwardsPage />
                <Route path=path!("/ccm-activities") view=pages::ActivitiesPage />
                <Route path=path!("/panel-members") view=pages::PanelPage />
                <Route path=path!("/evaluations/:id") view=pages::EvaluationPage />
                <Route path=path!("/kpi") view=pages::KpiPage />
            </Routes>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::SiteAssets;

    #[test]
    fn the_asset_list_names_hashed_files_and_nothing_outside_pkg() {
        let a = SiteAssets::parse(
            "voc voc-0123456789abcdef\nkiosk kiosk-fedcba9876543210\nhome home-1111111111111111\n\
             track track-2222222222222222\nsurvey survey-3333333333333333\npublic public-0011223344556677\n\
             css voc-00aa11bb22cc33dd.css\nother x\n",
        );
        assert_eq!(
            a,
            SiteAssets {
                voc: "voc-0123456789abcdef".into(),
                kiosk: "kiosk-fedcba9876543210".into(),
                home: "home-1111111111111111".into(),
                track: "track-2222222222222222".into(),
                survey: "survey-3333333333333333".into(),
                public: "public-0011223344556677".into(),
                css: "voc-00aa11bb22cc33dd.css".into()
            }
        );
        let hostile = SiteAssets::parse("voc ../../etc/passwd\ncss https://evil.example/x.css\nkiosk .hidden\n");
        assert_eq!(hostile, SiteAssets::default());
        assert_eq!(SiteAssets::parse(""), SiteAssets::default());
    }
}
