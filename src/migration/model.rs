//! The migration document model.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions};
use crate::id::{OptionId, QuestionId, QuestionnaireId, SectionId};
use crate::version::Version;

/// How to carry answers to version `from` of a questionnaire over to version `to` of the same
/// questionnaire.
///
/// A question of `from` that no change names keeps its id: it must exist in `to`, with the same
/// kind of answer. Every question of `to` must be reached: by keeping its id, as the target of a
/// change, or listed in an `add` change. [`Migration::validate`] checks all of this against both
/// versions; [`migrate`](super::migrate) applies it to an assessment.
///
/// ```
/// use hrdd::migration::{Change, Migration};
/// let migration = Migration::from_json(r#"{
///   "document": "migration", "questionnaire": "mini", "from": "1.0.0", "to": "1.1.0",
///   "changes": [
///     { "kind": "rename", "from": "policy", "to": "policy-commitment" },
///     { "kind": "remove", "question": "old", "reason": "no longer asked" }
///   ]
/// }"#).unwrap();
/// assert!(matches!(migration.changes[0], Change::Rename { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Migration {
    /// Always `"migration"`.
    pub document: DocumentTag<tags::Migration>,
    /// The questionnaire both versions belong to.
    pub questionnaire: QuestionnaireId,
    /// The version assessments are migrated from.
    pub from: Version,
    /// The version assessments are migrated to.
    pub to: Version,
    /// What changed and why, for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The changes. Each question of `from` may be the source of at most one change, and each
    /// question of `to` the target of at most one.
    pub changes: Vec<Change>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(Migration, "migration");
}

/// One change between two versions of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    /// The question has a new id; its answer is carried over unchanged.
    Rename {
        /// The id in the old version.
        from: QuestionId,
        /// The id in the new version.
        to: QuestionId,
        /// Why, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// One question became several.
    Split {
        /// The question in the old version.
        from: QuestionId,
        /// The questions of the new version it became (at least two).
        into: Vec<QuestionId>,
        /// Whether the answer is copied to each, or left for the person answering to review.
        mode: SplitMode,
        /// Why, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Several questions became one.
    Merge {
        /// The questions of the old version (at least two), in the order `first` looks at them.
        from: Vec<QuestionId>,
        /// The question of the new version they became.
        into: QuestionId,
        /// Which answer the new question takes.
        rule: MergeRule,
        /// Why, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The question is no longer asked; its answer is dropped and reported with the reason.
    Remove {
        /// The question in the old version.
        question: QuestionId,
        /// Why it is no longer asked.
        reason: String,
    },
    /// Options of a choice question have new ids.
    RenameOptions {
        /// The question, by its id in the old version.
        question: QuestionId,
        /// New option ids by old option id.
        options: BTreeMap<OptionId, OptionId>,
        /// Why, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A section has a new id; answers to a repeated section move to the new id.
    RenameSection {
        /// The id in the old version.
        from: SectionId,
        /// The id in the new version.
        to: SectionId,
        /// Why, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A question new in the new version; it is left unanswered and reported.
    Add {
        /// The question in the new version.
        question: QuestionId,
        /// What it asks about, for the report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// What a split does with the old answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SplitMode {
    /// Each new question gets a copy of the old answer.
    Copy,
    /// The new questions are left unanswered and the old answer is reported for review.
    Review,
}

/// Which answer a merged question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MergeRule {
    /// The weakest answer, by the new question's scale (yes/no, maturity, number and single-choice
    /// questions only).
    Min,
    /// The strongest answer, by the new question's scale (yes/no, maturity, number and
    /// single-choice questions only).
    Max,
    /// The first answered question, in the order listed.
    First,
    /// The new question is left unanswered and the old answers are reported for review.
    Review,
}

impl MergeRule {
    pub(crate) fn name(self) -> &'static str {
        match self {
            MergeRule::Min => "min",
            MergeRule::Max => "max",
            MergeRule::First => "first",
            MergeRule::Review => "review",
        }
    }
}

impl Migration {
    /// Reads a migration document with the default [`Limits`](crate::Limits), and runs the checks
    /// that need no questionnaire; a document of another kind is a problem at `/document`.
    pub fn from_json(text: &str) -> Result<Self, crate::Problems> {
        crate::document::read_as(text, &crate::Limits::default())
    }
}
