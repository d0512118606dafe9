//! The document kinds, and the typed value of a document of each kind.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::assessment::Assessment;
use crate::comparison::ScorecardComparison;
use crate::error::{Problems, Stage};
use crate::migration::Migration;
use crate::questionnaire::Questionnaire;
use crate::scoring::{Scorecard, ScoringProfile};

use super::Limits;

/// A Rust type that is the model of one document kind.
///
/// To add a kind: implement this for its type (the checks it needs on its own), and add one line
/// to the `document_kinds!` invocation below.
pub(crate) trait DocumentType:
    Sized + DeserializeOwned + Serialize + schemars::JsonSchema
{
    /// The kind.
    const KIND: DocumentKind;

    /// Checks the count limits and the semantic rules that need no other document.
    fn check_alone(&self, limits: &Limits) -> Result<(), Problems>;
}

macro_rules! document_kinds {
    ($(
        $(#[$doc:meta])*
        $variant:ident($ty:ty) = $name:literal, $title:literal, $description:literal;
    )*) => {
        /// The kind of a document, named by its top-level `document` field.
        ///
        /// ```
        /// use hrdd::document::DocumentKind;
        /// assert_eq!(DocumentKind::from_name("scoring_profile"), Some(DocumentKind::ScoringProfile));
        /// assert_eq!(DocumentKind::ScoringProfile.name(), "scoring_profile");
        /// assert!(DocumentKind::ALL.contains(&DocumentKind::Assessment));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum DocumentKind {
            $( $(#[$doc])* $variant, )*
        }

        impl DocumentKind {
            /// Every kind, in a fixed order.
            pub const ALL: &'static [DocumentKind] = &[$(DocumentKind::$variant),*];

            /// The name in the `document` field, also the schema's file name `schemas/<name>.schema.json`.
            pub fn name(self) -> &'static str {
                match self { $(DocumentKind::$variant => $name,)* }
            }

            /// The title of the kind's schema.
            pub fn title(self) -> &'static str {
                match self { $(DocumentKind::$variant => $title,)* }
            }

            /// The description of the kind's schema.
            pub fn description(self) -> &'static str {
                match self { $(DocumentKind::$variant => $description,)* }
            }

            pub(super) fn generate_schema(self) -> Value {
                match self { $(DocumentKind::$variant => super::schema::generate::<$ty>(self),)* }
            }

            pub(super) fn parse(self, value: Value, limits: &Limits) -> Result<Document, Problems> {
                match self {
                    $(DocumentKind::$variant => {
                        super::pipeline::typed::<$ty>(value, limits).map(Document::from)
                    })*
                }
            }
        }

        /// A document read by [`read`](super::read): the typed, validated value of its kind.
        ///
        /// It serializes as the document it holds.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Document {
            $( $(#[$doc])* $variant(Box<$ty>), )*
        }

        impl Document {
            /// The document's kind.
            pub fn kind(&self) -> DocumentKind {
                match self { $(Document::$variant(_) => DocumentKind::$variant,)* }
            }
        }

        impl Serialize for Document {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { $(Document::$variant(value) => value.serialize(serializer),)* }
            }
        }

        $(
            impl From<$ty> for Document {
                fn from(value: $ty) -> Self {
                    Document::$variant(Box::new(value))
                }
            }
        )*
    };
}

document_kinds! {
    /// A questionnaire: sections of questions serving the Guiding Principles.
    Questionnaire(Questionnaire) = "questionnaire",
        "hrdd questionnaire",
        "A human rights due diligence questionnaire: sections of questions, each serving one or more UN Guiding Principles, with answer kinds, weights and visibility conditions.";
    /// An assessment: answers to one version of a questionnaire.
    Assessment(Assessment) = "assessment",
        "hrdd assessment",
        "Answers to one version of a questionnaire, about one organisation, product or deal.";
    /// A scorecard: the scores of an assessment, with coverage, confidence, gaps and trace.
    Scorecard(Scorecard) = "scorecard",
        "hrdd scorecard",
        "The scores of an assessment per question, section, pillar, principle and overall, with coverage, confidence, maturity bands, ranked gaps and the trace of every number.";
    /// A scoring profile: the arithmetic that turns answers into scores.
    ScoringProfile(ScoringProfile) = "scoring_profile",
        "hrdd scoring profile",
        "How question scores aggregate into section, pillar and overall scores, and the maturity bands they fall in.";
    /// A migration: how answers to one version of a questionnaire carry over to another.
    Migration(Migration) = "migration",
        "hrdd migration",
        "How the answers to one version of a questionnaire carry over to another version of it: renamed, split, merged and removed questions, renamed options and sections, and new questions.";
    /// A scorecard comparison: how two scorecards of one subject differ.
    ScorecardComparison(ScorecardComparison) = "scorecard_comparison",
        "hrdd scorecard comparison",
        "The difference between two scorecards of one subject, questionnaire version and scoring profile: score, coverage, confidence and band before and after per pillar, section, principle and overall, the gaps closed and opened, and the answers that changed.";
    /// A risk graph: technologies, end-uses, rights, actors, contexts and mitigations.
    RiskGraph(crate::risk::RiskGraph) = "risk_graph",
        "hrdd risk graph",
        "Technologies linked to the end-uses they enable and the human rights those end-uses can harm, with severity, likelihood, involvement, leverage, and the actors, contexts and mitigations that change likelihood.";
    /// A scenario: changes to a risk graph, to compare registers before and after.
    Scenario(crate::risk::Scenario) = "scenario",
        "hrdd risk scenario",
        "Changes to a base risk graph (nodes and edges added, removed or updated, mitigations added) whose register is compared with the base's.";
    /// A simulation: distributions for edge attributes of a risk graph, a sample count and a seed.
    Simulation(crate::risk::Simulation) = "simulation",
        "hrdd risk simulation",
        "Distributions (fixed, uniform, triangular, beta) for likelihoods, severities, effectiveness and odds factors of edges of a risk graph, with the number of Monte Carlo samples and the seed.";
    /// A risk register: every risk of a risk graph, ranked under a prioritisation profile.
    RiskRegister(crate::risk::RiskRegister) = "risk_register",
        "hrdd risk register",
        "Every risk of a risk graph, ranked under a prioritisation profile: one entry per technology, end-use and right, and one per technology and right over its end-uses, each with severity, likelihood, priority, tier, involvement, leverage, affected groups, sources and the actions Principle 19 calls for.";
}

