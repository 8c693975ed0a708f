//! Finding any case a person may see, open or closed: the filters of `GET /api/v1/cases`,
//! parsed once, and whose cases a role may search at all.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CaseStatus, Channel, Contact, Email, FieldError, FieldErrors, PhoneNumber, ReceiptNo, Role, VocKind};

/// The longest text query, in characters.
pub const SEARCH_TEXT_MAX: usize = 100;
/// Rows per page, at most (as in the audit log); 50 without asking.
pub const SEARCH_PER_PAGE_MAX: i64 = 200;
/// Matches are counted up to one more than this: a `total` above it means "more than".
pub const SEARCH_COUNT_MAX: i64 = 10_000;
/// The last page one may ask for.
pub const SEARCH_PAGE_MAX: i64 = 1_000_000;

/// The filters as they arrive in the query string; every one may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct CaseSearchInput {
    /// Words in the complaint, its answers or its internal notes (any part of a word).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: String,
    /// A receipt number, `VOC-2026-000123`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(pattern = "^\\s*([Vv][Oo][Cc]-[0-9]{4}-[0-9]{6})?\\s*$"))]
    pub receipt_no: String,
    /// The complainant's mobile number or e-mail address, in any usual writing
    /// (`010-1234-5678`, `01012345678`, `+82 10 1234 5678`).
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<CaseStatus>))]
    pub status: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<VocKind>))]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<Channel>))]
    pub channel: String,
    /// A facility code.
    #[serde(default)]
    pub facility: String,
    /// A category code.
    #[serde(default)]
    pub category: String,
    /// A department id, or `none` for cases no department has yet.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(pattern = "^\\s*([0-9]{1,18}|none)?\\s*$"))]
    pub department: String,
    /// The assigned handler's user id.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(pattern = "^\\s*([0-9]{1,18})?\\s*$"))]
    pub assignee: String,
    /// Received on or after this day (`YYYY-MM-DD`, Seoul).
    #[serde(default)]
    pub from: String,
    /// Received on or before this day.
    #[serde(default)]
    pub to: String,
    /// `newest` (the most recently filed first, the default), `oldest` or `due` (the nearest
    /// deadline first).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(pattern = "^\\s*(newest|oldest|due)?\\s*$"))]
    pub sort: String,
    /// 1 or more.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 1_000_000))]
    pub page: String,
    /// 1–200 (default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 200))]
    pub per_page: String,
}

/// How the results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// The most recently filed first.
    #[default]
    Newest,
    /// The first filed first.
    Oldest,
    /// The nearest deadline first.
    Due,
}

/// Which department the cases must belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepartmentFilter {
    Id(i64),
    /// Not routed yet.
    None,
}

/// A search that has passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSearch {
    pub text: Option<String>,
    pub receipt_no: Option<ReceiptNo>,
    pub contact: Option<Contact>,
    pub status: Option<CaseStatus>,
    pub kind: Option<VocKind>,
    pub channel: Option<Channel>,
    pub facility: Option<String>,
    pub category: Option<String>,
    pub department: Option<DepartmentFilter>,
    pub assignee: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: SearchSort,
    pub page: i64,
    pub per_page: i64,
}

impl CaseSearch {
    /// Rows to skip for this page.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

fn some(v: &str) -> Option<&str> {
    Some(v.trim()).filter(|v| !v.is_empty())
}

/// A page number or a page size as typed: `default` when empty, else a whole number in
/// `1..=max`, or `page_out_of_range` on `field` (and `default`). The case search and the queue
/// page alike.
pub fn page_number(errs: &mut FieldErrors, field: &str, typed: &str, default: i64, max: i64) -> i64 {
    match some(typed) {
        None => default,
        Some(n) => match n.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errs.add(field, FieldError::PageOutOfRange);
                default
            }
        },
    }
}

