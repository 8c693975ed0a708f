//! `/kiosk`: a walk-up VOC in four screens — kind, facility, content, contact — then the
//! receipt. Nothing of one visitor is kept for the next: "처음으로" wipes every signal.

use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg};
use crate::api::{self, CreatedCase, FacilityView};
use crate::domain::{Content, FieldErrors, NewCaseInput, VocKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Kind,
    Facility,
    Content,
    Contact,
    Done,
}

impl Step {
    fn number(self) -> u8 {
        match self {
            Step::Kind => 1,
            Step::Facility => 2,
            Step::Content => 3,
            Step::Contact | Step::Done => 4,
        }
    }
}

fn blank_form() -> NewCaseInput {
    NewCaseInput { channel: "kiosk".into(), ..Default::default() }
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let step = RwSignal::new(Step::Kind);
    let form = RwSignal::new(blank_form());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submitting = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedCase>);
    let facilities = LocalResource::new(|| api::get::<Vec<FacilityView>>("/api/v1/facilities"));

    // The key of the submission being sent, with the body it was made for: a retry of the same
    // body reuses it (one case however often it is sent), a changed body gets a new one.
    let request_key = RwSignal::new(None::<(String, String)>);
    let reset = move || {
        request_key.set(None);
        form.set(blank_form());
        errors.set(FieldErrors::default());
        banner.set(None);
        created.set(None);
        submitting.set(false);
        step.set(Step::Kind);
    };

    let submit = move || {
        if submitting.get_untracked() {
            return;
        }
        let input = form.get_untracked();
        if let Err(errs) = input.validate(Utc::now()) {
            let back_to_content = errs.get("content").is_some();
            errors.set(errs);
            if back_to_content {
                step.set(Step::Content);
            }
            return;
        }
        errors.set(FieldErrors::default());
        banner.set(None);
        submitting.set(true);
        let body = serde_json::to_string(&input).unwrap_or_default();
        let key = match request_key.get_untracked() {
            Some((key, sent)) if sent == body => key,
            _ => {
                let key = api::new_request_key();
                request_key.set(Some((key.clone(), body)));
                key
            }
        };
        leptos::task::spawn_local(async move {
            match api::post_once::<_, CreatedCase>("/api/v1/cases", &input, &key).await {
                Ok(c) => {
                    created.set(Some(c));
                    step.set(Step::Done);
                }
                Err(e) => {
                    let fields = e.fields();
                    if fields.get("kind").is_some() {
                        step.set(Step::Kind);
                    } else if fields.get("facility").is_some() {
                        step.set(Step::Facility);
                    } else if fields.get("content").is_some() {
                        step.set(Step::Content);
                    }
                    errors.set(fields);
                    banner.set(Some(e.message()));
                }
            }
            submitting.set(false);
        });
    };

    let kind_screen = move || {
        let tiles = VocKind::ALL
            .into_iter()
            .map(|k| {
                view! {
                    <button
                        class="tile"
                        class:urgent=k.is_urgent()
                        data-kind=k.as_str()
                        on:click=move |_| {
                            form.update(|f| f.kind = k.as_str().into());
                            step.set(Step::Facility);
                        }
                    >
                        <span class="tile-title">{k.ko()}</span>
                        <span class="tile-en">{k.en()}</span>
                        <span class="tile-hint">{k.hint_ko()}</span>
                    </button>
                }
            })
            .collect_view();
        view! {
            <h1>"어떤 내용을 남기시겠어요?"</h1>
            <p class="sub">"What would you like to tell us?"</p>
            <div class="tiles">{tiles}</div>
        }
    };

    let facility_screen = move || {
        let choose = move |code: Option<String>| {
            form.update(|f| f.facility = code);
            step.set(Step::Content);
        };
        view! {
            <h1>"어느 시설에 대한 내용인가요?"</h1>
            <p class="sub">"Which facility is it about?"</p>
            <Suspense fallback=|| view! { <p class="loading">"시설 목록을 불러오는 중…"</p> }>
                {move || {
                    facilities
                        .get()
                        .map(|r| match r {
                            Ok(list) => {
                                view! {
                                    <div class="tiles facilities">
                                        {list
                                            .into_iter()
                                            .map(|f| {
                                                let code = f.code.clone();
                                                view! {
                                                    <button
                                                        class="tile small"
                                                        data-facility=f.code.clone()
                                                        on:click=move |_| choose(Some(code.clone()))
                                                    >
                                                        <span class="tile-title">{f.name_ko}</span>
                                                        <span class="tile-en">{f.name_en}</span>
                                                    </button>
                                                }
                                            })
                                            .collect_view()}
                                        <button class="tile small plain" on:click=move |_| choose(None)>
                                            <span class="tile-title">"시설과 관계없음 / 잘 모름"</span>
                                            <span class="tile-en">"Not about one facility"</span>
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <p class="banner error">{e.message()}</p> }.into_any(),
                        })
                }}
            </Suspense>
            <FieldMsg errors field="facility"/>
            <div class="actions">
                <button class="button secondary" on:click=move |_| step.set(Step::Kind)>"이전 · Back"</button>
            </div>
        }
    };

    let content_screen = move || {
        let next = move |_| match Content::parse(&form.with_untracked(|f| f.content.clone())) {
            Ok(_) => {
                errors.update(|e| {
                    e.0.remove("content");
                });
                step.set(Step::Contact);
            }
            Err(err) => errors.update(|e| {
                e.0.remove("content");
                e.add("content", err);
            }),
        };
        view! {
            <h1>"내용을 적어 주세요"</h1>
            <p class="sub">"Describe what happened"</p>
            <label class="field" for="content">
                <span>"내용 · Details"</span>
                <textarea
                    id="content"
                    name="content"
                    rows="7"
                    autocomplete="off"
                    aria-describedby="content-error"
                    prop:value=move || form.with(|f| f.content.clone())
                    on:input=move |ev| form.update(|f| f.content = event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="content"/>
            <div class="actions">
                <button class="button secondary" on:click=move |_| step.set(Step::Facility)>"이전 · Back"</button>
                <button class="button primary" id="to-contact" on:click=next>"다음 · Next"</button>
            </div>
        }
    };

    let contact_screen = move || {
        let text_input = move |id: &'static str, label: &'static str, kind: &'static str, mode: &'static str| {
            let get = move || {
                form.with(|f| match id {
                    "name" => f.name.clone(),
                    "phone" => f.phone.clone(),
                    _ => f.email.clone(),
                })
                .unwrap_or_default()
            };
            let set = move |v: String| {
                form.update(|f| {
                    let slot = match id {
                        "name" => &mut f.name,
                        "phone" => &mut f.phone,
                        _ => &mut f.email,
                    };
                    *slot = Some(v);
                })
            };
            view! {
                <label class="field" for=id>
                    <span>{label}</span>
                    <input
                        id=id
                        name=id
                        type=kind
                        inputmode=mode
                        autocomplete="off"
                        aria-describedby=format!("{id}-error")
                        prop:value=get
                        on:input=move |ev| set(event_target_value(&ev))
                    />
                </label>
                <FieldMsg errors field=id/>
            }
        };
        let consent_box = move |id: &'static str, label: &'static str| {
            let get = move || {
                form.with(|f| match id {
                    "consent-sms" => f.consent.sms,
                    "consent-email" => f.consent.email,
                    _ => f.consent.publish,
                })
            };
            view! {
                <label class="check" for=id>
                    <input
                        id=id
                        type="checkbox"
                        prop:checked=get
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.update(|f| match id {
                                "consent-sms" => f.consent.sms = on,
                                "consent-email" => f.consent.email = on,
                                _ => f.consent.publish = on,
                            })
                        }
                    />
                    <span>{label}</span>
                </label>
            }
        };
        view! {
            <h1>"답변을 받을 연락처 (선택)"</h1>
            <p class="sub">"Contact for the answer (optional)"</p>
            <p class="privacy">
                "개인정보는 민원 처리와 결과 안내에만 쓰이며 보존기간이 지나면 파기됩니다. 연락처 없이도 접수할 수 있습니다."
            </p>
            {text_input("name", "이름 · Name", "text", "text")}
            {text_input("phone", "휴대전화 · Mobile", "tel", "tel")}
            {text_input("email", "이메일 · E-mail", "email", "email")}
            <fieldset class="consents">
                <legend>"알림 수신 동의 (각각 선택) · Consents"</legend>
                {consent_box("consent-sms", "문자(SMS)로 접수·결과 안내 받기")}
                {consent_box("consent-email", "이메일로 접수·결과 안내 받기")}
                {consent_box("consent-publish", "개인정보를 뺀 답변을 사례로 공개하는 데 동의")}
            </fieldset>
            <div class="actions">
                <button class="button secondary" on:click=move |_| step.set(Step::Content)>"이전 · Back"</button>
                <button
                    class="button primary"
                    id="submit"
                    prop:disabled=move || submitting.get()
                    on:click=move |_| submit()
                >
                    {move || if submitting.get() { "접수 중… · Sending" } else { "접수하기 · Submit" }}
                </button>
            </div>
        }
    };

    let done_screen = move || {
        created.get().map(|c| {
            let path = c.tracking_path();
            view! {
                <h1>"접수되었습니다"</h1>
                <p class="sub">"Thank you. Your request has been received."</p>
                <div class="receipt">
                    <span class="receipt-label">"접수번호 · Receipt number"</span>
                    <strong class="receipt-no" id="receipt-no">{c.receipt_no.clone()}</strong>
                    <span class="receipt-due">
                        "답변 예정 기한 · Due: " {super::common::fmt_time(&c.due_at)}
                    </span>
                </div>
                <p>
                    "아래 주소에서 처리 상황을 확인할 수 있습니다. · Follow your request here:"
                </p>
                <p>
                    <a class="tracking-link" id="tracking-link" href=path.clone()>
                        {path.clone()}
                    </a>
                </p>
                <div class="actions">
                    <button class="button primary" id="restart" on:click=move |_| reset()>
                        "처음으로 · Start over"
                    </button>
                </div>
            }
        })
    };

    view! {
        <Title text="민원 접수 · 고객의 소리"/>
        <main class="kiosk">
            <div class="kiosk-top">
                <span class="brand">"고객의 소리"</span>
                <Show when=move || step.get() != Step::Done>
                    <span class="stepper" aria-label="진행 단계">
                        {move || format!("{} / 4", step.get().number())}
                    </span>
                </Show>
            </div>
            <Banner message=banner/>
            <section class="screen">
                {move || match step.get() {
                    Step::Kind => kind_screen().into_any(),
                    Step::Facility => facility_screen().into_any(),
                    Step::Content => content_screen().into_any(),
                    Step::Contact => contact_screen().into_any(),
                    Step::Done => done_screen().into_any(),
                }}
            </section>
        </main>
    }
}
