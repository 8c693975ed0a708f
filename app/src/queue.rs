//! The officers' live queue, one rule each for the server and the page: the views (mine, my
//! department, unrouted, due soon, overdue, paused), the filters, the order, and how a pushed
//! change lands on the page being shown. `GET /api/v1/queue` filters, counts, sorts and pages
//! in SQL by the same rules (`server/src/store/sql/queue.rs`); an integration test holds the
//! two together.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::QueueItem;
use crate::domain::{BusinessCalendar, CaseStatus, Channel, Clock, FieldError, FieldErrors, VocKind, page_number};

/// Rows per page without asking.
pub const QUEUE_PER_PAGE: i64 = 50;
/// Rows per page at most.
pub const QUEUE_PER_PAGE_MAX: i64 = 200;
/// The longest words one may look for in the queue.
pub const QUEUE_TEXT_MAX: usize = 100;

/// The queue's views (SPEC: mine, my department, all, unrouted, due soon, overdue, paused).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueView {
    /// Every open case the user may see.
    #[default]
    All,
    /// Assigned to the user.
    Mine,
    /// Of the user's department.
    Department,
    /// No department designated yet.
    Unrouted,
    /// Its clock runs and the deadline is within the kind's warning span.
    DueSoon,
    /// Past its deadline (for a paused case: when the pause began).
    Overdue,
    /// The clock stands still.
    Paused,
}

impl QueueView {
    pub const ALL: [QueueView; 7] =
        [Self::All, Self::Mine, Self::Department, Self::Unrouted, Self::DueSoon, Self::Overdue, Self::Paused];

    pub fn as_str(self) -> &'static str {
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

    pub fn ko(self) -> &'static str {
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

    /// Whether `item` belongs in this view for the user `me` at `now`.
    pub fn keeps(self, item: &QueueItem, me: QueueMe, cal: &BusinessCalendar, now: DateTime<Utc>) -> bool {
        match self {
            Self::All => true,
            Self::Mine => item.assignee_id == Some(me.id),
            Self::Department => me.department.is_some() && item.department_id == me.department,
            Self::Unrouted => item.department_id.is_none(),
            Self::DueSoon => item.due_soon(cal, now),
            Self::Overdue => item.overdue(now),
            Self::Paused => item.status == CaseStatus::Paused,
        }
    }
}

impl std::str::FromStr for QueueView {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or(())
    }
}

/// Who looks at the queue, as the views "mine" and "my department" need it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueMe {
    pub id: i64,
    pub department: Option<i64>,
}

/// The queue's query, as typed (query parameters of `GET /api/v1/queue`, or the page's
/// controls): each empty one lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct QueueFilterInput {
    /// `all` (the default), `mine`, `department`, `unrouted`, `due_soon`, `overdue` or `paused`.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(all|mine|department|unrouted|due_soon|overdue|paused)?$"),
        schema(pattern = "^(all|mine|department|unrouted|due_soon|overdue|paused)?$")
    )]
    pub view: String,
    /// Part of a receipt number or of the complaint's text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100), schema(max_length = 100))]
    pub q: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(complaint|inquiry|suggestion|praise|lost_item|grievance|urgent|appeal)?$"),
        schema(pattern = "^(complaint|inquiry|suggestion|praise|lost_item|grievance|urgent|appeal)?$")
    )]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(kiosk|homepage|mobile|phone|visit|mail|fax|sns|external_agency)?$"),
        schema(pattern = "^(kiosk|homepage|mobile|phone|visit|mail|fax|sns|external_agency)?$")
    )]
    pub channel: String,
    #[serde(default)]
    pub facility: String,
    #[serde(default)]
    pub category: String,
    /// A department id, or `none` for the unrouted cases.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(none|[0-9]{1,18})?$"),
        schema(pattern = "^(none|[0-9]{1,18})?$")
    )]
    pub department: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(received|in_progress|paused|awaiting_approval|closed|withdrawn)?$"),
        schema(pattern = "^(received|in_progress|paused|awaiting_approval|closed|withdrawn)?$")
    )]
    pub status: String,
    /// 1 or more.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(value_type = Option<i64>, minimum = 1, maximum = 1_000_000),
        schema(value_type = Option<i64>, minimum = 1, maximum = 1_000_000)
    )]
    pub page: String,
    /// 1–200 (default 50).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(value_type = Option<i64>, minimum = 1, maximum = 200),
        schema(value_type = Option<i64>, minimum = 1, maximum = 200)
    )]
    pub per_page: String,
}

