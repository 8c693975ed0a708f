//! `/admin/notices`: administrators edit the wording of every notice (Korean and English,
//! named variables checked by the server) and send dead letters again.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, failed, fmt_time, or_login};
use crate::api::{OutboxChannelView, TemplateInput, TemplateView};
use crate::client::browser;
use crate::domain::{FieldErrors, check_template};

#[component]
pub fn AdminNoticesPage() -> impl IntoView {
    let templates = LocalResource::new(|| async { or_login(browser().notice_templates()).await });
    let dead = LocalResource::new(|| async { browser().outbox("state=dead").await });
    let channels = LocalResource::new(|| async { browser().outbox_summary().await });
    let banner = RwSignal::new(None::<String>);
    let retry = move |id: i64| {
        leptos::task::spawn_local(async move {
            match browser().retry_notice(id).await {
                Ok(_) => {
                    banner.set(None);
                    dead.refetch();
                    channels.refetch();
                }
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    view! {
        <Title text="알림 설정 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"알림 문안과 발송 실패"</h1>
            <Banner message=banner />
            <section>
                <h2>"발송 경로"</h2>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        channels
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <ul class="channels" id="channels">
                                            {list.into_iter().map(|c| view! { <ChannelLine c /> }).collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                                Err(e) => failed(&e),
                            })
                    }}
                </Suspense>
            </section>
            <section>
                <h2>"발송 실패 (재발송 대기)"</h2>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        dead.get()
                            .map(|r| match r {
                                Ok(list) if list.is_empty() => {
                                    view! {
                                        <p class="note" id="no-dead">
                                            "발송에 실패한 알림이 없습니다."
                                        </p>
                                    }
                                        .into_any()
                                }
                                Ok(list) => {
                                    view! {
                                        <table class="queue-table" id="dead-letters">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"접수번호"</th>
                                                    <th scope="col">"알림"</th>
                                                    <th scope="col">"경로·수신"</th>
                                                    <th scope="col">"시도"</th>
                                                    <th scope="col">"오류"</th>
                                                    <th scope="col">""</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|n| {
                                                        let id = n.id;
                                                        view! {
                                                            <tr>
                                                                <td>{n.receipt_no.clone().unwrap_or_default()}</td>
                                                                <td>{n.notice_text.clone()}</td>
                                                                <td>{n.channel.ko()} " · " {n.recipient.clone()}</td>
                                                                <td>{n.attempts} " · " {fmt_time(&n.created_at)}</td>
                                                                <td class="detail">
                                                                    {n.last_error.clone().unwrap_or_default()}
                                                                </td>
                                                                <td>
                                                                    <button
                                                                        class="button secondary retry"
                                                                        on:click=move |_| retry(id)
                                                                    >
                                                                        "다시 보내기"
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
            </section>
            <section>
                <h2>"알림 문안"</h2>
                <p class="note">
                    "{변수} 는 보낼 때 채워집니다. 중괄호 자체는 {{ 와 }} 로 씁니다."
                </p>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        templates
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    list.into_iter()
                                        .map(|t| view! { <TemplateForm t on_saved=move || templates.refetch() /> })
                                        .collect_view()
                                        .into_any()
                                }
                                Err(e) => failed(&e),
                            })
                    }}
                </Suspense>
            </section>
        </main>
    }
}

/// One channel: whether it can send, and what waits, went and failed on it.
#[component]
fn ChannelLine(c: OutboxChannelView) -> impl IntoView {
    let counts = format!(
        "{}: 대기 {} · 보냄 {} · 실패 {} · 보류 {}{}",
        c.channel_text,
        c.pending,
        c.sent,
        c.dead,
        c.withheld,
        c.oldest_pending_at.map(|t| format!(" (가장 오래 기다린 알림 {})", fmt_time(&t))).unwrap_or_default()
    );
    let id = format!("channel-{}", c.channel.as_str());
    match c.note {
        Some(note) => view! {
            <li id=id data-configured="false">
                <p class="banner warn" role="status">
                    {note}
                </p>
                <p class="note">{counts}</p>
            </li>
        }
        .into_any(),
        None => view! {
            <li id=id data-configured="true">
                <p>{format!("✔ 발송 가능 · {counts}")}</p>
            </li>
        }
        .into_any(),
    }
}

#[component]
fn TemplateForm(t: TemplateView, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let key = format!("{}-{}", t.notice.as_str(), t.lang.as_str());
    let (notice_code, lang_code) = (t.notice.as_str(), t.lang.as_str());
    let form = RwSignal::new(TemplateInput { subject: t.subject.clone(), body: t.body.clone() });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let notice = t.notice;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        // The same check as the server's, before sending.
        let mut e = FieldErrors::default();
        e.take("subject", check_template(notice, &input.subject));
        e.take("body", check_template(notice, &input.body));
        errors.set(e.clone());
        if !e.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match browser().put_notice_template(notice_code, lang_code, &input).await {
                Ok(_) => {
                    banner.set(None);
                    on_saved();
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let reset = move |_| {
        leptos::task::spawn_local(async move {
            match browser().reset_notice_template(notice_code, lang_code).await {
                Ok(()) => on_saved(),
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    let subject_id = format!("{key}-subject");
    let body_id = format!("{key}-body");
    let (subject_for, body_for) = (subject_id.clone(), body_id.clone());
    let lang = if t.lang == crate::domain::Lang::En { "English" } else { "한국어" };
    view! {
        <form class="template-form" id=format!("template-{key}") on:submit=save>
            <h3>
                {t.notice_text.clone()} " · " {lang}
                {t
                    .customized
                    .then(|| {
                        view! { <span class="badge">"수정됨 " {t.updated_by.clone().unwrap_or_default()}</span> }
                    })}
            </h3>
            <Banner message=banner />
            <p class="note">
                "쓸 수 있는 변수: " {t.variables.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(" ")}
            </p>
            <label class="field" for=subject_for>
                <span>"제목"</span>
                <input
                    id=subject_id
                    prop:value=move || form.with(|f| f.subject.clone())
                    on:input=move |ev| form.update(|f| f.subject = event_target_value(&ev))
                />
            </label>
            <FieldMsg errors field="subject" />
            <label class="field" for=body_for>
                <span>"본문"</span>
                <textarea
                    id=body_id
                    rows="5"
                    prop:value=move || form.with(|f| f.body.clone())
                    on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="body" />
            <button class="button primary" type="submit">
                "저장"
            </button>
            {t
                .customized
                .then(|| {
                    view! {
                        <button class="button secondary" type="button" on:click=reset>
                            "기본 문안으로"
                        </button>
                    }
                })}
        </form>
    }
}
