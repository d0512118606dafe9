//! The invalid-document corpus in `tests/fixtures/invalid/`: every case must produce the problems
//! its `.expect.json` names, and none may panic.
//!
//! A case is `NAME.expect.json` plus either `NAME.json` (the document) or a `generate` recipe in
//! the expect file, for inputs too big to commit. The expect file:
//!
//! ```json
//! { "against": "valid/questionnaire.json",
//!   "kind": "risk_graph",
//!   "generate": { "recipe": "long_string", "bytes": 10485760 },
//!   "problems": [ { "pointer": "/responses/x", "message_contains": "unknown question `x`",
//!                   "stage": "semantic" } ] }
//! ```
//!
//! `against` (optional, relative to `tests/fixtures/`) names the questionnaire an assessment case
//! is checked against. `kind` (optional) names the document kind; cases of a kind this crate
//! does not read yet are skipped. `stage` is optional.
//!
//! Like the JSON Schema conformance suite, the runner keeps an explicit list of the cases that
//! cannot pass yet, with the reason; a listed case that starts passing fails the run, so the list
//! only shrinks.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use hrdd::document::{Document, DocumentKind, read};
use hrdd::{Limits, Problem};
use serde::Deserialize;
use serde_json::Value;

/// Cases that cannot pass yet, and why. Remove a line when its check lands.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Expect {
    #[serde(default)]
    pub(super) against: Option<String>,
    #[serde(default)]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) generate: Option<Value>,
    pub(super) problems: Vec<ExpectedProblem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExpectedProblem {
    pub(super) pointer: String,
    message_contains: String,
    #[serde(default)]
    stage: Option<String>,
}

