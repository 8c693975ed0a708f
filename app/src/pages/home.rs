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
        </main>
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
