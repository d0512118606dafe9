//! Analysis: from a checked risk graph to a ranked risk register.

use std::sync::Arc;

#[cfg(test)]
use petgraph::graph::NodeIndex;
#[cfg(test)]
use petgraph::visit::EdgeRef;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::DocumentTag;
use crate::id::{GroupId, NodeId, RightId};

#[cfg(test)]
use super::check::SharedData;
use super::check::{CheckedRiskGraph, Flat, Shared};
use super::guidance::Guidance;
#[cfg(test)]
use super::model::{Edge, Node};
use super::model::{Involvement, Leverage, Severity, tags};
use super::profile::{PrioritisationProfile, Tier};

/// The risk register (`"document": "risk_register"`): every risk of a graph, ranked.
///
/// `risks` has one entry per (technology, end-use, right) path; `aggregates` one per
/// (technology, right), over every end-use that joins them. Both are sorted by tier, priority,
/// severity points, likelihood, then the ids of technology, end-use and right, so the same graph
/// and profile always give the same, byte-identical register.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RiskRegister {
    /// Always `"risk_register"`.
    pub document: DocumentTag<tags::RiskRegister>,
    /// The profile the risks were ranked with.
    pub profile: PrioritisationProfile,
    /// One entry per (technology, end-use, right), ranked.
    pub risks: Vec<Risk>,
    /// One entry per (technology, right), ranked.
    pub aggregates: Vec<Risk>,
}

/// What identifies a risk across registers: the technology, the end-use (none for an aggregated
/// risk) and the right node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct RiskKey {
    /// The technology node.
    pub technology: NodeId,
    /// The end-use node; absent for an aggregated risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_use: Option<NodeId>,
    /// The right node.
    pub right: NodeId,
}

/// One risk of the register.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
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

/// A path risk before it is turned into a [`Risk`].
#[derive(Clone, Copy)]
struct Raw {
    technology: u32,
    end_use: u32,
    right: u32,
    /// Where its groups and sources are: the impact edge for the reference analysis, the entry
    /// of [`Flat::shared`] for the flat one.
    impact: u32,
    likelihood: f64,
    priority: f64,
    tier: Tier,
    severity: Severity,
    involvement: Involvement,
    leverage: Leverage,
}

/// Accumulates the paths of one (technology, right).
#[cfg(test)]
struct Aggregate {
    technology: u32,
    right: u32,
    complement: f64,
    severity: Severity,
    involvement: Involvement,
    leverage: Leverage,
    end_uses: Vec<u32>,
    impacts: Vec<u32>,
}

/// Odds adjustment: multiplies the odds `p / (1 - p)` by `k > 0`; maps `[0, 1]` into `[0, 1]`.
fn adjust(p: f64, k: f64) -> f64 {
    if k == 1.0 {
        return p;
    }
    let denominator = 1.0 - p + k * p;
    if denominator > 0.0 {
        (k * p / denominator).clamp(0.0, 1.0)
    } else {
        p
    }
}

/// The ranking order as one compact key, smallest first: tier, priority, severity points and
/// likelihood descending, then the ids of technology, end-use and right (by their positions in
/// id order), then the position of the risk. Sorting these small keys instead of the risks
/// keeps the sort in cache.
type SortKey = (u8, u64, u8, u64, u32, u32, u32, u32);

/// Descending order of a non-negative float as an ascending integer (`+ 0.0` turns `-0.0`
/// into `0.0`; the bits of non-negative floats order as the floats do).
fn descending(x: f64) -> u64 {
    u64::MAX - (x + 0.0).max(0.0).to_bits()
}

fn sort_key(raw: &Raw, rank: &[u32], position: u32) -> SortKey {
    let r = |n: u32| rank.get(n as usize).copied().unwrap_or(u32::MAX);
    (
        Tier::Top as u8 - raw.tier as u8,
        descending(raw.priority),
        u8::MAX - raw.severity.points(),
        descending(raw.likelihood),
        r(raw.technology),
        r(raw.end_use),
        r(raw.right),
        position,
    )
}

/// Puts `items` (made in the order of `raws`) in ranking order and numbers them from 1.
#[cfg(test)]
fn rank_in_order(raws: &[Raw], items: Vec<Option<Risk>>, id_rank: &[u32]) -> Vec<Risk> {
    let mut keys: Vec<SortKey> = (0u32..)
        .zip(raws)
        .map(|(n, raw)| sort_key(raw, id_rank, n))
        .collect();
    keys.sort_unstable();
    let mut items = items;
    let mut ranked = Vec::with_capacity(items.len());
    for key in keys {
        if let Some(mut risk) = items.get_mut(key.7 as usize).and_then(Option::take) {
            risk.rank = u32::try_from(ranked.len() + 1).unwrap_or(u32::MAX);
            ranked.push(risk);
        }
    }
    ranked
}

/// An aggregated risk while its paths are found; its paths form a list through `next`.
struct AggregateRow {
    technology: u32,
    right: u32,
    complement: f64,
    severity: Severity,
    involvement: Involvement,
    leverage: Leverage,
}

/// No index.
const NONE: u32 = u32::MAX;

