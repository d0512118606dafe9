//! The risk graph document: typed nodes and typed edges.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions};
use crate::id::{GroupId, NodeId, RightId};

pub(crate) mod tags {
    crate::document::tag!(RiskGraph, "risk_graph");
    crate::document::tag!(RiskRegister, "risk_register");
    crate::document::tag!(Scenario, "scenario");
}

/// A risk graph: technologies, the end-uses they enable, the rights those end-uses can harm, and
/// the actors, contexts and mitigations that make harm more or less likely (DESIGN §3).
///
/// The graph is a JSON document:
///
/// ```
/// use hrdd::risk::RiskGraph;
/// let graph: RiskGraph = serde_json::from_str(r#"{
///   "document": "risk_graph",
///   "title": "Face search sold to police",
///   "nodes": [
///     {"kind": "technology", "id": "face-search", "name": "Face search API"},
///     {"kind": "end_use", "id": "protest-identification", "name": "Identifying protesters"},
///     {"kind": "right", "id": "privacy", "name": "Privacy", "right": "privacy"},
///     {"kind": "actor", "id": "police", "name": "Police force"},
///     {"kind": "context", "id": "weak-rule-of-law", "name": "Weak rule of law"},
///     {"kind": "mitigation", "id": "use-policy", "name": "Acceptable use policy with audits"}
///   ],
///   "edges": [
///     {"kind": "enables", "from": "face-search", "to": "protest-identification",
///      "likelihood": 0.3, "involvement": "contribute", "leverage": "medium"},
///     {"kind": "impacts", "from": "protest-identification", "to": "privacy",
///      "severity": {"scale": 4, "scope": 4, "irremediability": 3}, "likelihood": 0.9,
///      "groups": ["human-rights-defenders"], "source": "B-Tech, end-use foundational paper (2020)"},
///     {"kind": "deploys", "from": "police", "to": "protest-identification", "odds_factor": 2.0},
///     {"kind": "occurs_in", "from": "protest-identification", "to": "weak-rule-of-law", "odds_factor": 1.5},
///     {"kind": "mitigates", "from": "use-policy", "to": "protest-identification", "effectiveness": 0.4}
///   ]
/// }"#).unwrap();
/// assert_eq!(graph.nodes.len(), 6);
/// assert_eq!(graph.edges.len(), 5);
/// ```
///
/// # Edges and what they mean
///
/// | kind | from | to | attributes |
/// |---|---|---|---|
/// | `enables` | technology | end-use | `likelihood` that the technology is put to this use; the company's `involvement` and `leverage` |
/// | `leads_to` | end-use | end-use | `likelihood` that the first use leads to the second (the end-uses must not form a cycle) |
/// | `impacts` | end-use | right | `severity`, `likelihood` of the impact given the use, affected `groups`, `source` |
/// | `deploys` | actor | end-use | `odds_factor`: how much the actor changes the odds of the use |
/// | `occurs_in` | end-use | context | `odds_factor`: how much the context changes the odds of the use |
/// | `mitigates` | mitigation | technology or end-use | `effectiveness` in `[0, 1]` |
///
/// How these combine into the likelihood of a risk is set out in [`crate::risk`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RiskGraph {
    /// Always `"risk_graph"`.
    pub document: DocumentTag<tags::RiskGraph>,
    /// What the graph models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A longer description: scope, assumptions, who made it and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The nodes; ids are unique across all kinds.
    pub nodes: Vec<Node>,
    /// The edges; at most one edge of a kind between two nodes.
    pub edges: Vec<Edge>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl RiskGraph {
    /// An empty graph, to fill in from code.
    pub fn new(nodes: Vec<Node>, edges: Vec<Edge>) -> Self {
        Self {
            document: DocumentTag::default(),
            title: None,
            description: None,
            nodes,
            edges,
            extensions: Extensions::default(),
        }
    }
}

