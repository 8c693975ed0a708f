//! Training records: courses with their mandatory roles, sessions with attendance, and the
//! CS-training referrals that the staff record's workflow step writes with it
//! (`crate::workflow::follow_up::record_staff`). Days are `YYYY-MM-DD` text, which sorts and
//! compares alike on both backends.

use app::domain::{Attended, Referral, Role, Trainee, TrainingKind, ValidCourse, ValidSession};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{SqlStore, secs, time};
use crate::store::{
    CourseRecord, ReferralRecord, SessionRecord, SessionRefusal, StoreError, StoreResult, TraineeRecord, TrainingFacts,
    TrainingStore, User,
};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("training: {what}"))
}

fn day(s: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(&format!("day {s:?}")))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

type CourseRow = (i64, String, String, i64, String, i64, String, i64);

async fn course_roles(pool: &sqlx::AnyPool) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT course_id, role FROM training_course_roles ORDER BY course_id, role")
        .fetch_all(pool)
        .await?)
}

fn course_record(row: CourseRow, roles: &[(i64, String)]) -> StoreResult<CourseRecord> {
    let (id, title, kind, hours_tenths, due_md, active, saved_by, saved_at) = row;
    let kind: TrainingKind = kind.parse().map_err(|_| corrupt(&format!("course {id} kind")))?;
    let due = app::domain::parse_month_day(&due_md).map_err(|_| corrupt(&format!("course {id} due")))?;
    // Listed in the order of [`Role::ALL`], whatever order they were stored in.
    let stored: Vec<Role> = roles
        .iter()
        .filter(|(c, _)| *c == id)
        .map(|(_, r)| r.parse::<Role>().map_err(|_| corrupt(&format!("course {id} role"))))
        .collect::<StoreResult<_>>()?;
    let mandatory_for = Role::ALL.into_iter().filter(|r| stored.contains(r)).collect();
    Ok(CourseRecord {
        id,
        course: ValidCourse { title, kind, hours_tenths, mandatory_for, due, active: active != 0 },
        saved_by,
        saved_at: time(saved_at)?,
    })
}

const COURSES: &str =
    "SELECT id, title, kind, hours_tenths, due_md, active, saved_by, saved_at FROM training_courses ORDER BY id";

#[async_trait]
impl TrainingStore for SqlStore {
    async fn training_courses(&self) -> StoreResult<Vec<CourseRecord>> {
        let roles = course_roles(&self.pool).await?;
        let rows: Vec<CourseRow> = sqlx::query_as(COURSES).fetch_all(&self.pool).await?;
        rows.into_iter().map(|r| course_record(r, &roles)).collect()
    }

