//! `/queue`: every open case with a countdown that ticks each second. New and changed cases
//! arrive over server-sent events; the list is reloaded on every (re)connection so that a
//! server restart or a dropped network loses nothing.

use chrono::{DateTime, Utc};
use futures::StreamExt;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{StaffHeader, fmt_short, leave_if_refused, refused_entry};
use crate::api::{self, CalendarView, CaseEvent, Me, QueueFilterInput, QueueItem};
use crate::domain::{BusinessCalendar, CaseStatus, Channel, Clock, VocKind, format_business};

/// Serious cases first (중대 민원), then overdue, then urgent requests, then by business time
/// left.
pub fn queue_order(items: &mut [QueueItem], cal: &BusinessCalendar, now: DateTime<Utc>) {
    items.sort_by_cached_key(|i| {
        let left = i.clock(cal, now).remaining;
        (i.serious.is_none(), left >= 0, !i.kind.is_urgent(), left, i.id)
    });
}

fn apply(items: &mut Vec<QueueItem>, ev: CaseEvent) {
    items.retain(|i| i.id != ev.case.id);
    if ev.case.status.is_open() {
        items.push(ev.case);
    }
}

async fn reload(items: RwSignal<Option<Vec<QueueItem>>>, error: RwSignal<Option<String>>) {
    match api::get::<Vec<QueueItem>>("/api/v1/queue").await {
        Ok(list) => {
            items.set(Some(list));
            error.set(None);
        }
        Err(e) if refused_entry(&e) => {
            leave_if_refused(&e);
        }
        Err(e) => error.set(Some(e.message())),
    }
}

/// Follows `/api/v1/events` for as long as the page is open, reconnecting when the browser
/// gives up on the stream.
async fn follow(items: RwSignal<Option<Vec<QueueItem>>>, error: RwSignal<Option<String>>, live: RwSignal<bool>) {
    loop {
        if let Ok(mut es) = gloo_net::eventsource::futures::EventSource::new("/api/v1/events") {
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
                            reload(items, error).await;
                        }
                        Ok((kind, _)) if kind == "error" => live.set(false),
                        Ok((_, ev)) => {
                            let data = ev.data().as_string().unwrap_or_default();
                            if let Ok(ev) = serde_json::from_str::<CaseEvent>(&data) {
                                items.update(|list| {
                                    if let Some(list) = list {
                                        apply(list, ev);
                                    }
                                });
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
        reload(items, error).await;
    }
}

/// The queue's views (SPEC: mine, my department, all, unrouted, due soon, overdue, paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    All,
    Mine,
    Department,
    Unrouted,
    DueSoon,
    Overdue,
    Paused,
}

impl View {
    pub const ALL: [View; 7] =
        [Self::All, Self::Mine, Self::Department, Self::Unrouted, Self::DueSoon, Self::Overdue, Self::Paused];
    fn id(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Mine => "mine",
            Self::Department => "department",
            Self::Unrouted => "unrouted",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
            Self::Paused => "paused",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Self::All => "전체",
            Self::Mine => "내 담당",
            Self::Department => "우리 부서",
            Self::Unrouted => "미배정",
            Self::DueSoon => "기한 임박",
            Self::Overdue => "기한 초과",
            Self::Paused => "처리 중지",
        }
    }
    pub fn keeps(self, i: &QueueItem, me: Option<&Me>, cal: &BusinessCalendar, now: DateTime<Utc>) -> bool {
        let clock = || i.clock(cal, now);
        match self {
            Self::All => true,
            Self::Mine => me.is_some_and(|m| i.assignee_id == Some(m.id)),
            Self::Department => me.is_some_and(|m| m.department_id.is_some() && i.department_id == m.department_id),
            Self::Unrouted => i.department_id.is_none(),
            Self::DueSoon => {
                let c = clock();
                c.remaining >= 0 && c.remaining <= i.due_soon_secs
            }
            Self::Overdue => clock().remaining < 0,
            Self::Paused => clock().paused,
        }
    }
}

