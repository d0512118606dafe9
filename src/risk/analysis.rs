//! Analysis: from a checked risk graph to a ranked risk register.
//!
//! The analysis hands the register (technology, end-use) pairs with their likelihoods, the
//! aggregates as compact entries, and both ranking orders; the register turns positions into
//! ids only when risks are read: no per-risk allocation or reference count here.

#[cfg(test)]
use std::sync::Arc;

#[cfg(test)]
use petgraph::graph::NodeIndex;
#[cfg(test)]
use petgraph::visit::EdgeRef;

#[cfg(test)]
use crate::id::{GroupId, NodeId, RightId};

#[cfg(test)]
use super::check::SharedData;
use super::check::{CheckedRiskGraph, Flat, ImpactArc, prefix_sums};
#[cfg(test)]
use super::guidance::Guidance;
#[cfg(test)]
use super::model::{Edge, Node};
use super::model::{Involvement, Leverage, Severity};
use super::profile::{PrioritisationProfile, Tier};
use super::register::{
    Aggregate, NONE, Parts, Paths, Reach, RiskRegister, Row, path_row, rank_key,
};
#[cfg(test)]
use super::register::{Risk, RiskKey};

/// Accumulates the paths of one (technology, right).
#[cfg(test)]
struct ReferenceAggregate {
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

/// The likelihood that an end-use reached with raw likelihood `raw` happens, after the odds
/// factor `k` of its actors and contexts and the factor `m` of its mitigations.
fn end_use_likelihood(raw: f64, k: f64, m: f64) -> f64 {
    (adjust(raw.clamp(0.0, 1.0), k) * m).clamp(0.0, 1.0)
}

/// The ranking order as one compact key, smallest first: tier, priority, severity points and
/// likelihood descending, then the ids of technology, end-use and right (by their positions in
/// id order), then the position of the risk. Sorting these small keys instead of the risks
/// keeps the sort in cache.
type SortKey = (u8, u64, u8, u64, u32, u32, u32, u32);

fn sort_key(row: &Row, rank: &[u32], position: u32) -> SortKey {
    let r = |n: u32| rank.get(n as usize).copied().unwrap_or(u32::MAX);
    let (tier, priority, points, likelihood) =
        rank_key(row.tier, row.priority, row.severity, row.likelihood);
    (
        tier,
        priority,
        points,
        likelihood,
        r(row.technology),
        r(row.end_use),
        r(row.right),
        position,
    )
}

/// Puts `items` (made in the order of `rows`) in ranking order and numbers them from 1.
#[cfg(test)]
fn rank_in_order(rows: &[Row], items: Vec<Option<Risk>>, id_rank: &[u32]) -> Vec<Risk> {
    let mut keys: Vec<SortKey> = (0u32..)
        .zip(rows)
        .map(|(n, row)| sort_key(row, id_rank, n))
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

fn value_at(values: &[f64], n: u32) -> f64 {
    values.get(n as usize).copied().unwrap_or(1.0)
}

/// The first 32 bits of the ranking order: tier, then priority descending as a 30-bit fixed
/// point number over the profile's range of priorities, which keeps the order but may join
/// close values. Risks with equal coarse keys are then ordered by their full [`SortKey`].
#[derive(Debug, Clone, Copy)]
struct CoarseKey {
    top: f64,
    scale: f64,
}

impl CoarseKey {
    const STEPS: u32 = (1 << 30) - 1;

    fn new(profile: &PrioritisationProfile) -> Self {
        let (bottom, top) = profile.priority_range();
        CoarseKey {
            top,
            scale: f64::from(Self::STEPS) / (top - bottom).max(f64::MIN_POSITIVE),
        }
    }

    fn of(self, tier: Tier, priority: f64) -> u64 {
        // As in the full key, NaN and negative priorities count as 0; the bounds hold values
        // outside the range, which the full key then orders.
        let priority = (priority + 0.0).max(0.0);
        let below_top = ((self.top - priority) * self.scale).clamp(0.0, f64::from(Self::STEPS));
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a value in [0, STEPS], floored on purpose: flooring keeps the order"
        )]
        let descending = below_top as u32;
        u64::from(((Tier::Top as u32 - tier as u32) << 30) | descending)
    }
}

