//! Generating each kind's JSON Schema, and validating a document against it.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::error::{Problems, Stage};

use super::DocumentKind;
use super::messages;

/// The `format` values defined by JSON Schema draft 2020-12 (section 7.3 of the validation
/// vocabulary). schemars adds others (`double`, `uint8`, ...) that strict validators reject.
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

/// Removes `format` keywords whose value is not one of [`STANDARD_FORMATS`].
#[derive(Debug, Clone, Copy)]
struct StandardFormatsOnly;

impl Transform for StandardFormatsOnly {
    fn transform(&mut self, schema: &mut Schema) {
        let standard = schema
            .get("format")
            .and_then(Value::as_str)
            .is_none_or(|format| STANDARD_FORMATS.contains(&format));
        if !standard {
            schema.remove("format");
        }
        transform_subschemas(self, schema);
    }
}

/// Generates the schema of `T`, titled and described as `kind`.
pub(super) fn generate<T: JsonSchema>(kind: DocumentKind) -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .with_transform(StandardFormatsOnly)
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".to_owned(), Value::from(kind.title()));
    schema.insert("description".to_owned(), Value::from(kind.description()));
    schema.to_value()
}

/// The schema of `kind`, generated once.
pub(super) fn cached(kind: DocumentKind) -> &'static Value {
    static SCHEMAS: [OnceLock<Value>; DocumentKind::ALL.len()] =
        [const { OnceLock::new() }; DocumentKind::ALL.len()];
    static NULL: Value = Value::Null;
    match SCHEMAS.get(kind.index()) {
        Some(cell) => cell.get_or_init(|| kind.generate_schema()),
        // Unreachable: `index` is below `ALL.len()` for every kind.
        None => &NULL,
    }
}

/// The compiled validator of `kind`, built once; an error if the schema does not compile (a bug
/// that the schema tests catch).
fn validator(kind: DocumentKind) -> Result<&'static jsonschema::Validator, String> {
    static VALIDATORS: [OnceLock<Result<jsonschema::Validator, String>>; DocumentKind::ALL.len()] =
        [const { OnceLock::new() }; DocumentKind::ALL.len()];
    let cell = VALIDATORS
        .get(kind.index())
        .ok_or_else(|| "no validator slot".to_owned())?;
    cell.get_or_init(|| {
        jsonschema::draft202012::options()
            .build(cached(kind))
            .map_err(|error| error.to_string())
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Validates `value` against the schema of `kind` and reports every violation.
pub(super) fn validate(kind: DocumentKind, value: &Value) -> Result<(), Problems> {
    let validator = validator(kind).map_err(|error| {
        Problems::one(
            Stage::Schema,
            "",
            format!(
                "internal error: the schema of `{}` documents does not compile: {}",
                kind.name(),
                error.to_lowercase()
            ),
        )
    })?;
    // Most documents are valid: answer that first, without building any error.
    if validator.is_valid(value) {
        return Ok(());
    }
    let mut problems = Problems::new();
    for error in validator.iter_errors(value) {
        messages::describe(&error, cached(kind), &mut problems);
    }
    problems.into_result(())
}
