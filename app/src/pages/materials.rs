//! `/materials`: the material requests other departments sent to mine — unanswered ones
//! first, soonest due first — each answered in place.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, StaffHeader, failed, fmt_time, or_login};
use crate::api::{MaterialAnswerInput, MaterialView};
use crate::client::{browser, links};
use crate::domain::{FieldErrors, reply_text};

#[component]
pub fn MaterialsPage() -> impl IntoView {
    let list = LocalResource::new(|| async { or_login(browser().materials()).await });
    // Replies being typed, by request: a live reload re-renders the list and must not lose them.
    let drafts = RwSignal::new(std::collections::HashMap::<i64, String>::new());
    // Browser only: reloads when a request to this department is made or answered.
    Effect::new(move |_| {
        let (task, abort) = futures::future::abortable(follow(move || list.refetch()));
        leptos::task::spawn_local(async move {
            let _ = task.await;
        });
        on_cleanup(move || abort.abort());
    });
    view! {
        <Title text="자료 요청 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"우리 부서에 온 자료 요청"</h1>
            <p class="note">
                "다른 부서가 민원 처리에 필요한 자료를 요청했습니다. 기한(기본: 요청 다음 근무일) 안에 회신해 주세요. 기한이 다가오거나 지나면 부서 담당자와 부서장에게 알림 메일이 갑니다."
            </p>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Ok(items) if items.is_empty() => {
                                view! {
                                    <p class="note" id="no-materials">
                                        "받은 자료 요청이 없습니다."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(items) => {
                                view! {
                                    <ul class="material-list" id="material-queue">
                                        {items
                                            .into_iter()
                                            .map(|m| view! { <MaterialItem m drafts on_done=move || list.refetch() /> })
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
fn MaterialItem(
    m: MaterialView,
    drafts: RwSignal<std::collections::HashMap<i64, String>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = m.id;
    let answer = RwSignal::new(drafts.with_untracked(|d| d.get(&id).cloned().unwrap_or_default()));
    let typed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        drafts.update_untracked(|d| {
            d.insert(id, text.clone());
        });
        answer.set(text);
    };
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The same check as the server's, so an empty reply is refused without a round trip.
        if let Err(e) = reply_text(&answer.get_untracked()) {
            let mut errs = FieldErrors::default();
            errs.add("answer", e);
            errors.set(errs);
            return;
        }
        let body = MaterialAnswerInput { answer: answer.get_untracked() };
        leptos::task::spawn_local(async move {
            match browser().answer_material(id, &body).await {
                Ok(_) => on_done(),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let field = format!("material-answer-{id}");
    view! {
        <li class="material" class:overdue=m.overdue id=format!("material-{id}")>
            <h2>
                <span class="material-receipt">{m.receipt_no.clone()}</span>
                " "
                {m.kind.ko()}
                " · "
                {m.from_department.clone().unwrap_or_else(|| "미배정".into())}
                " → "
                {m.department_name.clone()}
            </h2>
            <p class="meta">
                "요청 " {m.requested_by.clone()} " · " {fmt_time(&m.requested_at)} " · 기한 "
                <strong>{fmt_time(&m.due_at)}</strong>
                {m.overdue.then(|| view! { <strong class="late">" (기한 경과)"</strong> })}
            </p>
            <blockquote class="question">{m.question.clone()}</blockquote>
            {m.facility.clone().map(|f| view! { <p class="meta">"시설: " {f}</p> })}
            {match m.answer.clone() {
                Some(a) => {
                    view! {
                        <p class="answered">
                            "회신: " {a}
                            <small>
                                " — " {m.answered_by.clone().unwrap_or_default()} " · "
                                {m.answered_at.as_ref().map(fmt_time).unwrap_or_default()}
                            </small>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <form class="inline-form" on:submit=submit>
                            <Banner message=banner />
                            <label class="field" for=field.clone()>
                                <span>"회신 내용"</span>
                                <textarea
                                    id=field.clone()
                                    rows="3"
                                    prop:value=move || answer.get()
                                    on:input=typed
                                ></textarea>
                            </label>
                            <p class="field-error" id=format!("{field}-error") role="alert" aria-live="polite">
                                {move || errors.with(|e| e.get("answer").map(|m| format!("{} ({})", m.ko, m.en)))}
                            </p>
                            <button class="button answer-material" type="submit">
                                "회신"
                            </button>
                        </form>
                    }
                        .into_any()
                }
            }}
        </li>
    }
}

/// Calls `reload` on every `ready` and `material` event of `/api/v1/events`, reconnecting when
/// the browser gives up on the stream.
async fn follow(reload: impl Fn() + 'static) {
    use futures::StreamExt;
    loop {
        if let Ok(mut es) = gloo_net::eventsource::futures::EventSource::new(&links::events())
            && let (Ok(ready), Ok(material)) = (es.subscribe("ready"), es.subscribe("material"))
        {
            let mut stream = futures::stream::select(ready, material);
            while let Some(Ok(_)) = stream.next().await {
                reload();
            }
        }
        gloo_timers::future::sleep(std::time::Duration::from_secs(2)).await;
    }
}
