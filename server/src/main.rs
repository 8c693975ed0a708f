#![recursion_limit = "256"]
use server::config::Config;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: server                          run the product (settings from the environment)
       server copy-db --from URL --to URL   copy a whole database into an empty one (SQLite <-> PostgreSQL)
       server gen-cases --db URL --count N [--seed S] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--open]
                                            fill an empty database with realistic cases (default 2025-01-01..2026-12-31;
                                            --open: none closed, a live queue of N open cases)
       server report --db URL --from YYYY-MM-DD --to YYYY-MM-DD [--department ID] [--runs N]
                                            time the period report, the organisation's or a department's
                                            (JSON of the first run on stdout)
       server recurring --db URL --from YYYY-MM-DD --to YYYY-MM-DD [--department ID] [--runs N]
                                            time the recurring causes of a period (JSON on stdout)
       server kpi --db URL [--year YYYY] [--runs N]
                                            time the KPI dashboard and the public statistics of a year
       server search --db URL [--q TEXT] [--contact PHONE|EMAIL] [--runs N]
                                            time the first page of a case search, as an administrator sees it
       server queue --db URL [--view VIEW] [--runs N]
                                            time the first page of the live queue with every view's count and the
                                            choices, as an administrator sees it (what GET /api/v1/queue runs)";

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => serve().await,
        Some("copy-db") => copy_db(&args[1..]).await,
        Some("gen-cases") => gen_cases(&args[1..]).await,
        Some("report") => report(&args[1..]).await,
        Some("recurring") => recurring(&args[1..]).await,
        Some("search") => search(&args[1..]).await,
        Some("queue") => queue(&args[1..]).await,
        Some("kpi") => kpi(&args[1..]).await,
        Some("-h" | "--help" | "help") => {
            eprintln!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}").into()),
    }
}

async fn copy_db(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(from), Some(to)) = (arg("--from"), arg("--to")) else {
        return Err(USAGE.into());
    };
    use server::config::redact_url;
    tracing::info!(from = %redact_url(&from), to = %redact_url(&to), "copying database");
    let key = server::config::contact_key_from_env().load(&from)?;
    let report = server::store::copy::copy_database(&from, &to, &key).await?;
    for t in &report {
        tracing::info!(table = %t.table, rows = t.rows, checksum = %t.checksum, "verified");
    }
    let rows: u64 = report.iter().map(|t| t.rows).sum();
    tracing::info!(tables = report.len(), rows, "copy complete; row counts and checksums match");
    Ok(())
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn date_arg(args: &[String], name: &str, default: &str) -> Result<chrono::NaiveDate, Box<dyn std::error::Error>> {
    let v = arg(args, name).unwrap_or_else(|| default.to_owned());
    chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| format!("{name} {v:?} is not YYYY-MM-DD").into())
}

async fn gen_cases(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let db = arg(args, "--db").ok_or(USAGE)?;
    let count: usize = arg(args, "--count").ok_or(USAGE)?.parse()?;
    let seed: u64 = arg(args, "--seed").map_or(Ok(1), |s| s.parse())?;
    let (from, to) = (date_arg(args, "--from", "2025-01-01")?, date_arg(args, "--to", "2026-12-31")?);
    let store = server::open_tool_store(&db).await?;
    let started = std::time::Instant::now();
    let all_open = args.iter().any(|a| a == "--open");
    let surveys = server::generate::generate(&store, count, seed, (from, to), all_open).await?;
    tracing::info!(cases = count, surveys, seconds = started.elapsed().as_secs_f64(), "generated");
    Ok(())
}

async fn report(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let db = arg(args, "--db").ok_or(USAGE)?;
    let (from, to) = (date_arg(args, "--from", "")?, date_arg(args, "--to", "")?);
    let runs: usize = arg(args, "--runs").map_or(Ok(5), |s| s.parse())?;
    let scope = scope_arg(args)?;
    let store = server::open_tool_store(&db).await?;
    let now = chrono::Utc::now();
    let mut times = Vec::new();
    let mut first = None;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        let s = server::reports::summary(&store, from, to, now, scope).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        first.get_or_insert(s);
    }
    let s = first.ok_or("no run")?;
    times.sort_by(f64::total_cmp);
    tracing::info!(
        received = s.received,
        runs = times.len(),
        min_ms = times[0],
        median_ms = times[times.len() / 2],
        max_ms = times[times.len() - 1],
        "period report"
    );
    use std::io::Write;
    writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&s)?)?;
    Ok(())
}

/// The organisation, or the department `--department` names.
fn scope_arg(args: &[String]) -> Result<server::store::ReportScope, Box<dyn std::error::Error>> {
    Ok(match arg(args, "--department") {
        None => server::store::ReportScope::All,
        Some(d) => server::store::ReportScope::Department(d.parse()?),
    })
}

