//! `/cases/new`: receiving staff register a VOC that came by phone, visit, mail, fax, SNS or
//! an external agency, with the time it really arrived.

use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    Banner, CodeList, CodeSelect, FieldMsg, StaffHeader, active_codes, leave_if_refused, refused_entry,
};
use super::contact_fields::ReplyBy;
use crate::client::browser;
use crate::domain::{Channel, FieldErrors, NewCaseInput, VocKind};

/// `2026-11-23T10:30` from a datetime-local input, in Seoul time, as RFC 3339.
fn seoul_rfc3339(local: &str) -> Option<String> {
    let t = local.trim();
    if t.is_empty() {
        return None;
    }
    let with_seconds = if t.len() == 16 { format!("{t}:00") } else { t.to_owned() };
    Some(format!("{with_seconds}+09:00"))
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let form = RwSignal::new(NewCaseInput { kind: "complaint".into(), channel: "phone".into(), ..Default::default() });
    let received_local = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let facilities = LocalResource::new(|| async { browser().facilities().await });
    // The category (분류) is the staff's to choose at intake: it routes by the rules and is counted.
    let category = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        input.received_at = seoul_rfc3339(&received_local.get_untracked());
        input.category = Some(category.get_untracked()).filter(|c| !c.is_empty());
        if let Err(e) = input.validate(Utc::now()) {
            errors.set(e);
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().file_case(&input).await {
                Ok(c) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&format!("/cases/{}", c.id));
                    }
                }
                Err(e) if refused_entry(&e) => {
                    leave_if_refused(&e);
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };

    let text = move |field: &'static str, label: &'static str, kind: &'static str| {
        let get = move || {
            form.with(|f| match field {
                "name" => f.name.clone(),
                "phone" => f.phone.clone(),
                "email" => f.email.clone(),
                "address" => f.address.clone(),
                "agency" => f.agency.clone(),
                _ => f.agency_ref.clone(),
            })
            .unwrap_or_default()
        };
        view! {
            <label class="field" for=format!("reg-{field}")>
                <span>{label}</span>
                <input
                    id=format!("reg-{field}")
                    type=kind
                    autocomplete="off"
                    prop:value=get
                    on:input=move |ev| {
                        let v = Some(event_target_value(&ev));
                        form.update(|f| match field {
                            "name" => f.name = v,
                            "phone" => f.phone = v,
                            "email" => f.email = v,
                            "address" => f.address = v,
                            "agency" => f.agency = v,
                            _ => f.agency_ref = v,
                        })
                    }
                />
            </label>
            <FieldMsg errors field />
        }
    };

    view! {
        <Title text="민원 등록 · 고객의 소리" />
        <StaffHeader />
        <main class="case">
            <h1>"민원 등록 (대리 접수)"</h1>
            <Banner message=banner />
            <form class="answer-form" id="register-form" on:submit=submit>
                <label class="field" for="reg-channel">
                    <span>"접수경로"</span>
                    <select id="reg-channel" on:change=move |ev| form.update(|f| f.channel = event_target_value(&ev))>
                        {Channel::ALL
                            .into_iter()
                            .filter(|c| !c.is_self_service())
                            .map(|c| view! { <option value=c.as_str()>{c.ko()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <FieldMsg errors field="channel" />
                <Show when=move || {
                    form.with(|f| f.channel == Channel::ExternalAgency.as_str())
                }>
                    {text("agency", "이송 기관 (예: 국민신문고)", "text")}
                    {text("agency_ref", "기관 접수번호", "text")}
                </Show>
                <label class="field" for="reg-kind">
                    <span>"유형"</span>
                    <select id="reg-kind" on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                        {VocKind::FILED
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.as_str() selected=k == VocKind::Complaint>
                                        {k.ko()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field" for="reg-received">
                    <span>"실제 접수 일시 (비우면 지금)"</span>
                    <input
                        id="reg-received"
                        type="datetime-local"
                        prop:value=move || received_local.get()
                        on:input=move |ev| received_local.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="received_at" />
                <label class="field" for="reg-facility">
                    <span>"시설"</span>
                    <select
                        id="reg-facility"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| f.facility = (!v.is_empty()).then_some(v))
                        }
                    >
                        <option value="">"— 시설과 관계없음 —"</option>
                        {move || {
                            facilities
                                .get()
                                .and_then(Result::ok)
                                .map(|list| {
                                    list.into_iter()
                                        .map(|f| view! { <option value=f.code>{f.name_ko}</option> })
                                        .collect_view()
                                })
                        }}
                    </select>
                </label>
                <FieldMsg errors field="facility" />
                <CodeSelect
                    id="reg-category"
                    label="분류"
                    none="— 분류 없음 —"
                    value=category
                    options=active_codes(CodeList::Categories)
                    errors
                    field="category"
                />
                <label class="field" for="reg-content">
                    <span>"내용"</span>
                    <textarea
                        id="reg-content"
                        rows="6"
                        prop:value=move || form.with(|f| f.content.clone())
                        on:input=move |ev| form.update(|f| f.content = event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="content" />
                {text("name", "민원인 이름", "text")}
                {text("phone", "전화번호 (휴대전화·일반전화·해외)", "tel")}
                {text("email", "이메일", "email")}
                {text("address", "주소 (우편 회신)", "text")}
                <ReplyBy form errors id_prefix="reg-" />
                <fieldset class="consents">
                    <legend>"알림 수신 동의 (민원인에게 확인)"</legend>
                    <label class="check" for="reg-sms">
                        <input
                            id="reg-sms"
                            type="checkbox"
                            on:change=move |ev| form.update(|f| f.consent.sms = event_target_checked(&ev))
                        />
                        "문자(SMS, 휴대전화만)"
                    </label>
                    <label class="check" for="reg-mail">
                        <input
                            id="reg-mail"
                            type="checkbox"
                            on:change=move |ev| form.update(|f| f.consent.email = event_target_checked(&ev))
                        />
                        "이메일"
                    </label>
                    <label class="check" for="reg-publish">
                        <input
                            id="reg-publish"
                            type="checkbox"
                            on:change=move |ev| form.update(|f| f.consent.publish = event_target_checked(&ev))
                        />
                        "답변 공개"
                    </label>
                </fieldset>
                <button class="button primary" id="register" type="submit" prop:disabled=move || busy.get()>
                    "등록"
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::seoul_rfc3339;

    #[test]
    fn datetime_local_values_become_seoul_rfc3339() {
        assert_eq!(seoul_rfc3339("2026-11-23T10:30").as_deref(), Some("2026-11-23T10:30:00+09:00"));
        assert_eq!(seoul_rfc3339("2026-11-23T10:30:15").as_deref(), Some("2026-11-23T10:30:15+09:00"));
        assert_eq!(seoul_rfc3339(" "), None);
    }
}
