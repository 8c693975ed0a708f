//! rust-i18n compiles `locales/` into the crate; rebuild when a translation changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