fn value_at(values: &[f64], n: u32) -> f64 {
    values.get(n as usize).copied().unwrap_or(1.0)
}

/// The first 32 bits of the ranking order: tier, then priority descending (rounded to an
/// `f32`, which keeps the order but may join close values). Risks with equal coarse keys are
/// then ordered by their full [`SortKey`].
fn coarse_key(raw: &Raw) -> u64 {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "rounding to f32 is monotonic; ties are broken by the full key"
    )]
    let priority = (raw.priority + 0.0).max(0.0) as f32;
    let descending = 0x7FFF_FFFF_u32.saturating_sub(priority.to_bits()) >> 1;
    u64::from(((Tier::Top as u32 - raw.tier as u32) << 30) | descending)
}

/// The positions of `raws` in ranking order (the order of [`sort_key`]).
///
/// A stable least-significant-digit radix sort of `coarse key << 32 | position` on the coarse
/// key only (the positions are in order already), skipping digits all keys share, then a
/// comparison sort inside each run of equal coarse keys: `O(P)` plus the runs' sorts.
fn rank_order(raws: &[Raw], id_rank: &[u32]) -> Vec<u32> {
    let mut keys: Vec<u64> = (0u32..)
        .zip(raws)
        .map(|(n, raw)| (coarse_key(raw) << 32) | u64::from(n))
        .collect();
    let mut buffer = vec![0u64; keys.len()];
    let mut counts = vec![0usize; 1 << 11];
    for shift in [32u32, 43, 54] {
        counts.iter_mut().for_each(|c| *c = 0);
        let digit = |k: u64| ((k >> shift) & 0x7FF) as usize;
        for &k in &keys {
            if let Some(c) = counts.get_mut(digit(k)) {
                *c += 1;
            }
        }
        if counts.contains(&keys.len()) {
            continue;
        }
        let mut sum = 0;
        for c in &mut counts {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for &k in &keys {
            if let Some(at) = counts.get_mut(digit(k)) {
                if let Some(slot) = buffer.get_mut(*at) {
                    *slot = k;
                }
                *at += 1;
            }
        }
        std::mem::swap(&mut keys, &mut buffer);
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "the low 32 bits hold the position"
    )]
    let mut order: Vec<u32> = keys.iter().map(|&k| k as u32).collect();
    let full = |n: u32| match raws.get(n as usize) {
        Some(raw) => sort_key(raw, id_rank, n),
        None => (u8::MAX, u64::MAX, u8::MAX, u64::MAX, NONE, NONE, NONE, n),
    };
    let mut start = 0;
    for (runs, chunk) in keys
        .chunk_by(|a, b| a >> 32 == b >> 32)
        .map(|c| (c.len(), c))
    {
        let _ = chunk;
        if runs > 1
            && let Some(run) = order.get_mut(start..start + runs)
        {
            run.sort_unstable_by_key(|&n| full(n));
        }
        start += runs;
    }
    order
}

