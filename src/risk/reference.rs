//! The reference risk graph built into the crate.
//!
//! It is data (`src/risk/data/reference.json`), written in our own words from the UN Guiding
//! Principles, the B-Tech Project's papers, OHCHR and Special Rapporteur reports and Annex III of
//! the EU AI Act; every impact edge names the document it rests on. Its severities, likelihoods,
//! odds factors and mitigation effectiveness are illustrative defaults for users to override, not
//! findings.

use std::sync::OnceLock;

use super::RiskGraph;

/// The reference risk graph: technologies, end-uses, the rights they can harm, actors, contexts
/// and a few mitigations, with node ids drawn from [`crate::catalog::end_use_vocabulary`].
///
/// Parsed once, on first use.
///
/// ```
/// use hrdd::risk::{reference_graph, NodeKind};
/// let graph = reference_graph();
/// let technologies = graph.nodes.iter().filter(|n| n.kind() == NodeKind::Technology).count();
/// assert!(technologies >= 20);
/// ```
pub fn reference_graph() -> &'static RiskGraph {
    static GRAPH: OnceLock<RiskGraph> = OnceLock::new();
    GRAPH.get_or_init(parse_reference)
}

/// The reference graph's JSON text, as embedded.
pub(crate) const REFERENCE_JSON: &str = include_str!("data/reference.json");

