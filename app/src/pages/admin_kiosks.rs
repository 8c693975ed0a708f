//! `/admin/kiosks`: administrators register the kiosk tablets. A key is issued for the tablet
//! in one facility and shown once, with the link that registers the tablet when opened on it;
//! a key is revoked when the tablet is lost or retired, and the tablet stops at once.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, call, failed, fmt_time, or_login, submit};
use crate::api::{IssuedKioskKey, NewKioskKeyInput};
use crate::client::browser;
use crate::domain::FieldErrors;

#[component]
pub fn AdminKiosksPage() -> impl IntoView {
    let kiosks = LocalResource::new(|| async { or_login(browser().kiosk_keys()).await });
    let facilities = LocalResource::new(|| async { browser().facilities().await });
    let form = RwSignal::new(NewKioskKeyInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let issued = RwSignal::new(None::<IssuedKioskKey>);
    let issue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        let call = async move { browser().issue_kiosk_key(&input).await };
        submit(call, errors, banner, move |k| {
            form.update(|f| f.label.clear());
            issued.set(Some(k));
            kiosks.refetch();
        });
    };
    let revoke = move |id: i64| {
        call(banner, async move { browser().revoke_kiosk_key(id).await }, move || kiosks.refetch());
    };
    // The facility's Korean name, its code until the list has come.
    let facility_name = move |code: &str| {
        facilities
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|f| f.code == code).map(|f| f.name_ko))
            .unwrap_or_else(|| code.to_owned())
    };
    let origin = move || web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    view! {
        <Title text="키오스크 관리 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"키오스크 관리"</h1>
            <p class="hint">
                "시설의 키오스크(태블릿)마다 키를 발급합니다. 등록된 키오스크는 주소와 관계없이 키오스크별 접수 한도를 쓰고, 접수 시설은 키에서 정해집니다. 잃어버리거나 쓰지 않는 키오스크의 키는 취소하세요."
            </p>
            <Banner message=banner />
            <form class="form inline-form" id="kiosk-form" on:submit=issue>
                <label class="field" for="kiosk-facility">
                    <span>"시설 · Facility"</span>
                    <select
                        id="kiosk-facility"
                        on:change=move |ev| form.update(|f| f.facility = event_target_value(&ev))
                        prop:value=move || form.with(|f| f.facility.clone())
                    >
                        <option value="">"시설을 고르세요"</option>
                        {move || {
                            facilities
                                .get()
                                .and_then(Result::ok)
                                .map(|list| {
                                    list.into_iter()
                                        .map(|f| view! { <option value=f.code.clone()>{f.name_ko.clone()}</option> })
                                        .collect_view()
                                })
                        }}
                    </select>
                </label>
                <FieldMsg errors field="facility" />
                <label class="field" for="kiosk-label">
                    <span>"이름 · Name (예: 매표소 앞 1번)"</span>
                    <input
                        id="kiosk-label"
                        maxlength="60"
                        prop:value=move || form.with(|f| f.label.clone())
                        on:input=move |ev| form.update(|f| f.label = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="label" />
                <button class="button primary" id="issue-kiosk-key" type="submit">
                    "키 발급"
                </button>
            </form>
            {move || {
                issued
                    .get()
                    .map(|k| {
                        let link = format!("{}/kiosk#key={}", origin(), k.secret);
                        view! {
                            <div class="recovery-codes" id="issued-key" role="status">
                                <p>
                                    <strong>{format!("'{}' 키오스크의 키", k.kiosk.label)}</strong>
                                    " — 지금 한 번만 보여 줍니다. 키오스크 태블릿에서 아래 주소를 한 번 열면 등록됩니다."
                                </p>
                                <p>
                                    <code id="kiosk-secret">{k.secret.clone()}</code>
                                </p>
                                <p>
                                    <code id="kiosk-link">{link}</code>
                                </p>
                            </div>
                        }
                    })
            }}
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    kiosks
                        .get()
                        .map(|r| match r {
                            Ok(list) => {
                                view! {
                                    <table class="queue-table" id="kiosks">
                                        <thead>
                                            <tr>
                                                <th scope="col">"이름"</th>
                                                <th scope="col">"시설"</th>
                                                <th scope="col">"발급"</th>
                                                <th scope="col">"마지막 접수"</th>
                                                <th scope="col">"상태"</th>
                                                <th scope="col">"관리"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|k| {
                                                    let id = k.id;
                                                    let live = k.revoked_at.is_none();
                                                    view! {
                                                        <tr id=format!("kiosk-{id}") class:inactive=!live>
                                                            <th scope="row">{k.label.clone()}</th>
                                                            <td>{facility_name(&k.facility)}</td>
                                                            <td>
                                                                {format!("{} · {}", fmt_time(&k.created_at), k.created_by)}
                                                            </td>
                                                            <td>
                                                                {k
                                                                    .last_used_at
                                                                    .as_ref()
                                                                    .map_or_else(|| "-".to_owned(), fmt_time)}
                                                            </td>
                                                            <td class="kiosk-state">
                                                                {k
                                                                    .revoked_at
                                                                    .as_ref()
                                                                    .map_or_else(
                                                                        || "사용 중".to_owned(),
                                                                        |t| format!("취소됨 {}", fmt_time(t)),
                                                                    )}
                                                            </td>
                                                            <td>
                                                                {live
                                                                    .then(|| {
                                                                        view! {
                                                                            <button
                                                                                class="button secondary revoke-kiosk"
                                                                                type="button"
                                                                                on:click=move |_| revoke(id)
                                                                            >
                                                                                "키 취소"
                                                                            </button>
                                                                        }
                                                                    })}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
        </main>
    }
}