impl CheckedRiskGraph {
    /// Ranks every risk of the graph under `profile`.
    ///
    /// Takes the checked graph and a profile; returns the [`RiskRegister`] with one risk per
    /// (technology, end-use, right) path and one per (technology, right). Likelihoods combine as
    /// set out in [`crate::risk`].
    ///
    /// Complexity: each technology visits the end-uses it reaches and their edges once (in
    /// topological order), so the work is `O(V + E)` when end-uses do not chain and
    /// `O(V + Σ_t E_t)` in general, where `E_t` is the number of edges reachable from
    /// technology `t`; then `O(P log P)` to sort the `P` risks. No simple path is enumerated
    /// twice.
    ///
    /// ```
    /// use hrdd::risk::{PrioritisationProfile, RiskGraph};
    /// let graph: RiskGraph = serde_json::from_value(serde_json::json!({
    ///   "document": "risk_graph",
    ///   "nodes": [
    ///     {"kind": "technology", "id": "t", "name": "Emotion recognition"},
    ///     {"kind": "end_use", "id": "w", "name": "Monitoring workers' mood"},
    ///     {"kind": "right", "id": "p", "name": "Privacy", "right": "privacy"}],
    ///   "edges": [
    ///     {"kind": "enables", "from": "t", "to": "w", "likelihood": 0.5,
    ///      "involvement": "directly_linked", "leverage": "low"},
    ///     {"kind": "impacts", "from": "w", "to": "p", "likelihood": 0.8, "source": "B-Tech",
    ///      "severity": {"scale": 3, "scope": 3, "irremediability": 2}}]
    /// })).unwrap();
    /// # if hrdd::catalog::right("privacy").is_none() { return; }
    /// let register = graph.check().unwrap().analyse(&PrioritisationProfile::default());
    /// // 0.5 × 0.8 = 0.4
    /// assert!((register.risks[0].likelihood - 0.4).abs() < 1e-12);
    /// ```
    pub fn analyse(&self, profile: &PrioritisationProfile) -> RiskRegister {
        let flat = &*self.flat;
        let count = flat.ids.len();
        let mut complement = vec![1.0_f64; count];
        let mut reach: Vec<Option<(Involvement, Leverage)>> = vec![None; count];
        let mut marked = vec![false; count];
        let mut reached: Vec<u32> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        let mut raws: Vec<Raw> = Vec::new();
        let mut owner: Vec<u32> = Vec::new();
        let mut aggregates: Vec<AggregateRow> = Vec::new();
        let mut slot = vec![NONE; count];
        let mut slotted: Vec<u32> = Vec::new();

        for &t in &flat.technologies {
            let m_t = value_at(&self.mitigation, t);
            for arc in flat.enables.of(t) {
                let e = arc.to as usize;
                let (Some(c), Some(r), Some(mark)) =
                    (complement.get_mut(e), reach.get_mut(e), marked.get_mut(e))
                else {
                    continue;
                };
                *c *= 1.0 - arc.likelihood * m_t;
                *r = Some(match *r {
                    None => (arc.involvement, arc.leverage),
                    Some((i, l)) => (i.max(arc.involvement), l.min(arc.leverage)),
                });
                if !*mark {
                    *mark = true;
                    reached.push(arc.to);
                }
            }
            if flat.has_chains {
                // Close over `leads_to`, then order by the end-uses' topological positions.
                stack.extend_from_slice(&reached);
                while let Some(u) = stack.pop() {
                    for arc in flat.leads.of(u) {
                        if let Some(mark) = marked.get_mut(arc.to as usize)
                            && !*mark
                        {
                            *mark = true;
                            reached.push(arc.to);
                            stack.push(arc.to);
                        }
                    }
                }
                reached.sort_unstable_by_key(|&e| self.topo.get(e as usize).copied());
            } else {
                reached.sort_unstable();
            }
            for &e in &reached {
                let raw_p = 1.0 - value_at(&complement, e);
                let k = value_at(&self.odds, e);
                let m = value_at(&self.mitigation, e);
                let q_e = (adjust(raw_p.clamp(0.0, 1.0), k) * m).clamp(0.0, 1.0);
                let Some((involvement, leverage)) = reach.get(e as usize).copied().flatten() else {
                    continue;
                };
                for arc in flat.leads.of(e) {
                    let v = arc.to as usize;
                    if let Some(c) = complement.get_mut(v) {
                        *c *= 1.0 - q_e * arc.likelihood;
                    }
                    if let Some(r) = reach.get_mut(v) {
                        *r = Some(match *r {
                            None => (involvement, leverage),
                            Some((i, lv)) => (i.max(involvement), lv.min(leverage)),
                        });
                    }
                }
                for arc in flat.impacts.of(e) {
                    let likelihood = (q_e * arc.likelihood).clamp(0.0, 1.0);
                    let (priority, tier) = profile.assess(arc.severity, likelihood);
                    raws.push(Raw {
                        technology: t,
                        end_use: e,
                        right: arc.to,
                        impact: arc.shared,
                        likelihood,
                        priority,
                        tier,
                        severity: arc.severity,
                        involvement,
                        leverage,
                    });
                    let Some(s) = slot.get_mut(arc.to as usize) else {
                        owner.push(NONE);
                        continue;
                    };
                    if *s == NONE {
                        *s = u32::try_from(aggregates.len()).unwrap_or(NONE);
                        slotted.push(arc.to);
                        aggregates.push(AggregateRow {
                            technology: t,
                            right: arc.to,
                            complement: 1.0,
                            severity: arc.severity,
                            involvement,
                            leverage,
                        });
                    }
                    owner.push(*s);
                    if let Some(a) = aggregates.get_mut(*s as usize) {
                        a.complement *= 1.0 - likelihood;
                        a.severity = Severity::new(
                            a.severity.scale.max(arc.severity.scale),
                            a.severity.scope.max(arc.severity.scope),
                            a.severity.irremediability.max(arc.severity.irremediability),
                        );
                        a.involvement = a.involvement.max(involvement);
                        a.leverage = a.leverage.min(leverage);
                    }
                }
            }
            for &e in &reached {
                if let Some(c) = complement.get_mut(e as usize) {
                    *c = 1.0;
                }
                if let Some(r) = reach.get_mut(e as usize) {
                    *r = None;
                }
                if let Some(mark) = marked.get_mut(e as usize) {
                    *mark = false;
                }
            }
            reached.clear();
            for &r in &slotted {
                if let Some(s) = slot.get_mut(r as usize) {
                    *s = NONE;
                }
            }
            slotted.clear();
        }

        // Gathered in rank order first: the scattered reads then overlap, which they cannot
        // between the atomic reference count increments of the ids below.
        let sorted: Vec<Raw> = rank_order(&raws, &self.id_rank)
            .into_iter()
            .filter_map(|n| raws.get(n as usize).copied())
            .collect();
        let mut risks = Vec::with_capacity(raws.len());
        for raw in &sorted {
            if let Some(mut risk) = self.row_risk(flat, raw) {
                risk.rank = u32::try_from(risks.len() + 1).unwrap_or(u32::MAX);
                risks.push(risk);
            }
        }

        let aggregate_raws: Vec<Raw> = aggregates
            .iter()
            .map(|a| {
                let likelihood = (1.0 - a.complement).clamp(0.0, 1.0);
                let (priority, tier) = profile.assess(a.severity, likelihood);
                Raw {
                    technology: a.technology,
                    end_use: NONE,
                    right: a.right,
                    impact: NONE,
                    likelihood,
                    priority,
                    tier,
                    severity: a.severity,
                    involvement: a.involvement,
                    leverage: a.leverage,
                }
            })
            .collect();
        // The paths of each aggregate, together: (end-use, groups and sources), by a counting
        // sort of the paths by aggregate, so an aggregate reads one short run of memory.
        let mut start = vec![0usize; aggregates.len() + 1];
        for &a in &owner {
            if let Some(c) = start.get_mut(a as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..start.len() {
            let before = start.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = start.get_mut(i) {
                *c += before;
            }
        }
        let mut members = vec![(NONE, NONE); owner.len()];
        let mut fill = start.clone();
        for (&a, raw) in owner.iter().zip(&raws) {
            if let Some(at) = fill.get_mut(a as usize) {
                if let Some(m) = members.get_mut(*at) {
                    *m = (raw.end_use, raw.impact);
                }
                *at += 1;
            }
        }
        let mut ranked = Vec::with_capacity(aggregate_raws.len());
        for n in rank_order(&aggregate_raws, &self.id_rank) {
            let from = start.get(n as usize).copied().unwrap_or(0);
            let to = start.get(n as usize + 1).copied().unwrap_or(0);
            let (Some(raw), Some(paths)) = (aggregate_raws.get(n as usize), members.get(from..to))
            else {
                continue;
            };
            if let Some(mut risk) = self.row_aggregate(flat, raw, paths) {
                risk.rank = u32::try_from(ranked.len() + 1).unwrap_or(u32::MAX);
                ranked.push(risk);
            }
        }

        RiskRegister {
            document: DocumentTag::default(),
            profile: profile.clone(),
            risks,
            aggregates: ranked,
        }
    }

    /// The path risk of a row, its ids cloned from the dense id array.
    fn row_risk(&self, flat: &Flat, raw: &Raw) -> Option<Risk> {
        let (groups, sources) = flat.shared.get(raw.impact as usize)?.clone();
        let catalog_right = flat.rights.get(raw.right as usize)?.as_ref()?;
        let id = |n: u32| flat.ids.get(n as usize).cloned();
        Some(Risk {
            rank: 0,
            key: RiskKey {
                technology: id(raw.technology)?,
                end_use: Some(id(raw.end_use)?),
                right: id(raw.right)?,
            },
            end_uses: Vec::new(),
            catalog_right: catalog_right.clone(),
            severity: raw.severity,
            likelihood: raw.likelihood,
            priority: raw.priority,
            tier: raw.tier,
            involvement: raw.involvement,
            leverage: raw.leverage,
            groups,
            sources,
            actions: Guidance::new(raw.involvement, raw.leverage, raw.tier),
        })
    }

    /// The aggregated risk of a row whose paths are `paths` (end-use, entry of
    /// [`Flat::shared`]). When every path shares one entry, so does the aggregate; otherwise
    /// their union is made.
    fn row_aggregate(&self, flat: &Flat, raw: &Raw, paths: &[(u32, u32)]) -> Option<Risk> {
        let catalog_right = flat.rights.get(raw.right as usize)?.as_ref()?;
        let id = |n: u32| flat.ids.get(n as usize).cloned();
        let mut end_uses: Vec<u32> = paths.iter().map(|&(e, _)| e).collect();
        end_uses.sort_unstable_by_key(|&e| self.id_rank.get(e as usize).copied());
        end_uses.dedup();
        let end_uses: Vec<NodeId> = end_uses.into_iter().filter_map(id).collect();
        let shared: Vec<&Shared> = paths
            .iter()
            .filter_map(|&(_, s)| flat.shared.get(s as usize))
            .collect();
        let (groups, sources) = match shared.split_first() {
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
        };
        Some(Risk {
            rank: 0,
            key: RiskKey {
                technology: id(raw.technology)?,
                end_use: None,
                right: id(raw.right)?,
            },
            end_uses,
            catalog_right: catalog_right.clone(),
            severity: raw.severity,
            likelihood: raw.likelihood,
            priority: raw.priority,
            tier: raw.tier,
            involvement: raw.involvement,
            leverage: raw.leverage,
            groups,
            sources,
            actions: Guidance::new(raw.involvement, raw.leverage, raw.tier),
        })
    }
}

impl CheckedRiskGraph {
    /// The straightforward analysis the fast one must agree with, byte for byte.
    #[cfg(test)]
    pub(crate) fn analyse_reference(&self, profile: &PrioritisationProfile) -> RiskRegister {
        let count = self.doc.nodes.len();
        let mut complement = vec![1.0_f64; count];
        let mut reach: Vec<Option<(Involvement, Leverage)>> = vec![None; count];
        let mut q = vec![0.0_f64; count];
        let mut reached: Vec<u32> = Vec::new();
        let mut marked = vec![false; count];
        let mut stack: Vec<u32> = Vec::new();
        let mut raws: Vec<Raw> = Vec::new();
        let mut aggregates: Vec<Aggregate> = Vec::new();
        let mut slot = vec![u32::MAX; count];
        let mut slotted: Vec<u32> = Vec::new();
        let has_chains = self.doc.edges.iter().any(|e| matches!(e, Edge::LeadsTo(_)));

        for (t, node) in (0u32..).zip(&self.doc.nodes) {
            if !matches!(node, Node::Technology(_)) {
                continue;
            }
            let m_t = self.mitigation.get(t as usize).copied().unwrap_or(1.0);
            for edge in self.structure.edges(NodeIndex::new(t as usize)) {
                let Some(Edge::Enables(enables)) = self.edge_at(*edge.weight()) else {
                    continue;
                };
                let e = edge.target().index();
                let (Some(c), Some(r)) = (complement.get_mut(e), reach.get_mut(e)) else {
                    continue;
                };
                *c *= 1.0 - enables.likelihood * m_t;
                *r = Some(match *r {
                    None => (enables.involvement, enables.leverage),
                    Some((i, l)) => (i.max(enables.involvement), l.min(enables.leverage)),
                });
                if let Some(mark) = marked.get_mut(e)
                    && !*mark
                {
                    *mark = true;
                    reached.push(e as u32);
                }
            }
            if has_chains {
                // Close over `leads_to`, then order by the end-uses' topological positions.
                stack.extend_from_slice(&reached);
                while let Some(u) = stack.pop() {
                    for edge in self.structure.edges(NodeIndex::new(u as usize)) {
                        if !matches!(self.edge_at(*edge.weight()), Some(Edge::LeadsTo(_))) {
                            continue;
                        }
                        let v = edge.target().index();
                        if let Some(mark) = marked.get_mut(v)
                            && !*mark
                        {
                            *mark = true;
                            reached.push(v as u32);
                            stack.push(v as u32);
                        }
                    }
                }
                reached.sort_unstable_by_key(|&e| self.topo.get(e as usize).copied());
            } else {
                reached.sort_unstable();
            }
            for &e in &reached {
                let eu = e as usize;
                let raw_p = 1.0 - complement.get(eu).copied().unwrap_or(1.0);
                let k = self.odds.get(eu).copied().unwrap_or(1.0);
                let m = self.mitigation.get(eu).copied().unwrap_or(1.0);
                let q_e = (adjust(raw_p.clamp(0.0, 1.0), k) * m).clamp(0.0, 1.0);
                if let Some(slot) = q.get_mut(eu) {
                    *slot = q_e;
                }
                let Some((involvement, leverage)) = reach.get(eu).copied().flatten() else {
                    continue;
                };
                for edge in self.structure.edges(NodeIndex::new(eu)) {
                    let v = edge.target().index();
                    match self.edge_at(*edge.weight()) {
                        Some(Edge::LeadsTo(l)) => {
                            if let Some(c) = complement.get_mut(v) {
                                *c *= 1.0 - q_e * l.likelihood;
                            }
                            if let Some(r) = reach.get_mut(v) {
                                *r = Some(match *r {
                                    None => (involvement, leverage),
                                    Some((i, lv)) => (i.max(involvement), lv.min(leverage)),
                                });
                            }
                        }
                        Some(Edge::Impacts(impact)) => {
                            let likelihood = (q_e * impact.likelihood).clamp(0.0, 1.0);
                            let (priority, tier) = profile.assess(impact.severity, likelihood);
                            let raw = Raw {
                                technology: t,
                                end_use: e,
                                right: v as u32,
                                impact: *edge.weight(),
                                likelihood,
                                priority,
                                tier,
                                severity: impact.severity,
                                involvement,
                                leverage,
                            };
                            raws.push(raw);
                            accumulate(&mut aggregates, &mut slot, &mut slotted, &raw);
                        }
                        _ => {}
                    }
                }
            }
            for &e in &reached {
                if let Some(c) = complement.get_mut(e as usize) {
                    *c = 1.0;
                }
                if let Some(r) = reach.get_mut(e as usize) {
                    *r = None;
                }
                if let Some(mark) = marked.get_mut(e as usize) {
                    *mark = false;
                }
            }
            reached.clear();
            for &r in &slotted {
                if let Some(s) = slot.get_mut(r as usize) {
                    *s = u32::MAX;
                }
            }
            slotted.clear();
        }

        // Made in the order found (which follows the graph, so memory is read in order), then
        // ranked.
        let items: Vec<Option<Risk>> = raws.iter().map(|raw| self.path_risk(0, raw)).collect();
        let risks = rank_in_order(&raws, items, &self.id_rank);

        let aggregate_raws: Vec<(Raw, usize)> = aggregates
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let likelihood = (1.0 - a.complement).clamp(0.0, 1.0);
                let (priority, tier) = profile.assess(a.severity, likelihood);
                let raw = Raw {
                    technology: a.technology,
                    end_use: u32::MAX,
                    right: a.right,
                    impact: u32::MAX,
                    likelihood,
                    priority,
                    tier,
                    severity: a.severity,
                    involvement: a.involvement,
                    leverage: a.leverage,
                };
                (raw, n)
            })
            .collect();
        let items: Vec<Option<Risk>> = aggregate_raws
            .iter()
            .map(|(raw, n)| self.aggregate_risk(0, raw, aggregates.get(*n)?))
            .collect();
        let aggregate_raws: Vec<Raw> = aggregate_raws.into_iter().map(|(raw, _)| raw).collect();
        let aggregates = rank_in_order(&aggregate_raws, items, &self.id_rank);

        RiskRegister {
            document: DocumentTag::default(),
            profile: profile.clone(),
            risks,
            aggregates,
        }
    }

