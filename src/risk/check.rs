//! Reading and validating a risk graph, and its compiled ("checked") form.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::document::Limits;
use crate::error::{Problems, Stage};
use crate::id::{GroupId, NodeId};

use super::model::{Edge, EdgeKind, Involvement, Leverage, Node, NodeKind, RiskGraph, Severity};
use super::register::{Names, Shared};

/// Where right and group ids are looked up: the built-in catalog, or a fixed list in unit tests.
pub(crate) trait Vocabulary {
    fn has_right(&self, id: &str) -> bool;
    fn has_group(&self, id: &str) -> bool;
}

/// The built-in catalog ([`crate::catalog`]).
pub(crate) struct Catalog;

impl Vocabulary for Catalog {
    fn has_right(&self, id: &str) -> bool {
        crate::catalog::right(id).is_some()
    }
    fn has_group(&self, id: &str) -> bool {
        crate::catalog::group(id).is_some()
    }
}

/// A risk graph that passed validation, compiled for analysis.
///
/// It owns the document it was made from ([`CheckedRiskGraph::graph`]) and an index of it: an
/// id-to-node map, the graph structure, the end-uses in topological order, and per node the
/// combined odds factor of its actors and contexts and the combined factor of its mitigations.
#[derive(Debug, Clone)]
pub struct CheckedRiskGraph {
    pub(crate) doc: RiskGraph,
    pub(crate) index: HashMap<NodeId, u32>,
    /// Node weights are positions in `doc.nodes`, edge weights positions in `doc.edges`; the
    /// node with weight `n` has index `n`.
    #[allow(dead_code, reason = "read by the simulation")]
    pub(crate) structure: DiGraph<u32, u32, u32>,
    /// `k(x)`: the product of odds factors of edges that modify node `x` (1 when none).
    pub(crate) odds: Vec<f64>,
    /// `m(x)`: the product of `1 - effectiveness` of mitigations of node `x` (1 when none).
    pub(crate) mitigation: Vec<f64>,
    /// The position of every end-use in a topological order of `leads_to` edges
    /// (`u32::MAX` for other nodes).
    pub(crate) topo: Vec<u32>,
    /// The flat form of the graph that [`CheckedRiskGraph::analyse`] reads.
    pub(crate) flat: Arc<Flat>,
}

/// The out-edges of every node, as flat arrays (compressed sparse rows): the items of node `n`
/// are `items[start[n]..start[n + 1]]`, in document order, with their attributes inline, so the
/// analysis reads memory in order instead of following linked edge lists.
///
/// The items are shared so that a risk register can point into the impacts of the graph it was
/// analysed from instead of copying them.
#[derive(Debug, Clone)]
pub(crate) struct Adjacency<T> {
    start: Vec<u32>,
    items: Arc<[T]>,
}

impl<T> Default for Adjacency<T> {
    fn default() -> Self {
        Adjacency {
            start: Vec::new(),
            items: Arc::from([]),
        }
    }
}

/// Turns counts into running totals. With group `i` counted at `i + 1`, entry `i` then holds
/// where group `i` starts.
pub(crate) fn prefix_sums<N: Copy + std::ops::AddAssign + Default>(counts: &mut [N]) {
    let mut sum = N::default();
    for c in counts {
        sum += *c;
        *c = sum;
    }
}

impl<T> Adjacency<T> {
    /// Groups `(source, item)` pairs by source (a counting sort, stable, O(V + E)).
    fn build(count: usize, pairs: Vec<(u32, T)>) -> Self {
        let mut start = vec![0u32; count + 1];
        for (n, _) in &pairs {
            if let Some(s) = start.get_mut(*n as usize + 1) {
                *s += 1;
            }
        }
        prefix_sums(&mut start);
        let mut slots: Vec<Option<T>> = Vec::with_capacity(pairs.len());
        slots.resize_with(pairs.len(), || None);
        let mut next = start.clone();
        for (n, item) in pairs {
            if let Some(at) = next.get_mut(n as usize)
                && let Some(slot) = slots.get_mut(*at as usize)
            {
                *slot = Some(item);
                *at += 1;
            }
        }
        Adjacency {
            start,
            items: slots.into_iter().flatten().collect(),
        }
    }

    /// Every item, of every node, shared.
    pub(crate) fn all(&self) -> &Arc<[T]> {
        &self.items
    }

    /// Where the items of node `n` start and end.
    fn range_of(&self, n: u32) -> (u32, u32) {
        let from = self.start.get(n as usize).copied().unwrap_or(0);
        (
            from,
            self.start.get(n as usize + 1).copied().unwrap_or(from),
        )
    }

