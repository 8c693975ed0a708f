//! `/cases`: find any case the officer may see, open or closed, by words in it, its receipt
//! number, the complainant's phone number or e-mail address, and filters; a paged table whose
//! rows open the case.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    CodeList, CodeSelect, Pager, StaffHeader, active_codes, active_departments, failed, fmt_time, js_encode, or_login,
};
use crate::api::{CaseSummary, Paged};
use crate::client::{browser, links};
use crate::domain::{CaseSearchInput, CaseStatus, Channel, FieldErrors, SEARCH_COUNT_MAX, VocKind};

/// The query string of a search and its page.
fn query(s: &CaseSearchInput, page: i64) -> String {
    let mut parts = vec![format!("page={page}")];
    for (k, v) in [
        ("q", &s.q),
        ("receipt_no", &s.receipt_no),
        ("contact", &s.contact),
        ("status", &s.status),
        ("kind", &s.kind),
        ("channel", &s.channel),
        ("facility", &s.facility),
        ("category", &s.category),
        ("department", &s.department),
        ("from", &s.from),
        ("to", &s.to),
        ("sort", &s.sort),
    ] {
        if !v.trim().is_empty() {
            parts.push(format!("{k}={}", js_encode(v.trim())));
        }
    }
    parts.join("&")
}

