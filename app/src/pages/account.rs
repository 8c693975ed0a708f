//! `/account`: a staff member changes their own password and registers an authenticator app
//! for two-step sign-in. An account whose password someone else knows (the generated first
//! administrator's) is sent here after signing in and can do nothing else until it is changed;
//! one that must have two-step sign-in and has not, until it registers an app.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::common::{Banner, FieldMsg, StaffHeader, failed, submit};
use crate::api::{CodeInput, PasswordChangeInput, TotpSetup};
use crate::client::browser;
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
        let call = async move { browser().change_password(&input).await };
        submit(call, errors, banner, move |()| {
            form.set(PasswordChangeInput::default());
            confirm.set(String::new());
            done.set(true);
            if first {
                leptos::task::spawn_local(async move {
                    // A required authenticator app is next, on this page; otherwise work.
                    let setup = browser().me().await.is_ok_and(|me| me.two_factor.setup_needed());
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(if setup { "/account?setup=1" } else { "/queue" });
                    }
                });
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
        <Title text="내 계정 · 고객의 소리" />
        <StaffHeader />
        <main class="account">
            <h1>"내 계정"</h1>
            <h2>"비밀번호 변경"</h2>
            {first
                .then(|| {
                    view! {
                        <p class="banner info" id="first-password" role="status">
                            "처음 받은 비밀번호는 로그에 남아 있어 다른 사람도 알 수 있습니다. 새 비밀번호를 정한 뒤에 일을 시작할 수 있습니다."
                        </p>
                    }
                })}
            <form class="form" id="password-form" on:submit=send>
                <Banner message=banner />
                <Show when=move || done.get()>
                    <p class="banner ok" id="password-changed" role="status">
                        "비밀번호를 바꿨습니다. 다른 기기의 로그인은 끝났습니다."
                    </p>
                </Show>
                <label class="field" for="current">
                    <span>"지금 비밀번호 · Current password"</span>
                    <input
                        id="current"
                        type="password"
                        autocomplete="current-password"
                        prop:value=move || form.with(|f| f.current.clone())
                        on:input=typed(|f, v| f.current = v)
                    />
                </label>
                <FieldMsg errors field="current" />
                <label class="field" for="new">
                    <span>"새 비밀번호 · New password"</span>
                    <input
                        id="new"
                        type="password"
                        autocomplete="new-password"
                        aria-describedby="new-hint"
                        prop:value=move || form.with(|f| f.new.clone())
                        on:input=typed(|f, v| f.new = v)
                    />
                </label>
                <p class="hint" id="new-hint">
                    "10자 이상. 흔한 비밀번호나 이름·아이디가 든 비밀번호는 쓸 수 없습니다. 서로 관계없는 단어 서너 개를 이어 붙이면 외우기 쉽고 안전합니다."
                </p>
                <FieldMsg errors field="new" />
                <label class="field" for="confirm">
                    <span>"새 비밀번호 확인 · Repeat it"</span>
                    <input
                        id="confirm"
                        type="password"
                        autocomplete="new-password"
                        prop:value=move || confirm.get()
                        on:input=move |ev| confirm.set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="confirm" />
                <button class="button primary" id="change-password" type="submit">
                    "비밀번호 바꾸기"
                </button>
            </form>
            <TwoFactorSection />
        </main>
    }
}

