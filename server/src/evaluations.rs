//! The quarterly CCMS evaluation: the department's figures for the quarter (from the same
//! report the department's head reads), the view a reader gets with what they may do, and the
//! evaluation as an XLSX workbook and as a PDF for the record.

use app::api::{EvaluationFigures, EvaluationItemView, EvaluationView};
use app::domain::{EvaluationItem, LetterBlock, evaluation_actions, quarter_days, to_seoul};
use chrono::{DateTime, Utc};

use crate::store::{EvaluationRecord, ReportScope, Store, StoreResult, User};

/// The department's figures for the quarter, as of `now`.
pub async fn figures(
    store: &dyn Store,
    department: i64,
    year: i32,
    quarter: u8,
    now: DateTime<Utc>,
) -> StoreResult<EvaluationFigures> {
    let Some((from, to)) = quarter_days(year, quarter) else { return Ok(EvaluationFigures::default()) };
    let s = crate::reports::summary(store, from, to, now, ReportScope::Department(department)).await?;
    Ok(EvaluationFigures {
        received: s.received,
        processed: s.processed,
        overdue: s.overdue,
        compliance_rate: s.compliance_rate,
        mean_handling_hours: s.mean_handling_hours,
        survey_responses: s.survey.responses,
        satisfaction: s.survey.items.iter().find(|i| i.item == "overall").and_then(|i| i.mean),
        follow_ups_on_time_rate: s.survey.follow_ups.on_time_rate,
        praise: s.praise_by_department.iter().map(|l| l.count).sum(),
        improvements: i64::try_from(s.improvements.len()).unwrap_or(i64::MAX),
        training_rate: s.training.iter().find(|t| t.department_id == Some(department)).and_then(|t| t.rate),
    })
}

/// The evaluation as `user` reads it.
pub fn view(e: &EvaluationRecord, user: &User) -> EvaluationView {
    let (from, to) = quarter_days(e.year, e.quarter).unwrap_or_default();
    let seoul = |t: DateTime<Utc>| to_seoul(t);
    EvaluationView {
        id: e.id,
        department_id: e.department_id,
        department: e.department_name.clone(),
        year: e.year,
        quarter: e.quarter,
        from,
        to,
        state: e.state,
        state_label: e.state.ko().to_owned(),
        figures: serde_json::from_str(&e.figures).unwrap_or_default(),
        items: EvaluationItem::ALL
            .iter()
            .map(|i| EvaluationItemView {
                item: *i,
                label: i.ko().to_owned(),
                score: e.content.scores.get(i).copied(),
                comment: e.content.comments.get(i).cloned(),
            })
            .collect(),
        total_percent: e.content.total_percent(),
        summary: e.content.summary.clone(),
        improvement_plan: e.content.improvement_plan.clone(),
        opened_by: e.opened_by.clone(),
        opened_at: seoul(e.opened_at),
        submitted_by: e.submitted_by.clone(),
        submitted_at: e.submitted_at.map(seoul),
        acknowledged_by: e.acknowledged_by.clone(),
        acknowledged_at: e.acknowledged_at.map(seoul),
        acknowledgement: e.acknowledgement.clone(),
        actions: evaluation_actions(user.role, user.department_id, e.department_id, e.state),
    }
}

fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn number(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}{unit}"))
}

/// The figures as (label, value) lines, for the workbook and the PDF alike.
fn figure_lines(f: &EvaluationFigures) -> Vec<(&'static str, String)> {
    vec![
        ("접수", f.received.to_string()),
        ("처리", f.processed.to_string()),
        ("기한 경과", f.overdue.to_string()),
        ("기한 준수율", percent(Some(f.compliance_rate))),
        ("평균 처리시간", number(f.mean_handling_hours, "근무시간")),
        ("만족도 응답", f.survey_responses.to_string()),
        ("전반적 만족도", number(f.satisfaction, "점 (5점 만점)")),
        ("불만족 추가 답변 기한 내", percent(f.follow_ups_on_time_rate)),
        ("칭찬", f.praise.to_string()),
        ("제도개선 요청", f.improvements.to_string()),
        ("필수 교육 이수율", percent(f.training_rate)),
    ]
}

/// The evaluation's heading, and its PDF's metadata title.
pub fn title(v: &EvaluationView) -> String {
    format!("{} {}년 {}분기 CCMS 운영성과 평가", v.department, v.year, v.quarter)
}