#[component]
pub fn CaseSearchPage() -> impl IntoView {
    // What is typed, and what was last searched: typing never refetches, 검색 does.
    let typed = RwSignal::new(CaseSearchInput::default());
    let searched = RwSignal::new(CaseSearchInput::default());
    let page = RwSignal::new(1i64);
    let found = LocalResource::new(move || {
        let q = query(&searched.get(), page.get());
        async move { or_login(browser().search(&q)).await }
    });
    let errors = move || found.get().and_then(|r| r.err()).map(|e| e.fields()).unwrap_or_else(FieldErrors::default);
    // The catalogue's and the organisation's choosers: facility, category, department.
    let (facility, category, department) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let refused = RwSignal::new(FieldErrors::default());
    Effect::new(move |_| refused.set(errors()));
    let departments = active_departments();
    let department_options = Signal::derive(move || {
        std::iter::once(("none".to_owned(), "미배정(부서 없음)".to_owned()))
            .chain(departments.get().into_iter().map(|d| (d.id.to_string(), d.name)))
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        typed.update(|s| {
            s.facility = facility.get_untracked();
            s.category = category.get_untracked();
            s.department = department.get_untracked();
        });
        searched.set(typed.get_untracked());
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     field: &'static str,
                     kind: &'static str,
                     get: fn(&CaseSearchInput) -> String,
                     set: fn(&mut CaseSearchInput, String)| {
        let msg_id = format!("{id}-error");
        view! {
            <label class="field" for=id>
                <span>{label}</span>
                <input
                    id=id
                    type=kind
                    prop:value=move || typed.with(get)
                    aria-describedby=msg_id.clone()
                    aria-invalid=move || errors().get(field).is_some().then_some("true")
                    on:input=move |ev| typed.update(|s| set(s, event_target_value(&ev)))
                />
                <span class="field-error" id=msg_id>
                    {move || errors().get(field).map(|m| m.ko.clone())}
                </span>
            </label>
        }
    };
    // `first` names the empty value: every value, or the default order.
    let select = move |id: &'static str,
                       label: &'static str,
                       first: &'static str,
                       set: fn(&mut CaseSearchInput, String),
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <label class="field" for=id>
                <span>{label}</span>
                <select id=id on:change=move |ev| typed.update(|s| set(s, event_target_value(&ev)))>
                    <option value="">{first}</option>
                    {options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <Title text="민원 찾기 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"민원 찾기"</h1>
            <p class="note">
                "열람할 수 있는 모든 민원(처리 중·종결·취하)을 내용·답변·내부 메모의 낱말, 접수번호, 민원인 휴대전화나 이메일로 찾습니다."
            </p>
            <form class="filters" id="case-search" on:submit=on_submit>
                {text("search-q", "낱말", "q", "search", |s| s.q.clone(), |s, v| s.q = v)}
                {text(
                    "search-receipt",
                    "접수번호",
                    "receipt_no",
                    "text",
                    |s| s.receipt_no.clone(),
                    |s, v| s.receipt_no = v,
                )}
                {text(
                    "search-contact",
                    "휴대전화·이메일",
                    "contact",
                    "text",
                    |s| s.contact.clone(),
                    |s, v| s.contact = v,
                )}
                {select(
                    "search-status",
                    "상태",
                    "전체",
                    |s, v| s.status = v,
                    CaseStatus::ALL.iter().map(|s| (s.as_str(), s.ko())).collect(),
                )}
                {select(
                    "search-kind",
                    "유형",
                    "전체",
                    |s, v| s.kind = v,
                    VocKind::ALL.iter().map(|k| (k.as_str(), k.ko())).collect(),
                )}
                {select(
                    "search-channel",
                    "접수 경로",
                    "전체",
                    |s, v| s.channel = v,
                    Channel::ALL.iter().map(|c| (c.as_str(), c.ko())).collect(),
                )}
                <CodeSelect
                    id="search-facility"
                    label="시설"
                    none="전체"
                    value=facility
                    options=active_codes(CodeList::Facilities)
                    errors=refused
                    field="facility"
                />
                <CodeSelect
                    id="search-category"
                    label="분류"
                    none="전체"
                    value=category
                    options=active_codes(CodeList::Categories)
                    errors=refused
                    field="category"
                />
                <CodeSelect
                    id="search-department"
                    label="처리부서"
                    none="전체"
                    value=department
                    options=department_options
                    errors=refused
                    field="department"
                />
                {text("search-from", "접수일 부터", "from", "date", |s| s.from.clone(), |s, v| s.from = v)}
                {text("search-to", "접수일 까지", "to", "date", |s| s.to.clone(), |s, v| s.to = v)}
                {select(
                    "search-sort",
                    "순서",
                    "최근 접수 순",
                    |s, v| s.sort = v,
                    vec![("oldest", "오래된 순"), ("due", "기한 임박 순")],
                )}
                <button class="button" type="submit" id="search-submit">
                    "검색"
                </button>
            </form>
            // What was last searched, every page of it, masked; each download is on the access log.
            <p class="downloads">
                <a
                    class="button secondary"
                    id="search-csv"
                    rel="external"
                    download
                    href=move || links::cases_csv(&query(&searched.get(), 1))
                >
                    "검색 결과 CSV"
                </a>
                " "
                <a
                    class="button secondary"
                    id="search-xlsx"
                    rel="external"
                    download
                    href=move || links::cases_xlsx(&query(&searched.get(), 1))
                >
                    "검색 결과 엑셀"
                </a>
            </p>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    found
                        .get()
                        .map(|r| match r {
                            Ok(p) => view! { <Results page p /> }.into_any(),
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn Results(page: RwSignal<i64>, p: Paged<CaseSummary>) -> impl IntoView {
    view! {
        <p class="note" id="search-total" role="status">
            {if p.total > SEARCH_COUNT_MAX {
                format!("{SEARCH_COUNT_MAX}건 넘음 — 조건을 더 좁혀 주세요")
            } else {
                format!("{}건", p.total)
            }}
        </p>
        <CaseTable id="search-results" items=p.items />
        <Pager page total=p.total per_page=p.per_page />
    }
}

/// Cases found, one row each, opening at their receipt number.
#[component]
fn CaseTable(id: &'static str, items: Vec<CaseSummary>) -> impl IntoView {
    view! {
        <table class="queue-table" id=id>
            <thead>
                <tr>
                    <th scope="col">"접수번호"</th>
                    <th scope="col">"상태"</th>
                    <th scope="col">"유형"</th>
                    <th scope="col">"내용"</th>
                    <th scope="col">"시설"</th>
                    <th scope="col">"부서"</th>
                    <th scope="col">"접수"</th>
                    <th scope="col">"종결"</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr class="search-row" data-receipt=c.receipt_no.clone() data-status=c.status.as_str()>
                                <td>
                                    <a href=format!("/cases/{}", c.receipt_no)>{c.receipt_no.clone()}</a>
                                </td>
                                <td>{c.status.ko()}</td>
                                <td>{c.kind.ko()}</td>
                                <td>{c.summary}</td>
                                <td>{c.facility_name.unwrap_or_else(|| "-".into())}</td>
                                <td>{c.department_name.unwrap_or_else(|| "미배정".into())}</td>
                                <td>{fmt_time(&c.received_at)}</td>
                                <td>{c.closed_at.as_ref().map(fmt_time).unwrap_or_else(|| "-".into())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
