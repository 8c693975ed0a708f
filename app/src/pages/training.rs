//! `/training`: the training records (교육관리). Who is overdue, each department's completion
//! of its mandatory courses, every requirement with its state, the courses and the sessions
//! held. The VOC office (VOC manager, administrators) adds courses and records sessions with
//! their attendance here; a department head reads their own department.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, TextField, failed, latest, or_login, percent, submit};
use crate::api::{CourseView, DepartmentTrainingView, SessionView, TrainingDueView, TrainingOverview};
use crate::client::browser;
use crate::domain::{CourseInput, FieldErrors, Requirement, Role, SessionInput, TrainingKind, TrainingState};

fn state_words(s: TrainingState) -> (&'static str, &'static str) {
    match s {
        TrainingState::Done => ("●", "이수"),
        TrainingState::Pending => ("◐", "예정"),
        TrainingState::Overdue => ("○", "기한 경과"),
    }
}

fn hours(h: f64) -> String {
    if h.fract() == 0.0 { format!("{h:.0}시간") } else { format!("{h:.1}시간") }
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    // Owned by the page, not by the tables that reload under it.
    let _lang = crate::i18n::use_lang();
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let year = RwSignal::new(this_year);
    let data = LocalResource::new(move || {
        let y = year.get();
        async move { or_login(browser().training(&format!("year={y}"))).await }
    });
    let (current, failure) = latest(data);
    let reload = move || data.refetch();
    let editing = RwSignal::new(None::<CourseView>);
    // A memo: the forms below are rebuilt only when this changes, not on every reload of the
    // records (which would clear what is being typed).
    let can_manage = Memo::new(move |_| current.with(|o| o.as_ref().is_some_and(|o| o.can_manage)));
    let years = (this_year - 4..=this_year)
        .rev()
        .map(|y| {
            view! {
                <option value=y.to_string() selected=y == this_year>
                    {format!("{y}년")}
                </option>
            }
        })
        .collect_view();
    view! {
        <Title text="교육 이수 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin training">
            <h1>"교육 이수 관리"</h1>
            <p class="note">
                "직무별 필수 교육(CS·친절, 개인정보 보호 등)과 민원에서 의뢰된 CS 교육을 누가 이수했는지, 누가 기한을 넘겼는지 봅니다. CS 교육 의뢰는 의뢰일부터 90일 안에 CS 과정을 들으면 이수됩니다."
            </p>
            <label class="field" for="training-year">
                <span>"연도"</span>
                <select
                    id="training-year"
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() {
                            year.set(y);
                        }
                    }
                >
                    {years}
                </select>
            </label>
            {move || failure.get().map(|e| failed(&e))}
            {move || {
                current
                    .get()
                    .map(|o| {
                        view! {
                            <Overdue items=o.requirements.clone() as_of=o.as_of />
                            <Completion o=o.clone() />
                            <Requirements items=o.requirements.clone() />
                            <Courses courses=o.courses.clone() can_manage=o.can_manage editing />
                            <Sessions o />
                        }
                    })
            }}
            {move || can_manage.get().then(|| view! { <CourseForm editing on_saved=reload /> })}
            {move || can_manage.get().then(|| view! { <SessionForm current on_saved=reload /> })}
        </main>
    }
}

