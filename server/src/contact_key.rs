//! The keyed hash by which a case is found from its complainant's phone number or e-mail
//! address (the case search's `contact`, the complainant's other cases, their conduct
//! incidents): HMAC-SHA-256 of the normalised contact — a phone number's digits, an e-mail
//! address in lower case — under a key that the database does not hold. The index holds
//! hashes only, so a copy of the database without the key cannot be searched by contact, and
//! the retention purge clears the hashes with the contacts.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Bytes of the digest kept: 128 bits, more than enough to tell apart every contact there is.
const KEPT: usize = 16;

/// The shortest `VOC_CONTACT_KEY` accepted.
pub const MIN_SECRET_CHARS: usize = 32;

#[derive(Clone)]
pub struct ContactKey {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for ContactKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactKey(…)")
    }
}

impl ContactKey {
    pub fn from_secret(secret: &[u8]) -> Self {
        // HMAC takes a key of any length.
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        Self { mac }
    }

    /// The hash of a phone number as stored: its digits.
    pub fn phone(&self, digits: &str) -> String {
        self.digest("phone", digits)
    }

    /// The hash of an e-mail address, in any case.
    pub fn email(&self, address: &str) -> String {
        self.digest("email", &address.to_lowercase())
    }

    pub fn of(&self, contact: &app::domain::Contact) -> String {
        match contact {
            app::domain::Contact::Phone(p) => self.phone(p.digits()),
            app::domain::Contact::Email(e) => self.email(e.as_str()),
        }
    }

    /// What the database keeps to know the key again.
    pub fn check(&self) -> String {
        self.digest("check", "고객의 소리 contact key")
    }

    fn digest(&self, what: &str, value: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(what.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let bytes = mac.finalize().into_bytes();
        crate::auth::hex(&bytes[..KEPT])
    }
}

/// Where the key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactKeySource {
    /// `VOC_CONTACT_KEY`: the key itself (at least [`MIN_SECRET_CHARS`] characters). Every
    /// instance serving one PostgreSQL database needs the same.
    Secret(String),
    /// `VOC_CONTACT_KEY_FILE`: a file holding it, made with a random key (readable by its owner
    /// only) when missing. Default: next to a SQLite database (`data/voc.db-contact.key`),
    /// `data/contact.key` for PostgreSQL.
    File(std::path::PathBuf),
    /// Neither set: the default file for the database.
    Default,
}

#[derive(Debug, thiserror::Error)]
pub enum ContactKeyError {
    #[error("VOC_CONTACT_KEY is {0} characters; it needs at least {MIN_SECRET_CHARS}")]
    TooShort(usize),
    #[error("the contact key file {path}: {error}")]
    File { path: String, error: std::io::Error },
    #[error("the contact key file {0} holds fewer than {MIN_SECRET_CHARS} characters")]
    FileTooShort(String),
}

impl ContactKeySource {
    /// The key for the database at `database_url`, the file made if it has to be.
    pub fn load(&self, database_url: &str) -> Result<ContactKey, ContactKeyError> {
        let path = match self {
            Self::Secret(s) => {
                let n = s.chars().count();
                return if n < MIN_SECRET_CHARS {
                    Err(ContactKeyError::TooShort(n))
                } else {
                    Ok(ContactKey::from_secret(s.as_bytes()))
                };
            }
            Self::File(p) => p.clone(),
            Self::Default => default_file(database_url),
        };
        let shown = path.display().to_string();
        let file_error = |error| ContactKeyError::File { path: shown.clone(), error };
        let secret = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path).map_err(file_error)?,
            Err(e) => return Err(file_error(e)),
        };
        let secret = secret.trim();
        if secret.chars().count() < MIN_SECRET_CHARS {
            return Err(ContactKeyError::FileTooShort(shown));
        }
        Ok(ContactKey::from_secret(secret.as_bytes()))
    }
}

/// Next to a SQLite file; `data/contact.key` otherwise.
fn default_file(database_url: &str) -> std::path::PathBuf {
    match crate::store::Backend::of_url(database_url) {
        Some(crate::store::Backend::Sqlite) => {
            let path = crate::store::sqlite_path(database_url);
            std::path::PathBuf::from(format!("{path}-contact.key"))
        }
        _ => std::path::PathBuf::from("data/contact.key"),
    }
}

/// A new file with a random key, or the key of one another process made first.
fn create(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let secret = format!("{}{}", crate::auth::random_token(), crate::auth::random_token());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(secret.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            tracing::warn!(file = %path.display(), "made a new contact key; keep it with the database's backups");
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(path),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_hashes_alike_in_any_writing_and_differently_under_another_key() {
        let key = ContactKey::from_secret(b"0123456789abcdef0123456789abcdef");
        let phone = |s: &str| key.of(&app::domain::Contact::Phone(app::domain::PhoneNumber::parse(s).unwrap()));
        assert_eq!(phone("010-1234-5678"), phone("+82 10 1234 5678"));
        assert_eq!(phone("01012345678"), key.phone("01012345678"));
        assert_ne!(phone("010-1234-5678"), phone("010-1234-5679"));
        assert_eq!(key.email("Kim@Example.KR"), key.email("kim@example.kr"));
        // A phone number and an e-mail address never share a hash by being the same text.
        assert_ne!(key.phone("x"), key.email("x"));
        let other = ContactKey::from_secret(b"another key another key another k");
        assert_ne!(other.phone("01012345678"), key.phone("01012345678"));
        assert_ne!(other.check(), key.check());
        let h = key.phone("01012345678");
        assert_eq!(h.len(), 32);
        assert!(!h.contains("5678"));
    }

    #[test]
    fn a_short_secret_is_refused_and_a_file_is_made_once() {
        let short = ContactKeySource::Secret("short".into()).load("sqlite:x.db");
        assert!(matches!(short, Err(ContactKeyError::TooShort(5))));
        let dir = tempfile::TempDir::new().unwrap();
        let url = format!("sqlite:{}", dir.path().join("voc.db").display());
        let first = ContactKeySource::Default.load(&url).unwrap();
        let file = dir.path().join("voc.db-contact.key");
        assert!(file.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let again = ContactKeySource::File(file.clone()).load("postgres://elsewhere").unwrap();
        assert_eq!(first.check(), again.check());
        std::fs::write(&file, "too short\n").unwrap();
        assert!(matches!(ContactKeySource::Default.load(&url), Err(ContactKeyError::FileTooShort(_))));
    }
}