/// The evaluation as one XLSX sheet: figures, items, summary, plan, acknowledgement.
pub fn xlsx(v: &EvaluationView) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("분기 평가")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 60)?;
    let mut row = 0;
    ws.write_string_with_format(row, 0, title(v), &bold)?;
    row += 1;
    ws.write_string(row, 0, format!("기간 {} ~ {} · 상태 {}", v.from, v.to, v.state_label))?;
    row += 2;
    ws.write_string_with_format(row, 0, "실적", &bold)?;
    row += 1;
    for (label, value) in figure_lines(&v.figures) {
        ws.write_string(row, 0, label)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    for (col, h) in ["평가 항목", "점수 (1~5)", "의견"].into_iter().enumerate() {
        ws.write_string_with_format(row, u16::try_from(col).unwrap_or(0), h, &bold)?;
    }
    row += 1;
    for i in &v.items {
        ws.write_string(row, 0, &i.label)?;
        if let Some(s) = i.score {
            ws.write_number(row, 1, f64::from(s))?;
        }
        ws.write_string(row, 2, i.comment.clone().unwrap_or_default())?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "종합 (%)", &bold)?;
    if let Some(t) = v.total_percent {
        ws.write_number(row, 1, (t * 10.0).round() / 10.0)?;
    }
    row += 2;
    for (label, text) in [
        ("종합 의견", v.summary.clone()),
        ("개선 계획", v.improvement_plan.clone()),
        (
            "작성",
            format!(
                "{} · {}",
                v.opened_by,
                v.submitted_at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
            ),
        ),
        (
            "부서장 확인",
            v.acknowledged_by
                .as_ref()
                .map(|by| {
                    format!(
                        "{by} · {} {}",
                        v.acknowledged_at.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                        v.acknowledgement.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "미확인".into()),
        ),
    ] {
        ws.write_string_with_format(row, 0, label, &bold)?;
        ws.write_string(row, 2, text)?;
        row += 1;
    }
    wb.save_to_buffer()
}

/// The evaluation as the blocks of a PDF document.
pub fn blocks(v: &EvaluationView, organisation: &str) -> Vec<LetterBlock> {
    let mut out = vec![
        LetterBlock::Organisation(organisation.to_owned()),
        LetterBlock::Title("CCMS 분기 운영성과 평가서"),
        LetterBlock::Field("부서", v.department.clone()),
        LetterBlock::Field("평가 기간", format!("{}년 {}분기 ({} ~ {})", v.year, v.quarter, v.from, v.to)),
        LetterBlock::Field("상태", v.state_label.clone()),
        LetterBlock::Section(
            "실적",
            figure_lines(&v.figures).into_iter().map(|(l, value)| format!("{l}: {value}")).collect(),
        ),
    ];
    let mut items: Vec<String> = v
        .items
        .iter()
        .map(|i| {
            let score = i.score.map_or_else(|| "미평가".to_owned(), |s| format!("{s}점"));
            match &i.comment {
                Some(c) => format!("{} — {score}. {c}", i.label),
                None => format!("{} — {score}", i.label),
            }
        })
        .collect();
    items.push(format!("종합: {}", v.total_percent.map_or_else(|| "–".to_owned(), |t| format!("{t:.1}%"))));
    out.push(LetterBlock::Section("항목별 평가 (5점 만점)", items));
    out.push(LetterBlock::Section(
        "종합 의견",
        vec![if v.summary.is_empty() { "–".into() } else { v.summary.clone() }],
    ));
    out.push(LetterBlock::Section(
        "개선 계획",
        vec![if v.improvement_plan.is_empty() { "–".into() } else { v.improvement_plan.clone() }],
    ));
    out.push(LetterBlock::Section(
        "부서장 확인",
        vec![match (&v.acknowledged_by, v.acknowledged_at) {
            (Some(by), Some(at)) => format!(
                "{by} · {}{}",
                at.format("%Y-%m-%d"),
                v.acknowledgement.as_ref().map(|n| format!(" — {n}")).unwrap_or_default()
            ),
            _ => "미확인".into(),
        }],
    ));
    out.push(LetterBlock::Closing {
        date: v.submitted_at.map_or_else(|| "작성 중".to_owned(), |t| t.format("%Y년 %m월 %d일").to_string()),
        signer: format!(
            "{} VOC 통합관리자 {}",
            organisation,
            v.submitted_by.clone().unwrap_or_else(|| v.opened_by.clone())
        ),
    });
    out
}