    /// The groups and source of an impact edge, made from the document.
    #[cfg(test)]
    fn impact_data(&self, impact: u32) -> SharedData {
        match self.edge_at(impact)? {
            Edge::Impacts(i) => {
                let mut groups = i.groups.clone();
                groups.sort();
                Some((Arc::from(groups), Arc::from(vec![i.source.clone()])))
            }
            _ => None,
        }
    }

    #[cfg(test)]
    fn right_of(&self, n: u32) -> Option<(&NodeId, &RightId)> {
        match self.node_at(n)? {
            Node::Right(r) => Some((&r.id, &r.right)),
            _ => None,
        }
    }

    #[cfg(test)]
    fn path_risk(&self, rank: u32, raw: &Raw) -> Option<Risk> {
        let (groups, sources) = self.impact_data(raw.impact)?;
        let (right, catalog_right) = self.right_of(raw.right)?;
        Some(Risk {
            rank,
            key: RiskKey {
                technology: self.node_at(raw.technology)?.id().clone(),
                end_use: Some(self.node_at(raw.end_use)?.id().clone()),
                right: right.clone(),
            },
            end_uses: Vec::new(),
            catalog_right: catalog_right.clone(),
            severity: raw.severity,
            likelihood: raw.likelihood,
            priority: raw.priority,
            tier: raw.tier,
            involvement: raw.involvement,
            leverage: raw.leverage,
            groups,
            sources,
            actions: Guidance::new(raw.involvement, raw.leverage, raw.tier),
        })
    }

