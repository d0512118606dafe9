//! The questionnaire document model.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Pillar, Principle};
use crate::document::{DocumentTag, Extensions};
use crate::id::{OptionId, ProfileId, QuestionId, QuestionnaireId, RightId, SectionId};
use crate::text::{LanguageTag, Text};
use crate::version::Version;

/// A questionnaire: sections of questions, each serving one or more Guiding Principles.
///
/// A questionnaire is read with [`crate::document::read`] or [`Questionnaire::from_json`] and
/// checked with [`Questionnaire::check`] before it is used to validate or score assessments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Questionnaire {
    /// Always `"questionnaire"`.
    pub document: DocumentTag<tags::Questionnaire>,
    /// The questionnaire's id, shared by all its versions.
    pub id: QuestionnaireId,
    /// Its semantic version; an assessment names the version it answers.
    pub version: Version,
    /// Its title.
    pub title: Text,
    /// What it is for and how to fill it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Who is meant to answer it.
    pub audience: Audience,
    /// The language every text has; [`Text::get`] falls back to it.
    #[serde(default)]
    pub default_language: LanguageTag,
    /// Every language the questionnaire's texts are available in, the default one included.
    #[serde(default = "default_languages")]
    pub languages: Vec<LanguageTag>,
    /// The scoring profile used when the caller names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<ProfileId>,
    /// The sections, in the order they are asked.
    pub sections: Vec<Section>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

fn default_languages() -> Vec<LanguageTag> {
    vec![LanguageTag::english()]
}

pub(crate) mod tags {
    crate::document::tag!(Questionnaire, "questionnaire");
}

/// Who a questionnaire is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Audience {
    /// Companies (Pillar II, and Pillar III from the company side).
    Company,
    /// States and policymakers (Pillar I, and the State side of Pillar III).
    State,
    /// Investors in companies.
    Investor,
    /// Anyone.
    Any,
}

/// A section: a group of questions serving one pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Section {
    /// The section's id, unique in the questionnaire.
    pub id: SectionId,
    /// Its title.
    pub title: Text,
    /// What it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The pillar it serves.
    pub pillar: Pillar,
    /// The function that usually owns the work its questions ask about; a question that names no
    /// owner has this one. Reports group the action plan by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// The principles it serves; a question that names none serves these.
    pub principles: Vec<Principle>,
    /// Its weight in the pillar and overall scores (finite and positive).
    #[serde(default = "one")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: f64,
    /// Set when the section is asked once per item of an earlier list answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// The questions, in the order they are asked.
    pub questions: Vec<Question>,
}

pub(crate) fn one() -> f64 {
    1.0
}

/// How a section repeats: once per item of an earlier answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Repeat {
    /// The earlier question whose answer lists the items: a multiple-choice question (one
    /// instance per selected option) or a list question (one instance per item).
    pub over: QuestionId,
    /// How the instances' scores combine into the section's score.
    #[serde(default)]
    pub combine: Combine,
}

/// How the scores of a repeated section's instances combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Combine {
    /// The mean of the instances.
    #[default]
    Mean,
    /// The weakest instance.
    Min,
    /// The strongest instance.
    Max,
}

/// A question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Question {
    /// The question's id, unique in the questionnaire.
    pub id: QuestionId,
    /// What is asked.
    pub prompt: Text,
    /// Guidance for the person answering: what the question means and what good looks like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The principles the question serves; empty means those of its section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<Principle>,
    /// The rights the question is about, if it is about particular rights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<RightId>,
    /// The kind of answer expected, with what each answer is worth.
    pub answer: AnswerKind,
    /// Whether the answer is scored. Text and list answers never are.
    #[serde(default = "yes")]
    pub scored: bool,
    /// The question's weight in its section (finite and positive).
    #[serde(default = "one")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: f64,
    /// Whether an answer at the bottom caps the section's maturity band.
    #[serde(default)]
    pub critical: bool,
    /// Whether "not applicable" is an allowed response.
    #[serde(default)]
    pub allow_not_applicable: bool,
    /// The evidence that would back an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    /// When set, the question is asked only when the condition holds over earlier answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<Condition>,
    /// What to do to close the gap when the answer falls short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Text>,
    /// The function that owns the action; the section's owner when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

/// The function in an organisation that owns a piece of due diligence work, so that an action
/// plan can hand each action to someone (Principle 19 asks that findings be integrated across
/// the relevant functions, with responsibility assigned at the appropriate level).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Owner {
    /// The board or most senior decision-making body.
    Board,
    /// Executive management.
    Executive,
    /// Legal and compliance.
    Legal,
    /// The human rights, sustainability or responsible business team.
    Sustainability,
    /// Product management, design and engineering.
    Product,
    /// Sales, business development and customer relations.
    Sales,
    /// Trust and safety: platform policy, abuse handling, misuse investigations.
    TrustAndSafety,
    /// Procurement and supplier management.
    Procurement,
    /// Human resources.
    Hr,
    /// Communications, reporting and stakeholder relations.
    Communications,
    /// Whoever runs the grievance mechanism.
    Grievance,
    /// An investor's investment and deal teams.
    Investment,
    /// An investor's stewardship and engagement team.
    Stewardship,
    /// A State's legislature.
    Legislature,
    /// A State's government: ministries and agencies that make policy.
    Government,
    /// A State's regulators and supervisory authorities.
    Regulators,
    /// A State's courts and justice system.
    Judiciary,
    /// A State's foreign affairs and trade ministries.
    ForeignAffairs,
}

