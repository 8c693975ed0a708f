//! `/login`: officers sign in; the session lives in an HttpOnly cookie.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::common::Banner;
use crate::api::{self, LoginInput};

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let form = RwSignal::new(LoginInput::default());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if input.username.trim().is_empty() || input.password.is_empty() {
            banner.set(Some("아이디와 비밀번호를 입력해 주세요. (Enter your username and password.)".into()));
            return;
        }
        // Only paths on this site: never an open redirect.
        let next = query
            .read_untracked()
            .get("next")
            .filter(|n| crate::domain::local_path(n).is_some())
            .unwrap_or_else(|| "/queue".into());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, ()>("/api/v1/session", &input).await {
                Ok(()) => {
                    // A password someone else knows is changed before anything else.
                    let must_change =
                        api::get::<api::Me>("/api/v1/session").await.is_ok_and(|me| me.must_change_password);
                    let to = if must_change { "/account?first=1".to_owned() } else { next };
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&to);
                    }
                }
                Err(e) => banner.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <Title text="직원 로그인 · 고객의 소리"/>
        <main class="login">
            <form class="login-form" on:submit=submit>
                <h1>"직원 로그인"</h1>
                <Banner message=banner/>
                <label class="field" for="username">
                    <span>"아이디 · Username"</span>
                    <input id="username" name="username" autocomplete="username"
                        prop:value=move || form.with(|f| f.username.clone())
                        on:input=move |ev| form.update(|f| f.username = event_target_value(&ev))/>
                </label>
                <label class="field" for="password">
                    <span>"비밀번호 · Password"</span>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        prop:value=move || form.with(|f| f.password.clone())
                        on:input=move |ev| form.update(|f| f.password = event_target_value(&ev))/>
                </label>
                <button class="button primary" id="login" type="submit" prop:disabled=move || busy.get()>"로그인"</button>
            </form>
        </main>
    }
}