/// The parsed query; `None` keeps every value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFilter {
    pub view: QueueView,
    /// Lower-cased, trimmed; matched anywhere in the receipt number or the text.
    pub text: Option<String>,
    pub kind: Option<VocKind>,
    pub channel: Option<Channel>,
    pub facility: Option<String>,
    pub category: Option<String>,
    /// `Some(None)`: only cases without a department.
    pub department: Option<Option<i64>>,
    pub status: Option<CaseStatus>,
    pub page: i64,
    pub per_page: i64,
}

impl Default for QueueFilter {
    fn default() -> Self {
        Self {
            view: QueueView::All,
            text: None,
            kind: None,
            channel: None,
            facility: None,
            category: None,
            department: None,
            status: None,
            page: 1,
            per_page: QUEUE_PER_PAGE,
        }
    }
}

impl QueueFilterInput {
    /// Every unknown value is named at once, in Korean and English.
    pub fn parse(&self) -> Result<QueueFilter, FieldErrors> {
        let mut errs = FieldErrors::default();
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let view = given(&self.view)
            .map_or(Some(QueueView::All), |v| {
                errs.take("view", v.parse::<QueueView>().map_err(|()| FieldError::UnknownItem))
            })
            .unwrap_or_default();
        let text = given(&self.q);
        if text.as_ref().is_some_and(|t| t.chars().count() > QUEUE_TEXT_MAX) {
            errs.add("q", FieldError::TooLong { max: QUEUE_TEXT_MAX });
        }
        // A NUL cannot be in a stored text (PostgreSQL refuses it in a query), so it finds nothing
        // more without it.
        let text = text.map(|t| t.replace('\0', "").to_lowercase()).filter(|t| !t.is_empty());
        let kind = given(&self.kind)
            .and_then(|v| errs.take("kind", v.parse::<VocKind>().map_err(|_| FieldError::UnknownKind)));
        let channel = given(&self.channel)
            .and_then(|v| errs.take("channel", v.parse::<Channel>().map_err(|_| FieldError::UnknownChannel)));
        let status = given(&self.status)
            .and_then(|v| errs.take("status", v.parse::<CaseStatus>().map_err(|_| FieldError::UnknownStatus)));
        let department = match given(&self.department) {
            None => None,
            Some(v) if v == "none" => Some(None),
            Some(v) => errs.take("department", v.parse::<i64>().map(Some).map_err(|_| FieldError::UnknownDepartment)),
        };
        let page = page_number(&mut errs, "page", &self.page, 1, crate::domain::SEARCH_PAGE_MAX);
        let per_page = page_number(&mut errs, "per_page", &self.per_page, QUEUE_PER_PAGE, QUEUE_PER_PAGE_MAX);
        let filter = QueueFilter {
            view,
            text,
            kind,
            channel,
            facility: given(&self.facility),
            category: given(&self.category),
            department,
            status,
            page,
            per_page,
        };
        if errs.is_empty() { Ok(filter) } else { Err(errs) }
    }
}

impl QueueFilter {
    /// Rows to skip for this page.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    /// Whether `item` passes the selects (kind, channel, facility, category, department,
    /// status); the view and the words are asked apart.
    pub fn keeps(&self, i: &QueueItem) -> bool {
        self.kind.is_none_or(|k| i.kind == k)
            && self.channel.is_none_or(|c| i.channel == c)
            && self.facility.as_ref().is_none_or(|f| i.facility.as_ref() == Some(f))
            && self.category.as_ref().is_none_or(|c| i.category.as_ref() == Some(c))
            && self.department.is_none_or(|d| i.department_id == d)
            && self.status.is_none_or(|s| i.status == s)
    }

    /// Whether the words are in what the page holds of `item` (its receipt number and the
    /// first words of its text; the server also reads the rest of the text).
    pub fn words_in(&self, i: &QueueItem) -> bool {
        self.text
            .as_ref()
            .is_none_or(|t| i.receipt_no.to_lowercase().contains(t) || i.summary.to_lowercase().contains(t))
    }
}

