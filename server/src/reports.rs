//! Period reports: the store's grouped counts rolled up into the summary and its tables.

use std::collections::BTreeMap;

use app::api::{
    CountLine, ReportLine, ReportSummary, StaffFlag, SurveyBreakdown, SurveyItemMean, SurveyLine, SurveyReport,
};
use app::domain::{Channel, STAFF_FLAG_THRESHOLD, StaffCause, SurveyItem, VocKind};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::store::{ReportDim, ReportGroup, ReportScope, StaffMention, Store, StoreResult, SurveySums, SurveyTotals};

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    pub(crate) received: i64,
    pub(crate) processed: i64,
    open: i64,
    overdue: i64,
    on_time: i64,
    pub(crate) invited: i64,
    handling_sum: i64,
    handling_n: i64,
    excluded: i64,
    excluded_on_time: i64,
}

impl Tally {
    pub(crate) fn add(&mut self, g: &ReportGroup) {
        self.received += g.received;
        self.processed += g.processed;
        self.open += g.open;
        self.overdue += g.overdue;
        self.on_time += g.on_time;
        self.invited += g.invited;
        self.handling_sum += g.handling_sum;
        self.handling_n += g.handling_n;
        self.excluded += g.excluded;
        self.excluded_on_time += g.excluded_on_time;
    }

    /// Another tally's counts added to this one's.
    pub(crate) fn merge(&mut self, o: &Tally) {
        self.received += o.received;
        self.processed += o.processed;
        self.open += o.open;
        self.overdue += o.overdue;
        self.on_time += o.on_time;
        self.invited += o.invited;
        self.handling_sum += o.handling_sum;
        self.handling_n += o.handling_n;
        self.excluded += o.excluded;
        self.excluded_on_time += o.excluded_on_time;
    }

    /// The cases whose deadline counts: the processed less what the Act leaves out, and the
    /// overdue.
    pub(crate) fn due(&self) -> i64 {
        self.processed - self.excluded + self.overdue
    }

    #[allow(clippy::cast_precision_loss)]
    /// On time of those due: the processed less what the Act leaves out, and the overdue.
    pub(crate) fn compliance(&self) -> f64 {
        let due = self.due();
        if due <= 0 { 1.0 } else { (self.on_time - self.excluded_on_time) as f64 / due as f64 }
    }

    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn mean_hours(&self) -> Option<f64> {
        (self.handling_n > 0).then(|| self.handling_sum as f64 / self.handling_n as f64 / 3600.0)
    }

    fn line(&self, key: String, label: String) -> ReportLine {
        ReportLine {
            key,
            label,
            received: self.received,
            processed: self.processed,
            open: self.open,
            overdue: self.overdue,
            compliance_rate: self.compliance(),
            mean_handling_hours: self.mean_hours(),
        }
    }
}

/// Names for the grouping values.
pub struct Labels {
    pub facilities: BTreeMap<String, String>,
    pub categories: BTreeMap<String, String>,
    pub departments: BTreeMap<i64, String>,
    pub staff: BTreeMap<i64, String>,
}

/// A category's or facility's name as the report tables show it: "(없음)" for none, and a
/// code no longer in the list (a category since removed) as itself.
pub(crate) fn code_name(names: &BTreeMap<String, String>, code: &str) -> String {
    match names.get(code) {
        Some(name) => name.clone(),
        None if code.is_empty() || code == "-" => "(없음)".to_owned(),
        None => code.to_owned(),
    }
}

