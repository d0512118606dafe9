//! Reading documents: the stages of `hrdd::document::read`, and `extensions` surviving a round trip.

use std::path::PathBuf;

use hrdd::assessment::Assessment;
use hrdd::document::{Document, DocumentKind, read};
use hrdd::questionnaire::Questionnaire;
use hrdd::scoring::{Scorecard, ScoringProfile};
use hrdd::{Limits, Problems, Stage};
use serde_json::{Value, json};

fn valid(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn problems(text: &str) -> Problems {
    read(text, &Limits::default()).unwrap_err()
}

/// Extension data chosen to trip a careless round trip: nesting, empty containers, extreme and
/// negative-zero-free numbers, big integers, unicode (including a character outside the BMP and
/// escapes), a key that looks like a JSON pointer.
const EXTENSIONS: &str = r#"{
    "tool.example/v1": {
        "nested": { "deeper": { "deepest": [1, [2, [3, {}]], []] } },
        "empty_object": {},
        "empty_array": [],
        "big": 1e300,
        "small": -2.5e-308,
        "u64": 18446744073709551615,
        "i64": -9223372036854775808,
        "fraction": 0.1,
        "unicode": "Menschenrechte — droits de l’homme — 人权 — 🌍",
        "escapes": "tab\tnewline\nquote\"backslash\\",
        "null": null,
        "flag": false
    },
    "/looks~like/a pointer": "kept"
}"#;

/// Reads `text`, puts [`EXTENSIONS`] in it, and checks read -> serialize -> read keeps them.
fn assert_extensions_round_trip(text: &str) {
    let extensions: Value = serde_json::from_str(EXTENSIONS).unwrap();
    let mut value: Value = serde_json::from_str(text).unwrap();
    value["extensions"] = extensions.clone();
    let first = read(&value.to_string(), &Limits::default()).unwrap_or_else(|p| panic!("{p}"));
    let written = serde_json::to_string_pretty(&first).unwrap();
    let second = read(&written, &Limits::default()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(first, second, "{}", first.kind());
    // The written document carries the extensions exactly as they were given.
    let written: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(written["extensions"], extensions, "{}", first.kind());
}

#[test]
fn extensions_survive_a_round_trip() {
    assert_extensions_round_trip(&valid("questionnaire.json"));
    assert_extensions_round_trip(&valid("assessment.json"));
    assert_extensions_round_trip(&valid("scoring_profile.json"));
    let profile = serde_json::to_string(&ScoringProfile::default_profile()).unwrap();
    assert_extensions_round_trip(&profile);
}

#[test]
fn each_kind_reads_as_its_own_type() {
    let questionnaire = read(&valid("questionnaire.json"), &Limits::default()).unwrap();
    assert_eq!(questionnaire.kind(), DocumentKind::Questionnaire);
    assert!(Questionnaire::from_json(&valid("questionnaire.json")).is_ok());
    assert!(Assessment::from_json(&valid("assessment.json")).is_ok());
    assert!(ScoringProfile::from_json(&valid("scoring_profile.json")).is_ok());
}

#[test]
fn a_typed_reader_rejects_another_kind_at_document() {
    let found = Questionnaire::from_json(&valid("assessment.json")).unwrap_err();
    let problem = found.iter().next().unwrap();
    assert_eq!(problem.pointer, "/document");
    assert_eq!(
        problem.message,
        "expected a `questionnaire` document, found `assessment`"
    );
    assert!(Scorecard::from_json(&valid("scoring_profile.json")).is_err());
}

#[test]
fn nan_written_as_a_string_fails_at_the_schema_stage() {
    let text = valid("scoring_profile.json").replace("\"min_score\": 50", "\"min_score\": \"NaN\"");
    let found = problems(&text);
    let problem = found.iter().next().unwrap();
    assert_eq!(problem.stage, Stage::Schema);
    assert_eq!(problem.pointer, "/bands/1/min_score");
    assert_eq!(problem.message, "expected a number, found the string `NaN`");
    // Nor can a non-finite number get in any other way: JSON has none, and 1e400 overflows.
    let text = valid("scoring_profile.json").replace("\"min_score\": 50", "\"min_score\": 1e400");
    assert_eq!(problems_stage(&text), Stage::Syntax);
}

fn problems_stage(text: &str) -> Stage {
    let found = problems(text);
    let stages: Vec<Stage> = found.iter().map(|p| p.stage).collect();
    assert!(stages.windows(2).all(|w| w[0] == w[1]), "{stages:?}");
    stages[0]
}

#[test]
fn reading_stops_after_the_first_stage_with_problems() {
    // Limits before syntax: an oversize document is not parsed, even if it is also malformed.
    let mut limits = Limits::default();
    limits.max_document_bytes = 8;
    let found = read("{ this is not json", &limits).unwrap_err();
    assert_eq!(
        found.iter().map(|p| p.stage).collect::<Vec<_>>(),
        [Stage::Limits]
    );
    // Syntax, with line and column counted by hand: the comma is on line 2, column 17; serde
    // reports the trailing comma at the closing brace, line 3 column 1.
    let found = problems("{\"document\": \"x\",\n\"subject\": true,\n}");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found.iter().next().unwrap().message,
        "syntax error at line 3 column 1: trailing comma"
    );
    // Kind before schema: an unknown kind gives one problem, not one per field.
    let found = problems(r#"{"document": "risk-graph", "a": 1, "b": 2}"#);
    assert_eq!(found.len(), 1);
    assert_eq!(found.iter().next().unwrap().pointer, "/document");
    // Schema: every violation at once (three here, found by hand).
    let text = valid("assessment.json")
        .replace("\"organisation\"", "\"company\"")
        .replace("\"level\": 3", "\"level\": -1")
        .replace("\"value\": 365", "\"value\": true");
    let found = problems(&text);
    let mut got: Vec<String> = found.iter().map(ToString::to_string).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "/responses/policy-maturity/answer/level: `-1` is less than the minimum `0`",
            "/responses/review-days/answer/value: expected a number, found `true`",
            "/subject/kind: `company` is not one of `organisation`, `state`, `investor`, `product` or `deal`",
        ]
    );
}

