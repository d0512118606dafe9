use std::num::NonZeroUsize;

use super::random::{Sampler, Xoshiro256};
use super::*;
use crate::risk::analysis::tests::{checked, sample};

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

fn simulation(samples: u64, seed: u64, inputs: serde_json::Value) -> Simulation {
    serde_json::from_value(serde_json::json!({
        "document": "simulation", "samples": samples, "seed": seed, "inputs": inputs}))
    .unwrap()
}

fn pointers(problems: &Problems) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.pointer.clone(), p.message.clone()))
        .collect()
}

/// Draws `n` values and checks their mean and variance against the closed forms.
///
/// Tolerances come from the sample size: the sample mean has standard error `σ/√n`; the sample
/// variance has standard error `√((μ4 - σ⁴)/n) <= √(μ4/n) <= R·σ/√n`, where `R` (the width of
/// the support) bounds `|X - μ|`, so `μ4 <= R²σ²`. Five standard errors: a correct sampler
/// fails with probability below one in a million.
fn check_moments(distribution: &Distribution, n: usize, seed: u64) {
    let mut sampler = Sampler::new(Xoshiro256::from_seed(seed));
    let draws: Vec<f64> = (0..n).map(|_| distribution.draw(&mut sampler)).collect();
    let (low, high) = distribution.support();
    assert!(
        draws.iter().all(|&x| x >= low && x <= high),
        "{distribution:?}"
    );
    let mean = draws.iter().sum::<f64>() / n as f64;
    let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sigma = distribution.variance().sqrt();
    let root_n = (n as f64).sqrt();
    let mean_tolerance = 5.0 * sigma / root_n;
    let variance_tolerance = 5.0 * (high - low) * sigma / root_n;
    assert!(
        (mean - distribution.mean()).abs() <= mean_tolerance,
        "{distribution:?}: mean {mean} vs {} ± {mean_tolerance}",
        distribution.mean()
    );
    assert!(
        (variance - distribution.variance()).abs() <= variance_tolerance,
        "{distribution:?}: variance {variance} vs {} ± {variance_tolerance}",
        distribution.variance()
    );
}

#[test]
fn sampler_moments_match_the_closed_forms() {
    let n = 200_000;
    let cases = [
        Distribution::Uniform { min: 0.2, max: 0.6 },
        Distribution::Triangular {
            min: 1.0,
            mode: 4.0,
            max: 5.0,
        },
        Distribution::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        },
        Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
            min: None,
            max: None,
        },
        Distribution::Beta {
            alpha: 0.5,
            beta: 0.5,
            min: None,
            max: None,
        },
        Distribution::Beta {
            alpha: 0.3,
            beta: 4.0,
            min: None,
            max: None,
        },
        Distribution::Beta {
            alpha: 30.0,
            beta: 10.0,
            min: Some(1.0),
            max: Some(5.0),
        },
    ];
    for (seed, case) in (1u64..).zip(&cases) {
        check_moments(case, n, seed);
    }
}

#[test]
fn beta_draws_follow_the_beta_cdf() {
    // Kolmogorov-Smirnov against the exact CDF (itself checked against closed forms in
    // `special`): at n = 100 000 the largest gap exceeds √(ln(2/α)/(2n)) with probability α;
    // α = 1e-6 gives 0.0085.
    let n = 100_000;
    let critical = ((2.0f64 / 1e-6).ln() / (2.0 * n as f64)).sqrt();
    for (a, b) in [(2.0, 5.0), (0.5, 0.5), (0.3, 4.0), (7.0, 1.5)] {
        let mut sampler = Sampler::new(Xoshiro256::from_seed(99));
        let mut draws: Vec<f64> = (0..n).map(|_| sampler.beta(a, b)).collect();
        draws.sort_by(f64::total_cmp);
        let mut gap = 0.0f64;
        for (i, &x) in draws.iter().enumerate() {
            let cdf = special::beta_cdf(x, a, b);
            gap = gap
                .max((cdf - i as f64 / n as f64).abs())
                .max(((i + 1) as f64 / n as f64 - cdf).abs());
        }
        assert!(gap < critical, "Beta({a}, {b}): KS gap {gap} >= {critical}");
    }
}