/// Rolls grouped counts up into the summary; pure, so it is tested without a database.
pub fn summarize(
    from: NaiveDate,
    to: NaiveDate,
    groups: &[ReportGroup],
    labels: &Labels,
    median_secs: Option<f64>,
    surveys: &SurveyTotals,
    items: &[SurveyItem],
) -> ReportSummary {
    let mut total = Tally::default();
    // Kind, channel, category, facility, department, handler, month.
    let mut tables: [BTreeMap<String, Tally>; 7] = Default::default();
    for g in groups {
        let key = || if g.key.is_empty() { "-".to_owned() } else { g.key.clone() };
        let table = match g.dim {
            ReportDim::All => {
                total.add(g);
                tables[6].entry(g.month.clone()).or_default().add(g);
                continue;
            }
            ReportDim::Kind => 0,
            ReportDim::Channel => 1,
            ReportDim::Category => 2,
            ReportDim::Facility => 3,
            ReportDim::Department => 4,
            ReportDim::Handler => 5,
        };
        tables[table].entry(key()).or_default().add(g);
    }
    let label = |table: usize, key: &str| -> String {
        match table {
            0 => key.parse::<VocKind>().map(|k| k.ko().to_owned()).unwrap_or_else(|_| key.to_owned()),
            1 => key.parse::<Channel>().map(|c| c.ko().to_owned()).unwrap_or_else(|_| key.to_owned()),
            2 => code_name(&labels.categories, key),
            3 => code_name(&labels.facilities, key),
            4 => key
                .parse()
                .ok()
                .and_then(|id: i64| labels.departments.get(&id).cloned())
                .unwrap_or_else(|| "미배정".into()),
            5 => key.parse().ok().and_then(|id: i64| labels.staff.get(&id).cloned()).unwrap_or_else(|| "미지정".into()),
            _ => key.to_owned(),
        }
    };
    let breakdown = survey_breakdown(&tables, surveys, items, &label);
    let mut lines: Vec<Vec<ReportLine>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| t.iter().map(|(k, v)| v.line(k.clone(), label(i, k))).collect::<Vec<_>>())
        .collect();
    // Largest first, except the months, which stay in order.
    for l in lines.iter_mut().take(6) {
        l.sort_by(|a, b| b.received.cmp(&a.received).then_with(|| a.key.cmp(&b.key)));
    }
    let [by_kind, by_channel, by_category, by_facility, by_department, by_handler, monthly]: [Vec<ReportLine>; 7] =
        lines.try_into().unwrap_or_default();

    let survey = SurveyReport {
        responses: surveys.all.responses,
        invited: total.invited,
        response_rate: rate(surveys.all.responses, total.invited),
        items: items
            .iter()
            .map(|i| SurveyItemMean { item: i.id.into(), label: i.ko.into(), mean: mean(&surveys.all, i.id) })
            .collect(),
        follow_ups: app::api::FollowUpReport::default(),
        breakdown,
    };
    ReportSummary {
        from,
        to,
        received: total.received,
        processed: total.processed,
        open: total.open,
        overdue: total.overdue,
        compliance_rate: total.compliance(),
        // Until `with_extensions_and_transfers` knows of extensions, the same.
        compliance_rate_original: total.compliance(),
        mean_handling_hours: total.mean_hours(),
        median_handling_hours: median_secs.map(|s| s / 3600.0),
        by_kind,
        by_channel,
        by_category,
        by_facility,
        by_department,
        by_handler,
        monthly,
        survey,
        ..ReportSummary::default()
    }
}

#[allow(clippy::cast_precision_loss)]
fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The mean score of one item; none when no one scored it.
#[allow(clippy::cast_precision_loss)]
fn mean(sums: &SurveySums, item: &str) -> Option<f64> {
    sums.items.get(item).filter(|(_, n)| *n > 0).map(|(s, n)| *s as f64 / *n as f64)
}

/// The survey's figures per value of each table (kind, …, handler, month): invited from the
/// case counters, responses and item means from the survey counters. Groups with no one
/// invited and no answer are left out; the largest first, the months in order.
fn survey_breakdown(
    tables: &[BTreeMap<String, Tally>; 7],
    surveys: &SurveyTotals,
    items: &[SurveyItem],
    label: &dyn Fn(usize, &str) -> String,
) -> Vec<SurveyBreakdown> {
    // The tables' order: every dimension, then the months (`All` by month).
    let dims = ReportDim::ALL[1..].iter().chain(&ReportDim::ALL[..1]);
    let none = SurveySums::default();
    let ids = ReportSummary::default().tables().map(|(id, title, _)| (id, title));
    dims.zip(tables)
        .zip(ids)
        .enumerate()
        .map(|(i, ((dim, tallies), (id, title)))| {
            let answered = surveys.groups.range((*dim, String::new())..).take_while(|((d, _), _)| d == dim);
            let mut keys: Vec<String> = tallies.iter().filter(|(_, t)| t.invited > 0).map(|(k, _)| k.clone()).collect();
            keys.extend(answered.map(|((_, k), _)| if k.is_empty() { "-".to_owned() } else { k.clone() }));
            keys.sort();
            keys.dedup();
            let mut lines: Vec<SurveyLine> = keys
                .into_iter()
                .map(|key| {
                    let sums = surveys.groups.get(&(*dim, if key == "-" { String::new() } else { key.clone() }));
                    let sums = sums.unwrap_or(&none);
                    let invited = tallies.get(&key).map_or(0, |t| t.invited);
                    SurveyLine {
                        label: label(i, &key),
                        invited,
                        responses: sums.responses,
                        response_rate: rate(sums.responses, invited),
                        means: items.iter().map(|item| mean(sums, item.id)).collect(),
                        key,
                    }
                })
                .collect();
            if *dim != ReportDim::All {
                lines.sort_by(|a, b| b.responses.cmp(&a.responses).then_with(|| a.key.cmp(&b.key)));
            }
            SurveyBreakdown { id: id.into(), title: title.into(), lines }
        })
        .collect()
}