/// The positions in ranking order of the risks whose keys are `coarse key << 32 | position`,
/// given in position order; `full` gives a risk's full [`SortKey`].
///
/// A stable least-significant-digit radix sort on the coarse key only (the positions are in
/// order already), with the three histograms counted in one pass and digits all keys share
/// skipped, then a comparison sort inside each run of equal coarse keys: `O(P)` plus the runs'
/// sorts.
fn rank_order(
    mut keys: Vec<u64>,
    spare: &mut Vec<u64>,
    full: impl Fn(u32) -> Option<SortKey>,
) -> Vec<u32> {
    const BITS: u32 = 11;
    const SHIFTS: [u32; 3] = [32, 32 + BITS, 32 + 2 * BITS];
    let digit = |k: u64, shift: u32| ((k >> shift) & ((1 << BITS) - 1)) as usize;
    // Fixed-size tables, so that a digit indexes them without a bounds check.
    let mut counts = vec![[0usize; 1 << BITS]; SHIFTS.len()];
    for &k in &keys {
        for (c, shift) in counts.iter_mut().zip(SHIFTS) {
            if let Some(c) = c.get_mut(digit(k, shift)) {
                *c += 1;
            }
        }
    }
    let mut buffer = std::mem::take(spare);
    for (mut counts, shift) in counts.into_iter().zip(SHIFTS) {
        if counts.contains(&keys.len()) {
            continue;
        }
        let mut sum = 0;
        for c in &mut counts {
            let n = *c;
            *c = sum;
            sum += n;
        }
        buffer.resize(keys.len(), 0);
        for &k in &keys {
            if let Some(at) = counts.get_mut(digit(k, shift)) {
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
    let full =
        |n: u32| full(n).unwrap_or((u8::MAX, u64::MAX, u8::MAX, u64::MAX, NONE, NONE, NONE, n));
    let mut start = 0;
    for run in keys.chunk_by(|a, b| a >> 32 == b >> 32).map(<[u64]>::len) {
        if run > 1
            && let Some(slice) = order.get_mut(start..start + run)
        {
            slice.sort_unstable_by_key(|&n| full(n));
        }
        start += run;
    }
    *spare = if keys.capacity() > buffer.capacity() {
        keys
    } else {
        buffer
    };
    order
}

impl CheckedRiskGraph {
    /// Ranks every risk of the graph under `profile`.
    ///
    /// Takes the checked graph and a profile; returns the [`RiskRegister`] with one risk per
    /// (technology, end-use, right) path and one per (technology, right). Likelihoods combine as
    /// set out in [`crate::risk`].
    ///
    /// Complexity: when end-uses do not chain, each end-use is visited once with the edges into
    /// and out of it, in node order, so the work is `O(V + E + P)` for `P` path risks. When they
    /// do, each technology visits the end-uses it reaches and their edges once, in topological
    /// order: `O(V + Σ_t E_t)`, where `E_t` is the number of edges reachable from technology
    /// `t`. Grouping the paths by (technology, right) is a counting sort and a table per
    /// technology, `O(P + V)`, and ranking a radix sort, `O(P)` plus sorts among risks of
    /// nearly equal priority. No simple path is enumerated twice, and nothing is allocated per
    /// risk: a path risk is kept as its position among the impacts of a (technology, end-use)
    /// pair.
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
    /// assert!((register.risks().next().unwrap().likelihood - 0.4).abs() < 1e-12);
    /// ```
    pub fn analyse(&self, profile: &PrioritisationProfile) -> RiskRegister {
        let mut builder = Builder::new(&self.flat, profile);
        if self.flat.has_chains {
            self.walk_with_chains(&mut builder);
        } else {
            self.walk_without_chains(&mut builder);
        }
        RiskRegister::from_parts(profile, builder.finish())
    }

    /// The paths of a graph without `leads_to` edges, found end-use by end-use in node order,
    /// where every read is in order. Each path's record goes straight to its technology's
    /// block (a first pass counts the paths of each technology), where the end-uses then come
    /// in node order, as the walk with chains would give them.
    fn walk_without_chains(&self, builder: &mut Builder<'_>) {
        let flat = &*self.flat;
        let slot_of = |t: u32| flat.technology_slot.get(t as usize).copied().unwrap_or(0) as usize;
        let mut next = vec![0usize; flat.technologies.len() + 1];
        for (e, entry) in (0u32..).zip(&flat.end_uses) {
            let paths = entry.impacts.1.saturating_sub(entry.impacts.0) as usize;
            for arc in flat.enabled_by.of(e) {
                if let Some(c) = next.get_mut(slot_of(arc.to) + 1) {
                    *c += paths;
                }
            }
        }
        prefix_sums(&mut next);
        let mut records = vec![[0u64; 3]; next.last().copied().unwrap_or(0)];
        for (e, entry) in (0u32..).zip(&flat.end_uses) {
            let impacts = flat.impacts.items(entry.impacts);
            if impacts.is_empty() {
                continue;
            }
            // Edges are never duplicated, so each arc is the only one from its technology.
            for arc in flat.enabled_by.of(e) {
                let t = arc.to;
                // As the walk with chains combines a technology's edges into an end-use.
                let raw = 1.0 - (1.0 - arc.likelihood * value_at(&self.mitigation, t));
                let reach = builder.reach(Reach {
                    technology: t,
                    end_use: e,
                    impacts: entry.impacts.0,
                    likelihood: end_use_likelihood(raw, entry.odds, entry.mitigation),
                    involvement: arc.involvement,
                    leverage: arc.leverage,
                });
                let Some(at) = next.get_mut(slot_of(t)) else {
                    continue;
                };
                for impact in impacts {
                    if let Some(record) = records.get_mut(*at) {
                        *record = builder.path(&reach, impact);
                    }
                    *at += 1;
                }
            }
        }
        // Each `next` now holds the end of its technology's block.
        let mut start = 0;
        for (&t, &end) in flat.technologies.iter().zip(&next) {
            builder.aggregate(t, records.get(start..end).unwrap_or(&[]));
            start = end;
        }
        builder.scratch = records.into_flattened();
    }

    /// The paths of a graph with `leads_to` edges, technology by technology: the end-uses a
    /// technology reaches, closed over `leads_to`, in topological order.
    fn walk_with_chains(&self, builder: &mut Builder<'_>) {
        let flat = &*self.flat;
        let count = flat.names.ids.len();
        let mut complement = vec![1.0_f64; count];
        let mut reach: Vec<Option<(Involvement, Leverage)>> = vec![None; count];
        let mut marked = vec![false; count];
        let mut reached: Vec<u32> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        let mut records: Vec<[u64; 3]> = Vec::new();
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
            records.clear();
            for &e in &reached {
                let raw = 1.0 - value_at(&complement, e);
                let q =
                    end_use_likelihood(raw, value_at(&self.odds, e), value_at(&self.mitigation, e));
                let Some((involvement, leverage)) = reach.get(e as usize).copied().flatten() else {
                    continue;
                };
                for arc in flat.leads.of(e) {
                    let v = arc.to as usize;
                    if let Some(c) = complement.get_mut(v) {
                        *c *= 1.0 - q * arc.likelihood;
                    }
                    if let Some(r) = reach.get_mut(v) {
                        *r = Some(match *r {
                            None => (involvement, leverage),
                            Some((i, lv)) => (i.max(involvement), lv.min(leverage)),
                        });
                    }
                }
                let Some(entry) = flat.end_uses.get(e as usize) else {
                    continue;
                };
                let impacts = flat.impacts.items(entry.impacts);
                if impacts.is_empty() {
                    continue;
                }
                let reach = builder.reach(Reach {
                    technology: t,
                    end_use: e,
                    impacts: entry.impacts.0,
                    likelihood: q,
                    involvement,
                    leverage,
                });
                for impact in impacts {
                    records.push(builder.path(&reach, impact));
                }
            }
            builder.aggregate(t, &records);
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
        }
    }
}

/// Severity, involvement and leverage of a path, for the third word of its record: three bits
/// per severity component (1 to 5), two for each of the others.
fn pack(severity: Severity, involvement: Involvement, leverage: Leverage) -> u64 {
    u64::from(severity.scale & 7)
        | u64::from(severity.scope & 7) << 3
        | u64::from(severity.irremediability & 7) << 6
        | (involvement as u64) << 9
        | (leverage as u64) << 11
}

/// An aggregated risk while its paths are added; the numbers are as [`pack`] writes them.
#[derive(Debug)]
struct Accumulator {
    right_slot: u32,
    complement: f64,
    severity: [u64; 3],
    involvement: u64,
    leverage: u64,
    paths: u32,
}

impl Accumulator {
    fn add(&mut self, likelihood: f64, packed: u64) {
        self.complement *= 1.0 - likelihood;
        for (s, shift) in self.severity.iter_mut().zip([0, 3, 6]) {
            *s = (*s).max(packed >> shift & 7);
        }
        self.involvement = self.involvement.max(packed >> 9 & 3);
        self.leverage = self.leverage.min(packed >> 11 & 3);
        self.paths += 1;
    }

    fn severity(&self) -> Severity {
        #[expect(clippy::cast_possible_truncation, reason = "three bits each")]
        let [scale, scope, irremediability] = self.severity.map(|s| s as u8);
        Severity::new(scale, scope, irremediability)
    }

    fn involvement(&self) -> Involvement {
        match self.involvement {
            0 => Involvement::DirectlyLinked,
            1 => Involvement::Contribute,
            _ => Involvement::Cause,
        }
    }

    fn leverage(&self) -> Leverage {
        match self.leverage {
            0 => Leverage::None,
            1 => Leverage::Low,
            2 => Leverage::Medium,
            _ => Leverage::High,
        }
    }
}

/// Makes the register's parts: reaches and paths as they are found, then the aggregates one
/// technology at a time from the records of its paths, `[likelihood bits, position | right
/// slot << 32, packed]` (see [`pack`]): all that grouping reads, in order.
///
/// The paths of a technology are grouped by right in a small table that stays in cache, in the
/// order they were found: an aggregate's likelihood multiplies the same numbers in the same
/// order on every run.
struct Builder<'a> {
    flat: &'a Flat,
    profile: &'a PrioritisationProfile,
    coarse: CoarseKey,
    reaches: Vec<Reach>,
    first: Vec<u32>,
    /// `coarse key << 32 | position` of every path, in position order.
    path_keys: Vec<u64>,
    aggregates: Vec<Aggregate>,
    aggregate_keys: Vec<u64>,
    members: Vec<u32>,
    member_start: Vec<u32>,
    /// Per right slot, its accumulator while a technology is grouped, or [`NONE`].
    slot: Vec<u32>,
    accumulators: Vec<Accumulator>,
    /// Per accumulator, where its next member goes.
    next: Vec<u32>,
    /// Memory the walk is done with, for the ranking to sort in.
    scratch: Vec<u64>,
}

impl<'a> Builder<'a> {
    fn new(flat: &'a Flat, profile: &'a PrioritisationProfile) -> Self {
        Builder {
            flat,
            profile,
            coarse: CoarseKey::new(profile),
            reaches: Vec::new(),
            first: Vec::new(),
            path_keys: Vec::new(),
            aggregates: Vec::new(),
            aggregate_keys: Vec::new(),
            members: Vec::new(),
            member_start: vec![0],
            slot: vec![NONE; flat.rights.len()],
            accumulators: Vec::new(),
            next: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn position(count: usize) -> u32 {
        u32::try_from(count).unwrap_or(NONE)
    }

    /// Adds a reach whose paths come next.
    fn reach(&mut self, reach: Reach) -> Reach {
        self.reaches.push(reach);
        self.first.push(Self::position(self.path_keys.len()));
        reach
    }

    /// Adds the path of the last reach through `impact`; gives its record.
    fn path(&mut self, reach: &Reach, impact: &ImpactArc) -> [u64; 3] {
        let row = path_row(reach, impact, self.profile);
        let p = Self::position(self.path_keys.len());
        self.path_keys
            .push((self.coarse.of(row.tier, row.priority) << 32) | u64::from(p));
        let right_slot = self
            .flat
            .right_slot
            .get(row.right as usize)
            .copied()
            .unwrap_or(NONE);
        [
            row.likelihood.to_bits(),
            u64::from(p) | (u64::from(right_slot) << 32),
            pack(row.severity, row.involvement, row.leverage),
        ]
    }

    /// Adds the aggregates of technology `t` from the records of its paths.
    fn aggregate(&mut self, t: u32, records: &[[u64; 3]]) {
        #[expect(clippy::cast_possible_truncation, reason = "two u32 in one u64")]
        let split = |word: u64| (word as u32, (word >> 32) as u32);
        for &[likelihood, word, info] in records {
            let (_, right_slot) = split(word);
            let Some(s) = self.slot.get_mut(right_slot as usize) else {
                continue;
            };
            if *s == NONE {
                *s = Self::position(self.accumulators.len());
                self.accumulators.push(Accumulator {
                    right_slot,
                    complement: 1.0,
                    severity: [0; 3],
                    involvement: 0,
                    leverage: 3,
                    paths: 0,
                });
            }
            if let Some(a) = self.accumulators.get_mut(*s as usize) {
                a.add(f64::from_bits(likelihood), info);
            }
        }
        // Place each path after the members of the aggregates made before its own.
        self.next.clear();
        let mut start = Self::position(self.members.len());
        for a in &self.accumulators {
            self.next.push(start);
            start += a.paths;
            self.member_start.push(start);
        }
        self.members.resize(start as usize, NONE);
        for &[_, word, _] in records {
            let (p, right_slot) = split(word);
            let s = self.slot.get(right_slot as usize).copied().unwrap_or(NONE);
            if let Some(at) = self.next.get_mut(s as usize) {
                if let Some(m) = self.members.get_mut(*at as usize) {
                    *m = p;
                }
                *at += 1;
            }
        }
        for a in self.accumulators.drain(..) {
            if let Some(s) = self.slot.get_mut(a.right_slot as usize) {
                *s = NONE;
            }
            let likelihood = (1.0 - a.complement).clamp(0.0, 1.0);
            let severity = a.severity();
            let (priority, tier) = self.profile.assess(severity, likelihood);
            let n = Self::position(self.aggregates.len());
            self.aggregate_keys
                .push((self.coarse.of(tier, priority) << 32) | u64::from(n));
            self.aggregates.push(Aggregate {
                technology: t,
                right: self
                    .flat
                    .rights
                    .get(a.right_slot as usize)
                    .copied()
                    .unwrap_or(NONE),
                likelihood,
                severity,
                involvement: a.involvement(),
                leverage: a.leverage(),
            });
        }
    }

    /// Ranks both lists.
    fn finish(mut self) -> Parts {
        self.first.push(Self::position(self.path_keys.len()));
        let names = self.flat.names.clone();
        let paths = Paths {
            reaches: self.reaches,
            first: self.first,
            impacts: self.flat.impacts.all().clone(),
        };
        let id_rank = &names.id_rank;
        let profile = self.profile;
        let mut scratch = self.scratch;
        let path_order = rank_order(self.path_keys, &mut scratch, |p| {
            paths.row(p, profile).map(|row| sort_key(&row, id_rank, p))
        });
        let aggregates = self.aggregates;
        let aggregate_order = rank_order(self.aggregate_keys, &mut scratch, |a| {
            let row = aggregates.get(a as usize)?.row(profile);
            Some(sort_key(&row, id_rank, a))
        });
        Parts {
            names,
            paths,
            path_order,
            aggregates,
            aggregate_order,
            members: self.members,
            member_start: self.member_start,
        }
    }
}

impl CheckedRiskGraph {
    /// The straightforward analysis the fast one must agree with, byte for byte.
    #[cfg(test)]
    pub(crate) fn analyse_reference(&self, profile: &PrioritisationProfile) -> ReferenceRegister {
        let count = self.doc.nodes.len();
        let mut complement = vec![1.0_f64; count];
        let mut reach: Vec<Option<(Involvement, Leverage)>> = vec![None; count];
        let mut q = vec![0.0_f64; count];
        let mut reached: Vec<u32> = Vec::new();
        let mut marked = vec![false; count];
        let mut stack: Vec<u32> = Vec::new();
        let mut raws: Vec<Row> = Vec::new();
        let mut aggregates: Vec<ReferenceAggregate> = Vec::new();
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
                            // `shared` holds the impact edge here.
                            let raw = Row {
                                technology: t,
                                end_use: e,
                                right: v as u32,
                                shared: *edge.weight(),
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
        let id_rank = &self.flat.names.id_rank;
        let risks = rank_in_order(&raws, items, id_rank);

        let aggregate_raws: Vec<(Row, usize)> = aggregates
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let likelihood = (1.0 - a.complement).clamp(0.0, 1.0);
                let (priority, tier) = profile.assess(a.severity, likelihood);
                let raw = Row {
                    technology: a.technology,
                    end_use: u32::MAX,
                    right: a.right,
                    shared: u32::MAX,
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
        let aggregate_raws: Vec<Row> = aggregate_raws.into_iter().map(|(raw, _)| raw).collect();
        let aggregates = rank_in_order(&aggregate_raws, items, id_rank);

        ReferenceRegister {
            document: crate::document::DocumentTag::default(),
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
    fn path_risk(&self, rank: u32, raw: &Row) -> Option<Risk> {
        let (groups, sources) = self.impact_data(raw.shared)?;
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
    fn aggregate_risk(&self, rank: u32, raw: &Row, aggregate: &ReferenceAggregate) -> Option<Risk> {
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
    aggregates: &mut Vec<ReferenceAggregate>,
    slot: &mut [u32],
    slotted: &mut Vec<u32>,
    raw: &Row,
) {
    let Some(s) = slot.get_mut(raw.right as usize) else {
        return;
    };
    if *s == u32::MAX {
        *s = u32::try_from(aggregates.len()).unwrap_or(u32::MAX);
        slotted.push(raw.right);
        aggregates.push(ReferenceAggregate {
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
        a.impacts.push(raw.shared);
    }
}

/// The register as the reference analysis makes it: every risk made up front.
#[cfg(test)]
#[derive(serde::Serialize)]
pub(crate) struct ReferenceRegister {
    document: crate::document::DocumentTag<super::model::tags::RiskRegister>,
    profile: PrioritisationProfile,
    pub(crate) risks: Vec<Risk>,
    pub(crate) aggregates: Vec<Risk>,
}

#[cfg(test)]
impl ReferenceRegister {
    pub(crate) fn to_json(&self) -> String {
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
                .risks()
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
            register
                .risks()
                .next()
                .unwrap()
                .key
                .end_use
                .as_ref()
                .unwrap()
                .as_str(),
            "b"
        );
        assert_eq!(register.risks().next().unwrap().tier, Tier::Top);
        // c: 6 points + 0.125 ranks above a: 3 points + 0.2.
        assert_eq!(
            register
                .risks()
                .nth(1)
                .unwrap()
                .key
                .end_use
                .as_ref()
                .unwrap()
                .as_str(),
            "c"
        );
        assert_eq!(
            register.risks().map(|r| r.rank).collect::<Vec<_>>(),
            [1, 2, 3]
        );

        // Aggregate: 1 - 0.8 × 0.75 × 0.875 = 0.475; severity worst per component (4, 3, 5);
        // most direct involvement (contribute), least leverage (low).
        let agg = &register.aggregates().next().unwrap();
        assert_eq!(register.aggregate_count(), 1);
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
            let graph = generated(seed, seed % 2 == 0);
            // Without its `leads_to` edges the graph takes the end-use by end-use path.
            let mut chainless = graph.clone();
            chainless["edges"]
                .as_array_mut()
                .unwrap()
                .retain(|e| e["kind"] != "leads_to");
            for graph in [checked(graph), checked(chainless)] {
                for profile in &profiles {
                    let fast = graph.analyse(profile);
                    let reference = graph.analyse_reference(profile);
                    assert_eq!(fast.to_json(), reference.to_json(), "seed {seed}");
                    assert_eq!(fast.risks().collect::<Vec<_>>(), reference.risks);
                    assert_eq!(fast.aggregates().collect::<Vec<_>>(), reference.aggregates);
                    risks += fast.risk_count();
                }
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
