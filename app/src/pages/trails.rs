//! `/admin/audit`: the audit log of administration (administrators). `/privacy`: the log of
//! every view of personal data and its monthly reviews (the privacy officer, 개인정보
//! 보호책임자, and administrators). Both are read-only lists, newest first, with filters.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, Pager, StaffHeader, fmt_time, js_encode, or_login, submit};
use crate::api::ReviewInput;
use crate::client::browser;
use crate::domain::{AuditAction, FieldErrors};

/// The filter fields of a log, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filter {
    user: String,
    action: String,
    case: String,
    from: String,
    to: String,
}

impl Filter {
    fn query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("user", &self.user),
            ("action", &self.action),
            ("case", &self.case),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                parts.push(format!("{k}={}", js_encode(v.trim())));
            }
        }
        parts.join("&")
    }
}

/// A text input bound to one field of the filter.
#[component]
fn FilterInput(
    filter: RwSignal<Filter>,
    id: &'static str,
    label: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    get: fn(&Filter) -> String,
    set: fn(&mut Filter, String),
) -> impl IntoView {
    view! {
        <label class="field" for=id>
            <span>{label}</span>
            <input
                id=id
                type=kind.unwrap_or("text")
                prop:value=move || filter.with(get)
                on:change=move |ev| filter.update(|f| set(f, event_target_value(&ev)))
            />
        </label>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(1i64);
    let log = LocalResource::new(move || {
        let q = filter.get().query();
        let p = page.get();
        async move { or_login(browser().audit_log(&format!("{q}&page={p}"))).await }
    });
    view! {
        <Title text="감사 기록 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"감사 기록"</h1>
            <p class="note">
                "계정·로그인·조직·기한·알림 문구의 모든 변경이 누가, 언제, 어디서, 무엇을 바꿨는지와 함께 남습니다. 고치거나 지울 수 없습니다."
            </p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterInput filter id="audit-user" label="사용자" get=|f| f.user.clone() set=|f, v| f.user = v />
                <label class="field" for="audit-action">
                    <span>"작업"</span>
                    <select id="audit-action" on:change=move |ev| filter.update(|f| f.action = event_target_value(&ev))>
                        <option value="">"전체"</option>
                        {AuditAction::ALL
                            .iter()
                            .map(|a| view! { <option value=a.as_str()>{a.ko()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <FilterInput
                    filter
                    id="audit-from"
                    label="시작일"
                    kind="date"
                    get=|f| f.from.clone()
                    set=|f, v| f.from = v
                />
                <FilterInput
                    filter
                    id="audit-to"
                    label="종료일"
                    kind="date"
                    get=|f| f.to.clone()
                    set=|f, v| f.to = v
                />
            </form>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    log.get()
                        .map(|r| match r {
                            Ok(p) => {
                                view! {
                                    <p class="note" id="audit-total">
                                        {format!("{}건", p.total)}
                                    </p>
                                    <table class="queue-table" id="audit-log">
                                        <thead>
                                            <tr>
                                                <th scope="col">"시각"</th>
                                                <th scope="col">"사용자"</th>
                                                <th scope="col">"주소"</th>
                                                <th scope="col">"작업"</th>
                                                <th scope="col">"대상"</th>
                                                <th scope="col">"변경 전"</th>
                                                <th scope="col">"변경 후"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p
                                                .items
                                                .into_iter()
                                                .map(|e| {
                                                    view! {
                                                        <tr class="audit-row" data-action=e.action.clone()>
                                                            <td>{fmt_time(&e.at)}</td>
                                                            <td>{e.actor}</td>
                                                            <td>{e.address}</td>
                                                            <td>{e.action_text}</td>
                                                            <td>{e.target}</td>
                                                            <td class="detail">{e.before.unwrap_or_default()}</td>
                                                            <td class="detail">{e.after.unwrap_or_default()}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager page total=p.total per_page=p.per_page />
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner error" role="alert">
                                        {e.first_message()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </main>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(1i64);
    let log = LocalResource::new(move || {
        let q = filter.get().query();
        let p = page.get();
        async move { or_login(browser().access_log(&format!("{q}&page={p}"))).await }
    });
    let reviews = LocalResource::new(|| async { browser().privacy_reviews().await });
    let form = RwSignal::new(ReviewInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        let call = async move { browser().add_privacy_review(&input).await };
        submit(call, errors, banner, move |_| {
            form.set(ReviewInput::default());
            reviews.refetch();
        });
    };
    view! {
        <Title text="개인정보 열람 기록 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"개인정보 열람 기록"</h1>
            <p class="note">
                "첨부파일 열람과 내보내기(CSV·XLSX)는 모두 누가, 언제, 어디서, 어느 민원을, 어떤 목적으로 보았는지 남습니다. 2년 이상 보관하며 고치거나 지울 수 없습니다."
            </p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterInput filter id="access-user" label="사용자" get=|f| f.user.clone() set=|f, v| f.user = v />
                <FilterInput
                    filter
                    id="access-case"
                    label="접수번호"
                    get=|f| f.case.clone()
                    set=|f, v| f.case = v
                />
                <FilterInput
                    filter
                    id="access-from"
                    label="시작일"
                    kind="date"
                    get=|f| f.from.clone()
                    set=|f, v| f.from = v
                />
                <FilterInput
                    filter
                    id="access-to"
                    label="종료일"
                    kind="date"
                    get=|f| f.to.clone()
                    set=|f, v| f.to = v
                />
            </form>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    log.get()
                        .map(|r| match r {
                            Ok(p) => {
                                view! {
                                    <p class="note" id="access-total">
                                        {format!("{}건", p.total)}
                                    </p>
                                    <table class="queue-table" id="access-log">
                                        <thead>
                                            <tr>
                                                <th scope="col">"시각"</th>
                                                <th scope="col">"사용자"</th>
                                                <th scope="col">"주소"</th>
                                                <th scope="col">"민원"</th>
                                                <th scope="col">"열람"</th>
                                                <th scope="col">"목적"</th>
                                                <th scope="col">"내용"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p
                                                .items
                                                .into_iter()
                                                .map(|e| {
                                                    view! {
                                                        <tr class="access-row" data-what=e.what.clone()>
                                                            <td>{fmt_time(&e.at)}</td>
                                                            <td>{e.username}</td>
                                                            <td>{e.address}</td>
                                                            <td>{e.receipt_no.unwrap_or_default()}</td>
                                                            <td>{e.what_text}</td>
                                                            <td>{e.purpose}</td>
                                                            <td class="detail">{e.detail}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager page total=p.total per_page=p.per_page />
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner error" role="alert">
                                        {e.first_message()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
            <RetentionSection />
            <section>
                <h2>"점검 기록"</h2>
                <p class="note">
                    "개인정보의 안전성 확보조치 기준에 따라 열람 기록을 매월 점검하고 그 결과를 남깁니다."
                </p>
                <form class="form" id="review-form" on:submit=record>
                    <Banner message=banner />
                    <label class="field" for="period_from">
                        <span>"점검 기간 시작"</span>
                        <input
                            id="period_from"
                            type="date"
                            prop:value=move || form.with(|f| f.period_from.clone())
                            on:input=move |ev| form.update(|f| f.period_from = event_target_value(&ev))
                        />
                    </label>
                    <FieldMsg errors field="period_from" />
                    <label class="field" for="period_to">
                        <span>"점검 기간 끝"</span>
                        <input
                            id="period_to"
                            type="date"
                            prop:value=move || form.with(|f| f.period_to.clone())
                            on:input=move |ev| form.update(|f| f.period_to = event_target_value(&ev))
                        />
                    </label>
                    <FieldMsg errors field="period_to" />
                    <label class="field" for="findings">
                        <span>"점검 결과"</span>
                        <textarea
                            id="findings"
                            rows="3"
                            prop:value=move || form.with(|f| f.findings.clone())
                            on:input=move |ev| form.update(|f| f.findings = event_target_value(&ev))
                        ></textarea>
                    </label>
                    <FieldMsg errors field="findings" />
                    <button class="button primary" id="record-review" type="submit">
                        "점검 결과 기록"
                    </button>
                </form>
                <Suspense fallback=|| ()>
                    {move || {
                        reviews
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <ul class="reviews" id="reviews">
                                            {list
                                                .into_iter()
                                                .map(|r| {
                                                    view! {
                                                        <li>
                                                            {format!("{} ~ {}", r.period_from, r.period_to)} " · "
                                                            {r.reviewer} " · " {fmt_time(&r.reviewed_at)} <br />
                                                            {r.findings}
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <p class="banner error" role="alert">
                                            {e.first_message()}
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </section>
        </main>
    }
}

/// The retention purge on the privacy page: what is due, every run, and a button to run it
/// now (administrators; the scheduled job runs it anyway).
#[component]
fn RetentionSection() -> impl IntoView {
    let state = LocalResource::new(|| async { browser().retention().await });
    let banner = RwSignal::new(None::<String>);
    let run = move |_| {
        leptos::task::spawn_local(async move {
            match browser().run_retention().await {
                Ok(_) => {
                    banner.set(None);
                    state.refetch();
                }
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    view! {
        <section id="retention">
            <h2>"보존기간 경과 개인정보 파기"</h2>
            <Banner message=banner />
            <Suspense fallback=|| ()>
                {move || {
                    state
                        .get()
                        .map(|r| match r {
                            Ok(v) => {
                                view! {
                                    <p class="note" id="retention-due">
                                        {format!(
                                            "보존기간 {}년: {} 이전에 종결된 민원 {}건의 개인정보가 파기 대상입니다.",
                                            v.retention_years,
                                            fmt_time(&v.cutoff),
                                            v.due_cases,
                                        )}
                                        {v
                                            .oldest_closed_at
                                            .as_ref()
                                            .zip(v.newest_closed_at.as_ref())
                                            .map(|(o, n)| format!(" (종결 {} ~ {})", fmt_time(o), fmt_time(n)))}
                                    </p>
                                    {v
                                        .may_run
                                        .then(|| {
                                            view! {
                                                <button
                                                    class="button secondary"
                                                    id="run-retention"
                                                    type="button"
                                                    on:click=run
                                                >
                                                    "지금 파기"
                                                </button>
                                            }
                                        })}
                                    <ul class="reviews" id="purge-runs">
                                        {v
                                            .runs
                                            .into_iter()
                                            .map(|r| {
                                                view! {
                                                    <li>
                                                        {fmt_time(&r.ran_at)} " · " {r.ran_by} " · "
                                                        {format!("{}건 파기", r.cases)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner error" role="alert">
                                        {e.first_message()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