/// Adds the Civil Petitions Act's figures to the totals. Cases sent to another agency (이송)
/// or returned for want of a supplement (반려) are counted but left out of compliance (and, having no handling time, of the handling
/// figures). Extended cases are counted, and the compliance rate is also given against the
/// dues they had before (closed by the new due but after the original one is late there;
/// open past the original due is overdue there).
pub fn with_extensions_and_transfers(
    s: &mut ReportSummary,
    groups: &[ReportGroup],
    e: crate::store::ExtensionTotals,
    t: crate::store::TransferTotals,
) {
    let mut total = Tally::default();
    for g in groups.iter().filter(|g| g.dim == ReportDim::All) {
        total.add(g);
    }
    // The groups carry what the Act leaves out of compliance, so the total's rate excludes it.
    let handled = total;
    let original = Tally {
        on_time: handled.on_time - e.on_time + e.on_time_original,
        overdue: handled.overdue + e.open_past_original,
        ..handled
    };
    s.transferred = t.transferred;
    s.returned = t.returned;
    s.closed_abusive = t.abusive;
    s.compliance_rate = handled.compliance();
    s.extended = e.extended;
    s.compliance_rate_original = original.compliance();
}

/// Praise per staff member and department in `from..=to`, and the staff flags of the 12
/// months to `to`, from the staff named on cases received from a year before `to` (or
/// `from`, if earlier) to `to`. Pure, so it is tested without a database.
pub fn staff_tables(
    from: NaiveDate,
    to: NaiveDate,
    mentions: &[StaffMention],
    departments: &BTreeMap<i64, String>,
) -> (Vec<CountLine>, Vec<CountLine>, Vec<StaffFlag>) {
    let day = |m: &StaffMention| app::domain::to_seoul(m.received_at).date_naive();
    let dept = |id: Option<i64>| id.and_then(|d| departments.get(&d).cloned());
    let mut by_staff: BTreeMap<(String, Option<i64>), i64> = BTreeMap::new();
    let mut by_department: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    for m in mentions.iter().filter(|m| m.kind == VocKind::Praise && (from..=to).contains(&day(m))) {
        *by_staff.entry((m.staff_name.clone(), m.department_id)).or_default() += 1;
        *by_department.entry(m.department_id).or_default() += 1;
    }
    let mut praise_by_staff: Vec<CountLine> =
        by_staff.into_iter().map(|((name, d), count)| CountLine { label: name, department: dept(d), count }).collect();
    let mut praise_by_department: Vec<CountLine> = by_department
        .into_iter()
        .map(|(d, count)| CountLine { label: dept(d).unwrap_or_else(|| "미배정".into()), department: None, count })
        .collect();
    for t in [&mut praise_by_staff, &mut praise_by_department] {
        t.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    }
    // The year to `to`: from the same day a year earlier, exclusive.
    let year_from = to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to).succ_opt().unwrap_or(to);
    let mut flags: BTreeMap<(String, Option<i64>, StaffCause), Vec<String>> = BTreeMap::new();
    for m in mentions.iter().filter(|m| m.kind != VocKind::Praise && (year_from..=to).contains(&day(m))) {
        if let Some(cause) = m.cause {
            flags.entry((m.staff_name.clone(), m.department_id, cause)).or_default().push(m.receipt_no.clone());
        }
    }
    let mut staff_flags: Vec<StaffFlag> = flags
        .into_iter()
        .filter(|(_, r)| i64::try_from(r.len()).unwrap_or(i64::MAX) >= STAFF_FLAG_THRESHOLD)
        .map(|((name, d, cause), receipts)| StaffFlag {
            staff_name: name,
            department: dept(d),
            cause,
            cause_label: cause.ko().into(),
            count: i64::try_from(receipts.len()).unwrap_or(i64::MAX),
            receipts,
        })
        .collect();
    staff_flags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.staff_name.cmp(&b.staff_name)));
    (praise_by_staff, praise_by_department, staff_flags)
}