/// A node of the risk graph, tagged by its `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Node {
    /// A technology, product or service the company provides.
    Technology(Entity),
    /// A use the technology can be put to, by the company or by others.
    EndUse(Entity),
    /// A human right that an end-use can harm.
    Right(RightNode),
    /// Who deploys an end-use: a security agency, an employer, a platform.
    Actor(Entity),
    /// Where an end-use happens: a conflict-affected area, a place with weak rule of law.
    Context(Entity),
    /// A measure that lowers the likelihood of harm: terms of use, a technical safeguard,
    /// customer due diligence, restricted access.
    Mitigation(Entity),
}

/// The kind of a node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeKind {
    /// See [`Node::Technology`].
    Technology,
    /// See [`Node::EndUse`].
    EndUse,
    /// See [`Node::Right`].
    Right,
    /// See [`Node::Actor`].
    Actor,
    /// See [`Node::Context`].
    Context,
    /// See [`Node::Mitigation`].
    Mitigation,
}

impl NodeKind {
    /// The name used in documents, such as `end_use`.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Technology => "technology",
            NodeKind::EndUse => "end_use",
            NodeKind::Right => "right",
            NodeKind::Actor => "actor",
            NodeKind::Context => "context",
            NodeKind::Mitigation => "mitigation",
        }
    }
}

/// What every node but a right carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Entity {
    /// The node's id, unique in the graph.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Entity {
    /// An entity with an id and a name.
    pub fn new(id: NodeId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            description: None,
            extensions: Extensions::default(),
        }
    }
}

/// A right node: a right of the catalog ([`crate::catalog::right`]) as it appears in this graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RightNode {
    /// The node's id, unique in the graph (often the same as the right's id).
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// What this node stands for, if narrower than the right (for example "privacy of workers").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The catalog right.
    pub right: RightId,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl RightNode {
    /// A right node for catalog right `right`.
    pub fn new(id: NodeId, name: impl Into<String>, right: RightId) -> Self {
        Self {
            id,
            name: name.into(),
            description: None,
            right,
            extensions: Extensions::default(),
        }
    }
}

impl Node {
    /// The node's id.
    pub fn id(&self) -> &NodeId {
        match self {
            Node::Technology(e)
            | Node::EndUse(e)
            | Node::Actor(e)
            | Node::Context(e)
            | Node::Mitigation(e) => &e.id,
            Node::Right(r) => &r.id,
        }
    }

    /// The node's name.
    pub fn name(&self) -> &str {
        match self {
            Node::Technology(e)
            | Node::EndUse(e)
            | Node::Actor(e)
            | Node::Context(e)
            | Node::Mitigation(e) => &e.name,
            Node::Right(r) => &r.name,
        }
    }

    /// The node's description, if any.
    pub fn description(&self) -> Option<&str> {
        match self {
            Node::Technology(e)
            | Node::EndUse(e)
            | Node::Actor(e)
            | Node::Context(e)
            | Node::Mitigation(e) => e.description.as_deref(),
            Node::Right(r) => r.description.as_deref(),
        }
    }

    /// The node's kind.
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Technology(_) => NodeKind::Technology,
            Node::EndUse(_) => NodeKind::EndUse,
            Node::Right(_) => NodeKind::Right,
            Node::Actor(_) => NodeKind::Actor,
            Node::Context(_) => NodeKind::Context,
            Node::Mitigation(_) => NodeKind::Mitigation,
        }
    }
}

/// An edge of the risk graph, tagged by its `kind`. See [`RiskGraph`] for what each kind joins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Edge {
    /// A technology enables an end-use.
    Enables(Enables),
    /// An end-use leads to another end-use.
    LeadsTo(LeadsTo),
    /// An end-use can harm a right.
    Impacts(Impact),
    /// An actor deploys an end-use.
    Deploys(Modifier),
    /// An end-use occurs in a context.
    OccursIn(Modifier),
    /// A mitigation applies to a technology or an end-use.
    Mitigates(Mitigates),
}

/// The kind of an edge.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EdgeKind {
    /// See [`Edge::Enables`].
    Enables,
    /// See [`Edge::LeadsTo`].
    LeadsTo,
    /// See [`Edge::Impacts`].
    Impacts,
    /// See [`Edge::Deploys`].
    Deploys,
    /// See [`Edge::OccursIn`].
    OccursIn,
    /// See [`Edge::Mitigates`].
    Mitigates,
}

