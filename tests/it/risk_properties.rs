//! The risk-ranking rules of DESIGN §4 as properties, on generated bounded graphs with finite
//! values; and the invalid risk fixtures read through `RiskGraph::from_json` and
//! `Scenario::from_json`.

use std::collections::BTreeMap;

use hrdd::risk::{
    Edge, Enables, Entity, Impact, Involvement, LeadsTo, Leverage, Mitigates, Modifier, Node,
    PrioritisationProfile, RightNode, RiskGraph, RiskRegister, Scenario, Severity, Tier,
};
use hrdd::{GroupId, Limits, NodeId, RightId};
use proptest::prelude::*;

fn id(text: &str) -> NodeId {
    NodeId::new(text).unwrap()
}

const RIGHTS: [&str; 4] = [
    "privacy",
    "life",
    "non-discrimination",
    "opinion-expression",
];
const GROUPS: [&str; 3] = ["children", "women", "human-rights-defenders"];

fn profiles() -> Vec<PrioritisationProfile> {
    vec![
        PrioritisationProfile::default(),
        PrioritisationProfile::risk_matrix(3).unwrap(),
        PrioritisationProfile::risk_matrix(5).unwrap(),
        PrioritisationProfile::risk_matrix(7).unwrap(),
    ]
}

fn severity() -> impl Strategy<Value = Severity> {
    (1u8..=5, 1u8..=5, 1u8..=5).prop_map(|(a, b, c)| Severity::new(a, b, c))
}

fn involvement() -> impl Strategy<Value = Involvement> {
    prop_oneof![
        Just(Involvement::Cause),
        Just(Involvement::Contribute),
        Just(Involvement::DirectlyLinked)
    ]
}

fn leverage() -> impl Strategy<Value = Leverage> {
    prop_oneof![
        Just(Leverage::None),
        Just(Leverage::Low),
        Just(Leverage::Medium),
        Just(Leverage::High)
    ]
}

/// What a generated graph is made of, before it is turned into a document.
#[derive(Debug, Clone)]
struct Shape {
    technologies: usize,
    end_uses: usize,
    rights: usize,
    enables: Vec<(usize, usize, f64, Involvement, Leverage)>,
    leads_to: Vec<(usize, usize, f64)>,
    impacts: Vec<(usize, usize, Severity, f64, usize)>,
    modifiers: Vec<(usize, bool, f64)>,
    mitigations: Vec<(bool, usize, f64)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (1usize..4, 1usize..7, 1usize..5).prop_flat_map(|(t, e, r)| {
        (
            prop::collection::vec((0..t, 0..e, 0.0f64..=1.0, involvement(), leverage()), 0..12),
            prop::collection::vec((0..e, 0..e, 0.0f64..=1.0), 0..5),
            prop::collection::vec((0..e, 0..r, severity(), 0.0f64..=1.0, 0..3usize), 0..14),
            prop::collection::vec((0..e, any::<bool>(), 0.05f64..20.0), 0..4),
            prop::collection::vec((any::<bool>(), 0..t.max(e), 0.0f64..=1.0), 0..3),
        )
            .prop_map(
                move |(enables, leads_to, impacts, modifiers, mitigations)| Shape {
                    technologies: t,
                    end_uses: e,
                    rights: r,
                    enables,
                    // Only forward links, so end-uses never form a cycle.
                    leads_to: leads_to.into_iter().filter(|(a, b, _)| a < b).collect(),
                    impacts,
                    modifiers,
                    mitigations,
                },
            )
    })
}

