//! Supplement requests (보완 요구) as the case view reads them. Asking, answering and returning
//! are workflow steps (`crate::workflow`) over `CaseTx`.

use async_trait::async_trait;

use super::parts::{Part, rows};
use super::{SqlStore, time};
use crate::store::{StoreError, StoreResult, SupplementRecord, SupplementStore};

/// A case's supplement requests, oldest first.
pub(super) fn part() -> Part {
    Part::new(
        "SELECT id, request, due_date, requested_by, requested_at, answer, answered_at \
         FROM supplement_requests WHERE case_id = $1",
        "id",
    )
}

type Row = (i64, String, String, String, i64, Option<String>, Option<i64>);

pub(super) fn record((rid, request, due, by, requested_at, answer, answered_at): Row) -> StoreResult<SupplementRecord> {
    Ok(SupplementRecord {
        id: rid,
        request,
        due_date: due.parse().map_err(|_| StoreError::Corrupt(format!("supplement due {due}")))?,
        requested_by: by,
        requested_at: time(requested_at)?,
        answer,
        answered_at: answered_at.map(time).transpose()?,
    })
}

#[async_trait]
impl SupplementStore for SqlStore {
    async fn case_supplements(&self, id: i64) -> StoreResult<Vec<SupplementRecord>> {
        rows(&self.part_json(&part(), id).await?, record)
    }
}
