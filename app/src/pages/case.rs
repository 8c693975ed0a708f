//! `/cases/:id`: one case for the officer — content, contact (masked), history — and the
//! answer form that closes it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::answer_templates::TemplatePicker;
use super::case_actions::{CaseActions, NoticeList};
use super::common::{Banner, ContactOf, FieldMsg, Reveal, StaffHeader, confirmed, fmt_time, or_login};
use super::contact_log::ContactLogPanel;
use super::follow_up::FollowUpPanel;
use crate::api::{Me, StaffCaseView};
use crate::client::{browser, links};
use crate::domain::{
    AnswerInput, CALL_BACK_PURPOSES, CaseStatus, FieldErrors, PauseInput, PauseReason, format_business,
};

#[component]
pub fn CasePage() -> impl IntoView {
    // One language signal for the whole page, owned here: field messages under the case
    // (rebuilt on every reload of it) must not own it, or a reload disposes the one they share.
    let _lang = crate::i18n::use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let case = LocalResource::new(move || {
        let id = id();
        async move { or_login(browser().case(id)).await }
    });
    let me = LocalResource::new(|| async { browser().me().await });

    view! {
        <Title text="민원 상세 · 고객의 소리" />
        <StaffHeader />
        <main class="case">
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    let me = me.get()?.ok()?;
                    case.get()
                        .map(|r| match r {
                            Ok(c) => {
                                let on_change = move |view| case.set(Some(Ok(view)));
                                // Every action answers the case's new view: it is shown as
                                // it is, without reading the case again.
                                view! { <CaseDetail case=c me on_change /> }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <div class="banner error" role="alert">
                                        {e.message()}
                                    </div>
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
fn CaseDetail(
    case: StaffCaseView,
    me: Me,
    on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static,
) -> AnyView {
    // Decided on the server, under the kind's current policy; the page only shows it.
    let may = case.actions;
    let contact = [
        ("이름", case.name_masked.clone()),
        ("전화번호", case.phone_masked.clone()),
        ("이메일", case.email_masked.clone()),
        ("주소", case.address_masked.clone()),
        // As the complainant chose; the answer still goes by the consents below.
        ("답변 받을 방법", case.reply_by.map(|m| m.ko().to_owned())),
    ]
    .into_iter()
    .map(|(k, v)| {
        view! {
            <dt>{k}</dt>
            <dd>{v.unwrap_or_else(|| "-".into())}</dd>
        }
    })
    .collect_view();
    let consent = format!(
        "문자 {} · 이메일 {} · 공개 {}",
        if case.consent.sms { "동의" } else { "미동의" },
        if case.consent.email { "동의" } else { "미동의" },
        if case.consent.publish { "동의" } else { "미동의" }
    );
    let history = case
        .history
        .iter()
        .map(|h| {
            view! {
                <li>
                    <time>{fmt_time(&h.at)}</time>
                    " "
                    <strong>{h.actor.clone()}</strong>
                    " · "
                    {h.action.clone()}
                    " "
                    <span class="detail">{h.detail.clone()}</span>
                    {(h.before.is_some() || h.after.is_some())
                        .then(|| {
                            format!(
                                " ({} → {})",
                                h.before.clone().unwrap_or_else(|| "-".into()),
                                h.after.clone().unwrap_or_else(|| "-".into()),
                            )
                        })}
                </li>
            }
        })
        .collect_view();
    // The written notice exists once the answered case is closed.
    let letter = (case.status == CaseStatus::Closed).then(|| links::staff_notice_pdf(case.id));
    let answer = case.answer.clone().map(|a| {
        view! {
            <section class="answer-view">
                <h2>"답변 (" {fmt_time(&a.answered_at)} ")"</h2>
                <h3>"처리결과"</h3>
                <p class="pre">{a.result}</p>
                <h3>"처리근거"</h3>
                <p class="pre">{a.basis}</p>
                <h3>"이의신청 방법"</h3>
                <p class="pre">{a.appeal}</p>
                {letter
                    .map(|href| {
                        view! {
                            <p>
                                <a class="button" id="letter-link" href=href rel="external" download>
                                    "결과 통지서 인쇄용 PDF"
                                </a>
                            </p>
                        }
                    })}
            </section>
        }
    });
    let id = case.id;
    view! {
        <h1>
            {case.receipt_no.clone()} " " <span class="badge">{case.kind.ko()}</span> " "
            <span class="badge status" id="case-status">
                {case.status.ko()}
            </span>
        </h1>
        <dl class="facts">
            <dt>"접수경로"</dt>
            <dd id="case-channel">
                {case.channel.ko()}
                {case.agency.clone().map(|a| format!(" · {a} {}", case.agency_ref.clone().unwrap_or_default()))}
            </dd>
            <dt>"시설"</dt>
            <dd>{case.facility_name.clone().unwrap_or_else(|| "-".into())}</dd>
            <dt>"처리부서"</dt>
            <dd id="case-department">{case.department_name.clone().unwrap_or_else(|| "미배정".into())}</dd>
            <dt>"담당자"</dt>
            <dd id="case-assignee">{case.assignee_name.clone().unwrap_or_else(|| "-".into())}</dd>
            <dt>"접수일시"</dt>
            <dd>{fmt_time(&case.received_at)}</dd>
            <dt>"처리기한"</dt>
            <dd id="case-due">
                {fmt_time(&case.due_at)}
                {case.original_due_at.as_ref().map(|o| format!(" (연장 · 종전 기한 {})", fmt_time(o)))}
            </dd>
            <dt>"중간안내 기한"</dt>
            <dd>{case.interim_due_at.as_ref().map(fmt_time).unwrap_or_else(|| "-".into())}</dd>
            <dt>"남은 근무시간"</dt>
            <dd id="case-clock">
                {format_business(case.clock.remaining)}
                {if case.clock.paused {
                    " · 일시정지"
                } else if !case.clock.running {
                    " · 정지(근무시간 외)"
                } else {
                    ""
                }} {(case.clock.remaining < 0).then_some(" · 기한 초과")}
            </dd>
            {contact}
            <dt>"수신 동의"</dt>
            <dd id="case-consent">
                {consent}
                {case
                    .consent_at
                    .as_ref()
                    .map(|t| {
                        format!(" ({} · 안내문 {})", fmt_time(t), case.consent_version.clone().unwrap_or_default())
                    })}
            </dd>
        </dl>
        {may
            .show_contact
            .then(|| {
                let purposes = CALL_BACK_PURPOSES.iter().map(|&p| p.to_owned()).collect::<Vec<_>>();
                view! { <Reveal key="case" whose=ContactOf::Case(id) purposes /> }.into_any()
            })}
        {view! { <ContactLogPanel case=case.clone() on_change /> }.into_any()}
        <section>
            <h2>"민원 내용"</h2>
            <p class="pre content">{case.content.clone()}</p>
        </section>
        {(!case.attachments.is_empty()).then(|| view! { <Attachments list=case.attachments.clone() /> }.into_any())}
        {case
            .closure_reason
            .clone()
            .map(|r| {
                view! {
                    <p class="banner ok" id="closure-reason">
                        {r}
                    </p>
                }
            })}
        {answer}
        {(!case.pauses.is_empty()).then(|| view! { <PauseList pauses=case.pauses.clone() /> })}
        {may.resume.then(|| view! { <ResumeButton id on_change /> })}
        {may.pause.then(|| view! { <PauseForm id on_change /> })}
        <CaseActions case=case.clone() on_change />
        {may.answer.then(|| view! { <AnswerForm id on_change /> })}
        // Erased: the case page's view type is deep enough to hit the compiler's limit.
        {view! { <FollowUpPanel case=case.clone() me=me.clone() on_change /> }.into_any()}
        <NoticeList id />
        <section class="history">
            <h2>"처리 이력"</h2>
            <ol>{history}</ol>
        </section>
    }
    .into_any()
}

#[component]
fn AnswerForm(id: i64, on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(AnswerInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        if !confirmed("답변을 보내면 민원이 종결되고 민원인에게 결과가 통지됩니다. 보낼까요?")
        {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().answer(id, &input).await {
                Ok(view) => on_change(view),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    let area = move |field: &'static str, label: &'static str| {
        let get = move || {
            form.with(|f| match field {
                "result" => f.result.clone(),
                "basis" => f.basis.clone(),
                _ => f.appeal.clone(),
            })
        };
        view! {
            <label class="field" for=field>
                <span>{label}</span>
                <textarea
                    id=field
                    name=field
                    rows="4"
                    aria-describedby=format!("{field}-error")
                    prop:value=get
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| match field {
                            "result" => f.result = v,
                            "basis" => f.basis = v,
                            _ => f.appeal = v,
                        })
                    }
                ></textarea>
            </label>
            <FieldMsg errors field />
        }
    };
    view! {
        <form class="answer-form" on:submit=submit>
            <h2>"답변 작성"</h2>
            <Banner message=banner />
            <TemplatePicker case_id=id form id="answer-template" />
            {area("result", "처리결과")}
            {area("basis", "처리근거")}
            {area("appeal", "이의신청 방법")}
            <button class="button primary" id="send-answer" type="submit" prop:disabled=move || busy.get()>
                "답변하고 종결"
            </button>
        </form>
    }
}

#[component]
fn PauseList(pauses: Vec<crate::api::PauseView>) -> impl IntoView {
    let rows = pauses
        .into_iter()
        .map(|p| {
            view! {
                <li>
                    <strong>{p.reason_text}</strong>
                    " · "
                    {p.note}
                    " · "
                    {fmt_time(&p.started_at)}
                    " ~ "
                    {p.ended_at.as_ref().map(fmt_time).unwrap_or_else(|| "진행 중".into())}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pauses">
            <h2>"처리 중지 기록"</h2>
            <ul id="pause-list">{rows}</ul>
        </section>
    }
}

#[component]
fn ResumeButton(id: i64, on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let banner = RwSignal::new(None::<String>);
    let resume = move |_| {
        leptos::task::spawn_local(async move {
            match browser().resume(id).await {
                Ok(view) => on_change(view),
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    view! {
        <Banner message=banner />
        <p class="note">"처리 중지 중입니다. 기한 시계가 멈춰 있습니다."</p>
        <button class="button primary" id="resume" on:click=resume>
            "처리 재개"
        </button>
    }
}

#[component]
fn PauseForm(id: i64, on_change: impl Fn(StaffCaseView) + Copy + Send + Sync + 'static) -> impl IntoView {
    let form =
        RwSignal::new(PauseInput { reason: PauseReason::AwaitingComplainant.as_str().into(), note: String::new() });
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        leptos::task::spawn_local(async move {
            match browser().pause(id, &input).await {
                Ok(view) => on_change(view),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let options =
        PauseReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.ko()}</option> }).collect_view();
    view! {
        <details class="pause-form">
            <summary>"처리 중지 (기한 정지)"</summary>
            <form on:submit=submit>
                <Banner message=banner />
                <label class="field" for="pause-reason">
                    <span>"사유"</span>
                    <select id="pause-reason" on:change=move |ev| form.update(|f| f.reason = event_target_value(&ev))>
                        {options}
                    </select>
                </label>
                <FieldMsg errors field="reason" />
                <label class="field" for="pause-note">
                    <span>"내용"</span>
                    <input
                        id="pause-note"
                        prop:value=move || form.with(|f| f.note.clone())
                        on:input=move |ev| form.update(|f| f.note = event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field="note" />
                <button class="button" id="pause" type="submit">
                    "처리 중지"
                </button>
            </form>
        </details>
    }
}

/// The files the complainant attached: photos shown small (JPEG and PNG; browsers cannot draw
/// HEIC), every file as a link.
#[component]
fn Attachments(list: Vec<crate::api::AttachmentView>) -> impl IntoView {
    use crate::domain::MediaKind;
    view! {
        <section id="attachments">
            <h2>"첨부파일"</h2>
            <ul class="attachments">
                {list
                    .into_iter()
                    .map(|a| {
                        let thumb = matches!(a.media_kind, MediaKind::Jpeg | MediaKind::Png)
                            .then(|| {
                                view! { <img class="thumb" src=a.url.clone() alt=a.file_name.clone() loading="lazy" /> }
                            });
                        view! {
                            <li>
                                {thumb} <a href=a.url.clone() target="_blank" rel="noopener">
                                    {a.file_name.clone()}
                                </a>
                                <span class="note">
                                    {format!(
                                        " · {} · {} KB",
                                        a.media_kind.as_str().to_uppercase(),
                                        (a.size_bytes + 1023) / 1024,
                                    )}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