impl QueueItem {
    /// Where this case's clock stands at `now`.
    pub fn clock(&self, cal: &BusinessCalendar, now: DateTime<Utc>) -> Clock {
        let budget = crate::domain::Budget::new(self.budget_secs, self.due_at_close);
        cal.clock(self.received_at.with_timezone(&Utc), budget, &self.pauses, now)
    }

    /// When the open pause began, if the clock stands still.
    pub fn paused_since(&self) -> Option<DateTime<Utc>> {
        self.pauses.iter().find(|p| p.end.is_none()).map(|p| p.start)
    }

    /// Past its deadline: the deadline passed before `now`, or, for a paused case, before
    /// the pause began (its clock then stood overdue).
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.due_at.with_timezone(&Utc) < self.paused_since().unwrap_or(now)
    }

    /// Due soon: its clock runs, the deadline has not passed, and no more than the kind's
    /// warning span of business time is left.
    pub fn due_soon(&self, cal: &BusinessCalendar, now: DateTime<Utc>) -> bool {
        self.status != CaseStatus::Paused
            && !self.overdue(now)
            && cal.between(now, self.due_at.with_timezone(&Utc)) <= self.due_soon_secs
    }

    /// The queue's order: serious cases (중대 민원) first, then overdue ones, then urgent
    /// requests, then cases whose clock runs before paused ones, then by deadline. A running
    /// clock's business time left grows with its deadline, so ordering by deadline is ordering
    /// by time left; the database sorts by the same key.
    pub fn queue_key(&self, now: DateTime<Utc>) -> (bool, bool, bool, bool, i64, i64) {
        (
            self.serious.is_none(),
            !self.overdue(now),
            !self.kind.is_urgent(),
            self.status == CaseStatus::Paused,
            self.due_at.timestamp(),
            self.id,
        )
    }
}

/// How many open cases each view holds, with the filters and words given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueCounts {
    pub all: i64,
    pub mine: i64,
    pub department: i64,
    pub unrouted: i64,
    pub due_soon: i64,
    pub overdue: i64,
    pub paused: i64,
}

impl QueueCounts {
    pub fn of(&self, view: QueueView) -> i64 {
        match view {
            QueueView::All => self.all,
            QueueView::Mine => self.mine,
            QueueView::Department => self.department,
            QueueView::Unrouted => self.unrouted,
            QueueView::DueSoon => self.due_soon,
            QueueView::Overdue => self.overdue,
            QueueView::Paused => self.paused,
        }
    }

    pub fn set(&mut self, view: QueueView, n: i64) {
        *match view {
            QueueView::All => &mut self.all,
            QueueView::Mine => &mut self.mine,
            QueueView::Department => &mut self.department,
            QueueView::Unrouted => &mut self.unrouted,
            QueueView::DueSoon => &mut self.due_soon,
            QueueView::Overdue => &mut self.overdue,
            QueueView::Paused => &mut self.paused,
        } = n;
    }
}

/// One choice of a select: the value sent and the name shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueOption {
    pub value: String,
    pub label: String,
}

/// The facilities, categories and departments the user's open cases have, for the selects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueFacets {
    pub facilities: Vec<QueueOption>,
    pub categories: Vec<QueueOption>,
    /// Department ids, and `none` (미배정) when some case has none.
    pub departments: Vec<QueueOption>,
}

/// What one group of open cases has for the selects: facility, category and department,
/// each with its name where it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetRow {
    pub facility: Option<(String, Option<String>)>,
    pub category: Option<(String, Option<String>)>,
    pub department: Option<(i64, Option<String>)>,
}

/// The name of the department choice of cases without one.
const UNROUTED: &str = "미배정";

impl QueueFacets {
    /// The choices the rows have, each once, by name (a code or id where it has none); a
    /// case without a department is the choice `none`, 미배정.
    pub fn of(rows: impl IntoIterator<Item = FacetRow>) -> Self {
        use std::collections::BTreeSet;
        let (mut facilities, mut categories, mut departments) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for row in rows {
            if let Some((code, name)) = row.facility {
                facilities.insert((name.unwrap_or_else(|| code.clone()), code));
            }
            if let Some((code, name)) = row.category {
                categories.insert((name.unwrap_or_else(|| code.clone()), code));
            }
            departments.insert(match row.department {
                Some((id, name)) => (name.unwrap_or_else(|| id.to_string()), id.to_string()),
                None => (UNROUTED.to_owned(), "none".to_owned()),
            });
        }
        let options = |set: BTreeSet<(String, String)>| {
            set.into_iter().map(|(label, value)| QueueOption { value, label }).collect()
        };
        Self { facilities: options(facilities), categories: options(categories), departments: options(departments) }
    }

