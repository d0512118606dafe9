//! The simulation report: Markdown against a reviewed golden file whose numbers follow from the
//! distributions by hand, and the HTML and the box plot parsed and checked for their structure.
//!
//! Run with `HRDD_BLESS_GOLDEN=1` to rewrite the golden file after a deliberate change, then read
//! the diff before committing it.

#![cfg(feature = "report")]

use hrdd::Limits;
use hrdd::report::SimulationReport;
use hrdd::risk::{PrioritisationProfile, RiskGraph, Simulation, SimulationOutcome};

use super::report::golden;
use super::report_comparison::check_page;

const SAMPLES: u64 = 100_000;

/// One technology, two end-uses, two rights:
/// - workplace monitoring harms privacy with severity (3, 3, 3), 6 points, and a likelihood
///   drawn from U(0.2, 0.6);
/// - protest identification harms peaceful assembly with severity (5, 5, 5), 12 points, at a
///   fixed likelihood 0.5.
fn graph() -> RiskGraph {
    serde_json::from_value(serde_json::json!({
        "document": "risk_graph",
        "title": "Two uses of face search",
        "nodes": [
            {"kind": "technology", "id": "face", "name": "Face search"},
            {"kind": "end_use", "id": "work", "name": "Workplace monitoring"},
            {"kind": "end_use", "id": "protest", "name": "Protest identification"},
            {"kind": "right", "id": "privacy", "name": "Privacy", "right": "privacy"},
            {"kind": "right", "id": "assembly", "name": "Peaceful assembly",
             "right": "peaceful-assembly"}],
        "edges": [
            {"kind": "enables", "from": "face", "to": "work", "likelihood": 1.0,
             "involvement": "cause", "leverage": "high"},
            {"kind": "enables", "from": "face", "to": "protest", "likelihood": 1.0,
             "involvement": "contribute", "leverage": "low"},
            {"kind": "impacts", "from": "work", "to": "privacy", "likelihood": 0.4, "source": "s",
             "severity": {"scale": 3, "scope": 3, "irremediability": 3}},
            {"kind": "impacts", "from": "protest", "to": "assembly", "likelihood": 0.5,
             "source": "s", "severity": {"scale": 5, "scope": 5, "irremediability": 5}}]
    }))
    .unwrap()
}