impl Owner {
    /// Every owner, in declaration order.
    pub const ALL: [Owner; 18] = [
        Owner::Board,
        Owner::Executive,
        Owner::Legal,
        Owner::Sustainability,
        Owner::Product,
        Owner::Sales,
        Owner::TrustAndSafety,
        Owner::Procurement,
        Owner::Hr,
        Owner::Communications,
        Owner::Grievance,
        Owner::Investment,
        Owner::Stewardship,
        Owner::Legislature,
        Owner::Government,
        Owner::Regulators,
        Owner::Judiciary,
        Owner::ForeignAffairs,
    ];

    /// The owner's id as written in documents, such as `trust_and_safety`.
    pub fn id(self) -> &'static str {
        match self {
            Owner::Board => "board",
            Owner::Executive => "executive",
            Owner::Legal => "legal",
            Owner::Sustainability => "sustainability",
            Owner::Product => "product",
            Owner::Sales => "sales",
            Owner::TrustAndSafety => "trust_and_safety",
            Owner::Procurement => "procurement",
            Owner::Hr => "hr",
            Owner::Communications => "communications",
            Owner::Grievance => "grievance",
            Owner::Investment => "investment",
            Owner::Stewardship => "stewardship",
            Owner::Legislature => "legislature",
            Owner::Government => "government",
            Owner::Regulators => "regulators",
            Owner::Judiciary => "judiciary",
            Owner::ForeignAffairs => "foreign_affairs",
        }
    }
}

impl Section {
    /// The owner of `question`, one of this section's questions: its own, else the section's.
    pub fn owner_of(&self, question: &Question) -> Option<Owner> {
        question.owner.or(self.owner)
    }
}

pub(crate) fn yes() -> bool {
    true
}

/// The kind of answer a question expects, with what each answer is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum AnswerKind {
    /// Yes or no. "Yes" is the best answer unless `reversed`.
    YesNo {
        /// When true, "no" is the best answer (for questions about a harmful practice).
        #[serde(default)]
        reversed: bool,
    },
    /// A maturity level from 0 (nothing in place) to 4 (embedded and reviewed).
    Maturity {
        /// Labels for levels 0 to 4; the standard labels when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        labels: Option<[Text; 5]>,
    },
    /// One option among several.
    SingleChoice {
        /// The options, each with its points.
        options: Vec<ChoiceOption>,
    },
    /// Any number of options; the points of the chosen options add up, to at most `max_points`.
    MultipleChoice {
        /// The options, each with its points.
        options: Vec<ChoiceOption>,
        /// The points that count as a full answer; the sum of the positive points when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_points: Option<f64>,
    },
    /// A number in `[min, max]`, scored by the band it falls in.
    Number {
        /// The smallest allowed value.
        min: f64,
        /// The largest allowed value.
        max: f64,
        /// The unit, such as "days" or "%".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
        /// Bands in ascending order of `from`; a value scores the points of the last band whose
        /// `from` it reaches. Needed when the question is scored.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        bands: Vec<NumberBand>,
    },
    /// Free text. Never scored.
    Text,
    /// A list of items named by the person answering (such as salient issues or services), each
    /// an id. Never scored; a repeated section can be asked once per item.
    List {
        /// The most items allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_items: Option<u32>,
    },
}

/// An option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChoiceOption {
    /// The option's id, unique in its question.
    pub id: OptionId,
    /// What the person answering sees.
    pub label: Text,
    /// What choosing it is worth; needed when the question is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

/// A band of a number question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NumberBand {
    /// The smallest value in the band.
    pub from: f64,
    /// What a value in the band is worth.
    pub points: f64,
    /// A label for the band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

/// A visibility condition over earlier answers.
///
/// A condition holds only on answers that are given and visible: a condition on a question that is
/// hidden, unanswered, unknown or not applicable does not hold (and `not` of it does).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "when", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Condition {
    /// A yes/no question was answered "yes".
    Yes {
        /// The question.
        question: QuestionId,
    },
    /// A yes/no question was answered "no".
    No {
        /// The question.
        question: QuestionId,
    },
    /// A maturity question was answered at `level` or above.
    MaturityAtLeast {
        /// The question.
        question: QuestionId,
        /// The level, 0 to 4.
        #[schemars(range(max = 4))]
        level: u8,
    },
    /// A choice question has `option` among its chosen options.
    Selected {
        /// The question.
        question: QuestionId,
        /// The option.
        option: OptionId,
    },
    /// A number question was answered with a value of at least `value`.
    NumberAtLeast {
        /// The question.
        question: QuestionId,
        /// The threshold.
        value: f64,
    },
    /// The question was answered (not unknown, not N/A).
    Answered {
        /// The question.
        question: QuestionId,
    },
    /// Every condition holds.
    All {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// At least one condition holds.
    Any {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        condition: Box<Condition>,
    },
}
