//! The migrations built into the crate, between versions of the built-in questionnaires.

use std::sync::OnceLock;

use super::Migration;
use crate::version::Version;

const SOURCES: &[&str] = &[include_str!(
    "../questionnaire/data/btech-investor-1.0.0-to-1.1.0.migration.json"
)];

/// Every built-in migration.
pub fn builtin_migrations() -> &'static [Migration] {
    static ALL: OnceLock<Vec<Migration>> = OnceLock::new();
    ALL.get_or_init(|| SOURCES.iter().map(|text| parse_embedded(text)).collect())
}

/// The built-in migration of questionnaire `id` from version `from` to version `to`, if there
/// is one.
///
/// ```
/// use hrdd::Version;
/// let migration = hrdd::migration::builtin_migration(
///     "btech-investor", &Version::new(1, 0, 0), &Version::new(1, 1, 0)).unwrap();
/// assert_eq!(migration.to, Version::new(1, 1, 0));
/// ```
pub fn builtin_migration(id: &str, from: &Version, to: &Version) -> Option<&'static Migration> {
    builtin_migrations()
        .iter()
        .find(|m| m.questionnaire.as_str() == id && &m.from == from && &m.to == to)
}

#[expect(
    clippy::expect_used,
    reason = "the built-in migrations are fixed at build time and checked by the tests below"
)]
fn parse_embedded(text: &str) -> Migration {
    let migration: Migration = serde_json::from_str(text).expect("built-in migration parses");
    migration
        .check_alone()
        .expect("built-in migration is valid");
    migration
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::builtin_version;

    #[test]
    fn every_builtin_migration_fits_its_two_versions() {
        for text in SOURCES {
            let migration: Migration = serde_json::from_str(text).unwrap();
            let id = migration.questionnaire.as_str();
            let from = builtin_version(id, &migration.from).unwrap();
            let to = builtin_version(id, &migration.to).unwrap();
            if let Err(problems) = migration.validate(from, to) {
                panic!("{id} {} -> {}:\n{problems}", migration.from, migration.to);
            }
        }
    }
}
