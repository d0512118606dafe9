#!/usr/bin/env bash
# Times the (technology, right) aggregation of the same layered graph in Rust (criterion, the
# `networkx` group of `benches/simulation.rs`, which also writes the graph) and in Python with
# networkx (`benches/networkx_compare.py`), and prints both timings and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
graph="$PWD/target/bench-layered-graph.json"
log="$PWD/target/bench-networkx.txt"
HRDD_BENCH_GRAPH_OUT="$graph" cargo bench --bench simulation -- networkx | tee "$log"
python3 benches/networkx_compare.py "$graph" "$log"