fn matches_search(i: &QueueItem, needle: &str) -> bool {
    needle.is_empty() || i.receipt_no.to_lowercase().contains(needle) || i.summary.to_lowercase().contains(needle)
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let items = RwSignal::new(None::<Vec<QueueItem>>);
    let error = RwSignal::new(None::<String>);
    let live = RwSignal::new(false);
    let now = RwSignal::new(None::<DateTime<Utc>>);
    let calendar = RwSignal::new(None::<BusinessCalendar>);
    let view_tab = RwSignal::new(View::All);
    let search = RwSignal::new(String::new());
    let filters = RwSignal::new(QueueFilterInput::default());
    let me = LocalResource::new(|| api::get::<Me>("/api/v1/session"));

    // Browser only: effects do not run during server rendering.
    Effect::new(move |_| {
        now.set(Some(Utc::now()));
        leptos::task::spawn_local(async move {
            match api::get::<CalendarView>("/api/v1/calendar").await {
                Ok(c) => calendar.set(Some(c.calendar())),
                Err(e) => error.set(Some(e.message())),
            }
        });
        let tick = set_interval_with_handle(move || now.set(Some(Utc::now())), std::time::Duration::from_secs(1));
        let (task, abort) = futures::future::abortable(follow(items, error, live));
        leptos::task::spawn_local(async move {
            let _ = task.await;
        });
        on_cleanup(move || {
            if let Ok(t) = tick {
                t.clear();
            }
            abort.abort();
        });
    });

    let sorted = move || {
        let now = now.get().unwrap_or_else(Utc::now);
        let mut list = items.get().unwrap_or_default();
        let me = me.get().and_then(Result::ok);
        let tab = view_tab.get();
        let needle = search.get().trim().to_lowercase();
        // The selects offer only known values, so the parse cannot fail; if it did, nothing
        // would be filtered out rather than everything.
        let filter = filters.with(QueueFilterInput::parse).unwrap_or_default();
        calendar.with(|c| {
            if let Some(cal) = c {
                list.retain(|i| tab.keeps(i, me.as_ref(), cal, now) && matches_search(i, &needle) && filter.keeps(i));
                queue_order(&mut list, cal, now);
            }
        });
        list
    };
    let office_open = move || {
        let n = now.get()?;
        calendar.with(|c| c.as_ref().map(|c| c.is_business_time(n)))
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
                error
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
                {View::ALL
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                type="button"
                                data-view=v.id()
                                aria-pressed=move || (view_tab.get() == v).to_string()
                                on:click=move |_| view_tab.set(v)
                            >
                                {v.label()}
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
                    placeholder="접수번호 또는 내용"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <Filters items filters />
            <Show
                when=move || items.with(Option::is_some) && calendar.with(Option::is_some)
                fallback=|| view! { <p class="loading">"처리함을 불러오는 중…"</p> }
            >
                <p class="count">
                    {move || {
                        format!(
                            "미결 {}건 중 {}건 표시",
                            items.with(|i| i.as_ref().map_or(0, Vec::len)),
                            sorted().len(),
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
                            each=sorted
                            key=|i| (i.id, i.status, i.due_at, i.kind)
                            children=move |item| view! { <Row item now calendar /> }
                        />
                    </tbody>
                </table>
            </Show>
        </main>
    }
}

/// One select per filter. Kind, channel and status offer every value; facility, category
/// and department offer the values the open cases have, with their names.
#[component]
fn Filters(items: RwSignal<Option<Vec<QueueItem>>>, filters: RwSignal<QueueFilterInput>) -> impl IntoView {
    let distinct = move |pick: fn(&QueueItem) -> Option<(String, String)>| {
        items.with(|list| {
            let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
            for i in list.iter().flatten() {
                if let Some((k, v)) = pick(i) {
                    seen.insert(k, v);
                }
            }
            seen.into_iter().collect::<Vec<_>>()
        })
    };
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
                        filters.update(|f| set(f, v));
                    }
                >
                    <option value="">"전체"</option>
                    {move || options().into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                </select>
            </label>
        }
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
            {select(
                "filter-facility",
                "시설",
                |f, v| f.facility = v,
                Box::new(move || distinct(|i| {
                    i.facility.clone().map(|f| (f, i.facility_name.clone().unwrap_or_default()))
                })),
            )}
            {select(
                "filter-category",
                "분류",
                |f, v| f.category = v,
                Box::new(move || distinct(|i| i.category.clone().map(|c| (c.clone(), c)))),
            )}
            {select(
                "filter-department",
                "부서",
                |f, v| f.department = v,
                Box::new(move || {
                    let mut d = distinct(|i| Some(
                        i
                            .department_id
                            .map_or_else(
                                || ("none".to_owned(), "미배정".to_owned()),
                                |id| (id.to_string(), i.department_name.clone().unwrap_or_default()),
                            ),
                    ));
                    d.sort_by(|a, b| a.1.cmp(&b.1));
                    d
                }),
            )}
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
    let overdue = move || clock().is_some_and(|c| c.remaining < 0);
    let due_soon =
        move || clock().is_some_and(|c| c.remaining >= 0 && c.remaining <= item.with_value(|i| i.due_soon_secs));
    let i = item.get_value();
    view! {
        <tr
            class="queue-row"
            class:overdue=overdue
            class:due-soon=due_soon
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
                            if c.remaining < 0 {
                                format!("기한 초과 {time}{state}")
                            } else {
                                format!("{time}{state}")
                            }
                        })
                }}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BusinessHours, CaseStatus, Channel, VocKind, korean_public_holiday_dates, seoul};
    use chrono::TimeZone;

    fn item(id: i64, kind: VocKind, due_h: i64) -> QueueItem {
        let t0 = seoul().with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        QueueItem {
            id,
            receipt_no: format!("VOC-2026-{id:06}"),
            kind,
            channel: Channel::Kiosk,
            status: CaseStatus::Received,
            facility: None,
            facility_name: None,
            summary: String::new(),
            received_at: t0,
            due_at: t0 + chrono::Duration::hours(due_h),
            interim_due_at: None,
            budget_secs: due_h * 3600,
            due_at_close: false,
            original_due_at: None,
            serious: None,
            due_soon_secs: 4 * 3600,
            pauses: vec![],
            paused_reason: None,
            department_id: None,
            department_name: None,
            assignee_id: None,
            assignee_name: None,
            registered_by: None,
            category: None,
        }
    }

    #[test]
    fn overdue_sorts_first_then_urgent_then_by_deadline() {
        // Received Monday 09:00; at 12:00 three business hours have passed.
        let now = seoul().with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap().with_timezone(&Utc);
        let cal = BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates());
        let mut list = vec![
            item(1, VocKind::Complaint, 48),
            item(2, VocKind::Urgent, 24),
            item(3, VocKind::Suggestion, 2), // overdue
            item(4, VocKind::Inquiry, 20),
            item(5, VocKind::Urgent, 1), // overdue and urgent
        ];
        queue_order(&mut list, &cal, now);
        let ids: Vec<i64> = list.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![5, 3, 2, 4, 1]);
        // A complaint marked serious (중대 민원) heads the queue, however far its deadline.
        list.push(QueueItem { serious: Some(crate::domain::SeriousReason::Safety), ..item(6, VocKind::Complaint, 48) });
        queue_order(&mut list, &cal, now);
        let ids: Vec<i64> = list.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![6, 5, 3, 2, 4, 1]);
    }

    #[test]
    fn views_filter_by_owner_department_and_clock() {
        let now = seoul().with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap().with_timezone(&Utc);
        let cal = BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates());
        let me = Me {
            id: 7,
            username: "h".into(),
            display_name: "h".into(),
            role: crate::domain::Role::Handler,
            department_id: Some(3),
            department_name: None,
            must_change_password: false,
            two_factor: Default::default(),
        };
        let mut mine = item(1, VocKind::Complaint, 48);
        mine.assignee_id = Some(7);
        mine.department_id = Some(3);
        let unrouted = item(2, VocKind::Praise, 48);
        let soon = item(3, VocKind::Inquiry, 6); // 3 h left of 6, threshold 4 h
        let late = item(4, VocKind::Inquiry, 2);
        let keep = |v: View| {
            [&mine, &unrouted, &soon, &late]
                .into_iter()
                .filter(|i| v.keeps(i, Some(&me), &cal, now))
                .map(|i| i.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(keep(View::All), vec![1, 2, 3, 4]);
        assert_eq!(keep(View::Mine), vec![1]);
        assert_eq!(keep(View::Department), vec![1]);
        assert_eq!(keep(View::Unrouted), vec![2, 3, 4]);
        assert_eq!(keep(View::DueSoon), vec![3]);
        assert_eq!(keep(View::Overdue), vec![4]);
        assert!(keep(View::Paused).is_empty());
        assert!(matches_search(&late, "000004") && !matches_search(&late, "xyz"));
    }

    #[test]
    fn events_upsert_open_cases_and_drop_closed_ones() {
        let mut list = vec![item(1, VocKind::Complaint, 48)];
        apply(&mut list, CaseEvent { change: "created".into(), case: item(2, VocKind::Praise, 48) });
        assert_eq!(list.len(), 2);
        let mut closed = item(1, VocKind::Complaint, 48);
        closed.status = CaseStatus::Closed;
        apply(&mut list, CaseEvent { change: "closed".into(), case: closed });
        assert_eq!(list.iter().map(|i| i.id).collect::<Vec<_>>(), vec![2]);
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
        api::get::<Vec<api::SurveyFollowUpView>>("/api/v1/survey-follow-ups?status=open").await.ok()
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
