//! The CCM indicators (KPI dashboard) and the public statistics: a year's report counters and
//! [`KpiFacts`] rolled up per month and department into each indicator's figure, judged
//! against its target. The roll-up is pure ([`Cells`]); the two async functions read the
//! store once each.

use std::collections::BTreeMap;

use app::api::{KpiDashboard, KpiDepartment, KpiLine, KpiPoint, PublicStatistics, StatisticsMonth};
use app::domain::{ImprovementOutcome, Kpi, KpiTargets, judge, to_seoul};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::reports::Tally;
use crate::store::{KpiCaseCounts, KpiFacts, ReportDim, ReportGroup, ReportScope, Store, StoreResult};

/// Everything one month (or the year) of one scope counts.
#[derive(Debug, Clone, Default)]
struct Cell {
    tally: Tally,
    /// Survey item → (sum, answers); `""` → responses.
    survey: BTreeMap<String, (i64, i64)>,
    answers: (i64, i64),
    counts: KpiCaseCounts,
    follow_ups: (i64, i64),
}

#[allow(clippy::cast_precision_loss)]
fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Cell {
    fn merge(&mut self, o: &Cell) {
        self.tally.merge(&o.tally);
        for (item, (sum, n)) in &o.survey {
            let e = self.survey.entry(item.clone()).or_default();
            (e.0, e.1) = (e.0 + sum, e.1 + n);
        }
        self.answers = (self.answers.0 + o.answers.0, self.answers.1 + o.answers.1);
        self.counts.add(&o.counts);
        self.follow_ups = (self.follow_ups.0 + o.follow_ups.0, self.follow_ups.1 + o.follow_ups.1);
    }

    fn responses(&self) -> i64 {
        self.survey.get("").map_or(0, |(_, n)| *n)
    }

    /// The indicator's figure here; none when there is nothing to measure. The median is
    /// the year's alone and comes from outside.
    #[allow(clippy::cast_precision_loss)]
    fn value(&self, kpi: Kpi, day_secs: i64, median_secs: Option<f64>) -> Option<f64> {
        let t = &self.tally;
        match kpi {
            Kpi::DeadlineCompliance => (t.due() > 0).then(|| t.compliance()),
            Kpi::MeanHandlingDays => t.mean_hours().map(|h| h * 3600.0 / day_secs as f64),
            Kpi::MedianHandlingDays => median_secs.map(|s| s / day_secs as f64),
            Kpi::InterimNoticeCompliance => ratio(self.counts.interim_on_time, self.counts.interim_due),
            Kpi::AcceptanceRate => ratio(self.answers.1, self.answers.0),
            Kpi::RepeatRate => ratio(self.counts.repeats, t.received),
            Kpi::PraiseCount => Some(self.counts.praise as f64),
            Kpi::SurveyResponseRate => ratio(self.responses(), t.invited),
            Kpi::FollowUpOnTime => ratio(self.follow_ups.1, self.follow_ups.0),
            _ => {
                let item = kpi.survey_item()?;
                self.survey.get(item).and_then(|(sum, n)| ratio(*sum, *n))
            }
        }
    }
}

/// The cells of a year: per scope (`None` the organisation, `Some(id)` a department; 0 for
/// cases without one) and month.
#[derive(Debug, Default)]
struct Cells(BTreeMap<(Option<i64>, String), Cell>);

impl Cells {
    fn build(groups: &[ReportGroup], facts: &KpiFacts) -> Self {
        let mut cells = Cells::default();
        for g in groups {
            let scope = match g.dim {
                ReportDim::All => None,
                ReportDim::Department => Some(g.key.parse().unwrap_or(0)),
                _ => continue,
            };
            cells.at(scope, &g.month).tally.add(g);
        }
        // Facts come per department; the organisation's are their sum.
        for ((month, department), survey) in &facts.survey {
            for scope in [None, Some(*department)] {
                let cell = cells.at(scope, month);
                for (item, (sum, n)) in survey {
                    let e = cell.survey.entry(item.clone()).or_default();
                    (e.0, e.1) = (e.0 + sum, e.1 + n);
                }
            }
        }
        for ((month, department), (n, accepted)) in &facts.answers {
            for scope in [None, Some(*department)] {
                let a = &mut cells.at(scope, month).answers;
                (a.0, a.1) = (a.0 + n, a.1 + accepted);
            }
        }
        for ((month, department), counts) in &facts.cases {
            for scope in [None, Some(*department)] {
                cells.at(scope, month).counts.add(counts);
            }
        }
        for (month, f) in &facts.follow_ups {
            cells.at(None, month).follow_ups = *f;
        }
        cells
    }

