//! The risk register document: every risk of a graph, ranked.
//!
//! The analysis of a large graph finds millions of risks, so the register holds a path risk as
//! its place among the impacts of a (technology, end-use) pair ([`Paths`]) and an aggregated
//! risk as a compact entry of node positions and numbers ([`Aggregate`]); priorities and tiers
//! follow from the profile when a risk is read. Ids, groups, sources and actions are looked up
//! only when a risk is read ([`RiskRegister::risks`]) or the register is written out, which keeps
//! the analysis itself free of per-risk allocations and reference counting.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::document::{DocumentTag, Extensions};
use crate::error::{Problems, Stage};
use crate::id::{GroupId, NodeId, RightId};

use super::check::ImpactArc;
use super::guidance::{ActionKind, Guidance};
use super::model::{Involvement, Leverage, Severity, tags};
use super::profile::{PrioritisationProfile, Tier};

/// No position.
pub(crate) const NONE: u32 = u32::MAX;

/// The sorted groups and the sources of an impact, shared by its risks.
pub(crate) type Shared = (Arc<[GroupId]>, Arc<[String]>);

/// What the positions in a [`Row`] point into. A checked graph and every register analysed from
/// it share one.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// The id of every node.
    pub(crate) ids: Vec<NodeId>,
    /// The catalog right of every right node.
    pub(crate) rights: Vec<Option<RightId>>,
    /// The distinct (groups, sources) of the impacts: a small table that stays in cache.
    pub(crate) shared: Vec<Shared>,
    /// The position of every node when nodes are sorted by id, to order by id without
    /// comparing strings.
    pub(crate) id_rank: Vec<u32>,
}

/// One risk with all its numbers, as it is read, ranked and checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Row {
    pub(crate) technology: u32,
    /// [`NONE`] for an aggregated risk.
    pub(crate) end_use: u32,
    pub(crate) right: u32,
    /// The entry of [`Names::shared`]; [`NONE`] for an aggregated risk, which has its paths'.
    pub(crate) shared: u32,
    pub(crate) likelihood: f64,
    pub(crate) priority: f64,
    pub(crate) tier: Tier,
    pub(crate) severity: Severity,
    pub(crate) involvement: Involvement,
    pub(crate) leverage: Leverage,
}

/// An aggregated risk as the register holds it; its priority and tier follow from the profile,
/// and its groups and sources from its paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Aggregate {
    pub(crate) technology: u32,
    pub(crate) right: u32,
    pub(crate) likelihood: f64,
    pub(crate) severity: Severity,
    pub(crate) involvement: Involvement,
    pub(crate) leverage: Leverage,
}

impl Aggregate {
    /// The aggregate under `profile`.
    pub(crate) fn row(&self, profile: &PrioritisationProfile) -> Row {
        let (priority, tier) = profile.assess(self.severity, self.likelihood);
        Row {
            technology: self.technology,
            end_use: NONE,
            right: self.right,
            shared: NONE,
            likelihood: self.likelihood,
            priority,
            tier,
            severity: self.severity,
            involvement: self.involvement,
            leverage: self.leverage,
        }
    }
}

/// A (technology, end-use) pair: the likelihood that the end-use happens given the technology
/// and how the company is involved. Its path risks are its end-use's impacts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reach {
    pub(crate) technology: u32,
    pub(crate) end_use: u32,
    /// Where its impacts start in [`Paths::impacts`].
    pub(crate) impacts: u32,
    pub(crate) likelihood: f64,
    pub(crate) involvement: Involvement,
    pub(crate) leverage: Leverage,
}

/// The path risks, without a row each: path `p` of the reach `r` whose paths start at
/// `first[r]` goes through its impact `p - first[r]`. A reach has a path per impact of its
/// end-use, and the impacts are the graph's own, shared, so the register holds one small entry
/// per reach instead of a row per path.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub(crate) reaches: Vec<Reach>,
    /// The first path of each reach, then the number of paths.
    pub(crate) first: Vec<u32>,
    pub(crate) impacts: Arc<[ImpactArc]>,
}