impl EdgeKind {
    /// The name used in documents, such as `occurs_in`.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Enables => "enables",
            EdgeKind::LeadsTo => "leads_to",
            EdgeKind::Impacts => "impacts",
            EdgeKind::Deploys => "deploys",
            EdgeKind::OccursIn => "occurs_in",
            EdgeKind::Mitigates => "mitigates",
        }
    }

    /// The kinds of node this kind of edge may start at and end at.
    pub fn endpoints(self) -> (&'static [NodeKind], &'static [NodeKind]) {
        use NodeKind as K;
        match self {
            EdgeKind::Enables => (&[K::Technology], &[K::EndUse]),
            EdgeKind::LeadsTo => (&[K::EndUse], &[K::EndUse]),
            EdgeKind::Impacts => (&[K::EndUse], &[K::Right]),
            EdgeKind::Deploys => (&[K::Actor], &[K::EndUse]),
            EdgeKind::OccursIn => (&[K::EndUse], &[K::Context]),
            EdgeKind::Mitigates => (&[K::Mitigation], &[K::Technology, K::EndUse]),
        }
    }
}

impl Edge {
    /// The edge's kind.
    pub fn kind(&self) -> EdgeKind {
        match self {
            Edge::Enables(_) => EdgeKind::Enables,
            Edge::LeadsTo(_) => EdgeKind::LeadsTo,
            Edge::Impacts(_) => EdgeKind::Impacts,
            Edge::Deploys(_) => EdgeKind::Deploys,
            Edge::OccursIn(_) => EdgeKind::OccursIn,
            Edge::Mitigates(_) => EdgeKind::Mitigates,
        }
    }

    /// The node the edge starts at.
    pub fn from(&self) -> &NodeId {
        match self {
            Edge::Enables(e) => &e.from,
            Edge::LeadsTo(e) => &e.from,
            Edge::Impacts(e) => &e.from,
            Edge::Deploys(e) | Edge::OccursIn(e) => &e.from,
            Edge::Mitigates(e) => &e.from,
        }
    }

    /// The node the edge ends at.
    pub fn to(&self) -> &NodeId {
        match self {
            Edge::Enables(e) => &e.to,
            Edge::LeadsTo(e) => &e.to,
            Edge::Impacts(e) => &e.to,
            Edge::Deploys(e) | Edge::OccursIn(e) => &e.to,
            Edge::Mitigates(e) => &e.to,
        }
    }

    /// The edge's extension data.
    pub fn extensions(&self) -> &Extensions {
        match self {
            Edge::Enables(e) => &e.extensions,
            Edge::LeadsTo(e) => &e.extensions,
            Edge::Impacts(e) => &e.extensions,
            Edge::Deploys(e) | Edge::OccursIn(e) => &e.extensions,
            Edge::Mitigates(e) => &e.extensions,
        }
    }
}

/// A technology enables an end-use, with the company's involvement and leverage for the risks
/// that follow from it.
///
/// Involvement and leverage are recorded here, on the relationship between the company's
/// technology and the use made of it, because that is what they describe under Principles 13
/// and 19: whether the company's own product or service causes, contributes to or is directly
/// linked to harm through this use, and how far it can change what the user of the product does.
/// One end-use reached by two of the company's technologies can thus carry different
/// involvement (the company customised one for the use, merely sold the other).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Enables {
    /// The technology.
    pub from: NodeId,
    /// The end-use.
    pub to: NodeId,
    /// The likelihood, in `[0, 1]`, that the technology is put to this use.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub likelihood: f64,
    /// How the company is involved in harm arising from this use.
    pub involvement: Involvement,
    /// The company's leverage over those who carry out the use.
    pub leverage: Leverage,
    /// Why these values: evidence, assumptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Enables {
    /// An `enables` edge with no note.
    pub fn new(
        from: NodeId,
        to: NodeId,
        likelihood: f64,
        involvement: Involvement,
        leverage: Leverage,
    ) -> Self {
        Self {
            from,
            to,
            likelihood,
            involvement,
            leverage,
            note: None,
            extensions: Extensions::default(),
        }
    }
}

