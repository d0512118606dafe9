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

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use principle::{Pillar, Principle, PrincipleError, PrincipleSet};

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

/// All 31 principles, in order.
pub fn principles() -> &'static [PrincipleInfo] {
    &catalog().principles
}

/// What the catalog says about `principle`.
#[expect(
    clippy::indexing_slicing,
    reason = "a Principle is 1..=31 and the tests check the data holds all 31 in order"
)]
pub fn principle(principle: Principle) -> &'static PrincipleInfo {
    &catalog().principles[usize::from(principle.number() - 1)]
}

/// Every right in the catalog.
pub fn rights() -> &'static [Right] {
    &catalog().rights
}

/// The right with id `id`, if the catalog has it.
pub fn right(id: &str) -> Option<&'static Right> {
    catalog().rights.iter().find(|r| r.id.as_str() == id)
}

/// Every affected group in the catalog.
pub fn groups() -> &'static [AffectedGroup] {
    &catalog().groups
}

/// The affected group with id `id`, if the catalog has it.
pub fn group(id: &str) -> Option<&'static AffectedGroup> {
    catalog().groups.iter().find(|g| g.id.as_str() == id)
}