impl Paths {
    /// The reach and the impact of path `p`.
    fn get(&self, p: u32) -> Option<(&Reach, &ImpactArc)> {
        let r = self.first.partition_point(|&f| f <= p).checked_sub(1)?;
        let reach = self.reaches.get(r)?;
        let offset = p - self.first.get(r)?;
        let impact = self
            .impacts
            .get(reach.impacts.checked_add(offset)? as usize)?;
        Some((reach, impact))
    }

    /// Path `p` under `profile`.
    pub(crate) fn row(&self, p: u32, profile: &PrioritisationProfile) -> Option<Row> {
        self.get(p)
            .map(|(reach, impact)| path_row(reach, impact, profile))
    }
}

/// The row of the path from `reach` through `impact`: the analysis ranks by these numbers and
/// the register shows them, so both make them here.
pub(crate) fn path_row(reach: &Reach, impact: &ImpactArc, profile: &PrioritisationProfile) -> Row {
    let likelihood = (reach.likelihood * impact.likelihood).clamp(0.0, 1.0);
    let (priority, tier) = profile.assess(impact.severity, likelihood);
    Row {
        technology: reach.technology,
        end_use: reach.end_use,
        right: impact.to,
        shared: impact.shared,
        likelihood,
        priority,
        tier,
        severity: impact.severity,
        involvement: reach.involvement,
        leverage: reach.leverage,
    }
}

/// The parts the analysis hands over.
pub(crate) struct Parts {
    pub(crate) names: Arc<Names>,
    pub(crate) paths: Paths,
    /// The positions of `paths` in rank order.
    pub(crate) path_order: Vec<u32>,
    pub(crate) aggregates: Vec<Aggregate>,
    pub(crate) aggregate_order: Vec<u32>,
    /// The paths of aggregate `a` are `members[member_start[a]..member_start[a + 1]]`.
    pub(crate) members: Vec<u32>,
    pub(crate) member_start: Vec<u32>,
}

/// The risk register (`"document": "risk_register"`): every risk of a graph, ranked.
///
/// [`risks`](RiskRegister::risks) has one entry per (technology, end-use, right) path;
/// [`aggregates`](RiskRegister::aggregates) one per (technology, right), over every end-use that
/// joins them. Both are sorted by tier, priority, severity points, likelihood, then the ids of
/// technology, end-use and right, so the same graph and profile always give the same,
/// byte-identical register.
///
/// Risks are made when they are read, so reading them costs a little each time: collect them
/// when you need them more than once.
///
/// ```
/// use hrdd::risk::{PrioritisationProfile, RiskRegister, reference_graph};
/// let register = reference_graph().clone().check().unwrap().analyse(&PrioritisationProfile::default());
/// let top = register.risks().next().unwrap();
/// assert_eq!(top.rank, 1);
/// // A register is a document: it reads back as it was written.
/// let read = RiskRegister::from_json(&register.to_json()).unwrap();
/// assert_eq!(read, register);
/// ```
#[derive(Clone)]
pub struct RiskRegister {
    profile: PrioritisationProfile,
    names: Arc<Names>,
    paths: Paths,
    path_order: Vec<u32>,
    aggregates: Vec<Aggregate>,
    aggregate_order: Vec<u32>,
    members: Vec<u32>,
    member_start: Vec<u32>,
    extensions: Extensions,
    /// What is wrong with the document the register was read from; empty for an analysis.
    stated: Problems,
}

/// What identifies a risk across registers: the technology, the end-use (none for an aggregated
/// risk) and the right node.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct RiskKey {
    /// The technology node.
    pub technology: NodeId,
    /// The end-use node; absent for an aggregated risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_use: Option<NodeId>,
    /// The right node.
    pub right: NodeId,
}

/// One risk of the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Risk {
    /// Its position in its list, from 1.
    pub rank: u32,
    /// Technology, end-use and right.
    pub key: RiskKey,
    /// For an aggregated risk, the end-uses it combines, sorted by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub end_uses: Vec<NodeId>,
    /// The catalog right of the right node.
    pub catalog_right: RightId,
    /// The severity; for an aggregated risk the worst of each component over its end-uses.
    pub severity: Severity,
    /// The likelihood after actors, contexts and mitigations; for an aggregated risk the
    /// likelihood that any of its end-uses harms the right.
    pub likelihood: f64,
    /// The priority under the profile.
    pub priority: f64,
    /// The tier under the profile.
    pub tier: Tier,
    /// The company's involvement; for an aggregated risk the most direct over its end-uses.
    pub involvement: Involvement,
    /// The company's leverage; for an aggregated risk the least over its end-uses.
    pub leverage: Leverage,
    /// Affected groups at heightened risk, sorted.
    pub groups: Arc<[GroupId]>,
    /// The sources the impact rests on, sorted.
    pub sources: Arc<[String]>,
    /// What to do.
    pub actions: Guidance,
}

