//! `/queue`: the live queue, one page of one view at a time. The server filters, counts, sorts
//! and pages (`GET /api/v1/queue`); the page ticks the countdowns of the rows it shows, lands
//! pushed changes on those rows by the same rules (`app::queue::place`) and asks only for the
//! views' counts after them. On every (re)connection the page is loaded again, so a server
//! restart or a dropped network loses nothing.

use chrono::{DateTime, Utc};
use futures::StreamExt;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{StaffHeader, fmt_short, js_encode, leave_if_refused, refused_entry};
use crate::api::{self, CaseEvent, Me, QueueItem};
use crate::client::{browser, links};
use crate::domain::{BusinessCalendar, CaseStatus, Channel, Clock, VocKind, format_business};
use crate::queue::{QUEUE_PER_PAGE, QueueCounts, QueueFacets, QueueFilterInput, QueueMe, QueueView, place};

/// The query string of the queue's query.
fn query(f: &QueueFilterInput) -> String {
    [
        ("view", &f.view),
        ("q", &f.q),
        ("kind", &f.kind),
        ("channel", &f.channel),
        ("facility", &f.facility),
        ("category", &f.category),
        ("department", &f.department),
        ("status", &f.status),
        ("page", &f.page),
        ("per_page", &f.per_page),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", js_encode(v.trim())))
    .collect::<Vec<_>>()
    .join("&")
}

/// What the page holds of the queue.
#[derive(Clone, Copy)]
struct Shown {
    rows: RwSignal<Option<Vec<QueueItem>>>,
    counts: RwSignal<QueueCounts>,
    facets: RwSignal<QueueFacets>,
    query: RwSignal<QueueFilterInput>,
    error: RwSignal<Option<String>>,
    /// Bumped by every load, so that an older answer arriving late is dropped.
    generation: StoredValue<u64>,
    /// A counts refresh is on its way.
    counting: StoredValue<bool>,
}

/// Every path below may run after the page is gone (a load or a count on its way when the
/// officer opens a case): each reads and writes with `try_`, and stops when the page is gone.
impl Shown {
    async fn load(self) {
        let Some(generation) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let Some(q) = self.query.try_with_untracked(query) else { return };
        let got = browser().queue(&q).await;
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        match got {
            Ok(page) => {
                self.counts.try_set(page.counts);
                self.facets.try_set(page.facets);
                self.rows.try_set(Some(page.items));
                self.error.try_set(None);
            }
            Err(e) if refused_entry(&e) => leave_if_refused(&e),
            Err(e) => {
                self.error.try_set(Some(e.message()));
            }
        }
    }

    /// After pushed changes: the views' counts, once for a burst of them.
    fn recount(self) {
        if self.counting.try_get_value() != Some(false) {
            return;
        }
        self.counting.try_set_value(true);
        leptos::task::spawn_local(async move {
            gloo_timers::future::sleep(std::time::Duration::from_millis(700)).await;
            if self.counting.try_set_value(false).is_some() {
                return;
            }
            let Some(q) = self.query.try_with_untracked(query) else { return };
            if let Ok(counts) = browser().queue_counts(&q).await {
                self.counts.try_set(counts);
            }
        });
    }

    /// A pushed change lands on the rows shown, or elsewhere; the counts follow.
    fn apply(self, ev: CaseEvent, me: QueueMe, cal: Option<&BusinessCalendar>) {
        let Some(cal) = cal else { return };
        let Some(Ok(filter)) = self.query.try_with_untracked(QueueFilterInput::parse) else { return };
        if ev.case.status.is_open() {
            self.facets.try_update(|f| f.merge(&ev.case));
        }
        self.rows.try_update(|rows| {
            if let Some(rows) = rows {
                place(rows, ev.case, &filter, me, cal, Utc::now());
            }
        });
        self.recount();
    }
}

/// Follows `/api/v1/events` for as long as the page is open, reconnecting when the browser
/// gives up on the stream.
async fn follow(
    shown: Shown,
    live: RwSignal<bool>,
    me: RwSignal<QueueMe>,
    calendar: RwSignal<Option<BusinessCalendar>>,
) {
    loop {
        if let Ok(mut es) = gloo_net::eventsource::futures::EventSource::new(&links::events()) {
            // `error` fires on every lost connection, also while the browser retries by
            // itself, so the page can say it is offline until the next `ready`.
            if let (Ok(ready), Ok(cases), Ok(errors)) =
                (es.subscribe("ready"), es.subscribe("case"), es.subscribe("error"))
            {
                let mut stream = futures::stream::select(futures::stream::select(ready, cases), errors);
                while let Some(msg) = stream.next().await {
                    match msg {
                        Ok((kind, _)) if kind == "ready" => {
                            live.set(true);
                            shown.load().await;
                        }
                        Ok((kind, _)) if kind == "error" => live.set(false),
                        Ok((_, ev)) => {
                            let data = ev.data().as_string().unwrap_or_default();
                            if let Ok(ev) = serde_json::from_str::<CaseEvent>(&data) {
                                calendar.with_untracked(|c| shown.apply(ev, me.get_untracked(), c.as_ref()));
                            }
                        }
                        Err(_) => break,
                    }
                }
            }
            drop(es);
        }
        live.set(false);
        gloo_timers::future::sleep(std::time::Duration::from_secs(2)).await;
        shown.load().await;
    }
}

/// How often the page shown is loaded again though nothing was pushed: clocks move cases into
/// "due soon" and "overdue" by themselves, and a case routed away is not pushed to those who
/// no longer see it.
const REFRESH: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn QueuePage() -> impl IntoView {
    let shown = Shown {
        rows: RwSignal::new(None),
        counts: RwSignal::new(QueueCounts::default()),
        facets: RwSignal::new(QueueFacets::default()),
        query: RwSignal::new(QueueFilterInput::default()),
        error: RwSignal::new(None),
        generation: StoredValue::new(0),
        counting: StoredValue::new(false),
    };
    let live = RwSignal::new(false);
    let now = RwSignal::new(None::<DateTime<Utc>>);
    let calendar = RwSignal::new(None::<BusinessCalendar>);
    let me_ids = RwSignal::new(QueueMe::default());
    // What is typed in the search box; the query takes it after a pause in typing.
    let typed = RwSignal::new(String::new());
    let typed_at = StoredValue::new(0u64);
    let me = LocalResource::new(|| async { browser().me().await });
    Effect::new(move |_| {
        if let Some(Ok(m)) = me.get() {
            me_ids.set(QueueMe { id: m.id, department: m.department_id });
        }
    });

    // Browser only: effects do not run during server rendering.
    Effect::new(move |_| {
        now.set(Some(Utc::now()));
        leptos::task::spawn_local(async move {
            match browser().calendar().await {
                Ok(c) => {
                    calendar.try_set(Some(c.calendar()));
                }
                Err(e) => {
                    shown.error.try_set(Some(e.message()));
                }
            }
        });
        let tick = set_interval_with_handle(move || now.set(Some(Utc::now())), std::time::Duration::from_secs(1));
        let refresh = set_interval_with_handle(move || leptos::task::spawn_local(shown.load()), REFRESH);
        let (task, abort) = futures::future::abortable(follow(shown, live, me_ids, calendar));
        leptos::task::spawn_local(async move {
            let _ = task.await;
        });
        on_cleanup(move || {
            for t in [tick, refresh].into_iter().flatten() {
                t.clear();
            }
            abort.abort();
        });
    });
    // Every change of the query loads its page (the first load waits for the stream's `ready`).
    Effect::new(move |first: Option<()>| {
        shown.query.track();
        if first.is_some() {
            leptos::task::spawn_local(shown.load());
        }
    });
    let set_query = move |f: &dyn Fn(&mut QueueFilterInput)| {
        shown.query.try_update(|q| {
            f(q);
        });
    };
    let view_tab = move || shown.query.with(|q| q.view.parse::<QueueView>().unwrap_or_default());
    let filter = move || shown.query.with(QueueFilterInput::parse).unwrap_or_default();
    let office_open = move || {
        let n = now.get()?;
        calendar.with(|c| c.as_ref().map(|c| c.is_business_time(n)))
    };
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text);
        let mine = typed_at.get_value() + 1;
        typed_at.set_value(mine);
        leptos::task::spawn_local(async move {
            gloo_timers::future::sleep(std::time::Duration::from_millis(300)).await;
            // The officer may have left the page meanwhile.
            if typed_at.try_get_value() == Some(mine)
                && let Some(text) = typed.try_get_untracked()
            {
                set_query(&|q| {
                    q.q = text.clone();
                    q.page = String::new();
                });
            }
        });
    };

    view! {
        <Title text="실시간 처리함 · 고객의 소리" />
        <StaffHeader />
        <main class="queue">
            <div class="queue-head">
                <h1>"실시간 처리함"</h1>
                <span class="live" class:on=move || live.get() aria-live="polite">
                    {move || if live.get() { "● 실시간 연결됨" } else { "○ 연결 중…" }}
                </span>
            </div>
            {move || {
                shown
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="banner error" role="alert">
                                {e}
                            </div>
                        }
                    })
            }}
            <FollowUpAlert me />
            <p class="clock-note" id="office-state">
                {move || match office_open() {
                    Some(true) => "지금은 근무시간입니다 — 기한 시계가 흐릅니다.",
                    Some(false) => {
                        "지금은 근무시간 외입니다 — 모든 기한 시계가 멈춰 있습니다."
                    }
                    None => "",
                }}
                <span class="muted">
                    " 남은 시간은 근무시간(평일 09:00–18:00, 점심 12:00–13:00·공휴일 제외) 기준입니다."
                </span>
            </p>
            <div class="queue-tabs" role="group" aria-label="보기">
                {QueueView::ALL
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                type="button"
                                data-view=v.as_str()
                                aria-pressed=move || (view_tab() == v).to_string()
                                on:click=move |_| {
                                    set_query(
                                        &|q| {
                                            q.view = v.as_str().to_owned();
                                            q.page = String::new();
                                        },
                                    )
                                }
                            >
                                {v.ko()}
                                " "
                                <span class="tab-count" data-count=v.as_str()>
                                    {move || shown.counts.with(|c| c.of(v))}
                                </span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="queue-search">
                <label for="queue-search">"검색"</label>
                <input
                    id="queue-search"
                    type="search"
                    maxlength="100"
                    placeholder="접수번호 또는 내용"
                    prop:value=move || typed.get()
                    on:input=on_search
                />
            </div>
            <Filters shown set_query />
            <Show
                when=move || shown.rows.with(Option::is_some) && calendar.with(Option::is_some)
                fallback=|| view! { <p class="loading">"처리함을 불러오는 중…"</p> }
            >
                <p class="count" id="queue-count">
                    {move || {
                        let f = filter();
                        let total = shown.counts.with(|c| c.of(f.view));
                        let shown_n = shown.rows.with(|r| r.as_ref().map_or(0, Vec::len));
                        let from = if shown_n == 0 { 0 } else { f.offset() + 1 };
                        format!(
                            "미결 {}건 · {} {}건 중 {}–{}번째",
                            shown.counts.with(|c| c.all),
                            f.view.ko(),
                            total,
                            from,
                            f.offset() + i64::try_from(shown_n).unwrap_or_default(),
                        )
                    }}
                </p>
                <table class="queue-table">
                    <thead>
                        <tr>
                            <th scope="col">"접수번호"</th>
                            <th scope="col">"유형"</th>
                            <th scope="col">"시설"</th>
                            <th scope="col">"내용"</th>
                            <th scope="col">"상태"</th>
                            <th scope="col">"부서 · 담당"</th>
                            <th scope="col">"처리기한"</th>
                            <th scope="col">"중간안내 기한"</th>
                            <th scope="col">"남은 근무시간"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || shown.rows.get().unwrap_or_default()
                            key=|i| (i.id, serde_json::to_string(i).unwrap_or_default())
                            children=move |item| view! { <Row item now calendar /> }
                        />
                    </tbody>
                </table>
                <QueuePager shown set_query />
            </Show>
        </main>
    }
}

