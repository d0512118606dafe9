//! The questionnaires built into the crate, embedded as JSON and checked on first use.

use std::sync::OnceLock;

use super::{CheckedQuestionnaire, Questionnaire};

/// The built-in questionnaires' JSON text, by id.
const SOURCES: &[(&str, &str)] = &[
    (
        "ungp-protect-state",
        include_str!("data/ungp-protect-state.json"),
    ),
    (
        "ungp-respect-company",
        include_str!("data/ungp-respect-company.json"),
    ),
    ("ungp-remedy", include_str!("data/ungp-remedy.json")),
    ("btech-investor", include_str!("data/btech-investor.json")),
    (
        "end-use-screening",
        include_str!("data/end-use-screening.json"),
    ),
    ("aia-mini", include_str!("data/aia-mini.json")),
];

/// Every built-in questionnaire, in a fixed order.
///
/// ```
/// for questionnaire in hrdd::questionnaire::builtins() {
///     assert!(!questionnaire.questionnaire().sections.is_empty());
/// }
/// ```
pub fn builtins() -> &'static [CheckedQuestionnaire] {
    static BUILTINS: OnceLock<Vec<CheckedQuestionnaire>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(_, text)| parse_embedded(text))
            .collect()
    })
}

/// The built-in questionnaire with id `id`, if there is one.
pub fn builtin(id: &str) -> Option<&'static CheckedQuestionnaire> {
    builtins()
        .iter()
        .find(|q| q.questionnaire().id.as_str() == id)
}

#[expect(
    clippy::expect_used,
    reason = "the built-in questionnaires are fixed at build time and checked by the tests below"
)]
fn parse_embedded(text: &str) -> CheckedQuestionnaire {
    let questionnaire: Questionnaire =
        serde_json::from_str(text).expect("built-in questionnaire parses");
    questionnaire
        .check()
        .expect("built-in questionnaire is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_checks() {
        for (id, text) in SOURCES {
            let questionnaire: Questionnaire =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(questionnaire.id.as_str(), *id);
            if let Err(problems) = questionnaire.check() {
                panic!("{id}:\n{problems}");
            }
        }
    }
}
