//! The `end_use_scenarios` example's command contract (DESIGN §6): exit code 0 on success, 1 on
//! a usage error, 2 on invalid input with every problem on stderr as `<json-pointer>: <message>`;
//! every risk fixture of the invalid corpus; and `simulate` giving the same bytes for the same
//! seed.

use std::path::PathBuf;
use std::process::Output;

use super::cli::is_problem_line;

use super::fixtures::{expect_files, fixtures_dir};

fn run(args: &[&str]) -> Output {
    super::cli::run("end_use_scenarios", args)
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn demo_prints_top_risks_with_rights_and_actions() {
    let output = run(&[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Top 10"), "{text}");
    assert!(text.contains("involvement"));
    assert!(text.contains("    - "), "actions are listed");
}

#[test]
fn usage_errors_exit_with_1() {
    for args in [
        &["frobnicate"][..],
        &["analyze", "--format", "pdf"],
        &["simulate", "--samples", "10"],
        &["simulate", "--samples", "ten", "--seed", "1"],
        &["validate"],
        &["analyze", "--colour", "red"],
    ] {
        let output = run(args);
        assert_eq!(code(&output), 1, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("usage:"), "{args:?}");
    }
}

#[test]
fn every_risk_fixture_exits_with_2_and_its_problems() {
    let mut cases = Vec::new();
    expect_files(&fixtures_dir().join("invalid/risk"), &mut cases);
    assert!(cases.len() >= 10, "{} risk cases", cases.len());
    for expect_path in cases {
        let expect: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
        let document = expect_path
            .to_string_lossy()
            .replace(".expect.json", ".json");
        let output = run(&["validate", &document]);
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{document}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert!(!lines.is_empty(), "{document}");
        assert!(
            lines.iter().all(|l| is_problem_line(l)),
            "{document}:\n{err}"
        );
        for wanted in expect["problems"].as_array().unwrap() {
            let pointer = wanted["pointer"].as_str().unwrap();
            let contains = wanted["message_contains"].as_str().unwrap();
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{pointer}: ")) && l.contains(contains)),
                "{document}: expected {pointer}: ...{contains}...; got\n{err}"
            );
        }
    }
}

#[test]
fn a_graph_with_problems_exits_with_2_from_analyze_and_simulate() {
    let graph = fixtures_dir().join("invalid/risk/graph_cycle.json");
    let graph = graph.to_str().unwrap();
    for args in [
        &["analyze", graph][..],
        &["simulate", graph, "--samples", "10", "--seed", "1"],
    ] {
        let output = run(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stderr(&output).lines().all(is_problem_line));
    }
    let output = run(&["analyze", "no/such/file.json"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn analyze_formats_and_show_reference() {
    let output = run(&["show-reference"]);
    assert_eq!(code(&output), 0);
    let graph: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(graph["document"], "risk_graph");
    for (format, marker) in [
        ("text", "Top"),
        ("json", "\"risk_register\""),
        ("csv", "entry,rank,technology"),
        ("markdown", "## Risks by severity and likelihood"),
        ("html", "</html>"),
        ("svg", "<svg"),
        ("dot", "digraph risk {"),
        ("graphml", "<graphml"),
    ] {
        let output = run(&["analyze", "--format", format]);
        assert_eq!(code(&output), 0, "{format}: {}", stderr(&output));
        assert!(
            String::from_utf8_lossy(&output.stdout).contains(marker),
            "{format}"
        );
    }
}

#[test]
fn analyze_writes_reports_to_a_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("end_use_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.html");
    let _ = std::fs::remove_file(&path);
    let output = run(&[
        "analyze",
        "--format",
        "html",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "the report goes to the file, not stdout"
    );
    let html = std::fs::read_to_string(&path).unwrap();
    // The heat map and the flow diagram are both drawn.
    assert!(html.matches("<svg").count() >= 2, "{html}");
    // `--out` only goes with the formats a person reads.
    assert_eq!(
        code(&run(&[
            "analyze",
            "--format",
            "csv",
            "--out",
            path.to_str().unwrap()
        ])),
        1
    );
}

#[test]
fn simulate_is_deterministic_for_a_fixed_seed() {
    for format in ["json", "csv", "text"] {
        let args = [
            "simulate",
            "--samples",
            "9000",
            "--seed",
            "42",
            "--format",
            format,
        ];
        let first = run(&args);
        assert_eq!(code(&first), 0, "{}", stderr(&first));
        let second = run(&args);
        assert_eq!(first.stdout, second.stdout, "{format}");
        // The thread count does not change a byte either.
        let mut one_thread = args.to_vec();
        one_thread.extend(["--threads", "1"]);
        assert_eq!(first.stdout, run(&one_thread).stdout, "{format}");
    }
    let other = run(&[
        "simulate",
        "--samples",
        "9000",
        "--seed",
        "43",
        "--format",
        "csv",
    ]);
    let first = run(&[
        "simulate",
        "--samples",
        "9000",
        "--seed",
        "42",
        "--format",
        "csv",
    ]);
    assert_ne!(first.stdout, other.stdout);
}

#[test]
fn simulate_with_a_spec_and_a_scenario() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("end_use_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let graph = dir.join("graph.json");
    std::fs::write(
        &graph,
        serde_json::json!({
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
        })
        .to_string(),
    )
    .unwrap();
    let spec = dir.join("spec.json");
    std::fs::write(
        &spec,
        serde_json::json!({
            "document": "simulation", "samples": 5000, "seed": 3, "inputs": [
                {"edge": "impacts", "from": "e", "to": "r", "attribute": "likelihood",
                 "distribution": {"kind": "fixed", "value": 0.25}}]})
        .to_string(),
    )
    .unwrap();
    let output = run(&[
        "simulate",
        graph.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let outcome: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Severity 3/3/3 = 6 points, likelihood fixed at 1 × 0.25: priority 6.25 in every sample.
    assert_eq!(outcome["risks"][0]["p50"], 6.25);
    assert_eq!(outcome["samples"], 5000);

    let scenario = dir.join("scenario.json");
    std::fs::write(
        &scenario,
        serde_json::json!({"document": "scenario", "changes": [
            {"kind": "add_mitigation", "mitigation": {"id": "m", "name": "M"}, "to": "e",
             "effectiveness": 0.5}]})
        .to_string(),
    )
    .unwrap();
    let output = run(&[
        "simulate",
        graph.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let outcome: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The mitigation halves the use: 6 + 0.5 × 0.25 = 6.125.
    assert_eq!(outcome["risks"][0]["p50"], 6.125);

    // A spec naming an edge the graph lacks: exit 2 with the input's pointer.
    std::fs::write(
        &spec,
        serde_json::json!({
            "document": "simulation", "samples": 10, "inputs": [
                {"edge": "impacts", "from": "e", "to": "nowhere", "attribute": "likelihood",
                 "distribution": {"kind": "fixed", "value": 0.25}}]})
        .to_string(),
    )
    .unwrap();
    let output = run(&[
        "simulate",
        graph.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).starts_with("/inputs/0: there is no `impacts` edge"));
}

/// `simulate` writes the reports a person reads: Markdown, HTML and the box plot as SVG, on
/// stdout or with `--out` in a file; `--out` with a format for machines or terminals is a usage
/// error (1, as for `analyze`), and a file that cannot be written an error of input (2), each
/// said on stderr.
#[test]
fn simulate_writes_reports() {
    let args = ["simulate", "--samples", "500", "--seed", "9", "--format"];
    for (format, marker) in [
        ("markdown", "| Seed | 9 |"),
        ("html", "<dt>Samples</dt><dd>500</dd>"),
        ("svg", "<svg"),
    ] {
        let mut all = args.to_vec();
        all.push(format);
        let output = run(&all);
        assert_eq!(code(&output), 0, "{format}: {}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(marker), "{format}: {text}");
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("end_use_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("simulation.svg");
    let _ = std::fs::remove_file(&path);
    let mut all = args.to_vec();
    all.extend(["svg", "--out", path.to_str().unwrap()]);
    let output = run(&all);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "the report goes to the file");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("id=\"chart-priority\""));

    for format in ["text", "json", "csv"] {
        let mut all = args.to_vec();
        all.extend([format, "--out", path.to_str().unwrap()]);
        let output = run(&all);
        assert_eq!(code(&output), 1, "{format}");
        assert!(
            stderr(&output).contains("`--out` goes with `--format markdown`, `html` or `svg`"),
            "{}",
            stderr(&output)
        );
    }
    let nowhere = dir.join("no-such-dir/simulation.md");
    let mut all = args.to_vec();
    all.extend(["markdown", "--out", nowhere.to_str().unwrap()]);
    let output = run(&all);
    assert_eq!(code(&output), 2);
    // The last line: a slow run shows a progress line before it.
    assert!(
        stderr(&output)
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("error: cannot write `")),
        "{}",
        stderr(&output)
    );
}
