//! `/survey/:token`: the seven-item satisfaction survey, once per case, no login.

use std::collections::BTreeMap;

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::common::{Banner, FieldMsg, PageAddress, failed_in};
use crate::api::SurveyForm;
use crate::client::browser;
use crate::domain::{FieldErrors, SurveyInput};
use crate::i18n::LocaleText;
use crate::i18n::tr;
use crate::i18n::{PageTitle, SiteHeader, use_lang};

#[component]
pub fn SurveyPage() -> impl IntoView {
    let token = PageAddress::current().last_segment();
    let form = LocalResource::new({
        let token = token.clone();
        move || {
            let t = token.clone();
            async move { browser().survey(&t).await }
        }
    });
    let lang = use_lang();
    view! {
        <PageTitle text=text!("title.survey") />
        <main class="survey" lang=move || lang.get().as_str()>
            <SiteHeader />
            <h1>{tr(text!("survey.title"))}</h1>
            <Suspense fallback=move || {
                view! { <p class="loading">{lang.get_untracked().t(text!("loading"))}</p> }
            }>
                {move || {
                    form.get()
                        .map(|r| match r {
                            Ok(f) if f.submitted => {
                                EitherOf3::A(
                                    view! {
                                        <p class="banner ok" role="status">
                                            {tr(text!("survey.already"))}
                                        </p>
                                    },
                                )
                            }
                            Ok(f) => EitherOf3::B(view! { <SurveyFormView form=f token=token.clone() /> }),
                            Err(e) => EitherOf3::C(failed_in(e, lang)),
                        })
                }}
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
    // The items the organisation asks, as the server sent them: checked by the same rule.
    let asked =
        StoredValue::new(form.items.iter().filter_map(|i| crate::domain::survey_item(&i.id)).collect::<Vec<_>>());
    let lang = use_lang();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SurveyInput { answers: answers.get_untracked(), comment: Some(comment.get_untracked()) };
        if let Err(e) = asked.with_value(|items| input.validate(items)) {
            errors.set(e);
            banner.set(Some(lang.get_untracked().t(text!("survey.answer_all"))));
            return;
        }
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            match browser().submit_survey(&token, &input).await {
                Ok(_) => done.set(true),
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message_in(lang.get_untracked())));
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
                                    on:change=move |_| {
                                        answers
                                            .update(|a| {
                                                a.insert(id.clone(), i64::from(score));
                                            })
                                    }
                                />
                                <span>{score}</span>
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="survey-item" data-item=item.id.clone()>
                        <legend>{move || lang.get().pick(&item.text, &item.text_en).to_owned()}</legend>
                        <div class="scores">{choices}</div>
                        <div class="scale-legend" aria-hidden="true">
                            <span>{tr(text!("survey.low"))}</span>
                            <span>{tr(text!("survey.high"))}</span>
                        </div>
                        <FieldMsg errors field />
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <Show
            when=move || !done.get()
            fallback=move || {
                view! {
                    <p class="banner ok" id="survey-thanks" role="status">
                        {tr(text!("survey.thanks"))}
                    </p>
                }
            }
        >
            <p class="sub">{tr(text!("receipt.number"))} " " {form.receipt_no.clone()}</p>
            <Banner message=banner />
            <form class="survey-form" on:submit=submit>
                {items()}
                <label class="field" for="comment">
                    <span>{tr(text!("survey.comment"))}</span>
                    <textarea
                        id="comment"
                        rows="4"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <FieldMsg errors field="comment" />
                <button class="button primary" id="submit-survey" type="submit">
                    {tr(text!("survey.submit"))}
                </button>
            </form>
        </Show>
    }
}
