//! The training records as the pages, the overdue list and the reports show them: the store's
//! facts turned into the domain's requirements ([`app::domain::requirements`]) for a year, as
//! of a Seoul day, in the reader's scope (everyone, or one department).

use std::collections::BTreeMap;

use app::api::{CourseView, DepartmentTrainingView, SessionView, TraineeView, TrainingDueView, TrainingOverview};
use app::domain::{Requirement, TrainingState, completion, requirements};
use chrono::NaiveDate;

use crate::store::{CourseRecord, SessionRecord, Store, StoreResult, TrainingFacts};

pub fn course_view(c: &CourseRecord) -> CourseView {
    CourseView {
        id: c.id,
        title: c.course.title.clone(),
        kind: c.course.kind,
        hours: c.course.hours_tenths as f64 / 10.0,
        mandatory_for: c.course.mandatory_for.clone(),
        due: format!("{:02}-{:02}", c.course.due.0, c.course.due.1),
        active: c.course.active,
    }
}

pub fn session_view(s: &SessionRecord, courses: &[CourseRecord]) -> SessionView {
    SessionView {
        id: s.id,
        course_id: s.course_id,
        course_title: courses.iter().find(|c| c.id == s.course_id).map(|c| c.course.title.clone()).unwrap_or_default(),
        held_on: s.held_on,
        place: s.place.clone(),
        attendees: s.attendees.clone(),
        recorded_by: s.recorded_by.clone(),
    }
}

/// The year's requirements in scope (`department` none: all), and completion per department.
pub fn dues(
    facts: &TrainingFacts,
    year: i32,
    today: NaiveDate,
    department: Option<i64>,
) -> (Vec<TrainingDueView>, Vec<DepartmentTrainingView>) {
    let courses: Vec<_> = facts
        .courses
        .iter()
        .map(|c| app::domain::Course {
            id: c.id,
            kind: c.course.kind,
            mandatory_for: c.course.mandatory_for.clone(),
            due: c.course.due,
            active: c.course.active,
        })
        .collect();
    let trainees: Vec<_> = facts.trainees.iter().map(|t| t.trainee.clone()).collect();
    let referrals: Vec<_> = facts.referrals.iter().map(|r| r.referral.clone()).collect();
    // As of `today`: a report of an earlier period does not count later attendance.
    let attended: Vec<_> = facts.attended.iter().filter(|a| a.held_on <= today).copied().collect();
    let all = requirements(year, &courses, &trainees, &attended, &referrals);
    let in_scope: Vec<_> =
        all.into_iter().filter(|d| department.is_none_or(|dep| d.department_id == Some(dep))).collect();

    let department_names: BTreeMap<i64, String> = facts.departments.iter().cloned().collect();
    let name_of = |d: Option<i64>| d.and_then(|d| department_names.get(&d).cloned());
    let mut views: Vec<TrainingDueView> = in_scope
        .iter()
        .map(|d| {
            let (name, what) = match d.requirement {
                Requirement::Mandatory { course_id } => (
                    d.user_id
                        .and_then(|u| facts.trainees.iter().find(|t| t.trainee.user_id == u))
                        .map(|t| t.name.clone()),
                    facts.courses.iter().find(|c| c.id == course_id).map(|c| c.course.title.clone()),
                ),
                Requirement::Referral { case_id } => {
                    let r = facts.referrals.iter().find(|r| r.referral.case_id == case_id);
                    (r.map(|r| r.staff_name.clone()), r.map(|r| r.receipt_no.clone()))
                }
            };
            let state = d.state(today);
            TrainingDueView {
                user_id: d.user_id,
                name: name.unwrap_or_default(),
                department_id: d.department_id,
                department: name_of(d.department_id),
                requirement: d.requirement,
                what: what.unwrap_or_default(),
                due_on: d.due_on,
                done_on: d.done_on,
                state,
                days_overdue: if state == TrainingState::Overdue { (today - d.due_on).num_days() } else { 0 },
            }
        })
        .collect();
    views.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.due_on.cmp(&b.due_on)).then(a.name.cmp(&b.name)));
    let departments = completion(&in_scope, today)
        .into_iter()
        .map(|(department_id, c)| DepartmentTrainingView {
            department_id,
            department: name_of(department_id),
            required: c.required,
            done: c.done,
            overdue: c.overdue,
            rate: c.rate(),
            referrals: c.referrals,
            referrals_done: c.referrals_done,
        })
        .collect();
    (views, departments)
}

/// `GET /api/v1/training`: the year's courses, sessions, staff and requirements in scope.
pub async fn overview(
    store: &dyn Store,
    year: i32,
    today: NaiveDate,
    department: Option<i64>,
    can_manage: bool,
) -> StoreResult<TrainingOverview> {
    let facts = store.training_facts().await?;
    let sessions = store.training_sessions(year).await?;
    let (requirements, departments) = dues(&facts, year, today, department);
    Ok(TrainingOverview {
        year,
        as_of: today,
        can_manage,
        courses: facts.courses.iter().map(course_view).collect(),
        sessions: sessions.iter().map(|s| session_view(s, &facts.courses)).collect(),
        staff: facts
            .trainees
            .iter()
            .filter(|t| department.is_none_or(|d| t.trainee.department_id == Some(d)))
            .map(|t| TraineeView {
                user_id: t.trainee.user_id,
                name: t.name.clone(),
                username: t.username.clone(),
                role: t.trainee.role,
                department_id: t.trainee.department_id,
                department: t.department_name.clone(),
            })
            .collect(),
        requirements,
        departments,
    })
}