/// The summary of the cases received from `from` to `to` (both included), as of `now`: the
/// organisation's, or one department's (what its head reads).
pub async fn summary(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    scope: ReportScope,
) -> StoreResult<ReportSummary> {
    let (groups, median) = store.report_groups(from, to, now, scope).await?;
    let surveys = store.survey_totals(from, to, scope).await?;
    let labels = Labels {
        facilities: store.facilities().await?.into_iter().map(|f| (f.code, f.name_ko)).collect(),
        categories: store.category_names().await?.into_iter().collect(),
        departments: store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect(),
        staff: store.staff_names().await?.into_iter().collect(),
    };
    let mut s = summarize(from, to, &groups, &labels, median, &surveys, &store.survey_items().await?);
    let start = app::domain::seoul_midnight(from);
    let end = app::domain::seoul_midnight(to.succ_opt().unwrap_or(to));
    let (extensions, transfers) =
        (store.extension_totals(start, end, now, scope).await?, store.transfer_totals(start, end, scope).await?);
    with_extensions_and_transfers(&mut s, &groups, extensions, transfers);
    s.incidents = store.incident_count(start, end, scope).await?;
    let f = store.follow_up_totals(start, end, now, scope).await?;
    #[allow(clippy::cast_precision_loss)]
    let on_time_rate = (f.opened > 0).then(|| f.done_on_time as f64 / f.opened as f64);
    s.survey.follow_ups = app::api::FollowUpReport {
        opened: f.opened,
        done: f.done,
        done_on_time: f.done_on_time,
        overdue: f.overdue,
        on_time_rate,
    };
    (s.multi_person_cases, s.co_complainants) = store.multi_person_counts(start, end, scope).await?;
    let year_start = app::domain::seoul_midnight(to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to));
    let department = match scope {
        ReportScope::All => None,
        ReportScope::Department(d) => Some(d),
    };
    let mut mentions = store.staff_mentions(start.min(year_start), end).await?;
    // A department's report names its own staff only.
    mentions.retain(|m| department.is_none() || m.department_id == department);
    (s.praise_by_staff, s.praise_by_department, s.staff_flags) = staff_tables(from, to, &mentions, &labels.departments);
    let department_name = department.and_then(|d| labels.departments.get(&d).cloned());
    s.compensations = store
        .compensations_between(start, end)
        .await?
        .into_iter()
        .filter(|c| department.is_none() || c.department_name == department_name)
        .map(crate::api::compensation_view)
        .collect();
    s.compensation_total = s.compensations.iter().map(|c| c.amount).sum();
    // Requested in the period, or requested before its end and still unreported.
    s.improvements = store
        .improvements(department)
        .await?
        .into_iter()
        .filter(|i| i.requested_at < end && (i.requested_at >= start || i.reported_at.is_none()))
        .map(|i| crate::api::improvement_view(i, now, None))
        .collect();
    let as_of = to.min(app::domain::to_seoul(now).date_naive());
    (_, s.training) = crate::training::dues(&store.training_facts().await?, to.year(), as_of, department);
    Ok(s)
}

/// One CSV field, quoted when it must be. A leading `=`, `+`, `-` or `@` is escaped with a
/// quote mark so that a spreadsheet shows the text instead of running it as a formula.
fn field(v: &str) -> String {
    let v = if v.len() > 1 && v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_owned() };
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

/// The columns of a case export, CSV and XLSX alike.
const CASE_COLUMNS: [&str; 16] = [
    "접수번호",
    "접수일시",
    "유형",
    "접수경로",
    "시설",
    "분류",
    "처리부서",
    "담당자",
    "상태",
    "처리기한",
    "종결일시",
    "기한준수",
    "종결사유",
    "성명",
    "휴대전화",
    "이메일",
];

/// One case as an export row: personal data masked as staff see them, no complaint text (it
/// may hold personal data of its own).
fn case_row(c: &crate::store::CaseRecord) -> [String; 16] {
    let time = |t: &DateTime<Utc>| app::domain::to_seoul(*t).format("%Y-%m-%d %H:%M").to_string();
    let [name, phone, email] = c.masked_contacts();
    let on_time = match (c.status, c.closed_at) {
        (app::domain::CaseStatus::Closed, Some(closed)) => {
            if closed <= c.due_at {
                "Y"
            } else {
                "N"
            }
        }
        _ => "",
    };
    [
        c.receipt_no.clone(),
        time(&c.received_at),
        c.kind.ko().to_owned(),
        c.channel.ko().to_owned(),
        c.facility_name.clone().unwrap_or_default(),
        c.category.clone().unwrap_or_default(),
        c.department_name.clone().unwrap_or_default(),
        c.assignee_name.clone().unwrap_or_default(),
        c.status.ko().to_owned(),
        time(&c.due_at),
        c.closed_at.as_ref().map(time).unwrap_or_default(),
        on_time.to_owned(),
        c.closure_reason.as_deref().map(app::domain::closure_text).unwrap_or_default(),
        name.unwrap_or_default(),
        phone.unwrap_or_default(),
        email.unwrap_or_default(),
    ]
}

