//! `/account`: a staff member changes their own password. An account whose password someone
//! else knows (the generated first administrator's) is sent here after signing in and can do
//! nothing else until it is changed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::common::{Banner, FieldMsg, StaffHeader, submit};
use crate::api::{self, PasswordChangeInput};
use crate::domain::{FieldError, FieldErrors};
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let first = use_query_map().read_untracked().get("first").is_some();
    let form = RwSignal::new(PasswordChangeInput::default());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if input.new != confirm.get_untracked() {
            let mut e = FieldErrors::default();
            e.add("confirm", FieldError::PasswordsDiffer);
            errors.set(e);
            return;
        }
        let call = async move { api::post::<_, ()>("/api/v1/session/password", &input).await };
        submit(call, errors, banner, move |()| {
            form.set(PasswordChangeInput::default());
            confirm.set(String::new());
            done.set(true);
            if first && let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/queue");
            }
        });
    };
    let typed = move |set: fn(&mut PasswordChangeInput, String)| {
        move |ev: leptos::ev::Event| {
            done.set(false);
            form.update(|f| set(f, event_target_value(&ev)));
        }
    };
    view! {
        <Title text="비밀번호 변경 · 고객의 소리"/>
        <StaffHeader/>
        <main class="account">
            <h1>"비밀번호 변경"</h1>
            {first.then(|| view! {
                <p class="banner info" id="first-password" role="status">
                    "처음 받은 비밀번호는 로그에 남아 있어 다른 사람도 알 수 있습니다. 새 비밀번호를 정한 뒤에 일을 시작할 수 있습니다."
                </p>
            })}
            <form class="form" id="password-form" on:submit=send>
                <Banner message=banner/>
                <Show when=move || done.get()>
                    <p class="banner ok" id="password-changed" role="status">"비밀번호를 바꿨습니다. 다른 기기의 로그인은 끝났습니다."</p>
                </Show>
                <label class="field" for="current">
                    <span>"지금 비밀번호 · Current password"</span>
                    <input id="current" type="password" autocomplete="current-password"
                        prop:value=move || form.with(|f| f.current.clone())
                        on:input=typed(|f, v| f.current = v)/>
                </label>
                <FieldMsg errors field="current"/>
                <label class="field" for="new">
                    <span>"새 비밀번호 · New password"</span>
                    <input id="new" type="password" autocomplete="new-password" aria-describedby="new-hint"
                        prop:value=move || form.with(|f| f.new.clone())
                        on:input=typed(|f, v| f.new = v)/>
                </label>
                <p class="hint" id="new-hint">"10자 이상. 흔한 비밀번호나 이름·아이디가 든 비밀번호는 쓸 수 없습니다. 서로 관계없는 단어 서너 개를 이어 붙이면 외우기 쉽고 안전합니다."</p>
                <FieldMsg errors field="new"/>
                <label class="field" for="confirm">
                    <span>"새 비밀번호 확인 · Repeat it"</span>
                    <input id="confirm" type="password" autocomplete="new-password"
                        prop:value=move || confirm.get()
                        on:input=move |ev| confirm.set(event_target_value(&ev))/>
                </label>
                <FieldMsg errors field="confirm"/>
                <button class="button primary" id="change-password" type="submit">"비밀번호 바꾸기"</button>
            </form>
        </main>
    }
}