    fn at(&mut self, scope: Option<i64>, month: &str) -> &mut Cell {
        self.0.entry((scope, month.to_owned())).or_default()
    }

    fn get(&self, scope: Option<i64>, month: &str) -> Cell {
        self.0.get(&(scope, month.to_owned())).cloned().unwrap_or_default()
    }

    fn year(&self, scope: Option<i64>) -> Cell {
        let mut total = Cell::default();
        for ((s, _), cell) in &self.0 {
            if *s == scope {
                total.merge(cell);
            }
        }
        total
    }
}

/// The months of `year` from January to `to`'s month.
fn months_of(year: i32, to: Option<NaiveDate>) -> Vec<String> {
    let last = to.map_or(0, |d| if d.year() == year { d.month() } else { 12 });
    (1..=last).map(|m| format!("{year}-{m:02}")).collect()
}

/// The days a year's figures cover as of `today`: January 1 to December 31 or today, none
/// for a year that has not begun.
fn span(year: i32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)?.min(today);
    (to >= from).then_some((from, to))
}

fn line(
    kpi: Kpi,
    target: Option<f64>,
    cells: &Cells,
    scope: Option<i64>,
    months: &[String],
    day_secs: i64,
    median: Option<f64>,
) -> KpiLine {
    let point = |v: Option<f64>| KpiPoint { value: v, state: judge(kpi, v, target) };
    KpiLine {
        kpi,
        label: kpi.ko().to_owned(),
        measure: kpi.measure(),
        higher_is_better: kpi.higher_is_better(),
        target,
        year: point(cells.year(scope).value(kpi, day_secs, median)),
        monthly: months.iter().map(|m| point(cells.get(scope, m).value(kpi, day_secs, None))).collect(),
    }
}

/// `GET /api/v1/kpi?year=`: every indicator of the year so far against its target, for the
/// organisation and each department.
pub async fn dashboard(store: &dyn Store, year: i32, now: DateTime<Utc>, can_set: bool) -> StoreResult<KpiDashboard> {
    let targets = store.kpi_targets(year).await?;
    let day_secs = store.calendar().await?.hours().day_seconds();
    let span = span(year, to_seoul(now).date_naive());
    let (cells, median) = match span {
        Some((from, to)) => {
            let (groups, median) = store.report_groups(from, to, now, ReportScope::All).await?;
            (Cells::build(&groups, &store.kpi_facts(from, to, now).await?), median)
        }
        None => (Cells::default(), None),
    };
    let months = months_of(year, span.map(|(_, to)| to));
    // The satisfaction indicators of the items the survey asks only.
    let asked = store.survey_items().await?;
    let kpis: Vec<Kpi> =
        Kpi::ALL.iter().copied().filter(|k| k.survey_item().is_none_or(|i| asked.iter().any(|a| a.id == i))).collect();
    let departments = store.departments().await?;
    Ok(build_dashboard(year, &months, &kpis, &cells, &targets, &departments, day_secs, median, can_set))
}