pub(super) fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.expect.json` under `dir`, recursively, sorted.
pub(super) fn expect_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            expect_files(&path, found);
        } else if path.to_string_lossy().ends_with(".expect.json") {
            found.push(path);
        }
    }
}

/// Builds a generated input from its recipe.
pub(super) fn generate(recipe: &Value) -> String {
    let number = |key: &str| recipe[key].as_u64().unwrap() as usize;
    match recipe["recipe"].as_str().unwrap() {
        // A questionnaire whose title is one string of `bytes` bytes.
        "long_string" => format!(
            r#"{{"document": "questionnaire", "id": "long", "version": "1.0.0", "audience": "any", "sections": [], "title": "{}"}}"#,
            "x".repeat(number("bytes"))
        ),
        // An assessment whose extensions hold `depth` nested arrays.
        "deep_arrays" => {
            let depth = number("depth");
            format!(
                r#"{{"document": "assessment", "extensions": {{"deep": {}{}}}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            )
        }
        // A questionnaire whose id is `chars` characters long, within the size limit.
        "long_id" => format!(
            r#"{{"document": "questionnaire", "id": "{}", "version": "1.0.0", "title": "t", "audience": "any", "sections": []}}"#,
            "Q".repeat(number("chars"))
        ),
        // A questionnaire with `count` questions in one section.
        "many_questions" => {
            let questions: Vec<String> = (0..number("count"))
                .map(|n| {
                    format!(r#"{{"id": "q{n}", "prompt": "p", "answer": {{"kind": "yes_no"}}}}"#)
                })
                .collect();
            format!(
                r#"{{"document": "questionnaire", "id": "many", "version": "1.0.0", "title": "t", "audience": "any",
                    "sections": [{{"id": "s", "title": "s", "pillar": "respect", "principles": [17], "questions": [{}]}}]}}"#,
                questions.join(",")
            )
        }
        other => panic!("unknown recipe `{other}`"),
    }
}

/// Reads a case and, for an assessment with `against`, checks it against that questionnaire.
fn problems_of(text: &str, against: Option<&str>) -> Vec<Problem> {
    let document = match read(text, &Limits::default()) {
        Ok(document) => document,
        Err(problems) => return problems.into_iter().collect(),
    };
    let Some(against) = against else {
        return Vec::new();
    };
    let path = fixtures_dir().join(against);
    let questionnaire_text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let Ok(Document::Questionnaire(questionnaire)) = read(&questionnaire_text, &Limits::default())
    else {
        panic!("{} is not a valid questionnaire", path.display());
    };
    let checked = (*questionnaire)
        .check()
        .unwrap_or_else(|p| panic!("{}:\n{p}", path.display()));
    match document {
        Document::Assessment(assessment) => match assessment.check(&checked) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().collect(),
        },
        other => panic!("`against` is for assessments, not {}", other.kind()),
    }
}

fn stage_name(problem: &Problem) -> String {
    serde_json::to_value(problem.stage)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Why a case failed, or `None` when every expected problem was found.
fn judge(expect: &Expect, problems: &[Problem]) -> Option<String> {
    let mut missing = Vec::new();
    for expected in &expect.problems {
        let found = problems.iter().any(|p| {
            p.pointer == expected.pointer
                && p.message.contains(&expected.message_contains)
                && expected.stage.as_ref().is_none_or(|s| *s == stage_name(p))
        });
        if !found {
            missing.push(format!(
                "  expected {:?}: ...{}... (stage {:?})",
                expected.pointer, expected.message_contains, expected.stage
            ));
        }
    }
    // Every message keeps the crate's style whatever the input: lowercase first, one line, short
    // (no 10 MB string echoed back).
    for p in problems {
        let first = p.message.chars().next();
        if first.is_none_or(char::is_uppercase)
            || p.message.contains('\n')
            || p.message.chars().count() > 400
        {
            missing.push(format!("  badly styled message: {:.200}", p.message));
        }
    }
    if expect.problems.is_empty() {
        missing.push("  the expect file names no problem".to_owned());
    }
    if missing.is_empty() {
        return None;
    }
    let got: Vec<String> = problems
        .iter()
        .map(|p| {
            format!(
                "  got {:?} [{}]: {:.200}",
                p.pointer,
                stage_name(p),
                p.message
            )
        })
        .collect();
    Some(format!("{}\n{}", missing.join("\n"), got.join("\n")))
}

#[test]
fn invalid_fixtures_produce_their_problems() {
    let root = fixtures_dir().join("invalid");
    let mut files = Vec::new();
    expect_files(&root, &mut files);
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut names = Vec::new();
    for expect_path in files {
        let name = expect_path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".expect.json")
            .to_owned();
        names.push(name.clone());
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(&expect_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
        if expect
            .kind
            .as_deref()
            .is_some_and(|kind| DocumentKind::from_name(kind).is_none())
        {
            continue; // a kind this crate does not read yet
        }
        let text = match &expect.generate {
            Some(recipe) => generate(recipe),
            None => {
                let path = root.join(format!("{name}.json"));
                std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            }
        };
        ran += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            problems_of(&text, expect.against.as_deref())
        }));
        let verdict = match outcome {
            Ok(problems) => judge(&expect, &problems),
            Err(_) => Some("  panicked".to_owned()),
        };
        let known = KNOWN_FAILURES.iter().find(|(known, _)| *known == name);
        match (verdict, known) {
            (None, None) | (Some(_), Some(_)) => {}
            (Some(why), None) => failures.push(format!("{name}:\n{why}")),
            (None, Some((_, reason))) => failures.push(format!(
                "{name}: passes now; remove it from KNOWN_FAILURES (was: {reason})"
            )),
        }
    }
    for (known, _) in KNOWN_FAILURES {
        assert!(
            names.iter().any(|n| n == known),
            "KNOWN_FAILURES names `{known}`, which is not a case"
        );
    }
    assert!(ran >= 25, "only {ran} cases ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_document_has_an_expect_file() {
    fn walk(dir: &Path, orphans: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, orphans);
            } else if name.ends_with(".json") && !name.ends_with(".expect.json") {
                let expect =
                    PathBuf::from(format!("{}.expect.json", name.trim_end_matches(".json")));
                if !expect.exists() {
                    orphans.push(path);
                }
            }
        }
    }
    let mut orphans = Vec::new();
    walk(&fixtures_dir().join("invalid"), &mut orphans);
    assert!(
        orphans.is_empty(),
        "fixtures without an expect file: {orphans:?}"
    );
}

#[test]
fn the_valid_fixtures_read_and_check() {
    let dir = fixtures_dir().join("valid");
    let read_file = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        read(&text, &Limits::default()).unwrap_or_else(|p| panic!("{name}:\n{p}"))
    };
    let Document::Questionnaire(questionnaire) = read_file("questionnaire.json") else {
        panic!("questionnaire.json is not a questionnaire");
    };
    let checked = (*questionnaire).check().unwrap();
    let Document::Assessment(assessment) = read_file("assessment.json") else {
        panic!("assessment.json is not an assessment");
    };
    assessment.check(&checked).unwrap();
    assert_eq!(
        read_file("scoring_profile.json").kind(),
        DocumentKind::ScoringProfile
    );
}