    /// Adds what a pushed case has that the choices lack (a new facility, category or
    /// department), so it can be chosen before the next load.
    pub fn merge(&mut self, i: &QueueItem) {
        fn add(list: &mut Vec<QueueOption>, value: String, label: String) {
            if !list.iter().any(|o| o.value == value) {
                list.push(QueueOption { value, label });
                list.sort_by(|a, b| a.label.cmp(&b.label));
            }
        }
        if let Some(f) = &i.facility {
            add(&mut self.facilities, f.clone(), i.facility_name.clone().unwrap_or_else(|| f.clone()));
        }
        if let Some(c) = &i.category {
            add(&mut self.categories, c.clone(), c.clone());
        }
        match i.department_id {
            Some(d) => {
                add(&mut self.departments, d.to_string(), i.department_name.clone().unwrap_or_else(|| d.to_string()))
            }
            None => add(&mut self.departments, "none".into(), UNROUTED.into()),
        }
    }
}

/// `GET /api/v1/queue`: one page of the chosen view, in queue order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePage {
    /// Open cases in the chosen view with the filters given (`counts` of that view).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub view: QueueView,
    pub counts: QueueCounts,
    pub facets: QueueFacets,
    pub items: Vec<QueueItem>,
}

/// What a pushed change did to the page shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The row was replaced, added or taken away.
    Changed,
    /// Nothing shown changed (the case belongs on another page, or was never shown).
    Elsewhere,
}

