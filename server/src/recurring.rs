//! Recurring causes: the risers of a period against the one before and the terms of its
//! complaint texts, from the report counters, the staff named on cases and a bounded read of
//! the newest texts. The counting rules are `domain::recurring`'s.

use std::collections::BTreeMap;

use app::api::{RecurringReport, RiserLine, TermGroup, TermLine};
use app::domain::recurring::{self, Rise, StopWords, TermTrend};
use app::domain::{VocKind, seoul_midnight};
use chrono::NaiveDate;

use crate::reports::code_name;
use crate::store::{ReportDim, ReportScope, Store, StoreResult};

/// Counts per key of one dimension of the counters.
fn counts_of(rows: &[(ReportDim, String, i64)], dim: ReportDim) -> BTreeMap<String, i64> {
    rows.iter().filter(|(d, _, _)| *d == dim).map(|(_, k, n)| (k.clone(), *n)).collect()
}

#[allow(clippy::cast_precision_loss)]
fn riser_line(r: Rise<String>, label: String) -> RiserLine {
    RiserLine {
        label,
        key: if r.key.is_empty() { "-".into() } else { r.key },
        count: r.count,
        previous: r.previous,
        added: r.count - r.previous,
        growth_percent: (r.previous > 0).then(|| (r.count - r.previous) as f64 * 100.0 / r.previous as f64),
    }
}

fn term_line(t: TermTrend) -> TermLine {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    TermLine {
        term: t.term,
        texts: n(t.texts),
        previous_texts: n(t.previous_texts),
        share: t.share,
        previous_share: t.previous_share,
    }
}

/// The recurring causes of the cases received on the Seoul days `from..=to` in `scope`.
#[tracing::instrument(skip(store))]
pub async fn report(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    scope: ReportScope,
) -> StoreResult<RecurringReport> {
    let (previous_from, previous_to) = recurring::previous_period(from, to);
    let dims = [ReportDim::Category, ReportDim::Facility];
    let now = store.received_by(from, to, scope, &dims).await?;
    let before = store.received_by(previous_from, previous_to, scope, &dims).await?;
    let categories: BTreeMap<String, String> = store.category_names().await?.into_iter().collect();
    let facilities: BTreeMap<String, String> =
        store.facilities().await?.into_iter().map(|f| (f.code, f.name_ko)).collect();
    let rise = |dim: ReportDim, names: &BTreeMap<String, String>| {
        recurring::risers(&counts_of(&now, dim), &counts_of(&before, dim))
            .into_iter()
            .map(|r| {
                let label = code_name(names, &r.key);
                riser_line(r, label)
            })
            .collect::<Vec<_>>()
    };
    let (category_risers, facility_risers) =
        (rise(ReportDim::Category, &categories), rise(ReportDim::Facility, &facilities));

    // Staff causes: the complaints naming a staff member with a cause, in the scope.
    let department = match scope {
        ReportScope::All => None,
        ReportScope::Department(d) => Some(d),
    };
    let start = seoul_midnight;
    let end = |d: NaiveDate| seoul_midnight(d.succ_opt().unwrap_or(d));
    let mentions = store.staff_mentions(start(previous_from), end(to)).await?;
    let (mut causes_now, mut causes_before) = (BTreeMap::new(), BTreeMap::new());
    for m in
        mentions.iter().filter(|m| m.kind != VocKind::Praise && (department.is_none() || m.department_id == department))
    {
        let Some(cause) = m.cause else { continue };
        let into = if m.received_at >= start(from) { &mut causes_now } else { &mut causes_before };
        *into.entry(cause).or_insert(0) += 1;
    }
    let staff_causes = recurring::risers(&causes_now, &causes_before)
        .into_iter()
        .map(|r| {
            riser_line(
                Rise { key: r.key.as_str().to_owned(), count: r.count, previous: r.previous },
                r.key.ko().to_owned(),
            )
        })
        .collect();

    let stop = StopWords::from_stored(store.stop_words().await?);
    let texts_now = store.complaint_texts(start(from), end(to), scope, recurring::TEXTS_READ).await?;
    let texts_before =
        store.complaint_texts(start(previous_from), end(previous_to), scope, recurring::TEXTS_READ).await?;
    let terms = recurring::term_lists(&texts_now, &texts_before, &stop)
        .into_iter()
        .map(|(key, lists)| {
            let (key, label) = match key {
                None => ("all".to_owned(), "전체".to_owned()),
                Some(None) => ("-".to_owned(), code_name(&categories, "")),
                Some(Some(code)) => {
                    let label = code_name(&categories, &code);
                    (code, label)
                }
            };
            let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
            TermGroup {
                key,
                label,
                texts: n(lists.texts),
                previous_texts: n(lists.previous_texts),
                words: lists.words.into_iter().map(term_line).collect(),
                phrases: lists.phrases.into_iter().map(term_line).collect(),
            }
        })
        .collect();
    Ok(RecurringReport {
        from,
        to,
        previous_from,
        previous_to,
        department: None,
        categories: category_risers,
        facilities: facility_risers,
        staff_causes,
        terms,
        texts_read_max: recurring::TEXTS_READ,
        stop_words: stop.words().map(str::to_owned).collect(),
        can_edit_stop_words: false,
    })
}