/// Two-step sign-in: register an authenticator app (scan the QR code or type the key, confirm
/// with a code), see the recovery codes once, renew them.
#[component]
fn TwoFactorSection() -> impl IntoView {
    let asked = use_query_map().read_untracked().get("setup").is_some();
    let me = LocalResource::new(|| async { browser().me().await });
    let setup = RwSignal::new(None::<TotpSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let start = move |_| {
        submit(async { browser().begin_two_factor().await }, errors, banner, move |s| {
            setup.set(Some(s));
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CodeInput { code: code.get_untracked() };
        let call = async move { browser().confirm_two_factor(&input).await };
        submit(call, errors, banner, move |r| {
            setup.set(None);
            code.set(String::new());
            codes.set(Some(r.codes));
            me.refetch();
        });
    };
    let renew = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CodeInput { code: code.get_untracked() };
        let call = async move { browser().renew_recovery_codes(&input).await };
        submit(call, errors, banner, move |r| {
            code.set(String::new());
            codes.set(Some(r.codes));
            me.refetch();
        });
    };
    let code_input = move || {
        view! {
            <label class="field" for="totp-code">
                <span>"인증 앱의 숫자 6자리 · Code from the app"</span>
                <input
                    id="totp-code"
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    maxlength="7"
                    aria-describedby="code-error"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="code" />
        }
    };
    view! {
        <section class="two-factor" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">"2단계 인증 · Two-step sign-in"</h2>
            {asked
                .then(|| {
                    view! {
                        <p class="banner info" id="setup-needed" role="status">
                            "개인정보를 다루는 계정은 비밀번호와 함께 휴대전화 인증 앱의 코드로 로그인합니다. 인증 앱을 등록하면 일을 시작할 수 있습니다."
                        </p>
                    }
                })}
            <Banner message=banner />
            <Suspense fallback=|| {
                view! { <p>"불러오는 중…"</p> }
            }>
                {move || {
                    me.get()
                        .map(|r| match r {
                            Err(e) => failed(&e),
                            Ok(me) => {
                                let status = &me.two_factor;
                                let left = status.recovery_codes_left;
                                if status.enrolled {
                                    view! {
                                        <p id="two-factor-status">
                                            {format!("사용 중입니다. 남은 복구 코드: {left}개")}
                                        </p>
                                        <Show when=move || codes.with(Option::is_none)>
                                            <form class="form" id="renew-form" on:submit=renew>
                                                <p class="hint">
                                                    "복구 코드를 잃어버렸거나 거의 다 썼다면 새로 받으세요. 예전 코드는 더 쓸 수 없게 됩니다."
                                                </p>
                                                {code_input()}
                                                <button class="button" id="renew-codes" type="submit">
                                                    "복구 코드 새로 받기"
                                                </button>
                                            </form>
                                        </Show>
                                    }
                                        .into_any()
                                } else {
                                    let required = status.required;
                                    view! {
                                        <p id="two-factor-status">
                                            {if required {
                                                "아직 등록하지 않았습니다. 이 계정은 등록해야 쓸 수 있습니다."
                                            } else {
                                                "아직 등록하지 않았습니다."
                                            }}
                                        </p>
                                        <Show
                                            when=move || setup.with(Option::is_none)
                                            fallback=move || {
                                                view! {
                                                    <ol class="steps">
                                                        <li>
                                                            "휴대전화에서 인증 앱(Google Authenticator, Microsoft Authenticator, 네이버 앱 OTP 등)을 엽니다."
                                                        </li>
                                                        <li>
                                                            "아래 QR 코드를 찍거나, 찍을 수 없으면 설정 키를 직접 입력합니다."
                                                        </li>
                                                        <li>
                                                            "앱에 뜬 숫자 6자리를 입력하고 '등록'을 누릅니다."
                                                        </li>
                                                    </ol>
                                                    <figure
                                                        class="qr"
                                                        aria-label="인증 앱 등록용 QR 코드"
                                                        inner_html=move || {
                                                            setup
                                                                .with(|s| {
                                                                    s.as_ref().map(|s| s.qr_svg.clone()).unwrap_or_default()
                                                                })
                                                        }
                                                    />
                                                    <p>
                                                        "설정 키 · Key: "
                                                        <code id="totp-secret">
                                                            {move || {
                                                                setup
                                                                    .with(|s| {
                                                                        s.as_ref().map(|s| s.secret.clone()).unwrap_or_default()
                                                                    })
                                                            }}
                                                        </code>
                                                    </p>
                                                    <form class="form" id="totp-form" on:submit=confirm>
                                                        {code_input()}
                                                        <button class="button primary" id="totp-confirm" type="submit">
                                                            "등록"
                                                        </button>
                                                    </form>
                                                }
                                            }
                                        >
                                            <button class="button primary" id="totp-start" type="button" on:click=start>
                                                "설정 시작"
                                            </button>
                                        </Show>
                                    }
                                        .into_any()
                                }
                            }
                        })
                }}
            </Suspense>
            {move || {
                codes
                    .get()
                    .map(|list| {
                        view! {
                            <div class="recovery-codes" id="recovery-codes" role="status">
                                <p>
                                    <strong>"복구 코드"</strong>
                                    " — 휴대전화를 잃어버렸을 때 코드 대신 하나씩 한 번만 쓸 수 있습니다. 지금 적어 두거나 인쇄해 안전한 곳에 두세요. 이 화면을 떠나면 다시 볼 수 없습니다."
                                </p>
                                <ol>
                                    {list
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <code>{c}</code>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                                <a class="button primary" id="start-work" href="/queue">
                                    "다 적었습니다 — 일 시작하기"
                                </a>
                            </div>
                        }
                    })
            }}
        </section>
    }
}