#[expect(
    clippy::expect_used,
    reason = "the reference graph is fixed at build time; the tests below parse and validate it"
)]
fn parse_reference() -> RiskGraph {
    serde_json::from_str(REFERENCE_JSON).expect("the embedded reference graph parses")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    use super::*;
    use crate::catalog::{self, TermKind, end_use_vocabulary};
    use crate::risk::{Edge, Node, NodeKind};

    fn ids_of(kind: NodeKind) -> BTreeSet<&'static str> {
        reference_graph()
            .nodes
            .iter()
            .filter(|n| n.kind() == kind)
            .map(|n| n.id().as_str())
            .collect()
    }

    #[test]
    fn parses_strictly() {
        // The same text read as a generic value and as the typed model gives the same JSON back,
        // so no field was silently dropped.
        let value: serde_json::Value = serde_json::from_str(REFERENCE_JSON).unwrap();
        assert_eq!(serde_json::to_value(reference_graph()).unwrap(), value);
    }

    #[test]
    fn passes_the_risk_graph_validation_and_the_schema() {
        if let Err(problems) = reference_graph().validate() {
            panic!("{problems}");
        }
        if let Err(problems) = RiskGraph::from_json(REFERENCE_JSON, &crate::Limits::default()) {
            panic!("{problems}");
        }
        let checked = reference_graph().clone().check().unwrap();
        let register = checked.analyse(&crate::risk::PrioritisationProfile::default());
        assert!(register.risks().next().is_some());
    }

    #[test]
    fn has_the_counts_the_issue_asks_for() {
        assert!(ids_of(NodeKind::Technology).len() >= 20);
        assert!(ids_of(NodeKind::EndUse).len() >= 40);
        assert!(ids_of(NodeKind::Actor).len() >= 10);
        assert!(ids_of(NodeKind::Context).len() >= 6);
        assert!(!ids_of(NodeKind::Mitigation).is_empty());
    }

    #[test]
    fn description_says_the_values_are_illustrative() {
        let description = reference_graph().description.as_deref().unwrap_or_default();
        assert!(description.contains("ILLUSTRATIVE DEFAULTS"));
        assert!(description.contains("override"));
    }

    #[test]
    fn node_ids_are_exactly_the_vocabulary() {
        let vocabulary = end_use_vocabulary();
        for (kind, node_kind) in [
            (TermKind::Technology, NodeKind::Technology),
            (TermKind::EndUse, NodeKind::EndUse),
            (TermKind::Actor, NodeKind::Actor),
            (TermKind::Context, NodeKind::Context),
        ] {
            let words: BTreeSet<&str> = vocabulary
                .terms(kind)
                .iter()
                .map(|t| t.id.as_str())
                .collect();
            assert_eq!(ids_of(node_kind), words, "{kind:?}");
        }
        // Names too, so the graph and the questionnaire show the same words.
        for node in &reference_graph().nodes {
            let kind = match node.kind() {
                NodeKind::Technology => TermKind::Technology,
                NodeKind::EndUse => TermKind::EndUse,
                NodeKind::Actor => TermKind::Actor,
                NodeKind::Context => TermKind::Context,
                _ => continue,
            };
            let term = vocabulary.term(kind, node.id().as_str()).unwrap();
            assert_eq!(node.name(), term.name);
        }
    }

    #[test]
    fn every_impact_edge_is_sourced_and_names_catalog_groups() {
        let mut impacts = 0;
        for (j, edge) in reference_graph().edges.iter().enumerate() {
            let Edge::Impacts(impact) = edge else {
                continue;
            };
            impacts += 1;
            assert!(!impact.source.trim().is_empty(), "edge {j} has no source");
            assert!(
                names_a_year(&impact.source),
                "edge {j}: source without a year: {}",
                impact.source
            );
            assert!(!impact.groups.is_empty(), "edge {j} names no group");
            for group in &impact.groups {
                assert!(
                    catalog::group(group.as_str()).is_some(),
                    "edge {j}: {group}"
                );
            }
            for component in [
                impact.severity.scale,
                impact.severity.scope,
                impact.severity.irremediability,
            ] {
                assert!((1..=5).contains(&component), "edge {j}");
            }
            assert!((0.0..=1.0).contains(&impact.likelihood), "edge {j}");
        }
        assert!(impacts >= 100, "only {impacts} impact edges");
    }

    /// Whether `source` names a year of publication: four digits from 1948 on, closed by a
    /// bracket as in "(OHCHR, 2020)", or the number of an EU regulation such as "2024/1689".
    fn names_a_year(source: &str) -> bool {
        let bytes = source.as_bytes();
        bytes.windows(5).any(|w| {
            let digits = std::str::from_utf8(&w[..4])
                .ok()
                .and_then(|d| d.parse::<u32>().ok());
            matches!(digits, Some(1948..=2030)) && (w[4] == b')' || w[4] == b'/')
        })
    }

    #[test]
    fn names_a_year_by_hand() {
        assert!(names_a_year("B-Tech paper (OHCHR, 2020)"));
        assert!(names_a_year("Regulation (EU) 2024/1689, Annex III"));
        assert!(!names_a_year("a blog post"));
        assert!(!names_a_year("A/HRC/48/31"));
    }

    #[test]
    fn every_right_node_is_a_catalog_right() {
        for node in &reference_graph().nodes {
            if let Node::Right(right) = node {
                assert!(
                    catalog::right(right.right.as_str()).is_some(),
                    "{}",
                    right.id
                );
            }
        }
    }

    #[test]
    fn every_use_is_reachable_and_harms_some_right_and_every_technology_enables_a_use() {
        let graph = reference_graph();
        let mut reached = BTreeSet::new();
        let mut harms = BTreeSet::new();
        let mut enables = BTreeSet::new();
        for edge in &graph.edges {
            match edge {
                Edge::Enables(e) => {
                    reached.insert(e.to.as_str());
                    enables.insert(e.from.as_str());
                }
                Edge::LeadsTo(e) => {
                    reached.insert(e.to.as_str());
                }
                Edge::Impacts(e) => {
                    harms.insert(e.from.as_str());
                }
                _ => {}
            }
        }
        assert_eq!(reached, ids_of(NodeKind::EndUse));
        assert_eq!(harms, ids_of(NodeKind::EndUse));
        assert_eq!(enables, ids_of(NodeKind::Technology));
    }

    /// The eight high-risk areas of Annex III of Regulation (EU) 2024/1689 and, for each, the
    /// reference end-uses that fall in it. Kept here, by hand, so that removing the last use of
    /// an area fails this test.
    fn annex_iii() -> BTreeMap<&'static str, &'static [&'static str]> {
        BTreeMap::from([
            (
                "1 biometrics",
                &[
                    "remote-biometric-identification",
                    "retrospective-face-search",
                    "biometric-categorisation",
                    "emotion-recognition-workplace",
                    "emotion-recognition-education",
                    "emotion-based-lie-detection",
                ][..],
            ),
            (
                "2 critical infrastructure",
                &["critical-infrastructure-management"][..],
            ),
            (
                "3 education and vocational training",
                &[
                    "education-admissions",
                    "exam-proctoring",
                    "automated-grading",
                ][..],
            ),
            (
                "4 employment and workers management",
                &[
                    "recruitment-screening",
                    "workplace-monitoring",
                    "algorithmic-management",
                    "emotion-recognition-workplace",
                ][..],
            ),
            (
                "5 access to essential services",
                &[
                    "welfare-eligibility",
                    "welfare-fraud-detection",
                    "creditworthiness-assessment",
                    "insurance-pricing",
                    "emergency-triage",
                ][..],
            ),
            (
                "6 law enforcement",
                &[
                    "predictive-policing",
                    "individual-risk-profiling",
                    "evidence-evaluation",
                    "emotion-based-lie-detection",
                ][..],
            ),
            (
                "7 migration, asylum and border control",
                &[
                    "border-risk-screening",
                    "asylum-claim-assessment",
                    "border-surveillance",
                ][..],
            ),
            (
                "8 justice and democratic processes",
                &["judicial-decision-support", "political-micro-targeting"][..],
            ),
        ])
    }

    #[test]
    fn every_annex_iii_area_has_an_end_use() {
        let uses = ids_of(NodeKind::EndUse);
        let areas = annex_iii();
        assert_eq!(areas.len(), 8);
        for (area, members) in areas {
            assert!(!members.is_empty(), "{area}");
            for id in members {
                assert!(uses.contains(id), "{area}: `{id}` is not an end-use");
            }
        }
    }

    #[test]
    fn covers_the_b_tech_end_use_examples() {
        let uses = ids_of(NodeKind::EndUse);
        for id in [
            "targeted-surveillance-defenders",
            "protest-monitoring",
            "content-moderation-at-scale",
            "harmful-content-amplification",
            "political-micro-targeting",
            "workplace-monitoring",
            "digital-id-welfare-access",
            "disinformation-generation",
            "non-consensual-intimate-imagery",
            "csam-generation",
            "precarious-data-labelling",
            "content-moderation-labour",
        ] {
            assert!(uses.contains(id), "{id}");
        }
    }

    #[test]
    fn no_two_edges_of_a_kind_join_the_same_nodes() {
        let mut seen = HashMap::new();
        for (j, edge) in reference_graph().edges.iter().enumerate() {
            let key = (edge.kind(), edge.from().clone(), edge.to().clone());
            if let Some(first) = seen.insert(key, j) {
                panic!("edges {first} and {j} join the same nodes");
            }
        }
    }
}
