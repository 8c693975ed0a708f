//! The complainant's language. Every text a visitor or complainant reads comes from
//! `app/locales/app.yml`, named where it is shown as `text!("key")` (`build.rs` compiles the
//! file into that macro: a key the file lacks does not compile, and each bundle holds only
//! the texts its pages name); Korean is the default and English is one tap away
//! ([`LangToggle`]).
//!
//! The language is a signal in the page's context, never a global: the server renders every
//! page in Korean, so SSR and hydration agree, and a kiosk's reset puts it back to Korean.

use leptos::prelude::*;

pub use crate::domain::Lang;

/// A text of the locale file in both languages: what `text!("key")` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// The Korean.
    pub ko: &'static str,
    /// The English.
    pub en: &'static str,
}

/// The texts of the locale file in a language.
pub trait LocaleText {
    /// `text` in this language.
    fn t(self, text: Text) -> String;

    /// `text` in this language with each `%{name}` replaced by its value.
    fn t_with(self, text: Text, values: &[(&str, &dyn std::fmt::Display)]) -> String
    where
        Self: Sized,
    {
        values
            .iter()
            .fold(self.t(text), |text, (name, value)| text.replace(&format!("%{{{name}}}"), &value.to_string()))
    }
}

impl LocaleText for Lang {
    fn t(self, text: Text) -> String {
        self.pick(text.ko, text.en).to_owned()
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

/// `text` in the page's language, following the switch. Every text on a page written this
/// way is one closure type, so the bundle holds one copy of the code that renders, hydrates
/// and updates a text, not one per text (a `move || lang.get().t(…)` at each place is a
/// type, and a copy, of its own).
pub fn tr(text: Text) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().t(text)
}

/// The page's `<title>` in the page's language. The server gets a plain text: leptos_meta
/// renders `<head>` after the body, when a page's signals may already be gone. In the
/// browser the title follows the language switch.
#[component]
pub fn PageTitle(text: Text) -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        let title = lang.get().t(text);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
    view! { <leptos_meta::Title text=lang.get_untracked().t(text) /> }
}

/// The bar above a complainant's page: the service's name (home) and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <div class="home-top">
            <a class="brand" href="/" rel="external">
                {tr(text!("brand"))}
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
            title=tr(text!("lang.switch_label"))
            on:click=move |_| lang.update(|l| *l = l.other())
        >
            {tr(text!("lang.switch"))}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, LocaleText};

    #[test]
    fn a_text_is_read_in_either_language() {
        let submit = text!("action.submit");
        assert_eq!(Lang::Ko.t(submit), submit.ko);
        assert_eq!(Lang::En.t(submit), submit.en);
        assert_ne!(submit.ko, submit.en);
    }

    #[test]
    fn values_fill_their_places() {
        let text = Lang::En.t_with(text!("procedure.appeal"), &[("days", &90), ("period", &"Within 10 working days")]);
        assert!(text.contains("within 90 days"), "{text}");
        assert!(text.contains("Within 10 working days"), "{text}");
        assert!(!text.contains("%{"), "{text}");
    }
}