/// The ranking order without the ids, smallest first: tier, priority, severity points and
/// likelihood, each descending.
pub(crate) fn rank_key(
    tier: Tier,
    priority: f64,
    severity: Severity,
    likelihood: f64,
) -> (u8, u64, u8, u64) {
    (
        Tier::Top as u8 - tier as u8,
        descending(priority),
        u8::MAX - severity.points(),
        descending(likelihood),
    )
}

/// Descending order of a non-negative float as an ascending integer (`+ 0.0` turns `-0.0`
/// into `0.0`; the bits of non-negative floats order as the floats do).
pub(crate) fn descending(x: f64) -> u64 {
    u64::MAX - (x + 0.0).max(0.0).to_bits()
}

impl RiskRegister {
    pub(crate) fn from_parts(profile: &PrioritisationProfile, parts: Parts) -> Self {
        RiskRegister {
            profile: profile.clone(),
            names: parts.names,
            paths: parts.paths,
            path_order: parts.path_order,
            aggregates: parts.aggregates,
            aggregate_order: parts.aggregate_order,
            members: parts.members,
            member_start: parts.member_start,
            extensions: Extensions::default(),
            stated: Problems::new(),
        }
    }

    /// The profile the risks were ranked with.
    pub fn profile(&self) -> &PrioritisationProfile {
        &self.profile
    }

