#![recursion_limit = "256"]
//! The VOC server: SSR of the Leptos pages, the JSON API, server push and start-up.

pub mod api;
pub mod attachments;
pub mod auth;
pub mod config;
pub mod contact_key;
pub mod error;
pub mod evaluations;
pub mod events;
pub mod generate;
pub mod jobs;
pub mod kpi;
pub mod letter;
pub mod notify;
pub mod observe;
pub mod profile;
pub mod proxy;
pub mod qr;
pub mod queue;
pub mod recurring;
pub mod reduction;
pub mod report_mail;
pub mod reports;
pub mod security;
pub mod store;
pub mod throttle;
pub mod trail;
pub mod training;
pub mod two_factor;
pub mod workflow;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use chrono::Utc;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tower_http::compression::CompressionLayer;

use crate::config::Config;
use crate::store::{Backend, NewUser, SqlStore, Store, StoreError};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// What every open event stream of this instance hears.
    pub events: broadcast::Sender<events::BusEvent>,
    pub leptos: LeptosOptions,
    /// Cancelled on SIGTERM: open event streams end so the server can stop.
    pub shutdown: CancellationToken,
    /// How the session cookie is set (`Secure` and `__Host-` behind https).
    pub cookies: auth::CookiePolicy,
    /// The clock every handler reads; tests put a hand-moved one here.
    pub clock: Clock,
    pub session_limits: store::SessionLimits,
    /// Whose `X-Forwarded-For` and `X-Forwarded-Host` count (`VOC_TRUSTED_PROXIES`).
    pub proxies: proxy::TrustedProxies,
    /// What anyone may do without signing in, per client address.
    pub intake_limits: throttle::IntakeLimits,
    /// `VOC_RETENTION_YEARS`: how long a closed case keeps its personal data.
    pub retention_years: i64,
    /// `VOC_STAFF_2FA`: whether staff must set up a second factor before they work.
    pub two_factor: two_factor::Policy,
    /// Event streams open on this instance, per user.
    pub open_streams: api::OpenStreams,

    /// Days after closure the survey stays open (`VOC_SURVEY_DAYS`).
    pub survey_days: i64,
    /// A survey score that opens a follow-up (`VOC_SURVEY_FOLLOW_UP_AT_MOST`; 0: none).
    pub survey_follow_up_at_most: u8,
    /// The address complainants reach this service at (`VOC_PUBLIC_URL`): QR codes and the
    /// links in notices.
    pub public_url: String,
    /// Receipt notices one recipient gets in 24 hours at most; more are withheld
    /// (`VOC_RECEIPTS_PER_RECIPIENT_PER_DAY`).
    pub receipt_cap: i64,
    /// This instance's request, outbox, stream and pool figures (`/metrics`).
    pub metrics: Arc<observe::Metrics>,
    /// The written result notice's sender, telephone and font.
    pub letters: Arc<letter::Letters>,
    /// The public statistics, counted at most every ten minutes.
    pub statistics: api::StatisticsCache,
    /// The amount each compensation ground gives when none is named (`VOC_COMPENSATION_KRW`).
    pub compensation: Arc<app::domain::CompensationDefaults>,
    /// The channels notices can leave by (`VOC_SMTP_URL`, `VOC_SMS_URL`); the others wait.
    pub delivery_channels: Vec<app::domain::NoticeChannel>,
}

/// Where "now" comes from.
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<Utc> + Send + Sync>;