    async fn training_facts(&self) -> StoreResult<TrainingFacts> {
        let courses = self.training_courses().await?;

        let users: Vec<(i64, String, String, String, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.role, u.department_id, d.name FROM users u \
             LEFT JOIN departments d ON d.id = u.department_id WHERE u.active = 1 ORDER BY u.department_id, u.display_name, u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let trainees = users
            .into_iter()
            .map(|(id, username, name, role, department_id, department_name)| {
                let role = role.parse::<Role>().map_err(|_| corrupt(&format!("user {id} role")))?;
                Ok(TraineeRecord {
                    trainee: Trainee { user_id: id, role, department_id },
                    name,
                    username,
                    department_name,
                })
            })
            .collect::<StoreResult<_>>()?;

        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT a.user_id, s.course_id, c.kind, s.held_on FROM training_attendance a \
             JOIN training_sessions s ON s.id = a.session_id JOIN training_courses c ON c.id = s.course_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let attended = rows
            .into_iter()
            .map(|(user_id, course_id, kind, held_on)| {
                Ok(Attended {
                    user_id,
                    course_id,
                    kind: kind.parse().map_err(|_| corrupt("attendance kind"))?,
                    held_on: day(&held_on)?,
                })
            })
            .collect::<StoreResult<_>>()?;

        let rows: Vec<(i64, String, String, Option<i64>, Option<i64>, String)> = sqlx::query_as(
            "SELECT r.case_id, c.receipt_no, r.staff_name, r.user_id, r.department_id, r.referred_on \
             FROM training_referrals r JOIN cases c ON c.id = r.case_id ORDER BY r.referred_on, r.case_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let referrals = rows
            .into_iter()
            .map(|(case_id, receipt_no, staff_name, user_id, department_id, referred_on)| {
                Ok(ReferralRecord {
                    referral: Referral { case_id, user_id, department_id, referred_on: day(&referred_on)? },
                    receipt_no,
                    staff_name,
                })
            })
            .collect::<StoreResult<_>>()?;
        let departments = sqlx::query_as("SELECT id, name FROM departments ORDER BY id").fetch_all(&self.pool).await?;
        Ok(TrainingFacts { courses, trainees, attended, referrals, departments })
    }

    async fn training_sessions(&self, year: i32) -> StoreResult<Vec<SessionRecord>> {
        let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let rows: Vec<(i64, i64, String, Option<String>, String, i64)> = sqlx::query_as(
            "SELECT id, course_id, held_on, place, recorded_by, recorded_at FROM training_sessions \
             WHERE held_on >= $1 AND held_on <= $2 ORDER BY held_on DESC, id DESC",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        let people: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT a.session_id, a.user_id FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id \
             WHERE s.held_on >= $1 AND s.held_on <= $2 ORDER BY a.session_id, a.user_id",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, course_id, held_on, place, recorded_by, recorded_at)| {
                Ok(SessionRecord {
                    id,
                    course_id,
                    held_on: day(&held_on)?,
                    place,
                    attendees: people.iter().filter(|(s, _)| *s == id).map(|(_, u)| *u).collect(),
                    recorded_by,
                    recorded_at: time(recorded_at)?,
                })
            })
            .collect()
    }

    async fn save_course(
        &self,
        id: Option<i64>,
        course: &ValidCourse,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<CourseRecord> {
        let mut tx = self.write().await?;
        let due = format!("{:02}-{:02}", course.due.0, course.due.1);
        let id = match id {
            None => {
                sqlx::query_scalar(
                    "INSERT INTO training_courses (title, kind, hours_tenths, due_md, active, saved_by, saved_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&course.title)
                .bind(course.kind.as_str())
                .bind(course.hours_tenths)
                .bind(&due)
                .bind(i64::from(course.active))
                .bind(&by.username)
                .bind(secs(at))
                .fetch_one(&mut *tx)
                .await?
            }
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE training_courses SET title = $1, kind = $2, hours_tenths = $3, due_md = $4, active = $5, \
                     saved_by = $6, saved_at = $7 WHERE id = $8",
                )
                .bind(&course.title)
                .bind(course.kind.as_str())
                .bind(course.hours_tenths)
                .bind(&due)
                .bind(i64::from(course.active))
                .bind(&by.username)
                .bind(secs(at))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM training_course_roles WHERE course_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        for role in &course.mandatory_for {
            sqlx::query("INSERT INTO training_course_roles (course_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(CourseRecord { id, course: course.clone(), saved_by: by.username.clone(), saved_at: at })
    }

    async fn save_session(
        &self,
        id: Option<i64>,
        session: &ValidSession,
        by: &User,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<SessionRecord, SessionRefusal>> {
        let mut tx = self.write().await?;
        let course: Option<i64> = sqlx::query_scalar("SELECT id FROM training_courses WHERE id = $1")
            .bind(session.course_id)
            .fetch_optional(&mut *tx)
            .await?;
        if course.is_none() {
            return Ok(Err(SessionRefusal::UnknownCourse));
        }
        for user in &session.attendees {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM users WHERE id = $1").bind(user).fetch_optional(&mut *tx).await?;
            if known.is_none() {
                return Ok(Err(SessionRefusal::UnknownUser));
            }
        }
        let held_on = ymd(session.held_on);
        let id = match id {
            None => {
                sqlx::query_scalar(
                    "INSERT INTO training_sessions (course_id, held_on, place, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(session.course_id)
                .bind(&held_on)
                .bind(session.place.as_deref())
                .bind(&by.username)
                .bind(secs(at))
                .fetch_one(&mut *tx)
                .await?
            }
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE training_sessions SET course_id = $1, held_on = $2, place = $3, recorded_by = $4, \
                     recorded_at = $5 WHERE id = $6",
                )
                .bind(session.course_id)
                .bind(&held_on)
                .bind(session.place.as_deref())
                .bind(&by.username)
                .bind(secs(at))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM training_attendance WHERE session_id = $1").bind(id).execute(&mut *tx).await?;
                id
            }
        };
        for user in &session.attendees {
            sqlx::query("INSERT INTO training_attendance (session_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(user)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Ok(SessionRecord {
            id,
            course_id: session.course_id,
            held_on: session.held_on,
            place: session.place.clone(),
            attendees: session.attendees.iter().copied().collect(),
            recorded_by: by.username.clone(),
            recorded_at: at,
        }))
    }
}
