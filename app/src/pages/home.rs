use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="고객의 소리 (VOC)"/>
        <main class="home">
            <h1>"고객의 소리"</h1>
            <p class="lead">"불편한 점, 궁금한 점, 칭찬과 제안을 들려주세요. 접수 후 진행 상황을 확인할 수 있습니다."</p>
            <p class="lead en">"Tell us what went wrong, ask, praise or suggest. You can follow your request after filing."</p>
            <div class="home-actions">
                <a class="big-button" href="/kiosk">"민원 접수하기 · File a request"</a>
                <a class="big-button secondary" href="/login">"직원 로그인 · Staff login"</a>
            </div>
            <Faq/>
        </main>
    }
}

/// Answered questions the VOC manager published (with the complainants' consent and without
/// their personal data).
#[component]
fn Faq() -> impl IntoView {
    let entries = LocalResource::new(|| crate::api::get::<Vec<crate::api::FaqView>>("/api/v1/faq"));
    view! {
        <Suspense fallback=|| ()>
            {move || entries.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| view! {
                <section class="faq" id="faq" aria-labelledby="faq-title">
                    <h2 id="faq-title">"자주 묻는 질문 · FAQ"</h2>
                    {list.into_iter().map(|f| view! {
                        <details class="faq-entry" id=format!("faq-{}", f.id)>
                            <summary>{f.question}</summary>
                            <p class="pre">{f.answer}</p>
                        </details>
                    }).collect_view()}
                </section>
            })}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <main class="home">
            <h1>"페이지를 찾을 수 없습니다"</h1>
            <p>"Page not found."</p>
            <a href="/">"처음으로 · Home"</a>
        </main>
    }
}
