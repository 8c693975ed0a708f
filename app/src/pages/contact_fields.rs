//! The complainant's contact fields, privacy notice and the three separate consents, shared
//! by the kiosk and the homepage so both ask the same way.

use leptos::prelude::*;

use super::common::FieldMsg;
use crate::domain::{FieldErrors, Lang, NewCaseInput, ReplyMeans};
use crate::i18n::Text;
use crate::i18n::tr;
use crate::i18n::use_lang;

#[derive(Debug, Clone, Copy)]
enum Contact {
    Name,
    Phone,
    Email,
    Address,
}

impl Contact {
    fn id(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Address => "address",
        }
    }
    fn get(self, f: &NewCaseInput) -> String {
        match self {
            Self::Name => &f.name,
            Self::Phone => &f.phone,
            Self::Email => &f.email,
            Self::Address => &f.address,
        }
        .clone()
        .unwrap_or_default()
    }
    fn set(self, f: &mut NewCaseInput, v: String) {
        let slot = match self {
            Self::Name => &mut f.name,
            Self::Phone => &mut f.phone,
            Self::Email => &mut f.email,
            Self::Address => &mut f.address,
        };
        *slot = Some(v);
    }
}

#[derive(Debug, Clone, Copy)]
enum ConsentTo {
    Sms,
    Email,
    Publish,
}

impl ConsentTo {
    fn get(self, f: &NewCaseInput) -> bool {
        match self {
            Self::Sms => f.consent.sms,
            Self::Email => f.consent.email,
            Self::Publish => f.consent.publish,
        }
    }
    fn set(self, f: &mut NewCaseInput, on: bool) {
        let slot = match self {
            Self::Sms => &mut f.consent.sms,
            Self::Email => &mut f.consent.email,
            Self::Publish => &mut f.consent.publish,
        };
        *slot = on;
    }
}

/// Name, phone, e-mail and postal address, the privacy notice, the way to be answered, and the
/// SMS, e-mail and publishing consents.
/// `shared_device`: a kiosk, where the browser must not remember or offer what was typed.
#[component]
pub fn ContactFields(
    form: RwSignal<NewCaseInput>,
    errors: RwSignal<FieldErrors>,
    shared_device: bool,
) -> impl IntoView {
    let input = move |which: Contact, label: Text, kind: &'static str, own_device: &'static str| {
        let id = which.id();
        view! {
            <label class="field" for=id>
                <span>{tr(label)}</span>
                <input
                    id=id
                    type=kind
                    autocomplete=if shared_device { "off" } else { own_device }
                    aria-describedby=format!("{id}-error")
                    prop:value=move || form.with(|f| which.get(f))
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| which.set(f, v));
                    }
                />
            </label>
            <FieldMsg errors field=id />
        }
    };
    let consent = move |which: ConsentTo, id: &'static str, label: Text| {
        view! {
            <label class="check" for=id>
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || form.with(|f| which.get(f))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.update(|f| which.set(f, on));
                    }
                />
                <span>{tr(label)}</span>
            </label>
        }
    };
    view! {
        <p class="privacy" id="privacy-notice">
            {tr(text!("privacy.notice"))}
        </p>
        {input(Contact::Name, text!("field.name"), "text", "name")}
        {input(Contact::Phone, text!("field.phone"), "tel", "tel")}
        {input(Contact::Email, text!("field.email"), "email", "email")}
        {input(Contact::Address, text!("field.address"), "text", "street-address")}
        <ReplyBy form errors id_prefix="" />
        <fieldset class="consents">
            <legend>{tr(text!("consent.legend"))}</legend>
            {consent(ConsentTo::Sms, "consent-sms", text!("consent.sms"))}
            {consent(ConsentTo::Email, "consent-email", text!("consent.email"))}
            {consent(ConsentTo::Publish, "consent-publish", text!("consent.publish"))}
        </fieldset>
    }
}

/// How the complainant wants to be answered (회신 방법): one of the four, or no preference.
/// `id_prefix` keeps the ids apart where another form on the page has its own.
#[component]
pub fn ReplyBy(form: RwSignal<NewCaseInput>, errors: RwSignal<FieldErrors>, id_prefix: &'static str) -> impl IntoView {
    let lang = use_lang();
    let name = format!("{id_prefix}reply-by");
    let choice = move |value: &'static str, id: String, label: Signal<String>| {
        let target = id.clone();
        view! {
            <label class="check" for=target>
                <input
                    id=id
                    type="radio"
                    name=name.clone()
                    value=value
                    prop:checked=move || form.with(|f| f.reply_by.as_deref().unwrap_or_default() == value)
                    on:change=move |_| form.update(|f| f.reply_by = Some(value.to_owned()))
                />
                <span>{label}</span>
            </label>
        }
    };
    let means = ReplyMeans::ALL
        .iter()
        .copied()
        .map(|m| {
            let label = Signal::derive(move || if lang.get() == Lang::En { m.en() } else { m.ko() }.to_owned());
            choice(m.as_str(), format!("{id_prefix}reply-{}", m.as_str()), label)
        })
        .collect_view();
    view! {
        <fieldset class="consents" id=format!("{id_prefix}reply-by")>
            <legend>{tr(text!("reply.legend"))}</legend>
            {choice("", format!("{id_prefix}reply-none"), Signal::derive(tr(text!("reply.none"))))}
            {means}
        </fieldset>
        <FieldMsg errors field="reply_by" id=format!("{id_prefix}reply_by-error") />
    }
}