    /// The risks per (technology, end-use, right), in rank order.
    pub fn risks(&self) -> Risks<'_> {
        Risks {
            register: self,
            aggregated: false,
            front: 0,
            back: self.path_order.len(),
        }
    }

    /// The risks per (technology, right), in rank order.
    pub fn aggregates(&self) -> Risks<'_> {
        Risks {
            register: self,
            aggregated: true,
            front: 0,
            back: self.aggregate_order.len(),
        }
    }

    /// How many risks per (technology, end-use, right) there are.
    pub fn risk_count(&self) -> usize {
        self.path_order.len()
    }

    /// How many risks per (technology, right) there are.
    pub fn aggregate_count(&self) -> usize {
        self.aggregate_order.len()
    }

    /// The path risk or aggregated risk with `key`.
    ///
    /// ```
    /// use hrdd::risk::{PrioritisationProfile, reference_graph};
    /// let register = reference_graph().clone().check().unwrap().analyse(&PrioritisationProfile::default());
    /// let first = register.aggregates().next().unwrap();
    /// assert_eq!(register.get(&first.key), Some(first));
    /// ```
    pub fn get(&self, key: &RiskKey) -> Option<Risk> {
        let names = &self.names;
        let is = |n: u32, id: &NodeId| names.ids.get(n as usize) == Some(id);
        let matches = |row: Option<Row>| {
            row.is_some_and(|row| {
                is(row.technology, &key.technology)
                    && is(row.right, &key.right)
                    && key.end_use.as_ref().is_none_or(|e| is(row.end_use, e))
            })
        };
        match &key.end_use {
            Some(_) => {
                let rank = self
                    .path_order
                    .iter()
                    .position(|&p| matches(self.paths.row(p, &self.profile)))?;
                self.risk_at(false, rank)
            }
            None => {
                let rank = self.aggregate_order.iter().position(|&a| {
                    matches(
                        self.aggregates
                            .get(a as usize)
                            .map(|g| g.row(&self.profile)),
                    )
                })?;
                self.risk_at(true, rank)
            }
        }
    }

    /// Data of the embedding tool, preserved untouched when the register is read and written.
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Sets the data of the embedding tool.
    pub fn set_extensions(&mut self, extensions: Extensions) {
        self.extensions = extensions;
    }

    /// Reads a register document with the default [`Limits`](crate::Limits): limits, syntax,
    /// schema, then the checks of what it states (ranks in order and counted from 1,
    /// priorities, tiers and actions that follow from the profile, each risk once, known rights
    /// and groups). Every problem comes with its JSON pointer.
    ///
    /// ```
    /// use hrdd::risk::{PrioritisationProfile, RiskRegister, reference_graph};
    /// let register = reference_graph().clone().check().unwrap().analyse(&PrioritisationProfile::default());
    /// let text = register.to_json().replacen("\"rank\": 1,", "\"rank\": 7,", 1);
    /// let problems = RiskRegister::from_json(&text).unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/risks/0/rank");
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        crate::document::read_as(text, &crate::Limits::default())
    }

    /// The register as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The problems found when the register was read from a document.
    pub(crate) fn stated_problems(&self) -> &Problems {
        &self.stated
    }

    /// The risk at `rank - 1` of one list.
    fn risk_at(&self, aggregated: bool, position: usize) -> Option<Risk> {
        let rank = u32::try_from(position + 1).unwrap_or(u32::MAX);
        if aggregated {
            let a = *self.aggregate_order.get(position)?;
            self.aggregate_risk(a, rank)
        } else {
            let p = *self.path_order.get(position)?;
            self.path_risk(&self.paths.row(p, &self.profile)?, rank)
        }
    }

    fn id(&self, n: u32) -> Option<NodeId> {
        self.names.ids.get(n as usize).cloned()
    }

    fn catalog_right(&self, right: u32) -> Option<RightId> {
        self.names.rights.get(right as usize)?.clone()
    }

    fn path_risk(&self, row: &Row, rank: u32) -> Option<Risk> {
        let (groups, sources) = self.names.shared.get(row.shared as usize)?.clone();
        Some(Risk {
            rank,
            key: RiskKey {
                technology: self.id(row.technology)?,
                end_use: Some(self.id(row.end_use)?),
                right: self.id(row.right)?,
            },
            end_uses: Vec::new(),
            catalog_right: self.catalog_right(row.right)?,
            severity: row.severity,
            likelihood: row.likelihood,
            priority: row.priority,
            tier: row.tier,
            involvement: row.involvement,
            leverage: row.leverage,
            groups,
            sources,
            actions: Guidance::new(row.involvement, row.leverage, row.tier),
        })
    }

    /// The aggregated risk `a`. When every path shares one entry of groups and sources, so does
    /// the aggregate; otherwise the union of its paths' entries is made.
    fn aggregate_risk(&self, a: u32, rank: u32) -> Option<Risk> {
        let row = self.aggregates.get(a as usize)?.row(&self.profile);
        let from = *self.member_start.get(a as usize)? as usize;
        let to = *self.member_start.get(a as usize + 1)? as usize;
        let members = self.members.get(from..to)?;
        let id_rank = &self.names.id_rank;
        let mut end_uses: Vec<u32> = members
            .iter()
            .filter_map(|&p| Some(self.paths.get(p)?.0.end_use))
            .collect();
        end_uses.sort_unstable_by_key(|&e| (id_rank.get(e as usize).copied(), e));
        end_uses.dedup();
        let end_uses: Vec<NodeId> = end_uses.into_iter().filter_map(|e| self.id(e)).collect();
        let (groups, sources) = self.union_of(members);
        Some(Risk {
            rank,
            key: RiskKey {
                technology: self.id(row.technology)?,
                end_use: None,
                right: self.id(row.right)?,
            },
            end_uses,
            catalog_right: self.catalog_right(row.right)?,
            severity: row.severity,
            likelihood: row.likelihood,
            priority: row.priority,
            tier: row.tier,
            involvement: row.involvement,
            leverage: row.leverage,
            groups,
            sources,
            actions: Guidance::new(row.involvement, row.leverage, row.tier),
        })
    }

    fn union_of(&self, members: &[u32]) -> Shared {
        let shared: Vec<&Shared> = members
            .iter()
            .filter_map(|&p| self.names.shared.get(self.paths.get(p)?.1.shared as usize))
            .collect();
        match shared.split_first() {
            Some(((g, s), rest))
                if rest
                    .iter()
                    .all(|(g2, s2)| Arc::ptr_eq(g, g2) && Arc::ptr_eq(s, s2)) =>
            {
                (g.clone(), s.clone())
            }
            _ => {
                let mut groups: Vec<GroupId> = Vec::new();
                let mut sources: Vec<String> = Vec::new();
                for (g, s) in shared {
                    groups.extend(g.iter().cloned());
                    sources.extend(s.iter().cloned());
                }
                groups.sort();
                groups.dedup();
                sources.sort();
                sources.dedup();
                (Arc::from(groups), Arc::from(sources))
            }
        }
    }
}

