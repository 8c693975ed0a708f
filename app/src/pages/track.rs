//! `/track/:receipt_no?token=…`: the complainant follows the case and reads the answer.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::common::fmt_time;
use crate::api::{self, PublicCaseView};

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
                    Ok(c) => view! { <TrackDetail case=c/> }.into_any(),
                    Err(e) => view! { <div class="banner error" role="alert">{e.message()}</div> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn TrackDetail(case: PublicCaseView) -> impl IntoView {
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
            view! { <p class="note">"만족도 조사에 응답해 주셔서 감사합니다. · Thank you for your feedback."</p> }.into_any()
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
        {answer}
        {survey}
    }
}
