//! The good-practice library (우수사례): `/good-practices` lists the entries the reader sees
//! (shared ones for everyone; proposals and declined ones for the VOC office and their
//! department) with filters, and the VOC office shares or declines proposals there. The case
//! page proposes a closed case ([`PracticeProposal`]). What a reader may do comes from the
//! server (`actions`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, TextArea, TextField, failed, fmt_time, latest, or_login, submit};
use crate::api::{CasePractice, PracticeView, StaffCaseView};
use crate::client::browser;
use crate::domain::{FieldErrors, PracticeDecisionInput, PracticeInput, PracticeKind, PracticeState};

/// The case page's part: where the case stands in the library, and the proposal form while it
/// may be proposed (closed, no live entry).
#[component]
pub fn PracticeProposal(
    id: i64,
    may: bool,
    practice: Option<CasePractice>,
    staff_name: Option<String>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let open = practice.as_ref().is_none_or(|p| p.state == PracticeState::Declined);
    let standing = practice.map(|p| {
        let reason = p.decline_reason.map(|r| format!(" · 사유: {r}"));
        view! {
            <p id="case-practice" data-state=p.state.as_str()>
                <strong>"우수사례: "</strong>
                {format!("{} ({}) · {}", p.title, p.kind_label, p.state_label)}
                {reason}
                " "
                <a href="/good-practices">"우수사례 보기"</a>
            </p>
        }
    });
    view! {
        {standing}
        {(may && open).then(|| view! { <ProposalForm id staff_name=staff_name.clone() on_change /> })}
    }
}

#[component]
fn ProposalForm(
    id: i64,
    staff_name: Option<String>,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let kind = RwSignal::new(PracticeKind::Good.as_str().to_owned());
    let title = RwSignal::new(String::new());
    let situation = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let lesson = RwSignal::new(String::new());
    let staff = RwSignal::new(staff_name.unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PracticeInput {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            situation: situation.get_untracked(),
            action: action.get_untracked(),
            lesson: lesson.get_untracked(),
            staff_name: staff.get_untracked(),
        };
        // The browser has only masked contacts: the server checks the texts against them in full.
        if let Err(e) = input.validate(&[]) {
            errors.set(e);
            return;
        }
        // A proposal answers the practice, not the case: the case is read again to show it.
        let call = async move {
            let c = browser();
            c.propose_practice(id, &input).await?;
            c.case(id).await
        };
        submit(call, errors, banner, on_change);
    };
    view! {
        <details class="inline-form" id="practice-form">
            <summary>"우수사례로 추천"</summary>
            <form on:submit=send>
                <p class="note">
                    "모든 직원이 읽습니다. 민원인의 성명·연락처 등 개인을 알아볼 수 있는 내용은 적지 마세요. VOC 총괄부서가 검토해 공유합니다."
                </p>
                <Banner message=banner />
                <label class="field" for="practice-kind">
                    <span>"구분"</span>
                    <select id="practice-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {PracticeKind::ALL
                            .iter()
                            .map(|k| {
                                view! {
                                    <option value=k.as_str() selected=*k == PracticeKind::Good>
                                        {k.ko()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <FieldMsg errors field="kind" id="practice-kind-error" />
                <TextField id="practice-title" label="제목" value=title errors field="title" />
                <TextArea id="practice-situation" label="상황" value=situation errors field="situation" />
                <TextArea id="practice-action" label="조치" value=action errors field="action" />
                <TextArea id="practice-lesson" label="시사점" value=lesson errors field="lesson" />
                <TextField
                    id="practice-staff"
                    label="칭찬할 직원 (선택)"
                    value=staff
                    errors
                    field="staff_name"
                />
                <button class="button primary" id="propose-practice" type="submit">
                    "추천하기"
                </button>
            </form>
        </details>
    }
}

#[component]
pub fn GoodPracticesPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let kind = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    // The query sent: set on 찾기, so typing does not fetch on every key.
    let query = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let q = query.get();
        async move { or_login(browser().good_practices(q.trim_start_matches('?'))).await }
    });
    // An entry a decision returns replaces its card: no second fetch.
    let (current, failure) = latest(loaded);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        for (name, value) in [("kind", kind.get_untracked()), ("state", state.get_untracked())] {
            if !value.is_empty() {
                parts.push(format!("{name}={value}"));
            }
        }
        let w = words.get_untracked();
        if !w.trim().is_empty() {
            parts.push(format!("q={}", super::common::js_encode(w.trim())));
        }
        query.set(if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) });
    };
    let replace = move |p: PracticeView| {
        current.update(|l| {
            if let Some(slot) = l.as_mut().and_then(|l| l.items.iter_mut().find(|x| x.id == p.id)) {
                *slot = p;
            }
            if let Some(l) = l.as_mut() {
                l.waiting = i64::try_from(l.items.iter().filter(|x| x.state == PracticeState::Proposed).count())
                    .unwrap_or(l.waiting);
            }
        });
    };
    let list = move || {
        current.get().map(|l| {
            let waiting = (l.waiting > 0).then(|| {
                view! {
                    <p class="banner" id="practice-waiting" role="status">
                        {format!("검토를 기다리는 추천 {}건", l.waiting)}
                    </p>
                }
            });
            let cards = if l.items.is_empty() {
                view! { <p id="practice-empty">"조건에 맞는 사례가 없습니다."</p> }.into_any()
            } else {
                view! {
                    <ul class="practice-list" id="practice-list">
                        {l.items.into_iter().map(|p| view! { <PracticeCard p replace /> }).collect_view()}
                    </ul>
                }
                .into_any()
            };
            view! {
                {waiting}
                {cards}
            }
        })
    };
    let select =
        |id: &'static str, label: &'static str, value: RwSignal<String>, options: Vec<(&'static str, &'static str)>| {
            view! {
                <label class="field" for=id>
                    <span>{label}</span>
                    <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="">"전체"</option>
                        {options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                    </select>
                </label>
            }
        };
    view! {
        <Title text="우수사례 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"우수사례"</h1>
            <p class="note">
                "종결된 민원 가운데 본받을 처리와, 되풀이하지 않아야 할 교훈을 모든 직원과 나눕니다. 부서가 사례 화면에서 추천하면 VOC 총괄부서가 검토해 공유합니다."
            </p>
            <form class="filters" id="practice-filters" on:submit=search>
                {select(
                    "practice-filter-kind",
                    "구분",
                    kind,
                    PracticeKind::ALL.iter().map(|k| (k.as_str(), k.ko())).collect(),
                )}
                {select(
                    "practice-filter-state",
                    "상태",
                    state,
                    PracticeState::ALL.iter().map(|s| (s.as_str(), s.ko())).collect(),
                )}
                <label class="field" for="practice-filter-q">
                    <span>"낱말"</span>
                    <input
                        id="practice-filter-q"
                        type="search"
                        autocomplete="off"
                        prop:value=move || words.get()
                        on:input=move |ev| words.set(event_target_value(&ev))
                    />
                </label>
                <button class="button secondary" id="practice-search" type="submit">
                    "찾기"
                </button>
            </form>
            {move || failure.get().map(|e| failed(&e))}
            {list}
        </main>
    }
}

