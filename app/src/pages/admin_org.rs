//! `/admin/departments`: administrators add, rename, retire and restore departments, and keep
//! the routing rules that choose a new case's department (first match by priority).

use leptos::prelude::*;
use leptos_meta::Title;

use super::case_actions::DepartmentSelect;
use super::common::{Banner, FieldMsg, StaffHeader, failed, or_login, submit};
use crate::api::{CatalogueEntryView, DepartmentChange, DepartmentInput, DepartmentView, RoutingRuleInput};
use crate::client::browser;
use crate::domain::{CatalogueInput, FieldErrors, VocKind};

#[component]
pub fn AdminOrgPage() -> impl IntoView {
    let departments = LocalResource::new(|| async { or_login(browser().departments()).await });
    let rules = LocalResource::new(|| async { browser().routing_rules().await });
    let banner = RwSignal::new(None::<String>);
    let reload = move || {
        departments.refetch();
        rules.refetch();
    };
    view! {
        <Title text="부서·배정 규칙 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"부서와 배정 규칙"</h1>
            <Banner message=banner />
            <section>
                <h2>"부서"</h2>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        departments
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <table class="queue-table" id="departments">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"코드"</th>
                                                    <th scope="col">"이름"</th>
                                                    <th scope="col">"상태"</th>
                                                    <th scope="col">"관리"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|d| view! { <DepartmentRow d banner on_done=reload /> })
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
                <NewDepartmentForm on_done=reload />
            </section>
            <section>
                <h2>"배정 규칙 (우선순위 순, 처음 맞는 규칙의 부서로 배정)"</h2>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        rules
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <table class="queue-table" id="routing-rules">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"우선순위"</th>
                                                    <th scope="col">"유형"</th>
                                                    <th scope="col">"시설"</th>
                                                    <th scope="col">"분류"</th>
                                                    <th scope="col">"부서"</th>
                                                    <th scope="col">""</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|rule| {
                                                        let id = rule.id;
                                                        let retire = move |_| {
                                                            leptos::task::spawn_local(async move {
                                                                match browser().retire_routing_rule(id).await {
                                                                    Ok(()) => {
                                                                        banner.set(None);
                                                                        reload();
                                                                    }
                                                                    Err(e) => banner.set(Some(e.message())),
                                                                }
                                                            });
                                                        };
                                                        let any = || "(모두)".to_owned();
                                                        view! {
                                                            <tr id=format!("rule-{id}")>
                                                                <td>{rule.priority}</td>
                                                                <td>{rule.kind.map_or_else(any, |k| k.ko().to_owned())}</td>
                                                                <td>{rule.facility.clone().unwrap_or_else(any)}</td>
                                                                <td>{rule.category.clone().unwrap_or_else(any)}</td>
                                                                <td>{rule.department_name.clone()}</td>
                                                                <td>
                                                                    <button
                                                                        class="button secondary retire-rule"
                                                                        type="button"
                                                                        on:click=retire
                                                                    >
                                                                        "폐지"
                                                                    </button>
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
                // Mounted anew whenever the departments reload, so a department just added
                // is in its list.
                {move || departments.get().map(|_| view! { <NewRuleForm on_done=reload /> })}
            </section>
            <CatalogueSection list="facilities" title="시설 (키오스크에 보이는 순서)" />
            <CatalogueSection list="categories" title="분류" />
        </main>
    }
}

#[component]
fn DepartmentRow(
    d: DepartmentView,
    banner: RwSignal<Option<String>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = d.id;
    let name = RwSignal::new(d.name.clone());
    let send = move |input: DepartmentChange| {
        leptos::task::spawn_local(async move {
            match browser().update_department(id, &input).await {
                Ok(_) => {
                    banner.set(None);
                    on_done();
                }
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    let rename = move |_| {
        if name.with_untracked(|n| n.trim().is_empty()) {
            banner.set(Some("부서 이름을 입력해 주세요. (Enter the department's name.)".into()));
            return;
        }
        send(DepartmentChange { name: name.get_untracked(), ..Default::default() });
    };
    let active = d.active;
    let toggle = move |_| send(DepartmentChange { active: Some(!active), ..Default::default() });
    view! {
        <tr id=format!("department-{}", d.code) class:inactive=!d.active>
            <th scope="row">{d.code.clone()}</th>
            <td>
                <input
                    class="department-name"
                    aria-label=format!("{} 부서 이름", d.code)
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button class="button secondary rename-department" type="button" on:click=rename>
                    "이름 변경"
                </button>
            </td>
            <td class="department-state">{if d.active { "사용 중" } else { "폐지" }}</td>
            <td>
                <button class="button secondary toggle-department" type="button" on:click=toggle>
                    {if d.active { "폐지" } else { "복원" }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewDepartmentForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(DepartmentInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        submit(async move { browser().create_department(&input).await }, errors, banner, move |_| {
            form.set(DepartmentInput::default());
            on_done();
        });
    };
    view! {
        <form class="inline-form" id="new-department-form" on:submit=submit>
            <h3>"새 부서"</h3>
            <Banner message=banner />
            <label class="field" for="department-code">
                <span>"코드 (영문 소문자·숫자·_)"</span>
                <input
                    id="department-code"
                    aria-describedby="code-error"
                    prop:value=move || form.with(|f| f.code.clone())
                    on:input=move |ev| form.update(|f| f.code = event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="code" />
            <label class="field" for="department-new-name">
                <span>"이름"</span>
                <input
                    id="department-new-name"
                    aria-describedby="name-error"
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="name" />
            <button class="button primary" id="create-department" type="submit">
                "부서 추가"
            </button>
        </form>
    }
}

#[component]
fn NewRuleForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(RoutingRuleInput::default());
    let priority = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let facilities = LocalResource::new(|| async { browser().facilities().await });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        input.department = serde_json::Value::String(department.get_untracked());
        let p = priority.get_untracked();
        if !p.trim().is_empty() {
            match p.trim().parse::<i64>() {
                Ok(n) => input.priority = Some(n),
                Err(_) => {
                    let mut e = FieldErrors::default();
                    e.add("priority", crate::domain::FieldError::NumberTooSmall { min: 1 });
                    errors.set(e);
                    return;
                }
            }
        }
        submit(async move { browser().create_routing_rule(&input).await }, errors, banner, move |_| {
            on_done();
        });
    };
    let kinds = VocKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.ko()}</option> }).collect_view();
    view! {
        <form class="inline-form" id="new-rule-form" on:submit=submit>
            <h3>"새 배정 규칙"</h3>
            <Banner message=banner />
            <label class="field" for="rule-priority">
                <span>"우선순위 (작을수록 먼저, 비우면 맨 뒤)"</span>
                <input
                    id="rule-priority"
                    inputmode="numeric"
                    aria-describedby="priority-error"
                    prop:value=move || priority.get()
                    on:input=move |ev| priority.set(event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="priority" />
            <label class="field" for="rule-kind">
                <span>"유형"</span>
                <select id="rule-kind" on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                    <option value="">"(모두)"</option>
                    {kinds}
                </select>
            </label>
            <FieldMsg errors field="kind" />
            <label class="field" for="rule-facility">
                <span>"시설"</span>
                <select id="rule-facility" on:change=move |ev| form.update(|f| f.facility = event_target_value(&ev))>
                    <option value="">"(모두)"</option>
                    {move || {
                        facilities
                            .get()
                            .and_then(Result::ok)
                            .map(|list| {
                                list.into_iter()
                                    .map(|f| view! { <option value=f.code.clone()>{f.name_ko}</option> })
                                    .collect_view()
                            })
                    }}
                </select>
            </label>
            <FieldMsg errors field="facility" />
            <label class="field" for="rule-category">
                <span>"분류 코드 (비우면 모두)"</span>
                <input
                    id="rule-category"
                    aria-describedby="category-error"
                    prop:value=move || form.with(|f| f.category.clone())
                    on:input=move |ev| form.update(|f| f.category = event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="category" />
            <label class="field" for="rule-department">
                <span>"배정할 부서"</span>
                <DepartmentSelect id="rule-department" exclude=None value=department />
            </label>
            <FieldMsg errors field="department" />
            <button class="button primary" id="create-rule" type="submit">
                "규칙 추가"
            </button>
        </form>
    }
}

/// Facilities or categories: each renamed (Korean, English), retired or restored in place,
/// and a form for a new one. Retired entries are no longer offered; filed cases keep theirs.
#[component]
fn CatalogueSection(list: &'static str, title: &'static str) -> impl IntoView {
    let entries = LocalResource::new(move || async move { browser().catalogue(list).await });
    let banner = RwSignal::new(None::<String>);
    let form = RwSignal::new(CatalogueInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate_new() {
            errors.set(e);
            return;
        }
        submit(async move { browser().create_catalogue_entry(list, &input).await }, errors, banner, move |()| {
            form.set(CatalogueInput::default());
            entries.refetch();
        });
    };
    let field = move |name: &'static str, label: &'static str| {
        let id = format!("{list}-new-{name}");
        let get = move || {
            form.with(|f| match name {
                "code" => f.code.clone(),
                "name_ko" => f.name_ko.clone(),
                "name_en" => f.name_en.clone(),
                _ => f.parent.clone().unwrap_or_default(),
            })
        };
        view! {
            <label class="field" for=id.clone()>
                <span>{label}</span>
                <input
                    id=id.clone()
                    aria-describedby=format!("{id}-error")
                    prop:value=get
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| match name {
                            "code" => f.code = v,
                            "name_ko" => f.name_ko = v,
                            "name_en" => f.name_en = v,
                            _ => f.parent = Some(v),
                        })
                    }
                />
            </label>
            <FieldMsg errors field=name id=format!("{id}-error") />
        }
    };
    view! {
        <section id=format!("{list}-section")>
            <h2>{title}</h2>
            <Banner message=banner />
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    entries
                        .get()
                        .map(|r| match r {
                            Ok(rows) => {
                                view! {
                                    <table class="queue-table" id=list>
                                        <thead>
                                            <tr>
                                                <th scope="col">"코드"</th>
                                                <th scope="col">"이름 (한국어 · English)"</th>
                                                <th scope="col">"상위"</th>
                                                <th scope="col">"상태"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|e| {
                                                    view! {
                                                        <CatalogueRow list e banner on_done=move || entries.refetch() />
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
            <form class="inline-form" id=format!("{list}-form") on:submit=add>
                <h3>"추가"</h3>
                {field("code", "코드 (영문 소문자·숫자·_)")}
                {field("name_ko", "이름 (한국어)")}
                {field("name_en", "Name (English)")}
                {(list == "categories").then(|| field("parent", "상위 분류 코드 (선택)"))}
                {(list == "categories")
                    .then(|| {
                        view! {
                            <label class="check" for="categories-new-public">
                                <input
                                    id="categories-new-public"
                                    type="checkbox"
                                    prop:checked=move || form.with(|f| f.public == Some(true))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        form.update(|f| f.public = Some(on));
                                    }
                                />
                                <span>"민원인이 홈페이지에서 직접 고름"</span>
                            </label>
                        }
                    })}
                <button class="button primary" id=format!("{list}-add") type="submit">
                    "추가"
                </button>
            </form>
        </section>
    }
}

#[component]
fn CatalogueRow(
    list: &'static str,
    e: CatalogueEntryView,
    banner: RwSignal<Option<String>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let code = e.code.clone();
    let ko = RwSignal::new(e.name_ko.clone());
    let en = RwSignal::new(e.name_en.clone());
    let active = e.active;
    let send = move |input: CatalogueInput| {
        let code = code.clone();
        leptos::task::spawn_local(async move {
            match browser().update_catalogue_entry(list, &code, &input).await {
                Ok(_) => {
                    banner.set(None);
                    on_done();
                }
                Err(e) => banner.set(Some(e.first_message())),
            }
        });
    };
    let send2 = send.clone();
    let send3 = send.clone();
    let rename = move |_| {
        send(CatalogueInput { name_ko: ko.get_untracked(), name_en: en.get_untracked(), ..Default::default() })
    };
    let toggle = move |_| send2(CatalogueInput { active: Some(!active), ..Default::default() });
    let public = e.public;
    let toggle_public = move |_| send3(CatalogueInput { public: Some(!public), ..Default::default() });
    view! {
        <tr id=format!("{list}-{}", e.code) class:inactive=!e.active>
            <th scope="row">{e.code.clone()}</th>
            <td>
                <input
                    class="entry-ko"
                    aria-label=format!("{} 한국어 이름", e.code)
                    prop:value=move || ko.get()
                    on:input=move |ev| ko.set(event_target_value(&ev))
                />
                <input
                    class="entry-en"
                    aria-label=format!("{} English name", e.code)
                    prop:value=move || en.get()
                    on:input=move |ev| en.set(event_target_value(&ev))
                />
                <button class="button secondary rename-entry" type="button" on:click=rename>
                    "이름 변경"
                </button>
            </td>
            <td>{e.parent.clone().unwrap_or_default()}</td>
            <td>
                <span class="entry-state">{if e.active { "사용 중" } else { "폐지" }}</span>
                " "
                <button class="button secondary toggle-entry" type="button" on:click=toggle>
                    {if e.active { "폐지" } else { "복원" }}
                </button>
                {(list == "categories")
                    .then(|| {
                        view! {
                            " "
                            <button class="button secondary toggle-public" type="button" on:click=toggle_public>
                                {if public { "민원인 선택 해제" } else { "민원인이 고르게" }}
                            </button>
                            <span class="entry-public">{if public { " · 민원인이 고름" } else { "" }}</span>
                        }
                    })}
            </td>
        </tr>
    }
}
