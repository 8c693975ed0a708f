//! `/login`: officers sign in; the session lives in an HttpOnly cookie. With two-step sign-in
//! a second form asks for the authenticator app's code (or a recovery code) on the same page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::common::{Banner, FieldMsg};
use crate::api::{CodeInput, LoginInput};
use crate::client::browser;
use crate::domain::FieldErrors;

/// Where a signed-in person goes first: a password someone else knows is changed, a required
/// authenticator app is registered, and only then the page they came for.
async fn first_stop(next: String) -> String {
    match browser().me().await {
        Ok(me) if me.must_change_password => "/account?first=1".to_owned(),
        Ok(me) if me.two_factor.setup_needed() => "/account?setup=1".to_owned(),
        _ => next,
    }
}

fn go(to: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(to);
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let form = RwSignal::new(LoginInput::default());
    let code = RwSignal::new(String::new());
    // The password was right; the code is asked for next.
    let code_step = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Only paths on this site: never an open redirect.
    let next = move || {
        query
            .read_untracked()
            .get("next")
            .filter(|n| crate::domain::local_path(n).is_some())
            .unwrap_or_else(|| "/queue".into())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if input.username.trim().is_empty() || input.password.is_empty() {
            banner.set(Some("아이디와 비밀번호를 입력해 주세요. (Enter your username and password.)".into()));
            return;
        }
        let next = next();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().login(&input).await {
                Ok(()) => {
                    let pending = browser().me().await.is_ok_and(|me| me.two_factor.pending);
                    if pending {
                        banner.set(None);
                        code_step.set(true);
                    } else {
                        go(&first_stop(next).await);
                    }
                }
                Err(e) => banner.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CodeInput { code: code.get_untracked() };
        let next = next();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().second_factor(&input).await {
                Ok(()) => go(&first_stop(next).await),
                Err(e) if e.status() == Some(401) => {
                    // The waiting session ran out: start again from the password.
                    code_step.set(false);
                    code.set(String::new());
                    banner.set(Some(e.message()));
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <Title text="직원 로그인 · 고객의 소리" />
        <main class="login">
            <Show
                when=move || !code_step.get()
                fallback=move || {
                    view! {
                        <form class="login-form" id="code-form" on:submit=send_code>
                            <h1>"2단계 인증"</h1>
                            <Banner message=banner />
                            <p class="hint" id="code-hint">
                                "휴대전화 인증 앱에 뜬 숫자 6자리를 입력해 주세요. 휴대전화가 없으면 복구 코드(xxxxx-xxxxx) 하나를 입력하세요."
                            </p>
                            <label class="field" for="otp-code">
                                <span>"인증 코드 · Code"</span>
                                <input
                                    id="otp-code"
                                    name="code"
                                    autocomplete="one-time-code"
                                    inputmode="text"
                                    aria-describedby="code-hint code-error"
                                    maxlength="16"
                                    prop:value=move || code.get()
                                    on:input=move |ev| code.set(event_target_value(&ev))
                                />
                            </label>
                            <FieldMsg errors field="code" />
                            <button
                                class="button primary"
                                id="verify-code"
                                type="submit"
                                prop:disabled=move || busy.get()
                            >
                                "확인"
                            </button>
                        </form>
                    }
                }
            >
                <form class="login-form" on:submit=submit>
                    <h1>"직원 로그인"</h1>
                    <Banner message=banner />
                    <label class="field" for="username">
                        <span>"아이디 · Username"</span>
                        <input
                            id="username"
                            name="username"
                            autocomplete="username"
                            prop:value=move || form.with(|f| f.username.clone())
                            on:input=move |ev| form.update(|f| f.username = event_target_value(&ev))
                        />
                    </label>
                    <label class="field" for="password">
                        <span>"비밀번호 · Password"</span>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            prop:value=move || form.with(|f| f.password.clone())
                            on:input=move |ev| form.update(|f| f.password = event_target_value(&ev))
                        />
                    </label>
                    <button class="button primary" id="login" type="submit" prop:disabled=move || busy.get()>
                        "로그인"
                    </button>
                </form>
            </Show>
        </main>
    }
}