#[component]
fn PracticeCard(p: PracticeView, replace: impl Fn(PracticeView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = p.id;
    let who = [p.department.clone(), p.staff_name.clone().map(|s| format!("칭찬 직원 {s}"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let decided = p.decided_by.clone().map(|by| {
        let at = p.decided_at.as_ref().map(fmt_time).unwrap_or_default();
        let reason = p.decline_reason.clone().map(|r| format!(" · 사유: {r}"));
        view! { <p class="meta">{format!("결정: {by} · {at}")} {reason}</p> }
    });
    view! {
        <li class="practice" id=format!("practice-{id}") data-state=p.state.as_str() data-kind=p.kind.as_str()>
            <h2>{p.title.clone()}</h2>
            <p class="meta">
                <span class="tag">{p.kind_label.clone()}</span>
                " "
                <span class="tag">{p.state_label.clone()}</span>
                " "
                {format!(
                    "{} · {} · 추천 {} {}",
                    p.receipt_no,
                    p.case_kind_label,
                    p.proposed_by,
                    fmt_time(&p.proposed_at),
                )}
            </p>
            {(!who.is_empty()).then(|| view! { <p class="meta">{who}</p> })}
            <dl>
                <dt>"상황"</dt>
                <dd class="pre">{p.situation.clone()}</dd>
                <dt>"조치"</dt>
                <dd class="pre">{p.action.clone()}</dd>
                <dt>"시사점"</dt>
                <dd class="pre">{p.lesson.clone()}</dd>
            </dl>
            {decided}
            {p.actions.decide.then(|| view! { <Decision id replace /> })}
        </li>
    }
}

/// Share a proposal, or decline it with a reason.
#[component]
fn Decision(id: i64, replace: impl Fn(PracticeView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |share: bool| {
        let input = PracticeDecisionInput { share, reason: reason.get_untracked() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().decide_practice(id, &input).await }, errors, banner, replace);
    };
    view! {
        <div class="inline-form decision">
            <Banner message=banner />
            <button class="button primary" type="button" id=format!("share-{id}") on:click=move |_| send(true)>
                "전 직원과 공유"
            </button>
            <TextField
                id=format!("decline-reason-{id}")
                label="채택하지 않는 사유"
                value=reason
                errors
                field="reason"
            />
            <button class="button secondary" type="button" id=format!("decline-{id}") on:click=move |_| send(false)>
                "채택하지 않음"
            </button>
        </div>
    }
}
