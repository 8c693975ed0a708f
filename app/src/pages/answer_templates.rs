//! Answer templates (답변 서식): `/admin/answer-templates`, where administrators keep them, and
//! the picker the draft and direct answer forms offer — the templates that fit the case, filled
//! from it on the server.

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    Banner, CodeList, CodeSelect, StaffHeader, TextArea, TextField, active_codes, confirmed, failed, filed_kinds,
    submit,
};
use crate::api::AnswerTemplateView;
use crate::client::browser;
use crate::domain::{AnswerInput, AnswerTemplateInput, FieldErrors};

/// "서식 불러오기" over an answer form: picking one fills the three texts, after asking when
/// something is typed already. Nothing shows where no template fits.
#[component]
pub fn TemplatePicker(case_id: i64, form: RwSignal<AnswerInput>, id: &'static str) -> impl IntoView {
    let offered = LocalResource::new(move || async move { browser().case_answer_templates(case_id).await });
    let pick = move |ev: leptos::ev::Event| {
        let chosen: i64 = event_target_value(&ev).parse().unwrap_or_default();
        let Some(t) = offered.get_untracked().and_then(Result::ok).and_then(|l| l.into_iter().find(|t| t.id == chosen))
        else {
            return;
        };
        let typed = form.with_untracked(|f| {
            !(f.result.trim().is_empty() && f.basis.trim().is_empty() && f.appeal.trim().is_empty())
        });
        if typed && !confirmed("작성 중인 답변을 서식 내용으로 바꿉니다. 계속할까요?") {
            return;
        }
        form.update(|f| {
            f.result = t.result;
            f.basis = t.basis;
            f.appeal = t.appeal;
        });
    };
    move || {
        offered.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| {
            let options =
                list.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.title}</option> }).collect_view();
            view! {
                <label class="field" for=id>
                    <span>"답변 서식 불러오기"</span>
                    <select id=id on:change=pick>
                        <option value="">"서식 고르기"</option>
                        {options}
                    </select>
                </label>
            }
        })
    }
}

#[component]
pub fn AnswerTemplatesPage() -> impl IntoView {
    let loaded = LocalResource::new(|| async { browser().answer_templates().await });
    let editing = RwSignal::new(None::<AnswerTemplateView>);
    let banner = RwSignal::new(None::<String>);
    let reload = move || loaded.refetch();
    let remove = move |id: i64| {
        if !confirmed("이 답변 서식을 지웁니다. 이미 쓴 답변은 그대로 남습니다. 지울까요?") {
            return;
        }
        leptos::task::spawn_local(async move {
            match browser().remove_answer_template(id).await {
                Ok(()) => {
                    banner.set(None);
                    loaded.refetch();
                }
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };
    let list = move || {
        loaded.get().map(|r| match r {
            Ok(v) if v.templates.is_empty() => view! {
                <p class="note" id="no-templates">
                    "아직 답변 서식이 없습니다."
                </p>
            }
            .into_any(),
            Ok(v) => {
                let rows = v
                    .templates
                    .into_iter()
                    .map(|t| {
                        let id = t.id;
                        let scope = format!(
                            "{} · {}",
                            t.kind.map_or("모든 유형", |k| k.ko()),
                            t.category.clone().unwrap_or_else(|| "모든 분류".into())
                        );
                        let edit = t.clone();
                        view! {
                            <tr data-template=t.title.clone()>
                                <td>{t.title.clone()}</td>
                                <td>{scope}</td>
                                <td class="detail">{t.result.clone()}</td>
                                <td>
                                    <button class="button secondary" on:click=move |_| editing.set(Some(edit.clone()))>
                                        "고치기"
                                    </button>
                                    " "
                                    <button class="button secondary" on:click=move |_| remove(id)>
                                        "지우기"
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="queue-table" id="templates">
                        <thead>
                            <tr>
                                <th scope="col">"서식"</th>
                                <th scope="col">"유형 · 분류"</th>
                                <th scope="col">"처리결과"</th>
                                <th scope="col">""</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <p class="note" id="template-variables">
                        {format!(
                            "쓸 수 있는 변수: {}",
                            v.variables.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(" "),
                        )}
                    </p>
                }
                .into_any()
            }
            Err(e) => failed(&e),
        })
    };
    view! {
        <Title text="답변 서식 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"답변 서식"</h1>
            <p class="note">
                "유형·분류별로 자주 쓰는 답변을 서식으로 둡니다. 답변안·답변 작성 화면에서 민원에 맞는 서식을 불러오면 {receipt_no}, {name} 같은 변수가 그 민원의 내용으로 채워집니다."
            </p>
            <Banner message=banner />
            {list}
            <TemplateForm editing on_saved=reload />
        </main>
    }
}

#[component]
fn TemplateForm(
    editing: RwSignal<Option<AnswerTemplateView>>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let basis = RwSignal::new(String::new());
    let appeal = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // "고치기" fills the form with the template; saving then replaces it.
    Effect::new(move |_| {
        let Some(t) = editing.get() else { return };
        kind.set(t.kind.map(|k| k.as_str().to_owned()).unwrap_or_default());
        category.set(t.category.unwrap_or_default());
        title.set(t.title);
        result.set(t.result);
        basis.set(t.basis);
        appeal.set(t.appeal);
        errors.set(FieldErrors::default());
        saved.set(false);
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = AnswerTemplateInput {
            kind: kind.get_untracked(),
            category: category.get_untracked(),
            title: title.get_untracked(),
            result: result.get_untracked(),
            basis: basis.get_untracked(),
            appeal: appeal.get_untracked(),
        };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        let id = editing.get_untracked().map(|t| t.id);
        submit(
            async move {
                match id {
                    Some(id) => browser().change_answer_template(id, &input).await,
                    None => browser().add_answer_template(&input).await,
                }
            },
            errors,
            banner,
            move |_| {
                editing.set(None);
                for s in [kind, category, title, result, basis, appeal] {
                    s.set(String::new());
                }
                saved.set(true);
                on_saved();
            },
        );
    };
    view! {
        <form class="inline-form" id="template-form" on:submit=send>
            <h2>{move || if editing.get().is_some() { "답변 서식 고치기" } else { "답변 서식 추가" }}</h2>
            <Banner message=banner />
            <CodeSelect
                id="template-kind"
                label="유형"
                none="모든 유형"
                value=kind
                options=filed_kinds()
                errors
                field="kind"
            />
            <CodeSelect
                id="template-category"
                label="분류"
                none="모든 분류"
                value=category
                options=active_codes(CodeList::Categories)
                errors
                field="category"
            />
            <TextField id="template-title" label="서식 이름" value=title errors field="title" />
            <TextArea id="template-result" label="처리결과" value=result errors field="result" rows=4 />
            <TextArea id="template-basis" label="처리근거" value=basis errors field="basis" />
            <TextArea id="template-appeal" label="이의신청 방법" value=appeal errors field="appeal" />
            <button class="button primary" id="save-template" type="submit">
                "저장"
            </button>
            <Show when=move || saved.get()>
                <p class="banner ok" role="status" id="template-saved">
                    "저장했습니다."
                </p>
            </Show>
        </form>
    }
}