#[test]
fn batched_beta_draws_fit_the_beta_cdf_in_every_regime() {
    // The path a run takes (compiled distribution, blocks filled by `Draw::fill`), over each
    // regime of the sampler: both parameters below 1 and one below 1 (Cheng's BC, in both
    // orders, which tests the swap), exactly 1 (gammas of shape 1), both above 1, the default
    // of `with_beta_likelihoods` (20p, 20(1 - p)), and large parameters (sd 0.015, so a bias
    // of a thousandth in the mean would show). Kolmogorov-Smirnov against the regularised
    // incomplete beta function of `special` (a continued fraction, checked against closed
    // forms there): at n = 50 000 and α = 1e-6 the critical gap is √(ln(2/α)/(2n)) = 0.012.
    let n = 50_000;
    let critical = ((2.0f64 / 1e-6).ln() / (2.0 * n as f64)).sqrt();
    let cases = [
        (0.2, 0.7),
        (0.6, 5.0),
        (9.0, 0.4),
        (1.0, 1.0),
        (1.0, 3.0),
        (3.5, 2.2),
        (7.0, 13.0),
        (400.0, 600.0),
    ];
    for (seed, &(a, b)) in (100u64..).zip(&cases) {
        let draw = Distribution::Beta {
            alpha: a,
            beta: b,
            min: None,
            max: None,
        }
        .compile();
        let mut sampler = Sampler::new(Xoshiro256::from_seed(seed));
        let mut draws = vec![0.0; n];
        for block in draws.chunks_mut(16) {
            draw.fill(&mut sampler, block);
        }
        assert!(
            draws.iter().all(|x| (0.0..=1.0).contains(x)),
            "Beta({a}, {b})"
        );
        draws.sort_by(f64::total_cmp);
        let mut gap = 0.0f64;
        for (i, &x) in draws.iter().enumerate() {
            let cdf = special::beta_cdf(x, a, b);
            gap = gap
                .max((cdf - i as f64 / n as f64).abs())
                .max(((i + 1) as f64 / n as f64 - cdf).abs());
        }
        assert!(gap < critical, "Beta({a}, {b}): KS gap {gap} >= {critical}");
        // And the mean, within five standard errors of the closed form a / (a + b).
        let mean = draws.iter().sum::<f64>() / n as f64;
        let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
        assert!(
            (mean - a / (a + b)).abs() < 5.0 * sd / (n as f64).sqrt(),
            "Beta({a}, {b}): mean {mean}"
        );
    }
}

#[test]
fn lanes_give_the_same_bytes_as_sample_by_sample() {
    // Blocks evaluated in lanes must repeat the per-sample arithmetic exactly: the same outcome
    // with the lanes turned off, over chunks and blocks that end part-way (2 chunks + 21).
    let graph = checked(sample());
    let profile = PrioritisationProfile::default();
    let spec = Simulation::with_beta_likelihoods(graph.graph(), 2 * CHUNK_SAMPLES + 21, 9);
    let mut prepared = spec.prepare(&graph, &profile, &Limits::default()).unwrap();
    assert!(prepared.lane_scratch().is_some());
    let lanes = prepared.run_with(threads(2), &mut |_| {}).to_json();
    prepared.lanes = false;
    assert!(prepared.lane_scratch().is_none());
    let one_by_one = prepared.run_with(threads(2), &mut |_| {}).to_json();
    assert_eq!(lanes, one_by_one);
}

