//! Rebuilds the crate when a Fluent file is added to or removed from `locales/`.
//!
//! `fluent_templates::static_loader!` embeds every `.ftl` file with `include_str!`, which
//! tracks edits to known files but not new files, so Cargo must watch the folder itself.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