#[component]
fn Overdue(items: Vec<TrainingDueView>, as_of: chrono::NaiveDate) -> impl IntoView {
    let late: Vec<_> = items.into_iter().filter(|d| d.state == TrainingState::Overdue).collect();
    let count = late.len();
    let rows = late
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{d.name}</th>
                    <td>{d.department.unwrap_or_else(|| "(부서 없음)".into())}</td>
                    <td>
                        {match d.requirement {
                            Requirement::Referral { case_id } => {
                                view! {
                                    "CS 교육 의뢰 · "
                                    <a href=format!("/cases/{case_id}")>{d.what}</a>
                                }
                                    .into_any()
                            }
                            Requirement::Mandatory { .. } => d.what.into_any(),
                        }}
                    </td>
                    <td>{d.due_on.to_string()}</td>
                    <td class="late">{format!("{}일", d.days_overdue)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">"기한 경과 " <strong id="overdue-count">{count}</strong> "건"</h2>
            <p class="meta">{format!("{as_of} 기준")}</p>
            {if count == 0 {
                view! {
                    <p class="note" id="no-overdue">
                        "기한을 넘긴 교육이 없습니다."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label="기한 경과 교육">
                        <table class="queue-table" id="overdue-table">
                            <thead>
                                <tr>
                                    <th scope="col">"직원"</th>
                                    <th scope="col">"부서"</th>
                                    <th scope="col">"교육"</th>
                                    <th scope="col">"기한"</th>
                                    <th scope="col">"경과"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn Completion(o: TrainingOverview) -> impl IntoView {
    view! {
        <section aria-labelledby="completion-heading">
            <h2 id="completion-heading">{format!("{}년 부서별 이수율", o.year)}</h2>
            <CompletionTable id="completion-table" lines=o.departments />
        </section>
    }
}

/// Each department's completion of its mandatory courses and its CS referrals: here and in
/// the period report.
#[component]
pub fn CompletionTable(id: &'static str, lines: Vec<DepartmentTrainingView>) -> impl IntoView {
    let empty = lines.is_empty();
    let rows = lines
        .into_iter()
        .map(|d| {
            view! {
                <tr data-department=d.department_id.map(|d| d.to_string()).unwrap_or_default()>
                    <th scope="row">{d.department.unwrap_or_else(|| "(부서 없음)".into())}</th>
                    <td>{d.required}</td>
                    <td>{d.done}</td>
                    <td>{d.overdue}</td>
                    <td class="rate">{percent(d.rate)}</td>
                    <td>{format!("{} / {}", d.referrals_done, d.referrals)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="부서별 교육 이수율">
            <table class="queue-table" id=id>
                <thead>
                    <tr>
                        <th scope="col">"부서"</th>
                        <th scope="col">"필수 교육(명·과정)"</th>
                        <th scope="col">"이수"</th>
                        <th scope="col">"기한 경과"</th>
                        <th scope="col">"이수율"</th>
                        <th scope="col">"CS 교육 의뢰 이수"</th>
                    </tr>
                </thead>
                <tbody>
                    {empty
                        .then(|| {
                            view! {
                                <tr>
                                    <td colspan="6">"필수 교육 대상이 없습니다."</td>
                                </tr>
                            }
                        })} {rows}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Requirements(items: Vec<TrainingDueView>) -> impl IntoView {
    let count = items.len();
    let rows = items
        .into_iter()
        .map(|d| {
            let (shape, words) = state_words(d.state);
            view! {
                <tr>
                    <th scope="row">{d.name}</th>
                    <td>{d.department.unwrap_or_default()}</td>
                    <td>
                        {match d.requirement {
                            Requirement::Referral { .. } => format!("CS 교육 의뢰 ({})", d.what),
                            Requirement::Mandatory { .. } => d.what,
                        }}
                    </td>
                    <td>{d.due_on.to_string()}</td>
                    <td class=format!("training-{:?}", d.state).to_lowercase()>
                        <span aria-hidden="true">{shape}" "</span>
                        {words}
                    </td>
                    <td>{d.done_on.map(|d| d.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="training-all">
            <summary>{format!("직원별 전체 현황 ({count}건)")}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="직원별 전체 현황">
                <table class="queue-table" id="requirements-table">
                    <thead>
                        <tr>
                            <th scope="col">"직원"</th>
                            <th scope="col">"부서"</th>
                            <th scope="col">"교육"</th>
                            <th scope="col">"기한"</th>
                            <th scope="col">"상태"</th>
                            <th scope="col">"이수일"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn Courses(courses: Vec<CourseView>, can_manage: bool, editing: RwSignal<Option<CourseView>>) -> impl IntoView {
    let rows = courses
        .into_iter()
        .map(|c| {
            let roles = if c.mandatory_for.is_empty() {
                "선택 과정".to_owned()
            } else {
                c.mandatory_for.iter().map(|r| r.ko()).collect::<Vec<_>>().join(", ")
            };
            let edit = c.clone();
            view! {
                <tr data-course=c.id.to_string()>
                    <th scope="row">{c.title.clone()} {(!c.active).then_some(" (중지)")}</th>
                    <td>{c.kind.ko()}</td>
                    <td>{hours(c.hours)}</td>
                    <td>{roles}</td>
                    <td>{format!("매년 {}", c.due)}</td>
                    {can_manage
                        .then(|| {
                            view! {
                                <td>
                                    <button
                                        type="button"
                                        class="button edit-course"
                                        on:click=move |_| editing.set(Some(edit.clone()))
                                    >
                                        "수정"
                                    </button>
                                </td>
                            }
                        })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="courses-heading">
            <h2 id="courses-heading">"교육과정"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="교육과정">
                <table class="queue-table" id="courses-table">
                    <thead>
                        <tr>
                            <th scope="col">"과정"</th>
                            <th scope="col">"분야"</th>
                            <th scope="col">"시간"</th>
                            <th scope="col">"필수 대상"</th>
                            <th scope="col">"기한"</th>
                            {can_manage.then(|| view! { <th scope="col">"변경"</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Sessions(o: TrainingOverview) -> impl IntoView {
    let name_of =
        |id: i64| o.staff.iter().find(|s| s.user_id == id).map_or_else(|| format!("#{id}"), |s| s.name.clone());
    let items = o
        .sessions
        .iter()
        .map(|s: &SessionView| {
            let names = s.attendees.iter().map(|id| name_of(*id)).collect::<Vec<_>>().join(", ");
            view! {
                <li class="material" data-session=s.id.to_string()>
                    <h3>{format!("{} · {}", s.held_on, s.course_title)}</h3>
                    <p class="meta">
                        {s.place.clone().map(|p| format!("{p} · ")).unwrap_or_default()}
                        {format!("참석 {}명 · 기록 {}", s.attendees.len(), s.recorded_by)}
                    </p>
                    <p>{names}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{format!("{}년 교육 실시 기록", o.year)}</h2>
            {if o.sessions.is_empty() {
                view! { <p class="note">"기록된 교육이 없습니다."</p> }.into_any()
            } else {
                view! {
                    <ul class="material-list" id="session-list">
                        {items}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Adds a course, or changes the one chosen with 수정.
#[component]
fn CourseForm(
    editing: RwSignal<Option<CourseView>>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(TrainingKind::Cs.as_str().to_owned());
    let hours_text = RwSignal::new("1".to_owned());
    let roles = RwSignal::new(BTreeSet::<&'static str>::new());
    let due = RwSignal::new("12-31".to_owned());
    let active = RwSignal::new(true);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(c) = editing.get() {
            title.set(c.title.clone());
            kind.set(c.kind.as_str().to_owned());
            hours_text.set(c.hours.to_string());
            roles.set(c.mandatory_for.iter().map(|r| r.as_str()).collect());
            due.set(c.due.clone());
            active.set(c.active);
            saved.set(None);
        }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CourseInput {
            title: title.get_untracked(),
            kind: kind.get_untracked(),
            hours: hours_text.get_untracked().trim().replace(',', ".").parse().unwrap_or(f64::NAN),
            mandatory_for: roles.get_untracked().into_iter().map(str::to_owned).collect(),
            due: due.get_untracked(),
            active: active.get_untracked(),
        };
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        let id = editing.get_untracked().map(|c| c.id);
        let call = async move {
            match id {
                Some(id) => browser().update_course(id, &input).await,
                None => browser().create_course(&input).await,
            }
        };
        submit(call, errors, banner, move |c| {
            saved.set(Some(format!("‘{}’ 과정을 저장했습니다.", c.title)));
            editing.set(None);
            title.set(String::new());
            on_saved();
        });
    };
    let kinds = TrainingKind::ALL
        .iter()
        .map(|k| {
            view! {
                <option value=k.as_str() selected=move || kind.get() == k.as_str()>
                    {k.ko()}
                </option>
            }
        })
        .collect_view();
    let role_boxes = Role::ALL
        .into_iter()
        .map(|r| {
            let code = r.as_str();
            let id = format!("course-role-{code}");
            view! {
                <label class="check" for=id.clone()>
                    <input
                        type="checkbox"
                        id=id.clone()
                        prop:checked=move || roles.with(|s| s.contains(code))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles
                                .update(|s| {
                                    if on {
                                        s.insert(code);
                                    } else {
                                        s.remove(code);
                                    }
                                });
                        }
                    />
                    " "
                    {r.ko()}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="inline-form" id="course-form" on:submit=send>
            <h2>{move || if editing.with(Option::is_some) { "교육과정 수정" } else { "교육과정 추가" }}</h2>
            <Banner message=banner />
            <TextField id="course-title" label="과정명" value=title errors field="title" />
            <label class="field" for="course-kind">
                <span>"분야"</span>
                <select id="course-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {kinds}
                </select>
            </label>
            <FieldMsg errors field="kind" id="course-kind-error" />
            <TextField id="course-hours" label="교육 시간 (시간)" value=hours_text errors field="hours" />
            <fieldset class="field">
                <legend>"매년 필수로 이수할 역할 (없으면 선택 과정)"</legend>
                {role_boxes}
            </fieldset>
            <FieldMsg errors field="mandatory_for" id="course-roles-error" />
            <TextField
                id="course-due"
                label="이수 기한 (매년 월-일, 예: 12-31)"
                value=due
                errors
                field="due"
            />
            <label class="check" for="course-active">
                <input
                    type="checkbox"
                    id="course-active"
                    prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))
                />
                " 운영 중 (끄면 누구에게도 요구되지 않습니다)"
            </label>
            <button class="button primary" id="save-course" type="submit">
                "과정 저장"
            </button>
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <p class="banner ok" role="status" id="course-saved">
                                {m}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

/// Records a session held and who attended.
#[component]
fn SessionForm(
    current: RwSignal<Option<TrainingOverview>>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let course = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let attendees = RwSignal::new(BTreeSet::<i64>::new());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SessionInput {
            course_id: course.get_untracked().parse().unwrap_or(0),
            held_on: held_on.get_untracked(),
            place: place.get_untracked(),
            attendees: attendees.get_untracked().into_iter().collect(),
        };
        if let Some(today) = current.with_untracked(|o| o.as_ref().map(|o| o.as_of))
            && let Err(e) = input.validate(today)
        {
            errors.set(e);
            return;
        }
        let call = async move { browser().create_session(&input).await };
        submit(call, errors, banner, move |s| {
            saved.set(Some(format!("{} {} 참석 {}명을 기록했습니다.", s.held_on, s.course_title, s.attendees.len())));
            attendees.set(BTreeSet::new());
            on_saved();
        });
    };
    let courses = move || {
        current.with(|o| {
            o.as_ref().map(|o| {
                o.courses
                    .iter()
                    .filter(|c| c.active)
                    .map(|c| {
                        let id = c.id.to_string();
                        let selected = {
                            let id = id.clone();
                            move || course.get() == id
                        };
                        view! {
                            <option value=id selected=selected>
                                {c.title.clone()}
                            </option>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let people = move || {
        current.with(|o| {
            o.as_ref().map(|o| {
                o.staff
                    .iter()
                    .map(|s| {
                        let uid = s.user_id;
                        let id = format!("attendee-{uid}");
                        view! {
                            <label class="check" for=id.clone()>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || attendees.with(|a| a.contains(&uid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        attendees
                                            .update(|a| {
                                                if on {
                                                    a.insert(uid);
                                                } else {
                                                    a.remove(&uid);
                                                }
                                            });
                                    }
                                />
                                " "
                                {format!(
                                    "{} ({} · {})",
                                    s.name,
                                    s.department.clone().unwrap_or_else(|| "부서 없음".into()),
                                    s.role.ko(),
                                )}
                            </label>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <form class="inline-form" id="session-form" on:submit=send>
            <h2>"교육 실시·이수 기록"</h2>
            <Banner message=banner />
            <label class="field" for="session-course">
                <span>"교육과정"</span>
                <select id="session-course" on:change=move |ev| course.set(event_target_value(&ev))>
                    <option value="">"과정을 고르세요"</option>
                    {courses}
                </select>
            </label>
            <FieldMsg errors field="course_id" id="session-course-error" />
            <TextField id="session-held-on" label="실시일" value=held_on errors field="held_on" kind="date" />
            <TextField id="session-place" label="장소·강사 (선택)" value=place errors field="place" />
            <fieldset class="field attendees">
                <legend>{move || format!("참석자 ({}명 선택)", attendees.with(BTreeSet::len))}</legend>
                {people}
            </fieldset>
            <FieldMsg errors field="attendees" id="session-attendees-error" />
            <button class="button primary" id="save-session" type="submit">
                "기록"
            </button>
            {move || {
                saved
                    .get()
                    .map(|m| {
                        view! {
                            <p class="banner ok" role="status" id="session-saved">
                                {m}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
