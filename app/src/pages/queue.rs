//! `/queue`: every open case with a countdown that ticks each second. New and changed cases
//! arrive over server-sent events; the list is reloaded on every (re)connection so that a
//! server restart or a dropped network loses nothing.

use chrono::{DateTime, FixedOffset, Utc};
use futures::StreamExt;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{fmt_time, go_to_login, StaffHeader};
use crate::api::{self, CaseEvent, QueueItem};
use crate::domain::format_remaining;

/// Overdue first, then urgent requests, then by deadline.
pub fn queue_order(items: &mut [QueueItem], now: DateTime<Utc>) {
    items.sort_by_key(|i| (i.due_at >= now, !i.kind.is_urgent(), i.due_at, i.id));
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
        Err(e) if e.status() == Some(401) => go_to_login(),
        Err(e) => error.set(Some(e.message())),
    }
}

/// Follows `/api/v1/events` for as long as the page is open, reconnecting when the browser
/// gives up on the stream.
async fn follow(items: RwSignal<Option<Vec<QueueItem>>>, error: RwSignal<Option<String>>, live: RwSignal<bool>) {
    loop {
        if let Ok(mut es) = gloo_net::eventsource::futures::EventSource::new("/api/v1/events") {
            if let (Ok(ready), Ok(cases)) = (es.subscribe("ready"), es.subscribe("case")) {
                let mut stream = futures::stream::select(ready, cases);
                while let Some(msg) = stream.next().await {
                    match msg {
                        Ok((kind, _)) if kind == "ready" => {
                            live.set(true);
                            reload(items, error).await;
                        }
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

#[component]
pub fn QueuePage() -> impl IntoView {
    let items = RwSignal::new(None::<Vec<QueueItem>>);
    let error = RwSignal::new(None::<String>);
    let live = RwSignal::new(false);
    let now = RwSignal::new(None::<DateTime<Utc>>);

    // Browser only: effects do not run during server rendering.
    Effect::new(move |_| {
        now.set(Some(Utc::now()));
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
        queue_order(&mut list, now);
        list
    };

    view! {
        <Title text="실시간 처리함 · 고객의 소리"/>
        <StaffHeader/>
        <main class="queue">
            <div class="queue-head">
                <h1>"실시간 처리함"</h1>
                <span class="live" class:on=move || live.get() aria-live="polite">
                    {move || if live.get() { "● 실시간 연결됨" } else { "○ 연결 중…" }}
                </span>
            </div>
            {move || error.get().map(|e| view! { <div class="banner error" role="alert">{e}</div> })}
            <Show
                when=move || items.with(Option::is_some)
                fallback=|| view! { <p class="loading">"처리함을 불러오는 중…"</p> }
            >
                <p class="count">{move || format!("미결 {}건", items.with(|i| i.as_ref().map_or(0, Vec::len)))}</p>
                <table class="queue-table">
                    <thead>
                        <tr>
                            <th scope="col">"접수번호"</th>
                            <th scope="col">"유형"</th>
                            <th scope="col">"시설"</th>
                            <th scope="col">"내용"</th>
                            <th scope="col">"상태"</th>
                            <th scope="col">"기한"</th>
                            <th scope="col">"남은 시간"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=sorted
                            key=|i| (i.id, i.status, i.due_at, i.kind)
                            children=move |item| view! { <Row item now/> }
                        />
                    </tbody>
                </table>
            </Show>
        </main>
    }
}

#[component]
fn Row(item: QueueItem, now: RwSignal<Option<DateTime<Utc>>>) -> impl IntoView {
    let due: DateTime<FixedOffset> = item.due_at;
    let remaining = move || now.get().map(|n| (due.with_timezone(&Utc) - n).num_seconds());
    let overdue = move || remaining().is_some_and(|s| s < 0);
    view! {
        <tr
            class="queue-row"
            class:overdue=overdue
            class:urgent=item.kind.is_urgent()
            data-receipt=item.receipt_no.clone()
        >
            <td>
                <a href=format!("/cases/{}", item.id)>{item.receipt_no.clone()}</a>
            </td>
            <td>{item.kind.ko()}</td>
            <td>{item.facility_name.clone().unwrap_or_else(|| "-".into())}</td>
            <td class="summary">{item.summary.clone()}</td>
            <td>{item.status.ko()}</td>
            <td>{fmt_time(&item.due_at)}</td>
            <td class="countdown">
                {move || match remaining() {
                    Some(s) if s < 0 => format!("기한 초과 {}", format_remaining(s)),
                    Some(s) => format_remaining(s),
                    None => String::new(),
                }}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{seoul, CaseStatus, Channel, VocKind};
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
        }
    }

    #[test]
    fn overdue_sorts_first_then_urgent_then_by_deadline() {
        let now = seoul().with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap().with_timezone(&Utc);
        let mut list = vec![
            item(1, VocKind::Complaint, 48),
            item(2, VocKind::Urgent, 24),
            item(3, VocKind::Suggestion, 2), // overdue
            item(4, VocKind::Inquiry, 20),
            item(5, VocKind::Urgent, 1), // overdue and urgent
        ];
        queue_order(&mut list, now);
        let ids: Vec<i64> = list.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![5, 3, 2, 4, 1]);
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