impl DocumentKind {
    /// The kind named `name` in a `document` field, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// The position of the kind in [`Self::ALL`], for per-kind caches.
    pub(super) fn index(self) -> usize {
        Self::ALL.iter().position(|&kind| kind == self).unwrap_or(0)
    }

    /// The known kind names as a list for messages: "`a`, `b` or `c`".
    pub(super) fn known_names() -> String {
        let names: Vec<String> = Self::ALL
            .iter()
            .map(|kind| format!("`{}`", kind.name()))
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl DocumentType for Questionnaire {
    const KIND: DocumentKind = DocumentKind::Questionnaire;

    fn check_alone(&self, limits: &Limits) -> Result<(), Problems> {
        let questions: usize = self.sections.iter().map(|s| s.questions.len()).sum();
        if questions > limits.max_questions {
            return Err(Problems::one(
                Stage::Limits,
                "/sections",
                format!(
                    "the questionnaire has {questions} questions, more than the limit of {}",
                    limits.max_questions
                ),
            ));
        }
        self.validate()
    }
}

impl DocumentType for Assessment {
    const KIND: DocumentKind = DocumentKind::Assessment;

    fn check_alone(&self, limits: &Limits) -> Result<(), Problems> {
        let repeated: usize = self
            .repeats
            .values()
            .flat_map(|items| items.values())
            .map(|responses| responses.len())
            .sum();
        let answers = self.responses.len().saturating_add(repeated);
        if answers > limits.max_answers {
            return Err(Problems::one(
                Stage::Limits,
                "",
                format!(
                    "the assessment has {answers} responses, more than the limit of {}",
                    limits.max_answers
                ),
            ));
        }
        Ok(())
    }
}

impl DocumentType for Scorecard {
    const KIND: DocumentKind = DocumentKind::Scorecard;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        Ok(())
    }
}

impl DocumentType for ScoringProfile {
    const KIND: DocumentKind = DocumentKind::ScoringProfile;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        self.validate()
    }
}

impl DocumentType for Migration {
    const KIND: DocumentKind = DocumentKind::Migration;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        self.check_alone()
    }
}

impl DocumentType for ScorecardComparison {
    const KIND: DocumentKind = DocumentKind::ScorecardComparison;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        Ok(())
    }
}

impl DocumentType for crate::risk::Simulation {
    const KIND: DocumentKind = DocumentKind::Simulation;

    fn check_alone(&self, limits: &Limits) -> Result<(), Problems> {
        self.validate(limits)
    }
}

impl DocumentType for crate::risk::RiskGraph {
    const KIND: DocumentKind = DocumentKind::RiskGraph;

    fn check_alone(&self, limits: &Limits) -> Result<(), Problems> {
        let mut problems = Problems::new();
        if self.nodes.len() > limits.max_nodes {
            problems.push(
                Stage::Limits,
                "/nodes",
                format!(
                    "the graph has {} nodes; the limit is {}",
                    self.nodes.len(),
                    limits.max_nodes
                ),
            );
        }
        if self.edges.len() > limits.max_edges {
            problems.push(
                Stage::Limits,
                "/edges",
                format!(
                    "the graph has {} edges; the limit is {}",
                    self.edges.len(),
                    limits.max_edges
                ),
            );
        }
        problems.into_result(())?;
        self.validate()
    }
}

impl DocumentType for crate::risk::RiskRegister {
    const KIND: DocumentKind = DocumentKind::RiskRegister;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        self.stated_problems().clone().into_result(())
    }
}

impl DocumentType for crate::risk::Scenario {
    const KIND: DocumentKind = DocumentKind::Scenario;

    fn check_alone(&self, _: &Limits) -> Result<(), Problems> {
        self.validate()
    }
}