#[test]
fn fixed_inputs_give_the_analysis_numbers() {
    let graph = checked(sample());
    let profile = PrioritisationProfile::default();
    let register = graph.analyse(&profile);
    // A degenerate uniform on the mitigation goes through the per-sample path (modifiers
    // recomputed each sample) yet must give the same numbers as the analysis.
    let spec = simulation(
        5000,
        3,
        serde_json::json!([
            {"edge": "mitigates", "from": "m", "to": "a", "attribute": "effectiveness",
             "distribution": {"kind": "uniform", "min": 0.5, "max": 0.5}},
            {"edge": "impacts", "from": "b", "to": "r", "attribute": "likelihood",
             "distribution": {"kind": "fixed", "value": 0.5}}]),
    );
    let prepared = spec.prepare(&graph, &profile, &Limits::default()).unwrap();
    let outcome = prepared.run_with(threads(2), &mut |_| {});
    assert_eq!(outcome.risks.len(), register.risk_count());
    assert_eq!(outcome.aggregates.len(), register.aggregate_count());
    for (list, expected) in [
        (&outcome.risks, &register.risks().collect::<Vec<_>>()),
        (
            &outcome.aggregates,
            &register.aggregates().collect::<Vec<_>>(),
        ),
    ] {
        for risk in expected {
            let d = list.iter().find(|d| d.key == risk.key).unwrap();
            assert_eq!(d.baseline, risk.priority, "{:?}", risk.key);
            assert_eq!(d.p5, risk.priority);
            assert_eq!(d.p50, risk.priority);
            assert_eq!(d.p95, risk.priority);
            assert!((d.mean - risk.priority).abs() < 1e-12);
            let top = if risk.tier == Tier::Top { 1.0 } else { 0.0 };
            assert_eq!(d.top_tier, top);
        }
    }
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let graph = checked(sample());
    let profile = PrioritisationProfile::default();
    let spec = Simulation::with_beta_likelihoods(graph.graph(), 3 * CHUNK_SAMPLES + 17, 42);
    assert!(!spec.inputs.is_empty());
    let prepared = spec.prepare(&graph, &profile, &Limits::default()).unwrap();
    let one = prepared.run_with(threads(1), &mut |_| {}).to_json();
    let two = prepared.run_with(threads(2), &mut |_| {}).to_json();
    let five = prepared.run_with(threads(5), &mut |_| {}).to_json();
    assert_eq!(one, two);
    assert_eq!(one, five);
    let mut other = spec.clone();
    other.seed = 43;
    let different = other
        .prepare(&graph, &profile, &Limits::default())
        .unwrap()
        .run()
        .to_json();
    assert_ne!(one, different);
}

#[test]
fn progress_reaches_the_total() {
    let graph = checked(sample());
    let spec = Simulation::with_beta_likelihoods(graph.graph(), 2 * CHUNK_SAMPLES + 1, 1);
    let prepared = spec
        .prepare(
            &graph,
            &PrioritisationProfile::default(),
            &Limits::default(),
        )
        .unwrap();
    let mut seen = Vec::new();
    prepared.run_with(threads(1), &mut |p| seen.push(p));
    // One thread: one report per chunk (3 chunks), then the final one.
    let done: Vec<u64> = seen.iter().map(|p| p.done).collect();
    let total = 2 * CHUNK_SAMPLES + 1;
    assert_eq!(done, [CHUNK_SAMPLES, 2 * CHUNK_SAMPLES, total, total]);
}

