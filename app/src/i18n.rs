//! The complainant's language. Every text a visitor or complainant reads comes from
//! `app/locales/app.yml` through [`Lang::t`] (rust-i18n compiles the file into the binary and
//! the WASM); Korean is the default and English is one tap away ([`LangToggle`]).
//!
//! The language is a signal in the page's context, never a global: the server renders every
//! page in Korean, so SSR and hydration agree, and a kiosk's reset puts it back to Korean.

use leptos::prelude::*;

pub use crate::domain::Lang;

/// The texts of the locale file in a language.
pub trait LocaleText {
    /// The text under `key` in this language.
    fn t(self, key: &str) -> String;

    /// The text under `key` with each `%{name}` replaced by its value.
    fn t_with(self, key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String
    where
        Self: Sized,
    {
        values.iter().fold(self.t(key), |text, (name, value)| text.replace(&format!("%{{{name}}}"), &value.to_string()))
    }
}

impl LocaleText for Lang {
    fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.as_str()).into_owned()
    }
}

/// This page's language signal; the first caller under a route provides it.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| {
        let lang = RwSignal::new(Lang::Ko);
        provide_context(lang);
        lang
    })
}

/// The text under `key` in the page's language, following the switch. Every text on a page
/// written this way is one closure type, so the bundle holds one copy of the code that
/// renders, hydrates and updates a text, not one per text (a `move || lang.get().t(…)` at each
/// place is a type, and a copy, of its own).
pub fn tr(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().t(key)
}

/// The page's `<title>` in the page's language. The server gets a plain text: leptos_meta
/// renders `<head>` after the body, when a page's signals may already be gone. In the
/// browser the title follows the language switch.
#[component]
pub fn PageTitle(key: &'static str) -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        let title = lang.get().t(key);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
    view! { <leptos_meta::Title text=lang.get_untracked().t(key) /> }
}

/// The bar above a complainant's page: the service's name (home) and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <div class="home-top">
            <a class="brand" href="/" rel="external">
                {tr("brand")}
            </a>
            <LangToggle />
        </div>
    }
}

/// The one-tap switch between Korean and English.
#[component]
pub fn LangToggle() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="lang-toggle"
            id="lang-toggle"
            lang=move || lang.get().other().as_str()
            title=tr("lang.switch_label")
            on:click=move |_| lang.update(|l| *l = l.other())
        >
            {tr("lang.switch")}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, LocaleText};

    /// Every key of the locale file has a non-empty Korean and English text, so no
    /// complainant ever meets a key name or the other language by accident.
    #[test]
    fn every_key_is_translated() {
        let file = include_str!("../locales/app.yml");
        let keys: Vec<&str> = file
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '_']) && l.ends_with(':'))
            .map(|l| l.trim_end_matches(':'))
            .collect();
        assert!(keys.len() > 40, "{} keys", keys.len());
        for key in keys {
            for lang in [Lang::Ko, Lang::En] {
                // The backend itself, without the fallback to Korean that `t!` applies.
                let text = crate::_rust_i18n_backend().translate(lang.as_str(), key);
                assert!(text.is_some_and(|t| !t.is_empty()), "{key} has no {} text", lang.as_str());
            }
        }
        assert_ne!(Lang::Ko.t("action.submit"), Lang::En.t("action.submit"));
    }

    #[test]
    fn values_fill_their_places() {
        let text = Lang::En.t_with("procedure.appeal", &[("days", &90), ("period", &"Within 10 working days")]);
        assert!(text.contains("within 90 days"), "{text}");
        assert!(text.contains("Within 10 working days"), "{text}");
        assert!(!text.contains("%{"), "{text}");
    }
}
