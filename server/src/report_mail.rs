//! The periodic report by e-mail (CCM: reports reach management without anyone opening
//! /reports): from the first business day of each month the previous month's report — and at
//! a quarter's start the previous quarter's — goes to the executives (the organisation's) and
//! to each department head (their department's), its summary in the body and the workbook
//! attached, through the outbox, once per period and recipient.

use std::collections::BTreeMap;

use app::api::ReportSummary;
use app::domain::{NoticeKind, ReportPeriod, Role, due_report_periods};
use chrono::{DateTime, Utc};

use crate::AppState;
use crate::store::ReportScope;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn pct(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

/// The figures the mail's body gives, one per line.
pub fn summary_text(s: &ReportSummary) -> String {
    let mut lines = vec![
        format!("접수 {}건 · 처리 {}건 · 미처리 {}건 (기한 경과 {}건)", s.received, s.processed, s.open, s.overdue),
        format!("처리기한 준수율 {}", pct(s.compliance_rate)),
    ];
    if let Some(h) = s.mean_handling_hours {
        let median = s.median_handling_hours.map_or_else(String::new, |m| format!(" · 중앙값 {m:.1}시간"));
        lines.push(format!("평균 처리시간 {h:.1}시간(근무시간){median}"));
    }
    let overall = s.survey.items.iter().find(|i| i.item == "overall").and_then(|i| i.mean);
    lines.push(format!(
        "만족도 조사 응답 {}건{}{}",
        s.survey.responses,
        s.survey.response_rate.map_or_else(String::new, |r| format!(" (응답률 {})", pct(r))),
        overall.map_or_else(String::new, |m| format!(" · 전반적 만족도 {m:.2}점")),
    ));
    let f = &s.survey.follow_ups;
    if f.opened > 0 {
        lines.push(format!(
            "불만족 추가 답변 {}건 중 기한 내 {}건 (기한 경과 {}건)",
            f.opened, f.done_on_time, f.overdue
        ));
    }
    let praise: i64 = s.praise_by_department.iter().map(|c| c.count).sum();
    lines.push(format!(
        "칭찬 {praise}건 · 보상 {}건 · 제도개선 요청 {}건",
        s.compensations.len(),
        s.improvements.len()
    ));
    lines.join("\n")
}

/// Sends one period's report of one scope to those of `recipients` who do not have it yet;
/// the report is counted only when someone still waits for it.
async fn send_one(
    state: &AppState,
    period: &ReportPeriod,
    scope: ReportScope,
    scope_name: &str,
    recipients: &[String],
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let key = match scope {
        ReportScope::All => format!("{}:all", period.key),
        ReportScope::Department(d) => format!("{}:department:{d}", period.key),
    };
    let mut waiting = Vec::new();
    for r in recipients {
        if !state.store.alert_enqueued(NoticeKind::PeriodReport, &key, r).await? {
            waiting.push(r.clone());
        }
    }
    if waiting.is_empty() {
        return Ok(0);
    }
    let s = crate::reports::summary(state.store.as_ref(), period.from, period.to, now, scope).await?;
    let workbook = crate::reports::summary_xlsx(&s)?;
    let file = format!("voc-report-{}.xlsx", period.key);
    let values = [
        ("period", period.label.clone()),
        ("scope", scope_name.to_owned()),
        ("summary", summary_text(&s)),
        ("reports_url", format!("{}/reports", state.public_url.trim_end_matches('/'))),
    ];
    let wording = state.store.notice_wording(NoticeKind::PeriodReport, app::domain::Lang::Ko).await?;
    let messages = crate::notify::compose::staff_alert(NoticeKind::PeriodReport, &key, &values, wording, &waiting)
        .map_err(crate::store::StoreError::from)?;
    Ok(state.store.queue_alerts(&messages, Some((&file, &workbook)), now).await?)
}

/// Enqueues every report due now that has not gone out yet; returns how many mails.
pub async fn send_due(state: &AppState) -> Result<u64, Error> {
    let now = state.now();
    let periods = due_report_periods(&state.store.calendar().await?, now);
    if periods.is_empty() {
        return Ok(0);
    }
    let users = state.store.users().await?;
    let with_mail = |u: &crate::store::User| u.active.then(|| u.email.clone()).flatten();
    let executives: Vec<String> = users.iter().filter(|u| u.role == Role::Executive).filter_map(with_mail).collect();
    let mut heads: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for u in users.iter().filter(|u| u.role.reads_own_department_report()) {
        if let (Some(d), Some(mail)) = (u.department_id, with_mail(u)) {
            heads.entry(d).or_default().push(mail);
        }
    }
    let names: BTreeMap<i64, String> = state.store.departments().await?.into_iter().map(|d| (d.id, d.name)).collect();
    let mut sent = 0;
    for period in &periods {
        if !executives.is_empty() {
            sent += send_one(state, period, ReportScope::All, "기관 전체", &executives, now).await?;
        }
        for (department, recipients) in &heads {
            let name = names.get(department).cloned().unwrap_or_default();
            sent += send_one(state, period, ReportScope::Department(*department), &name, recipients, now).await?;
        }
    }
    if sent > 0 {
        tracing::info!(mails = sent, periods = periods.len(), "periodic reports enqueued");
    }
    Ok(sent)
}
