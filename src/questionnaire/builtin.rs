//! The questionnaires built into the crate, embedded as JSON and checked on first use.
//!
//! The registry may hold several versions of one questionnaire: [`builtin`] and [`builtins`] give
//! the newest, [`builtin_version`] any of them, so that assessments made against an older version
//! can still be checked, scored and migrated (see [`crate::migration`]).

use std::sync::OnceLock;

use super::{CheckedQuestionnaire, Questionnaire};
use crate::version::Version;

/// Every built-in questionnaire version's JSON text, in the order [`builtins`] lists them.
const SOURCES: &[&str] = &[
    include_str!("data/ungp-protect-state.json"),
    include_str!("data/ungp-respect-company.json"),
    include_str!("data/ungp-remedy.json"),
    include_str!("data/btech-investor.json"),
    include_str!("data/btech-investor-1.1.0.json"),
    include_str!("data/end-use-screening.json"),
    include_str!("data/aia-mini.json"),
];

/// Every version of every built-in questionnaire, in the order of [`SOURCES`].
fn every_version() -> &'static [CheckedQuestionnaire] {
    static ALL: OnceLock<Vec<CheckedQuestionnaire>> = OnceLock::new();
    ALL.get_or_init(|| SOURCES.iter().map(|text| parse_embedded(text)).collect())
}

/// The newest version of every built-in questionnaire, in a fixed order (pillar order, then the
/// investor, end-use screening and AIA-style questionnaires).
///
/// ```
/// for questionnaire in hrdd::questionnaire::builtins() {
///     assert!(!questionnaire.questionnaire().sections.is_empty());
/// }
/// ```
pub fn builtins() -> &'static [CheckedQuestionnaire] {
    static NEWEST: OnceLock<Vec<CheckedQuestionnaire>> = OnceLock::new();
    NEWEST.get_or_init(|| {
        let mut newest: Vec<CheckedQuestionnaire> = Vec::new();
        for checked in every_version() {
            let q = checked.questionnaire();
            match newest.iter_mut().find(|n| n.questionnaire().id == q.id) {
                Some(slot) if slot.questionnaire().version < q.version => *slot = checked.clone(),
                Some(_) => {}
                None => newest.push(checked.clone()),
            }
        }
        newest
    })
}

/// The newest built-in version of the questionnaire with id `id`, if there is one.
///
/// ```
/// let investor = hrdd::questionnaire::builtin("btech-investor").unwrap();
/// assert_eq!(investor.questionnaire().version.to_string(), "1.1.0");
/// ```
pub fn builtin(id: &str) -> Option<&'static CheckedQuestionnaire> {
    builtins()
        .iter()
        .find(|q| q.questionnaire().id.as_str() == id)
}

/// The built-in questionnaire with id `id` at exactly `version`, if there is one.
///
/// ```
/// use hrdd::Version;
/// let old = hrdd::questionnaire::builtin_version("btech-investor", &Version::new(1, 0, 0));
/// assert!(old.is_some());
/// assert!(hrdd::questionnaire::builtin_version("btech-investor", &Version::new(9, 0, 0)).is_none());
/// ```
pub fn builtin_version(id: &str, version: &Version) -> Option<&'static CheckedQuestionnaire> {
    every_version().iter().find(|checked| {
        let q = checked.questionnaire();
        q.id.as_str() == id && &q.version == version
    })
}

/// Every built-in version of the questionnaire with id `id`, oldest first.
pub fn builtin_versions(id: &str) -> Vec<&'static CheckedQuestionnaire> {
    let mut versions: Vec<&'static CheckedQuestionnaire> = every_version()
        .iter()
        .filter(|checked| checked.questionnaire().id.as_str() == id)
        .collect();
    versions.sort_by(|a, b| a.questionnaire().version.cmp(&b.questionnaire().version));
    versions
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
        for text in SOURCES {
            let questionnaire: Questionnaire =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
            let id = questionnaire.id.clone();
            if let Err(problems) = questionnaire.check() {
                panic!("{id}:\n{problems}");
            }
        }
    }

    #[test]
    fn no_two_sources_share_an_id_and_version() {
        let all = every_version();
        for (n, a) in all.iter().enumerate() {
            for b in all.iter().skip(n + 1) {
                let (a, b) = (a.questionnaire(), b.questionnaire());
                assert!(
                    a.id != b.id || a.version != b.version,
                    "{} {} twice",
                    a.id,
                    a.version
                );
            }
        }
    }

    #[test]
    fn builtins_lists_one_newest_version_per_id() {
        let ids: Vec<&str> = builtins()
            .iter()
            .map(|q| q.questionnaire().id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "ungp-protect-state",
                "ungp-respect-company",
                "ungp-remedy",
                "btech-investor",
                "end-use-screening",
                "aia-mini"
            ]
        );
        let versions: Vec<String> = builtin_versions("btech-investor")
            .iter()
            .map(|q| q.questionnaire().version.to_string())
            .collect();
        assert_eq!(versions, ["1.0.0", "1.1.0"]);
        assert_eq!(
            builtin("btech-investor").map(|q| q.questionnaire().version.to_string()),
            Some("1.1.0".to_owned())
        );
    }
}
