//! `/admin/users`: administrators create staff accounts, disable and enable them, reset
//! passwords (every session of the account ends) and set where alerts go.

use leptos::prelude::*;
use leptos_meta::Title;

use super::case_actions::DepartmentSelect;
use super::common::{Banner, FieldMsg, StaffHeader, call, failed, or_login, submit};
use crate::api::{NewUserInput, PasswordInput, UserEmailInput, UserView};
use crate::client::browser;
use crate::domain::{FieldErrors, Role};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let users = LocalResource::new(|| async { or_login(browser().users()).await });
    let banner = RwSignal::new(None::<String>);
    view! {
        <Title text="사용자 관리 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"사용자 관리"</h1>
            <Banner message=banner />
            <NewUserForm on_done=move || users.refetch() />
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    users
                        .get()
                        .map(|r| match r {
                            Ok(list) => {
                                view! {
                                    <table class="queue-table" id="users">
                                        <thead>
                                            <tr>
                                                <th scope="col">"아이디"</th>
                                                <th scope="col">"이름"</th>
                                                <th scope="col">"역할"</th>
                                                <th scope="col">"부서"</th>
                                                <th scope="col">"알림 이메일"</th>
                                                <th scope="col">"상태"</th>
                                                <th scope="col">"2단계 인증"</th>
                                                <th scope="col">"관리"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|u| view! { <UserRow u banner on_done=move || users.refetch() /> })
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

#[component]
fn UserRow(
    u: UserView,
    banner: RwSignal<Option<String>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = u.id;
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(u.email.clone().unwrap_or_default());
    let toggle = move |_| {
        let active = u.active;
        call(
            banner,
            async move {
                let c = browser();
                if active { c.disable_user(id).await } else { c.enable_user(id).await }
            },
            on_done,
        );
    };
    let reset = move |_| {
        let body = PasswordInput { password: password.get_untracked() };
        call(banner, async move { browser().reset_password(id, &body).await }, move || {
            password.set(String::new());
            on_done();
        });
    };
    let reset_two_factor = move |_| {
        call(banner, async move { browser().reset_two_factor(id).await }, on_done);
    };
    let save_email = move |_| {
        let body = UserEmailInput { email: Some(email.get_untracked()) };
        call(banner, async move { browser().set_user_email(id, &body).await }, on_done);
    };
    view! {
        <tr id=format!("user-{}", u.username) class:inactive=!u.active>
            <th scope="row">{u.username.clone()}</th>
            <td>{u.display_name.clone()}</td>
            <td>{u.role.ko()}</td>
            <td>{u.department_name.clone().unwrap_or_else(|| "-".into())}</td>
            <td>
                <input
                    class="user-email"
                    aria-label=format!("{} 알림 이메일", u.username)
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
                <button class="button secondary save-email" type="button" on:click=save_email>
                    "저장"
                </button>
            </td>
            <td class="user-state">{if u.active { "사용 중" } else { "사용 중지" }}</td>
            <td class="user-two-factor">
                {if u.two_factor { "등록됨" } else { "미등록" }}
                {u
                    .two_factor
                    .then(|| {
                        view! {
                            <button
                                class="button secondary reset-two-factor"
                                type="button"
                                on:click=reset_two_factor
                                title="휴대전화를 잃어버리거나 바꾼 직원: 다음 로그인 때 인증 앱을 새로 등록합니다"
                            >
                                "초기화"
                            </button>
                        }
                    })}
            </td>
            <td>
                <button class="button secondary toggle-user" type="button" on:click=toggle>
                    {if u.active { "사용 중지" } else { "다시 사용" }}
                </button>
                <input
                    type="password"
                    class="new-password"
                    aria-label=format!("{} 새 비밀번호", u.username)
                    placeholder="새 비밀번호 (10자 이상)"
                    autocomplete="new-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <button class="button secondary reset-password" type="button" on:click=reset>
                    "비밀번호 재설정"
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewUserForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(NewUserInput { role: Role::Handler.as_str().into(), ..Default::default() });
    let department = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        let d = department.get_untracked();
        input.department = (!d.is_empty()).then_some(serde_json::Value::String(d));
        submit(async move { browser().create_user(&input).await }, errors, banner, move |_| {
            form.update(|f| {
                f.username.clear();
                f.password.clear();
                f.display_name.clear();
                f.email = None;
            });
            on_done();
        });
    };
    let text = move |id: &'static str, label: &'static str, kind: &'static str, field: &'static str| {
        let get = move || {
            form.with(|f| match field {
                "username" => f.username.clone(),
                "password" => f.password.clone(),
                "display_name" => f.display_name.clone(),
                _ => f.email.clone().unwrap_or_default(),
            })
        };
        view! {
            <label class="field" for=id>
                <span>{label}</span>
                <input
                    id=id
                    type=kind
                    aria-describedby=format!("{field}-error")
                    prop:value=get
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| match field {
                            "username" => f.username = v,
                            "password" => f.password = v,
                            "display_name" => f.display_name = v,
                            _ => f.email = Some(v),
                        })
                    }
                />
            </label>
            <FieldMsg errors field />
        }
    };
    let roles = Role::ALL
        .into_iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=r == Role::Handler>
                    {r.ko()}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="inline-form" id="new-user-form" on:submit=submit>
            <h2>"새 사용자"</h2>
            <Banner message=banner />
            {text("new-username", "아이디", "text", "username")}
            {text("new-display-name", "이름", "text", "display_name")}
            {text("new-password", "초기 비밀번호 (10자 이상)", "password", "password")}
            <label class="field" for="new-role">
                <span>"역할"</span>
                <select id="new-role" on:change=move |ev| form.update(|f| f.role = event_target_value(&ev))>
                    {roles}
                </select>
            </label>
            <FieldMsg errors field="role" />
            <label class="field" for="new-department">
                <span>"부서"</span>
                <DepartmentSelect id="new-department" exclude=None value=department />
            </label>
            <FieldMsg errors field="department" />
            {text("new-email", "알림 이메일 (선택)", "email", "email")}
            <button class="button primary" id="create-user" type="submit">
                "사용자 만들기"
            </button>
        </form>
    }
}
