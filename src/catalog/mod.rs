//! Normative reference data: the pillars, the 31 Guiding Principles, the internationally
//! recognised human rights and the groups of people at heightened risk.
//!
//! The data is written in our own words and lives as JSON next to this module
//! (`src/catalog/data/`); it is parsed once, on first use. Lookups never fail on a well-formed id
//! that is not in the catalog: they return `None`.
//!
//! ```
//! use hrdd::catalog;
//! let p29 = catalog::principle(hrdd::catalog::Principle::new(29).unwrap());
//! assert_eq!(p29.pillar, catalog::Pillar::Remedy);
//! assert!(catalog::right("privacy").is_some());
//! assert!(catalog::principles().len() == 31);
//! ```

mod principle;
mod vocabulary;

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use principle::{Pillar, Principle, PrincipleError, PrincipleSet};
pub use vocabulary::{EndUseVocabulary, Term, TermKind, end_use_vocabulary};

use crate::id::{GroupId, RightId};

/// What the catalog says about one Guiding Principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PrincipleInfo {
    /// The principle's number.
    pub number: Principle,
    /// The pillar it belongs to (follows from the number; stored for readers of the data).
    pub pillar: Pillar,
    /// Whether it is a foundational or an operational principle.
    pub kind: PrincipleKind,
    /// The cluster of principles it belongs to, such as "State-business nexus".
    pub cluster: String,
    /// A short title in our own words.
    pub title: String,
    /// A summary in our own words.
    pub summary: String,
}

/// Foundational principles state the duty or responsibility; operational ones say how to meet it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrincipleKind {
    /// A foundational principle.
    Foundational,
    /// An operational principle.
    Operational,
}

/// An internationally recognised human right, or a right of a group at heightened risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Right {
    /// The right's id, such as `privacy`.
    pub id: RightId,
    /// Its short name, such as "Privacy".
    pub name: String,
    /// What it protects, in our own words.
    pub summary: String,
    /// Which family of rights it belongs to.
    pub category: RightCategory,
    /// The instrument articles it rests on.
    pub sources: Vec<InstrumentArticle>,
    /// The groups whose specific rights it is, for group rights; empty for rights of everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupId>,
}

/// The family a right belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RightCategory {
    /// Civil and political rights (ICCPR).
    CivilPolitical,
    /// Economic, social and cultural rights (ICESCR).
    EconomicSocialCultural,
    /// Fundamental principles and rights at work (ILO Declaration).
    Labour,
    /// Rights of a group at heightened risk (CRC, CEDAW, CRPD, UNDRIP, ...).
    GroupRights,
}

/// A provision of an international instrument, such as ICCPR article 17.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentArticle {
    /// The instrument.
    pub instrument: Instrument,
    /// The article or provision, such as `17` or `2(1)`.
    pub article: String,
}

/// An international human rights instrument the catalog cites.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Instrument {
    /// Universal Declaration of Human Rights (1948).
    Udhr,
    /// International Covenant on Civil and Political Rights (1966).
    Iccpr,
    /// International Covenant on Economic, Social and Cultural Rights (1966).
    Icescr,
    /// ILO Declaration on Fundamental Principles and Rights at Work (1998, amended 2022).
    IloDeclaration,
    /// ILO Forced Labour Convention, 1930 (No. 29).
    IloC029,
    /// ILO Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87).
    IloC087,
    /// ILO Right to Organise and Collective Bargaining Convention, 1949 (No. 98).
    IloC098,
    /// ILO Equal Remuneration Convention, 1951 (No. 100).
    IloC100,
    /// ILO Abolition of Forced Labour Convention, 1957 (No. 105).
    IloC105,
    /// ILO Discrimination (Employment and Occupation) Convention, 1958 (No. 111).
    IloC111,
    /// ILO Minimum Age Convention, 1973 (No. 138).
    IloC138,
    /// ILO Occupational Safety and Health Convention, 1981 (No. 155).
    IloC155,
    /// ILO Worst Forms of Child Labour Convention, 1999 (No. 182).
    IloC182,
    /// ILO Promotional Framework for Occupational Safety and Health Convention, 2006 (No. 187).
    IloC187,
    /// Convention on the Rights of the Child (1989).
    Crc,
    /// Convention on the Elimination of All Forms of Discrimination against Women (1979).
    Cedaw,
    /// Convention on the Rights of Persons with Disabilities (2006).
    Crpd,
    /// UN Declaration on the Rights of Indigenous Peoples (2007).
    Undrip,
    /// International Convention on the Elimination of All Forms of Racial Discrimination (1965).
    Icerd,
    /// International Convention on the Protection of the Rights of All Migrant Workers and Members
    /// of Their Families (1990).
    Icrmw,
    /// Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment (1984).
    Cat,
    /// UN Declaration on the Rights of Persons Belonging to National or Ethnic, Religious and
    /// Linguistic Minorities (1992).
    MinoritiesDeclaration,
    /// UN Declaration on Human Rights Defenders (1998).
    DefendersDeclaration,
}