    /// The items `from..to`, as given by [`Adjacency::range_of`].
    pub(crate) fn items(&self, (from, to): (u32, u32)) -> &[T] {
        self.items.get(from as usize..to as usize).unwrap_or(&[])
    }

    /// The items of node `n` (none for an unknown node).
    pub(crate) fn of(&self, n: u32) -> &[T] {
        let from = self.start.get(n as usize).copied().unwrap_or(0) as usize;
        let to = self.start.get(n as usize + 1).copied().unwrap_or(0) as usize;
        self.items.get(from..to).unwrap_or(&[])
    }
}

/// An `enables` edge as the analysis reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EnableArc {
    pub(crate) to: u32,
    pub(crate) likelihood: f64,
    pub(crate) involvement: Involvement,
    pub(crate) leverage: Leverage,
}

/// A `leads_to` edge as the analysis reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LeadArc {
    pub(crate) to: u32,
    pub(crate) likelihood: f64,
}

/// An `impacts` edge as the analysis reads it; `shared` is the position of its groups and
/// sources in [`Flat::shared`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImpactArc {
    pub(crate) to: u32,
    pub(crate) shared: u32,
    pub(crate) likelihood: f64,
    pub(crate) severity: Severity,
}

/// What the analysis reads about an end-use when it reaches it: its odds factor, its
/// mitigation factor and where its impacts are, together so that they come in one read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EndUseEntry {
    pub(crate) odds: f64,
    pub(crate) mitigation: f64,
    pub(crate) impacts: (u32, u32),
}

/// The graph compiled for the analysis: adjacency per edge kind, the enables edges also by the
/// end-use they reach, the technologies, and the names the risk register's rows point into.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat {
    /// The `enables` edges of each technology (only when end-uses chain).
    pub(crate) enables: Adjacency<EnableArc>,
    /// The `enables` edges into each end-use; `to` is the technology (only when they do not).
    pub(crate) enabled_by: Adjacency<EnableArc>,
    pub(crate) leads: Adjacency<LeadArc>,
    pub(crate) impacts: Adjacency<ImpactArc>,
    pub(crate) technologies: Vec<u32>,
    pub(crate) has_chains: bool,
    /// Per node, its position among the right nodes (`u32::MAX` for other nodes).
    pub(crate) right_slot: Vec<u32>,
    /// The right nodes, in node order: the node of each right slot.
    pub(crate) rights: Vec<u32>,
    /// Per node, its position among the technologies (`u32::MAX` for other nodes).
    pub(crate) technology_slot: Vec<u32>,
    /// Per node, what the walk without chains reads about an end-use, in one place.
    pub(crate) end_uses: Vec<EndUseEntry>,
    pub(crate) names: Arc<Names>,
}

impl Flat {
    fn build(
        doc: &RiskGraph,
        index: &HashMap<NodeId, u32>,
        shared_index: &[u32],
        shared: Vec<Shared>,
        id_rank: Vec<u32>,
        (odds, mitigation): (&[f64], &[f64]),
    ) -> Flat {
        let count = doc.nodes.len();
        let mut enables = Vec::new();
        let mut enabled_by = Vec::new();
        let mut leads = Vec::new();
        let mut impacts = Vec::new();
        for (j, edge) in (0u32..).zip(&doc.edges) {
            let (Some(&a), Some(&b)) = (index.get(edge.from()), index.get(edge.to())) else {
                continue;
            };
            match edge {
                Edge::Enables(e) => {
                    let arc = EnableArc {
                        to: b,
                        likelihood: e.likelihood,
                        involvement: e.involvement,
                        leverage: e.leverage,
                    };
                    enables.push((a, arc));
                    enabled_by.push((b, EnableArc { to: a, ..arc }));
                }
                Edge::LeadsTo(e) => leads.push((
                    a,
                    LeadArc {
                        to: b,
                        likelihood: e.likelihood,
                    },
                )),
                Edge::Impacts(e) => impacts.push((
                    a,
                    ImpactArc {
                        to: b,
                        shared: shared_index.get(j as usize).copied().unwrap_or(u32::MAX),
                        likelihood: e.likelihood,
                        severity: e.severity,
                    },
                )),
                _ => {}
            }
        }
        let slots = |kind: NodeKind| {
            let mut next = 0u32;
            doc.nodes
                .iter()
                .map(|n| {
                    next += u32::from(n.kind() == kind);
                    if n.kind() == kind { next - 1 } else { u32::MAX }
                })
                .collect()
        };
        let of_kind = |kind: NodeKind| {
            (0u32..)
                .zip(&doc.nodes)
                .filter(|(_, n)| n.kind() == kind)
                .map(|(n, _)| n)
                .collect()
        };
        let impacts = Adjacency::build(count, impacts);
        let end_uses = (0u32..)
            .zip(odds.iter().zip(mitigation))
            .map(|(n, (&odds, &mitigation))| EndUseEntry {
                odds,
                mitigation,
                impacts: impacts.range_of(n),
            })
            .collect();
        // Each walk reads the `enables` edges one way only: by technology when end-uses chain,
        // by end-use when they do not.
        let has_chains = !leads.is_empty();
        let (enables, enabled_by) = if has_chains {
            (Adjacency::build(count, enables), Adjacency::default())
        } else {
            (Adjacency::default(), Adjacency::build(count, enabled_by))
        };
        Flat {
            end_uses,
            has_chains,
            enables,
            enabled_by,
            leads: Adjacency::build(count, leads),
            impacts,
            technologies: of_kind(NodeKind::Technology),
            rights: of_kind(NodeKind::Right),
            right_slot: slots(NodeKind::Right),
            technology_slot: slots(NodeKind::Technology),
            names: Arc::new(Names {
                ids: doc.nodes.iter().map(|n| n.id().clone()).collect(),
                rights: doc
                    .nodes
                    .iter()
                    .map(|n| match n {
                        Node::Right(r) => Some(r.right.clone()),
                        _ => None,
                    })
                    .collect(),
                shared,
                id_rank,
            }),
        }
    }
}