impl CaseSearchInput {
    /// Every refused filter is named at once.
    pub fn parse(&self) -> Result<CaseSearch, FieldErrors> {
        let mut errs = FieldErrors::default();
        let text = if self.q.chars().count() > SEARCH_TEXT_MAX {
            errs.add("q", FieldError::TooLong { max: SEARCH_TEXT_MAX });
            None
        } else {
            some(&self.q).map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        let receipt_no = some(&self.receipt_no).and_then(|r| {
            errs.take(
                "receipt_no",
                r.to_ascii_uppercase().parse::<ReceiptNo>().map_err(|_| FieldError::ReceiptNoInvalid),
            )
        });
        let contact = some(&self.contact).and_then(|c| {
            if c.contains('@') {
                errs.take("contact", Email::parse(c).map(Contact::Email))
            } else {
                errs.take("contact", PhoneNumber::parse(c).map(Contact::Phone))
            }
        });
        let status = some(&self.status)
            .and_then(|s| errs.take("status", s.parse::<CaseStatus>().map_err(|_| FieldError::UnknownStatus)));
        let kind =
            some(&self.kind).and_then(|s| errs.take("kind", s.parse::<VocKind>().map_err(|_| FieldError::UnknownKind)));
        let channel = some(&self.channel)
            .and_then(|s| errs.take("channel", s.parse::<Channel>().map_err(|_| FieldError::UnknownChannel)));
        let department = some(&self.department).and_then(|d| match d {
            "none" => Some(DepartmentFilter::None),
            d => {
                errs.take("department", d.parse().map(DepartmentFilter::Id).map_err(|_| FieldError::UnknownDepartment))
            }
        });
        let assignee = some(&self.assignee)
            .and_then(|a| errs.take("assignee", a.parse::<i64>().map_err(|_| FieldError::UnknownUser)));
        let mut date = |field: &str, v: &str| {
            some(v).and_then(|d| {
                errs.take(field, NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| FieldError::InvalidDate))
            })
        };
        let (from, to) = (date("from", &self.from), date("to", &self.to));
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            errs.add("to", FieldError::EndBeforeStart);
        }
        let sort = match some(&self.sort) {
            None | Some("newest") => SearchSort::Newest,
            Some("oldest") => SearchSort::Oldest,
            Some("due") => SearchSort::Due,
            Some(_) => {
                errs.add("sort", FieldError::UnknownItem);
                SearchSort::Newest
            }
        };
        let page = page_number(&mut errs, "page", &self.page, 1, SEARCH_PAGE_MAX);
        let per_page = page_number(&mut errs, "per_page", &self.per_page, 50, SEARCH_PER_PAGE_MAX);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(CaseSearch {
            text,
            receipt_no,
            contact,
            status,
            kind,
            channel,
            facility: some(&self.facility).map(str::to_owned),
            category: some(&self.category).map(str::to_owned),
            department,
            assignee,
            from,
            to,
            sort,
            page,
            per_page,
        })
    }
}

/// Whose cases a person may see: the one rule behind [`super::can_see_case`] and the
/// search's `WHERE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    /// Administrators, the VOC manager, executives.
    All,
    /// Handlers and heads: their department's cases.
    Department(i64),
    /// A receiver: the cases they registered.
    RegisteredBy(i64),
    /// Nobody's (the privacy officer; a handler without a department).
    Nothing,
}

impl CaseScope {
    pub fn of(role: Role, user_id: i64, department: Option<i64>) -> Self {
        if role.sees_all() {
            Self::All
        } else if matches!(role, Role::Handler | Role::DepartmentHead) {
            department.map_or(Self::Nothing, Self::Department)
        } else if role == Role::Receiver {
            Self::RegisteredBy(user_id)
        } else {
            Self::Nothing
        }
    }

    /// Whether a case of `department`, registered by `registered_by`, is in scope.
    pub fn admits(self, department: Option<i64>, registered_by: Option<i64>) -> bool {
        match self {
            Self::All => true,
            Self::Department(d) => department == Some(d),
            Self::RegisteredBy(u) => registered_by == Some(u),
            Self::Nothing => false,
        }
    }
}

/// How far back a complainant's cases are counted on the case page (the CCM's "within a year").
pub const HISTORY_DAYS: i64 = 365;
/// How many of a complainant's other cases the case page lists, newest first.
pub const HISTORY_SHOWN: usize = 20;
/// The purposes the case page offers for seeing a complainant's contacts; any other may be typed.
pub const CALL_BACK_PURPOSES: [&str; 3] = ["회신 전화", "보완 요청", "결과 안내"];

