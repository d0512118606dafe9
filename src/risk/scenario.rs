//! Scenarios: changes to a risk graph, and how the register moves when they are applied.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions, Limits};
use crate::error::{Problems, Stage};
use crate::id::{GroupId, NodeId};

use super::check::{CheckedRiskGraph, Vocabulary};
use super::model::{
    Edge, EdgeKind, Entity, Involvement, Leverage, Mitigates, Node, RiskGraph, Severity, tags,
};
use super::profile::{PrioritisationProfile, Tier};
use super::register::{RiskKey, RiskRegister};

/// A scenario (`"document": "scenario"`): changes applied in order to a base risk graph.
///
/// ```
/// use hrdd::risk::Scenario;
/// let scenario: Scenario = serde_json::from_str(r#"{
///   "document": "scenario",
///   "title": "Stop selling to the police; add audits",
///   "changes": [
///     {"kind": "remove_edge", "edge": "deploys", "from": "police", "to": "protest-identification"},
///     {"kind": "update_edge", "edge": "enables", "from": "face-search",
///      "to": "protest-identification", "likelihood": 0.1, "leverage": "high"},
///     {"kind": "add_mitigation", "mitigation": {"id": "audits", "name": "Third-party audits"},
///      "to": "face-search", "effectiveness": 0.3},
///     {"kind": "remove_node", "id": "weak-rule-of-law"}
///   ]
/// }"#).unwrap();
/// assert_eq!(scenario.changes.len(), 4);
/// assert!(scenario.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scenario {
    /// Always `"scenario"`.
    pub document: DocumentTag<tags::Scenario>,
    /// What the scenario explores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

/// One change to a graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    /// Adds a node.
    AddNode {
        /// The node; its id must be new.
        node: Node,
    },
    /// Removes a node and every edge touching it.
    RemoveNode {
        /// The node's id.
        id: NodeId,
    },
    /// Adds an edge; there must not be one of the same kind between the same nodes.
    AddEdge {
        /// The edge.
        edge: Edge,
    },
    /// Removes an edge.
    RemoveEdge {
        /// The edge's kind.
        edge: EdgeKind,
        /// Where it starts.
        from: NodeId,
        /// Where it ends.
        to: NodeId,
    },
    /// Changes attributes of an edge; only the fields given change, and each must belong to
    /// the edge's kind.
    UpdateEdge(EdgeUpdate),
    /// Adds a mitigation node and the edge from it to a technology or end-use.
    AddMitigation {
        /// The mitigation; its id must be new.
        mitigation: Entity,
        /// The technology or end-use it applies to.
        to: NodeId,
        /// The share of the likelihood it removes, in `[0, 1]`.
        #[schemars(range(min = 0.0, max = 1.0))]
        effectiveness: f64,
    },
}

/// New values for some attributes of one edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EdgeUpdate {
    /// The edge's kind.
    pub edge: EdgeKind,
    /// Where it starts.
    pub from: NodeId,
    /// Where it ends.
    pub to: NodeId,
    /// New likelihood (`enables`, `leads_to`, `impacts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub likelihood: Option<f64>,
    /// New severity (`impacts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// New affected groups (`impacts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupId>>,
    /// New source (`impacts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// New involvement (`enables`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub involvement: Option<Involvement>,
    /// New leverage (`enables`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leverage: Option<Leverage>,
    /// New odds factor (`deploys`, `occurs_in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub odds_factor: Option<f64>,
    /// New effectiveness (`mitigates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub effectiveness: Option<f64>,
}

/// What applying a scenario gives: the changed graph, its register and how the register moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScenarioOutcome {
    /// The graph after the changes.
    pub graph: RiskGraph,
    /// Its register.
    pub register: RiskRegister,
    /// How it differs from the base graph's register.
    pub diff: RegisterDiff,
}

/// How a register differs from a base register. Path risks and aggregated risks are compared
/// with their counterparts by [`RiskKey`]; every list is sorted by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RegisterDiff {
    /// Risks only in the new register.
    pub added: Vec<RiskChange>,
    /// Risks only in the base register.
    pub removed: Vec<RiskChange>,
    /// Risks in both whose rank, tier, priority or likelihood changed.
    pub moved: Vec<RiskChange>,
    /// How many risks are in both and did not change.
    pub unchanged: usize,
}