    #[cfg(test)]
    fn aggregate_risk(&self, rank: u32, raw: &Raw, aggregate: &Aggregate) -> Option<Risk> {
        let (right, catalog_right) = self.right_of(raw.right)?;
        let mut end_uses: Vec<NodeId> = aggregate
            .end_uses
            .iter()
            .filter_map(|&e| self.node_at(e).map(|n| n.id().clone()))
            .collect();
        end_uses.sort();
        end_uses.dedup();
        let mut groups: Vec<GroupId> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for &impact in &aggregate.impacts {
            if let Some((g, s)) = self.impact_data(impact) {
                groups.extend(g.iter().cloned());
                sources.extend(s.iter().cloned());
            }
        }
        groups.sort();
        groups.dedup();
        sources.sort();
        sources.dedup();
        Some(Risk {
            rank,
            key: RiskKey {
                technology: self.node_at(raw.technology)?.id().clone(),
                end_use: None,
                right: right.clone(),
            },
            end_uses,
            catalog_right: catalog_right.clone(),
            severity: raw.severity,
            likelihood: raw.likelihood,
            priority: raw.priority,
            tier: raw.tier,
            involvement: raw.involvement,
            leverage: raw.leverage,
            groups: Arc::from(groups),
            sources: Arc::from(sources),
            actions: Guidance::new(raw.involvement, raw.leverage, raw.tier),
        })
    }
}