/// The groups and sources of an impact edge, shared by its risks.
#[cfg(test)]
pub(crate) type SharedData = Option<Shared>;

impl PartialEq for CheckedRiskGraph {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc
    }
}

impl CheckedRiskGraph {
    /// The document the graph was compiled from.
    pub fn graph(&self) -> &RiskGraph {
        &self.doc
    }

    /// The node with id `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index
            .get(id)
            .and_then(|&n| self.doc.nodes.get(n as usize))
    }

    /// Gives back the document.
    pub fn into_graph(self) -> RiskGraph {
        self.doc
    }

    #[allow(dead_code, reason = "read by the simulation")]
    pub(crate) fn node_at(&self, n: u32) -> Option<&Node> {
        self.doc.nodes.get(n as usize)
    }

    #[allow(dead_code, reason = "read by the simulation")]
    pub(crate) fn edge_at(&self, e: u32) -> Option<&Edge> {
        self.doc.edges.get(e as usize)
    }
}

impl RiskGraph {
    /// Reads a risk graph from JSON text: limits, syntax, typed parsing, then
    /// [`validate`](RiskGraph::validate). Every problem comes with its JSON pointer.
    ///
    /// ```
    /// use hrdd::{Limits, risk::RiskGraph};
    /// let problems = RiskGraph::from_json(
    ///     r#"{"document": "risk_graph", "nodes": [], "edges": [
    ///         {"kind": "leads_to", "from": "a", "to": "b", "likelihood": "NaN"}]}"#,
    ///     &Limits::default(),
    /// ).unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/edges/0/likelihood");
    /// ```
    pub fn from_json(text: &str, limits: &Limits) -> Result<RiskGraph, Problems> {
        let value = read_value(text, limits)?;
        let graph: RiskGraph = parse_typed(value, &["nodes", "edges"])?;
        let mut problems = Problems::new();
        if graph.nodes.len() > limits.max_nodes {
            problems.push(
                Stage::Limits,
                "/nodes",
                format!("more than {} nodes", limits.max_nodes),
            );
        }
        if graph.edges.len() > limits.max_edges {
            problems.push(
                Stage::Limits,
                "/edges",
                format!("more than {} edges", limits.max_edges),
            );
        }
        problems.into_result(())?;
        graph.validate()?;
        Ok(graph)
    }

    /// Checks the graph on its own and against the catalog: unique ids, names and sources not
    /// blank, catalog rights and groups, edges between the right kinds of node, no duplicate
    /// edge, values in range and finite, end-uses free of `leads_to` cycles.
    ///
    /// ```
    /// use hrdd::risk::{Entity, Node, RiskGraph};
    /// use hrdd::NodeId;
    /// let a = Node::Technology(Entity::new(NodeId::new("a").unwrap(), "A"));
    /// let graph = RiskGraph::new(vec![a.clone(), a], vec![]);
    /// let problems = graph.validate().unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/nodes/1/id");
    /// ```
    pub fn validate(&self) -> Result<(), Problems> {
        self.compile(&Catalog).map(|_| ())
    }

    /// Validates the graph and compiles it for analysis.
    pub fn check(self) -> Result<CheckedRiskGraph, Problems> {
        self.compile(&Catalog)
    }