/// A group of people at heightened risk of harm, whose situation due diligence must look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AffectedGroup {
    /// The group's id, such as `children`.
    pub id: GroupId,
    /// Its name, such as "Children".
    pub name: String,
    /// Why and how its members are at heightened risk, in our own words.
    pub summary: String,
    /// The instruments that set out its members' specific rights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<InstrumentArticle>,
}

/// The parsed catalog data.
struct Catalog {
    principles: Vec<PrincipleInfo>,
    rights: Vec<Right>,
    groups: Vec<AffectedGroup>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        principles: parse_embedded(include_str!("data/principles.json")),
        rights: parse_embedded(include_str!("data/rights.json")),
        groups: parse_embedded(include_str!("data/groups.json")),
    })
}

#[expect(
    clippy::expect_used,
    reason = "the embedded catalog is fixed at build time and parsed by the tests in this module"
)]
fn parse_embedded<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("embedded catalog data is valid")
}

/// All 31 principles, in order: `principles()[0]` is Principle 1.
///
/// ```
/// use hrdd::catalog;
/// let numbers: Vec<u8> = catalog::principles().iter().map(|p| p.number.number()).collect();
/// assert_eq!(numbers, (1..=31).collect::<Vec<_>>());
/// ```
pub fn principles() -> &'static [PrincipleInfo] {
    &catalog().principles
}

/// What the catalog says about `principle`.
///
/// Every [`Principle`] is in the catalog, so this lookup cannot miss; an out-of-range number is
/// already rejected by [`Principle::new`].
///
/// ```
/// use hrdd::catalog::{self, Principle, PrincipleKind};
/// let p24 = catalog::principle(Principle::new(24).unwrap());
/// assert_eq!(p24.cluster, "Issues of context");
/// assert_eq!(p24.kind, PrincipleKind::Operational);
/// ```
#[expect(
    clippy::indexing_slicing,
    reason = "a Principle is 1..=31 and the tests check the data holds all 31 in order"
)]
pub fn principle(principle: Principle) -> &'static PrincipleInfo {
    &catalog().principles[usize::from(principle.number() - 1)]
}

/// The principles of `pillar`, in order.
///
/// ```
/// use hrdd::catalog::{self, Pillar};
/// let remedy: Vec<u8> = catalog::principles_of(Pillar::Remedy).map(|p| p.number.number()).collect();
/// assert_eq!(remedy, vec![25, 26, 27, 28, 29, 30, 31]);
/// ```
pub fn principles_of(pillar: Pillar) -> impl Iterator<Item = &'static PrincipleInfo> {
    principles().iter().filter(move |p| p.pillar == pillar)
}

/// Every right in the catalog: the rights of everyone first (civil and political, economic,
/// social and cultural, labour), then the rights of groups at heightened risk.
///
/// ```
/// let rights = hrdd::catalog::rights();
/// assert!(rights.iter().all(|r| !r.sources.is_empty()));
/// ```
pub fn rights() -> &'static [Right] {
    &catalog().rights
}