/// One risk's position before and after.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RiskChange {
    /// The risk.
    pub key: RiskKey,
    /// Before: absent for an added risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Standing>,
    /// After: absent for a removed risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Standing>,
    /// Places moved up the ranking (negative: down); 0 for added and removed risks.
    pub rank_change: i64,
    /// Priority after minus priority before; 0 for added and removed risks.
    pub priority_change: f64,
}

/// Where a risk stands in one register.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Standing {
    /// Its rank, from 1.
    pub rank: u32,
    /// Its tier.
    pub tier: Tier,
    /// Its priority.
    pub priority: f64,
    /// Its likelihood.
    pub likelihood: f64,
}

impl Scenario {
    /// Reads a scenario from JSON text: limits, syntax, typed parsing, then
    /// [`validate`](Scenario::validate).
    pub fn from_json(text: &str, limits: &Limits) -> Result<Scenario, Problems> {
        let value = super::check::read_value(text, limits)?;
        let scenario: Scenario = super::check::parse_typed(value, &["changes"])?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Checks what can be checked without a base graph: a node or edge removed twice, values out
    /// of range.
    ///
    /// ```
    /// use hrdd::risk::Scenario;
    /// let scenario: Scenario = serde_json::from_str(r#"{"document": "scenario", "changes": [
    ///   {"kind": "remove_node", "id": "a"}, {"kind": "remove_node", "id": "a"}]}"#).unwrap();
    /// let problems = scenario.validate().unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/changes/1/id");
    /// ```
    pub fn validate(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        let mut removed_nodes: HashMap<&NodeId, usize> = HashMap::new();
        let mut removed_edges: HashMap<(EdgeKind, &NodeId, &NodeId), usize> = HashMap::new();
        for (n, change) in self.changes.iter().enumerate() {
            let at = format!("/changes/{n}");
            match change {
                Change::RemoveNode { id } => {
                    if let Some(first) = removed_nodes.insert(id, n) {
                        problems.push(
                            Stage::Semantic,
                            format!("{at}/id"),
                            format!("node `{id}` is removed twice (first at /changes/{first})"),
                        );
                    }
                }
                Change::RemoveEdge { edge, from, to } => {
                    if let Some(first) = removed_edges.insert((*edge, from, to), n) {
                        problems.push(
                            Stage::Semantic,
                            at,
                            format!(
                                "the `{}` edge from `{from}` to `{to}` is removed twice (first at /changes/{first})",
                                edge.as_str()
                            ),
                        );
                    }
                }
                Change::UpdateEdge(update) => check_update(&mut problems, &at, update),
                Change::AddMitigation { effectiveness, .. } => {
                    check_unit(&mut problems, format!("{at}/effectiveness"), *effectiveness);
                }
                Change::AddNode { .. } | Change::AddEdge { .. } => {}
            }
        }
        problems.into_result(())
    }

    /// Applies the scenario to `base` and validates the result. Problems point into the
    /// scenario (`/changes/<n>/...`) when a change caused them.
    pub fn apply(&self, base: &RiskGraph) -> Result<RiskGraph, Problems> {
        self.apply_with(base, &super::check::Catalog)
            .map(|(graph, _)| graph.into_graph())
    }

    pub(crate) fn apply_with(
        &self,
        base: &RiskGraph,
        vocabulary: &dyn Vocabulary,
    ) -> Result<(CheckedRiskGraph, ()), Problems> {
        self.validate()?;
        let mut state = State::new(base);
        let mut problems = Problems::new();
        for (n, change) in self.changes.iter().enumerate() {
            state.apply(&mut problems, n, change);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (graph, node_origin, edge_origin) = state.finish(base);
        graph.compile(vocabulary).map(|g| (g, ())).map_err(|found| {
            found
                .into_iter()
                .map(|p| {
                    let pointer = remap(&p.pointer, &node_origin, &edge_origin);
                    crate::error::Problem::new(p.stage, pointer, p.message)
                })
                .collect::<Vec<_>>()
                .into()
        })
    }
}

impl CheckedRiskGraph {
    /// Applies `scenario` to this graph and ranks the result under `profile`, with the
    /// difference from this graph's register.
    ///
    /// Takes the scenario and profile; returns the new graph, its register and the diff, or
    /// every problem the changes cause. Costs one analysis of each graph plus
    /// `O(P log P)` to match the `P` risks by key.
    pub fn run_scenario(
        &self,
        scenario: &Scenario,
        profile: &PrioritisationProfile,
    ) -> Result<ScenarioOutcome, Problems> {
        self.run_scenario_with(scenario, profile, &super::check::Catalog)
    }

    pub(crate) fn run_scenario_with(
        &self,
        scenario: &Scenario,
        profile: &PrioritisationProfile,
        vocabulary: &dyn Vocabulary,
    ) -> Result<ScenarioOutcome, Problems> {
        let (changed, ()) = scenario.apply_with(self.graph(), vocabulary)?;
        let before = self.analyse(profile);
        let register = changed.analyse(profile);
        let diff = RegisterDiff::between(&before, &register);
        Ok(ScenarioOutcome {
            graph: changed.into_graph(),
            register,
            diff,
        })
    }
}

impl RegisterDiff {
    /// The difference from `before` to `after`.
    pub fn between(before: &RiskRegister, after: &RiskRegister) -> RegisterDiff {
        let standing = |r: &super::register::Risk| Standing {
            rank: r.rank,
            tier: r.tier,
            priority: r.priority,
            likelihood: r.likelihood,
        };
        let index = |register: &RiskRegister| -> HashMap<RiskKey, Standing> {
            register
                .risks()
                .chain(register.aggregates())
                .map(|r| (r.key.clone(), standing(&r)))
                .collect()
        };
        let (old, new) = (index(before), index(after));
        let mut diff = RegisterDiff::default();
        for (key, b) in &old {
            match new.get(key) {
                None => diff.removed.push(RiskChange {
                    key: key.clone(),
                    before: Some(*b),
                    after: None,
                    rank_change: 0,
                    priority_change: 0.0,
                }),
                Some(a) if a == b => diff.unchanged += 1,
                Some(a) => diff.moved.push(RiskChange {
                    key: key.clone(),
                    before: Some(*b),
                    after: Some(*a),
                    rank_change: i64::from(b.rank) - i64::from(a.rank),
                    priority_change: a.priority - b.priority,
                }),
            }
        }
        for (key, a) in &new {
            if !old.contains_key(key) {
                diff.added.push(RiskChange {
                    key: key.clone(),
                    before: None,
                    after: Some(*a),
                    rank_change: 0,
                    priority_change: 0.0,
                });
            }
        }
        for list in [&mut diff.added, &mut diff.removed, &mut diff.moved] {
            list.sort_by(|x, y| x.key.cmp(&y.key));
        }
        diff
    }
}

fn check_unit(problems: &mut Problems, at: String, value: f64) {
    if !value.is_finite() {
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

fn check_update(problems: &mut Problems, at: &str, update: &EdgeUpdate) {
    use EdgeKind as K;
    let kind = update.edge;
    let fields: [(&str, bool, &[EdgeKind]); 8] = [
        (
            "likelihood",
            update.likelihood.is_some(),
            &[K::Enables, K::LeadsTo, K::Impacts],
        ),
        ("severity", update.severity.is_some(), &[K::Impacts]),
        ("groups", update.groups.is_some(), &[K::Impacts]),
        ("source", update.source.is_some(), &[K::Impacts]),
        ("involvement", update.involvement.is_some(), &[K::Enables]),
        ("leverage", update.leverage.is_some(), &[K::Enables]),
        (
            "odds_factor",
            update.odds_factor.is_some(),
            &[K::Deploys, K::OccursIn],
        ),
        (
            "effectiveness",
            update.effectiveness.is_some(),
            &[K::Mitigates],
        ),
    ];
    for (field, given, kinds) in fields {
        if given && !kinds.contains(&kind) {
            problems.push(
                Stage::Semantic,
                format!("{at}/{field}"),
                format!("a `{}` edge has no `{field}`", kind.as_str()),
            );
        }
    }
    if let Some(v) = update.likelihood {
        check_unit(problems, format!("{at}/likelihood"), v);
    }
    if let Some(v) = update.effectiveness {
        check_unit(problems, format!("{at}/effectiveness"), v);
    }
    if let Some(v) = update.odds_factor
        && !(v.is_finite() && v > 0.0)
    {
        {
            problems.push(
                Stage::Semantic,
                format!("{at}/odds_factor"),
                format!("odds factor `{v}` must be a finite number greater than 0"),
            );
        }
    }
}

/// Where an item of the changed graph comes from.
#[derive(Clone)]
enum Origin {
    /// Its position in the base graph.
    Base(usize),
    /// The pointer of the change that added or last changed it.
    Change(String),
}

type EdgeKey = (EdgeKind, NodeId, NodeId);

/// The graph while changes are applied: removed items become `None`.
struct State {
    nodes: Vec<Option<(Node, Origin)>>,
    edges: Vec<Option<(Edge, Origin)>>,
    node_at: HashMap<NodeId, usize>,
    edge_at: HashMap<EdgeKey, usize>,
    removed_by: HashMap<NodeId, usize>,
}

fn key_of(edge: &Edge) -> EdgeKey {
    (edge.kind(), edge.from().clone(), edge.to().clone())
}

impl State {
    fn new(base: &RiskGraph) -> Self {
        let nodes: Vec<_> = base
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| Some((node.clone(), Origin::Base(n))))
            .collect();
        let edges: Vec<_> = base
            .edges
            .iter()
            .enumerate()
            .map(|(n, edge)| Some((edge.clone(), Origin::Base(n))))
            .collect();
        let node_at = base
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| (node.id().clone(), n))
            .collect();
        let edge_at = base
            .edges
            .iter()
            .enumerate()
            .map(|(n, edge)| (key_of(edge), n))
            .collect();
        Self {
            nodes,
            edges,
            node_at,
            edge_at,
            removed_by: HashMap::new(),
        }
    }

    fn add_node(&mut self, problems: &mut Problems, at: String, node: Node, origin: String) {
        if self.node_at.contains_key(node.id()) {
            problems.push(
                Stage::Semantic,
                at,
                format!("node `{}` already exists", node.id()),
            );
            return;
        }
        self.node_at.insert(node.id().clone(), self.nodes.len());
        self.nodes.push(Some((node, Origin::Change(origin))));
    }

    fn add_edge(&mut self, problems: &mut Problems, at: String, edge: Edge, origin: String) {
        let key = key_of(&edge);
        if self.edge_at.contains_key(&key) {
            problems.push(
                Stage::Semantic,
                at,
                format!(
                    "there is already a `{}` edge from `{}` to `{}`",
                    key.0.as_str(),
                    key.1,
                    key.2
                ),
            );
            return;
        }
        self.edge_at.insert(key, self.edges.len());
        self.edges.push(Some((edge, Origin::Change(origin))));
    }

    fn apply(&mut self, problems: &mut Problems, n: usize, change: &Change) {
        let at = format!("/changes/{n}");
        match change {
            Change::AddNode { node } => {
                self.add_node(
                    problems,
                    format!("{at}/node/id"),
                    node.clone(),
                    format!("{at}/node"),
                );
            }
            Change::RemoveNode { id } => {
                let Some(index) = self.node_at.remove(id) else {
                    let message = match self.removed_by.get(id) {
                        Some(first) => {
                            format!("node `{id}` is removed twice (first at /changes/{first})")
                        }
                        None => format!("unknown node `{id}`"),
                    };
                    problems.push(Stage::Semantic, format!("{at}/id"), message);
                    return;
                };
                self.removed_by.insert(id.clone(), n);
                if let Some(slot) = self.nodes.get_mut(index) {
                    *slot = None;
                }
                for slot in &mut self.edges {
                    let touches = slot
                        .as_ref()
                        .is_some_and(|(e, _)| e.from() == id || e.to() == id);
                    if touches && let Some((edge, _)) = slot.take() {
                        self.edge_at.remove(&key_of(&edge));
                    }
                }
            }
            Change::AddEdge { edge } => {
                self.add_edge(
                    problems,
                    format!("{at}/edge"),
                    edge.clone(),
                    format!("{at}/edge"),
                );
            }
            Change::RemoveEdge { edge, from, to } => {
                match self.edge_at.remove(&(*edge, from.clone(), to.clone())) {
                    Some(index) => {
                        if let Some(slot) = self.edges.get_mut(index) {
                            *slot = None;
                        }
                    }
                    None => problems.push(
                        Stage::Semantic,
                        at,
                        format!(
                            "there is no `{}` edge from `{from}` to `{to}`",
                            edge.as_str()
                        ),
                    ),
                }
            }
            Change::UpdateEdge(update) => {
                let key = (update.edge, update.from.clone(), update.to.clone());
                let slot = self
                    .edge_at
                    .get(&key)
                    .and_then(|&index| self.edges.get_mut(index))
                    .and_then(Option::as_mut);
                let Some((edge, origin)) = slot else {
                    problems.push(
                        Stage::Semantic,
                        at,
                        format!(
                            "there is no `{}` edge from `{}` to `{}`",
                            update.edge.as_str(),
                            update.from,
                            update.to
                        ),
                    );
                    return;
                };
                update_edge(edge, update);
                *origin = Origin::Change(at);
            }
            Change::AddMitigation {
                mitigation,
                to,
                effectiveness,
            } => {
                self.add_node(
                    problems,
                    format!("{at}/mitigation/id"),
                    Node::Mitigation(mitigation.clone()),
                    format!("{at}/mitigation"),
                );
                let edge = Edge::Mitigates(Mitigates {
                    from: mitigation.id.clone(),
                    to: to.clone(),
                    effectiveness: *effectiveness,
                    note: None,
                    extensions: Extensions::default(),
                });
                self.add_edge(problems, at.clone(), edge, at);
            }
        }
    }

    /// The changed graph, with the origin of each of its nodes and edges.
    fn finish(self, base: &RiskGraph) -> (RiskGraph, Vec<Origin>, Vec<Origin>) {
        let (nodes, node_origin): (Vec<Node>, Vec<Origin>) =
            self.nodes.into_iter().flatten().unzip();
        let (edges, edge_origin): (Vec<Edge>, Vec<Origin>) =
            self.edges.into_iter().flatten().unzip();
        let mut graph = base.clone();
        graph.nodes = nodes;
        graph.edges = edges;
        (graph, node_origin, edge_origin)
    }
}

fn update_edge(edge: &mut Edge, update: &EdgeUpdate) {
    match edge {
        Edge::Enables(e) => {
            if let Some(v) = update.likelihood {
                e.likelihood = v;
            }
            if let Some(v) = update.involvement {
                e.involvement = v;
            }
            if let Some(v) = update.leverage {
                e.leverage = v;
            }
        }
        Edge::LeadsTo(e) => {
            if let Some(v) = update.likelihood {
                e.likelihood = v;
            }
        }
        Edge::Impacts(e) => {
            if let Some(v) = update.likelihood {
                e.likelihood = v;
            }
            if let Some(v) = update.severity {
                e.severity = v;
            }
            if let Some(v) = &update.groups {
                e.groups = v.clone();
            }
            if let Some(v) = &update.source {
                e.source = v.clone();
            }
        }
        Edge::Deploys(e) | Edge::OccursIn(e) => {
            if let Some(v) = update.odds_factor {
                e.odds_factor = v;
            }
        }
        Edge::Mitigates(e) => {
            if let Some(v) = update.effectiveness {
                e.effectiveness = v;
            }
        }
    }
}

/// Maps a pointer into the changed graph (`/nodes/3/name`, `/edges/7/likelihood`) to the change
/// that made the item, or to the base graph's position with a `/base` prefix.
fn remap(pointer: &str, node_origin: &[Origin], edge_origin: &[Origin]) -> String {
    let mut parts = pointer.splitn(4, '/');
    let (_, list, index) = (parts.next(), parts.next(), parts.next());
    let rest = parts.next().map(|r| format!("/{r}")).unwrap_or_default();
    let origins = match list {
        Some("nodes") => node_origin,
        Some("edges") => edge_origin,
        _ => return pointer.to_owned(),
    };
    let origin = index
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| origins.get(i));
    match (origin, list) {
        (Some(Origin::Change(at)), _) => format!("{at}{rest}"),
        (Some(Origin::Base(i)), Some(list)) => format!("/base/{list}/{i}{rest}"),
        _ => pointer.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::analysis::tests::{checked, sample};
    use crate::risk::check::tests::TestVocabulary;

    fn scenario(changes: serde_json::Value) -> Scenario {
        serde_json::from_value(serde_json::json!({"document": "scenario", "changes": changes}))
            .unwrap()
    }

    fn pointers(problems: &Problems) -> Vec<&str> {
        problems.iter().map(|p| p.pointer.as_str()).collect()
    }

    #[test]
    fn removing_a_node_twice_is_reported_by_validate_and_apply() {
        let s = scenario(serde_json::json!([
            {"kind": "remove_node", "id": "a"}, {"kind": "remove_node", "id": "a"}]));
        let problems = s.validate().unwrap_err();
        assert_eq!(pointers(&problems), ["/changes/1/id"]);
        assert!(problems.to_string().contains("removed twice"));
    }

    #[test]
    fn unknown_targets_and_wrong_fields() {
        let s = scenario(serde_json::json!([
            {"kind": "remove_node", "id": "ghost"},
            {"kind": "remove_edge", "edge": "enables", "from": "t", "to": "c"},
            {"kind": "update_edge", "edge": "enables", "from": "t", "to": "a", "odds_factor": 2.0},
            {"kind": "add_node", "node": {"kind": "end_use", "id": "a", "name": "again"}}]));
        let base = checked(sample());
        let problems = s.apply_with(base.graph(), &TestVocabulary).unwrap_err();
        // The field problem is found by validate, before anything is applied.
        assert_eq!(pointers(&problems), ["/changes/2/odds_factor"]);
        let s = scenario(serde_json::json!([
            {"kind": "remove_node", "id": "ghost"},
            {"kind": "remove_edge", "edge": "enables", "from": "t", "to": "c"},
            {"kind": "add_node", "node": {"kind": "end_use", "id": "a", "name": "again"}}]));
        let problems = s.apply_with(base.graph(), &TestVocabulary).unwrap_err();
        assert_eq!(
            pointers(&problems),
            ["/changes/0/id", "/changes/1", "/changes/2/node/id"]
        );
    }

    #[test]
    fn problems_of_the_result_point_at_the_change() {
        let s = scenario(serde_json::json!([
            {"kind": "add_edge", "edge": {"kind": "leads_to", "from": "c", "to": "a", "likelihood": 0.5}},
            {"kind": "add_mitigation", "mitigation": {"id": "m2", "name": "M2"}, "to": "r", "effectiveness": 0.5}]));
        let base = checked(sample());
        let problems = s.apply_with(base.graph(), &TestVocabulary).unwrap_err();
        let found = pointers(&problems);
        assert!(found.contains(&"/changes/1/to"), "{found:?}");
        assert!(found.contains(&"/changes/0/edge"), "{found:?}"); // the cycle a -> c -> a
    }

    #[test]
    fn diff_of_removing_an_end_use_and_mitigating() {
        let s = scenario(serde_json::json!([
            {"kind": "remove_node", "id": "c"},
            {"kind": "add_mitigation", "mitigation": {"id": "m2", "name": "M2"}, "to": "b", "effectiveness": 0.5}]));
        let base = checked(sample());
        let outcome = base
            .run_scenario_with(&s, &PrioritisationProfile::default(), &TestVocabulary)
            .unwrap();
        // Path t-c-r is gone; nothing is added.
        assert_eq!(outcome.diff.removed.len(), 1);
        assert_eq!(
            outcome.diff.removed[0]
                .key
                .end_use
                .as_ref()
                .map(NodeId::as_str),
            Some("c")
        );
        assert!(outcome.diff.added.is_empty());
        // b: 0.25 halved to 0.125 (priority 5.25 -> 5.125, still top and first);
        // a: from rank 3 to rank 2, priority unchanged; the aggregate changes likelihood.
        let b = outcome
            .diff
            .moved
            .iter()
            .find(|m| m.key.end_use.as_ref().map(NodeId::as_str) == Some("b"))
            .unwrap();
        assert!((b.priority_change + 0.125).abs() < 1e-12);
        let a = outcome
            .diff
            .moved
            .iter()
            .find(|m| m.key.end_use.as_ref().map(NodeId::as_str) == Some("a"))
            .unwrap();
        assert_eq!(a.rank_change, 1);
        assert_eq!(outcome.diff.moved.len(), 3);
        assert_eq!(outcome.diff.unchanged, 0);
    }
}
