//! Facilities and categories as administrators keep them: a code, a Korean and an English
//! name (the kiosk shows both), for categories a parent, and whether it is offered.

use serde::{Deserialize, Serialize};

use super::{FieldError, FieldErrors};

/// The longest facility or category name, in characters.
pub const NAME_MAX: usize = 100;

/// A configuration code (departments, facilities, categories): 2–32 of `a-z`, `0-9`, `_`.
/// Only ASCII letters are folded (`Kiosk` is `kiosk`); a look-alike such as the Kelvin sign
/// stays what it is and is refused. (Folding ASCII alone also keeps Unicode's case tables,
/// about 30 KB, out of the browser bundles.)
pub fn parse_code(v: &str) -> Result<String, FieldError> {
    let code = v.trim().to_ascii_lowercase();
    if (2..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(code)
    } else {
        Err(FieldError::InvalidCode)
    }
}

fn name(v: &str) -> Result<String, FieldError> {
    let t = v.trim();
    if t.is_empty() {
        Err(FieldError::Required)
    } else if t.chars().count() > NAME_MAX {
        Err(FieldError::TooLong { max: NAME_MAX })
    } else {
        Ok(t.to_owned())
    }
}

/// `POST /api/v1/catalogue/{facilities|categories}`; `PUT …/{code}` reads the names (empty:
/// unchanged) and `active`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_ko: String,
    #[serde(default)]
    pub name_en: String,
    /// A category's parent (a top-level category's code); empty for none.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
    /// A category complainants choose themselves on the homepage (categories only).
    #[serde(default)]
    pub public: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEntry {
    pub code: String,
    pub name_ko: String,
    pub name_en: String,
    pub parent: Option<String>,
    pub public: bool,
}

impl CatalogueInput {
    pub fn validate_new(&self) -> Result<ValidEntry, FieldErrors> {
        let mut errs = FieldErrors::default();
        let code = errs.take("code", parse_code(&self.code));
        let name_ko = errs.take("name_ko", name(&self.name_ko));
        let name_en = errs.take("name_en", name(&self.name_en));
        let parent = self.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
        match (code, name_ko, name_en) {
            (Some(code), Some(name_ko), Some(name_en)) if errs.is_empty() => {
                Ok(ValidEntry { code, name_ko, name_en, parent, public: self.public.unwrap_or(false) })
            }
            _ => Err(errs),
        }
    }

    /// The new names, each `None` when left empty.
    pub fn validate_update(&self) -> Result<(Option<String>, Option<String>), FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut optional = |field: &str, v: &str| {
            if v.trim().is_empty() { None } else { errs.take(field, name(v)) }
        };
        let ko = optional("name_ko", &self.name_ko);
        let en = optional("name_en", &self.name_en);
        if errs.is_empty() { Ok((ko, en)) } else { Err(errs) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lowercase_words_and_names_are_needed_in_both_languages() {
        assert_eq!(parse_code(" Cable_Car "), Ok("cable_car".into()));
        // "\u{212A}iosk" starts with the Kelvin sign, which Unicode would fold to `k`.
        for bad in ["a", "케이블카", "cable car", &"x".repeat(33), "\u{212A}iosk"] {
            assert_eq!(parse_code(bad), Err(FieldError::InvalidCode), "{bad}");
        }
        let errs = CatalogueInput { code: "x".into(), name_ko: "케이블카".into(), ..Default::default() }
            .validate_new()
            .unwrap_err();
        let fields: Vec<&str> = errs.0.keys().map(String::as_str).collect();
        assert_eq!(fields, ["code", "name_en"]);
        let ok = CatalogueInput {
            code: "cable_car".into(),
            name_ko: "케이블카".into(),
            name_en: "Cable car".into(),
            parent: Some(" ".into()),
            active: None,
            public: None,
        };
        assert_eq!(ok.validate_new().unwrap().parent, None);
        let long = CatalogueInput { name_en: "x".repeat(NAME_MAX + 1), ..Default::default() };
        assert_eq!(long.validate_update().unwrap_err().get("name_en").unwrap().code, "too_long");
        assert_eq!(CatalogueInput::default().validate_update(), Ok((None, None)));
    }
}