/// The right with id `id`, if the catalog has it.
///
/// ```
/// use hrdd::catalog::{self, Instrument, RightCategory};
/// let privacy = catalog::right("privacy").unwrap();
/// assert_eq!(privacy.category, RightCategory::CivilPolitical);
/// assert!(privacy.sources.iter().any(|s| s.instrument == Instrument::Iccpr && s.article == "17"));
/// assert!(catalog::right("no-such-right").is_none());
/// ```
pub fn right(id: &str) -> Option<&'static Right> {
    catalog().rights.iter().find(|r| r.id.as_str() == id)
}

/// The rights of `category`, in catalog order.
///
/// ```
/// use hrdd::catalog::{self, RightCategory};
/// // The five fundamental principles and rights at work of the ILO Declaration.
/// assert_eq!(catalog::rights_in(RightCategory::Labour).count(), 5);
/// ```
pub fn rights_in(category: RightCategory) -> impl Iterator<Item = &'static Right> {
    rights().iter().filter(move |r| r.category == category)
}

/// The group rights that belong to the group with id `group`, in catalog order; empty for a
/// group with no specific rights in the catalog or an unknown id.
///
/// ```
/// use hrdd::catalog;
/// let ids: Vec<&str> = catalog::rights_of_group("indigenous-peoples").map(|r| r.id.as_str()).collect();
/// assert_eq!(ids, vec!["indigenous-self-determination", "indigenous-free-prior-informed-consent"]);
/// assert_eq!(catalog::rights_of_group("no-such-group").count(), 0);
/// ```
pub fn rights_of_group(group: &str) -> impl Iterator<Item = &'static Right> {
    rights()
        .iter()
        .filter(move |r| r.groups.iter().any(|g| g.as_str() == group))
}

/// Every affected group in the catalog.
///
/// ```
/// assert!(hrdd::catalog::groups().iter().any(|g| g.id.as_str() == "precarious-workers"));
/// ```
pub fn groups() -> &'static [AffectedGroup] {
    &catalog().groups
}

/// The affected group with id `id`, if the catalog has it.
///
/// ```
/// use hrdd::catalog;
/// assert_eq!(catalog::group("children").map(|g| g.name.as_str()), Some("Children"));
/// assert!(catalog::group("no-such-group").is_none());
/// ```
pub fn group(id: &str) -> Option<&'static AffectedGroup> {
    catalog().groups.iter().find(|g| g.id.as_str() == id)
}

#[cfg(test)]
mod tests {
    //! The expected values here are written out by hand from the Guiding Principles, the
    //! instruments and `CONTENT.md`, never copied from the data files, so a wrong entry in the
    //! data makes a test fail.

    use std::collections::HashSet;

    use super::*;