/// The risks of one list of a [`RiskRegister`], in rank order, each made as it is reached.
#[derive(Clone)]
pub struct Risks<'a> {
    register: &'a RiskRegister,
    aggregated: bool,
    front: usize,
    back: usize,
}

impl Iterator for Risks<'_> {
    type Item = Risk;

    fn next(&mut self) -> Option<Risk> {
        while self.front < self.back {
            self.front += 1;
            if let Some(risk) = self.register.risk_at(self.aggregated, self.front - 1) {
                return Some(risk);
            }
        }
        None
    }

    fn nth(&mut self, n: usize) -> Option<Risk> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.back - self.front))
    }
}

impl DoubleEndedIterator for Risks<'_> {
    fn next_back(&mut self) -> Option<Risk> {
        while self.front < self.back {
            self.back -= 1;
            if let Some(risk) = self.register.risk_at(self.aggregated, self.back) {
                return Some(risk);
            }
        }
        None
    }
}

impl fmt::Debug for Risks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl fmt::Debug for RiskRegister {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RiskRegister")
            .field("profile", &self.profile)
            .field("risks", &self.risks())
            .field("aggregates", &self.aggregates())
            .field("extensions", &self.extensions)
            .finish()
    }
}

/// Registers are equal when they hold the same risks, profile and extensions, however they were
/// made.
impl PartialEq for RiskRegister {
    fn eq(&self, other: &Self) -> bool {
        self.profile == other.profile
            && self.extensions == other.extensions
            && self.risk_count() == other.risk_count()
            && self.aggregate_count() == other.aggregate_count()
            && self.risks().eq(other.risks())
            && self.aggregates().eq(other.aggregates())
    }
}

/// Writes a list of risks as they are made, without collecting them first.
struct List<'a>(Risks<'a>);

impl Serialize for List<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

impl Serialize for RiskRegister {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let with_extensions = !self.extensions.is_empty();
        let mut document =
            serializer.serialize_struct("RiskRegister", 4 + usize::from(with_extensions))?;
        document.serialize_field("document", &DocumentTag::<tags::RiskRegister>::default())?;
        document.serialize_field("profile", &self.profile)?;
        document.serialize_field("risks", &List(self.risks()))?;
        document.serialize_field("aggregates", &List(self.aggregates()))?;
        if with_extensions {
            document.serialize_field("extensions", &self.extensions)?;
        } else {
            document.skip_field("extensions")?;
        }
        document.end()
    }
}

/// A risk register document as written: what [`RiskRegister`] reads and its schema describes.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RiskRegister")]
struct RegisterRecord {
    /// Always `"risk_register"`.
    #[expect(dead_code, reason = "reading it checks the document kind")]
    document: DocumentTag<tags::RiskRegister>,
    /// The profile the risks were ranked with.
    profile: PrioritisationProfile,
    /// One entry per (technology, end-use, right), ranked.
    risks: Vec<RiskRecord>,
    /// One entry per (technology, right), ranked.
    aggregates: Vec<RiskRecord>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default)]
    extensions: Extensions,
}

/// One risk of the register (the written form of [`Risk`]).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Risk")]
struct RiskRecord {
    /// Its position in its list, from 1.
    #[schemars(range(min = 1))]
    rank: u32,
    /// Technology, end-use (absent for an aggregated risk) and right.
    key: RiskKey,
    /// For an aggregated risk, the end-uses it combines, sorted by id.
    #[serde(default)]
    end_uses: Vec<NodeId>,
    /// The catalog right of the right node.
    catalog_right: RightId,
    /// The severity; for an aggregated risk the worst of each component over its end-uses.
    severity: Severity,
    /// The likelihood after actors, contexts and mitigations, in `[0, 1]`.
    #[schemars(range(min = 0.0, max = 1.0))]
    likelihood: f64,
    /// The priority under the profile.
    #[schemars(range(min = 0.0))]
    priority: f64,
    /// The tier under the profile.
    tier: Tier,
    /// The company's involvement; for an aggregated risk the most direct over its end-uses.
    involvement: Involvement,
    /// The company's leverage; for an aggregated risk the least over its end-uses.
    leverage: Leverage,
    /// Affected groups at heightened risk, sorted.
    groups: Vec<GroupId>,
    /// The sources the impact rests on, sorted.
    sources: Vec<String>,
    /// The actions Principle 19 and the B-Tech end-use papers call for, given involvement,
    /// leverage and tier.
    actions: Vec<ActionRecord>,
}

