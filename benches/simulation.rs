//! Simulation throughput (edge evaluations per second), and the analysis of the layered graph
//! that `benches/networkx_compare.py` aggregates with networkx.
//!
//! The layered graph (documented recipe, also in `networkx_compare.py`'s docstring): `T`
//! technologies, `E` end-uses, every catalog right as a right node. Technology `t` enables the
//! `K` end-uses `(t × 7919 + j × 104729) mod E` for `j` in `0..K` (distinct while `K <= E`
//! because 104729 is prime to `E`), with likelihood `0.05 + 0.9 × frac(φ·(t·K + j))`; end-use
//! `e` impacts the `M` rights `(e × 31 + j × 7) mod R`, with likelihood
//! `0.05 + 0.9 × frac(φ·(e·M + j + 0.5))` and severity components `1 + (e + j + c) mod 5`.
//! Set `HRDD_BENCH_GRAPH_OUT=<path>` to write the graph as JSON for the Python script.

use std::hint::black_box;
use std::num::NonZeroUsize;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hrdd::risk::{
    Attribute, CheckedRiskGraph, Distribution, EdgeKind, PrioritisationProfile, RiskGraph,
    Simulation, UncertainInput, reference_graph,
};
use hrdd::{Limits, NodeId};
use serde_json::{Value, json};

const PHI: f64 = 0.618_033_988_749_894_9;

fn frac(x: f64) -> f64 {
    x - x.floor()
}

/// The layered graph of the recipe above, as a JSON document.
fn layered(
    technologies: usize,
    end_uses: usize,
    per_technology: usize,
    per_end_use: usize,
) -> Value {
    let rights: Vec<&str> = hrdd::catalog::rights()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let r = rights.len();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for t in 0..technologies {
        nodes.push(json!({"kind": "technology", "id": format!("t{t}"), "name": format!("T{t}")}));
    }
    for e in 0..end_uses {
        nodes.push(json!({"kind": "end_use", "id": format!("e{e}"), "name": format!("E{e}")}));
    }
    for (i, right) in rights.iter().enumerate() {
        nodes.push(json!({"kind": "right", "id": format!("r{i}"), "name": right, "right": right}));
    }
    for t in 0..technologies {
        for j in 0..per_technology {
            let e = (t * 7919 + j * 104_729) % end_uses;
            let p = 0.05 + 0.9 * frac(PHI * (t * per_technology + j) as f64);
            edges.push(
                json!({"kind": "enables", "from": format!("t{t}"), "to": format!("e{e}"),
                "likelihood": p, "involvement": "contribute", "leverage": "low"}),
            );
        }
    }
    for e in 0..end_uses {
        for j in 0..per_end_use {
            let right = (e * 31 + j * 7) % r;
            let p = 0.05 + 0.9 * frac(PHI * ((e * per_end_use + j) as f64 + 0.5));
            let s = |c: usize| 1 + (e + j + c) % 5;
            edges.push(
                json!({"kind": "impacts", "from": format!("e{e}"), "to": format!("r{right}"),
                "likelihood": p, "source": "generated",
                "severity": {"scale": s(0), "scope": s(1), "irremediability": s(2)}}),
            );
        }
    }
    json!({"document": "risk_graph", "title": "layered benchmark graph", "nodes": nodes, "edges": edges})
}

fn check(value: &Value) -> CheckedRiskGraph {
    let graph: RiskGraph = serde_json::from_value(value.clone()).unwrap();
    graph.check().unwrap()
}

/// Every `every`-th likelihood uncertain, cycling through uniform, triangular and beta.
fn spec(graph: &RiskGraph, samples: u64, every: usize) -> Simulation {
    let mut simulation = Simulation::new(samples, 1);
    let with_likelihood = graph.edges.iter().filter(|e| {
        matches!(
            e.kind(),
            EdgeKind::Enables | EdgeKind::LeadsTo | EdgeKind::Impacts
        )
    });
    for (n, edge) in with_likelihood.enumerate().filter(|(n, _)| n % every == 0) {
        let distribution = match n / every % 3 {
            0 => Distribution::Uniform { min: 0.1, max: 0.5 },
            1 => Distribution::Triangular {
                min: 0.0,
                mode: 0.3,
                max: 0.9,
            },
            _ => Distribution::Beta {
                alpha: 2.0,
                beta: 5.0,
                min: None,
                max: None,
            },
        };
        simulation.inputs.push(UncertainInput::new(
            edge.kind(),
            NodeId::new(edge.from().as_str()).unwrap(),
            NodeId::new(edge.to().as_str()).unwrap(),
            Attribute::Likelihood,
            distribution,
        ));
    }
    simulation
}

fn simulation(c: &mut Criterion) {
    let profile = PrioritisationProfile::default();
    let threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    let mut group = c.benchmark_group("simulation");
    group.sample_size(10);
    let reference = reference_graph().clone().check().unwrap();
    let generated = check(&layered(20, 500, 50, 4));
    for (name, graph, every) in [
        ("reference/10pct-uncertain", &reference, 10),
        ("reference/all-beta", &reference, 0),
        ("layered-5k-edges/10pct-uncertain", &generated, 10),
    ] {
        let samples = 8 * hrdd::risk::CHUNK_SAMPLES;
        let spec = if every == 0 {
            Simulation::with_beta_likelihoods(graph.graph(), samples, 1)
        } else {
            spec(graph.graph(), samples, every)
        };
        let prepared = spec.prepare(graph, &profile, &Limits::default()).unwrap();
        group.throughput(Throughput::Elements(
            samples * prepared.edge_evaluations_per_sample(),
        ));
        group.bench_function(name, |b| {
            b.iter(|| black_box(prepared.run_with(threads, &mut |_| {})))
        });
    }
    group.finish();
}

fn networkx(c: &mut Criterion) {
    // About 100 000 edges: 200 × 250 enables and 10 000 × 5 impacts.
    let value = layered(200, 10_000, 250, 5);
    if let Some(path) = std::env::var_os("HRDD_BENCH_GRAPH_OUT") {
        std::fs::write(path, serde_json::to_string(&value).unwrap()).unwrap();
    }
    let graph = check(&value);
    let profile = PrioritisationProfile::default();
    let mut group = c.benchmark_group("networkx");
    group.sample_size(10);
    group.throughput(Throughput::Elements(graph.graph().edges.len() as u64));
    group.bench_function("analysis/layered-100k-edges", |b| {
        b.iter(|| black_box(graph.analyse(&profile)))
    });
    group.finish();
}

criterion_group!(benches, simulation, networkx);
criterion_main!(benches);
