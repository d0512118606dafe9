//! The committed schemas in `schemas/` are the generated ones, and strict validators accept them.
//!
//! Run with `HRDD_BLESS_SCHEMAS=1` to rewrite the committed files after changing a model type.

use std::path::PathBuf;

use hrdd::document::{DocumentKind, schema};
use serde_json::Value;

fn schema_path(kind: DocumentKind) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(format!("{}.schema.json", kind.name()))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

#[test]
fn committed_schemas_are_up_to_date() {
    let bless = std::env::var_os("HRDD_BLESS_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for &kind in DocumentKind::ALL {
        let path = schema_path(kind);
        let generated = pretty(&schema(kind));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == generated => {}
            Ok(_) => stale.push(format!("{} differs", path.display())),
            Err(error) => stale.push(format!("{}: {error}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "schemas out of date (rerun with HRDD_BLESS_SCHEMAS=1 and review the diff):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_schema_declares_draft_2020_12_and_is_titled() {
    for &kind in DocumentKind::ALL {
        let schema = schema(kind);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind}"
        );
        assert!(schema.get("$id").is_none(), "{kind}: no $id");
        assert!(
            schema["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{kind}"
        );
        assert!(
            schema["description"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{kind}"
        );
        // The `document` field is the kind's name, so `read` and the schema agree on the tag.
        assert_eq!(schema["properties"]["document"]["const"], kind.name());
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .contains(&Value::from("document")),
            "{kind}: `document` is required"
        );
    }
}

/// The `format` values of JSON Schema draft 2020-12, validation vocabulary section 7.3.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Every `format` keyword of a schema, with where it is. A property *named* `format` (under
/// `properties`) is not a keyword and is skipped.
fn formats(value: &Value, at: &str, under_properties: bool, found: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                if key == "format" && !under_properties {
                    found.push((here.clone(), child.clone()));
                }
                formats(
                    child,
                    &here,
                    key == "properties" && !under_properties,
                    found,
                );
            }
        }
        Value::Array(items) => {
            for (n, child) in items.iter().enumerate() {
                formats(child, &format!("{at}/{n}"), false, found);
            }
        }
        _ => {}
    }
}

#[test]
fn no_schema_uses_a_non_standard_format() {
    // The walk must be able to find a bad format: check it on a schema that has one.
    let mut found = Vec::new();
    formats(
        &serde_json::json!({"properties": {"format": {"type": "number", "format": "double"}}}),
        "",
        false,
        &mut found,
    );
    assert_eq!(found.len(), 1, "{found:?}");

    for &kind in DocumentKind::ALL {
        let mut found = Vec::new();
        formats(&schema(kind), "", false, &mut found);
        let bad: Vec<_> = found
            .into_iter()
            .filter(|(_, format)| {
                !format
                    .as_str()
                    .is_some_and(|format| STANDARD_FORMATS.contains(&format))
            })
            .collect();
        assert!(bad.is_empty(), "{kind}: non-standard formats {bad:?}");
    }
}

fn validator(kind: DocumentKind) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema(kind))
        .unwrap_or_else(|e| panic!("{kind}: schema does not compile: {e}"))
}

fn assert_valid(kind: DocumentKind, instance: &Value, what: &str) {
    let validator = validator(kind);
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path().as_str()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[test]
fn every_schema_compiles_and_is_valid_against_the_meta_schema() {
    for &kind in DocumentKind::ALL {
        let schema = schema(kind);
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{kind}: not a valid draft 2020-12 schema"
        );
        validator(kind);
    }
}

#[test]
fn the_schemas_accept_the_built_in_documents() {
    let profile = serde_json::to_value(hrdd::scoring::ScoringProfile::default_profile()).unwrap();
    assert_valid(
        DocumentKind::ScoringProfile,
        &profile,
        "the default profile",
    );
    for questionnaire in hrdd::questionnaire::builtins() {
        let value = serde_json::to_value(questionnaire.questionnaire()).unwrap();
        assert_valid(
            DocumentKind::Questionnaire,
            &value,
            questionnaire.questionnaire().id.as_str(),
        );
    }
}

#[test]
fn the_schemas_accept_the_valid_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let kind = DocumentKind::from_name(value["document"].as_str().unwrap()).unwrap();
        assert_valid(kind, &value, &path.display().to_string());
        seen += 1;
    }
    assert!(
        seen >= 3,
        "expected the valid fixtures in {}",
        dir.display()
    );
}