/// One action as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Action")]
struct ActionRecord {
    /// What kind of action.
    kind: ActionKind,
    /// What to do, in plain words.
    text: String,
    /// The Guiding Principles it rests on.
    #[schemars(inner(range(min = 1, max = 31)))]
    principles: Vec<u8>,
}

impl JsonSchema for RiskRegister {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        RegisterRecord::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RegisterRecord::json_schema(generator)
    }
}

/// Reads a register; what the document states but does not follow from its own numbers (ranks,
/// priorities, tiers, actions, order) is kept as problems that [`crate::document::read`] and
/// [`RiskRegister::from_json`] report.
impl<'de> Deserialize<'de> for RiskRegister {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RegisterRecord::deserialize(deserializer).map(RiskRegister::from_record)
    }
}

/// Gives every distinct node (and every distinct right node and catalog right) one position.
#[derive(Default)]
struct Interner {
    names: Names,
    index: HashMap<(NodeId, Option<RightId>), u32>,
}

impl Interner {
    fn node(&mut self, id: &NodeId, right: Option<&RightId>) -> u32 {
        let key = (id.clone(), right.cloned());
        if let Some(&n) = self.index.get(&key) {
            return n;
        }
        let n = u32::try_from(self.names.ids.len()).unwrap_or(NONE);
        self.names.ids.push(id.clone());
        self.names.rights.push(right.cloned());
        self.index.insert(key, n);
        n
    }

    fn shared(&mut self, groups: Vec<GroupId>, sources: Vec<String>) -> u32 {
        let n = u32::try_from(self.names.shared.len()).unwrap_or(NONE);
        self.names
            .shared
            .push((Arc::from(groups), Arc::from(sources)));
        n
    }

    fn finish(mut self) -> Names {
        let mut by_id: Vec<u32> = (0..u32::try_from(self.names.ids.len()).unwrap_or(0)).collect();
        by_id.sort_by(|&a, &b| {
            self.names
                .ids
                .get(a as usize)
                .cmp(&self.names.ids.get(b as usize))
        });
        self.names.id_rank = vec![0; by_id.len()];
        for (rank, n) in (0u32..).zip(by_id) {
            if let Some(r) = self.names.id_rank.get_mut(n as usize) {
                *r = rank;
            }
        }
        self.names
    }
}