/// How many of one person's cases were filed in the [`HISTORY_DAYS`] up to `today`, `today`
/// included, by kind: the most frequent first, then in the kinds' order.
pub fn filed_recently_by_kind(
    filed: impl IntoIterator<Item = (VocKind, NaiveDate)>,
    today: NaiveDate,
) -> Vec<(VocKind, i64)> {
    let since = today - chrono::Duration::days(HISTORY_DAYS - 1);
    let mut counts: Vec<(VocKind, i64)> = Vec::new();
    for (kind, day) in filed {
        if day < since || day > today {
            continue;
        }
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    counts.sort_by_key(|&(k, n)| (std::cmp::Reverse(n), VocKind::ALL.iter().position(|&a| a == k)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_cases_are_counted_over_the_last_year_by_kind() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-12-01");
        let filed = [
            (VocKind::Inquiry, d("2026-12-01")),
            (VocKind::Complaint, d("2026-06-01")),
            (VocKind::Complaint, d("2025-12-02")),
            // A year and a day ago, and a date after today, are not counted.
            (VocKind::Complaint, d("2025-12-01")),
            (VocKind::Praise, d("2026-12-02")),
        ];
        assert_eq!(filed_recently_by_kind(filed, today), [(VocKind::Complaint, 2), (VocKind::Inquiry, 1)]);
        assert!(filed_recently_by_kind([], today).is_empty());
    }

    fn input(f: impl FnOnce(&mut CaseSearchInput)) -> CaseSearchInput {
        let mut i = CaseSearchInput::default();
        f(&mut i);
        i
    }

    #[test]
    fn an_empty_search_is_every_case_newest_first() {
        let s = CaseSearchInput::default().parse().unwrap();
        assert_eq!((s.offset(), s.sort, s.page, s.per_page), (0, SearchSort::Newest, 1, 50));
        assert_eq!(s.text, None);
    }

    #[test]
    fn one_phone_number_in_three_writings_is_one_contact() {
        let parsed: Vec<_> = ["010-1234-5678", "01012345678", "+82 10 1234 5678"]
            .into_iter()
            .map(|c| input(|i| i.contact = c.into()).parse().unwrap().contact)
            .collect();
        assert!(matches!(&parsed[0], Some(Contact::Phone(p)) if p.digits() == "01012345678"));
        assert!(parsed.iter().all(|c| c == &parsed[0]), "{parsed:?}");
        let e = input(|i| i.contact = "kim@".into()).parse().unwrap_err();
        assert_eq!(e.get("contact").unwrap().code, "email_invalid");
    }

    #[test]
    fn text_is_trimmed_and_spaces_collapsed_and_capped() {
        let s = input(|i| i.q = "  화장실   청소 ".into()).parse().unwrap();
        assert_eq!(s.text.as_deref(), Some("화장실 청소"));
        let e = input(|i| i.q = "가".repeat(SEARCH_TEXT_MAX + 1)).parse().unwrap_err();
        assert_eq!(e.get("q").unwrap().code, "too_long");
    }

    #[test]
    fn every_wrong_filter_is_named() {
        let e = input(|i| {
            i.receipt_no = "2026-1".into();
            i.status = "done".into();
            i.kind = "rant".into();
            i.channel = "fax2".into();
            i.department = "sales".into();
            i.from = "2026-02-30".into();
            i.sort = "random".into();
            i.page = "0".into();
            i.per_page = "201".into();
        })
        .parse()
        .unwrap_err();
        for f in ["receipt_no", "status", "kind", "channel", "department", "from", "sort", "page", "per_page"] {
            assert!(e.get(f).is_some(), "{f} not named: {e:?}");
        }
        let e = input(|i| {
            i.from = "2026-03-02".into();
            i.to = "2026-03-01".into();
        })
        .parse()
        .unwrap_err();
        assert_eq!(e.get("to").unwrap().code, "end_before_start");
    }

    #[test]
    fn the_scope_is_the_visibility_rule() {
        assert_eq!(CaseScope::of(Role::VocManager, 1, None), CaseScope::All);
        assert_eq!(CaseScope::of(Role::Handler, 1, Some(3)), CaseScope::Department(3));
        assert_eq!(CaseScope::of(Role::Handler, 1, None), CaseScope::Nothing);
        assert_eq!(CaseScope::of(Role::Receiver, 7, Some(3)), CaseScope::RegisteredBy(7));
        assert_eq!(CaseScope::of(Role::PrivacyOfficer, 1, None), CaseScope::Nothing);
        assert!(CaseScope::Department(3).admits(Some(3), None));
        assert!(!CaseScope::Department(3).admits(None, None));
        assert!(CaseScope::RegisteredBy(7).admits(None, Some(7)));
    }
}
