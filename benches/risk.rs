//! Analysis of generated layered risk graphs of 10^3 to 10^6 edges.
//!
//! Layout: `E = edges / 4` end-uses, each enabled by 2 technologies and impacting 2 rights;
//! `T = max(1, E / 20)` technologies; 40 right nodes over catalog rights. About one end-use in
//! ten has an actor, one in ten a context and one in twenty a mitigation (those edges are part of
//! the count). The choices come from a fixed linear congruential generator, so every run analyses
//! the same graphs. Run: `cargo bench --bench risk`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "tests and benchmarks fail loudly and print what they measure"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hrdd::risk::{
    CheckedRiskGraph, Edge, Enables, Entity, Impact, Involvement, Leverage, Mitigates, Modifier,
    Node, PrioritisationProfile, RightNode, RiskGraph, Severity,
};
use hrdd::{NodeId, RightId};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_001) as f64 / 1_000_000.0
    }
}

fn id(text: String) -> NodeId {
    NodeId::new(&text).unwrap()
}

/// A layered graph with about `edges` edges.
pub fn layered(edges: usize) -> RiskGraph {
    let mut rng = Lcg(edges as u64);
    let rights: Vec<RightId> = hrdd::catalog::rights()
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let end_uses = (edges / 4).max(1);
    let technologies = (end_uses / 20).max(1);
    let right_nodes = 40.min(rights.len()).max(1);
    let mut nodes = Vec::new();
    for t in 0..technologies {
        nodes.push(Node::Technology(Entity::new(id(format!("t{t}")), "T")));
    }
    for e in 0..end_uses {
        nodes.push(Node::EndUse(Entity::new(id(format!("e{e}")), "E")));
    }
    for (r, right) in rights.iter().take(right_nodes).enumerate() {
        nodes.push(Node::Right(RightNode::new(
            id(format!("r{r}")),
            "R",
            right.clone(),
        )));
    }
    nodes.push(Node::Actor(Entity::new(id("actor".into()), "A")));
    nodes.push(Node::Context(Entity::new(id("context".into()), "C")));
    nodes.push(Node::Mitigation(Entity::new(id("mitigation".into()), "M")));
    let involvements = [
        Involvement::Cause,
        Involvement::Contribute,
        Involvement::DirectlyLinked,
    ];
    let leverages = [
        Leverage::None,
        Leverage::Low,
        Leverage::Medium,
        Leverage::High,
    ];
    let mut list = Vec::with_capacity(edges + 16);
    let mut e = 0;
    while list.len() + 4 <= edges.max(4) {
        let eu = id(format!("e{}", e % end_uses));
        let t1 = rng.below(technologies);
        let t2 = (t1 + 1 + rng.below(technologies.max(2) - 1)) % technologies;
        for t in if t1 == t2 { vec![t1] } else { vec![t1, t2] } {
            list.push(Edge::Enables(Enables::new(
                id(format!("t{t}")),
                eu.clone(),
                rng.unit(),
                involvements[rng.below(3)],
                leverages[rng.below(4)],
            )));
        }
        let r1 = rng.below(right_nodes);
        let r2 = (r1 + 1 + rng.below(right_nodes.max(2) - 1)) % right_nodes;
        for r in if r1 == r2 { vec![r1] } else { vec![r1, r2] } {
            let severity = Severity::new(
                1 + rng.below(5) as u8,
                1 + rng.below(5) as u8,
                1 + rng.below(5) as u8,
            );
            list.push(Edge::Impacts(Impact::new(
                eu.clone(),
                id(format!("r{r}")),
                severity,
                rng.unit(),
                "generated",
            )));
        }
        match e % 20 {
            0 => list.push(Edge::Mitigates(Mitigates::new(
                id("mitigation".into()),
                eu.clone(),
                0.5,
            ))),
            1 | 11 => list.push(Edge::Deploys(Modifier::new(
                id("actor".into()),
                eu.clone(),
                2.0,
            ))),
            5 | 15 => list.push(Edge::OccursIn(Modifier::new(
                eu.clone(),
                id("context".into()),
                1.5,
            ))),
            _ => {}
        }
        e += 1;
        if e >= end_uses {
            break;
        }
    }
    RiskGraph::new(nodes, list)
}

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyse");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(4));
    let profile = PrioritisationProfile::default();
    for edges in [1_000usize, 10_000, 100_000, 1_000_000] {
        let graph: CheckedRiskGraph = layered(edges).check().unwrap();
        let count = graph.graph().edges.len();
        let register = graph.analyse(&profile);
        eprintln!(
            "graph of {count} edges, {} nodes: {} path risks, {} aggregated",
            graph.graph().nodes.len(),
            register.risk_count(),
            register.aggregate_count()
        );
        drop(register);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(BenchmarkId::from_parameter(count), &graph, |b, graph| {
            b.iter(|| black_box(graph.analyse(black_box(&profile))))
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