/// Previous and next page, and rows per page.
#[component]
fn QueuePager(
    shown: Shown,
    set_query: impl Fn(&dyn Fn(&mut QueueFilterInput)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let filter = move || shown.query.with(QueueFilterInput::parse).unwrap_or_default();
    let pages = move || {
        let f = filter();
        let total = shown.counts.with(|c| c.of(f.view));
        ((total + f.per_page - 1) / f.per_page).max(1)
    };
    let go = move |page: i64| set_query(&|q| q.page = page.to_string());
    let first = move || filter().page <= 1;
    let last = move || filter().page >= pages();
    view! {
        <nav class="pager" aria-label="쪽">
            <button
                class="button secondary"
                type="button"
                id="queue-prev"
                prop:disabled=first
                on:click=move |_| go(filter().page - 1)
            >
                "이전"
            </button>
            <span id="queue-page">{move || format!("{} / {}", filter().page, pages())}</span>
            <button
                class="button secondary"
                type="button"
                id="queue-next"
                prop:disabled=last
                on:click=move |_| go(filter().page + 1)
            >
                "다음"
            </button>
            <label for="queue-per-page">"한 쪽에"</label>
            <select
                id="queue-per-page"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set_query(
                        &|q| {
                            q.per_page = v.clone();
                            q.page = String::new();
                        },
                    );
                }
            >
                {[QUEUE_PER_PAGE, 100, 200]
                    .into_iter()
                    .map(|n| {
                        view! {
                            <option value=n.to_string() selected=move || filter().per_page == n>
                                {format!("{n}건")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </nav>
    }
}

/// One select per filter. Kind, channel and status offer every value; facility, category
/// and department offer the values the open cases have, with their names.
#[component]
fn Filters(
    shown: Shown,
    set_query: impl Fn(&dyn Fn(&mut QueueFilterInput)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let select = move |id: &'static str,
                       label: &'static str,
                       set: fn(&mut QueueFilterInput, String),
                       options: Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>| {
        view! {
            <label class="filter" for=id>
                <span>{label}</span>
                <select
                    id=id
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_query(
                            &|f| {
                                set(f, v.clone());
                                f.page = String::new();
                            },
                        );
                    }
                >
                    <option value="">"전체"</option>
                    {move || options().into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let facet = move |pick: fn(&QueueFacets) -> &Vec<crate::queue::QueueOption>| {
        move || shown.facets.with(|f| pick(f).iter().map(|o| (o.value.clone(), o.label.clone())).collect::<Vec<_>>())
    };
    view! {
        <div class="queue-filters" role="group" aria-label="거르기">
            {select(
                "filter-kind",
                "유형",
                |f, v| f.kind = v,
                Box::new(|| VocKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.ko().to_owned())).collect()),
            )}
            {select(
                "filter-channel",
                "접수 경로",
                |f, v| f.channel = v,
                Box::new(|| Channel::ALL.iter().map(|c| (c.as_str().to_owned(), c.ko().to_owned())).collect()),
            )}
            {select(
                "filter-status",
                "상태",
                |f, v| f.status = v,
                Box::new(|| {
                    CaseStatus::ALL
                        .iter()
                        .filter(|s| s.is_open())
                        .map(|s| (s.as_str().to_owned(), s.ko().to_owned()))
                        .collect()
                }),
            )}
            {select("filter-facility", "시설", |f, v| f.facility = v, Box::new(facet(|f| &f.facilities)))}
            {select("filter-category", "분류", |f, v| f.category = v, Box::new(facet(|f| &f.categories)))}
            {select("filter-department", "부서", |f, v| f.department = v, Box::new(facet(|f| &f.departments)))}
        </div>
    }
}

#[component]
fn Row(
    item: QueueItem,
    now: RwSignal<Option<DateTime<Utc>>>,
    calendar: RwSignal<Option<BusinessCalendar>>,
) -> impl IntoView {
    let item = StoredValue::new(item);
    let clock = move || -> Option<Clock> {
        let n = now.get()?;
        calendar.with(|c| c.as_ref().map(|c| item.with_value(|i| i.clock(c, n))))
    };
    let overdue = move || now.get().is_some_and(|n| item.with_value(|i| i.overdue(n)));
    let due_soon = move || {
        let n = now.get()?;
        calendar.with(|c| c.as_ref().map(|c| item.with_value(|i| i.due_soon(c, n))))
    };
    let i = item.get_value();
    view! {
        <tr
            class="queue-row"
            class:overdue=overdue
            class:due-soon=move || due_soon().unwrap_or(false)
            class:paused=move || clock().is_some_and(|c| c.paused)
            class:urgent=i.kind.is_urgent()
            class:serious=i.serious.is_some()
            data-receipt=i.receipt_no.clone()
        >
            <td>
                <a href=format!("/cases/{}", i.id)>{i.receipt_no.clone()}</a>
            </td>
            <td>
                {i.kind.ko()}
                {i
                    .serious
                    .map(|r| {
                        view! {
                            " "
                            <strong class="serious-tag">{format!("중대 · {}", r.ko())}</strong>
                        }
                    })}
            </td>
            <td>{i.facility_name.clone().unwrap_or_else(|| "-".into())}</td>
            <td class="summary">{i.summary.clone()}</td>
            <td>{i.status.ko()}</td>
            <td class="dept">
                {format!(
                    "{} · {}",
                    i.department_name.clone().unwrap_or_else(|| "미배정".into()),
                    i.assignee_name.clone().unwrap_or_else(|| "-".into()),
                )}
            </td>
            <td>
                {fmt_short(&i.due_at)}
                {i
                    .original_due_at
                    .as_ref()
                    .map(|o| {
                        view! {
                            <br />
                            <small class="extended">"연장 · 종전 "{fmt_short(o)}</small>
                        }
                    })}
            </td>
            <td>{i.interim_due_at.as_ref().map(fmt_short).unwrap_or_else(|| "-".into())}</td>
            <td class="countdown">
                {move || {
                    clock()
                        .map(|c| {
                            let time = format_business(c.remaining);
                            let state = if c.paused {
                                format!(" · 일시정지({})", i.paused_reason.map(|r| r.ko()).unwrap_or_default())
                            } else if !c.running {
                                " · 정지(근무시간 외)".to_owned()
                            } else {
                                String::new()
                            };
                            if overdue() { format!("기한 초과 {time}{state}") } else { format!("{time}{state}") }
                        })
                }}
            </td>
        </tr>
    }
}

/// For those who see dissatisfied survey responses: how many wait for a follow-up, how many
/// are past their three business days, and the soonest clock, linking to their page.
#[component]
fn FollowUpAlert(me: LocalResource<Result<Me, api::CallError>>) -> impl IntoView {
    let open = LocalResource::new(move || async move {
        let me = me.await.ok()?;
        if !me.role.sees_page(crate::domain::StaffPage::SurveyFollowUps) {
            return None;
        }
        browser().survey_follow_ups("status=open").await.ok()
    });
    move || {
        let list = open.get().flatten().filter(|l| !l.is_empty())?;
        let late = list.iter().filter(|f| f.overdue).count();
        let soonest = list.iter().map(|f| f.remaining_secs).min().unwrap_or_default();
        Some(view! {
            <p class="banner follow-up-alert" id="follow-up-alert">
                <a href="/survey-follow-ups">"불만족 추가 답변 "<strong>{list.len()}</strong>"건 대기"</a>
                {if late > 0 {
                    format!(" · 기한 경과 {late}건")
                } else {
                    format!(" · 가장 이른 기한까지 {}", format_business(soonest))
                }}
            </p>
        })
    }
}
