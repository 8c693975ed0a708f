//! Period reports: the store's grouped counts rolled up into the summary and its tables.

use std::collections::BTreeMap;

use app::api::{ReportLine, ReportSummary, SurveyItemMean, SurveyReport};
use app::domain::{Channel, SURVEY_ITEMS, VocKind};
use chrono::{DateTime, NaiveDate, Utc};

use crate::store::{ReportDim, ReportGroup, Store, StoreResult, SurveyTotals};

#[derive(Default, Clone, Copy)]
struct Tally {
    received: i64,
    processed: i64,
    open: i64,
    overdue: i64,
    on_time: i64,
    invited: i64,
    handling_sum: i64,
    handling_n: i64,
}

impl Tally {
    fn add(&mut self, g: &ReportGroup) {
        self.received += g.received;
        self.processed += g.processed;
        self.open += g.open;
        self.overdue += g.overdue;
        self.on_time += g.on_time;
        self.invited += g.invited;
        self.handling_sum += g.handling_sum;
        self.handling_n += g.handling_n;
    }

    #[allow(clippy::cast_precision_loss)]
    fn compliance(&self) -> f64 {
        let due = self.processed + self.overdue;
        if due == 0 { 1.0 } else { self.on_time as f64 / due as f64 }
    }

    #[allow(clippy::cast_precision_loss)]
    fn mean_hours(&self) -> Option<f64> {
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

/// Rolls grouped counts up into the summary; pure, so it is tested without a database.
pub fn summarize(
    from: NaiveDate,
    to: NaiveDate,
    groups: &[ReportGroup],
    labels: &Labels,
    median_secs: Option<f64>,
    surveys: &SurveyTotals,
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
    let none = || "(없음)".to_owned();
    let label = |table: usize, key: &str| -> String {
        match table {
            0 => key.parse::<VocKind>().map(|k| k.ko().to_owned()).unwrap_or_else(|_| key.to_owned()),
            1 => key.parse::<Channel>().map(|c| c.ko().to_owned()).unwrap_or_else(|_| key.to_owned()),
            2 => labels.categories.get(key).cloned().unwrap_or_else(none),
            3 => labels.facilities.get(key).cloned().unwrap_or_else(none),
            4 => key
                .parse()
                .ok()
                .and_then(|id: i64| labels.departments.get(&id).cloned())
                .unwrap_or_else(|| "미배정".into()),
            5 => key.parse().ok().and_then(|id: i64| labels.staff.get(&id).cloned()).unwrap_or_else(|| "미지정".into()),
            _ => key.to_owned(),
        }
    };
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

    #[allow(clippy::cast_precision_loss)]
    let survey = SurveyReport {
        responses: surveys.responses,
        invited: total.invited,
        response_rate: (total.invited > 0).then(|| surveys.responses as f64 / total.invited as f64),
        items: SURVEY_ITEMS
            .iter()
            .map(|i| SurveyItemMean {
                item: i.id.into(),
                label: i.ko.into(),
                mean: surveys.items.get(i.id).filter(|(_, n)| *n > 0).map(|(s, n)| *s as f64 / *n as f64),
            })
            .collect(),
    };
    ReportSummary {
        from,
        to,
        received: total.received,
        processed: total.processed,
        open: total.open,
        overdue: total.overdue,
        compliance_rate: total.compliance(),
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
    }
}

/// The summary of the cases received from `from` to `to` (both included), as of `now`.
pub async fn summary(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<ReportSummary> {
    let (groups, median) = store.report_groups(from, to, now).await?;
    let surveys = store.survey_totals(from, to).await?;
    let labels = Labels {
        facilities: store.facilities().await?.into_iter().map(|f| (f.code, f.name_ko)).collect(),
        categories: store.category_names().await?.into_iter().collect(),
        departments: store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect(),
        staff: store.staff_names().await?.into_iter().collect(),
    };
    Ok(summarize(from, to, &groups, &labels, median, &surveys))
}

/// One CSV field, quoted when it must be. A leading `=`, `+`, `-` or `@` is escaped with a
/// quote mark so that a spreadsheet shows the text instead of running it as a formula.
fn field(v: &str) -> String {
    let v = if v.len() > 1 && v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_owned() };
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

/// The cases of a period as CSV for analysis outside the system: one row per case, personal
/// data masked as staff see them, no complaint text (it may hold personal data of its own).
pub fn cases_csv(cases: &[crate::store::CaseRecord]) -> String {
    let mut out = String::from(
        "\u{feff}접수번호,접수일시,유형,접수경로,시설,분류,처리부서,담당자,상태,처리기한,종결일시,기한준수,종결사유,성명,휴대전화,이메일\n",
    );
    let time = |t: &DateTime<Utc>| app::domain::to_seoul(*t).format("%Y-%m-%d %H:%M").to_string();
    for c in cases {
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
        let row = [
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
        ];
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
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
    for (_, title, lines) in s.tables() {
        for l in lines {
            row(title, l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let surveys =
            SurveyTotals { responses: 2, items: [("overall".to_owned(), (8, 2)), ("ease".to_owned(), (4, 1))].into() };
        let s = summarize(d("2026-01-01"), d("2026-06-30"), &groups, &labels(), Some(7200.0), &surveys);
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
        let s = summarize(d, d, &[], &labels(), None, &SurveyTotals::default());
        assert_eq!((s.received, s.compliance_rate, s.mean_handling_hours), (0, 1.0, None));
        assert_eq!(s.survey.response_rate, None);
        let text = csv(&s);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.lines().count(), 2, "header and the total");
    }
}
