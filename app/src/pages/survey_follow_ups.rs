//! `/survey-follow-ups`: the dissatisfied survey responses (불만족 민원 추가 답변). Each has
//! three business days; the VOC manager reaches the complainant, records what was said, and
//! may send the case back to work. Open ones come first, soonest due first, with their clock.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, failed, fmt_time, or_login, submit};
use crate::api::SurveyFollowUpView;
use crate::client::browser;
use crate::domain::{FieldErrors, FollowUpContact, SurveyFollowUpInput, format_business};

#[component]
pub fn SurveyFollowUpsPage() -> impl IntoView {
    // Owned by the page, not by the list that reloads under it.
    let _lang = crate::i18n::use_lang();
    let list = LocalResource::new(|| async { or_login(browser().survey_follow_ups("")).await });
    let on_change = move || list.refetch();
    view! {
        <Title text="불만족 추가 답변 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"불만족 민원 추가 답변"</h1>
            <p class="note">
                "만족도 조사에서 전반적 만족도나 처리결과 만족도를 낮게 준 민원인에게 3근무일 안에 다시 연락해 설명하고, 한 일을 기록합니다. 필요하면 민원을 재조사로 되돌립니다."
            </p>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(items) if items.is_empty() => {
                                view! {
                                    <p class="note" id="no-follow-ups">
                                        "추가 답변할 불만족 응답이 없습니다."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(items) => {
                                let open = items.iter().filter(|f| f.done_at.is_none()).count();
                                view! {
                                    <p class="meta" id="follow-up-count">
                                        "처리할 추가 답변 "
                                        <strong>{open}</strong>
                                        "건"
                                    </p>
                                    <ul class="material-list" id="follow-up-list">
                                        {items
                                            .into_iter()
                                            .map(|f| view! { <FollowUpItem f on_change /> })
                                            .collect_view()}
                                    </ul>
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
fn FollowUpItem(f: SurveyFollowUpView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = f.id;
    let clock = if f.done_at.is_some() {
        None
    } else if f.overdue {
        Some(view! { <strong class="late">" 기한 경과 "{format_business(-f.remaining_secs)}</strong> }.into_any())
    } else {
        Some(view! { <strong>" 남은 시간 "{format_business(f.remaining_secs)}</strong> }.into_any())
    };
    view! {
        <li class="material" class:overdue=f.overdue id=format!("follow-up-{id}")>
            <h2>
                <a href=format!("/cases/{}", f.case_id)>{f.receipt_no.clone()}</a>
                " · "
                {f.kind.ko()}
                " · "
                {f.department.clone().unwrap_or_else(|| "미배정".into())}
            </h2>
            <p class="meta">
                "전반적 만족도 "<strong>{f.overall}</strong>" · 처리결과 만족도 "
                <strong>{f.result}</strong>" (5점 만점) · 응답 "{fmt_time(&f.opened_at)}" · 기한 "
                {fmt_time(&f.due_at)}{clock}
            </p>
            {f.comment.clone().map(|c| view! { <blockquote class="question">{c}</blockquote> })}
            {match (f.done_at, f.can_complete) {
                (Some(done), _) => {
                    view! {
                        <p class="answered">
                            <strong>{f.contact_label.clone().unwrap_or_default()}</strong>
                            ": "
                            {f.note.clone().unwrap_or_default()}
                            {f.reopened.then_some(" (재조사로 되돌림)")}
                            <small>
                                " — "{f.done_by.clone().unwrap_or_default()}" · "{fmt_time(&done)}
                                {if f.on_time == Some(true) { " · 기한 내" } else { " · 기한 후" }}
                            </small>
                        </p>
                    }
                        .into_any()
                }
                (None, true) => view! { <FollowUpForm id on_change /> }.into_any(),
                (None, false) => view! { <p class="note">"VOC 통합관리자 처리 대기"</p> }.into_any(),
            }}
        </li>
    }
}

#[component]
fn FollowUpForm(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form =
        RwSignal::new(SurveyFollowUpInput { contact: FollowUpContact::Called.as_str().into(), ..Default::default() });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().complete_follow_up(id, &input).await }, errors, banner, move |_| on_change());
    };
    let contacts =
        FollowUpContact::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.ko()}</option> }).collect_view();
    let (contact_id, note_id, reopen_id) =
        (format!("follow-up-contact-{id}"), format!("follow-up-note-{id}"), format!("follow-up-reopen-{id}"));
    view! {
        <form class="inline-form follow-up-form" on:submit=send>
            <Banner message=banner />
            <label class="field" for=contact_id.clone()>
                <span>"연락 방법"</span>
                <select id=contact_id.clone() on:change=move |ev| form.update(|f| f.contact = event_target_value(&ev))>
                    {contacts}
                </select>
            </label>
            <FieldMsg errors field="contact" id=format!("{contact_id}-error") />
            <label class="field" for=note_id.clone()>
                <span>"안내한 내용과 조치"</span>
                <textarea
                    id=note_id.clone()
                    rows="3"
                    prop:value=move || form.with(|f| f.note.clone())
                    on:input=move |ev| form.update(|f| f.note = event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="note" id=format!("{note_id}-error") />
            <label class="check">
                <input
                    type="checkbox"
                    id=reopen_id
                    prop:checked=move || form.with(|f| f.reopen)
                    on:change=move |ev| form.update(|f| f.reopen = event_target_checked(&ev))
                />
                " 민원을 재조사로 되돌림 (안내한 내용이 그 사유가 됩니다)"
            </label>
            <button class="button primary record-follow-up" type="submit">
                "기록"
            </button>
        </form>
    }
}
