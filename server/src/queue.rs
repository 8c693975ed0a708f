//! The live queue as the server assembles it: the user's look (scope, who asks, when, and
//! the "due soon" bounds the business calendar gives), and one page of a view with every
//! view's count and the choices. `GET /api/v1/queue` and `server queue` (its benchmark) run
//! this same code.

use app::api::QueueItem;
use app::domain::to_seoul;
use app::queue::{QueueFilter, QueueMe, QueuePage};
use chrono::{DateTime, Utc};

use crate::store::{CaseRecord, QueueLook, Store, StoreResult, User};

/// `user`'s look at the queue at `now`: their scope, and for each warning span the open cases
/// carry, the last deadline that is due soon under the business calendar.
pub async fn look<'a>(
    store: &dyn Store,
    user: &User,
    filter: &'a QueueFilter,
    now: DateTime<Utc>,
) -> StoreResult<QueueLook<'a>> {
    let calendar = store.calendar().await?;
    let soon = store.queue_spans().await?.into_iter().map(|span| (span, calendar.last_within(now, span))).collect();
    Ok(QueueLook {
        filter,
        scope: app::domain::CaseScope::of(user.role, user.id, user.department_id),
        me: QueueMe { id: user.id, department: user.department_id },
        now,
        soon,
    })
}

/// The look's page of its view, in queue order, with every view's count and the choices.
#[tracing::instrument(skip_all, fields(view = look.filter.view.as_str(), page = look.filter.page))]
pub async fn page(store: &dyn Store, look: &QueueLook<'_>) -> StoreResult<QueuePage> {
    let counts = store.queue_counts(look).await?;
    let cases = store.queue_page(look).await?;
    let facets = store.queue_facets(look.scope).await?;
    Ok(QueuePage {
        total: counts.of(look.filter.view),
        page: look.filter.page,
        per_page: look.filter.per_page,
        view: look.filter.view,
        counts,
        facets,
        items: cases.iter().map(queue_item).collect(),
    })
}

/// The first words of a complaint, on one line.
pub fn summary(content: &str) -> String {
    const MAX: usize = 60;
    let one_line = content.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        format!("{}…", one_line.chars().take(MAX).collect::<String>())
    } else {
        one_line
    }
}

pub fn queue_item(c: &CaseRecord) -> QueueItem {
    QueueItem {
        id: c.id,
        receipt_no: c.receipt_no.clone(),
        kind: c.kind,
        channel: c.channel,
        status: c.status,
        facility: c.facility.clone(),
        facility_name: c.facility_name.clone(),
        summary: summary(&c.content),
        received_at: to_seoul(c.received_at),
        due_at: to_seoul(c.due_at),
        interim_due_at: c.interim_due_at.map(to_seoul),
        budget_secs: c.budget.secs,
        due_at_close: c.budget.to_close,
        due_soon_secs: c.due_soon_secs,
        pauses: c.engine_pauses(),
        paused_reason: c.open_pause().map(|p| p.reason),
        department_id: c.department_id,
        department_name: c.department_name.clone(),
        assignee_id: c.assignee_id,
        assignee_name: c.assignee_name.clone(),
        registered_by: c.registered_by,
        category: c.category.clone(),
        original_due_at: c.original_due_at.map(to_seoul),
        serious: c.serious.as_ref().map(|(r, _, _)| *r),
    }
}