/// The cases of a period as CSV for analysis outside the system, one row per case.
pub fn cases_csv(cases: &[crate::store::CaseRecord]) -> String {
    let mut out = format!("\u{feff}{}\n", CASE_COLUMNS.join(","));
    for c in cases {
        out.push_str(&case_row(c).iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// A spreadsheet sheet written row by row: text as text (never a formula), figures as
/// numbers.
struct Sheet<'a> {
    ws: &'a mut rust_xlsxwriter::Worksheet,
    row: u32,
}

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}
impl From<i64> for Cell {
    #[allow(clippy::cast_precision_loss)]
    fn from(n: i64) -> Self {
        Self::Number(n as f64)
    }
}
impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Self::Empty, Self::Number)
    }
}

impl Sheet<'_> {
    fn row(&mut self, cells: Vec<Cell>) -> Result<(), rust_xlsxwriter::XlsxError> {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(t) => self.ws.write_string(self.row, col, t).map(|_| ())?,
                Cell::Number(n) => self.ws.write_number(self.row, col, n).map(|_| ())?,
                Cell::Empty => {}
            }
        }
        self.row += 1;
        Ok(())
    }
}

fn sheet<'a>(
    wb: &'a mut rust_xlsxwriter::Workbook,
    name: &str,
    header: &[&str],
) -> Result<Sheet<'a>, rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, h) in (0u16..).zip(header) {
        ws.write_string_with_format(0, col, *h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(Sheet { ws, row: 1 })
}

/// The cases of a period as an XLSX workbook, the same rows as [`cases_csv`].
pub fn cases_xlsx(cases: &[crate::store::CaseRecord]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut s = sheet(&mut wb, "민원 목록", &CASE_COLUMNS)?;
    for c in cases {
        s.row(case_row(c).into_iter().map(Cell::from).collect())?;
    }
    wb.save_to_buffer()
}