    pub(crate) fn compile(
        &self,
        vocabulary: &dyn Vocabulary,
    ) -> Result<CheckedRiskGraph, Problems> {
        let mut problems = Problems::new();
        let mut index: HashMap<NodeId, u32> = HashMap::with_capacity(self.nodes.len());
        let Ok(node_count) = u32::try_from(self.nodes.len()) else {
            return Err(Problems::one(Stage::Limits, "/nodes", "too many nodes"));
        };
        if u32::try_from(self.edges.len()).is_err() {
            return Err(Problems::one(Stage::Limits, "/edges", "too many edges"));
        }
        for (n, node) in (0..node_count).zip(&self.nodes) {
            match index.entry(node.id().clone()) {
                Entry::Occupied(first) => problems.push(
                    Stage::Semantic,
                    format!("/nodes/{n}/id"),
                    format!(
                        "duplicate node id `{}` (first at /nodes/{})",
                        node.id(),
                        first.get()
                    ),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(n);
                }
            }
            if node.name().trim().is_empty() {
                problems.push(
                    Stage::Semantic,
                    format!("/nodes/{n}/name"),
                    "a node needs a name that is not blank",
                );
            }
            if let Node::Right(right) = node
                && !vocabulary.has_right(right.right.as_str())
            {
                {
                    problems.push(
                        Stage::Semantic,
                        format!("/nodes/{n}/right"),
                        format!("unknown right `{}`: not in the catalog", right.right),
                    );
                }
            }
        }

        let kind_of = |id: &NodeId| {
            index
                .get(id)
                .and_then(|&n| self.nodes.get(n as usize))
                .map(Node::kind)
        };
        let mut seen: HashMap<(EdgeKind, &NodeId, &NodeId), usize> =
            HashMap::with_capacity(self.edges.len());
        let mut group_known: HashMap<&str, bool> = HashMap::new();
        for (j, edge) in self.edges.iter().enumerate() {
            let kind = edge.kind();
            let (from_kinds, to_kinds) = kind.endpoints();
            for (field, id, allowed) in [
                ("from", edge.from(), from_kinds),
                ("to", edge.to(), to_kinds),
            ] {
                match kind_of(id) {
                    None => problems.push(
                        Stage::Semantic,
                        format!("/edges/{j}/{field}"),
                        format!("unknown node `{id}`"),
                    ),
                    Some(found) if !allowed.contains(&found) => problems.push(
                        Stage::Semantic,
                        format!("/edges/{j}/{field}"),
                        format!(
                            "`{id}` is a {} node; a `{}` edge {} {}",
                            found.as_str(),
                            kind.as_str(),
                            if field == "from" {
                                "starts at"
                            } else {
                                "ends at"
                            },
                            kinds_list(allowed)
                        ),
                    ),
                    Some(_) => {}
                }
            }
            match seen.entry((kind, edge.from(), edge.to())) {
                Entry::Occupied(first) => problems.push(
                    Stage::Semantic,
                    format!("/edges/{j}"),
                    format!(
                        "duplicate `{}` edge from `{}` to `{}` (first at /edges/{})",
                        kind.as_str(),
                        edge.from(),
                        edge.to(),
                        first.get()
                    ),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(j);
                }
            }
            let at = |field: &str| format!("/edges/{j}/{field}");
            match edge {
                Edge::Enables(e) => check_unit(&mut problems, at("likelihood"), e.likelihood),
                Edge::LeadsTo(e) => check_unit(&mut problems, at("likelihood"), e.likelihood),
                Edge::Impacts(e) => {
                    check_unit(&mut problems, at("likelihood"), e.likelihood);
                    check_severity(&mut problems, &at("severity"), e.severity);
                    if e.source.trim().is_empty() {
                        problems.push(
                            Stage::Semantic,
                            at("source"),
                            "an impact needs a source citation that is not blank",
                        );
                    }
                    for (g, group) in e.groups.iter().enumerate() {
                        let known = *group_known
                            .entry(group.as_str())
                            .or_insert_with(|| vocabulary.has_group(group.as_str()));
                        if !known {
                            problems.push(
                                Stage::Semantic,
                                format!("/edges/{j}/groups/{g}"),
                                format!("unknown affected group `{group}`: not in the catalog"),
                            );
                        }
                        if e.groups.iter().take(g).any(|other| other == group) {
                            problems.push(
                                Stage::Semantic,
                                format!("/edges/{j}/groups/{g}"),
                                format!("affected group `{group}` is listed twice"),
                            );
                        }
                    }
                }
                Edge::Deploys(e) | Edge::OccursIn(e) => {
                    let factor = e.odds_factor;
                    if !factor.is_finite() {
                        problems.push(
                            Stage::Semantic,
                            at("odds_factor"),
                            format!("`{factor}` is not a finite number"),
                        );
                    } else if factor <= 0.0 {
                        problems.push(
                            Stage::Semantic,
                            at("odds_factor"),
                            format!("odds factor `{factor}` must be greater than 0"),
                        );
                    }
                }
                Edge::Mitigates(e) => {
                    check_unit(&mut problems, at("effectiveness"), e.effectiveness)
                }
            }
        }
        // Structure (edges with an unknown endpoint are left out, so cycles are still found): node n has index n, edge weights are document positions.
        let mut structure: DiGraph<u32, u32, u32> =
            DiGraph::with_capacity(self.nodes.len(), self.edges.len());
        for n in 0..node_count {
            structure.add_node(n);
        }
        let mut odds = vec![1.0_f64; self.nodes.len()];
        let mut mitigation = vec![1.0_f64; self.nodes.len()];
        for (j, edge) in (0u32..).zip(&self.edges) {
            let (Some(&a), Some(&b)) = (index.get(edge.from()), index.get(edge.to())) else {
                continue; // reported above
            };
            structure.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), j);
            match edge {
                Edge::Deploys(e) => scale_at(&mut odds, b, e.odds_factor),
                Edge::OccursIn(e) => scale_at(&mut odds, a, e.odds_factor),
                Edge::Mitigates(e) => scale_at(&mut mitigation, b, 1.0 - e.effectiveness),
                _ => {}
            }
        }
        let topo = end_use_order(self, &structure, &mut problems);
        let mut by_id: Vec<u32> = (0..node_count).collect();
        by_id.sort_unstable_by(|&a, &b| {
            let id = |n: u32| self.nodes.get(n as usize).map(|n| n.id().as_str());
            id(a).cmp(&id(b))
        });
        let mut id_rank = vec![0u32; self.nodes.len()];
        for (rank, &n) in (0u32..).zip(&by_id) {
            if let Some(slot) = id_rank.get_mut(n as usize) {
                *slot = rank;
            }
        }
        // Impacts with the same groups and source share one copy (an entry of `shared`), so an
        // aggregated risk whose impacts all share it can share it too.
        let mut interned: HashMap<(Vec<GroupId>, &str), u32> = HashMap::new();
        let mut shared: Vec<Shared> = Vec::new();
        let shared_index: Vec<u32> = self
            .edges
            .iter()
            .map(|edge| match edge {
                Edge::Impacts(impact) => {
                    let mut groups = impact.groups.clone();
                    groups.sort();
                    *interned
                        .entry((groups, impact.source.as_str()))
                        .or_insert_with_key(|(groups, source)| {
                            shared.push((
                                Arc::from(groups.clone()),
                                Arc::from(vec![source.to_string()]),
                            ));
                            u32::try_from(shared.len() - 1).unwrap_or(u32::MAX)
                        })
                }
                _ => u32::MAX,
            })
            .collect();
        let flat = if problems.is_empty() {
            Arc::new(Flat::build(
                self,
                &index,
                &shared_index,
                shared,
                id_rank,
                (&odds, &mitigation),
            ))
        } else {
            Arc::default()
        };
        problems.into_result(CheckedRiskGraph {
            doc: self.clone(),
            index,
            structure,
            odds,
            mitigation,
            topo,
            flat,
        })
    }
}