fn build(shape: &Shape) -> RiskGraph {
    let mut nodes = Vec::new();
    for t in 0..shape.technologies {
        nodes.push(Node::Technology(Entity::new(id(&format!("t{t}")), "T")));
    }
    for e in 0..shape.end_uses {
        nodes.push(Node::EndUse(Entity::new(id(&format!("e{e}")), "E")));
    }
    for r in 0..shape.rights {
        let right = RightId::new(RIGHTS[r % RIGHTS.len()]).unwrap();
        nodes.push(Node::Right(RightNode::new(
            id(&format!("r{r}")),
            "R",
            right,
        )));
    }
    nodes.push(Node::Actor(Entity::new(id("actor"), "A")));
    nodes.push(Node::Context(Entity::new(id("context"), "C")));
    let mut edges: BTreeMap<(u8, String, String), Edge> = BTreeMap::new();
    let mut put = |kind: u8, edge: Edge| {
        let key = (kind, edge.from().to_string(), edge.to().to_string());
        edges.entry(key).or_insert(edge);
    };
    for &(t, e, p, i, l) in &shape.enables {
        put(
            0,
            Edge::Enables(enables(&format!("t{t}"), &format!("e{e}"), p, i, l)),
        );
    }
    for &(a, b, p) in &shape.leads_to {
        put(
            1,
            Edge::LeadsTo(leads_to(&format!("e{a}"), &format!("e{b}"), p)),
        );
    }
    for &(e, r, s, p, g) in &shape.impacts {
        put(
            2,
            Edge::Impacts(impact(&format!("e{e}"), &format!("r{r}"), s, p, g)),
        );
    }
    for &(e, deploys, k) in &shape.modifiers {
        let edge = if deploys {
            Edge::Deploys(modifier("actor", &format!("e{e}"), k))
        } else {
            Edge::OccursIn(modifier(&format!("e{e}"), "context", k))
        };
        put(3, edge);
    }
    let mut graph = RiskGraph::new(nodes, edges.into_values().collect());
    for (n, &(on_technology, target, effectiveness)) in shape.mitigations.iter().enumerate() {
        let to = if on_technology {
            format!("t{}", target % shape.technologies)
        } else {
            format!("e{}", target % shape.end_uses)
        };
        add_mitigation(&mut graph, &format!("m{n}"), &to, effectiveness);
    }
    graph
}

fn enables(from: &str, to: &str, p: f64, i: Involvement, l: Leverage) -> Enables {
    serde_json::from_value(serde_json::json!({
        "from": from, "to": to, "likelihood": p, "involvement": i, "leverage": l}))
    .unwrap()
}

fn leads_to(from: &str, to: &str, p: f64) -> LeadsTo {
    serde_json::from_value(serde_json::json!({"from": from, "to": to, "likelihood": p})).unwrap()
}

fn impact(from: &str, to: &str, s: Severity, p: f64, group: usize) -> Impact {
    serde_json::from_value(serde_json::json!({
        "from": from, "to": to, "severity": s, "likelihood": p,
        "groups": [GROUPS[group % GROUPS.len()]], "source": format!("source of {from}")}))
    .unwrap()
}

fn modifier(from: &str, to: &str, k: f64) -> Modifier {
    serde_json::from_value(serde_json::json!({"from": from, "to": to, "odds_factor": k})).unwrap()
}

fn add_mitigation(graph: &mut RiskGraph, name: &str, to: &str, effectiveness: f64) {
    graph
        .nodes
        .push(Node::Mitigation(Entity::new(id(name), "M")));
    let edge: Mitigates = serde_json::from_value(
        serde_json::json!({"from": name, "to": to, "effectiveness": effectiveness}),
    )
    .unwrap();
    graph.edges.push(Edge::Mitigates(edge));
}

fn analyse(graph: &RiskGraph, profile: &PrioritisationProfile) -> RiskRegister {
    graph
        .clone()
        .check()
        .unwrap_or_else(|p| panic!("{p}"))
        .analyse(profile)
}

/// Path risks by (technology, end-use, right) and aggregates by (technology, right).
fn by_key(register: &RiskRegister) -> BTreeMap<String, hrdd::risk::Risk> {
    register
        .risks()
        .chain(register.aggregates())
        .map(|r| (format!("{:?}", r.key), r))
        .collect()
}

