//! Where a page may send the browser after signing in: a path on this site, never another
//! site. Browsers read `//host`, `/\host` and `\\host` as another host, and drop tab and
//! newline characters from URLs before reading them, so all of those are refused.

/// `next` when it is a path on this site; `None` for anything a browser could take off-site.
pub fn local_path(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let local = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !next.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_pass() {
        for ok in ["/queue", "/cases/7?tab=history", "/", "/admin/users#top"] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/ /evil",
            "/a\\b",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