fn scale_at(values: &mut [f64], n: u32, factor: f64) {
    if let Some(v) = values.get_mut(n as usize) {
        *v *= factor;
    }
}

fn kinds_list(kinds: &[NodeKind]) -> String {
    let names: Vec<String> = kinds
        .iter()
        .map(|k| format!("a {} node", k.as_str()))
        .collect();
    names.join(" or ")
}

/// Checks a likelihood or an effectiveness: finite and in `[0, 1]`. The messages contain the
/// same words as the schema validator's, so either stage explains the problem the same way.
fn check_unit(problems: &mut Problems, at: String, value: f64) {
    if value.is_nan() || value.is_infinite() {
        problems.push(
            Stage::Semantic,
            at,
            format!("`{value}` is not a finite number"),
        );
    } else if value < 0.0 {
        problems.push(
            Stage::Semantic,
            at,
            format!("`{value}` is less than the minimum `0`"),
        );
    } else if value > 1.0 {
        problems.push(
            Stage::Semantic,
            at,
            format!("`{value}` is greater than the maximum `1`"),
        );
    }
}

fn check_severity(problems: &mut Problems, at: &str, severity: Severity) {
    for (field, value) in [
        ("scale", severity.scale),
        ("scope", severity.scope),
        ("irremediability", severity.irremediability),
    ] {
        if value < 1 {
            problems.push(
                Stage::Semantic,
                format!("{at}/{field}"),
                format!("{field} `{value}` is less than the minimum `1`"),
            );
        } else if value > 5 {
            problems.push(
                Stage::Semantic,
                format!("{at}/{field}"),
                format!("{field} `{value}` is greater than the maximum `5`"),
            );
        }
    }
}