impl RiskRegister {
    fn from_record(record: RegisterRecord) -> Self {
        let mut stated = Problems::new();
        if let Err(problems) = record.profile.validate() {
            for p in problems.iter() {
                stated.push(p.stage, format!("/profile{}", p.pointer), p.message.clone());
            }
        }
        let mut interner = Interner::default();
        // Each written risk is a reach of its own with one impact of likelihood 1, so that its
        // path has the likelihood written.
        let mut reaches = Vec::with_capacity(record.risks.len());
        let mut impacts = Vec::with_capacity(record.risks.len());
        let mut rows = Vec::with_capacity(record.risks.len());
        for (n, risk) in (0u32..).zip(record.risks) {
            check_record(&risk, &record.profile, ("risks", n as usize), &mut stated);
            let end_use = risk
                .key
                .end_use
                .as_ref()
                .map_or(NONE, |e| interner.node(e, None));
            let row = make_row(&mut interner, risk, end_use);
            reaches.push(Reach {
                technology: row.technology,
                end_use,
                impacts: n,
                likelihood: row.likelihood,
                involvement: row.involvement,
                leverage: row.leverage,
            });
            impacts.push(ImpactArc {
                to: row.right,
                shared: row.shared,
                likelihood: 1.0,
                severity: row.severity,
            });
            rows.push(row);
        }
        let listed = reaches.len();
        // An aggregated risk written has its own numbers; its members are paths of their own,
        // listed nowhere, that name its end-uses and hold its groups and sources (one with no
        // end-use when it names none).
        let mut aggregates = Vec::with_capacity(record.aggregates.len());
        let mut members = Vec::new();
        let mut member_start = vec![0];
        let mut aggregate_rows = Vec::with_capacity(record.aggregates.len());
        for (n, risk) in record.aggregates.into_iter().enumerate() {
            check_record(&risk, &record.profile, ("aggregates", n), &mut stated);
            let mut end_uses: Vec<u32> = risk
                .end_uses
                .iter()
                .map(|e| interner.node(e, None))
                .collect();
            if end_uses.is_empty() {
                end_uses.push(NONE);
            }
            let row = make_row(&mut interner, risk, NONE);
            for end_use in end_uses {
                let p = u32::try_from(reaches.len()).unwrap_or(NONE);
                members.push(p);
                reaches.push(Reach {
                    technology: row.technology,
                    end_use,
                    impacts: p,
                    likelihood: 0.0,
                    involvement: row.involvement,
                    leverage: row.leverage,
                });
                impacts.push(ImpactArc {
                    to: row.right,
                    shared: row.shared,
                    likelihood: 0.0,
                    severity: row.severity,
                });
            }
            member_start.push(u32::try_from(members.len()).unwrap_or(NONE));
            aggregates.push(Aggregate {
                technology: row.technology,
                right: row.right,
                likelihood: row.likelihood,
                severity: row.severity,
                involvement: row.involvement,
                leverage: row.leverage,
            });
            aggregate_rows.push(row);
        }
        let count = u32::try_from(reaches.len()).unwrap_or(NONE);
        let paths = Paths {
            reaches,
            first: (0..=count).collect(),
            impacts: Arc::from(impacts),
        };
        for (list, rows) in [("risks", &rows), ("aggregates", &aggregate_rows)] {
            check_list(list, rows, &interner.names, &mut stated);
        }
        let order = |count: usize| (0..u32::try_from(count).unwrap_or(0)).collect();
        RiskRegister {
            profile: record.profile,
            path_order: order(listed),
            aggregate_order: order(aggregates.len()),
            paths,
            aggregates,
            members,
            member_start,
            names: Arc::new(interner.finish()),
            extensions: record.extensions,
            stated,
        }
    }
}

/// The row of a written risk, with its own entry of groups and sources.
fn make_row(interner: &mut Interner, risk: RiskRecord, end_use: u32) -> Row {
    Row {
        technology: interner.node(&risk.key.technology, None),
        end_use,
        right: interner.node(&risk.key.right, Some(&risk.catalog_right)),
        shared: interner.shared(risk.groups, risk.sources),
        likelihood: risk.likelihood,
        priority: risk.priority,
        tier: risk.tier,
        severity: risk.severity,
        involvement: risk.involvement,
        leverage: risk.leverage,
    }
}