/// One end-use leads to another (for example, bulk location data collection leads to tracking
/// individuals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LeadsTo {
    /// The first end-use.
    pub from: NodeId,
    /// The end-use it leads to.
    pub to: NodeId,
    /// The likelihood, in `[0, 1]`, that the first use leads to the second.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub likelihood: f64,
    /// Why these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl LeadsTo {
    /// A `leads_to` edge with no note.
    pub fn new(from: NodeId, to: NodeId, likelihood: f64) -> Self {
        Self {
            from,
            to,
            likelihood,
            note: None,
            extensions: Extensions::default(),
        }
    }
}

/// An end-use can harm a right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Impact {
    /// The end-use.
    pub from: NodeId,
    /// The right node.
    pub to: NodeId,
    /// How severe the harm would be.
    pub severity: Severity,
    /// The likelihood, in `[0, 1]`, that the use harms the right.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub likelihood: f64,
    /// Groups of people at heightened risk from this harm (catalog group ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupId>,
    /// The document the edge rests on; required and not blank.
    #[schemars(length(min = 1))]
    pub source: String,
    /// Why these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Impact {
    /// An `impacts` edge with no affected group and no note.
    pub fn new(
        from: NodeId,
        to: NodeId,
        severity: Severity,
        likelihood: f64,
        source: impl Into<String>,
    ) -> Self {
        Self {
            from,
            to,
            severity,
            likelihood,
            groups: Vec::new(),
            source: source.into(),
            note: None,
            extensions: Extensions::default(),
        }
    }
}

/// An actor or a context that changes the odds of an end-use.
///
/// The odds factor `k` multiplies the odds `p / (1 - p)` of the end-use: `k > 1` makes the use
/// more likely, `k < 1` less likely, `k = 1` changes nothing. Multiplying odds keeps every
/// likelihood in `[0, 1]`, leaves 0 and 1 where they are, and composes: two factors act as their
/// product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Modifier {
    /// The actor (for `deploys`) or the end-use (for `occurs_in`).
    pub from: NodeId,
    /// The end-use (for `deploys`) or the context (for `occurs_in`).
    pub to: NodeId,
    /// The factor on the odds of the end-use; finite and above 0.
    #[schemars(range(min = 0.0))]
    pub odds_factor: f64,
    /// Why this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Modifier {
    /// A `deploys` or `occurs_in` edge with no note.
    pub fn new(from: NodeId, to: NodeId, odds_factor: f64) -> Self {
        Self {
            from,
            to,
            odds_factor,
            note: None,
            extensions: Extensions::default(),
        }
    }
}

/// A mitigation applies to a technology (every use of it) or to one end-use.
///
/// It multiplies the likelihood by `1 - effectiveness`, after actors and contexts, so adding a
/// mitigation never raises a risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Mitigates {
    /// The mitigation.
    pub from: NodeId,
    /// The technology or end-use.
    pub to: NodeId,
    /// The share of the likelihood it removes, in `[0, 1]`.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub effectiveness: f64,
    /// Why this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Mitigates {
    /// A `mitigates` edge with no note.
    pub fn new(from: NodeId, to: NodeId, effectiveness: f64) -> Self {
        Self {
            from,
            to,
            effectiveness,
            note: None,
            extensions: Extensions::default(),
        }
    }
}

/// How severe a harm would be (Principle 14 commentary): scale (how grave), scope (how many
/// people) and irremediability (how hard to restore those affected), each 1 (least) to 5 (most).
///
/// Irremediability 5 means those affected cannot be restored to their prior situation (loss of
/// life, torture, irreversible exposure of a persecuted person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Severity {
    /// How grave the harm is, 1..=5.
    #[schemars(range(min = 1, max = 5))]
    pub scale: u8,
    /// How many people it reaches, 1..=5.
    #[schemars(range(min = 1, max = 5))]
    pub scope: u8,
    /// How hard it is to put right, 1..=5.
    #[schemars(range(min = 1, max = 5))]
    pub irremediability: u8,
}

