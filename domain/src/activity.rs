//! The CCM activities the manuals keep besides the cases (Mungyeong: CCM 운영위원회 and CCM
//! 리더스회의, 주민참여평가단 and 고객모니터단, 고객서비스 현장 실태점검 and 전화친절도
//! 모니터링): when, who took part, what was said or found, and the items — agenda points,
//! panel opinions, inspection findings — each with what was decided and, where something must
//! be done, the department that owns it and its due day, until it reports what it did.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::follow_up::shared_text;
use super::labelled::labelled;
use super::{FieldError, FieldErrors, Role};

labelled! {
    /// What kind of activity.
    ActivityKind / UnknownOption {
        Committee => "committee", "CCM 위원회·리더스회의", "CCM committee or leaders' meeting";
        Panel => "panel", "주민참여평가단·고객모니터단", "Citizen panel or customer monitors";
        Inspection => "inspection", "현장 실태점검(수시점검)", "On-site inspection";
        PhoneMonitoring => "phone_monitoring", "전화친절도 모니터링", "Telephone courtesy monitoring";
    }
}

labelled! {
    /// Where an item's follow-up stands.
    ActionState / UnknownStatus {
        Open => "open", "진행 중", "Open";
        Overdue => "overdue", "기한 경과", "Overdue";
        Done => "done", "조치 완료", "Done";
        NoAction => "no_action", "조치 없음(기록만)", "Recorded, nothing to do";
    }
}

impl ActionState {
    /// A mark that carries the state without colour.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Open => "◐",
            Self::Overdue => "○",
            Self::Done => "●",
            Self::NoAction => "·",
        }
    }

    /// An item's state on `today`: done once reported; past its due day, overdue; with no
    /// owner, nothing to do.
    pub fn of(owner: Option<i64>, due: Option<NaiveDate>, done: bool, today: NaiveDate) -> Self {
        match (owner, due, done) {
            (_, _, true) => Self::Done,
            (Some(_), Some(due), false) if today > due => Self::Overdue,
            (Some(_), _, false) => Self::Open,
            (None, _, false) => Self::NoAction,
        }
    }
}

/// An activity holds at most this many items.
pub const MAX_ACTIVITY_ITEMS: usize = 30;
const MAX_TITLE: usize = 100;
const MAX_PLACE: usize = 100;
const MAX_TEXT: usize = 4000;
const MAX_TOPIC: usize = 500;
const MAX_DECISION: usize = 1000;

/// One agenda point, opinion or finding, and its follow-up if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityItemInput {
    /// When correcting an activity: the stored item this one is (none for a new item).
    #[serde(default)]
    pub id: Option<i64>,
    /// The point raised, the opinion or the finding.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub topic: String,
    /// What was decided or answered.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub decision: String,
    /// The department that must act on it; none when nothing is to be done.
    #[serde(default)]
    pub owner_department_id: Option<i64>,
    /// `YYYY-MM-DD`; needed with an owner.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_on: String,
}

/// `POST /api/v1/ccm-activities`: a meeting, panel session, inspection or monitoring held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub title: String,
    /// `YYYY-MM-DD`, not to come.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub held_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub place: String,
    /// Who took part (names and roles; no contacts).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub participants: String,
    /// The minutes, or what the inspection found overall.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub summary: String,
    /// The department inspected or concerned, if one.
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub items: Vec<ActivityItemInput>,
    /// The panel members present (a panel session only), each serving on the day.
    #[serde(default)]
    pub member_ids: Vec<i64>,
}

/// An item, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidActivityItem {
    /// The stored item this is, if any.
    pub id: Option<i64>,
    pub topic: String,
    pub decision: String,
    pub owner_department_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// An activity, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidActivity {
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub participants: String,
    pub summary: String,
    pub department_id: Option<i64>,
    pub items: Vec<ValidActivityItem>,
    /// Without repeats, in the order given.
    pub member_ids: Vec<i64>,
}

fn day(errs: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        errs.add(field, FieldError::Required);
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| errs.add(field, FieldError::InvalidDate)).ok()
}