async fn recurring(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let db = arg(args, "--db").ok_or(USAGE)?;
    let (from, to) = (date_arg(args, "--from", "")?, date_arg(args, "--to", "")?);
    let runs: usize = arg(args, "--runs").map_or(Ok(5), |s| s.parse())?;
    let scope = scope_arg(args)?;
    let store = server::open_tool_store(&db).await?;
    let mut times = Vec::new();
    let mut first = None;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        let r = server::recurring::report(&store, from, to, scope).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        first.get_or_insert(r);
    }
    let r = first.ok_or("no run")?;
    let texts = r.terms.first().map_or(0, |g| g.texts + g.previous_texts);
    let (min_ms, median_ms, max_ms) = spread(times);
    tracing::info!(texts, runs, min_ms, median_ms, max_ms, "recurring causes");
    use std::io::Write;
    writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&r)?)?;
    Ok(())
}

/// Minimum, median and maximum of timings in milliseconds.
fn spread(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2], times[times.len() - 1])
}

async fn kpi(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use chrono::Datelike;
    let db = arg(args, "--db").ok_or(USAGE)?;
    let now = chrono::Utc::now();
    let year: i32 = arg(args, "--year").map_or(Ok(now.year()), |s| s.parse())?;
    let runs: usize = arg(args, "--runs").map_or(Ok(5), |s| s.parse())?;
    let store = server::open_tool_store(&db).await?;
    let (mut dashboard, mut statistics) = (Vec::new(), Vec::new());
    let mut received = 0;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        std::hint::black_box(server::kpi::dashboard(&store, year, now, false).await?);
        dashboard.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = std::time::Instant::now();
        received = server::kpi::statistics(&store, year, now).await?.total.received;
        statistics.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    for (what, times) in [("KPI dashboard", dashboard), ("public statistics", statistics)] {
        let (min_ms, median_ms, max_ms) = spread(times);
        tracing::info!(year, received, runs, min_ms, median_ms, max_ms, "{what}");
    }
    Ok(())
}

async fn search(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let db = arg(args, "--db").ok_or(USAGE)?;
    let runs: usize = arg(args, "--runs").map_or(Ok(9), |s| s.parse())?;
    let input = app::domain::CaseSearchInput {
        q: arg(args, "--q").unwrap_or_default(),
        contact: arg(args, "--contact").unwrap_or_default(),
        ..Default::default()
    };
    let search = input.parse().map_err(|e| format!("{e:?}"))?;
    let store = server::open_tool_store(&db).await?;
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        let (n, page) = server::store::Store::search_cases(&store, &search, app::domain::CaseScope::All).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        total = n;
        std::hint::black_box(page);
    }
    times.sort_by(f64::total_cmp);
    tracing::info!(
        total,
        runs = times.len(),
        min_ms = times[0],
        median_ms = times[times.len() / 2],
        max_ms = times[times.len() - 1],
        "case search, first page"
    );
    Ok(())
}

async fn queue(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let db = arg(args, "--db").ok_or(USAGE)?;
    let runs: usize = arg(args, "--runs").map_or(Ok(9), |s| s.parse())?;
    let input = app::queue::QueueFilterInput { view: arg(args, "--view").unwrap_or_default(), ..Default::default() };
    let filter = input.parse().map_err(|e| format!("{e:?}"))?;
    let store = server::open_tool_store(&db).await?;
    // As the administrator sees it; a generated database has no accounts but its handlers.
    let admin = match server::store::Store::user_for_login(&store, "admin").await? {
        Some((user, _)) => user,
        None => server::store::User {
            id: 0,
            username: "admin".into(),
            display_name: "admin".into(),
            role: app::domain::Role::Admin,
            department_id: None,
            department_name: None,
            active: true,
            email: None,
            must_change_password: false,
            two_factor: false,
        },
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        let look = server::queue::look(&store, &admin, &filter, chrono::Utc::now()).await?;
        let page = server::queue::page(&store, &look).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(page);
    }
    let page = last.ok_or("no run")?;
    times.sort_by(f64::total_cmp);
    tracing::info!(
        open = page.counts.all,
        view = page.view.as_str(),
        in_view = page.total,
        rows = page.items.len(),
        bytes = serde_json::to_vec(&page)?.len(),
        runs = times.len(),
        min_ms = times[0],
        median_ms = times[times.len() / 2],
        max_ms = times[times.len() - 1],
        "live queue, first page"
    );
    Ok(())
}

async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let shutdown = CancellationToken::new();
    let (router, _state) = server::build(&config, shutdown.clone()).await?;
    let listener = tokio::net::TcpListener::bind(config.site_addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    if server::config::is_loopback_url(&config.notify.public_url) {
        tracing::warn!(
            public_url = %config.notify.public_url,
            "VOC_PUBLIC_URL is a loopback address: the links in notices and the kiosk's QR codes open only on this machine; set it to the address citizens reach"
        );
    }
    let signal = shutdown.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        signal.cancel();
    });
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
