//! Questionnaire versions and migrations: carrying the answers of an assessment made against one
//! version of a questionnaire over to a newer version.
//!
//! A [`Migration`] document says what changed between two versions (renamed, split, merged and
//! removed questions, renamed options and sections, new questions). [`Migration::validate`] checks
//! it against both versions; [`migrate`] applies it to a checked assessment and returns the new
//! assessment with a [`MigrationReport`] that accounts for every old response: carried,
//! transformed, dropped with the reason, or flagged for review.
//!
//! A migration document:
//!
//! ```json
//! { "document": "migration", "questionnaire": "btech-investor", "from": "1.0.0", "to": "1.1.0",
//!   "changes": [
//!     { "kind": "rename", "from": "inv-severity-priority", "to": "stw-severity-priority" },
//!     { "kind": "split", "from": "inv-policy-public", "mode": "copy",
//!       "into": ["inv-policy-published", "inv-policy-communicated"] },
//!     { "kind": "merge", "from": ["trk-public-report", "trk-client-reporting"],
//!       "into": "trk-reporting", "rule": "min" },
//!     { "kind": "remove", "question": "stw-collaborative", "reason": "covered elsewhere" },
//!     { "kind": "rename_options", "question": "esc-tools",
//!       "options": { "senior-letter": "board-escalation" } },
//!     { "kind": "rename_section", "from": "issues", "to": "salient-issues" },
//!     { "kind": "add", "question": "inv-context-conflict" } ] }
//! ```

mod apply;
mod builtin;
mod check;
mod model;

pub use apply::{Migrated, MigrationEntry, MigrationReport, Outcome, migrate};
pub use builtin::{builtin_migration, builtin_migrations};
pub use model::{Change, MergeRule, Migration, SplitMode};

#[cfg(test)]
mod tests;
