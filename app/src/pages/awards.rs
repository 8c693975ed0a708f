//! `/awards`: the awards (포상) for a year's work — CS 우수직원 and CS 우수부서 — for every staff
//! member to read; the VOC office sees the candidates the year's praise and shared good
//! practices suggest, records an award (a candidate's row fills the form) and deletes one
//! recorded in error. What the reader may do comes from the server (`can_record`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    Banner, DepartmentSelect, FieldMsg, StaffHeader, TextArea, TextField, YearSelect, active_departments, failed,
    latest, or_login, submit,
};
use crate::api::{AwardView, CandidateView, DepartmentView};
use crate::client::browser;
use crate::domain::{AwardInput, AwardKind, FieldErrors};

/// The record form's fields.
#[derive(Clone, Copy)]
struct AwardFields {
    kind: RwSignal<String>,
    staff_name: RwSignal<String>,
    department: RwSignal<String>,
    honour: RwSignal<String>,
    reward: RwSignal<String>,
    grounds: RwSignal<String>,
    practice: RwSignal<String>,
    awarded_on: RwSignal<String>,
}

impl AwardFields {
    fn new() -> Self {
        Self {
            kind: RwSignal::new(AwardKind::Staff.as_str().to_owned()),
            staff_name: RwSignal::new(String::new()),
            department: RwSignal::new(String::new()),
            honour: RwSignal::new(String::new()),
            reward: RwSignal::new(String::new()),
            grounds: RwSignal::new(String::new()),
            practice: RwSignal::new(String::new()),
            awarded_on: RwSignal::new(String::new()),
        }
    }

    /// Fills the form from a candidate's row: who, and grounds from the year's record.
    fn take(self, c: &CandidateView) {
        self.kind.set(c.kind.as_str().to_owned());
        self.staff_name.set(c.staff_name.clone().unwrap_or_default());
        self.department.set(c.department_id.map(|d| d.to_string()).unwrap_or_default());
        self.grounds.set(format!("칭찬 민원 {}건, 공유된 우수사례 {}건", c.praise, c.practices));
    }

    fn input(self, year: i32) -> AwardInput {
        AwardInput {
            year,
            kind: self.kind.get_untracked(),
            staff_name: self.staff_name.get_untracked(),
            department_id: self.department.get_untracked().parse().ok(),
            honour: self.honour.get_untracked(),
            reward: self.reward.get_untracked(),
            grounds: self.grounds.get_untracked(),
            practice_id: self.practice.get_untracked().parse().ok(),
            awarded_on: self.awarded_on.get_untracked(),
        }
    }
}

#[component]
pub fn AwardsPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    // Empty: this year, as the server counts it.
    let year = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let year = year.get();
        async move {
            let q = if year.is_empty() { String::new() } else { format!("year={year}") };
            or_login(browser().awards(&q)).await
        }
    });
    let (current, failure) = latest(loaded);
    let departments = active_departments();
    let fields = AwardFields::new();
    // Kept here: the form is rebuilt by every reload, and its "saved" banner must outlive that.
    let saved = RwSignal::new(false);
    let reload = move || loaded.refetch();
    let years = Memo::new(move |_| current.with(|o| o.as_ref().map(|o| (o.year, o.first_year, o.last_year))));
    let body = move || {
        current.get().map(|o| {
            let can = o.can_record;
            let form = can.then(|| {
                view! { <AwardForm year=o.year fields departments practices=o.practices.clone() saved reload /> }
            });
            view! {
                <AwardTable awards=o.awards.clone() can reload />
                {can.then(|| view! { <Candidates list=o.candidates.clone() fields /> })}
                {form}
            }
        })
    };
    view! {
        <Title text="포상 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"포상"</h1>
            <p class="note">
                "한 해의 고객 서비스가 뛰어난 직원(CS 우수직원)과 부서(CS 우수부서)에 대한 포상 기록입니다. 후보는 그해 칭찬 민원과 공유된 우수사례에서 나옵니다."
            </p>
            <YearSelect id="award-year" years pick=move |y| year.set(y) />
            {move || failure.get().map(|e| failed(&e))}
            {body}
        </main>
    }
}

/// Who an award or a candidate is: the person and their department, or the department.
fn recipient(staff_name: Option<&String>, department: Option<&String>) -> String {
    match (staff_name, department) {
        (Some(n), Some(d)) => format!("{n} ({d})"),
        (Some(n), None) => n.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "–".into(),
    }
}