/// A topological order of the end-uses along `leads_to` edges (Kahn's algorithm, O(V + E)),
/// reporting each cycle (a strongly connected component with more than one end-use, or a
/// self-loop) at the last of its edges in document order, the one that closes it.
fn end_use_order(
    graph: &RiskGraph,
    structure: &DiGraph<u32, u32, u32>,
    problems: &mut Problems,
) -> Vec<u32> {
    let is_leads_to = |e: u32| matches!(graph.edges.get(e as usize), Some(Edge::LeadsTo(_)));
    let count = graph.nodes.len();
    let mut indegree = vec![0u32; count];
    for edge in structure.raw_edges() {
        if is_leads_to(edge.weight)
            && let Some(d) = indegree.get_mut(edge.target().index())
        {
            *d += 1;
        }
    }
    let mut topo = vec![u32::MAX; count];
    let mut ready: Vec<u32> = (0u32..)
        .zip(&graph.nodes)
        .filter(|(n, node)| {
            node.kind() == NodeKind::EndUse && indegree.get(*n as usize) == Some(&0)
        })
        .map(|(n, _)| n)
        .collect();
    let mut next = 0u32;
    while let Some(n) = ready.pop() {
        if let Some(slot) = topo.get_mut(n as usize) {
            *slot = next;
        }
        next += 1;
        for edge in structure.edges(NodeIndex::new(n as usize)) {
            use petgraph::visit::EdgeRef;
            if is_leads_to(*edge.weight()) {
                let t = edge.target().index();
                if let Some(d) = indegree.get_mut(t) {
                    *d -= 1;
                    if *d == 0 {
                        ready.push(t as u32);
                    }
                }
            }
        }
    }
    let end_uses = graph
        .nodes
        .iter()
        .filter(|n| n.kind() == NodeKind::EndUse)
        .count();
    if (next as usize) < end_uses {
        // Some end-uses are on or behind a cycle; report each cycle once, at the edge that closes it.
        for component in petgraph::algo::tarjan_scc(structure) {
            let members: Vec<u32> = component.iter().map(|n| n.index() as u32).collect();
            let cyclic_edges: Vec<u32> = structure
                .raw_edges()
                .iter()
                .filter(|e| {
                    is_leads_to(e.weight)
                        && members.contains(&(e.source().index() as u32))
                        && members.contains(&(e.target().index() as u32))
                })
                .map(|e| e.weight)
                .collect();
            if let Some(&last) = cyclic_edges.iter().max() {
                let mut names: Vec<String> = members
                    .iter()
                    .filter_map(|&n| graph.nodes.get(n as usize))
                    .map(|n| format!("`{}`", n.id()))
                    .collect();
                names.sort();
                problems.push(
                    Stage::Semantic,
                    format!("/edges/{last}"),
                    format!(
                        "`leads_to` edges form a cycle through end-uses {}",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    topo
}

/// Checks limits and syntax and returns the JSON value.
pub(crate) fn read_value(text: &str, limits: &Limits) -> Result<serde_json::Value, Problems> {
    if text.len() > limits.max_document_bytes {
        return Err(Problems::one(
            Stage::Limits,
            "",
            format!(
                "the document is {} bytes, more than the limit of {}",
                text.len(),
                limits.max_document_bytes
            ),
        ));
    }
    if nesting_depth(text) > limits.max_depth {
        return Err(Problems::one(
            Stage::Limits,
            "",
            format!("the document nests deeper than {} levels", limits.max_depth),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        Problems::one(
            Stage::Syntax,
            "",
            format!(
                "invalid json at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })
}

/// The deepest nesting of arrays and objects, counted without parsing.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Parses a value into a typed document. When that fails, the arrays named in `lists` are parsed
/// element by element so that each problem gets the pointer of its element, and of its field
/// when a number field holds something else.
pub(crate) fn parse_typed<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    lists: &[&str],
) -> Result<T, Problems> {
    let first_error = match T::deserialize(&value) {
        Ok(typed) => return Ok(typed),
        Err(e) => e.to_string(),
    };
    let mut problems = Problems::new();
    for list in lists {
        let Some(items) = value.get(*list).and_then(|v| v.as_array()) else {
            continue;
        };
        for (n, item) in items.iter().enumerate() {
            locate_item_problem(&mut problems, &format!("/{list}/{n}"), item);
        }
    }
    if problems.is_empty() {
        problems.push(Stage::Parse, "", first_error);
    }
    Err(problems)
}

/// Names of fields that hold numbers, in any node, edge or change.
const NUMBER_FIELDS: [&str; 3] = ["likelihood", "effectiveness", "odds_factor"];

fn locate_item_problem(problems: &mut Problems, at: &str, item: &serde_json::Value) {
    let mut found = false;
    if let Some(object) = item.as_object() {
        for (field, value) in object {
            let nested = NUMBER_FIELDS.contains(&field.as_str()) && !value.is_number();
            if nested {
                problems.push(
                    Stage::Parse,
                    format!("{at}/{field}"),
                    format!("expected a number, found `{value}`"),
                );
                found = true;
            }
            if field == "severity" {
                for (component, v) in value.as_object().into_iter().flatten() {
                    if !v.is_u64() {
                        problems.push(
                            Stage::Parse,
                            format!("{at}/severity/{component}"),
                            format!("`{v}` is not an integer from 1 to 5"),
                        );
                        found = true;
                    }
                }
            }
        }
    }
    if found {
        return;
    }
    // Element-level errors from serde: the first line of its message, with the pointer.
    let parsed_node = serde_json::from_value::<Node>(item.clone());
    let parsed_edge = serde_json::from_value::<Edge>(item.clone());
    if let (Err(node_error), Err(edge_error)) = (parsed_node, parsed_edge) {
        let is_edge = at.starts_with("/edges") || at.starts_with("/changes");
        let message = if is_edge { edge_error } else { node_error };
        problems.push(Stage::Parse, at, message.to_string());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fixed vocabulary so these tests do not depend on the catalog's contents.
    pub(crate) struct TestVocabulary;
    impl Vocabulary for TestVocabulary {
        fn has_right(&self, id: &str) -> bool {
            matches!(id, "privacy" | "expression" | "life" | "non-discrimination")
        }
        fn has_group(&self, id: &str) -> bool {
            matches!(id, "children" | "women" | "human-rights-defenders")
        }
    }

    pub(crate) fn problems_of(json: &str) -> Vec<(String, String)> {
        let value = read_value(json, &Limits::default()).map_err(|p| p.to_string());
        let value = match value {
            Ok(v) => v,
            Err(p) => return vec![(String::new(), p)],
        };
        let graph: RiskGraph = match parse_typed(value, &["nodes", "edges"]) {
            Ok(g) => g,
            Err(p) => return p.into_iter().map(|p| (p.pointer, p.message)).collect(),
        };
        match graph.compile(&TestVocabulary) {
            Ok(_) => vec![],
            Err(p) => p.into_iter().map(|p| (p.pointer, p.message)).collect(),
        }
    }

    const NODES: &str = r#"[
        {"kind": "technology", "id": "t", "name": "T"},
        {"kind": "end_use", "id": "a", "name": "A"},
        {"kind": "end_use", "id": "b", "name": "B"},
        {"kind": "right", "id": "r", "name": "R", "right": "privacy"},
        {"kind": "mitigation", "id": "m", "name": "M"}
    ]"#;

    fn graph_with_edges(edges: &str) -> String {
        format!(r#"{{"document": "risk_graph", "nodes": {NODES}, "edges": {edges}}}"#)
    }

    fn has(problems: &[(String, String)], pointer: &str, contains: &str) -> bool {
        problems
            .iter()
            .any(|(p, m)| p == pointer && m.contains(contains))
    }

    #[test]
    fn a_valid_graph_has_no_problems() {
        let json = graph_with_edges(
            r#"[{"kind": "enables", "from": "t", "to": "a", "likelihood": 0.5, "involvement": "cause", "leverage": "high"},
                {"kind": "leads_to", "from": "a", "to": "b", "likelihood": 0.5},
                {"kind": "impacts", "from": "b", "to": "r", "severity": {"scale": 3, "scope": 3, "irremediability": 3},
                 "likelihood": 0.5, "groups": ["children"], "source": "x"}]"#,
        );
        assert_eq!(problems_of(&json), vec![]);
    }

    #[test]
    fn cycle_is_reported_at_the_edge_that_closes_it() {
        let json = graph_with_edges(
            r#"[{"kind": "leads_to", "from": "a", "to": "b", "likelihood": 0.5},
                {"kind": "leads_to", "from": "b", "to": "a", "likelihood": 0.5}]"#,
        );
        let problems = problems_of(&json);
        assert!(has(&problems, "/edges/1", "cycle"), "{problems:?}");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn self_loop_is_a_cycle() {
        let json = graph_with_edges(
            r#"[{"kind": "leads_to", "from": "a", "to": "a", "likelihood": 0.5}]"#,
        );
        assert!(has(&problems_of(&json), "/edges/0", "cycle"));
    }

    #[test]
    fn dangling_ids_and_wrong_kinds() {
        let json = graph_with_edges(
            r#"[{"kind": "enables", "from": "nowhere", "to": "r", "likelihood": 0.5, "involvement": "cause", "leverage": "high"}]"#,
        );
        let problems = problems_of(&json);
        assert!(has(&problems, "/edges/0/from", "unknown node `nowhere`"));
        assert!(has(&problems, "/edges/0/to", "`r` is a right node"));
    }

    #[test]
    fn severity_out_of_range_both_ways() {
        let json = graph_with_edges(
            r#"[{"kind": "impacts", "from": "a", "to": "r", "severity": {"scale": 0, "scope": 6, "irremediability": 3},
                 "likelihood": 1.5, "source": "x"}]"#,
        );
        let problems = problems_of(&json);
        assert!(has(
            &problems,
            "/edges/0/severity/scale",
            "less than the minimum `1`"
        ));
        assert!(has(
            &problems,
            "/edges/0/severity/scope",
            "greater than the maximum `5`"
        ));
        assert!(has(
            &problems,
            "/edges/0/likelihood",
            "greater than the maximum `1`"
        ));
    }

    #[test]
    fn nan_string_is_located() {
        let json = graph_with_edges(
            r#"[{"kind": "leads_to", "from": "a", "to": "b", "likelihood": "NaN"}]"#,
        );
        assert!(has(&problems_of(&json), "/edges/0/likelihood", "number"));
    }

    #[test]
    fn nan_from_code_is_reported() {
        let mut graph: RiskGraph = serde_json::from_str(&graph_with_edges(
            r#"[{"kind": "leads_to", "from": "a", "to": "b", "likelihood": 0.5}]"#,
        ))
        .unwrap();
        if let Some(Edge::LeadsTo(e)) = graph.edges.get_mut(0) {
            e.likelihood = f64::NAN;
        }
        let problems = graph.compile(&TestVocabulary).unwrap_err();
        assert_eq!(
            problems.iter().next().unwrap().pointer,
            "/edges/0/likelihood"
        );
    }

    #[test]
    fn effectiveness_above_one_blank_source_duplicates_unknown_catalog_ids() {
        let json = String::from(
            r#"{"document": "risk_graph", "nodes": [
                {"kind": "technology", "id": "t", "name": "T"},
                {"kind": "technology", "id": "t", "name": " "},
                {"kind": "end_use", "id": "a", "name": "A"},
                {"kind": "right", "id": "r", "name": "R", "right": "flying"},
                {"kind": "mitigation", "id": "m", "name": "M"}],
              "edges": [
                {"kind": "mitigates", "from": "m", "to": "t", "effectiveness": 1.2},
                {"kind": "mitigates", "from": "m", "to": "t", "effectiveness": 0.2},
                {"kind": "impacts", "from": "a", "to": "r", "severity": {"scale": 1, "scope": 1, "irremediability": 1},
                  "likelihood": 0.1, "groups": ["martians", "children", "children"], "source": "  "}]}"#,
        );
        let problems = problems_of(&json);
        assert!(has(
            &problems,
            "/edges/0/effectiveness",
            "greater than the maximum `1`"
        ));
        assert!(has(&problems, "/edges/1", "duplicate `mitigates` edge"));
        assert!(has(&problems, "/nodes/1/id", "duplicate node id `t`"));
        assert!(has(&problems, "/nodes/1/name", "blank"));
        assert!(has(&problems, "/nodes/3/right", "unknown right `flying`"));
        assert!(has(&problems, "/edges/2/source", "blank"));
        assert!(has(
            &problems,
            "/edges/2/groups/0",
            "unknown affected group `martians`"
        ));
        assert!(has(&problems, "/edges/2/groups/2", "listed twice"));
        assert_eq!(problems.len(), 8, "{problems:?}");
    }

    #[test]
    fn limits_and_syntax() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let deep = r#"{"a": [[["x"]]]}"#;
        assert!(RiskGraph::from_json(deep, &limits).is_err());
        let problems = RiskGraph::from_json("{\n  \"document\": ", &Limits::default()).unwrap_err();
        assert!(problems.iter().next().unwrap().message.contains("line 2"));
    }
}
