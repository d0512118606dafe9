//! The `self_assessment` example's command contract (DESIGN §6): exit code 0 on success, 1 on a
//! usage error, 2 on invalid input with every problem on stderr as `<json-pointer>: <message>`,
//! and never a panic — checked on every case of the invalid-document corpus.

use std::path::PathBuf;
use std::process::Output;

use super::cli::is_problem_line;

use hrdd::document::DocumentKind;

use super::fixtures::{Expect, expect_files, fixtures_dir, generate};

/// The example binary.
pub(super) fn example() -> PathBuf {
    super::cli::built("self_assessment")
}

pub(super) fn run(args: &[&str]) -> Output {
    super::cli::run("self_assessment", args)
}

#[test]
fn every_invalid_fixture_exits_with_code_2_and_lists_its_problems() {
    let mut cases = Vec::new();
    expect_files(&fixtures_dir().join("invalid"), &mut cases);
    assert!(cases.len() >= 25, "the corpus has {} cases", cases.len());
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("example_cli");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut failures = Vec::new();
    for expect_path in cases {
        let expect: Expect =
            serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
        if expect
            .kind
            .as_deref()
            .is_some_and(|kind| DocumentKind::from_name(kind).is_none())
        {
            continue; // a kind this crate does not read yet
        }
        let name = expect_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".expect.json", "");
        let document = match &expect.generate {
            Some(recipe) => {
                let path = scratch.join(format!("{name}.json"));
                std::fs::write(&path, generate(recipe)).unwrap();
                path
            }
            None => expect_path.with_file_name(format!("{name}.json")),
        };
        let against = expect.against.as_ref().map(|a| fixtures_dir().join(a));
        let mut args = vec![
            "validate".to_owned(),
            document.to_string_lossy().into_owned(),
        ];
        if let Some(against) = &against {
            args.extend([
                "--questionnaire".to_owned(),
                against.to_string_lossy().into_owned(),
            ]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        if output.status.code() != Some(2) {
            failures.push(format!(
                "{name}: exit code {:?}, stderr:\n{stderr}",
                output.status.code()
            ));
        } else if lines.is_empty() || !lines.iter().all(|l| is_problem_line(l)) {
            failures.push(format!(
                "{name}: stderr is not `<json-pointer>: <message>` lines:\n{stderr}"
            ));
        } else if let Some(missing) = expect.problems.iter().find(|p| {
            !lines
                .iter()
                .any(|l| l.starts_with(&format!("{}: ", p.pointer)))
        }) {
            failures.push(format!(
                "{name}: no problem at `{}` in:\n{stderr}",
                missing.pointer
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn usage_errors_exit_with_code_1() {
    for args in [
        &["frobnicate"][..],
        &["show"],
        &["show", "no-such-questionnaire"],
        &["list", "--yaml"],
        &["score"],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_demo_lists_the_sample_company_and_its_gaps() {
    let output = run(&[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Meridian Cloud & AI Ltd."));
    assert!(stdout.contains("Weakest sections"));
    assert!(stdout.matches("action: ").count() >= 5, "{stdout}");
}

#[test]
fn a_template_of_every_builtin_validates_and_scores() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("example_cli");
    std::fs::create_dir_all(&scratch).unwrap();
    for questionnaire in hrdd::questionnaire::builtins() {
        let id = questionnaire.questionnaire().id.as_str();
        let output = run(&["template", id]);
        assert_eq!(output.status.code(), Some(0));
        let path = scratch.join(format!("{id}.template.json"));
        std::fs::write(&path, &output.stdout).unwrap();
        let path = path.to_string_lossy().into_owned();
        let validated = run(&["validate", &path]);
        assert_eq!(
            validated.status.code(),
            Some(0),
            "{id}: {}",
            String::from_utf8_lossy(&validated.stderr)
        );
        let scored = run(&["score", &path, "--format", "json"]);
        assert_eq!(
            scored.status.code(),
            Some(0),
            "{id}: {}",
            String::from_utf8_lossy(&scored.stderr)
        );
        let card =
            hrdd::scoring::Scorecard::from_json(&String::from_utf8_lossy(&scored.stdout)).unwrap();
        // A blank template answers nothing: every applicable question is unknown, the score is 0.
        assert_eq!(card.overall.score, Some(0.0), "{id}");
        assert_eq!(card.overall.answered, 0, "{id}");
    }
}