#[component]
fn AwardTable(awards: Vec<AwardView>, can: bool, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let banner = RwSignal::new(None::<String>);
    if awards.is_empty() {
        return view! { <p id="award-empty">"이 해의 포상 기록이 없습니다."</p> }.into_any();
    }
    let rows = awards
        .into_iter()
        .map(|a| {
            let id = a.id;
            let remove = move |_| {
                super::common::call(banner, async move { browser().delete_award(id).await }, reload);
            };
            view! {
                <tr data-award=id.to_string()>
                    <td>{a.kind_label.clone()}</td>
                    <th scope="row">{recipient(a.staff_name.as_ref(), a.department.as_ref())}</th>
                    <td>{a.honour.clone()}</td>
                    <td>{if a.reward.is_empty() { "–".to_owned() } else { a.reward.clone() }}</td>
                    <td>
                        <p class="pre">{a.grounds.clone()}</p>
                        {a.practice_title.clone().map(|t| view! { <p class="meta">{format!("우수사례: {t}")}</p> })}
                    </td>
                    <td>{a.awarded_on.to_string()}</td>
                    {can
                        .then(|| {
                            view! {
                                <td>
                                    <button
                                        class="button secondary"
                                        type="button"
                                        id=format!("delete-award-{id}")
                                        on:click=remove
                                    >
                                        "삭제"
                                    </button>
                                </td>
                            }
                        })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <Banner message=banner />
        <div class="table-scroll" tabindex="0" role="region" aria-label="포상 기록">
            <table class="queue-table" id="award-table">
                <thead>
                    <tr>
                        <th scope="col">"구분"</th>
                        <th scope="col">"수상"</th>
                        <th scope="col">"포상훈격"</th>
                        <th scope="col">"부상"</th>
                        <th scope="col">"공적"</th>
                        <th scope="col">"수여일"</th>
                        {can.then(|| view! { <th scope="col">"기록"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Candidates(list: Vec<CandidateView>, fields: AwardFields) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <h2>"후보"</h2>
            <p id="candidate-empty">"이 해의 칭찬 민원이나 공유된 우수사례가 아직 없습니다."</p>
        }
        .into_any();
    }
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let who = recipient(c.staff_name.as_ref(), c.department.as_ref());
            let chosen = c.clone();
            view! {
                <tr data-candidate=c.kind.as_str()>
                    <td>{c.kind_label.clone()}</td>
                    <th scope="row">{who}</th>
                    <td>{c.praise}</td>
                    <td>{c.practices}</td>
                    <td>{if c.awarded { "✔ 포상함" } else { "–" }}</td>
                    <td>
                        <button
                            class="button secondary"
                            type="button"
                            id=format!("take-candidate-{i}")
                            on:click=move |_| fields.take(&chosen)
                        >
                            "이 후보로 작성"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"후보"</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label="포상 후보">
            <table class="queue-table" id="candidate-table">
                <thead>
                    <tr>
                        <th scope="col">"구분"</th>
                        <th scope="col">"후보"</th>
                        <th scope="col">"칭찬 민원"</th>
                        <th scope="col">"공유된 우수사례"</th>
                        <th scope="col">"포상"</th>
                        <th scope="col">"작성"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AwardForm(
    year: i32,
    fields: AwardFields,
    departments: Signal<Vec<DepartmentView>>,
    practices: Vec<crate::api::PracticeChoice>,
    saved: RwSignal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = fields.input(year);
        let today = crate::domain::to_seoul(chrono::Utc::now()).date_naive();
        if let Err(e) = input.validate(today) {
            errors.set(e);
            return;
        }
        submit(async move { browser().record_award(&input).await }, errors, banner, move |_| {
            saved.set(true);
            reload();
        });
    };
    let staff = move || fields.kind.get() == AwardKind::Staff.as_str();
    view! {
        <form class="inline-form" id="award-form" on:submit=send>
            <h2>{format!("{year}년 포상 기록")}</h2>
            <Banner message=banner />
            <label class="field" for="award-kind">
                <span>"구분"</span>
                <select
                    id="award-kind"
                    prop:value=move || fields.kind.get()
                    on:change=move |ev| fields.kind.set(event_target_value(&ev))
                >
                    {AwardKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.ko()}</option> }).collect_view()}
                </select>
            </label>
            <FieldMsg errors field="kind" id="award-kind-error" />
            <Show when=staff>
                <TextField id="award-staff" label="직원 이름" value=fields.staff_name errors field="staff_name" />
            </Show>
            <DepartmentSelect
                id="award-department"
                label=Signal::derive(move || if staff() { "소속 부서 (선택)" } else { "부서" }.to_owned())
                none="선택"
                value=fields.department
                departments
                errors
                field="department_id"
            />
            <TextField
                id="award-honour"
                label="포상훈격 (예: 이사장 표창)"
                value=fields.honour
                errors
                field="honour"
            />
            <TextField id="award-reward" label="부상 (선택)" value=fields.reward errors field="reward" />
            <TextArea id="award-grounds" label="공적" value=fields.grounds errors field="grounds" />
            <label class="field" for="award-practice">
                <span>"근거 우수사례 (선택)"</span>
                <select
                    id="award-practice"
                    prop:value=move || fields.practice.get()
                    on:change=move |ev| fields.practice.set(event_target_value(&ev))
                >
                    <option value="">"없음"</option>
                    {practices
                        .into_iter()
                        .map(|p| {
                            let label = format!(
                                "{} — {}",
                                p.title,
                                recipient(p.staff_name.as_ref(), p.department.as_ref()),
                            );
                            view! { <option value=p.id.to_string()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="practice_id" id="award-practice-error" />
            <TextField id="award-on" label="수여일" value=fields.awarded_on errors field="awarded_on" kind="date" />
            <FieldMsg errors field="year" id="award-year-error" />
            <button class="button primary" id="record-award" type="submit">
                "포상 기록"
            </button>
            <Show when=move || saved.get()>
                <p class="banner ok" role="status" id="award-saved">
                    "기록했습니다."
                </p>
            </Show>
        </form>
    }
}