/// Every table of the summary as a sheet of one XLSX workbook.
pub fn summary_xlsx(s: &ReportSummary) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    const LINE: [&str; 8] =
        ["구분", "코드", "접수", "처리", "미처리", "기한경과", "기한준수율", "평균처리시간(근무시간)"];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let line = |l: &ReportLine| -> Vec<Cell> {
        vec![
            l.label.clone().into(),
            l.key.clone().into(),
            l.received.into(),
            l.processed.into(),
            l.open.into(),
            l.overdue.into(),
            Some(l.compliance_rate).into(),
            l.mean_handling_hours.into(),
        ]
    };
    {
        let mut sh = sheet(&mut wb, "요약", &["항목", "값"])?;
        let period = format!("{} ~ {}", s.from, s.to);
        for (k, v) in [
            ("기간", Cell::from(period)),
            ("접수", s.received.into()),
            ("처리", s.processed.into()),
            ("미처리", s.open.into()),
            ("기한경과", s.overdue.into()),
            ("기한준수율", Some(s.compliance_rate).into()),
            ("처리기간 연장", s.extended.into()),
            ("타 기관 이송", s.transferred.into()),
            ("반려(보완 없음)", s.returned.into()),
            ("특이민원 종결", s.closed_abusive.into()),
            ("특이민원 행위 기록", s.incidents.into()),
            ("다수인관련민원", s.multi_person_cases.into()),
            ("공동 민원인", s.co_complainants.into()),
            ("기한준수율(연장 전 기한)", Some(s.compliance_rate_original).into()),
            ("평균 처리시간(근무시간)", s.mean_handling_hours.into()),
            ("중위 처리시간(근무시간)", s.median_handling_hours.into()),
            ("만족도 응답", s.survey.responses.into()),
            ("만족도 응답률", s.survey.response_rate.into()),
            ("보상 합계(원)", s.compensation_total.into()),
        ] {
            sh.row(vec![k.into(), v])?;
        }
    }
    for (_, title, lines) in s.tables() {
        let mut sh = sheet(&mut wb, title, &LINE)?;
        for l in lines {
            sh.row(line(l))?;
        }
    }
    {
        let mut sh = sheet(&mut wb, "만족도", &["문항", "코드", "평균(1~5)"])?;
        for i in &s.survey.items {
            sh.row(vec![i.label.clone().into(), i.item.clone().into(), i.mean.into()])?;
        }
    }
    {
        let mut head = vec!["구분", "항목", "코드", "조사 대상", "응답", "응답률"];
        head.extend(s.survey.items.iter().map(|i| i.label.as_str()));
        let mut sh = sheet(&mut wb, "만족도 분석", &head)?;
        for b in &s.survey.breakdown {
            for l in &b.lines {
                let mut cells: Vec<Cell> = vec![
                    b.title.clone().into(),
                    l.label.clone().into(),
                    l.key.clone().into(),
                    l.invited.into(),
                    l.responses.into(),
                    l.response_rate.into(),
                ];
                cells.extend(l.means.iter().map(|m| Cell::from(*m)));
                sh.row(cells)?;
            }
        }
    }
    {
        let mut sh = sheet(&mut wb, "칭찬", &["구분", "이름", "부서", "건수"])?;
        for l in &s.praise_by_staff {
            sh.row(vec![
                "직원".into(),
                l.label.clone().into(),
                l.department.clone().unwrap_or_default().into(),
                l.count.into(),
            ])?;
        }
        for l in &s.praise_by_department {
            sh.row(vec!["부서".into(), l.label.clone().into(), Cell::Empty, l.count.into()])?;
        }
    }
    {
        let mut sh = sheet(&mut wb, "반복 불만 직원", &["직원", "부서", "원인", "건수(12개월)", "접수번호"])?;
        for f in &s.staff_flags {
            sh.row(vec![
                f.staff_name.clone().into(),
                f.department.clone().unwrap_or_default().into(),
                f.cause_label.clone().into(),
                f.count.into(),
                f.receipts.join(" ").into(),
            ])?;
        }
    }
    {
        let mut sh =
            sheet(&mut wb, "보상", &["접수번호", "부서", "사유", "물품", "금액(원)", "비고", "기록자", "기록일시"])?;
        for c in &s.compensations {
            sh.row(vec![
                c.receipt_no.clone().into(),
                c.department_name.clone().unwrap_or_default().into(),
                c.reason_label.clone().into(),
                c.item.clone().into(),
                c.amount.into(),
                c.note.clone().into(),
                c.recorded_by.clone().into(),
                c.recorded_at.format("%Y-%m-%d %H:%M").to_string().into(),
            ])?;
        }
    }
    {
        let mut sh = sheet(
            &mut wb,
            "제도개선",
            &["제목", "부서", "관련 민원", "요청일", "보고 기한", "상태", "보고일", "보고 내용"],
        )?;
        for i in &s.improvements {
            sh.row(vec![
                i.title.clone().into(),
                i.department_name.clone().into(),
                i.receipt_no.clone().unwrap_or_default().into(),
                i.requested_at.format("%Y-%m-%d").to_string().into(),
                i.due_date.to_string().into(),
                i.state_ko().into(),
                i.reported_at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default().into(),
                i.report.clone().unwrap_or_default().into(),
            ])?;
        }
    }
    {
        let mut sh = sheet(
            &mut wb,
            "교육 이수",
            &["부서", "필수 교육(명·과정)", "이수", "기한 경과", "이수율", "CS 교육 의뢰", "의뢰 이수"],
        )?;
        for t in &s.training {
            sh.row(vec![
                t.department.clone().unwrap_or_else(|| "(부서 없음)".into()).into(),
                i64::from(t.required).into(),
                i64::from(t.done).into(),
                i64::from(t.overdue).into(),
                t.rate.into(),
                i64::from(t.referrals).into(),
                i64::from(t.referrals_done).into(),
            ])?;
        }
    }
    wb.save_to_buffer()
}

