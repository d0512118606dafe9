#!/usr/bin/env python3
"""The risk aggregation of `hrdd` written with networkx, timed on the same graph.

Reads the layered graph that `benches/simulation.rs` writes when `HRDD_BENCH_GRAPH_OUT` is set
(its recipe is documented there), builds a networkx DiGraph with the edge attributes, and times
the aggregation of DESIGN §4 per (technology, right): the likelihood that any end-use harms the
right, 1 - product over end-uses of (1 - p(enables) * p(impacts)), and the worst severity (each
component's maximum). Loading the graph is not timed.

    python3 benches/networkx_compare.py GRAPH.json [CRITERION_OUTPUT.txt]

With the criterion output of `cargo bench --bench simulation -- networkx`, it also prints the
Rust time for the analysis of the same graph and the ratio. The Rust analysis does more than
this aggregation (it also ranks every path risk, sorts and attaches guidance), so the ratio
understates Rust's advantage on the aggregation alone.
"""

import json
import re
import subprocess
import sys
import time


def ensure_networkx():
    try:
        import networkx  # noqa: F401
    except ImportError:
        subprocess.check_call(
            [sys.executable, "-m", "pip", "install", "--quiet", "networkx"]
        )


def load(path):
    import networkx as nx

    with open(path) as f:
        doc = json.load(f)
    graph = nx.DiGraph()
    for node in doc["nodes"]:
        graph.add_node(node["id"], kind=node["kind"])
    for edge in doc["edges"]:
        attributes = {"kind": edge["kind"], "likelihood": edge["likelihood"]}
        if "severity" in edge:
            s = edge["severity"]
            attributes["severity"] = (s["scale"], s["scope"], s["irremediability"])
        graph.add_edge(edge["from"], edge["to"], **attributes)
    return graph


def aggregate(graph):
    technologies = [n for n, kind in graph.nodes(data="kind") if kind == "technology"]
    result = {}
    for t in technologies:
        complement = {}
        worst = {}
        for e, enables in graph[t].items():
            p_use = enables["likelihood"]
            for r, impact in graph[e].items():
                p = p_use * impact["likelihood"]
                complement[r] = complement.get(r, 1.0) * (1.0 - p)
                s = impact["severity"]
                w = worst.get(r)
                worst[r] = s if w is None else (max(w[0], s[0]), max(w[1], s[1]), max(w[2], s[2]))
        for r, c in complement.items():
            result[(t, r)] = (1.0 - c, worst[r])
    return result


UNITS = {"ps": 1e-12, "ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def rust_seconds(criterion_output):
    """The median estimate of `networkx/analysis/...` in criterion's text output."""
    with open(criterion_output, encoding="utf-8") as f:
        text = f.read()
    match = re.search(
        r"networkx/analysis/\S+\s+time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", text
    )
    if not match:
        return None
    return float(match.group(1)) * UNITS[match.group(2)]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 1
    ensure_networkx()
    import networkx

    graph = load(sys.argv[1])
    runs = []
    result = None
    for _ in range(5):
        start = time.perf_counter()
        result = aggregate(graph)
        runs.append(time.perf_counter() - start)
    runs.sort()
    python = runs[len(runs) // 2]
    print(
        f"networkx {networkx.__version__}: {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges, {len(result)} (technology, right) aggregates"
    )
    print(f"python + networkx aggregation: {python * 1e3:.1f} ms (median of 5)")
    if len(sys.argv) > 2:
        rust = rust_seconds(sys.argv[2])
        if rust is None:
            print("no criterion estimate for networkx/analysis found")
            return 1
        print(f"rust hrdd analysis (criterion median): {rust * 1e3:.2f} ms")
        print(f"ratio python / rust: {python / rust:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
