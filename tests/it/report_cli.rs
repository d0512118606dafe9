//! The `self_assessment` example's report formats and its interactive session, driven through a
//! pipe as a person would drive it through a terminal.

#![cfg(feature = "report")]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use hrdd::assessment::{Answer, Assessment, Response};

use super::example_cli::example;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report_cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs the example with `input` on stdin; returns (exit code, stdout, stderr).
fn run_with_input(args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(example())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn score_writes_markdown_and_html_to_a_file() {
    for (format, start) in [("markdown", "# Meridian"), ("html", "<!DOCTYPE html>")] {
        let out = scratch(&format!("meridian.{format}"));
        let _ = std::fs::remove_file(&out);
        let (code, stdout, stderr) = run_with_input(
            &[
                "score",
                "examples/data/meridian-respect.assessment.json",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.is_empty(), "the report goes to the file, not stdout");
        assert!(std::fs::read_to_string(&out).unwrap().starts_with(start));
    }
    let (code, _, stderr) = run_with_input(
        &[
            "score",
            "examples/data/meridian-respect.assessment.json",
            "--format",
            "pdf",
        ],
        "",
    );
    assert_eq!(code, Some(1), "{stderr}");
}

/// The fixture questionnaire asked through a pipe, with mistakes along the way, stopped by the end
/// of the input halfway through a repeated section, then resumed. Expected numbers by hand:
/// policy: yes 100, maturity 3 75, `executive` 1 of 2 points 50, staff and public 2 of 3 points
/// 66.67, review every 400 days (band from 366: 1 of 2 points) 50, mean 68.33; per-issue keeps
/// its weakest item: privacy level 4 = 100, expression unknown = 0, so 0; overall (68.33 + 0) / 2
/// = 34.2, band "initial" (20 to 40); 7 applicable, 6 answered (86%), 1 with evidence (14%).
#[test]
fn interactive_session_through_a_pipe_saves_resumes_and_scores() {
    let save = scratch("interactive.assessment.json");
    let _ = std::fs::remove_file(&save);
    let save_arg = save.to_str().unwrap();
    let args = [
        "interactive",
        "tests/fixtures/valid/questionnaire.json",
        "--save",
        save_arg,
    ];
    let first = "Pipe Co\n\
                 yes @ policy.pdf\n\
                 maybe\n\
                 5\n\
                 3\n\
                 na\n\
                 2\n\
                 staff, public\n\
                 400\n\
                 nothing more\n\
                 privacy, expression\n\
                 4\n";
    let (code, stdout, stderr) = run_with_input(&args, first);
    assert_eq!(code, Some(0), "{stderr}");
    // Progress, help for the person answering, and reasons to ask again.
    assert!(stdout.contains("[question 1 of 6]"), "{stdout}");
    assert!(
        stdout.contains("[question 2 of 7]"),
        "the maturity question appears after `yes`"
    );
    assert!(stdout.contains("== Section 1 of 3: Policy commitment"));
    assert!(stdout.contains("`maybe` is not a level from 0 to 4; try again"));
    assert!(stdout.contains("`5` is not a level from 0 to 4; try again"));
    assert!(stdout.contains("this question cannot be marked not applicable; try again"));
    // Items are asked in the order they were listed.
    assert!(
        stdout.contains("item `privacy`\n\n[question 8 of 9]"),
        "{stdout}"
    );
    assert!(stdout.contains("input ended: 8 of 9 questions answered"));

    let saved = Assessment::from_json(&std::fs::read_to_string(&save).unwrap()).unwrap();
    assert_eq!(saved.subject.name, "Pipe Co");
    assert_eq!(saved.responses.len(), 7);
    assert!(matches!(
        saved.responses.get("has-policy"),
        Some(Response::Answered { answer: Answer::YesNo { value: true }, evidence, .. }) if evidence == &["policy.pdf"]
    ));
    assert!(matches!(
        saved.responses.get("policy-approval"),
        Some(Response::Answered { answer: Answer::SingleChoice { option }, .. }) if option.as_str() == "executive"
    ));
    let per_issue = saved.repeats.get("per-issue").unwrap();
    assert!(per_issue.contains_key("privacy") && !per_issue.contains_key("expression"));

    // Resume: only the last question is left.
    let (code, stdout, stderr) = run_with_input(&args, "?\n");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("resuming Pipe Co"));
    assert!(stdout.contains("[question 9 of 9]"));
    assert!(!stdout.contains("[question 1 of"));
    assert!(stdout.contains("all visible questions answered"));
    let overall: Vec<&str> = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Overall"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        overall,
        ["Overall", "34.2", "Initial", "86%", "14%"],
        "{stdout}"
    );
    let saved = Assessment::from_json(&std::fs::read_to_string(&save).unwrap()).unwrap();
    let expression = saved
        .repeats
        .get("per-issue")
        .and_then(|items| items.get("expression"))
        .and_then(|responses| responses.get("issue-action"));
    assert!(matches!(expression, Some(Response::Unknown { .. })));
}