/// Lands a pushed change on the page shown (`items`, in queue order), without asking the
/// server: a shown case is updated in place or leaves when it no longer belongs (closed,
/// another view, filtered out); a case not shown joins when it belongs and falls within this
/// page's stretch of the order. The page keeps at most `per_page` rows.
pub fn place(
    items: &mut Vec<QueueItem>,
    case: QueueItem,
    filter: &QueueFilter,
    me: QueueMe,
    cal: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Placed {
    let shown = items.iter().position(|i| i.id == case.id);
    let belongs = case.status.is_open() && filter.keeps(&case) && filter.view.keeps(&case, me, cal, now);
    // The server matched the words against the whole text; the page only holds its start, so
    // a shown case keeps its place and a new one must show the words where the page can see.
    let belongs = belongs && (shown.is_some() || filter.words_in(&case));
    if let Some(at) = shown {
        items.remove(at);
    }
    if !belongs {
        return if shown.is_some() { Placed::Changed } else { Placed::Elsewhere };
    }
    let key = case.queue_key(now);
    let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= filter.per_page;
    let before_first = items.first().is_some_and(|f| key < f.queue_key(now));
    let after_last = items.last().is_some_and(|l| key > l.queue_key(now));
    if shown.is_none() && ((before_first && filter.page > 1) || (after_last && full)) {
        return Placed::Elsewhere;
    }
    let at = items.partition_point(|i| i.queue_key(now) < key);
    items.insert(at, case);
    items.truncate(usize::try_from(filter.per_page).unwrap_or(usize::MAX));
    Placed::Changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BusinessHours, Pause, SeriousReason, korean_public_holiday_dates, seoul};
    use chrono::TimeZone;

    #[test]
    fn the_choices_are_each_once_by_name_and_no_department_is_none() {
        let row = |facility: Option<(&str, Option<&str>)>, department: Option<(i64, Option<&str>)>| FacetRow {
            facility: facility.map(|(c, n)| (c.to_owned(), n.map(str::to_owned))),
            category: None,
            department: department.map(|(id, n)| (id, n.map(str::to_owned))),
        };
        let facets = QueueFacets::of([
            row(Some(("railbike", Some("레일바이크"))), Some((2, Some("관광팀")))),
            row(Some(("railbike", Some("레일바이크"))), None),
            row(Some(("zipline", None)), Some((7, None))),
        ]);
        let pairs = |o: &[QueueOption]| o.iter().map(|o| (o.value.clone(), o.label.clone())).collect::<Vec<_>>();
        assert_eq!(
            pairs(&facets.facilities),
            [("zipline".to_owned(), "zipline".to_owned()), ("railbike".to_owned(), "레일바이크".to_owned())]
        );
        assert_eq!(
            pairs(&facets.departments),
            [("7".into(), "7".into()), ("2".to_owned(), "관광팀".to_owned()), ("none".to_owned(), "미배정".to_owned())]
        );
        assert!(facets.categories.is_empty());
    }

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

    fn cal() -> BusinessCalendar {
        BusinessCalendar::new(BusinessHours::default(), korean_public_holiday_dates())
    }

    /// Monday 2026-11-23 12:00 in Seoul: three business hours after the items' receipt.
    fn noon() -> DateTime<Utc> {
        seoul().with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap().with_timezone(&Utc)
    }

    fn sorted(mut list: Vec<QueueItem>) -> Vec<i64> {
        list.sort_by_key(|i| i.queue_key(noon()));
        list.iter().map(|i| i.id).collect()
    }

    #[test]
    fn serious_then_overdue_then_urgent_then_running_before_paused_then_deadline() {
        let mut paused = item(7, VocKind::Complaint, 10);
        paused.status = CaseStatus::Paused;
        paused.pauses = vec![Pause { start: noon() - chrono::Duration::hours(1), end: None }];
        let list = vec![
            item(1, VocKind::Complaint, 48),
            item(2, VocKind::Urgent, 24),
            item(3, VocKind::Suggestion, 2), // overdue
            item(4, VocKind::Inquiry, 20),
            item(5, VocKind::Urgent, 1), // overdue and urgent
            paused,
            QueueItem { serious: Some(SeriousReason::Safety), ..item(6, VocKind::Complaint, 48) },
        ];
        assert_eq!(sorted(list), vec![6, 5, 3, 2, 4, 1, 7]);
    }

    #[test]
    fn a_paused_case_is_overdue_by_when_its_clock_stopped() {
        let mut late = item(1, VocKind::Complaint, 2);
        late.status = CaseStatus::Paused;
        // Due at 11:00, paused at 10:30: it stood on time when it stopped.
        late.pauses = vec![Pause { start: noon() - chrono::Duration::minutes(90), end: None }];
        assert!(!late.overdue(noon()));
        late.pauses[0].start = noon() - chrono::Duration::minutes(30);
        assert!(late.overdue(noon()));
        assert!(!late.due_soon(&cal(), noon()), "a stopped clock is not running out");
    }

    #[test]
    fn views_filter_by_owner_department_and_clock() {
        let me = QueueMe { id: 7, department: Some(3) };
        let mut mine = item(1, VocKind::Complaint, 48);
        mine.assignee_id = Some(7);
        mine.department_id = Some(3);
        let unrouted = item(2, VocKind::Praise, 48);
        let soon = item(3, VocKind::Inquiry, 6); // 3 h left of 6, threshold 4 h
        let late = item(4, VocKind::Inquiry, 2);
        let keep = |v: QueueView| {
            [&mine, &unrouted, &soon, &late]
                .into_iter()
                .filter(|i| v.keeps(i, me, &cal(), noon()))
                .map(|i| i.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(keep(QueueView::All), vec![1, 2, 3, 4]);
        assert_eq!(keep(QueueView::Mine), vec![1]);
        assert_eq!(keep(QueueView::Department), vec![1]);
        assert_eq!(keep(QueueView::Unrouted), vec![2, 3, 4]);
        assert_eq!(keep(QueueView::DueSoon), vec![3]);
        assert_eq!(keep(QueueView::Overdue), vec![4]);
        assert!(keep(QueueView::Paused).is_empty());
        let nobody = QueueMe { id: 9, department: None };
        assert!(!QueueView::Department.keeps(&unrouted, nobody, &cal(), noon()), "no department, no department view");
    }

    #[test]
    fn every_value_the_schema_allows_is_accepted() {
        for k in VocKind::ALL {
            assert!(QueueFilterInput { kind: format!(" {} ", k.as_str()), ..Default::default() }.parse().is_ok());
        }
        for c in Channel::ALL {
            assert!(QueueFilterInput { channel: c.as_str().into(), ..Default::default() }.parse().is_ok());
        }
        for s in CaseStatus::ALL {
            assert!(QueueFilterInput { status: s.as_str().into(), ..Default::default() }.parse().is_ok());
        }
        for v in QueueView::ALL {
            assert!(QueueFilterInput { view: v.as_str().into(), ..Default::default() }.parse().is_ok());
        }
        let long = QueueFilterInput { department: "9".repeat(18), q: "İ".repeat(100), ..Default::default() };
        assert!(long.parse().is_ok(), "a hundred characters, however they lower-case");
    }

    #[test]
    fn the_query_is_parsed_once_and_every_bad_value_named() {
        let f = QueueFilterInput::default().parse().unwrap();
        assert_eq!((f.view, f.page, f.per_page, f.offset()), (QueueView::All, 1, 50, 0));
        let f = QueueFilterInput {
            view: " overdue ".into(),
            q: " VOC-2026 ".into(),
            department: "none".into(),
            page: "3".into(),
            per_page: "20".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            (f.view, f.text.as_deref(), f.department, f.offset()),
            (QueueView::Overdue, Some("voc-2026"), Some(None), 40)
        );
        let errs = QueueFilterInput {
            view: "later".into(),
            q: "가".repeat(101),
            kind: "x".into(),
            page: "0".into(),
            per_page: "201".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        for field in ["view", "q", "kind", "page", "per_page"] {
            assert!(errs.get(field).is_some(), "{field} is named");
        }
    }

    fn ids(list: &[QueueItem]) -> Vec<i64> {
        list.iter().map(|i| i.id).collect()
    }

    #[test]
    fn a_pushed_change_lands_in_its_place_or_leaves() {
        let filter = QueueFilter { per_page: 3, ..Default::default() };
        let me = QueueMe::default();
        let mut page =
            vec![item(1, VocKind::Complaint, 10), item(2, VocKind::Complaint, 20), item(3, VocKind::Complaint, 30)];
        // A new case due between the first two joins there; the last row moves to page 2.
        assert_eq!(place(&mut page, item(4, VocKind::Complaint, 15), &filter, me, &cal(), noon()), Placed::Changed);
        assert_eq!(ids(&page), vec![1, 4, 2]);
        // One due after the whole full page belongs on a later page.
        assert_eq!(place(&mut page, item(5, VocKind::Complaint, 99), &filter, me, &cal(), noon()), Placed::Elsewhere);
        assert_eq!(ids(&page), vec![1, 4, 2]);
        // A shown case that is now urgent moves up; a closed one leaves.
        assert_eq!(place(&mut page, item(2, VocKind::Urgent, 20), &filter, me, &cal(), noon()), Placed::Changed);
        assert_eq!(ids(&page), vec![2, 1, 4]);
        let mut closed = item(1, VocKind::Complaint, 10);
        closed.status = CaseStatus::Closed;
        assert_eq!(place(&mut page, closed, &filter, me, &cal(), noon()), Placed::Changed);
        assert_eq!(ids(&page), vec![2, 4]);
        // Routed away from the unrouted view: it leaves it.
        let unrouted = QueueFilter { view: QueueView::Unrouted, ..filter.clone() };
        let mut routed = item(4, VocKind::Complaint, 15);
        routed.department_id = Some(1);
        place(&mut page, routed, &unrouted, me, &cal(), noon());
        assert_eq!(ids(&page), vec![2]);
        // On page 2, a case that sorts before the page's first row is on page 1.
        let second = QueueFilter { page: 2, ..filter.clone() };
        let mut later = vec![item(8, VocKind::Complaint, 40)];
        assert_eq!(place(&mut later, item(9, VocKind::Complaint, 5), &second, me, &cal(), noon()), Placed::Elsewhere);
        // Words: a new case shows them in what the page holds, or it waits for the server.
        let words = QueueFilter { text: Some("주차".into()), ..filter };
        let mut found = vec![];
        assert_eq!(place(&mut found, item(10, VocKind::Complaint, 5), &words, me, &cal(), noon()), Placed::Elsewhere);
        let parking = QueueItem { summary: "주차장이 좁습니다".into(), ..item(10, VocKind::Complaint, 5) };
        assert_eq!(place(&mut found, parking, &words, me, &cal(), noon()), Placed::Changed);
    }
}
