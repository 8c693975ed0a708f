use leptos::prelude::*;

use crate::api;
use crate::domain::FieldErrors;

/// The address the page was opened at: on the server the request's, in the browser
/// `location`. The complainants' pages read their receipt number, token and language from it
/// rather than from a router, so that each of their bundles holds no router (and no
/// type-erased copy of the whole page that a router's route keeps).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAddress {
    path: String,
    query: String,
}

impl PageAddress {
    /// An address from its path and its query (without the `?`).
    pub fn new(path: impl Into<String>, query: impl Into<String>) -> Self {
        Self { path: path.into(), query: query.into() }
    }

    /// The address of the page being rendered or hydrated.
    pub fn current() -> Self {
        #[cfg(feature = "ssr")]
        if let Some(parts) = use_context::<http::request::Parts>() {
            return Self::new(parts.uri.path(), parts.uri.query().unwrap_or_default());
        }
        #[cfg(feature = "hydrate")]
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let search = location.search().unwrap_or_default();
            return Self::new(location.pathname().unwrap_or_default(), search.trim_start_matches('?'));
        }
        Self::default()
    }

    /// The path's last segment, percent-decoded (`VOC-2026-000001` of `/track/VOC-2026-000001`).
    pub fn last_segment(&self) -> String {
        let last = self.path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        percent_encoding::percent_decode_str(last).decode_utf8_lossy().into_owned()
    }

    /// The query's first value under `key`, decoded.
    pub fn query(&self, key: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
    }
}

/// The message under a form field, announced to screen readers when it appears.
#[component]
pub fn FieldMsg(
    errors: RwSignal<FieldErrors>,
    #[prop(into)] field: String,
    /// The element id when `{field}-error` would be taken by another form on the page.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("{field}-error"));
    let lang = crate::i18n::use_lang();
    view! {
        <p class="field-error" id=id role="alert" aria-live="polite">
            {move || errors.with(|e| e.get(&field).map(|m| lang.get().message(&m.ko, &m.en)))}
        </p>
    }
}

/// A labelled staff-form input bound to `value`, with `field`'s message under it (`{id}-error`).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] field: String,
    /// The input's type (`text` unless said).
    #[prop(default = "text")]
    kind: &'static str,
    /// The keyboard a phone shows (`numeric` for a count).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let msg_id = format!("{id}-error");
    let refused = {
        let field = field.clone();
        move || errors.with(|e| e.get(&field).is_some()).then_some("true")
    };
    view! {
        <label class="field" for=id.clone()>
            <span>{label}</span>
            <input
                id=id.clone()
                type=kind
                inputmode=inputmode
                autocomplete="off"
                aria-describedby=msg_id.clone()
                aria-invalid=refused
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
        <FieldMsg errors field id=msg_id />
    }
}

/// A labelled staff-form text area bound to `value`, with `field`'s message under it
/// (`{id}-error`).
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] field: String,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    view! {
        <label class="field" for=id.clone()>
            <span>{label}</span>
            <textarea
                id=id.clone()
                rows=rows
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </label>
        <FieldMsg errors field id=format!("{id}-error") />
    }
}

/// The active departments, for a page's department choosers (fetched once in the browser).
pub fn active_departments() -> Signal<Vec<api::DepartmentView>> {
    let all = LocalResource::new(|| async { crate::client::browser().departments().await });
    Signal::derive(move || {
        all.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|d| d.active).collect()
    })
}

/// The kinds a case may be filed under, as (code, Korean name), for a kind chooser.
pub fn filed_kinds() -> Signal<Vec<(String, String)>> {
    Signal::stored(crate::domain::VocKind::FILED.iter().map(|k| (k.as_str().to_owned(), k.ko().to_owned())).collect())
}

/// The lists [`active_codes`] offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeList {
    Facilities,
    Categories,
}

/// The active facilities or categories as (code, Korean name), for a page's choosers (fetched
/// once in the browser); a sub-category reads "parent › name".
pub fn active_codes(list: CodeList) -> Signal<Vec<(String, String)>> {
    let all = LocalResource::new(move || async move {
        let c = crate::client::browser();
        match list {
            CodeList::Categories => c.categories().await,
            CodeList::Facilities => c.facilities().await.map(|all| {
                all.into_iter()
                    .map(|f| api::CategoryView {
                        code: f.code,
                        name_ko: f.name_ko,
                        name_en: f.name_en,
                        parent: None,
                        public: false,
                    })
                    .collect()
            }),
        }
    });
    Signal::derive(move || {
        let all = all.get().and_then(Result::ok).unwrap_or_default();
        let name = |code: &str| all.iter().find(|c| c.code == code).map(|c| c.name_ko.clone());
        all.iter()
            .map(|c| {
                let label = match c.parent.as_deref().and_then(name) {
                    Some(parent) => format!("{parent} › {}", c.name_ko),
                    None => c.name_ko.clone(),
                };
                (c.code.clone(), label)
            })
            .collect()
    })
}

