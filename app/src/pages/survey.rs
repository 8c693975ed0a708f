//! `/survey/:token`: the seven-item satisfaction survey, once per case, no login.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::common::{Banner, FieldMsg};
use crate::api::{self, SurveyForm};
use crate::domain::{FieldErrors, SurveyInput};

#[component]
pub fn SurveyPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let form = LocalResource::new(move || {
        let t = token();
        async move { api::get::<SurveyForm>(&format!("/api/v1/surveys/{t}")).await }
    });
    view! {
        <Title text="만족도 조사 · 고객의 소리"/>
        <main class="survey">
            <h1>"만족도 조사 · Satisfaction survey"</h1>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || form.get().map(|r| match r {
                    Ok(f) if f.submitted => view! { <p class="banner ok" role="status">"이미 응답하셨습니다. 감사합니다. · You have already answered. Thank you."</p> }.into_any(),
                    Ok(f) => view! { <SurveyFormView form=f token=token()/> }.into_any(),
                    Err(e) => view! { <div class="banner error" role="alert">{e.message()}</div> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SurveyFormView(form: SurveyForm, token: String) -> impl IntoView {
    let answers = RwSignal::new(BTreeMap::<String, i64>::new());
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let (lo, hi) = form.scale;
    let token = StoredValue::new(token);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SurveyInput { answers: answers.get_untracked(), comment: Some(comment.get_untracked()) };
        if let Err(e) = input.validate() {
            errors.set(e);
            banner.set(Some("모든 문항에 답해 주세요. (Please answer every item.)".into()));
            return;
        }
        let url = format!("/api/v1/surveys/{}", token.get_value());
        leptos::task::spawn_local(async move {
            match api::post::<_, serde_json::Value>(&url, &input).await {
                Ok(_) => done.set(true),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let item_data = StoredValue::new(form.items);
    let items = move || {
        item_data
            .get_value()
            .into_iter()
            .map(|item| {
                let id = item.id.clone();
                let field = format!("answers.{id}");
                let choices = (lo..=hi)
                    .map(|score| {
                        let id = id.clone();
                        let input_id = format!("{id}-{score}");
                        let label_for = input_id.clone();
                        view! {
                            <label class="score" for=label_for>
                                <input
                                    type="radio"
                                    id=input_id
                                    name=id.clone()
                                    value=score.to_string()
                                    on:change=move |_| answers.update(|a| { a.insert(id.clone(), i64::from(score)); })
                                />
                                <span>{score}</span>
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="survey-item" data-item=item.id.clone()>
                        <legend>{item.text} <span class="en">{item.text_en}</span></legend>
                        <div class="scores">{choices}</div>
                        <div class="scale-legend" aria-hidden="true">
                            <span>"1 매우 불만족"</span>
                            <span>"5 매우 만족"</span>
                        </div>
                        <FieldMsg errors field/>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <Show
            when=move || !done.get()
            fallback=|| view! { <p class="banner ok" id="survey-thanks" role="status">"응답해 주셔서 감사합니다. · Thank you for your answer."</p> }
        >
            <p class="sub">{format!("접수번호 {}", form.receipt_no)}</p>
            <Banner message=banner/>
            <form class="survey-form" on:submit=submit>
                {items()}
                <label class="field" for="comment">
                    <span>"하고 싶은 말씀 (선택) · Comment (optional)"</span>
                    <textarea id="comment" rows="4" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                <FieldMsg errors field="comment"/>
                <button class="button primary" id="submit-survey" type="submit">"제출하기 · Submit"</button>
            </form>
        </Show>
    }
}
