//! `/ccm-activities`: the CCM activities (CCM 위원회·리더스회의, 주민참여평가단·고객모니터단,
//! 현장 실태점검, 전화친절도 모니터링) of a year with their items, the follow-ups the reader's
//! department owes (overdue first, ● ◐ ○ marks and words, readable without colour) with a form
//! to report each done, and for the VOC office the form that records an activity. What the
//! reader may do comes from the server (`can_record`, `may_report`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    Banner, DepartmentSelect, FieldMsg, StaffHeader, TextArea, TextField, YearSelect, active_departments, failed,
    latest, or_login, submit,
};
use crate::api::{ActivityItemView, ActivityView, DepartmentView, MemberRef, OwedAction};
use crate::client::browser;
use crate::domain::{ActionDoneInput, ActivityInput, ActivityItemInput, ActivityKind, FieldErrors, in_term};

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let year = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let (year, kind) = (year.get(), kind.get());
        async move {
            let mut q = Vec::new();
            if !year.is_empty() {
                q.push(format!("year={year}"));
            }
            if !kind.is_empty() {
                q.push(format!("kind={kind}"));
            }
            or_login(browser().activities(&q.join("&"))).await
        }
    });
    let (current, failure) = latest(loaded);
    let departments = active_departments();
    let reload = move || loaded.refetch();
    let editing = RwSignal::new(None::<ActivityView>);
    let years = Memo::new(move |_| current.with(|o| o.as_ref().map(|o| (o.year, o.first_year, o.last_year))));
    let body = move || {
        current.get().map(|o| {
            view! {
                <OwedList owed=o.owed overdue=o.overdue reload />
                <ActivityList list=o.activities can_record=o.can_record editing />
            }
        })
    };
    // A memo: the form is rebuilt only when who may record or the roster changes, not on every
    // reload of the records (which would clear what is being typed and the "saved" banner).
    let form_setup = Memo::new(move |_| current.with(|o| o.as_ref().map(|o| (o.can_record, o.members.clone()))));
    let form = move || {
        form_setup.get().and_then(|(can_record, members)| {
            can_record.then(|| view! { <ActivityForm departments members editing reload /> })
        })
    };
    view! {
        <Title text="CCM 활동 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"CCM 활동"</h1>
            <p class="note">
                "CCM 위원회와 리더스회의, 주민참여평가단·고객모니터단, 현장 실태점검, 전화친절도 모니터링의 기록입니다. 안건·의견·지적사항마다 담당 부서와 기한을 정하면, 그 부서가 조치를 보고할 때까지 후속조치로 남습니다: ● 완료 · ◐ 진행 중 · ○ 기한 경과."
            </p>
            <div class="filters">
                <YearSelect id="activity-year" years pick=move |y| year.set(y) />
                <label class="field" for="activity-kind-filter">
                    <span>"구분"</span>
                    <select id="activity-kind-filter" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="">"전체"</option>
                        {ActivityKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.as_str()>{k.ko()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {move || failure.get().map(|e| failed(&e))}
            {body}
            {form}
        </main>
    }
}

/// The follow-ups owed in the reader's scope, each with its report form when they may.
#[component]
fn OwedList(owed: Vec<OwedAction>, overdue: i64, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let heading = if overdue > 0 {
        format!("남은 후속조치 {}건 (기한 경과 {overdue}건)", owed.len())
    } else {
        format!("남은 후속조치 {}건", owed.len())
    };
    let rows = owed
        .into_iter()
        .map(|o| {
            let i = o.item;
            let report = i.may_report.then(|| view! { <ReportForm id=i.id reload /> });
            let owner_due = format!(
                "{} · 기한 {}",
                i.owner.clone().unwrap_or_default(),
                i.due_on.map(|d| d.to_string()).unwrap_or_default()
            );
            view! {
                <li class="practice" data-item=i.id.to_string() data-state=i.state.as_str()>
                    <p class="meta">
                        <span class="tag">{i.state_label.clone()}</span>
                        " "
                        {owner_due}
                    </p>
                    <h3>{i.topic.clone()}</h3>
                    {(!i.decision.is_empty()).then(|| view! { <p>{format!("결정: {}", i.decision)}</p> })}
                    <p class="meta">{format!("{} · {} ({})", o.activity_title, o.kind_label, o.held_on)}</p>
                    {report}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="owed-heading">
            <h2 id="owed-heading">{heading}</h2>
            <ul class="practice-list" id="owed-list">
                {rows}
            </ul>
        </section>
    }
}

#[component]
fn ReportForm(id: i64, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let result = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ActionDoneInput { result: result.get_untracked() };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        submit(async move { browser().report_action_done(id, &input).await }, errors, banner, move |_| reload());
    };
    view! {
        <form class="inline-form" id=format!("report-item-{id}") on:submit=send>
            <Banner message=banner />
            <TextField id=format!("item-result-{id}") label="조치 결과" value=result errors field="result" />
            <button class="button secondary" type="submit" id=format!("report-item-{id}-send")>
                "완료 보고"
            </button>
        </form>
    }
}

#[component]
fn ActivityList(list: Vec<ActivityView>, can_record: bool, editing: RwSignal<Option<ActivityView>>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p id="activity-empty">"이 해의 기록이 없습니다."</p> }.into_any();
    }
    let cards = list
        .into_iter()
        .map(|a| {
            let meta = [
                Some(a.held_on.to_string()),
                (!a.place.is_empty()).then(|| a.place.clone()),
                a.department.clone(),
                Some(format!("기록 {}", a.recorded_by)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            let items = (!a.items.is_empty()).then(|| view! { <ItemTable items=a.items.clone() /> });
            let correct = can_record.then(|| {
                let a = a.clone();
                view! {
                    <button
                        class="button secondary"
                        type="button"
                        id=format!("edit-activity-{}", a.id)
                        on:click=move |_| {
                            editing.set(Some(a.clone()));
                            if let Some(form) = document().get_element_by_id("activity-form") {
                                form.scroll_into_view();
                            }
                        }
                    >
                        "고치기"
                    </button>
                }
            });
            view! {
                <li class="practice" id=format!("activity-{}", a.id) data-kind=a.kind.as_str()>
                    <h3>{a.title.clone()}</h3>
                    <p class="meta">
                        <span class="tag">{a.kind_label.clone()}</span>
                        " "
                        {meta}
                    </p>
                    {(!a.participants.is_empty())
                        .then(|| {
                            view! {
                                <p>
                                    <strong>"참석: "</strong>
                                    {a.participants.clone()}
                                </p>
                            }
                        })}
                    {(!a.members.is_empty())
                        .then(|| {
                            let names = a.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", ");
                            view! {
                                <p class="members">
                                    <strong>{format!("참석 위원 {}명: ", a.members.len())}</strong>
                                    {names}
                                </p>
                            }
                        })}
                    <p class="pre">{a.summary.clone()}</p>
                    {items}
                    {correct}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>"활동 기록"</h2>
        <ul class="practice-list" id="activity-list">
            {cards}
        </ul>
    }
    .into_any()
}

#[component]
fn ItemTable(items: Vec<ActivityItemView>) -> impl IntoView {
    let rows = items
        .into_iter()
        .map(|i| {
            let result = i.result.clone().map(|r| format!("{r} ({})", i.done_by.clone().unwrap_or_default()));
            view! {
                <tr data-state=i.state.as_str()>
                    <th scope="row">{i.topic.clone()}</th>
                    <td>{i.decision.clone()}</td>
                    <td>{i.owner.clone().unwrap_or_else(|| "–".into())}</td>
                    <td>{i.due_on.map(|d| d.to_string()).unwrap_or_else(|| "–".into())}</td>
                    <td>{i.state_label.clone()}</td>
                    <td>{result.unwrap_or_else(|| "–".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="queue-table">
            <thead>
                <tr>
                    <th scope="col">"안건·의견·지적사항"</th>
                    <th scope="col">"결정·답변"</th>
                    <th scope="col">"담당 부서"</th>
                    <th scope="col">"기한"</th>
                    <th scope="col">"상태"</th>
                    <th scope="col">"조치 결과"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One item's fields in the record form.
#[derive(Clone, Copy)]
struct ItemFields {
    /// The stored item being corrected, and whether it was reported done.
    id: Option<i64>,
    done: bool,
    topic: RwSignal<String>,
    decision: RwSignal<String>,
    owner: RwSignal<String>,
    due: RwSignal<String>,
}

impl ItemFields {
    fn new() -> Self {
        Self {
            id: None,
            done: false,
            topic: RwSignal::new(String::new()),
            decision: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            due: RwSignal::new(String::new()),
        }
    }

    fn of(i: &ActivityItemView) -> Self {
        Self {
            id: Some(i.id),
            done: i.done_at.is_some(),
            topic: RwSignal::new(i.topic.clone()),
            decision: RwSignal::new(i.decision.clone()),
            owner: RwSignal::new(i.owner_department_id.map(|d| d.to_string()).unwrap_or_default()),
            due: RwSignal::new(i.due_on.map(|d| d.to_string()).unwrap_or_default()),
        }
    }
}

#[component]
fn ActivityForm(
    departments: Signal<Vec<DepartmentView>>,
    members: Vec<MemberRef>,
    editing: RwSignal<Option<ActivityView>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let present = RwSignal::new(Vec::<i64>::new());
    let roster = StoredValue::new(members.clone());
    let kind = RwSignal::new(ActivityKind::Committee.as_str().to_owned());
    let title = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let participants = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let items = RwSignal::new(vec![ItemFields::new()]);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // Empty fields, no correction under way.
    let reset = move || {
        editing.set(None);
        for s in [title, held_on, place, participants, summary, department] {
            s.set(String::new());
        }
        items.set(vec![ItemFields::new()]);
        present.set(Vec::new());
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = ActivityInput {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            held_on: held_on.get_untracked(),
            place: place.get_untracked(),
            participants: participants.get_untracked(),
            summary: summary.get_untracked(),
            department_id: department.get_untracked().parse().ok(),
            items: items
                .get_untracked()
                .iter()
                .map(|i| ActivityItemInput {
                    id: i.id,
                    topic: i.topic.get_untracked(),
                    decision: i.decision.get_untracked(),
                    owner_department_id: i.owner.get_untracked().parse().ok(),
                    due_on: i.due.get_untracked(),
                })
                .collect(),
            member_ids: if kind.get_untracked() == ActivityKind::Panel.as_str() {
                // Only the ticks shown: a member out of term on the day chosen is hidden.
                let day = chrono::NaiveDate::parse_from_str(&held_on.get_untracked(), "%Y-%m-%d").ok();
                let shown = |id: &i64| {
                    roster.with_value(|r| {
                        r.iter().any(|m| m.id == *id && day.is_none_or(|d| in_term(m.term_from, m.term_to, d)))
                    })
                };
                present.get_untracked().into_iter().filter(shown).collect()
            } else {
                Vec::new()
            },
        };
        let today = crate::domain::to_seoul(chrono::Utc::now()).date_naive();
        if let Err(e) = input.validate(today) {
            errors.set(e);
            return;
        }
        let correcting = editing.get_untracked().map(|a| a.id);
        submit(
            async move {
                match correcting {
                    Some(id) => browser().update_activity(id, &input).await,
                    None => browser().record_activity(&input).await,
                }
            },
            errors,
            banner,
            move |_| {
                // A new activity starts from empty fields; the list shows the one recorded.
                reset();
                saved.set(true);
                reload();
            },
        );
    };
    // "고치기" on an activity fills the form with it; saving then corrects it.
    Effect::new(move |_| {
        let Some(a) = editing.get() else { return };
        kind.set(a.kind.as_str().to_owned());
        title.set(a.title.clone());
        held_on.set(a.held_on.to_string());
        place.set(a.place.clone());
        participants.set(a.participants.clone());
        summary.set(a.summary.clone());
        department.set(a.department_id.map(|d| d.to_string()).unwrap_or_default());
        items.set(a.items.iter().map(ItemFields::of).collect());
        present.set(a.members.iter().map(|m| m.id).collect());
        errors.set(FieldErrors::default());
        saved.set(false);
    });
    let item_rows = move || {
        items
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                view! {
                    <fieldset class="field measure">
                        <legend>{format!("안건·지적사항 {}", i + 1)}</legend>
                        {f
                            .done
                            .then(|| {
                                view! {
                                    <p class="note" id=format!("item-{i}-reported")>
                                        "완료 보고된 후속조치입니다. 결정 문구만 고칠 수 있습니다."
                                    </p>
                                }
                            })}
                        <TextField
                            id=format!("item-{i}-topic")
                            label="내용"
                            value=f.topic
                            errors
                            field=format!("items.{i}.topic")
                        />
                        <TextField
                            id=format!("item-{i}-decision")
                            label="결정·답변"
                            value=f.decision
                            errors
                            field=format!("items.{i}.decision")
                        />
                        <DepartmentSelect
                            id=format!("item-{i}-owner")
                            label=Signal::stored("담당 부서 (조치가 필요할 때)".to_owned())
                            none="없음"
                            value=f.owner
                            departments
                            errors
                            field=format!("items.{i}.owner_department_id")
                        />
                        <TextField
                            id=format!("item-{i}-due")
                            label="기한"
                            value=f.due
                            errors
                            field=format!("items.{i}.due_on")
                            kind="date"
                        />
                        {(!f.done)
                            .then(|| {
                                view! {
                                    <button
                                        class="button secondary"
                                        type="button"
                                        id=format!("item-{i}-remove")
                                        on:click=move |_| {
                                            items
                                                .update(|v| {
                                                    v.remove(i);
                                                })
                                        }
                                    >
                                        "이 항목 빼기"
                                    </button>
                                }
                            })}
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <form class="inline-form" id="activity-form" on:submit=send>
            <h2 id="activity-form-heading">
                {move || match editing.get() {
                    Some(a) => format!("활동 기록 고치기: {}", a.title),
                    None => "활동 기록하기".to_owned(),
                }}
            </h2>
            <Banner message=banner />
            <label class="field" for="activity-kind">
                <span>"구분"</span>
                <select
                    id="activity-kind"
                    prop:value=move || kind.get()
                    on:change=move |ev| kind.set(event_target_value(&ev))
                >
                    {ActivityKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.as_str()>{k.ko()}</option> })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="kind" id="activity-kind-error" />
            <TextField id="activity-title" label="제목" value=title errors field="title" />
            <TextField id="activity-held" label="날짜" value=held_on errors field="held_on" kind="date" />
            <TextField id="activity-place" label="장소 (선택)" value=place errors field="place" />
            <TextArea
                id="activity-participants"
                label="참석자 (선택, 연락처는 적지 않습니다)"
                value=participants
                errors
                field="participants"
            />
            <TextArea id="activity-summary" label="회의록·점검 결과" value=summary errors field="summary" />
            <DepartmentSelect
                id="activity-department"
                label=Signal::stored("대상 부서 (선택)".to_owned())
                none="없음"
                value=department
                departments
                errors
                field="department_id"
            />
            <Show when=move || kind.get() == ActivityKind::Panel.as_str()>
                <MemberChecks members=members.clone() held_on present />
            </Show>
            <FieldMsg errors field="member_ids" id="activity-members-error" />
            <FieldMsg errors field="items" id="activity-items-error" />
            {item_rows}
            <button
                class="button secondary"
                type="button"
                id="add-item"
                on:click=move |_| items.update(|v| v.push(ItemFields::new()))
            >
                "안건·지적사항 추가"
            </button>
            <button class="button primary" id="record-activity" type="submit">
                {move || if editing.get().is_some() { "고친 내용 저장" } else { "기록" }}
            </button>
            <Show when=move || editing.get().is_some()>
                <button
                    class="button secondary"
                    type="button"
                    id="cancel-activity-edit"
                    on:click=move |_| {
                        reset();
                        errors.set(FieldErrors::default());
                    }
                >
                    "고치기 취소"
                </button>
            </Show>
            <Show when=move || saved.get()>
                <p class="banner ok" role="status" id="activity-saved">
                    "기록했습니다."
                </p>
            </Show>
        </form>
    }
}

/// The panel members to tick as present: those serving on the day held (all kept members
/// until a day is given).
#[component]
fn MemberChecks(members: Vec<MemberRef>, held_on: RwSignal<String>, present: RwSignal<Vec<i64>>) -> impl IntoView {
    let members = StoredValue::new(members);
    let boxes = move || {
        let day = chrono::NaiveDate::parse_from_str(&held_on.get(), "%Y-%m-%d").ok();
        members
            .get_value()
            .into_iter()
            .filter(|m| day.is_none_or(|d| in_term(m.term_from, m.term_to, d)))
            .map(|m| {
                let id = m.id;
                view! {
                    <label class="check" for=format!("present-{id}")>
                        <input
                            type="checkbox"
                            id=format!("present-{id}")
                            prop:checked=move || present.with(|p| p.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                present
                                    .update(|p| {
                                        p.retain(|x| *x != id);
                                        if on {
                                            p.push(id);
                                        }
                                    });
                            }
                        />
                        {format!(" {} ({})", m.name, m.panel_label)}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="field" id="activity-members">
            <legend>"참석 위원 (그 날 임기 중인 위원)"</legend>
            {boxes}
        </fieldset>
    }
}
