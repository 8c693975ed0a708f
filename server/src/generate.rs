//! `server gen-cases`: fills an empty database with realistic cases for load and report
//! benchmarks — receipt spread over business hours, the kind and channel mix of a tourism
//! corporation, routing by facility, handlers per department, deadlines and closures in
//! business time (most on time, some late, the newest still open), consents and survey
//! responses. Deterministic for a given seed.

use app::domain::{Channel, SURVEY_ITEMS, VocKind, business_days, seoul};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::store::{SqlStore, Store, StoreError};

const FACILITIES: [(&str, i64); 9] = [
    ("monorail", 5),
    ("railbike", 3),
    ("shooting", 3),
    ("adventure", 3),
    ("maze", 2),
    ("camping", 3),
    ("forest", 3),
    ("farm_market", 4),
    ("saejae_market", 4),
];
const KINDS: [(VocKind, u32); 7] = [
    (VocKind::Complaint, 35),
    (VocKind::Inquiry, 30),
    (VocKind::Suggestion, 12),
    (VocKind::Praise, 10),
    (VocKind::LostItem, 6),
    (VocKind::Grievance, 5),
    (VocKind::Urgent, 2),
];
const CHANNELS: [(Channel, u32); 9] = [
    (Channel::Mobile, 30),
    (Channel::Kiosk, 22),
    (Channel::Phone, 18),
    (Channel::Homepage, 10),
    (Channel::Visit, 10),
    (Channel::Sns, 4),
    (Channel::Mail, 2),
    (Channel::Fax, 1),
    (Channel::ExternalAgency, 3),
];
const CONTENTS: [&str; 6] = [
    "대기 시간이 너무 깁니다. 안내가 필요합니다.",
    "직원분이 친절하게 도와주셨습니다. 감사합니다.",
    "화장실 청결 상태가 좋지 않습니다.",
    "주차장 안내 표지판이 잘 보이지 않습니다.",
    "예약 변경 방법을 알고 싶습니다.",
    "분실물을 찾고 있습니다. 검은색 지갑입니다.",
];
const HANDLERS_PER_DEPARTMENT: i64 = 4;

fn pick<T: Copy>(rng: &mut StdRng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total);
    for (v, w) in table {
        if n < *w {
            return *v;
        }
        n -= w;
    }
    table[0].0
}