#[test]
fn percentiles_of_a_uniform_likelihood() {
    // One technology, one end-use, one right: enables 1, impact likelihood ~ U(0.2, 0.6),
    // severity (3, 3, 3) = 6 points. Priority = 6 + L, so its p-quantile is 6 + 0.2 + 0.4p:
    // p5 6.22, p50 6.4, p95 6.58; mean 6.4; never top tier (below 10, not irremediable).
    // Tolerance: one bin (the resolution) plus five standard errors of a sample quantile,
    // √(p(1-p)/n) / density, the density of L being 1/0.4 = 2.5.
    let graph = checked(serde_json::json!({
        "document": "risk_graph",
        "nodes": [
            {"kind": "technology", "id": "t", "name": "T"},
            {"kind": "end_use", "id": "e", "name": "E"},
            {"kind": "right", "id": "r", "name": "R", "right": "privacy"}],
        "edges": [
            {"kind": "enables", "from": "t", "to": "e", "likelihood": 1.0,
             "involvement": "cause", "leverage": "high"},
            {"kind": "impacts", "from": "e", "to": "r", "likelihood": 0.5, "source": "s",
             "severity": {"scale": 3, "scope": 3, "irremediability": 3}}]
    }));
    let n = 100_000u64;
    let spec = simulation(
        n,
        11,
        serde_json::json!([{"edge": "impacts", "from": "e", "to": "r", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": 0.2, "max": 0.6}}]),
    );
    let outcome = spec
        .prepare(
            &graph,
            &PrioritisationProfile::default(),
            &Limits::default(),
        )
        .unwrap()
        .run();
    let d = &outcome.risks[0];
    for (got, p) in [(d.p5, 0.05), (d.p50, 0.5), (d.p95, 0.95)] {
        let tolerance = outcome.resolution + 5.0 * (p * (1.0 - p) / n as f64).sqrt() / 2.5;
        let expected = 6.0 + 0.2 + 0.4 * p;
        assert!(
            (got - expected).abs() <= tolerance,
            "p{p}: {got} vs {expected}"
        );
    }
    // The mean of U(0.2, 0.6) has standard error 0.4/√12/√n.
    assert!((d.mean - 6.4).abs() <= 5.0 * 0.4 / 12f64.sqrt() / (n as f64).sqrt());
    assert_eq!(d.top_tier, 0.0);
    assert!(d.min >= 6.2 && d.max <= 6.6);
    assert_eq!(outcome.edge_evaluations, n * 3); // enable, resolve, impact
}

#[test]
fn sensitivity_ranks_the_input_that_dominates_first() {
    // t enables a and b; a and b both impact r with likelihood 1 and severity (3, 3, 3).
    // The aggregate (t, r) has likelihood 1 - (1 - pa)(1 - pb) and priority 6 + that.
    //
    // - pa ~ U(0, 1): p5 0.05, p95 0.95, median 0.5. With pb at its median 0.5 the aggregate
    //   moves by 0.5 × (0.95 - 0.05) = 0.45.
    // - pb ~ U(0.49, 0.51): p5 0.491, p95 0.509. With pa at 0.5 it moves 0.5 × 0.018 = 0.009.
    // - the scale of a -> r ~ U(2.6, 3.4): p5 2.64 and p95 3.36 both round to 3, so it moves
    //   nothing: a severity is a whole number.
    // So the ranking is pa, pb, scale, and pa dominates because its range is fifty times wider
    // while both enter the aggregate symmetrically.
    let graph = checked(serde_json::json!({
        "document": "risk_graph",
        "nodes": [
            {"kind": "technology", "id": "t", "name": "T"},
            {"kind": "end_use", "id": "a", "name": "A"},
            {"kind": "end_use", "id": "b", "name": "B"},
            {"kind": "right", "id": "r", "name": "R", "right": "privacy"}],
        "edges": [
            {"kind": "enables", "from": "t", "to": "a", "likelihood": 0.5,
             "involvement": "cause", "leverage": "high"},
            {"kind": "enables", "from": "t", "to": "b", "likelihood": 0.5,
             "involvement": "cause", "leverage": "high"},
            {"kind": "impacts", "from": "a", "to": "r", "likelihood": 1.0, "source": "s",
             "severity": {"scale": 3, "scope": 3, "irremediability": 3}},
            {"kind": "impacts", "from": "b", "to": "r", "likelihood": 1.0, "source": "s",
             "severity": {"scale": 3, "scope": 3, "irremediability": 3}}]
    }));
    let spec = simulation(
        1000,
        5,
        serde_json::json!([
            {"edge": "impacts", "from": "a", "to": "r", "attribute": "scale",
             "distribution": {"kind": "uniform", "min": 2.6, "max": 3.4}},
            {"edge": "enables", "from": "t", "to": "b", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": 0.49, "max": 0.51}},
            {"edge": "enables", "from": "t", "to": "a", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": 0.0, "max": 1.0}}]),
    );
    let outcome = spec
        .prepare(
            &graph,
            &PrioritisationProfile::default(),
            &Limits::default(),
        )
        .unwrap()
        .run();
    let order: Vec<usize> = outcome.sensitivity.iter().map(|s| s.input).collect();
    assert_eq!(order, [2, 1, 0]);
    assert!((outcome.sensitivity[0].swing - 0.45).abs() < 1e-12);
    assert!((outcome.sensitivity[1].swing - 0.009).abs() < 1e-12);
    assert_eq!(outcome.sensitivity[2].swing, 0.0);
    assert!(outcome.sensitivity[2].most_moved.is_none());
    let moved = outcome.sensitivity[0].most_moved.as_ref().unwrap();
    assert!(moved.key.end_use.is_none());
    // Baseline of the aggregate: 6 + 1 - 0.5 × 0.5 = 6.75.
    assert!((outcome.aggregates[0].baseline - 6.75).abs() < 1e-12);
}

#[test]
fn validation_points_at_each_problem() {
    let limits = Limits::default();
    let spec = simulation(0, 0, serde_json::json!([]));
    let found = pointers(&spec.validate(&limits).unwrap_err());
    assert_eq!(found[0].0, "/samples");
    let spec = simulation(1_000_000_000, 0, serde_json::json!([]));
    let found = pointers(&spec.validate(&limits).unwrap_err());
    assert_eq!(found[0].0, "/samples");
    assert!(found[0].1.contains("more than the limit"));
    // Raising the limit lets it through.
    assert!(
        spec.validate(&limits.with_max_samples(2_000_000_000))
            .is_ok()
    );

    let spec = simulation(
        10,
        0,
        serde_json::json!([
            {"edge": "enables", "from": "t", "to": "a", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": 0.8, "max": 0.2}},
            {"edge": "enables", "from": "t", "to": "b", "attribute": "likelihood",
             "distribution": {"kind": "triangular", "min": 0.1, "mode": 0.9, "max": 0.5}},
            {"edge": "leads_to", "from": "a", "to": "c", "attribute": "likelihood",
             "distribution": {"kind": "beta", "alpha": 0, "beta": -1}},
            {"edge": "impacts", "from": "a", "to": "r", "attribute": "likelihood",
             "distribution": {"kind": "uniform", "min": -0.1, "max": 1.5}},
            {"edge": "impacts", "from": "a", "to": "r", "attribute": "scale",
             "distribution": {"kind": "fixed", "value": 6}},
            {"edge": "impacts", "from": "b", "to": "r", "attribute": "irremediability",
             "distribution": {"kind": "beta", "alpha": 2, "beta": 2, "min": 0, "max": 5}},
            {"edge": "enables", "from": "t", "to": "a", "attribute": "odds_factor",
             "distribution": {"kind": "fixed", "value": 2}},
            {"edge": "enables", "from": "t", "to": "a", "attribute": "likelihood",
             "distribution": {"kind": "fixed", "value": 0.5}},
            {"edge": "deploys", "from": "x", "to": "b", "attribute": "odds_factor",
             "distribution": {"kind": "uniform", "min": 0, "max": 2}}]),
    );
    let found = pointers(&spec.validate(&limits).unwrap_err());
    let has =
        |pointer: &str, text: &str| found.iter().any(|(p, m)| p == pointer && m.contains(text));
    assert!(has("/inputs/0/distribution/min", "greater than max"));
    assert!(has("/inputs/1/distribution/mode", "outside the range"));
    assert!(has("/inputs/2/distribution/alpha", "greater than 0"));
    assert!(has("/inputs/2/distribution/beta", "greater than 0"));
    assert!(has(
        "/inputs/3/distribution/min",
        "less than the minimum `0`"
    ));
    assert!(has(
        "/inputs/3/distribution/max",
        "greater than the maximum `1`"
    ));
    assert!(has(
        "/inputs/4/distribution/value",
        "greater than the maximum `5`"
    ));
    assert!(has(
        "/inputs/5/distribution/min",
        "less than the minimum `1`"
    ));
    assert!(has("/inputs/6/attribute", "has no `odds_factor`"));
    assert!(has(
        "/inputs/7",
        "already has a distribution (at /inputs/0)"
    ));
    assert!(has("/inputs/8/distribution/min", "greater than 0"));
    assert_eq!(found.len(), 11, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|(_, m)| m.starts_with(|c: char| !c.is_uppercase()))
    );
}

#[test]
fn unknown_edges_are_reported_against_the_graph() {
    let graph = checked(sample());
    let spec = simulation(
        10,
        0,
        serde_json::json!([
            {"edge": "enables", "from": "t", "to": "a", "attribute": "likelihood",
             "distribution": {"kind": "fixed", "value": 0.5}},
            {"edge": "enables", "from": "t", "to": "c", "attribute": "likelihood",
             "distribution": {"kind": "fixed", "value": 0.5}}]),
    );
    let problems = spec
        .prepare(
            &graph,
            &PrioritisationProfile::default(),
            &Limits::default(),
        )
        .unwrap_err();
    assert_eq!(
        pointers(&problems),
        [(
            "/inputs/1".to_owned(),
            "there is no `enables` edge from `t` to `c` in the graph".to_owned()
        )]
    );
}

#[test]
fn histogram_quantile_by_hand() {
    // Bins of width 0.5 holding 1, 2 and 1 values: the median (rank 2 of 4) is in bin 1,
    // half-way through its 2 values: (1 + 1/2) × 0.5 = 0.75.
    let histogram = [1, 2, 1];
    assert_eq!(histogram_quantile(&histogram, 4, 0.5, 0.5, 0.0, 2.0), 0.75);
    // Kept within the smallest and largest values seen.
    assert_eq!(histogram_quantile(&histogram, 4, 0.5, 0.5, 0.9, 2.0), 0.9);
    assert_eq!(histogram_quantile(&histogram, 4, 1.0, 0.5, 0.0, 1.2), 1.2);
}