    fn parsed<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
        match serde_json::from_str::<Vec<T>>(text) {
            Ok(items) => items,
            Err(error) => panic!("catalog data does not parse: {error}"),
        }
    }

    fn p(number: u8) -> Principle {
        match Principle::new(number) {
            Ok(principle) => principle,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_three_files_parse() {
        assert_eq!(
            parsed::<PrincipleInfo>(include_str!("data/principles.json")).len(),
            31
        );
        assert!(!parsed::<Right>(include_str!("data/rights.json")).is_empty());
        assert!(!parsed::<AffectedGroup>(include_str!("data/groups.json")).is_empty());
    }

    #[test]
    fn the_31_principles_are_in_order_with_their_pillar() {
        let numbers: Vec<u8> = principles().iter().map(|p| p.number.number()).collect();
        assert_eq!(numbers, (1..=31).collect::<Vec<u8>>());
        for info in principles() {
            assert_eq!(
                info.pillar,
                info.number.pillar(),
                "principle {}",
                info.number
            );
        }
        for number in 1..=31 {
            assert_eq!(principle(p(number)).number.number(), number);
        }
    }

    #[test]
    fn foundational_principles_are_1_2_11_to_15_and_25() {
        // The UNGPs label these, and only these, as foundational.
        let foundational: HashSet<u8> = [1, 2, 11, 12, 13, 14, 15, 25].into_iter().collect();
        for info in principles() {
            let expected = if foundational.contains(&info.number.number()) {
                PrincipleKind::Foundational
            } else {
                PrincipleKind::Operational
            };
            assert_eq!(info.kind, expected, "principle {}", info.number);
        }
    }

    #[test]
    fn every_principle_sits_in_its_cluster() {
        // The headings of the UNGPs, with the first and last principle under each.
        let clusters: [(u8, u8, &str); 17] = [
            (1, 2, "Foundational principles"),
            (3, 3, "General State regulatory and policy functions"),
            (4, 6, "State-business nexus"),
            (
                7,
                7,
                "Supporting business respect for human rights in conflict-affected areas",
            ),
            (8, 10, "Ensuring policy coherence"),
            (11, 15, "Foundational principles"),
            (16, 16, "Policy commitment"),
            (17, 21, "Human rights due diligence"),
            (22, 22, "Remediation"),
            (23, 24, "Issues of context"),
            (25, 25, "Foundational principle"),
            (26, 26, "State-based judicial mechanisms"),
            (27, 27, "State-based non-judicial grievance mechanisms"),
            (28, 28, "Non-State-based grievance mechanisms"),
            (29, 29, "Operational-level grievance mechanisms"),
            (30, 30, "Collaborative initiatives"),
            (
                31,
                31,
                "Effectiveness criteria for non-judicial grievance mechanisms",
            ),
        ];
        let mut covered = 0;
        for (first, last, cluster) in clusters {
            for number in first..=last {
                assert_eq!(principle(p(number)).cluster, cluster, "principle {number}");
                covered += 1;
            }
        }
        assert_eq!(covered, 31);
    }

    #[test]
    fn principle_31_names_all_eight_criteria() {
        let summary = principle(p(31)).summary.to_lowercase();
        let criteria = [
            "(a) legitimate",
            "(b) accessible",
            "(c) predictable",
            "(d) equitable",
            "(e) transparent",
            "(f) rights-compatible",
            "(g) a source of continuous learning",
            "(h) based on engagement and dialogue",
        ];
        for criterion in criteria {
            assert!(summary.contains(criterion), "missing {criterion}");
        }
    }

    #[test]
    fn principles_of_a_pillar_are_its_principles() {
        for pillar in Pillar::ALL {
            let from_catalog: Vec<Principle> = principles_of(pillar).map(|p| p.number).collect();
            let expected: Vec<Principle> = pillar.principles().collect();
            assert_eq!(from_catalog, expected);
        }
        assert_eq!(principles_of(Pillar::Protect).count(), 10);
        assert_eq!(principles_of(Pillar::Respect).count(), 14);
        assert_eq!(principles_of(Pillar::Remedy).count(), 7);
    }

    #[test]
    fn rights_and_groups_have_unique_ids() {
        assert!(rights().len() >= 30, "only {} rights", rights().len());
        let right_ids: HashSet<&str> = rights().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(right_ids.len(), rights().len(), "duplicate right id");
        let group_ids: HashSet<&str> = groups().iter().map(|g| g.id.as_str()).collect();
        assert_eq!(group_ids.len(), groups().len(), "duplicate group id");
    }

    #[test]
    fn every_right_id_other_modules_use_exists() {
        // The ids agreed with the other modules; renaming or dropping one breaks them.
        let civil_political = [
            "life",
            "liberty-security",
            "freedom-from-torture",
            "freedom-from-slavery",
            "fair-trial",
            "equality-before-law",
            "non-discrimination",
            "privacy",
            "freedom-of-movement",
            "asylum",
            "nationality",
            "family-life",
            "property",
            "thought-conscience-religion",
            "opinion-expression",
            "protection-from-incitement",
            "peaceful-assembly",
            "association",
            "public-participation",
            "effective-remedy",
        ];
        let economic_social_cultural = [
            "work",
            "just-favourable-conditions",
            "trade-unions",
            "social-security",
            "adequate-standard-of-living",
            "health",
            "education",
            "culture-science",
        ];
        let labour = [
            "freedom-of-association-collective-bargaining",
            "freedom-from-forced-labour",
            "freedom-from-child-labour",
            "non-discrimination-at-work",
            "safe-healthy-work",
        ];
        let group_rights = [
            "child-rights",
            "women-rights",
            "disability-rights",
            "indigenous-self-determination",
            "indigenous-free-prior-informed-consent",
            "migrant-rights",
            "minority-rights",
            "defend-human-rights",
        ];
        let expected = [
            (RightCategory::CivilPolitical, &civil_political[..]),
            (
                RightCategory::EconomicSocialCultural,
                &economic_social_cultural[..],
            ),
            (RightCategory::Labour, &labour[..]),
            (RightCategory::GroupRights, &group_rights[..]),
        ];
        for (category, ids) in expected {
            for id in ids {
                let found = right(id).map(|r| r.category);
                assert_eq!(found, Some(category), "right `{id}`");
            }
        }
    }

    #[test]
    fn every_group_id_other_modules_use_exists() {
        let expected = [
            "children",
            "women",
            "persons-with-disabilities",
            "indigenous-peoples",
            "migrants",
            "refugees-and-asylum-seekers",
            "minorities",
            "human-rights-defenders",
            "journalists",
            "lgbtiq-persons",
            "workers",
            "precarious-workers",
            "older-persons",
            "people-in-poverty",
            "political-activists",
            "users",
        ];
        for id in expected {
            assert!(group(id).is_some(), "group `{id}`");
        }
    }

    /// Whether `article` looks like an article reference: a number with optional bracketed
    /// paragraphs, such as `17`, `2(1)` or `2(a)`.
    fn is_article(article: &str) -> bool {
        let digits = article
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(article.len());
        let (number, rest) = article.split_at(digits);
        if number.is_empty() || number.starts_with('0') {
            return false;
        }
        rest.split_inclusive(')').all(|part| {
            part.strip_prefix('(')
                .and_then(|p| p.strip_suffix(')'))
                .is_some_and(|inner| {
                    !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric())
                })
        })
    }

    #[test]
    fn the_article_check_accepts_and_rejects() {
        for good in ["1", "17", "2(1)", "23(4)", "2(a)", "32(2)(b)"] {
            assert!(is_article(good), "{good}");
        }
        for bad in ["", "art. 17", "017", "2(", "2()", "(1)", "2 (1)", "17a"] {
            assert!(!is_article(bad), "{bad}");
        }
    }

    #[test]
    fn every_right_has_sources_and_well_formed_articles() {
        for r in rights() {
            assert!(!r.sources.is_empty(), "right `{}` has no source", r.id);
            let distinct: HashSet<&InstrumentArticle> = r.sources.iter().collect();
            assert_eq!(
                distinct.len(),
                r.sources.len(),
                "right `{}` repeats a source",
                r.id
            );
            for source in &r.sources {
                assert!(
                    is_article(&source.article),
                    "right `{}`: `{}`",
                    r.id,
                    source.article
                );
            }
        }
        for g in groups() {
            for source in &g.sources {
                assert!(
                    is_article(&source.article),
                    "group `{}`: `{}`",
                    g.id,
                    source.article
                );
            }
        }
    }

    fn cites(id: &str, instrument: Instrument, article: &str) -> bool {
        right(id).is_some_and(|r| {
            r.sources
                .iter()
                .any(|s| s.instrument == instrument && s.article == article)
        })
    }

    #[test]
    fn key_rights_cite_the_standard_articles() {
        // The standard mappings of the International Bill of Human Rights.
        let expected = [
            ("life", Instrument::Udhr, "3"),
            ("life", Instrument::Iccpr, "6"),
            ("freedom-from-torture", Instrument::Iccpr, "7"),
            ("freedom-from-torture", Instrument::Cat, "1"),
            ("freedom-from-slavery", Instrument::Iccpr, "8"),
            ("fair-trial", Instrument::Iccpr, "14"),
            ("non-discrimination", Instrument::Iccpr, "2(1)"),
            ("non-discrimination", Instrument::Icescr, "2(2)"),
            ("privacy", Instrument::Udhr, "12"),
            ("privacy", Instrument::Iccpr, "17"),
            ("privacy", Instrument::Crc, "16"),
            ("opinion-expression", Instrument::Udhr, "19"),
            ("opinion-expression", Instrument::Iccpr, "19"),
            ("protection-from-incitement", Instrument::Iccpr, "20"),
            ("peaceful-assembly", Instrument::Iccpr, "21"),
            ("association", Instrument::Iccpr, "22"),
            ("public-participation", Instrument::Iccpr, "25"),
            ("effective-remedy", Instrument::Iccpr, "2(3)"),
            ("work", Instrument::Icescr, "6"),
            ("trade-unions", Instrument::Udhr, "23(4)"),
            ("trade-unions", Instrument::Icescr, "8"),
            ("health", Instrument::Icescr, "12"),
            ("education", Instrument::Icescr, "13"),
            ("culture-science", Instrument::Icescr, "15"),
            ("minority-rights", Instrument::Iccpr, "27"),
            (
                "indigenous-free-prior-informed-consent",
                Instrument::Undrip,
                "32",
            ),
        ];
        for (id, instrument, article) in expected {
            assert!(
                cites(id, instrument, article),
                "`{id}` should cite {instrument:?} {article}"
            );
        }
    }

    #[test]
    fn the_five_ilo_labour_rights_cite_the_declaration_and_their_conventions() {
        // ILO Declaration (as amended in 2022), paragraph 2 (a) to (e), and the two
        // fundamental conventions behind each principle.
        let expected = [
            (
                "freedom-of-association-collective-bargaining",
                "2(a)",
                [Instrument::IloC087, Instrument::IloC098],
            ),
            (
                "freedom-from-forced-labour",
                "2(b)",
                [Instrument::IloC029, Instrument::IloC105],
            ),
            (
                "freedom-from-child-labour",
                "2(c)",
                [Instrument::IloC138, Instrument::IloC182],
            ),
            (
                "non-discrimination-at-work",
                "2(d)",
                [Instrument::IloC100, Instrument::IloC111],
            ),
            (
                "safe-healthy-work",
                "2(e)",
                [Instrument::IloC155, Instrument::IloC187],
            ),
        ];
        for (id, paragraph, conventions) in expected {
            let Some(r) = right(id) else {
                panic!("missing labour right `{id}`");
            };
            assert_eq!(r.category, RightCategory::Labour, "`{id}`");
            assert!(cites(id, Instrument::IloDeclaration, paragraph), "`{id}`");
            for convention in conventions {
                assert!(
                    r.sources.iter().any(|s| s.instrument == convention),
                    "`{id}` should cite {convention:?}"
                );
            }
        }
        assert_eq!(rights_in(RightCategory::Labour).count(), 5);
    }

    #[test]
    fn group_rights_name_existing_groups_and_only_they_name_groups() {
        for r in rights() {
            for g in &r.groups {
                assert!(
                    group(g.as_str()).is_some(),
                    "right `{}` names unknown group `{g}`",
                    r.id
                );
            }
            let is_group_right = r.category == RightCategory::GroupRights;
            assert_eq!(!r.groups.is_empty(), is_group_right, "right `{}`", r.id);
        }
        let defenders: Vec<&str> = rights_of_group("journalists")
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(defenders, vec!["defend-human-rights"]);
        let children: Vec<&str> = rights_of_group("children").map(|r| r.id.as_str()).collect();
        assert_eq!(children, vec!["child-rights"]);
    }

    #[test]
    fn the_b_tech_generative_ai_rights_map_to_catalog_rights() {
        // The rights the B-Tech taxonomy of generative AI harms (2023) names, and the catalog
        // rights that carry each of them.
        let mapping: [(&str, &[&str]); 10] = [
            (
                "freedom from physical and psychological harm",
                &["liberty-security", "freedom-from-torture", "health"],
            ),
            (
                "equality before the law and protection against discrimination",
                &["equality-before-law", "non-discrimination"],
            ),
            ("privacy", &["privacy"]),
            ("own property", &["property"]),
            (
                "freedom of thought, religion, conscience and opinion",
                &["thought-conscience-religion", "opinion-expression"],
            ),
            (
                "freedom of expression and access to information",
                &["opinion-expression"],
            ),
            ("taking part in public affairs", &["public-participation"]),
            ("work and gaining a living", &["work"]),
            ("rights of the child", &["child-rights"]),
            ("rights to culture, art and science", &["culture-science"]),
        ];
        for (b_tech, ids) in mapping {
            assert!(!ids.is_empty(), "{b_tech}");
            for id in ids {
                assert!(right(id).is_some(), "{b_tech}: no right `{id}`");
            }
        }
    }

    #[test]
    fn no_text_is_blank() {
        for info in principles() {
            assert!(
                !info.title.trim().is_empty(),
                "principle {} title",
                info.number
            );
            assert!(
                !info.summary.trim().is_empty(),
                "principle {} summary",
                info.number
            );
            assert!(
                !info.cluster.trim().is_empty(),
                "principle {} cluster",
                info.number
            );
        }
        for r in rights() {
            assert!(!r.name.trim().is_empty(), "right `{}` name", r.id);
            assert!(!r.summary.trim().is_empty(), "right `{}` summary", r.id);
        }
        for g in groups() {
            assert!(!g.name.trim().is_empty(), "group `{}` name", g.id);
            assert!(!g.summary.trim().is_empty(), "group `{}` summary", g.id);
        }
    }

    #[test]
    fn lookups_find_known_ids_and_miss_unknown_ones() {
        assert_eq!(right("privacy").map(|r| r.id.as_str()), Some("privacy"));
        assert_eq!(group("children").map(|g| g.id.as_str()), Some("children"));
        assert_eq!(principle(p(19)).number.number(), 19);
        assert!(right("no-such-right").is_none());
        assert!(right("").is_none());
        assert!(right("Privacy").is_none());
        assert!(group("no-such-group").is_none());
        assert!(group("").is_none());
        assert_eq!(rights_of_group("no-such-group").count(), 0);
        // An unknown principle cannot even be named.
        assert!(Principle::new(0).is_err());
        assert!(Principle::new(32).is_err());
    }

    #[test]
    fn rights_in_partitions_the_rights() {
        let categories = [
            RightCategory::CivilPolitical,
            RightCategory::EconomicSocialCultural,
            RightCategory::Labour,
            RightCategory::GroupRights,
        ];
        let total: usize = categories.iter().map(|c| rights_in(*c).count()).sum();
        assert_eq!(total, rights().len());
        // Counts of the agreed lists above: 20 civil and political, 8 economic, social and
        // cultural, 5 labour, 8 group rights.
        assert!(rights_in(RightCategory::CivilPolitical).count() >= 20);
        assert!(rights_in(RightCategory::EconomicSocialCultural).count() >= 8);
        assert!(rights_in(RightCategory::GroupRights).count() >= 8);
    }

    #[test]
    fn the_data_round_trips_through_serde() {
        // What a user reads back from a serialised right is the same right.
        for r in rights() {
            let text = serde_json::to_string(r).unwrap_or_default();
            let back: Result<Right, _> = serde_json::from_str(&text);
            assert_eq!(back.ok().as_ref(), Some(r));
        }
    }
}