#[allow(clippy::too_many_arguments)]
fn build_dashboard(
    year: i32,
    months: &[String],
    kpis: &[Kpi],
    cells: &Cells,
    targets: &KpiTargets,
    departments: &[crate::store::Department],
    day_secs: i64,
    median: Option<f64>,
    can_set_targets: bool,
) -> KpiDashboard {
    let indicators =
        kpis.iter().map(|k| line(*k, targets.overall.get(k).copied(), cells, None, months, day_secs, median)).collect();
    let departments = departments
        .iter()
        .map(|d| {
            let own = targets.departments.get(&d.id);
            KpiDepartment {
                id: d.id,
                name: d.name.clone(),
                indicators: kpis
                    .iter()
                    // The median is the organisation's alone.
                    .filter(|k| **k != Kpi::MedianHandlingDays && **k != Kpi::FollowUpOnTime)
                    .map(|k| {
                        let target = own.and_then(|t| t.get(k)).or_else(|| targets.overall.get(k)).copied();
                        line(*k, target, cells, Some(d.id), months, day_secs, None)
                    })
                    .collect(),
            }
        })
        .collect();
    KpiDashboard { year, months: months.to_vec(), indicators, departments, can_set_targets }
}

fn statistics_month(period: String, cell: &Cell, day_secs: i64, improvements: i64) -> StatisticsMonth {
    StatisticsMonth {
        period,
        received: cell.tally.received,
        processed: cell.tally.processed,
        compliance_rate: cell.value(Kpi::DeadlineCompliance, day_secs, None),
        mean_handling_days: cell.value(Kpi::MeanHandlingDays, day_secs, None),
        satisfaction: cell.value(Kpi::SatisfactionOverall, day_secs, None),
        survey_responses: cell.responses(),
        improvements,
    }
}

