//! The complaint domain, shared by the browser and the server.
//!
//! Every value that crosses a trust boundary is parsed here once into a type that cannot
//! hold an invalid value ("parse, don't validate"). The same functions give the kiosk its
//! instant field messages and the server its authoritative 422 answers.

mod business_time;
mod case;
mod closure;
mod contact;
mod error;
mod holidays;
mod kind;
mod policy;
mod receipt;
mod role;
mod status;
mod survey;
mod time;

pub use business_time::{business_days, business_hours, format_business, BadHours, BusinessCalendar, BusinessHours, Clock, Pause};
pub use case::{AnswerInput, Consent, Content, NewCaseInput, PersonName, ValidAnswer, ValidNewCase, MAX_TEXT, MIN_CONTENT};
pub use closure::{closure_text, NotComplaintReason};
pub use contact::{Email, PhoneNumber};
pub use holidays::{korean_public_holiday_dates, KOREAN_PUBLIC_HOLIDAYS};
pub use error::{FieldError, FieldErrors};
pub use kind::{Channel, VocKind};
pub use policy::{DeadlinePolicy, HolidayInput, PauseInput, PauseReason, PolicyInput};
pub use receipt::ReceiptNo;
pub use role::{can_see_case, Decision, Role};
pub use status::CaseStatus;
pub use survey::{SurveyInput, SurveyItem, ValidSurvey, SURVEY_ITEMS};
pub use time::{format_remaining, seoul, to_seoul};