/// The summary's tables as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read
/// the Korean right).
pub fn csv(s: &ReportSummary) -> String {
    let mut out = String::from("\u{feff}표,구분,코드,접수,처리,미처리,기한경과,기한준수율,평균처리시간(근무시간)\n");
    let mut row = |table: &str, l: &ReportLine| {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{:.4},{}\n",
            field(table),
            field(&l.label),
            field(&l.key),
            l.received,
            l.processed,
            l.open,
            l.overdue,
            l.compliance_rate,
            l.mean_handling_hours.map(|h| format!("{h:.2}")).unwrap_or_default()
        ));
    };
    let total = ReportLine {
        key: format!("{}~{}", s.from, s.to),
        label: "전체".into(),
        received: s.received,
        processed: s.processed,
        open: s.open,
        overdue: s.overdue,
        compliance_rate: s.compliance_rate,
        mean_handling_hours: s.mean_handling_hours,
    };
    row("전체", &total);
    // Against the dues before any extension (처리기간 연장), with the extended count as its code.
    let original = ReportLine {
        key: format!("연장 {}건", s.extended),
        label: "전체(연장 전 기한)".into(),
        compliance_rate: s.compliance_rate_original,
        ..total.clone()
    };
    row("전체", &original);
    for (_, title, lines) in s.tables() {
        for l in lines {
            row(title, l);
        }
    }
    // The follow-up tables, each under its own header.
    // A blank line, then a header: a section of its own.
    let mut line = |cells: &[String]| {
        if cells.first().is_some_and(|c| c.starts_with('\n')) {
            out.push('\n');
        }
        let cells: Vec<String> = cells.iter().map(|c| field(c.trim_start_matches('\n'))).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    line(&["\n표".into(), "구분".into(), "접수번호".into(), "건수".into()]);
    let named = |label: &str, dept: &Option<String>| match dept {
        Some(d) => format!("{label} ({d})"),
        None => label.to_owned(),
    };
    for l in &s.praise_by_staff {
        line(&["칭찬(직원별)".into(), named(&l.label, &l.department), String::new(), l.count.to_string()]);
    }
    for l in &s.praise_by_department {
        line(&["칭찬(부서별)".into(), l.label.clone(), String::new(), l.count.to_string()]);
    }
    for f in &s.staff_flags {
        let who = format!("{} {}", named(&f.staff_name, &f.department), f.cause_label);
        line(&["반복 불만 직원".into(), who, f.receipts.join(" "), f.count.to_string()]);
    }
    line(&[
        "\n보상".into(),
        "접수번호".into(),
        "부서".into(),
        "사유".into(),
        "물품".into(),
        "금액(원)".into(),
        "기록일시".into(),
    ]);
    for c in &s.compensations {
        line(&[
            "보상".into(),
            c.receipt_no.clone(),
            c.department_name.clone().unwrap_or_default(),
            c.reason_label.clone(),
            c.item.clone(),
            c.amount.to_string(),
            c.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
        ]);
    }
    line(&[
        "\n제도개선".into(),
        "제목".into(),
        "부서".into(),
        "관련 민원".into(),
        "요청일".into(),
        "보고 기한".into(),
        "상태".into(),
        "보고일".into(),
    ]);
    for i in &s.improvements {
        line(&[
            "제도개선".into(),
            i.title.clone(),
            i.department_name.clone(),
            i.receipt_no.clone().unwrap_or_default(),
            i.requested_at.format("%Y-%m-%d").to_string(),
            i.due_date.to_string(),
            i.state_ko(),
            i.reported_at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_as_its_name_none_as_none_and_a_removed_code_as_itself() {
        let names = BTreeMap::from([("lpg".to_owned(), "품질불량 LPG".to_owned())]);
        assert_eq!(code_name(&names, "lpg"), "품질불량 LPG");
        assert_eq!(code_name(&names, ""), "(없음)");
        assert_eq!(code_name(&names, "-"), "(없음)");
        assert_eq!(code_name(&names, "gone"), "gone");
    }

    /// The groups one set of cases makes: the totals and one value of every dimension.
    fn groups(kind: &str, month: &str, processed: i64, on_time: i64, overdue: i64, open: i64) -> Vec<ReportGroup> {
        ReportDim::ALL
            .into_iter()
            .map(|dim| ReportGroup {
                dim,
                key: match dim {
                    ReportDim::All | ReportDim::Category | ReportDim::Handler => String::new(),
                    ReportDim::Kind => kind.into(),
                    ReportDim::Channel => "kiosk".into(),
                    ReportDim::Facility => "railbike".into(),
                    ReportDim::Department => "3".into(),
                },
                month: month.into(),
                received: processed + open,
                processed,
                open,
                overdue,
                on_time,
                invited: processed,
                handling_sum: processed * 7200,
                handling_n: processed,
                excluded: 0,
                excluded_on_time: 0,
            })
            .collect()
    }

    fn labels() -> Labels {
        Labels {
            facilities: [("railbike".to_owned(), "철로자전거".to_owned())].into(),
            categories: BTreeMap::new(),
            departments: [(3, "관광사업팀".to_owned())].into(),
            staff: BTreeMap::new(),
        }
    }

    #[test]
    fn counts_roll_up_and_compliance_counts_missed_open_cases() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let groups = [groups("complaint", "2026-01", 8, 6, 1, 2), groups("inquiry", "2026-02", 2, 2, 0, 0)].concat();
        // Two responses: overall 5 and 3, ease 4.
        let mut surveys = SurveyTotals::default();
        for (dim, key) in [(ReportDim::All, "2026-01"), (ReportDim::Kind, "complaint"), (ReportDim::Facility, "")] {
            let sums = surveys.groups.entry((dim, key.to_owned())).or_default();
            sums.add("", 0, 2);
            sums.add("overall", 8, 2);
            sums.add("ease", 4, 1);
        }
        surveys.all = surveys.groups[&(ReportDim::All, "2026-01".to_owned())].clone();
        let s = summarize(
            d("2026-01-01"),
            d("2026-06-30"),
            &groups,
            &labels(),
            Some(7200.0),
            &surveys,
            &app::domain::SURVEY_ITEMS,
        );
        assert_eq!((s.received, s.processed, s.open, s.overdue), (12, 10, 2, 1));
        // 8 on time of 10 closed + 1 open past its deadline.
        assert!((s.compliance_rate - 8.0 / 11.0).abs() < 1e-9);
        assert_eq!(s.mean_handling_hours, Some(2.0));
        assert_eq!(s.median_handling_hours, Some(2.0));
        assert_eq!(s.by_kind[0].label, "불만");
        assert_eq!(s.by_kind[0].received, 10);
        assert_eq!(s.by_facility[0].label, "철로자전거");
        assert_eq!(s.by_department[0].label, "관광사업팀");
        assert_eq!(s.by_handler[0].label, "미지정");
        assert_eq!(s.monthly.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02"]);
        assert_eq!(s.survey.responses, 2);
        assert_eq!(s.survey.response_rate, Some(0.2));
        let overall = s.survey.items.iter().find(|i| i.item == "overall").unwrap();
        assert_eq!(overall.mean, Some(4.0));
        let courtesy = s.survey.items.iter().find(|i| i.item == "courtesy").unwrap();
        assert_eq!(courtesy.mean, None);
        // The breakdown: invited from the case counters, answers from the survey counters.
        let table = |id: &str| s.survey.breakdown.iter().find(|b| b.id == id).unwrap().lines.clone();
        let overall = app::domain::SURVEY_ITEMS.iter().position(|i| i.id == "overall").unwrap();
        let by_kind = table("by_kind");
        assert_eq!(
            by_kind.iter().map(|l| (l.key.as_str(), l.invited, l.responses)).collect::<Vec<_>>(),
            [("complaint", 8, 2), ("inquiry", 2, 0)]
        );
        assert_eq!((by_kind[0].label.as_str(), by_kind[0].response_rate), ("불만", Some(0.25)));
        assert_eq!(
            (by_kind[0].means[overall], by_kind[1].means[overall], by_kind[1].response_rate),
            (Some(4.0), None, Some(0.0))
        );
        // An answer on a case without a facility is its own line; the railbike had none.
        let by_facility = table("by_facility");
        assert_eq!(by_facility[0].key, "-");
        assert_eq!(
            (by_facility[0].label.as_str(), by_facility[0].invited, by_facility[0].response_rate),
            ("(없음)", 0, None)
        );
        assert_eq!((by_facility[1].label.as_str(), by_facility[1].responses), ("철로자전거", 0));
        let monthly = table("monthly");
        assert_eq!(
            monthly.iter().map(|l| (l.key.as_str(), l.invited, l.responses)).collect::<Vec<_>>(),
            [("2026-01", 8, 2), ("2026-02", 2, 0)]
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_never_run_as_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("-"), "-", "the 'none' key stays as it is");
    }

    #[test]
    fn an_empty_period_missed_nothing() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = summarize(d, d, &[], &labels(), None, &SurveyTotals::default(), &app::domain::SURVEY_ITEMS);
        assert_eq!((s.received, s.compliance_rate, s.mean_handling_hours), (0, 1.0, None));
        assert_eq!(s.compliance_rate_original, 1.0, "nothing was due");
        assert_eq!(s.survey.response_rate, None);
        let text = csv(&s);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.len(),
            9,
            "header, the total twice (extended dues, original dues), then three empty follow-up sections: {text}"
        );
        assert!(lines[1].starts_with("전체,"));
        assert!(lines[2].starts_with("전체,전체(연장 전 기한),연장 0건,0,0,0,0,1.0000"), "{text}");
        assert_eq!(lines[2..].iter().filter(|l| l.is_empty()).count(), 3);
    }
}