impl ActivityInput {
    /// The activity, or every refused field at once (`items.2.due_on`, …): held by `today`;
    /// an item with an owner has a due day on or after the day it was held.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidActivity, FieldErrors> {
        let mut errs = FieldErrors::default();
        let kind = errs.take("kind", self.kind.parse::<ActivityKind>());
        let title = shared_text(&mut errs, "title", &self.title, MAX_TITLE, true, &[]);
        let held_on = day(&mut errs, "held_on", &self.held_on);
        if held_on.is_some_and(|d| d > today) {
            errs.add("held_on", FieldError::DateInFuture);
        }
        let place = shared_text(&mut errs, "place", &self.place, MAX_PLACE, false, &[]);
        let participants = shared_text(&mut errs, "participants", &self.participants, MAX_TEXT, false, &[]);
        let summary = shared_text(&mut errs, "summary", &self.summary, MAX_TEXT, true, &[]);
        if self.items.len() > MAX_ACTIVITY_ITEMS {
            errs.add("items", FieldError::TooManyItems { max: MAX_ACTIVITY_ITEMS });
        }
        let mut items = Vec::new();
        for (i, item) in self.items.iter().take(MAX_ACTIVITY_ITEMS).enumerate() {
            let field = |f: &str| format!("items.{i}.{f}");
            let topic = shared_text(&mut errs, &field("topic"), &item.topic, MAX_TOPIC, true, &[]);
            let decision = shared_text(&mut errs, &field("decision"), &item.decision, MAX_DECISION, false, &[]);
            let due_on = match (item.owner_department_id, item.due_on.trim().is_empty()) {
                (None, true) => None,
                (None, false) => {
                    errs.add(&field("owner_department_id"), FieldError::Required);
                    None
                }
                (Some(_), _) => day(&mut errs, &field("due_on"), &item.due_on),
            };
            if let (Some(due), Some(held)) = (due_on, held_on)
                && due < held
            {
                errs.add(&field("due_on"), FieldError::DueBeforeActivity);
            }
            items.push(ValidActivityItem {
                id: item.id,
                topic,
                decision,
                owner_department_id: item.owner_department_id,
                due_on,
            });
        }
        let mut member_ids: Vec<i64> = Vec::new();
        for m in &self.member_ids {
            if !member_ids.contains(m) {
                member_ids.push(*m);
            }
        }
        if !member_ids.is_empty() && kind.is_some_and(|k| k != ActivityKind::Panel) {
            errs.add("member_ids", FieldError::MembersForPanelOnly);
        }
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errs.is_empty() => Ok(ValidActivity {
                kind,
                title,
                held_on,
                place,
                participants,
                summary,
                department_id: self.department_id,
                items,
                member_ids,
            }),
            _ => Err(errs),
        }
    }
}

/// A stored item as a correction must respect it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    pub item: ValidActivityItem,
    /// Reported done: what the department acted on stays as it was.
    pub done: bool,
}

impl ValidActivity {
    /// The refusals of this correction of an activity whose items are `stored`: an item's
    /// `id` must be one of them, once; an item reported done keeps its topic, department and
    /// due day (its decision may be reworded) and may not be left out.
    pub fn check_correction(&self, stored: &[StoredItem]) -> FieldErrors {
        let mut errs = FieldErrors::default();
        let mut seen = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let Some(id) = item.id else { continue };
            let field = |f: &str| format!("items.{i}.{f}");
            match stored.iter().find(|s| s.item.id == Some(id)) {
                Some(_) if seen.contains(&id) => errs.add(&field("id"), FieldError::UnknownOption),
                None => errs.add(&field("id"), FieldError::UnknownOption),
                Some(s) => {
                    let same = |a: &ValidActivityItem, b: &ValidActivityItem| {
                        (&a.topic, a.owner_department_id, a.due_on) == (&b.topic, b.owner_department_id, b.due_on)
                    };
                    if s.done && !same(&s.item, item) {
                        errs.add(&field("topic"), FieldError::ItemReported);
                    }
                }
            }
            seen.push(id);
        }
        if stored.iter().any(|s| s.done && s.item.id.is_some_and(|id| !seen.contains(&id))) {
            errs.add("items", FieldError::ItemReported);
        }
        errs
    }
}

/// `POST /api/v1/ccm-actions/{id}/done`: what the owning department did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionDoneInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub result: String,
}

impl ActionDoneInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errs = FieldErrors::default();
        let result = shared_text(&mut errs, "result", &self.result, MAX_DECISION, true, &[]);
        if errs.is_empty() { Ok(result) } else { Err(errs) }
    }
}