/// One generated case, ready to insert.
struct Gen {
    year: i32,
    seq: i64,
    kind: VocKind,
    channel: Channel,
    facility: &'static str,
    department: i64,
    assignee: Option<i64>,
    status: &'static str,
    content: &'static str,
    email: Option<String>,
    phone: Option<String>,
    received: i64,
    due: i64,
    closed: Option<i64>,
    handling: Option<i64>,
    budget: i64,
    /// The approved answer's decision of a closed case.
    decision: Option<&'static str>,
    /// The interim notice's due (one business day on), and when one went out.
    interim_due: i64,
    interim_sent: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("the database already has cases; gen-cases fills only an empty one")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Inserts `count` cases received between `from` and `to` (Seoul days, both included);
/// cases are closed as of `to`'s end, or with `all_open` none is (a live queue of `count`
/// open cases, for its benchmark). A paused case has its open pause. Returns how many survey
/// responses were made.
pub async fn generate(
    store: &SqlStore,
    count: usize,
    seed: u64,
    (from, to): (NaiveDate, NaiveDate),
    all_open: bool,
) -> Result<usize, GenError> {
    let pool = store.pool();
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(pool).await?;
    if existing > 0 {
        return Err(GenError::NotEmpty);
    }
    let calendar = store.calendar().await?;
    let hours = store.business_hours().await?;
    let mut rng = StdRng::seed_from_u64(seed);

    // Handlers: a few per department, made once.
    let mut handlers: Vec<(i64, i64)> = Vec::new();
    for dept in 1..=5 {
        for n in 0..HANDLERS_PER_DEPARTMENT {
            let username = format!("gen-d{dept}-h{n}");
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, display_name, role, password_hash, created_at, department_id) \
                 VALUES ($1, $2, 'handler', '!', 0, $3) RETURNING id",
            )
            .bind(&username)
            .bind(format!("담당자 {dept}-{n}"))
            .bind(dept)
            .fetch_one(pool)
            .await?;
            handlers.push((dept, id));
        }
    }

    let start = app::domain::seoul_midnight(from).timestamp();
    let end = seoul().from_local_datetime(&to.and_hms_opt(23, 59, 59).unwrap_or_default()).unwrap().timestamp();
    let mut times: Vec<i64> = (0..count)
        .map(|_| {
            let t = rng.random_range(start..end);
            // Seven in ten arrive in business time: move the rest there with that chance.
            let dt = DateTime::from_timestamp(t, 0).unwrap_or_default();
            if !calendar.is_business_time(dt) && rng.random_bool(0.7) { calendar.add(dt, 1).timestamp() } else { t }
        })
        .collect();
    times.sort_unstable();

    let mut counters: std::collections::BTreeMap<i32, i64> = std::collections::BTreeMap::new();
    let as_of = DateTime::from_timestamp(if all_open { start } else { end }, 0).unwrap_or_default();
    let mut batch: Vec<Gen> = Vec::with_capacity(500);
    let mut surveys = Vec::new();
    let mut id_base: i64 = 0;
    let mut tx = pool.begin().await?;
    for (i, received) in times.into_iter().enumerate() {
        let received_dt = DateTime::from_timestamp(received, 0).unwrap_or_default();
        let year = received_dt.with_timezone(&seoul()).year();
        let seq = counters.entry(year).or_insert(0);
        *seq += 1;
        let kind = pick(&mut rng, &KINDS);
        let channel = pick(&mut rng, &CHANNELS);
        let (facility, department) = FACILITIES[rng.random_range(0..FACILITIES.len())];
        let department = if kind == VocKind::Grievance { 1 } else { department };
        let budget = business_days(hours, kind.default_business_days());
        let due = calendar.add(received_dt, budget);
        // Handling time: mostly within the budget, one in eight late.
        let handling = if rng.random_bool(0.875) {
            rng.random_range(budget / 10..=budget)
        } else {
            rng.random_range(budget + 1..=budget * 3)
        };
        let closes_at = calendar.add(received_dt, handling);
        let (status, closed, handling) = if closes_at <= as_of {
            if rng.random_bool(0.03) {
                ("withdrawn", Some(closes_at), None)
            } else {
                ("closed", Some(closes_at), Some(handling))
            }
        } else {
            (["received", "in_progress", "in_progress", "paused"][rng.random_range(0..4)], None, None)
        };
        // Most answers accept the request; some in part, some not.
        let decision = (status == "closed").then(|| match rng.random_range(0..100) {
            0..=79 => "accepted",
            80..=91 => "partly_accepted",
            _ => "not_accepted",
        });
        // A case still open a business day on is owed an interim notice; most get theirs.
        let interim_due = calendar.add(received_dt, business_days(hours, 1));
        let interim_sent = (closes_at > interim_due && rng.random_bool(0.7))
            .then(|| (interim_due - chrono::Duration::hours(1)).timestamp());
        let assignee = (status != "received").then(|| {
            let of_dept: Vec<i64> = handlers.iter().filter(|(d, _)| *d == department).map(|(_, id)| *id).collect();
            of_dept[rng.random_range(0..of_dept.len())]
        });
        let (email, phone) = match rng.random_range(0..10) {
            0..=2 => (Some(format!("visitor{i}@example.com")), None),
            3..=5 => (None, Some(format!("010{:08}", i % 100_000_000))),
            _ => (None, None),
        };
        if status == "closed" && (email.is_some() || phone.is_some()) && rng.random_bool(0.3) {
            let scores: Vec<(String, u8)> =
                SURVEY_ITEMS.iter().map(|it| (it.id.to_owned(), rng.random_range(2..=5u8))).collect();
            surveys.push((i, scores, closes_at.timestamp()));
        }
        batch.push(Gen {
            year,
            seq: *seq,
            kind,
            channel,
            facility,
            department,
            assignee,
            status,
            content: CONTENTS[rng.random_range(0..CONTENTS.len())],
            email,
            phone,
            received,
            due: due.timestamp(),
            closed: closed.map(|c| c.timestamp()),
            handling,
            budget,
            decision,
            interim_due: interim_due.timestamp(),
            interim_sent,
        });
        if batch.len() == 500 {
            id_base = insert(&mut tx, &batch, id_base, store.contact_key()).await?;
            batch.clear();
            if i % 50_000 == 49_999 {
                tx.commit().await?;
                tx = pool.begin().await?;
                tracing::info!(cases = i + 1, "generated");
            }
        }
    }
    if !batch.is_empty() {
        insert(&mut tx, &batch, id_base, store.contact_key()).await?;
    }
    for (year, last) in &counters {
        sqlx::query(
            "INSERT INTO receipt_counters (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = $2",
        )
        .bind(year)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    // The investigation that holds a paused case's clock began an hour after its receipt.
    sqlx::query(
        "INSERT INTO case_pauses (case_id, reason, note, started_at, started_by) \
         SELECT id, 'investigation', '현장 확인', received_at + 3600, 'gen' FROM cases WHERE status = 'paused'",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // Cases were inserted in order, so the i-th generated case has the i-th smallest id.
    let first_id: i64 = sqlx::query_scalar("SELECT min(id) FROM cases").fetch_one(pool).await?;
    let mut tx = pool.begin().await?;
    for (i, scores, at) in &surveys {
        sqlx::query("INSERT INTO survey_responses (case_id, scores, submitted_at) VALUES ($1, $2, $3)")
            .bind(first_id + i64::try_from(*i).unwrap_or(0))
            .bind(serde_json::to_string(scores).unwrap_or_default())
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(surveys.len())
}

async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    rows: &[Gen],
    id_base: i64,
    key: &crate::contact_key::ContactKey,
) -> Result<i64, GenError> {
    const COLS: usize = 29;
    let mut sql = String::from(
        "INSERT INTO cases (receipt_year, receipt_seq, receipt_no, tracking_token, kind, channel, status, facility, \
         content, email, phone, consent_sms, consent_email, consent_publish, received_at, due_at, created_at, closed_at, \
         budget_secs, due_soon_secs, department_id, assignee_id, handling_secs, consent_at, decision, interim_due_at, \
         interim_sent_at, phone_key, email_key) VALUES ",
    );
    for r in 0..rows.len() {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..COLS {
            if c > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("${}", r * COLS + c + 1));
        }
        sql.push(')');
    }
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (n, g) in rows.iter().enumerate() {
        q = q
            .bind(g.year)
            .bind(g.seq)
            .bind(format!("VOC-{}-{:06}", g.year, g.seq))
            // Only a token's hash is ever stored; nobody holds these tokens.
            .bind(crate::auth::token_hash(&format!("gen-{}-{}", id_base + i64::try_from(n).unwrap_or(0), g.seq)))
            .bind(g.kind.as_str())
            .bind(g.channel.as_str())
            .bind(g.status)
            .bind(g.facility)
            .bind(g.content)
            .bind(g.email.clone())
            .bind(g.phone.clone())
            .bind(i64::from(g.phone.is_some()))
            .bind(i64::from(g.email.is_some()))
            .bind(0i64)
            .bind(g.received)
            .bind(g.due)
            .bind(g.received)
            .bind(g.closed)
            .bind(g.budget)
            .bind(4 * 3600i64)
            .bind(g.department)
            .bind(g.assignee)
            .bind(g.handling)
            .bind(g.received)
            .bind(g.decision)
            .bind(g.interim_due)
            .bind(g.interim_sent)
            .bind(g.phone.as_deref().map(|p| key.phone(p)))
            .bind(g.email.as_deref().map(|e| key.email(e)));
    }
    q.execute(&mut **tx).await?;
    Ok(id_base + i64::try_from(rows.len()).unwrap_or(0))
}
