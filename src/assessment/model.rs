//! The assessment document model.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions};
use crate::id::{ItemId, OptionId, QuestionId, QuestionnaireId, SectionId};
use crate::version::Version;

/// Answers to one version of a questionnaire, about one subject.
///
/// An assessment is read with [`crate::document::read`] or [`Assessment::from_json`] and checked
/// against its questionnaire with [`Assessment::check`] before it is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Assessment {
    /// Always `"assessment"`.
    pub document: DocumentTag<tags::Assessment>,
    /// The questionnaire and version answered.
    pub questionnaire: QuestionnaireRef,
    /// What is assessed.
    pub subject: Subject,
    /// When the assessment was made, as an ISO 8601 date such as `2026-03-31`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// Responses to the questions of sections that are asked once, by question id.
    #[serde(default)]
    pub responses: BTreeMap<QuestionId, Response>,
    /// Responses to the questions of repeated sections: by section id, then by item, then by
    /// question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub repeats: BTreeMap<SectionId, BTreeMap<ItemId, BTreeMap<QuestionId, Response>>>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(Assessment, "assessment");
}

/// Names one version of a questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRef {
    /// The questionnaire's id.
    pub id: QuestionnaireId,
    /// The version answered.
    pub version: Version,
}

/// What an assessment is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Subject {
    /// What kind of subject it is.
    pub kind: SubjectKind,
    /// Its name.
    pub name: String,
    /// A short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The kind of thing assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SubjectKind {
    /// A company or other organisation.
    Organisation,
    /// A State or public authority.
    State,
    /// An investor or fund.
    Investor,
    /// A product or service.
    Product,
    /// A deal, sale or customer relationship.
    Deal,
}

/// The response to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Response {
    /// The question is answered.
    Answered {
        /// The answer.
        answer: Answer,
        /// References to the evidence that backs it (documents, links, file names).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
        /// A note by the person answering.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// The question does not apply, for the reason given. Allowed only where the question allows it.
    NotApplicable {
        /// Why it does not apply.
        reason: String,
        /// A note by the person answering.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// The answer is not known. Counts as not demonstrated.
    Unknown {
        /// A note by the person answering.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// An answer; its kind must match the question's [`AnswerKind`](crate::questionnaire::AnswerKind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Answer {
    /// Yes (true) or no (false).
    YesNo {
        /// The answer.
        value: bool,
    },
    /// A maturity level, 0 to 4.
    Maturity {
        /// The level, 0 to 4.
        #[schemars(range(max = 4))]
        level: u8,
    },
    /// One option.
    SingleChoice {
        /// The chosen option.
        option: OptionId,
    },
    /// Any number of options.
    MultipleChoice {
        /// The chosen options.
        options: Vec<OptionId>,
    },
    /// A number.
    Number {
        /// The value.
        value: f64,
    },
    /// Free text.
    Text {
        /// The text.
        text: String,
    },
    /// A list of items, each an id.
    List {
        /// The items.
        items: Vec<ItemId>,
    },
}