impl Severity {
    /// A severity; components outside 1..=5 are reported by validation.
    pub fn new(scale: u8, scope: u8, irremediability: u8) -> Self {
        Self {
            scale,
            scope,
            irremediability,
        }
    }

    /// Severity points: `scale + scope + irremediability - 3`, from 0 to 12. Monotonic in each
    /// component.
    pub fn points(self) -> u8 {
        (self.scale.saturating_add(self.scope))
            .saturating_add(self.irremediability)
            .saturating_sub(3)
    }

    /// Whether each component is at least that of `other`.
    pub fn dominates(self, other: Severity) -> bool {
        self.scale >= other.scale
            && self.scope >= other.scope
            && self.irremediability >= other.irremediability
    }

    /// Whether the harm is irremediable (irremediability 5) and of high scale (4 or 5): such a
    /// risk is in the top tier whatever its likelihood (Principle 24).
    pub fn is_grave_and_irremediable(self) -> bool {
        self.irremediability >= 5 && self.scale >= 4
    }
}

/// How the company is involved in an adverse impact (Principles 13, 17 and 19).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Involvement {
    /// The impact is linked to its products or services by a business relationship, without the
    /// company causing or contributing to it.
    DirectlyLinked,
    /// The company contributes to the impact (for example by customising or marketing a product
    /// for the harmful use, or ignoring warning signs).
    Contribute,
    /// The company's own activities cause the impact.
    Cause,
}

impl Involvement {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Involvement::DirectlyLinked => "directly_linked",
            Involvement::Contribute => "contribute",
            Involvement::Cause => "cause",
        }
    }
}

/// The company's ability to change the practices of those who cause the harm (Principle 19).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Leverage {
    /// None.
    None,
    /// Little.
    Low,
    /// Some.
    Medium,
    /// Much.
    High,
}

impl Leverage {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Leverage::None => "none",
            Leverage::Low => "low",
            Leverage::Medium => "medium",
            Leverage::High => "high",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_reject_unknown_fields_and_keep_extensions() {
        let bad = r#"{"kind": "deploys", "from": "a", "to": "b", "odds_factor": 2, "colour": 1}"#;
        assert!(serde_json::from_str::<Edge>(bad).is_err());
        let good = r#"{"kind": "deploys", "from": "a", "to": "b", "odds_factor": 2.0, "extensions": {"x": [1]}}"#;
        let edge: Edge = serde_json::from_str(good).unwrap();
        assert_eq!(edge.kind(), EdgeKind::Deploys);
        assert_eq!(edge.extensions().0.get("x"), Some(&serde_json::json!([1])));
        let back = serde_json::to_value(&edge).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(good).unwrap()
        );
    }

    #[test]
    fn nodes_reject_unknown_fields() {
        let bad = r#"{"kind": "technology", "id": "a", "name": "A", "right": "privacy"}"#;
        assert!(serde_json::from_str::<Node>(bad).is_err());
        let right = r#"{"kind": "right", "id": "p", "name": "P", "right": "privacy"}"#;
        let node: Node = serde_json::from_str(right).unwrap();
        assert_eq!(node.kind(), NodeKind::Right);
        assert_eq!(node.id().as_str(), "p");
    }

    #[test]
    fn severity_points_by_hand() {
        // 4 + 2 + 5 - 3 = 8
        assert_eq!(Severity::new(4, 2, 5).points(), 8);
        assert_eq!(Severity::new(1, 1, 1).points(), 0);
        assert_eq!(Severity::new(5, 5, 5).points(), 12);
        assert!(Severity::new(4, 1, 5).is_grave_and_irremediable());
        assert!(!Severity::new(3, 5, 5).is_grave_and_irremediable());
        assert!(!Severity::new(5, 5, 4).is_grave_and_irremediable());
    }
}
