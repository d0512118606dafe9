//! The end-use vocabulary: the technologies, end-uses, actors and contexts that the reference
//! risk graph ([`crate::risk::reference_graph`]) and the `end-use-screening` questionnaire both
//! name, so that a screening answer can be turned into the matching part of the graph.
//!
//! The ids are the node ids of the reference graph and the option ids of the screening
//! questionnaire's technology, customer, use and context questions; tests keep the three in step.
//!
//! ```
//! use hrdd::catalog::{end_use_vocabulary, TermKind};
//! let vocabulary = end_use_vocabulary();
//! let face = vocabulary.term(TermKind::Technology, "facial-recognition").unwrap();
//! assert_eq!(face.name, "Facial recognition");
//! assert!(vocabulary.term(TermKind::EndUse, "protest-monitoring").is_some());
//! assert!(vocabulary.terms(TermKind::Actor).iter().any(|t| t.id.as_str() == "police"));
//! ```

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::id::NodeId;

/// One entry of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Term {
    /// The id, shared by the reference graph's node and the questionnaire's option.
    pub id: NodeId,
    /// Its short name.
    pub name: String,
    /// What it means, in one line.
    pub description: String,
}

/// The four lists of the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// Technologies, products and services a company provides.
    Technology,
    /// Uses a technology can be put to.
    EndUse,
    /// Who carries out a use: the customer or its type.
    Actor,
    /// Where a use happens: circumstances that make harm more or less likely.
    Context,
}

impl TermKind {
    /// All four kinds, in a fixed order.
    pub const ALL: [TermKind; 4] = [
        TermKind::Technology,
        TermKind::EndUse,
        TermKind::Actor,
        TermKind::Context,
    ];
}

/// The shared vocabulary of technologies, end-uses, actors and contexts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EndUseVocabulary {
    /// Technologies.
    pub technologies: Vec<Term>,
    /// End-uses.
    pub end_uses: Vec<Term>,
    /// Actors.
    pub actors: Vec<Term>,
    /// Contexts.
    pub contexts: Vec<Term>,
}

impl EndUseVocabulary {
    /// The terms of one kind, in the order the data lists them.
    pub fn terms(&self, kind: TermKind) -> &[Term] {
        match kind {
            TermKind::Technology => &self.technologies,
            TermKind::EndUse => &self.end_uses,
            TermKind::Actor => &self.actors,
            TermKind::Context => &self.contexts,
        }
    }

    /// The term of kind `kind` with id `id`, if there is one.
    pub fn term(&self, kind: TermKind, id: &str) -> Option<&Term> {
        self.terms(kind).iter().find(|t| t.id.as_str() == id)
    }

    /// The kind of the term with id `id`, if any list holds it (ids are unique across lists).
    pub fn kind_of(&self, id: &str) -> Option<TermKind> {
        TermKind::ALL
            .into_iter()
            .find(|kind| self.term(*kind, id).is_some())
    }
}

/// The built-in end-use vocabulary, parsed once on first use.
pub fn end_use_vocabulary() -> &'static EndUseVocabulary {
    static VOCABULARY: OnceLock<EndUseVocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| super::parse_embedded(include_str!("data/end_use_vocabulary.json")))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_across_all_lists_and_texts_are_filled() {
        let vocabulary = end_use_vocabulary();
        let mut seen = HashSet::new();
        for kind in TermKind::ALL {
            assert!(!vocabulary.terms(kind).is_empty(), "{kind:?} is empty");
            for term in vocabulary.terms(kind) {
                assert!(seen.insert(term.id.clone()), "`{}` twice", term.id);
                assert!(!term.name.trim().is_empty(), "`{}` has no name", term.id);
                assert!(
                    !term.description.trim().is_empty(),
                    "`{}` has no description",
                    term.id
                );
                assert_eq!(vocabulary.kind_of(term.id.as_str()), Some(kind));
            }
        }
        assert_eq!(vocabulary.kind_of("no-such-term"), None);
    }

    #[test]
    fn covers_the_technologies_and_uses_the_issue_names() {
        // The technologies and end-uses issue 4 lists by name; a rename must be deliberate.
        let vocabulary = end_use_vocabulary();
        for id in [
            "facial-recognition",
            "emotion-recognition",
            "spyware",
            "large-language-models",
            "recommender-systems",
            "content-moderation-tools",
            "cloud-infrastructure",
            "biometric-digital-id",
            "location-data-brokerage",
            "predictive-analytics",
            "workplace-monitoring-software",
        ] {
            assert!(vocabulary.term(TermKind::Technology, id).is_some(), "{id}");
        }
        assert!(
            vocabulary
                .term(TermKind::EndUse, "emotion-recognition-workplace")
                .is_some()
        );
        assert!(vocabulary.technologies.len() >= 20);
        assert!(vocabulary.end_uses.len() >= 40);
    }
}
