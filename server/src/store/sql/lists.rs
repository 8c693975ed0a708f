//! The lists of a case that have no module of their own (history, notes, answers, contacts),
//! and the case's lists read together in one statement (`super::parts`).

use super::parts::{Part, first, rows};
use super::{SqlStore, attachments, follow_up, links, materials, notices, parties, practices, supplements, time};
use crate::store::{
    AnswerRecord, CaseParts, ContactRecord, HistoryRecord, NoteRecord, PersonCase, PersonMatch, StoreError, StoreResult,
};
use app::domain::{CaseScope, SEARCH_PER_PAGE_MAX};

/// Every list of case `case_id` the case view shows, in one statement.
pub(super) async fn case_parts(store: &SqlStore, case_id: i64, person: PersonMatch) -> StoreResult<CaseParts> {
    let parts = [
        history(),
        answers(),
        notes(),
        materials::part(),
        follow_up::staff(),
        follow_up::compensations(),
        follow_up::improvements(),
        follow_up::faq(),
        practices::part(),
        follow_up::grievance(),
        attachments::part(),
        notices::extensions(),
        supplements::part(),
        links::part(),
        notices::proposals(),
        parties::part(),
        contacts(),
        notices::notices(),
        super::department_users(),
        links::incidents(),
        person_cases(person),
    ];
    let json = store.parts_json(&parts, case_id).await?;
    let [h, a, n, m, s, c, i, f, p, g, at, e, su, l, pr, pa, co, no, u, inc, pc] = json.as_slice() else {
        return Err(StoreError::Corrupt(format!("case {case_id}: {} lists read, 21 asked", json.len())));
    };
    Ok(CaseParts {
        history: rows(h, history_entry)?,
        answers: rows(a, answer)?,
        notes: rows(n, note)?,
        materials: rows::<materials::Row, _>(m, TryFrom::try_from)?,
        staff: first(s, follow_up::staff_record)?,
        compensations: rows::<follow_up::CompensationRow, _>(c, TryFrom::try_from)?,
        improvements: rows::<follow_up::ImprovementRow, _>(i, TryFrom::try_from)?,
        faq: first::<follow_up::FaqRow, _>(f, TryFrom::try_from)?,
        practice: first::<practices::PracticeRow, _>(p, TryFrom::try_from)?,
        grievance: rows(g, follow_up::grievance_step)?,
        attachments: rows(at, attachments::Row::record)?,
        extensions: rows(e, notices::extension)?,
        supplements: rows(su, supplements::record)?,
        links: rows(l, links::link)?,
        proposal: first(pr, notices::proposal)?,
        complainants: rows(pa, parties::record)?,
        contacts: rows(co, contact)?,
        notices: rows(no, notices::notice)?,
        department_users: rows::<super::UserRow, _>(u, TryFrom::try_from)?,
        incidents: rows(inc, links::incident)?,
        person_cases: rows(pc, person_case)?,
    })
}

/// The complainant's other cases as [`PersonMatch`] says, newest first, one more than a full
/// search page at most. The case's stored contact hashes find them, as a search by the same
/// contact would.
fn person_cases(person: PersonMatch) -> Part {
    let scope = match person.scope {
        CaseScope::All => String::new(),
        CaseScope::Department(d) => format!(" AND o.department_id = {d}"),
        CaseScope::RegisteredBy(u) => format!(" AND o.registered_by = {u}"),
        CaseScope::Nothing => " AND 1 = 0".to_owned(),
    };
    let mut by = Vec::new();
    if person.phone {
        by.push("o.phone_key = (SELECT k.phone_key FROM cases k WHERE k.id = $1)");
    }
    if person.email {
        by.push("o.email_key = (SELECT k.email_key FROM cases k WHERE k.id = $1)");
    }
    let by = if by.is_empty() { "1 = 0".to_owned() } else { by.join(" OR ") };
    let most = u32::try_from(SEARCH_PER_PAGE_MAX + 1).unwrap_or(u32::MAX);
    Part::new(
        format!(
            "SELECT o.id, o.receipt_no, o.kind, o.status, o.received_at, o.closed_at, o.content FROM cases o \
             WHERE o.id <> $1 AND ({by}){scope}"
        ),
        "o.received_at DESC, o.id DESC",
    )
    .limit(most)
}

