//! Compiles `locales/app.yml` into `text!`, one macro arm per key that stands for the key's
//! `i18n::Text` (its Korean and English). A page names each text it shows as `text!("key")`:
//! a key the file lacks does not compile, and a bundle holds only the texts its pages name,
//! not the whole file. A key missing a language, or written twice, fails the build.
//!
//! The file's form: a key on a line of its own (`home.title:`), then its texts indented, each
//! double-quoted (`  ko: "…"`, `  en: "…"`); `#` lines are comments.

use std::collections::BTreeMap;
use std::fmt::Write as _;

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed=locales/app.yml");
    let source = std::fs::read_to_string("locales/app.yml").map_err(|e| format!("locales/app.yml: {e}"))?;
    let texts = parse(&source).map_err(|e| format!("locales/app.yml: {e}"))?;
    let mut out = String::from(
        "/// The text under a key of `locales/app.yml`, in both languages (written by `build.rs`).\n\
         macro_rules! text {\n",
    );
    for (key, (ko, en)) in &texts {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "    ({key:?}) => {{ $crate::i18n::Text {{ ko: {ko:?}, en: {en:?} }} }};");
    }
    out.push_str("}\n");
    let dir = std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    std::fs::write(std::path::Path::new(&dir).join("texts.rs"), out).map_err(|e| format!("texts.rs: {e}"))
}

/// Every key with its Korean and English text.
fn parse(source: &str) -> Result<BTreeMap<String, (String, String)>, String> {
    let mut texts: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    let mut key: Option<String> = None;
    for (n, line) in source.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('_') {
            continue;
        }
        if !line.starts_with(' ') {
            let k = trimmed.strip_suffix(':').ok_or(format!("line {n}: a key ends with `:`"))?;
            if texts.insert(k.to_owned(), (None, None)).is_some() {
                return Err(format!("line {n}: `{k}` is written twice"));
            }
            key = Some(k.to_owned());
            continue;
        }
        let k = key.as_ref().ok_or(format!("line {n}: a text before any key"))?;
        let (lang, value) = trimmed.split_once(':').ok_or(format!("line {n}: `ko: \"…\"` or `en: \"…\"`"))?;
        let value = value
            .trim()
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or(format!("line {n}: the text is double-quoted"))?;
        if value.is_empty() || value.contains(['"', '\\']) {
            return Err(format!("line {n}: an empty text, or one with `\"` or `\\` in it"));
        }
        let Some(slot) = texts.get_mut(k) else { continue };
        match lang {
            "ko" => slot.0 = Some(value.to_owned()),
            "en" => slot.1 = Some(value.to_owned()),
            other => return Err(format!("line {n}: unknown language `{other}`")),
        }
    }
    texts
        .into_iter()
        .map(|(k, (ko, en))| match (ko, en) {
            (Some(ko), Some(en)) => Ok((k, (ko, en))),
            _ => Err(format!("`{k}` needs both a Korean (ko) and an English (en) text")),
        })
        .collect()
}