#[cfg(test)]
fn accumulate(
    aggregates: &mut Vec<Aggregate>,
    slot: &mut [u32],
    slotted: &mut Vec<u32>,
    raw: &Raw,
) {
    let Some(s) = slot.get_mut(raw.right as usize) else {
        return;
    };
    if *s == u32::MAX {
        *s = u32::try_from(aggregates.len()).unwrap_or(u32::MAX);
        slotted.push(raw.right);
        aggregates.push(Aggregate {
            technology: raw.technology,
            right: raw.right,
            complement: 1.0,
            severity: raw.severity,
            involvement: raw.involvement,
            leverage: raw.leverage,
            end_uses: Vec::new(),
            impacts: Vec::new(),
        });
    }
    if let Some(a) = aggregates.get_mut(*s as usize) {
        a.complement *= 1.0 - raw.likelihood;
        a.severity = Severity::new(
            a.severity.scale.max(raw.severity.scale),
            a.severity.scope.max(raw.severity.scope),
            a.severity.irremediability.max(raw.severity.irremediability),
        );
        a.involvement = a.involvement.max(raw.involvement);
        a.leverage = a.leverage.min(raw.leverage);
        a.end_uses.push(raw.end_use);
        a.impacts.push(raw.impact);
    }
}

impl RiskRegister {
    /// The path risk or aggregated risk with `key`.
    pub fn get(&self, key: &RiskKey) -> Option<&Risk> {
        let list = if key.end_use.is_some() {
            &self.risks
        } else {
            &self.aggregates
        };
        list.iter().find(|r| &r.key == key)
    }

    /// The register as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::risk::check::tests::TestVocabulary;
    use crate::risk::model::RiskGraph;

    pub(crate) fn checked(json: serde_json::Value) -> CheckedRiskGraph {
        let graph: RiskGraph = serde_json::from_value(json).unwrap();
        graph.compile(&TestVocabulary).unwrap()
    }