/// Independently combined paths: complement product, worst severity, involvement, leverage, count.
type Expected = (f64, Severity, Involvement, Leverage, usize);

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Priority and tier never fall when a severity component or the likelihood rises.
    #[test]
    fn priority_is_monotonic(
        s in severity(), bump in 0usize..3, by in 0u8..5, p in 0.0f64..=1.0, dp in 0.0f64..=1.0
    ) {
        let mut t = s;
        match bump {
            0 => t.scale = (t.scale + by).min(5),
            1 => t.scope = (t.scope + by).min(5),
            _ => t.irremediability = (t.irremediability + by).min(5),
        }
        let q = (p + dp).min(1.0);
        for profile in profiles() {
            let (p0, t0) = profile.assess(s, p);
            for (p1, t1) in [profile.assess(t, p), profile.assess(s, q), profile.assess(t, q)] {
                prop_assert!(p1 >= p0 && t1 >= t0, "{profile:?}: {s:?}@{p} -> {t:?}@{q}");
            }
        }
    }

    /// An irremediable impact of high scale is top tier at any likelihood, under every profile.
    #[test]
    fn grave_irremediable_is_top(scale in 4u8..=5, scope in 1u8..=5, p in 0.0f64..=1.0) {
        for profile in profiles() {
            prop_assert_eq!(profile.assess(Severity::new(scale, scope, 5), p).1, Tier::Top);
        }
    }

    /// At equal likelihood a more severe risk never ranks below a less severe one, and with
    /// the severity-first profile more severity points always rank first.
    #[test]
    fn more_severe_ranks_first_at_equal_likelihood(
        a in severity(), b in severity(), p in 0.0f64..=1.0, q in 0.0f64..=1.0
    ) {
        let shape = Shape {
            technologies: 1, end_uses: 1, rights: 2,
            enables: vec![(0, 0, q, Involvement::Contribute, Leverage::Low)],
            leads_to: vec![],
            impacts: vec![(0, 0, a, p, 0), (0, 1, b, p, 0)],
            modifiers: vec![], mitigations: vec![],
        };
        let graph = build(&shape);
        for profile in profiles() {
            let register = analyse(&graph, &profile);
            let rank = |right: &str| register.risks()
                .find(|r| r.key.right.as_str() == right).unwrap().rank;
            if a.dominates(b) && a != b {
                prop_assert!(rank("r0") < rank("r1"));
            }
            if b.dominates(a) && a != b {
                prop_assert!(rank("r1") < rank("r0"));
            }
            if matches!(profile, PrioritisationProfile::SeverityFirst(_))
                && a.points() > b.points()
                && !b.is_grave_and_irremediable()
            {
                prop_assert!(rank("r0") < rank("r1"));
            }
        }
    }

    /// Every likelihood is finite and in [0, 1]; registers are sorted; grave irremediable
    /// risks are top tier; the same graph gives byte-identical JSON.
    #[test]
    fn registers_are_well_formed(shape in shape()) {
        let graph = build(&shape);
        for profile in profiles() {
            let register = analyse(&graph, &profile);
            for list in [register.risks().collect::<Vec<_>>(), register.aggregates().collect()] {
                for (n, risk) in list.iter().enumerate() {
                    prop_assert!(risk.likelihood.is_finite());
                    prop_assert!((0.0..=1.0).contains(&risk.likelihood));
                    prop_assert_eq!(risk.rank as usize, n + 1);
                    if risk.severity.is_grave_and_irremediable() {
                        prop_assert_eq!(risk.tier, Tier::Top);
                    }
                }
                for pair in list.windows(2) {
                    prop_assert!(
                        (pair[0].tier, pair[0].priority) >= (pair[1].tier, pair[1].priority)
                    );
                }
            }
            let again = analyse(&serde_json::from_str(&serde_json::to_string(&graph).unwrap()).unwrap(), &profile);
            prop_assert_eq!(register.to_json(), again.to_json());
        }
    }

    /// Aggregates: likelihood 1 - Π(1 - L) over the paths of the same technology and right,
    /// severity the worst of each component, most direct involvement, least leverage.
    #[test]
    fn aggregates_combine_their_paths(shape in shape()) {
        let register = analyse(&build(&shape), &PrioritisationProfile::default());
        let mut expected: BTreeMap<(String, String), Expected> =
            BTreeMap::new();
        for risk in register.risks() {
            let key = (risk.key.technology.to_string(), risk.key.right.to_string());
            let entry = expected.entry(key).or_insert((1.0, Severity::new(1, 1, 1),
                Involvement::DirectlyLinked, Leverage::High, 0));
            entry.0 *= 1.0 - risk.likelihood;
            entry.1 = Severity::new(
                entry.1.scale.max(risk.severity.scale),
                entry.1.scope.max(risk.severity.scope),
                entry.1.irremediability.max(risk.severity.irremediability));
            entry.2 = entry.2.max(risk.involvement);
            entry.3 = entry.3.min(risk.leverage);
            entry.4 += 1;
        }
        prop_assert_eq!(register.aggregate_count(), expected.len());
        for agg in register.aggregates() {
            let key = (agg.key.technology.to_string(), agg.key.right.to_string());
            let (complement, severity, involvement, leverage, paths) = expected[&key];
            prop_assert!((agg.likelihood - (1.0 - complement)).abs() < 1e-9);
            prop_assert_eq!(agg.severity, severity);
            prop_assert_eq!(agg.involvement, involvement);
            prop_assert_eq!(agg.leverage, leverage);
            prop_assert_eq!(agg.end_uses.len(), paths);
            // Never below any of its paths.
            for risk in register.risks().filter(|r| r.key.technology == agg.key.technology
                && r.key.right == agg.key.right) {
                prop_assert!(agg.likelihood >= risk.likelihood - 1e-12);
                prop_assert!(agg.tier >= risk.tier);
            }
        }
    }

    /// Adding a mitigation never raises any risk.
    #[test]
    fn a_mitigation_never_raises_a_risk(
        shape in shape(), on_technology in any::<bool>(), target in 0usize..8,
        effectiveness in 0.0f64..=1.0
    ) {
        let graph = build(&shape);
        let mut mitigated = graph.clone();
        let to = if on_technology {
            format!("t{}", target % shape.technologies)
        } else {
            format!("e{}", target % shape.end_uses)
        };
        add_mitigation(&mut mitigated, "new-mitigation", &to, effectiveness);
        for profile in profiles() {
            let before = analyse(&graph, &profile);
            let after = analyse(&mitigated, &profile);
            let old = by_key(&before);
            let new = by_key(&after);
            prop_assert_eq!(old.len(), new.len());
            for (key, b) in &old {
                let a = &new[key];
                prop_assert!(a.likelihood <= b.likelihood + 1e-12, "{}", key);
                prop_assert!(a.priority <= b.priority + 1e-12, "{}", key);
                prop_assert!(a.tier <= b.tier, "{}", key);
            }
        }
    }

    /// Removing an end-use (by a scenario) removes its risks, and the diff says so.
    #[test]
    fn removing_an_end_use_removes_its_risks(shape in shape(), pick in 0usize..8) {
        let graph = build(&shape);
        let gone = format!("e{}", pick % shape.end_uses);
        let scenario: Scenario = serde_json::from_value(serde_json::json!({
            "document": "scenario", "changes": [{"kind": "remove_node", "id": gone}]})).unwrap();
        let checked = graph.clone().check().unwrap();
        let outcome = checked.run_scenario(&scenario, &PrioritisationProfile::default()).unwrap();
        prop_assert!(outcome.register.risks()
            .all(|r| r.key.end_use.as_ref().map(|e| e.as_str()) != Some(gone.as_str())));
        prop_assert!(outcome.register.aggregates()
            .all(|r| r.end_uses.iter().all(|e| e.as_str() != gone)));
        let before = checked.analyse(&PrioritisationProfile::default());
        let had = before.risks()
            .filter(|r| r.key.end_use.as_ref().map(|e| e.as_str()) == Some(gone.as_str()))
            .count();
        let removed = outcome.diff.removed.iter()
            .filter(|c| c.key.end_use.as_ref().map(|e| e.as_str()) == Some(gone.as_str()))
            .count();
        prop_assert_eq!(had, removed);
    }
}

