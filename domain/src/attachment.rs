//! Files a complainant attaches to a VOC: photos or documents, at most
//! [`MAX_ATTACHMENTS`] of at most [`MAX_ATTACHMENT_BYTES`] each. The kind is what the bytes
//! are (the server sniffs them), never what the name says.

use serde::{Deserialize, Serialize};

use super::FieldError;

pub const MAX_ATTACHMENTS: usize = 5;
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Jpeg,
    Png,
    Heic,
    Pdf,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Heic => "heic",
            Self::Pdf => "pdf",
        }
    }

    /// The media type it is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heic => "image/heic",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Jpeg, Self::Png, Self::Heic, Self::Pdf].into_iter().find(|k| k.as_str() == s)
    }

    pub fn is_image(self) -> bool {
        !matches!(self, Self::Pdf)
    }
}

/// The name a file is stored and shown under: the last path segment, without control
/// characters, at most 120 characters; a nameless file is called "첨부파일".
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let name = name.trim();
    if name.is_empty() { "첨부파일".to_owned() } else { name.to_owned() }
}

/// Checks what the browser can know before sending: how many files and how large.
pub fn check_size(name: &str, size: usize) -> Result<(), FieldError> {
    if size == 0 {
        Err(FieldError::FileEmpty { name: clean_file_name(name) })
    } else if size > MAX_ATTACHMENT_BYTES {
        Err(FieldError::FileTooLarge { name: clean_file_name(name), max_mb: MAX_ATTACHMENT_BYTES / (1024 * 1024) })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\kim\\사진 1.jpg"), "사진 1.jpg");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_file_name("  "), "첨부파일");
        assert_eq!(clean_file_name(&"가".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn sizes_are_bounded_both_ways() {
        assert!(check_size("a.jpg", 1).is_ok());
        assert!(check_size("a.jpg", MAX_ATTACHMENT_BYTES).is_ok());
        assert!(matches!(
            check_size("a.jpg", MAX_ATTACHMENT_BYTES + 1),
            Err(FieldError::FileTooLarge { max_mb: 10, .. })
        ));
        assert!(matches!(check_size("a.jpg", 0), Err(FieldError::FileEmpty { .. })));
    }

    #[test]
    fn kinds_round_trip() {
        for k in [MediaKind::Jpeg, MediaKind::Png, MediaKind::Heic, MediaKind::Pdf] {
            assert_eq!(MediaKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(MediaKind::parse("gif"), None);
    }
}
