//! One module per surface. Pages render the same markup on the server and on hydration;
//! data that belongs to one person or changes by the second is fetched in the browser.

mod admin_calendar;
mod admin_notices;
mod admin_org;
mod admin_users;
mod case;
mod case_actions;
mod common;
mod contact_fields;
mod follow_up;
mod home;
mod improvements;
mod kiosk;
mod login;
mod materials;
mod queue;
mod register;
mod reports;
mod survey;
mod track;

pub use admin_calendar::AdminCalendarPage;
pub use admin_notices::AdminNoticesPage;
pub use admin_org::AdminOrgPage;
pub use admin_users::AdminUsersPage;
pub use case::CasePage;
pub use home::{HomePage, NotFound};
pub use improvements::ImprovementsPage;
pub use kiosk::KioskPage;
pub use login::LoginPage;
pub use materials::MaterialsPage;
pub use queue::QueuePage;
pub use register::RegisterPage;
pub use reports::ReportsPage;
pub use survey::SurveyPage;
pub use track::TrackPage;