#[test]
fn limits_can_be_raised_by_the_caller() {
    let deep = format!(
        r#"{{"document": "assessment", "questionnaire": {{"id": "x", "version": "1.0.0"}},
            "subject": {{"kind": "deal", "name": "d"}}, "extensions": {{"deep": {}{}}}}}"#,
        "[".repeat(80),
        "]".repeat(80)
    );
    assert_eq!(problems_stage(&deep), Stage::Limits);
    let mut limits = Limits::default();
    limits.max_depth = 100;
    assert!(read(&deep, &limits).is_ok());
}

#[test]
fn the_answer_count_limit_counts_repeated_items() {
    // The valid assessment has 7 responses and 2 repeated ones: 9 in all.
    let text = valid("assessment.json");
    let at = |max_answers| {
        let mut limits = Limits::default();
        limits.max_answers = max_answers;
        limits
    };
    assert!(read(&text, &at(9)).is_ok());
    let found = read(&text, &at(8)).unwrap_err();
    let problem = found.iter().next().unwrap();
    assert_eq!(problem.stage, Stage::Limits);
    assert_eq!(
        problem.message,
        "the assessment has 9 responses, more than the limit of 8"
    );
}

#[test]
fn a_document_serializes_as_the_document_it_holds() {
    let profile = ScoringProfile::default_profile();
    let document = Document::from(profile.clone());
    assert_eq!(
        serde_json::to_value(&document).unwrap(),
        serde_json::to_value(&profile).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&document).unwrap()["document"],
        json!("scoring_profile")
    );
}

#[test]
fn kind_names_and_the_schemas_agree() {
    for &kind in DocumentKind::ALL {
        assert_eq!(DocumentKind::from_name(kind.name()), Some(kind));
        assert_eq!(
            hrdd::document::schema(kind)["properties"]["document"]["const"],
            kind.name()
        );
    }
    assert_eq!(DocumentKind::from_name("Questionnaire"), None);
}