/// `GET /api/v1/statistics?year=`: the public figures, month by month and for the year.
pub async fn statistics(store: &dyn Store, year: i32, now: DateTime<Utc>) -> StoreResult<PublicStatistics> {
    let day_secs = store.calendar().await?.hours().day_seconds();
    let span = span(year, to_seoul(now).date_naive());
    let cells = match span {
        Some((from, to)) => {
            let (groups, _) = store.report_groups(from, to, now, ReportScope::All).await?;
            Cells::build(&groups, &store.kpi_facts(from, to, now).await?)
        }
        None => Cells::default(),
    };
    // Improvements reported done, by the month of the report.
    let mut improvements: BTreeMap<String, i64> = BTreeMap::new();
    for i in store.improvements(None).await? {
        if let (Some(ImprovementOutcome::Implemented), Some(at)) = (i.outcome, i.reported_at) {
            *improvements.entry(to_seoul(at).format("%Y-%m").to_string()).or_default() += 1;
        }
    }
    let months = months_of(year, span.map(|(_, to)| to));
    let per_month: Vec<StatisticsMonth> = months
        .iter()
        .map(|m| statistics_month(m.clone(), &cells.get(None, m), day_secs, improvements.get(m).copied().unwrap_or(0)))
        .collect();
    let year_improvements = per_month.iter().map(|m| m.improvements).sum();
    Ok(PublicStatistics {
        year,
        total: statistics_month(year.to_string(), &cells.year(None), day_secs, year_improvements),
        months: per_month,
        as_of: to_seoul(now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(dim: ReportDim, key: &str, month: &str, f: impl FnOnce(&mut ReportGroup)) -> ReportGroup {
        let mut g = ReportGroup {
            dim,
            key: key.into(),
            month: month.into(),
            received: 0,
            processed: 0,
            open: 0,
            overdue: 0,
            on_time: 0,
            invited: 0,
            handling_sum: 0,
            handling_n: 0,
            excluded: 0,
            excluded_on_time: 0,
        };
        f(&mut g);
        g
    }

    #[test]
    fn indicators_roll_up_per_month_department_and_year() {
        const DAY: i64 = 8 * 3600;
        let groups = [
            group(ReportDim::All, "", "2026-01", |g| {
                (g.received, g.processed, g.on_time, g.handling_sum, g.handling_n, g.invited) =
                    (4, 4, 3, 8 * DAY, 4, 4);
            }),
            group(ReportDim::Department, "3", "2026-01", |g| {
                (g.received, g.processed, g.on_time, g.handling_sum, g.handling_n) = (4, 4, 3, 8 * DAY, 4);
            }),
            group(ReportDim::All, "", "2026-02", |g| {
                (g.received, g.open, g.overdue) = (1, 1, 1);
            }),
        ];
        let mut facts = KpiFacts::default();
        facts.survey.insert(
            ("2026-01".into(), 3),
            [("".to_owned(), (0, 2)), ("overall".to_owned(), (7, 2))].into_iter().collect(),
        );
        facts.answers.insert(("2026-01".into(), 3), (4, 3));
        facts
            .cases
            .insert(("2026-01".into(), 3), KpiCaseCounts { praise: 1, interim_due: 2, interim_on_time: 1, repeats: 1 });
        facts.follow_ups.insert("2026-01".into(), (2, 1));
        let cells = Cells::build(&groups, &facts);
        let jan = cells.get(None, "2026-01");
        let v = |c: &Cell, k| c.value(k, DAY, None);
        assert_eq!(v(&jan, Kpi::DeadlineCompliance), Some(0.75));
        assert_eq!(v(&jan, Kpi::MeanHandlingDays), Some(2.0));
        assert_eq!(v(&jan, Kpi::SatisfactionOverall), Some(3.5));
        assert_eq!(v(&jan, Kpi::SurveyResponseRate), Some(0.5));
        assert_eq!(v(&jan, Kpi::AcceptanceRate), Some(0.75));
        assert_eq!(v(&jan, Kpi::InterimNoticeCompliance), Some(0.5));
        assert_eq!(v(&jan, Kpi::RepeatRate), Some(0.25));
        assert_eq!(v(&jan, Kpi::PraiseCount), Some(1.0));
        assert_eq!(v(&jan, Kpi::FollowUpOnTime), Some(0.5));
        // The department's month holds the same; February's compliance has one overdue case.
        assert_eq!(v(&cells.get(Some(3), "2026-01"), Kpi::AcceptanceRate), Some(0.75));
        assert_eq!(v(&cells.get(None, "2026-02"), Kpi::DeadlineCompliance), Some(0.0));
        assert_eq!(v(&cells.get(None, "2026-03"), Kpi::DeadlineCompliance), None, "nothing due: no figure");
        // The year: 3 on time of 5 due.
        assert_eq!(v(&cells.year(None), Kpi::DeadlineCompliance), Some(0.6));
        assert_eq!(cells.year(None).value(Kpi::MedianHandlingDays, DAY, Some(DAY as f64 * 1.5)), Some(1.5));

        let targets = KpiTargets {
            overall: [(Kpi::DeadlineCompliance, 0.95)].into_iter().collect(),
            departments: [(3, [(Kpi::DeadlineCompliance, 0.7)].into_iter().collect())].into_iter().collect(),
        };
        let dept = crate::store::Department {
            id: 3,
            code: "tour".into(),
            name: "관광사업팀".into(),
            is_lead: false,
            active: true,
        };
        let months = months_of(2026, NaiveDate::from_ymd_opt(2026, 2, 10));
        let d = build_dashboard(2026, &months, Kpi::ALL, &cells, &targets, &[dept], DAY, None, false);
        assert_eq!(d.months, ["2026-01", "2026-02"]);
        let org = &d.indicators[0];
        assert_eq!((org.kpi, org.year.state), (Kpi::DeadlineCompliance, app::domain::KpiState::Missed));
        assert_eq!(org.monthly[0].state, app::domain::KpiState::Missed);
        let own = &d.departments[0].indicators[0];
        assert_eq!((own.target, own.year.state), (Some(0.7), app::domain::KpiState::Met), "its own target");
    }

    #[test]
    fn a_year_runs_to_today_and_a_future_one_has_no_months() {
        let today = NaiveDate::from_ymd_opt(2026, 4, 15).unwrap();
        assert_eq!(span(2026, today), Some((NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), today)));
        assert_eq!(span(2027, today), None);
        assert_eq!(months_of(2025, NaiveDate::from_ymd_opt(2025, 12, 31)).len(), 12);
        assert!(months_of(2027, None).is_empty());
    }
}
