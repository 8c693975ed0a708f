//! `/track/:receipt_no?token=…`: the complainant follows the case and reads the answer.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::common::{Banner, FieldMsg, fmt_time};
use crate::api::{self, AmendInput, PublicCaseView};
use crate::domain::{Content, FieldErrors};

#[component]
pub fn TrackPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let view = LocalResource::new(move || {
        let receipt = params.read().get("receipt_no").unwrap_or_default();
        let token = query.read().get("token").unwrap_or_default();
        async move { api::get::<PublicCaseView>(&format!("/api/v1/cases/{receipt}?token={token}")).await }
    });
    view! {
        <Title text="처리 현황 · 고객의 소리"/>
        <main class="track">
            <h1>"처리 현황 · Status"</h1>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || view.get().map(|r| match r {
                    Ok(c) => view! { <TrackDetail case=c on_change=move || view.refetch()/> }.into_any(),
                    Err(e) => view! { <div class="banner error" role="alert">{e.message()}</div> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn TrackDetail(case: PublicCaseView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let changes = case.status.is_open().then(|| {
        let token = leptos_router::hooks::use_query_map().read_untracked().get("token").unwrap_or_default();
        view! { <ChangeRequest receipt=case.receipt_no.clone() token content=case.content.clone() on_change/> }
    });
    let closure =
        case.closure_reason.clone().map(|r| view! { <p class="banner ok" id="closure-reason" role="status">{r}</p> });
    let answer = case.answer.clone().map(|a| {
        view! {
            <section class="answer-view">
                <h2>"답변 · Answer"</h2>
                <h3>"처리결과 · Result"</h3>
                <p class="pre" id="answer-result">{a.result}</p>
                <h3>"처리근거 · Basis"</h3>
                <p class="pre">{a.basis}</p>
                <h3>"이의신청 방법 · How to appeal"</h3>
                <p class="pre">{a.appeal}</p>
            </section>
        }
    });
    let survey = case.survey_path.clone().map(|p| {
        if case.survey_submitted {
            view! { <p class="note">"만족도 조사에 응답해 주셔서 감사합니다. · Thank you for your feedback."</p> }
                .into_any()
        } else {
            view! {
                <a class="big-button" id="survey-link" href=p>
                    "만족도 조사 참여하기 · Take the survey"
                </a>
            }
            .into_any()
        }
    });
    view! {
        <dl class="facts">
            <dt>"접수번호"</dt><dd id="track-receipt">{case.receipt_no.clone()}</dd>
            <dt>"유형"</dt><dd>{case.kind.ko()}</dd>
            <dt>"상태 · Status"</dt><dd id="track-status">{format!("{} · {}", case.status.ko(), case.status.en())}</dd>
            <dt>"접수일시"</dt><dd>{fmt_time(&case.received_at)}</dd>
            <dt>"처리기한"</dt><dd>{fmt_time(&case.due_at)}</dd>
            <dt>"시설"</dt><dd>{case.facility_name.clone().unwrap_or_else(|| "-".into())}</dd>
        </dl>
        <section>
            <h2>"접수 내용"</h2>
            <p class="pre content">{case.content.clone()}</p>
        </section>
        {closure}
        {answer}
        {survey}
        {changes}
    }
}

/// Amend or withdraw, while the case is open. Withdrawal asks once more before it acts.
#[component]
fn ChangeRequest(
    receipt: String,
    token: String,
    content: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(content);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let base = StoredValue::new(format!("/api/v1/cases/{receipt}"));
    let token = StoredValue::new(token);
    let amend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = text.get_untracked();
        if let Err(e) = Content::parse(&content) {
            let mut errs = FieldErrors::default();
            errs.add("content", e);
            errors.set(errs);
            return;
        }
        let url = format!("{}/amend?token={}", base.get_value(), token.get_value());
        leptos::task::spawn_local(async move {
            match api::post::<_, PublicCaseView>(&url, &AmendInput { content }).await {
                Ok(_) => on_change(),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let withdraw = move |_| {
        if !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        let url = format!("{}/withdraw?token={}", base.get_value(), token.get_value());
        leptos::task::spawn_local(async move {
            match api::post::<_, PublicCaseView>(&url, &serde_json::json!({})).await {
                Ok(_) => on_change(),
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    view! {
        <section class="answer-form change-request">
            <h2>"내용 고치기 · 취하 · Change or withdraw"</h2>
            <Banner message=banner/>
            <form on:submit=amend>
                <label class="field" for="amend-content">
                    <span>"접수 내용 · Your request"</span>
                    <textarea id="amend-content" rows="4" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <FieldMsg errors field="content"/>
                <button class="button" id="amend" type="submit">"고친 내용 보내기 · Save changes"</button>
            </form>
            <p class="note">"더 이상 처리가 필요 없으면 취하할 수 있습니다. 취하한 민원은 기록으로 남습니다."</p>
            <button class="button" id="withdraw" on:click=withdraw>
                {move || if confirming.get() { "정말 취하합니다 · Yes, withdraw" } else { "민원 취하 · Withdraw" }}
            </button>
        </section>
    }
}