#[test]
fn groups_of_the_generator_are_in_the_catalog() {
    for group in GROUPS {
        GroupId::new(group).unwrap();
        assert!(hrdd::catalog::group(group).is_some(), "{group}");
    }
    for right in RIGHTS {
        assert!(hrdd::catalog::right(right).is_some(), "{right}");
    }
}

#[test]
fn invalid_risk_fixtures_give_their_problems() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/risk");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 8);
    for expect_path in entries {
        let expect: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
        let doc_path = expect_path
            .to_string_lossy()
            .replace(".expect.json", ".json");
        let text = std::fs::read_to_string(&doc_path).unwrap();
        let problems = match expect["kind"].as_str().unwrap() {
            "risk_graph" => RiskGraph::from_json(&text, &Limits::default()).unwrap_err(),
            "scenario" => Scenario::from_json(&text, &Limits::default()).unwrap_err(),
            "simulation" => {
                hrdd::risk::Simulation::from_json(&text, &Limits::default()).unwrap_err()
            }
            "risk_register" => hrdd::risk::RiskRegister::from_json(&text).unwrap_err(),
            other => panic!("unknown kind {other}"),
        };
        for wanted in expect["problems"].as_array().unwrap() {
            let pointer = wanted["pointer"].as_str().unwrap();
            let contains = wanted["message_contains"].as_str().unwrap();
            assert!(
                problems
                    .iter()
                    .any(|p| p.pointer == pointer && p.message.contains(contains)),
                "{doc_path}: expected {pointer}: ...{contains}...; got\n{problems}"
            );
        }
    }
}

/// A register is a document: written and read back it is the same register, byte for byte,
/// and the data of an embedding tool comes back untouched.
#[test]
fn registers_read_back_as_written() {
    let graph = hrdd::risk::reference_graph().clone().check().unwrap();
    for profile in profiles() {
        let mut register = graph.analyse(&profile);
        let mut extensions = serde_json::Map::new();
        extensions.insert("tool".into(), serde_json::json!({"ticket": 42}));
        register.set_extensions(hrdd::document::Extensions(extensions));
        let text = register.to_json();
        let read = RiskRegister::from_json(&text).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(read, register);
        assert_eq!(read.to_json(), text);
        assert_eq!(read.extensions(), register.extensions());
        match hrdd::document::read(&text, &Limits::default()).unwrap() {
            hrdd::document::Document::RiskRegister(doc) => assert_eq!(*doc, register),
            other => panic!("read as {:?}", other.kind()),
        }
    }
}