/// A labelled chooser of one code among `options` (code, label), bound to `value` (empty for
/// the first option, `none`), with `field`'s message under it (`{id}-error`). The option equal
/// to `value` is selected even when the options arrive after it.
#[component]
pub fn CodeSelect(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    none: &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] field: String,
) -> impl IntoView {
    view! {
        <label class="field" for=id.clone()>
            <span>{label}</span>
            <select id=id.clone() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{none}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(code, label)| {
                            let picked = code.clone();
                            view! {
                                <option value=code selected=move || value.with(|v| *v == picked)>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
        <FieldMsg errors field id=format!("{id}-error") />
    }
}

/// A labelled department chooser bound to `value` (an id; empty for `none`), with `field`'s
/// message under it (`{id}-error`).
#[component]
pub fn DepartmentSelect(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    /// The first option's words: no department.
    none: &'static str,
    value: RwSignal<String>,
    departments: Signal<Vec<api::DepartmentView>>,
    errors: RwSignal<FieldErrors>,
    #[prop(into)] field: String,
) -> impl IntoView {
    view! {
        <label class="field" for=id.clone()>
            <span>{move || label.get()}</span>
            <select id=id.clone() prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{none}</option>
                {move || {
                    departments
                        .get()
                        .into_iter()
                        .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                        .collect_view()
                }}
            </select>
        </label>
        <FieldMsg errors field id=format!("{id}-error") />
    }
}

/// The year chooser of the yearly records: the years `first..=last` newest first, `shown`
/// selected; `pick` gets the chosen year as typed in its option.
#[component]
pub fn YearSelect(
    id: &'static str,
    /// (shown, first, last), once the page's data has come.
    years: Memo<Option<(i32, i32, i32)>>,
    pick: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        years.get().map(|(shown, first, last)| {
            view! {
                <label class="field" for=id>
                    <span>"연도"</span>
                    <select id=id on:change=move |ev| pick(event_target_value(&ev))>
                        {(first..=last)
                            .rev()
                            .map(|y| {
                                view! {
                                    <option value=y.to_string() selected=y == shown>
                                        {format!("{y}년")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// A labelled checkbox bound to `value`.
#[component]
pub fn CheckField(id: &'static str, label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                id=id
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            " "
            {label}
        </label>
    }
}

/// Sends a form and settles its messages: on success the field errors and the banner clear
/// and `done` runs; on refusal every field shows its own message and the banner the summary.
/// What the person typed is never touched here, so a refused form keeps all of it.
pub fn submit<T: 'static>(
    call: impl std::future::Future<Output = Result<T, api::CallError>> + 'static,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    done: impl FnOnce(T) + 'static,
) {
    leptos::task::spawn_local(async move {
        match call.await {
            Ok(v) => {
                errors.set(FieldErrors::default());
                banner.set(None);
                done(v);
            }
            Err(e) => {
                errors.set(e.fields());
                banner.set(Some(e.message()));
            }
        }
    });
}

/// Runs one call and reports its failure in `banner`; `done` runs on success.
pub fn call<F>(banner: RwSignal<Option<String>>, f: F, done: impl Fn() + 'static)
where
    F: std::future::Future<Output = Result<(), api::CallError>> + 'static,
{
    leptos::task::spawn_local(async move {
        match f.await {
            Ok(()) => {
                banner.set(None);
                done();
            }
            // A refused field says what is wrong with it; the generic text says less.
            Err(e) => banner.set(Some(e.first_message())),
        }
    });
}

/// The `Idempotency-Key` for sending `body`: the key of the last attempt when the body is
/// unchanged (a retry makes no second case), a fresh one when anything was edited.
pub fn request_key_for(slot: RwSignal<Option<(String, String)>>, body: &impl serde::Serialize) -> String {
    let body = serde_json::to_string(body).unwrap_or_default();
    match slot.get_untracked() {
        Some((key, sent)) if sent == body => key,
        _ => {
            let key = api::new_request_key();
            slot.set(Some((key.clone(), body)));
            key
        }
    }
}

/// The banner above a form for errors that belong to no one field.
#[component]
pub fn Banner(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="banner error" role="alert">
                {move || message.get()}
            </div>
        </Show>
    }
}

/// Header for the officers' pages, with logout.
#[component]
pub fn StaffHeader() -> impl IntoView {
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = crate::client::browser().logout(false).await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/login");
            }
        });
    };
    // Each role's menu holds only its pages (`Role::menu`, the rule the server's guards use).
    let me = LocalResource::new(|| async { crate::client::browser().me().await });
    view! {
        <header class="staff-header">
            <a class="brand" href="/queue">
                "고객의 소리 · 처리함"
            </a>
            <nav aria-label="직원 메뉴">
                <Suspense fallback=|| ()>
                    {move || {
                        me.get()
                            .and_then(Result::ok)
                            .map(|me| {
                                let who = [
                                    Some(me.display_name.clone()),
                                    Some(me.role.ko().to_owned()),
                                    me.department_name.clone(),
                                ]
                                    .into_iter()
                                    .flatten()
                                    .collect::<Vec<_>>()
                                    .join(" · ");
                                view! {
                                    {me
                                        .role
                                        .menu()
                                        .into_iter()
                                        .map(|p| view! { <a href=p.path()>{p.ko()}</a> })
                                        .collect_view()}
                                    <span class="who" id="who">
                                        {who}
                                    </span>
                                }
                            })
                    }}
                </Suspense>
                <button class="link-button" on:click=logout>
                    "로그아웃"
                </button>
            </nav>
        </header>
    }
}

/// A staff page's call of the typed client: an expired session sends the browser to the login
/// page, and an account that must change its password to the page that does it.
pub async fn or_login<T>(
    call: impl std::future::Future<Output = Result<T, api::CallError>>,
) -> Result<T, api::CallError> {
    let r = call.await;
    if let Err(e) = &r {
        leave_if_refused(e);
    }
    r
}

/// Whether a call's refusal means this person cannot go on here: no session (401), a sign-in
/// still waiting for its second factor, a password someone else knows that must be changed
/// first, or a required authenticator app not yet registered.
pub fn refused_entry(e: &api::CallError) -> bool {
    e.status() == Some(401)
        || matches!(
            e.code(),
            Some("password_change_required" | "second_factor_required" | "second_factor_setup_required")
        )
}

/// Sends the browser where a refused call says: to sign in, to change the password, or to
/// register an authenticator app. Other errors are the page's to show.
pub fn leave_if_refused(e: &api::CallError) {
    let to = match e.code() {
        _ if e.status() == Some(401) => None,
        Some("second_factor_required") => None,
        Some("password_change_required") => Some("/account?first=1"),
        Some("second_factor_setup_required") => Some("/account?setup=1"),
        _ => return,
    };
    match (to, web_sys::window()) {
        (None, _) => go_to_login(),
        (Some(to), Some(w)) => {
            let _ = w.location().set_href(to);
        }
        (Some(_), None) => {}
    }
}

/// Sends the browser to the login page, coming back here afterwards.
pub fn go_to_login() {
    if let Some(w) = web_sys::window() {
        let here = w.location().pathname().unwrap_or_else(|_| "/queue".into());
        let _ = w.location().set_href(&format!("/login?next={here}"));
    }
}

/// `2026-11-27 17:30` in Seoul time.
pub fn fmt_time(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::{Datelike, Timelike};
    // Written out rather than with `format("%Y-…")`: chrono's strftime machinery is a few KB
    // of every WASM bundle, the kiosk's included.
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// `11-27 17:30`: for tables where the year is plain.
pub fn fmt_short(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::{Datelike, Timelike};
    format!("{:02}-{:02} {:02}:{:02}", t.month(), t.day(), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_as_seoul_wall_clock() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-07T09:05:00+09:00").unwrap();
        assert_eq!(super::fmt_time(&t), "2026-03-07 09:05");
        assert_eq!(super::fmt_short(&t), "03-07 09:05");
    }
}

/// Percent-encodes a query value.
pub fn js_encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect()
}

/// Previous and next page buttons.
#[component]
pub fn Pager(page: RwSignal<i64>, total: i64, per_page: i64) -> impl IntoView {
    let pages = ((total + per_page - 1) / per_page).max(1);
    // Comparisons live outside the markup: `>` inside an attribute would end the tag.
    let first = move || page.get() <= 1;
    let last = move || page.get() >= pages;
    view! {
        <nav class="pager" aria-label="쪽">
            <button
                class="button secondary"
                type="button"
                prop:disabled=first
                on:click=move |_| page.update(|p| *p -= 1)
            >
                "이전"
            </button>
            <span>{move || format!("{} / {pages}", page.get())}</span>
            <button
                class="button secondary"
                type="button"
                prop:disabled=last
                on:click=move |_| page.update(|p| *p += 1)
            >
                "다음"
            </button>
        </nav>
    }
}

/// A failed load, said in one sentence where the content would be.
pub fn failed(e: &api::CallError) -> AnyView {
    view! {
        <p class="banner error" role="alert">
            {e.message()}
        </p>
    }
    .into_any()
}

/// A failed load on a complainant's page, in the page's language (it follows the switch).
/// A view of its own type, not erased: a public page's bundle pays for every view erased into
/// an `AnyView` with a second, never-run hydration path (see `app::HomeApp`).
pub fn failed_in(e: api::CallError, lang: RwSignal<crate::i18n::Lang>) -> impl IntoView + use<> {
    view! {
        <div class="banner error" role="alert">
            {move || e.message_in(lang.get())}
        </div>
    }
}

/// What `resource` last loaded, kept while it loads again (forms fed from it keep what was
/// typed), and its last failure.
pub fn latest<T: Clone + Send + Sync + 'static>(
    resource: LocalResource<Result<T, api::CallError>>,
) -> (RwSignal<Option<T>>, RwSignal<Option<api::CallError>>) {
    let current = RwSignal::new(None::<T>);
    let failure = RwSignal::new(None::<api::CallError>);
    Effect::new(move |_| match resource.get() {
        Some(Ok(v)) => {
            failure.set(None);
            current.set(Some(v));
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    (current, failure)
}

/// A share as a percentage to one decimal; a dash when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// How long contacts shown by [`Reveal`] stay on screen.
pub const SHOWN_SECS: u64 = 60;

/// "연락처 보기": a purpose (one of `purposes`, or typed), sent for `whose` contacts — logged
/// before it answers with the name and contacts — then the contacts for [`SHOWN_SECS`].
/// Its elements are `reveal-{key}`, `purpose-pick-{key}`, `purpose-{key}` and `contact-{key}`.
/// Whose contacts [`Reveal`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOf {
    /// A case's complainant.
    Case(i64),
    /// A member of the customer panel.
    PanelMember(i64),
}

impl ContactOf {
    async fn reveal(self, input: &crate::domain::ContactPurposeInput) -> Result<api::CaseContactView, api::CallError> {
        let c = crate::client::browser();
        match self {
            Self::Case(id) => c.reveal_contact(id, input).await,
            Self::PanelMember(id) => c.reveal_panel_contact(id, input).await.map(|p| api::CaseContactView {
                name: Some(p.name),
                phone: p.phone,
                email: p.email,
                address: None,
            }),
        }
    }
}

#[component]
pub fn Reveal(#[prop(into)] key: String, whose: ContactOf, purposes: Vec<String>) -> impl IntoView {
    use crate::domain::ContactPurposeInput;
    let purpose = RwSignal::new(purposes.first().cloned().unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<api::CaseContactView>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ContactPurposeInput { purpose: purpose.get_untracked() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { whose.reveal(&input).await }, errors, banner, move |c| {
            shown.set(Some(c));
            set_timeout(move || shown.set(None), std::time::Duration::from_secs(SHOWN_SECS));
        });
    };
    let options = purposes.into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view();
    let contact_id = format!("contact-{key}");
    view! {
        <form class="inline-form" id=format!("reveal-{key}") on:submit=send>
            <Banner message=banner />
            <label class="field" for=format!("purpose-pick-{key}")>
                <span>"열람 목적"</span>
                <select id=format!("purpose-pick-{key}") on:change=move |ev| purpose.set(event_target_value(&ev))>
                    {options}
                    <option value="">"기타 (직접 적기)"</option>
                </select>
            </label>
            <TextField id=format!("purpose-{key}") label="목적" value=purpose errors field="purpose" />
            <button class="button secondary" type="submit" id=format!("reveal-{key}-send")>
                "연락처 보기"
            </button>
            {move || {
                shown
                    .get()
                    .map(|c| {
                        let line = [c.name, c.phone, c.email, c.address]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <p class="banner ok" role="status" id=contact_id.clone()>
                                {format!("{line} ({SHOWN_SECS}초 뒤 다시 가립니다)")}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

/// Asks the person to confirm a step that closes, approves or reopens a case (the complainant
/// is told at once; it cannot simply be taken back): true when they agree. Called from event
/// handlers only, in the browser.
pub fn confirmed(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}