    fn impact(from: &str, to: &str, sev: [u8; 3], p: f64) -> serde_json::Value {
        serde_json::json!({"kind": "impacts", "from": from, "to": to, "likelihood": p,
            "severity": {"scale": sev[0], "scope": sev[1], "irremediability": sev[2]},
            "source": format!("source {from}"), "groups": ["children"]})
    }

    fn enables(from: &str, to: &str, p: f64, inv: &str, lev: &str) -> serde_json::Value {
        serde_json::json!({"kind": "enables", "from": from, "to": to, "likelihood": p,
            "involvement": inv, "leverage": lev})
    }

    pub(crate) fn sample() -> serde_json::Value {
        serde_json::json!({
            "document": "risk_graph",
            "nodes": [
                {"kind": "technology", "id": "t", "name": "T"},
                {"kind": "end_use", "id": "a", "name": "A"},
                {"kind": "end_use", "id": "b", "name": "B"},
                {"kind": "end_use", "id": "c", "name": "C"},
                {"kind": "right", "id": "r", "name": "R", "right": "privacy"},
                {"kind": "actor", "id": "x", "name": "X"},
                {"kind": "context", "id": "k", "name": "K"},
                {"kind": "mitigation", "id": "m", "name": "M"}
            ],
            "edges": [
                enables("t", "a", 0.5, "directly_linked", "high"),
                enables("t", "b", 0.2, "contribute", "low"),
                {"kind": "leads_to", "from": "a", "to": "c", "likelihood": 0.5},
                impact("a", "r", [2, 2, 2], 0.8),
                impact("b", "r", [4, 1, 5], 0.5),
                impact("c", "r", [3, 3, 3], 1.0),
                {"kind": "deploys", "from": "x", "to": "b", "odds_factor": 4.0},
                {"kind": "occurs_in", "from": "b", "to": "k", "odds_factor": 1.0},
                {"kind": "mitigates", "from": "m", "to": "a", "effectiveness": 0.5}
            ]
        })
    }

    #[test]
    fn likelihoods_by_hand() {
        let register = checked(sample()).analyse(&PrioritisationProfile::default());
        let find = |e: &str| {
            register
                .risks
                .iter()
                .find(|r| r.key.end_use.as_ref().map(NodeId::as_str) == Some(e))
                .unwrap()
        };
        // a: raw 0.5, no odds, mitigation halves it: q = 0.25; impact 0.8 -> 0.2.
        assert!((find("a").likelihood - 0.2).abs() < 1e-12);
        // b: raw 0.2, odds 0.25 × 4 = 1 -> 0.5; impact 0.5 -> 0.25.
        assert!((find("b").likelihood - 0.25).abs() < 1e-12);
        // c: reached from a (q = 0.25) with 0.5 -> 0.125; impact 1.0.
        assert!((find("c").likelihood - 0.125).abs() < 1e-12);
        // c inherits a's involvement.
        assert_eq!(find("c").involvement, Involvement::DirectlyLinked);
        // b (4,1,5) is grave and irremediable: top tier and first despite 5 + 0.25 points.
        assert_eq!(
            register.risks[0].key.end_use.as_ref().unwrap().as_str(),
            "b"
        );
        assert_eq!(register.risks[0].tier, Tier::Top);
        // c: 6 points + 0.125 ranks above a: 3 points + 0.2.
        assert_eq!(
            register.risks[1].key.end_use.as_ref().unwrap().as_str(),
            "c"
        );
        assert_eq!(
            register.risks.iter().map(|r| r.rank).collect::<Vec<_>>(),
            [1, 2, 3]
        );

        // Aggregate: 1 - 0.8 × 0.75 × 0.875 = 0.475; severity worst per component (4, 3, 5);
        // most direct involvement (contribute), least leverage (low).
        let agg = &register.aggregates[0];
        assert_eq!(register.aggregates.len(), 1);
        assert!((agg.likelihood - 0.475).abs() < 1e-12);
        assert_eq!(agg.severity, Severity::new(4, 3, 5));
        assert_eq!(agg.involvement, Involvement::Contribute);
        assert_eq!(agg.leverage, Leverage::Low);
        assert_eq!(agg.end_uses.len(), 3);
        assert_eq!(agg.sources.len(), 3);
        assert_eq!(&*agg.groups, &[GroupId::from_literal("children")]);
    }