/// What one written risk must satisfy on its own.
fn check_record(
    risk: &RiskRecord,
    profile: &PrioritisationProfile,
    (list, position): (&str, usize),
    problems: &mut Problems,
) {
    let aggregated = list == "aggregates";
    let mut push = |field: &str, message: String| {
        problems.push(
            Stage::Semantic,
            format!("/{list}/{position}{field}"),
            message,
        );
    };
    if usize::try_from(risk.rank).ok() != Some(position + 1) {
        push(
            "/rank",
            format!(
                "rank `{}` where {} was expected: ranks count from 1 in list order",
                risk.rank,
                position + 1
            ),
        );
    }
    match (aggregated, &risk.key.end_use, risk.end_uses.is_empty()) {
        (false, None, _) => push(
            "/key",
            "a risk of the `risks` list names its end-use".to_owned(),
        ),
        (false, Some(_), false) => push(
            "/end_uses",
            "only an aggregated risk lists the end-uses it combines".to_owned(),
        ),
        (true, Some(_), _) => push(
            "/key/end_use",
            "an aggregated risk names no single end-use; list them in `end_uses`".to_owned(),
        ),
        (true, None, true) => push(
            "/end_uses",
            "an aggregated risk lists the end-uses it combines".to_owned(),
        ),
        _ => {}
    }
    if crate::catalog::right(risk.catalog_right.as_str()).is_none() {
        push(
            "/catalog_right",
            format!("unknown right `{}`", risk.catalog_right),
        );
    }
    for (n, group) in risk.groups.iter().enumerate() {
        if crate::catalog::group(group.as_str()).is_none() {
            push(&format!("/groups/{n}"), format!("unknown group `{group}`"));
        }
    }
    let s = risk.severity;
    for (field, value) in [
        ("scale", s.scale),
        ("scope", s.scope),
        ("irremediability", s.irremediability),
    ] {
        if !(1..=5).contains(&value) {
            push(
                &format!("/severity/{field}"),
                format!("`{value}` is not from 1 to 5"),
            );
        }
    }
    if !(0.0..=1.0).contains(&risk.likelihood) {
        push(
            "/likelihood",
            format!("`{}` is not from 0 to 1", risk.likelihood),
        );
        return;
    }
    let (priority, tier) = profile.assess(risk.severity, risk.likelihood);
    if priority.to_bits() != risk.priority.to_bits() {
        push(
            "/priority",
            format!(
                "`{}` is not the priority the profile gives this severity and likelihood (`{priority}`)",
                risk.priority
            ),
        );
    }
    if tier != risk.tier {
        push(
            "/tier",
            format!(
                "`{}` is not the tier the profile gives this severity and likelihood (`{}`)",
                risk.tier.as_str(),
                tier.as_str()
            ),
        );
    }
    let expected = Guidance::new(risk.involvement, risk.leverage, risk.tier).actions();
    let same = risk.actions.len() == expected.len()
        && risk.actions.iter().zip(&expected).all(|(a, b)| {
            a.kind == b.kind && a.text == b.text && a.principles.as_slice() == b.principles
        });
    if !same {
        push(
            "/actions",
            "these are not the actions the guidance gives for this involvement, leverage and tier"
                .to_owned(),
        );
    }
}

/// What a written list must satisfy as a whole: ranked in order, each risk once.
fn check_list(list: &str, rows: &[Row], names: &Names, problems: &mut Problems) {
    let key = |row: &Row| rank_key(row.tier, row.priority, row.severity, row.likelihood);
    // Right nodes have one position per (id, catalog right), so rights compare by id.
    let mut seen: HashMap<(u32, u32, Option<&NodeId>), usize> = HashMap::new();
    let mut previous: Option<&Row> = None;
    for (n, row) in rows.iter().enumerate() {
        if let Some(before) = previous
            && key(row) < key(before)
        {
            problems.push(
                Stage::Semantic,
                format!("/{list}/{n}"),
                format!(
                    "ranked after `/{list}/{}`, which it should precede (tier, then priority, \
                     severity points and likelihood, highest first)",
                    n - 1
                ),
            );
        }
        previous = Some(row);
        let identity = (
            row.technology,
            row.end_use,
            names.ids.get(row.right as usize),
        );
        if let Some(first) = seen.insert(identity, n) {
            problems.push(
                Stage::Semantic,
                format!("/{list}/{n}/key"),
                format!("the same risk as `/{list}/{first}`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::analysis::tests::{checked, sample};

    #[test]
    fn risks_iterate_both_ways_and_skip_ahead() {
        let graph = checked(sample());
        let register = graph.analyse(&PrioritisationProfile::default());
        let all: Vec<Risk> = register.risks().collect();
        assert_eq!(all.len(), register.risk_count());
        assert_eq!(
            (1..=all.len()).collect::<Vec<_>>(),
            all.iter().map(|r| r.rank as usize).collect::<Vec<_>>()
        );
        let mut reversed: Vec<Risk> = register.risks().rev().collect();
        reversed.reverse();
        assert_eq!(reversed, all);
        assert_eq!(register.risks().nth(2).as_ref(), all.get(2));
        assert_eq!(register.risks().nth(all.len()), None);
        for risk in all.iter().chain(&register.aggregates().collect::<Vec<_>>()) {
            assert_eq!(register.get(&risk.key).as_ref(), Some(risk));
        }
        let unknown = RiskKey {
            technology: NodeId::from_literal("nowhere"),
            end_use: None,
            right: NodeId::from_literal("r"),
        };
        assert_eq!(register.get(&unknown), None);
    }
}
