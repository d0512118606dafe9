//! The `self_assessment` example's `migrate` and `compare` commands, with the exit codes of the
//! command contract (DESIGN §6).

use std::path::PathBuf;

use hrdd::comparison::ScorecardComparison;

use super::example_cli::run;

const HARBOURLINE: &str = "examples/data/harbourline-investor.assessment.json";

fn scratch(name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn an_assessment_compared_with_itself_shows_no_change() {
    let text = stdout(&["compare", HARBOURLINE, HARBOURLINE]);
    assert!(text.contains("no change"), "{text}");
}

#[test]
fn an_improved_assessment_shows_its_changed_answers_and_closed_gaps() {
    let mut improved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(HARBOURLINE).unwrap()).unwrap();
    improved["date"] = "2027-03-10".into();
    improved["responses"]["esc-strategy"] =
        serde_json::json!({ "status": "answered", "answer": { "kind": "maturity", "level": 4 } });
    let path = scratch("improved.json", &improved.to_string());
    let json = stdout(&["compare", HARBOURLINE, &path, "--format", "json"]);
    let comparison = ScorecardComparison::from_json(&json).unwrap();
    // One answer changed (0 -> 4), which closes its gap and opens none.
    let changed: Vec<&str> = comparison
        .answers
        .iter()
        .map(|a| a.question.as_str())
        .collect();
    assert_eq!(changed, ["esc-strategy"]);
    let closed: Vec<&str> = comparison
        .gaps_closed
        .iter()
        .map(|g| g.question.as_str())
        .collect();
    assert_eq!(closed, ["esc-strategy"]);
    assert!(comparison.gaps_opened.is_empty());
    assert!(comparison.overall.score.unwrap() > 0.0);
    let text = stdout(&["compare", HARBOURLINE, &path]);
    assert!(text.contains("Gaps closed (1)"), "{text}");
    assert!(
        text.contains("esc-strategy: answered 0 -> answered 100"),
        "{text}"
    );
}

#[test]
fn versions_compare_only_after_migrating() {
    let migrated = stdout(&["migrate", HARBOURLINE]);
    let path = scratch("migrated.json", &migrated);
    let output = run(&["compare", HARBOURLINE, &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("/questionnaire/version: ")
            && stderr.contains("migrate the assessment of version `1.0.0` to `1.1.0` first"),
        "{stderr}"
    );
    // Migrated and scored, it compares with itself.
    assert!(stdout(&["compare", &path, &path]).contains("no change"));
    let report = stdout(&["migrate", HARBOURLINE, "--report"]);
    assert!(report.contains("\"outcome\": \"dropped\""), "{report}");
}

#[test]
fn wrong_inputs_exit_with_1_or_2() {
    for (args, code) in [
        (&["compare", HARBOURLINE][..], 1),
        (
            &["compare", HARBOURLINE, HARBOURLINE, "--format", "yaml"],
            1,
        ),
        (
            &[
                "compare",
                HARBOURLINE,
                "tests/fixtures/valid/questionnaire.json",
            ],
            2,
        ),
        (&["compare", HARBOURLINE, "no-such-file.json"], 2),
        (&["migrate", HARBOURLINE, "--to", "one"], 1),
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The reports a person reads: Markdown and HTML on stdout or, with `--out`, in a file; `--out`
/// with a format for machines or terminals is a usage error (1, as for `score` and `analyze`),
/// and a file that cannot be written is an error of input (2), each said on stderr.
#[test]
fn compare_writes_markdown_and_html_reports() {
    let markdown = stdout(&["compare", HARBOURLINE, HARBOURLINE, "--format", "markdown"]);
    assert!(
        markdown.starts_with("# Harbourline Technology Growth Fund: progress\n"),
        "{markdown}"
    );
    // The built-in questionnaire and profile give titles and band labels.
    assert!(markdown.contains("| Escalation and responsible exit | Pillar II: Respect |"));
    assert!(markdown.contains("The overall score stayed at"));

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("progress.html");
    let _ = std::fs::remove_file(&out);
    let output = run(&[
        "compare",
        HARBOURLINE,
        HARBOURLINE,
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty(), "the report goes to the file");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("id=\"chart-comparison\""));

    for format in ["text", "json"] {
        let output = run(&[
            "compare",
            HARBOURLINE,
            HARBOURLINE,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("`--out` goes with `--format markdown` or `html`"),
            "{stderr}"
        );
    }
    let nowhere = dir.join("no-such-dir/progress.md");
    let output = run(&[
        "compare",
        HARBOURLINE,
        HARBOURLINE,
        "--format",
        "markdown",
        "--out",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: cannot write `"), "{stderr}");
}