type PersonRow = (i64, String, String, String, i64, Option<i64>, String);

fn person_case((id, receipt_no, kind, status, received_at, closed_at, content): PersonRow) -> StoreResult<PersonCase> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("case {id} {what}"));
    Ok(PersonCase {
        id,
        receipt_no,
        kind: kind.parse().map_err(|_| corrupt("kind"))?,
        status: status.parse().map_err(|_| corrupt("status"))?,
        received_at: time(received_at)?,
        closed_at: closed_at.map(time).transpose()?,
        content,
    })
}

/// A case's history, in the order written.
pub(super) fn history() -> Part {
    Part::new("SELECT at, actor, action, detail, before_value, after_value FROM case_history WHERE case_id = $1", "id")
}

type HistoryRow = (i64, String, String, String, Option<String>, Option<String>);

pub(super) fn history_entry((at, actor, action, detail, before, after): HistoryRow) -> StoreResult<HistoryRecord> {
    Ok(HistoryRecord { at: time(at)?, actor, action, detail, before, after })
}

/// A case's internal notes, oldest first.
pub(super) fn notes() -> Part {
    Part::new("SELECT author, body, at FROM case_notes WHERE case_id = $1", "id")
}

pub(super) fn note((author, body, at): (String, String, i64)) -> StoreResult<NoteRecord> {
    Ok(NoteRecord { author, body, at: time(at)? })
}

/// A case's answers (drafts, returned, approved), oldest first, with who drafted and approved.
pub(super) fn answers() -> Part {
    Part::new(
        "SELECT a.decision, a.result, a.basis, a.appeal, a.state, w.display_name AS drafted_by, \
         r.display_name AS approved_by, a.review_note, a.answered_at \
         FROM answers a LEFT JOIN users w ON w.id = a.answered_by LEFT JOIN users r ON r.id = a.approved_by \
         WHERE a.case_id = $1",
        "a.id",
    )
}

#[derive(serde::Deserialize)]
pub(super) struct AnswerRow {
    decision: String,
    result: String,
    basis: String,
    appeal: String,
    state: String,
    drafted_by: Option<String>,
    approved_by: Option<String>,
    review_note: Option<String>,
    answered_at: i64,
}

pub(super) fn answer(r: AnswerRow) -> StoreResult<AnswerRecord> {
    Ok(AnswerRecord {
        decision: r.decision.parse().map_err(|_| StoreError::Corrupt(format!("decision {:?}", r.decision)))?,
        result: r.result,
        basis: r.basis,
        appeal: r.appeal,
        state: r.state,
        drafted_by: r.drafted_by,
        approved_by: r.approved_by,
        review_note: r.review_note,
        at: time(r.answered_at)?,
    })
}

/// The calls and visits recorded on a case, oldest first.
pub(super) fn contacts() -> Part {
    Part::new("SELECT means, outcome, summary, recorded_by, recorded_at FROM case_contacts WHERE case_id = $1", "id")
}

pub(super) fn contact(
    (means, outcome, summary, recorded_by, at): (String, String, String, String, i64),
) -> StoreResult<ContactRecord> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("contact {what} {v:?}"));
    Ok(ContactRecord {
        means: means.parse().map_err(|_| corrupt("means", &means))?,
        outcome: outcome.parse().map_err(|_| corrupt("outcome", &outcome))?,
        summary,
        recorded_by,
        recorded_at: time(at)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn answer_rows_read_the_columns_in_order() {
        super::super::parts::fields::check::<super::AnswerRow>(&super::answers());
    }
}
