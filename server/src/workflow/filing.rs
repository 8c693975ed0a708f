//! Filing a case: the complainant's on the kiosk, homepage or phone, a staff member's for a
//! call, visit or letter, and an appeal of a result (`complainant::appeal`).

use app::domain::{HistoryAction, NoticeKind, VocKind};

use super::notices;
use crate::AppState;
use crate::error::ApiResult;
use crate::store::{CaseRecord, Entry, Filed, NewCase};

/// Who the history names for what the system did by itself.
const SYSTEM: &str = "시스템";
/// Who the history names for a filing without a staff member.
const COMPLAINANT: &str = "민원인";

/// Files `new` in one transaction: the case with the next receipt number, in the department
/// an appeal's original or the routing rules name (else it waits for the VOC manager), its
/// history (received; appealed, on both cases; routed or not; the files it came with, by
/// whoever filed it), the complainant's receipt
/// notice (held back past the recipient's daily cap) and, for an urgent case, the alert to the
/// executives and VOC managers. A retry of a filing that was made is
/// `StoreError::Replay` with the case it made.
#[tracing::instrument(skip_all, fields(kind = %new.input.kind, channel = %new.input.channel))]
pub async fn file(state: &AppState, new: &NewCase) -> ApiResult<CaseRecord> {
    let Filed { mut tx, receipt_no, department, appeal_of, attached } = state.store.insert_case(new).await?;
    let (v, at) = (&new.input, new.created_at);
    let actor = new.actor.as_ref().map_or(COMPLAINANT, |u| u.username.as_str());
    let mut detail = format!("{} · {} · {receipt_no}", v.channel.ko(), v.kind.ko());
    if let Some((agency, reference)) = &v.agency {
        detail.push_str(&format!(" ({agency} {reference})"));
    }
    let entry = |actor, action, detail| Entry { case: None, actor, action, detail, change: (None, None) };
    let mut entries = vec![entry(actor, HistoryAction::Received, detail.as_str())];
    if let Some((original, original_no)) = &appeal_of {
        entries.push(entry(actor, HistoryAction::Appealed, original_no.as_str()));
        entries.push(Entry { case: Some(*original), ..entry(actor, HistoryAction::Appealed, receipt_no.as_str()) });
    }
    entries.push(match &department {
        Some(name) => Entry { change: (None, Some(name.as_str())), ..entry(SYSTEM, HistoryAction::AutoRouted, "") },
        None => entry(SYSTEM, HistoryAction::Unrouted, "배정 규칙에 맞는 부서가 없어 VOC 통합관리자가 지정합니다"),
    });
    let files = attached.join(", ");
    if !attached.is_empty() {
        entries.push(entry(actor, HistoryAction::Attached, files.as_str()));
    }
    tx.histories(at, &entries).await?;
    notices::enqueue(&state.public_url, &mut tx, NoticeKind::Receipt, "", &[], &[], at).await?;
    let cap = state.receipt_cap;
    let why = format!(
        "같은 수신처에 하루 {cap}건을 넘는 접수 안내는 보내지 않습니다. (No more than {cap} acknowledgements a day to one recipient.)"
    );
    let withheld = tx.withhold_receipts_over_cap(cap, &why, at).await?;
    if withheld > 0 {
        tracing::warn!(%receipt_no, withheld, "receipt notices withheld: recipient over its daily cap");
    }
    if v.kind == VocKind::Urgent {
        let bosses = tx.executives_and_managers().await?;
        notices::enqueue(&state.public_url, &mut tx, NoticeKind::Urgent, "", &[], &bosses, at).await?;
    }
    Ok(tx.commit().await?)
}