impl AppState {
    pub fn now(&self) -> chrono::DateTime<Utc> {
        (self.clock)()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("unsupported DATABASE_URL {0:?}: use sqlite:<path> or postgres://…")]
    UnsupportedDatabase(String),
    #[error("SQLite {0} is older than 3.51.3, which fixes a WAL corruption bug")]
    SqliteTooOld(String),
    #[error("PostgreSQL listener: {0}")]
    Listener(#[from] sqlx::Error),
    #[error("{0}")]
    Mail(#[from] notify::MailSetupError),
    #[error("{0}")]
    ContactKey(#[from] contact_key::ContactKeyError),
    #[error("VOC_PROFILE={profile} sets up a new database only; this one already has {what}")]
    ProfileTooLate { profile: &'static str, what: String },
}

/// Opens the store named by `DATABASE_URL` with the contact key.
pub async fn open_store(config: &Config) -> Result<Arc<dyn Store>, StartError> {
    let url = config.database_url.as_str();
    if Backend::of_url(url).is_none() {
        return Err(StartError::UnsupportedDatabase(url.to_owned()));
    }
    let key = config.contact_key.load(url)?;
    let store = if config.contact_rekey {
        SqlStore::open_rekeying(url, &key).await?
    } else {
        SqlStore::open(url, &key).await?
    };
    Ok(Arc::new(store))
}

fn version_at_least(version: &str, min: (u32, u32, u32)) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let v = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    v >= min
}

/// On an empty user table, creates `admin` with `VOC_ADMIN_PASSWORD` or a random password
/// that is logged once.
async fn bootstrap_admin(store: &dyn Store, password: Option<&str>) -> Result<(), StartError> {
    if store.user_count().await? > 0 {
        return Ok(());
    }
    let (password, generated) = match password {
        Some(p) => (p.to_owned(), false),
        None => (auth::random_token(), true),
    };
    let user = NewUser {
        username: "admin".into(),
        display_name: "관리자".into(),
        role: app::domain::Role::Admin,
        department_id: None,
        password_hash: auth::hash_password(password.clone()).await,
        email: None,
        // A password that stood in a log is changed at the first sign-in.
        must_change_password: generated,
    };
    match store.create_user(&user, Utc::now()).await {
        Ok(_) => {}
        // Another instance starting at the same moment got there first.
        Err(StoreError::AlreadyExists) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    if generated {
        tracing::warn!(
            "created user 'admin' with the one-time password {password} — sign in with it and choose a new one (it works for nothing else)"
        );
    } else {
        tracing::info!("created user 'admin' with the password from VOC_ADMIN_PASSWORD");
    }
    Ok(())
}

/// Sets a new database up for the configured organisation, once.
async fn apply_profile(store: &dyn Store, profile: profile::Profile) -> Result<(), StartError> {
    let Some(data) = profile.data() else { return Ok(()) };
    match store.apply_profile_once(data, Utc::now()).await? {
        store::ProfileOutcome::Applied => tracing::info!(profile = data.name, "organisation profile applied"),
        store::ProfileOutcome::AlreadyApplied => {}
        store::ProfileOutcome::InUse(what) => return Err(StartError::ProfileTooLate { profile: data.setting, what }),
    }
    Ok(())
}

/// Seeds the Korean public holidays once, and once each later change of the law (a day
/// already in the table keeps its row); an administrator's later edits are never undone.
async fn seed_holidays(store: &dyn Store) -> Result<(), StartError> {
    let rows = |list: &[(&str, &str, &str)]| -> Vec<store::Holiday> {
        list.iter()
            .filter_map(|(d, ko, en)| {
                let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
                Some(store::Holiday { date, name_ko: (*ko).into(), name_en: (*en).into() })
            })
            .collect()
    };
    let seeds = [
        ("korean_public_holidays_2025_2028", rows(app::domain::KOREAN_PUBLIC_HOLIDAYS)),
        // 노동절 and 제헌절 became public holidays in 2026.
        ("korean_public_holidays_2026_amendment", rows(app::domain::HOLIDAYS_ADDED_IN_2026)),
    ];
    for (name, holidays) in seeds {
        if store.seed_holidays_once(name, &holidays, Utc::now()).await? {
            tracing::info!(seed = name, count = holidays.len(), "seeded Korean public holidays");
        }
    }
    Ok(())
}

/// The store at `url` for a command-line tool, with the contact key its environment names.
pub async fn open_tool_store(url: &str) -> Result<SqlStore, StartError> {
    let key = config::contact_key_from_env().load(url)?;
    Ok(SqlStore::open(url, &key).await?)
}

/// Builds the whole application: store opened and migrated, first admin in place, routes.
pub async fn build(config: &Config, shutdown: CancellationToken) -> Result<(Router, AppState), StartError> {
    build_with_clock(config, shutdown, Arc::new(Utc::now)).await
}

/// [`build`] with a given clock.
pub async fn build_with_clock(
    config: &Config,
    shutdown: CancellationToken,
    clock: Clock,
) -> Result<(Router, AppState), StartError> {
    let transports = notify::Transports::from_config(&config.notify)?;
    let store = open_store(config).await?;
    let version = store.engine_version().await?;
    tracing::info!(database = store.backend(), version = %version, "store ready");
    if store.backend() == "sqlite" && !version_at_least(&version, (3, 51, 3)) {
        return Err(StartError::SqliteTooOld(version));
    }
    apply_profile(store.as_ref(), config.profile).await?;
    bootstrap_admin(store.as_ref(), config.admin_password.as_deref()).await?;
    seed_holidays(store.as_ref()).await?;

    let leptos = LeptosOptions::builder()
        .output_name("voc")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    let (events, _) = broadcast::channel(1024);
    if store.backend() == "postgres" {
        events::spawn_listener(config.database_url.clone(), events.clone(), store.clone(), shutdown.clone()).await?;
    }
    let state = AppState {
        store,
        events,
        leptos,
        shutdown,
        cookies: auth::CookiePolicy {
            secure: config.secure_cookies || config.notify.public_url.starts_with("https://"),
            max_age_secs: config.session_max_hours * 3600,
        },
        clock,
        session_limits: auth::session_limits(config.session_idle_minutes, config.session_max_hours),
        proxies: config.trusted_proxies.clone(),
        intake_limits: config.intake_limits.clone(),
        open_streams: api::OpenStreams::default(),
        retention_years: config.retention_years,
        two_factor: config.staff_2fa,
        metrics: observe::Metrics::new(config.metrics_from.clone()),
        survey_days: config.notify.survey_days,
        survey_follow_up_at_most: config.notify.survey_follow_up_at_most,
        delivery_channels: config.notify.channels(),
        public_url: config.notify.public_url.clone(),
        receipt_cap: config.notify.receipts_per_recipient_per_day,
        letters: Arc::new(letter::Letters::new(&config.letter, config.profile)),
        statistics: api::StatisticsCache::default(),
        compensation: Arc::new(config.compensation.clone()),
    };

    notify::spawn_worker(state.store.clone(), transports, config.notify.clone(), state.shutdown.clone());
    notify::spawn_sweeper(state.store.clone(), state.clock.clone(), config.notify.clone(), state.shutdown.clone());
    jobs::spawn(state.clone(), config.notify.sweep_secs, state.shutdown.clone());

    // Each public page (the kiosk, the complainants' pages) has a shell and bundle of its own;
    // the rest are the staff app's.
    let routes: Vec<_> =
        generate_route_list(app::App).into_iter().filter(|r| !app::PublicPage::is_public_path(r.path())).collect();
    let assets = site_assets(&config.site_root);
    let shell_options = state.leptos.clone();
    let shell_assets = assets.clone();
    let router = app::PublicPage::ALL.into_iter().fold(api::router(), |router, page| {
        let (options, assets) = (state.leptos.clone(), assets.clone());
        let shell = leptos_axum::render_app_to_stream_with_context(
            || {},
            move || app::public_shell(options.clone(), &assets, page),
        );
        page.paths().iter().fold(router, |router, path| router.route(path, axum::routing::get(shell.clone())))
    });
    let router = router
        .leptos_routes(&state, routes, move || app::shell(shell_options.clone(), &shell_assets))
        .route_layer(axum::middleware::from_fn(observe::tag_route))
        // Static files (the precompressed `.br`/`.gz` beside each when the client takes
        // them), else the not-found page.
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(move |options| app::shell(options, &assets)))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::same_origin_only));
    let router = security::harden(router, config.notify.public_url.starts_with("https://"))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), observe::requests))
        .with_state(state.clone());
    Ok((router, state))
}

/// The hashed file names of the site build under `site_root` (`pkg/assets.txt`); without
/// that list, the unhashed names of an older build.
fn site_assets(site_root: &str) -> app::SiteAssets {
    match std::fs::read_to_string(std::path::Path::new(site_root).join("pkg/assets.txt")) {
        Ok(text) => app::SiteAssets::parse(&text),
        Err(e) => {
            tracing::warn!(site_root, error = %e, "no pkg/assets.txt: pages load the unhashed bundle names");
            app::SiteAssets::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::version_at_least;

    #[test]
    fn sqlite_versions_compare_numerically() {
        assert!(version_at_least("3.51.3", (3, 51, 3)));
        assert!(version_at_least("3.52.0", (3, 51, 3)));
        assert!(version_at_least("3.100.0", (3, 51, 3)));
        assert!(!version_at_least("3.51.2", (3, 51, 3)));
        assert!(!version_at_least("3.9.9", (3, 51, 3)));
    }
}