/// Whether `role` of `user_department` may report an item owned by `owner` done: the VOC
/// office, or the owning department's handlers and head.
pub fn may_report_action(role: Role, user_department: Option<i64>, owner: Option<i64>) -> bool {
    owner.is_some()
        && (role.records_activities()
            || (matches!(role, Role::Handler | Role::DepartmentHead) && user_department == owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> ActivityInput {
        ActivityInput {
            kind: "committee".into(),
            title: " 4분기 CCM 운영위원회 ".into(),
            held_on: "2026-11-20".into(),
            place: "본부 회의실".into(),
            participants: "CCO, 부서장 6명, CS 리더 8명".into(),
            summary: "3분기 VOC 분석 결과와 레일바이크 대기시간 대책을 논의했다.".into(),
            department_id: None,
            items: vec![
                ActivityItemInput {
                    topic: "레일바이크 대기시간".into(),
                    decision: "온라인 예약제 도입".into(),
                    owner_department_id: Some(3),
                    due_on: "2026-12-31".into(),
                    ..ActivityItemInput::default()
                },
                ActivityItemInput { topic: "CCM 매뉴얼 개정 보고".into(), ..ActivityItemInput::default() },
            ],
            member_ids: Vec::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    #[test]
    fn an_activity_records_its_items_and_the_follow_ups_they_need() {
        let a = meeting().validate(today()).unwrap();
        assert_eq!((a.kind, a.title.as_str(), a.items.len()), (ActivityKind::Committee, "4분기 CCM 운영위원회", 2));
        assert_eq!(a.items[0].due_on, NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!((a.items[1].owner_department_id, a.items[1].due_on), (None, None));
    }

    #[test]
    fn each_refused_field_is_named() {
        let mut bad = meeting();
        bad.kind = "party".into();
        bad.held_on = "2026-12-01".into();
        bad.summary = "회의록은 010-1234-5678로 문의".into();
        bad.items = vec![
            ActivityItemInput {
                topic: String::new(),
                owner_department_id: Some(3),
                due_on: String::new(),
                ..ActivityItemInput::default()
            },
            ActivityItemInput {
                topic: "안내판".into(),
                owner_department_id: None,
                due_on: "2026-12-01".into(),
                ..ActivityItemInput::default()
            },
            ActivityItemInput {
                topic: "경사로".into(),
                owner_department_id: Some(3),
                due_on: "2026-10-01".into(),
                ..ActivityItemInput::default()
            },
        ];
        assert_eq!(
            bad.validate(today()).unwrap_err().codes(),
            [
                ("held_on", "date_in_future"),
                ("items.0.due_on", "required"),
                ("items.0.topic", "required"),
                ("items.1.owner_department_id", "required"),
                ("items.2.due_on", "due_before_activity"),
                ("kind", "unknown_option"),
                ("summary", "personal_data"),
            ]
        );
        let early = ActivityInput {
            items: vec![ActivityItemInput { due_on: "2026-11-19".into(), ..meeting().items[0].clone() }],
            ..meeting()
        };
        assert_eq!(early.validate(today()).unwrap_err().codes(), [("items.0.due_on", "due_before_activity")]);
        let panel = ActivityInput { kind: "panel".into(), member_ids: vec![4, 2, 4], ..meeting() };
        assert_eq!(panel.validate(today()).unwrap().member_ids, [4, 2], "repeats dropped, order kept");
        let committee = ActivityInput { member_ids: vec![4], ..meeting() };
        assert_eq!(committee.validate(today()).unwrap_err().codes(), [("member_ids", "members_for_panel_only")]);
        let many = ActivityInput { items: vec![meeting().items[1].clone(); 31], ..meeting() };
        assert_eq!(many.validate(today()).unwrap_err().codes(), [("items", "too_many_items")]);
        assert_eq!(ActionDoneInput { result: " ".into() }.validate().unwrap_err().codes(), [("result", "required")]);
    }

    #[test]
    fn a_correction_keeps_what_a_department_reported_on() {
        let stored = |id: i64, done: bool, topic: &str| StoredItem {
            item: ValidActivityItem {
                id: Some(id),
                topic: topic.into(),
                decision: "온라인 예약제 도입".into(),
                owner_department_id: Some(3),
                due_on: NaiveDate::from_ymd_opt(2026, 12, 31),
            },
            done,
        };
        let kept = [stored(7, true, "레일바이크 대기시간"), stored(8, false, "안내판")];
        let mut fix = meeting().validate(today()).unwrap();
        fix.items[0].id = Some(7);
        fix.items[0].decision = "온라인 예약제와 현장 번호표".into();
        assert!(fix.check_correction(&kept).is_empty(), "a reported item's decision may be reworded; 8 goes");
        fix.items[0].topic = "대기시간".into();
        fix.items[1].id = Some(9);
        assert_eq!(
            fix.check_correction(&kept).codes(),
            [("items.0.topic", "item_reported"), ("items.1.id", "unknown_option")]
        );
        fix.items.remove(0);
        fix.items[0].id = Some(8);
        assert_eq!(fix.check_correction(&kept).codes(), [("items", "item_reported")], "a reported item stays");
    }

    #[test]
    fn an_item_is_open_until_done_and_overdue_after_its_day() {
        let due = NaiveDate::from_ymd_opt(2026, 12, 31);
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(ActionState::of(Some(3), due, false, day(31)), ActionState::Open);
        assert_eq!(
            ActionState::of(Some(3), due, false, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            ActionState::Overdue
        );
        assert_eq!(
            ActionState::of(Some(3), due, true, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            ActionState::Done
        );
        assert_eq!(ActionState::of(None, None, false, day(1)), ActionState::NoAction);
    }

    #[test]
    fn the_owning_department_or_the_voc_office_reports_an_item() {
        assert!(may_report_action(Role::Handler, Some(3), Some(3)));
        assert!(may_report_action(Role::DepartmentHead, Some(3), Some(3)));
        assert!(!may_report_action(Role::Handler, Some(4), Some(3)));
        assert!(may_report_action(Role::VocManager, None, Some(3)));
        assert!(!may_report_action(Role::VocManager, None, None), "nothing to report");
        assert!(!may_report_action(Role::Executive, None, Some(3)));
        assert!(!may_report_action(Role::Receiver, Some(3), Some(3)));
    }
}