    /// A random graph: chains of end-uses, modifiers and mitigations on technologies and
    /// end-uses, impacts with several groups and sources; `coarse` draws likelihoods from a few
    /// values so that many risks tie.
    fn generated(seed: u64, coarse: bool) -> serde_json::Value {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n.max(1)
        };
        let (techs, uses, rights) = (1 + next(6), 1 + next(25), 1 + next(6));
        let catalog = ["privacy", "expression", "life", "non-discrimination"];
        let group_names = ["children", "women", "human-rights-defenders"];
        let mut nodes = vec![
            serde_json::json!({"kind": "actor", "id": "actor", "name": "A"}),
            serde_json::json!({"kind": "context", "id": "context", "name": "C"}),
            serde_json::json!({"kind": "mitigation", "id": "m1", "name": "M"}),
            serde_json::json!({"kind": "mitigation", "id": "m2", "name": "M"}),
        ];
        // Ids in an order unlike the node order, so ties are broken by id, not position.
        for t in 0..techs {
            nodes.push(serde_json::json!({"kind": "technology", "id": format!("t{}", techs - t), "name": "T"}));
        }
        for e in 0..uses {
            nodes.push(serde_json::json!({"kind": "end_use", "id": format!("e{}", uses - 1 - e), "name": "E"}));
        }
        for r in 0..rights {
            nodes.push(
                serde_json::json!({"kind": "right", "id": format!("r{r}"), "name": "R",
                "right": catalog[(next(4)) as usize]}),
            );
        }
        let p = |next: &mut dyn FnMut(u64) -> u64| {
            if coarse {
                [0.0, 0.25, 0.5, 1.0][next(4) as usize]
            } else {
                next(1001) as f64 / 1000.0
            }
        };
        let inv = ["cause", "contribute", "directly_linked"];
        let lev = ["none", "low", "medium", "high"];
        let mut edges = Vec::new();
        for t in 1..=techs {
            for e in 0..uses {
                if next(3) == 0 {
                    edges.push(enables(
                        &format!("t{t}"),
                        &format!("e{e}"),
                        p(&mut next),
                        inv[next(3) as usize],
                        lev[next(4) as usize],
                    ));
                }
            }
            if next(4) == 0 {
                edges.push(serde_json::json!({"kind": "mitigates", "from": "m1",
                    "to": format!("t{t}"), "effectiveness": p(&mut next)}));
            }
        }
        for e in 0..uses {
            let node = uses - 1 - e;
            for later in (e + 1)..uses {
                if next(8) == 0 {
                    let to = uses - 1 - later;
                    edges.push(
                        serde_json::json!({"kind": "leads_to", "from": format!("e{node}"),
                        "to": format!("e{to}"), "likelihood": p(&mut next)}),
                    );
                }
            }
            for r in 0..rights {
                if next(2) == 0 {
                    let groups: Vec<&str> = group_names
                        .iter()
                        .copied()
                        .filter(|_| next(3) == 0)
                        .collect();
                    let sev = [1 + next(5), 1 + next(5), 1 + next(5)];
                    edges.push(
                        serde_json::json!({"kind": "impacts", "from": format!("e{node}"),
                        "to": format!("r{r}"), "likelihood": p(&mut next),
                        "severity": {"scale": sev[0], "scope": sev[1], "irremediability": sev[2]},
                        "source": format!("s{}", next(3)), "groups": groups}),
                    );
                }
            }
            match next(6) {
                0 => edges.push(serde_json::json!({"kind": "deploys", "from": "actor",
                    "to": format!("e{node}"), "odds_factor": 0.5 + p(&mut next) * 3.0})),
                1 => edges.push(
                    serde_json::json!({"kind": "occurs_in", "from": format!("e{node}"),
                    "to": "context", "odds_factor": 0.25 + p(&mut next)}),
                ),
                2 => edges.push(serde_json::json!({"kind": "mitigates", "from": "m2",
                    "to": format!("e{node}"), "effectiveness": p(&mut next)})),
                _ => {}
            }
        }
        serde_json::json!({"document": "risk_graph", "nodes": nodes, "edges": edges})
    }

    #[test]
    fn flat_analysis_matches_the_reference_byte_for_byte() {
        // The reference is the straightforward analysis over the document and petgraph; the
        // fast one must give the same register, JSON bytes included, under every profile.
        let profiles = [
            PrioritisationProfile::default(),
            PrioritisationProfile::risk_matrix(3).unwrap(),
            PrioritisationProfile::risk_matrix(5).unwrap(),
            PrioritisationProfile::risk_matrix(7).unwrap(),
        ];
        let mut risks = 0;
        for seed in 0..100 {
            let graph = checked(generated(seed, seed % 2 == 0));
            for profile in &profiles {
                let fast = graph.analyse(profile);
                let reference = graph.analyse_reference(profile);
                assert_eq!(fast.to_json(), reference.to_json(), "seed {seed}");
                assert_eq!(fast, reference, "seed {seed}");
                risks += fast.risks.len();
            }
        }
        // The graphs are not trivially empty.
        assert!(risks > 3_000, "{risks}");
        let sample = checked(sample());
        assert_eq!(
            sample.analyse(&profiles[0]).to_json(),
            sample.analyse_reference(&profiles[0]).to_json()
        );
    }

    #[test]
    fn same_input_same_bytes() {
        let graph = checked(sample());
        let a = graph.analyse(&PrioritisationProfile::default()).to_json();
        let b = graph.analyse(&PrioritisationProfile::default()).to_json();
        assert_eq!(a, b);
        assert!(a.contains("\"document\": \"risk_register\""));
    }

    #[test]
    fn odds_adjustment_by_hand() {
        // p = 0.5, k = 3: odds 1 -> 3, p = 3/4.
        assert!((adjust(0.5, 3.0) - 0.75).abs() < 1e-12);
        assert_eq!(adjust(0.0, 5.0), 0.0);
        assert_eq!(adjust(1.0, 0.2), 1.0);
    }
}