fn outcome(graph: &RiskGraph) -> SimulationOutcome {
    let spec: Simulation = serde_json::from_value(serde_json::json!({
        "document": "simulation", "samples": SAMPLES, "seed": 2026, "inputs": [
            {"edge": "impacts", "from": "work", "to": "privacy", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": 0.2, "max": 0.6}}]}))
    .unwrap();
    let checked = graph.clone().check().unwrap();
    spec.prepare(
        &checked,
        &PrioritisationProfile::default(),
        &Limits::default(),
    )
    .unwrap()
    .run()
}

/// The numbers, by hand (severity-first profile: priority = points + likelihood, top tier from
/// 10 or for grave irremediable harm):
/// - protest identification -> assembly: 12 + 0.5 = 12.50 in every sample; top tier always
///   (12.5 >= 10, and scale 5 with irremediability 5); its aggregate (one end-use) is the same;
/// - workplace monitoring -> privacy: 6 + L with L ~ U(0.2, 0.6): the p-quantile is
///   6 + 0.2 + 0.4p, so p5 6.22, median 6.40, p95 6.58; mean 6.40; least and greatest drawn
///   6.20 and 6.60 to two decimals (100 000 draws leave gaps of about 0.000004 at the ends);
///   baseline (input at its median 0.4) 6.40; never top tier;
/// - the one input goes from 0.22 (5th percentile) through 0.40 to 0.58 (95th); it moves only
///   the privacy risk, from 6.22 to 6.58: a swing of 0.36;
/// - at two decimals the sampled percentiles are safe: their standard errors are at most
///   √(p(1-p)/n) / 2.5 = 0.0007 (density of L 2.5), within 0.005 of a rounding boundary with the
///   1/1024 resolution added, as the asserts below check independently of the golden file.
#[test]
fn simulation_markdown_matches_its_golden_file_and_the_hand_computed_numbers() {
    let graph = graph();
    let outcome = outcome(&graph);
    let privacy = outcome
        .aggregates
        .iter()
        .find(|d| d.key.right.as_str() == "privacy")
        .unwrap();
    for (got, expected) in [
        (privacy.p5, 6.22),
        (privacy.p50, 6.40),
        (privacy.p95, 6.58),
        (privacy.mean, 6.40),
    ] {
        assert!((got - expected).abs() < 0.004, "{got} vs {expected}");
    }
    // Two enables, two resolved end-uses, two impacts per sample.
    assert_eq!(outcome.edge_evaluations, 6 * SAMPLES);
    assert_eq!(outcome.resolution, 1.0 / 1024.0);

    let markdown = SimulationReport::new(&outcome)
        .with_graph(&graph)
        .with_title("Face search: how sure are we?")
        .markdown();
    assert!(markdown.starts_with("# Face search: how sure are we?\n"));
    assert!(markdown.contains("| Samples | 100000 |\n| Seed | 2026 |"));
    assert!(markdown.contains("Drawn from 100000 samples with seed 2026"));
    // By technology and right: the assembly risk first (higher mean).
    assert!(markdown.contains(
        "| 1 | Face search | Peaceful assembly | 12.50 | 12.50 | 12.50 | 12.50 | 12.50 | 12.50 | 12.50 | 100.0% |\n\
         | 2 | Face search | Privacy | 6.40 | 6.40 | 6.22 | 6.40 | 6.58 | 6.20 | 6.60 | 0.0% |"
    ));
    assert!(markdown.contains(
        "| 2 | Face search | Workplace monitoring | Privacy | 6.40 | 6.40 | 6.22 | 6.40 | 6.58 | 6.20 | 6.60 | 0.0% |"
    ));
    assert!(markdown.contains(
        "| 1 | likelihood (impacts): Workplace monitoring → Privacy | 0.220 | 0.400 | 0.580 | 0.360 | Face search → Privacy: 6.22 → 6.58 |"
    ));
    golden("simulation-face-search.md", &markdown);
}

#[test]
fn simulation_html_and_box_plot_are_accessible_and_drawn_to_scale() {
    let graph = graph();
    let outcome = outcome(&graph);
    let report = SimulationReport::new(&outcome).with_graph(&graph);
    let html = report.html();
    let (sections, charts) = check_page(&html);
    assert_eq!(
        sections,
        ["distribution", "paths", "sensitivity", "reading"]
    );
    assert_eq!(charts, ["chart-priority", "chart-sensitivity"]);
    // The seed and the sample count are stated, so the page says how to reproduce it.
    assert!(html.contains("<dt>Samples</dt><dd>100000</dd>"));
    assert!(html.contains("<dt>Seed</dt><dd>2026</dd>"));
    // Without a title of its own the report takes the graph's.
    assert!(html.contains("<h1>Simulation: Two uses of face search</h1>"));

    // The standalone box plot: one box per aggregated risk, on a scale from 6 (the whole point
    // below the least priority drawn, 6.20) to 13 (12 severity points + likelihood 1), over
    // x = 300..720, 60 per point. The privacy box runs from its p5 to its p95: x = 300 +
    // 60 × (6.22 - 6) = 313.2 to 300 + 60 × 0.58 = 334.8.
    let svg = report.box_plot();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("mark"))
        .collect();
    assert_eq!(marks.len(), 2);
    let x: f64 = marks[1].attribute("x").unwrap().parse().unwrap();
    let width: f64 = marks[1].attribute("width").unwrap().parse().unwrap();
    assert!((x - 313.2).abs() < 0.3, "{x}");
    assert!((x + width - 334.8).abs() < 0.3, "{}", x + width);
    // The tiers that reach the scale: low (0 to 4) lies below it and is left out; medium (4 to
    // 7) shows from 6, high from 7, top from 10.
    assert!(svg.contains(">medium</text>") && svg.contains(">high</text>"));
    assert!(svg.contains(">top tier</text>") && !svg.contains(">low</text>"));
    // Both means are marked.
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("mean"))
            .count(),
        2
    );
}

#[test]
fn a_simulation_without_inputs_says_so() {
    let graph = graph();
    let spec = Simulation::new(10, 1);
    let checked = graph.clone().check().unwrap();
    let outcome = spec
        .prepare(
            &checked,
            &PrioritisationProfile::default(),
            &Limits::default(),
        )
        .unwrap()
        .run();
    let report = SimulationReport::new(&outcome);
    assert!(
        report
            .markdown()
            .contains("## Inputs that move the top risks most\n\nNo uncertain inputs.")
    );
    let (_, charts) = check_page(&report.html());
    assert_eq!(charts, ["chart-priority"]);
    // Without the graph, nodes go by id.
    assert!(report.markdown().contains("| 1 | face | assembly |"));
}
