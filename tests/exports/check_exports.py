#!/usr/bin/env python3
"""Proves the reference graph's exports load in the tools they are for (run by `.ci/run`).

- DOT: `dot -Tsvg` renders it (graphviz installed with apt-get when `dot` is missing);
- GraphML: networkx reads it (installed with pip when missing) with the same nodes, edges and
  attributes as the JSON document of the same graph.

Without apt-get or pip (and `CI` unset) a missing tool is skipped with a notice; in CI it fails.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IN_CI = bool(os.environ.get("CI"))


def example(*args):
    return subprocess.run(
        ["cargo", "run", "--quiet", "--example", "end_use_scenarios", "--", *args],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout


def skip_or_fail(message):
    if IN_CI:
        sys.exit(f"check_exports: {message}")
    print(f"check_exports: skipped: {message}")


def have_dot():
    if shutil.which("dot"):
        return True
    if shutil.which("apt-get"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=False)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "graphviz"], check=False)
    return shutil.which("dot") is not None


def have_networkx():
    try:
        import networkx  # noqa: F401
        return True
    except ImportError:
        pass
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "networkx"], check=False)
    try:
        import networkx  # noqa: F401
        return True
    except ImportError:
        return False


def check_dot(dot_text, graph):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "reference.dot")
        with open(path, "w", encoding="utf-8") as f:
            f.write(dot_text)
        svg = subprocess.run(["dot", "-Tsvg", path], check=True, capture_output=True).stdout
    assert svg.lstrip().startswith(b"<?xml") or b"<svg" in svg[:500], "dot did not give an SVG"
    # graphviz writes one <g class="node"> per node and one <g class="edge"> per edge.
    nodes = svg.count(b'class="node"')
    edges = svg.count(b'class="edge"')
    assert nodes == len(graph["nodes"]), f"svg has {nodes} nodes, graph {len(graph['nodes'])}"
    assert edges == len(graph["edges"]), f"svg has {edges} edges, graph {len(graph['edges'])}"
    print(f"check_exports: dot -Tsvg rendered {nodes} nodes and {edges} edges")


def check_graphml(graphml_text, graph):
    import networkx as nx

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "reference.graphml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(graphml_text)
        g = nx.read_graphml(path)
    assert g.is_directed()
    assert g.number_of_nodes() == len(graph["nodes"])
    assert g.number_of_edges() == len(graph["edges"]), "edges lost (duplicates collapsed?)"
    for node in graph["nodes"]:
        data = g.nodes[node["id"]]
        assert data["kind"] == node["kind"], node["id"]
        assert data["name"] == node["name"], node["id"]
        if node["kind"] == "right":
            assert data["right"] == node["right"], node["id"]
    for edge in graph["edges"]:
        data = g.edges[edge["from"], edge["to"]]
        assert data["kind"] == edge["kind"], edge
        for field in ("likelihood", "odds_factor", "effectiveness"):
            if field in edge:
                assert isinstance(data[field], float) and data[field] == edge[field], (edge, field)
        if "severity" in edge:
            for c in ("scale", "scope", "irremediability"):
                assert data[c] == edge["severity"][c] and isinstance(data[c], int), (edge, c)
        if "source" in edge:
            assert data["source"] == edge["source"], edge
        for field in ("involvement", "leverage"):
            if field in edge:
                assert data[field] == edge[field], (edge, field)
        if edge.get("groups"):
            assert data["groups"].split(" ") == edge["groups"], edge
    print(
        f"check_exports: networkx {nx.__version__} read {g.number_of_nodes()} nodes and "
        f"{g.number_of_edges()} edges with their attributes"
    )


def main():
    graph = json.loads(example("show-reference"))
    if have_dot():
        check_dot(example("analyze", "--format", "dot"), graph)
    else:
        skip_or_fail("graphviz `dot` is not installed and could not be installed")
    if have_networkx():
        check_graphml(example("analyze", "--format", "graphml"), graph)
    else:
        skip_or_fail("networkx is not installed and could not be installed")


if __name__ == "__main__":
    main()
