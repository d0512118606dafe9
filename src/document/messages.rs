//! Problem messages in the crate's style: lowercase, user input quoted in backticks (and cut
//! short), no Rust type names, no names of JSON Schema keywords where plain words do.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use crate::error::{Problems, Stage, push_token};
use crate::id::ID_PATTERN;
use crate::text::LANGUAGE_PATTERN;

/// The most characters of user input quoted in a message.
const QUOTE_CHARS: usize = 60;

/// The longest message passed on from another library, in characters.
const MAX_FOREIGN_MESSAGE: usize = 240;

/// `text` in backticks, cut to [`QUOTE_CHARS`] characters with an ellipsis, control characters
/// escaped so that a message stays on one line.
pub(super) fn quote(text: &str) -> String {
    let mut out = String::from("`");
    for (n, c) in text.chars().enumerate() {
        if n == QUOTE_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// A JSON value as user input in a message: scalars quoted, arrays and objects named.
fn quote_value(value: &Value) -> String {
    match value {
        Value::String(text) => quote(text),
        Value::Array(_) | Value::Object(_) => describe_value(value),
        scalar => quote(&scalar.to_string()),
    }
}

/// What a value is, for "found ..." in a message: "the string `NaN`", "an object".
pub(super) fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {}", quote(&n.to_string())),
        Value::String(text) => format!("the string {}", quote(text)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A list of quoted values for a message: "`a`, `b` or `c`".
fn one_of(values: impl IntoIterator<Item = String>) -> String {
    let values: Vec<String> = values.into_iter().collect();
    match values.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_owned(),
    }
}

/// A message from another library, lowercase-first and cut short.
fn foreign(message: &str) -> String {
    let mut out = String::new();
    for (n, c) in message.chars().enumerate() {
        if n == MAX_FOREIGN_MESSAGE {
            out.push('…');
            break;
        }
        if n == 0 {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The message of a JSON syntax error, with its line and column.
pub(super) fn syntax(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let what = full.strip_suffix(&position).unwrap_or(&full);
    let what = what.replace("EOF", "end of text");
    format!(
        "syntax error at line {} column {}: {}",
        error.line(),
        error.column(),
        foreign(&what)
    )
}

/// The message of a typed-parse error, with the Rust type names serde puts in them replaced.
pub(super) fn parse(error: &serde_json::Error) -> String {
    let mut message = error.to_string();
    for (rust, plain) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected u64", "expected a whole number of at least 0"),
        ("expected usize", "expected a whole number of at least 0"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected a map", "expected an object"),
        ("expected a sequence", "expected an array"),
        ("expected unit", "expected null"),
    ] {
        message = message.replace(rust, plain);
    }
    if let Some(at) = message.find(", expected struct ") {
        message.truncate(at);
        message.push_str(", expected an object");
    }
    if let Some(at) = message.find(", expected internally tagged enum") {
        message.truncate(at);
        message.push_str(", expected an object");
    }
    foreign(&message)
}

/// A type name for "expected ...".
fn type_name(json_type: JsonType) -> &'static str {
    match json_type {
        JsonType::Null => "null",
        JsonType::Boolean => "`true` or `false`",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

fn type_names(kind: &TypeKind) -> Vec<&'static str> {
    match kind {
        TypeKind::Single(single) => vec![type_name(*single)],
        TypeKind::Multiple(set) => set.iter().map(type_name).collect(),
    }
}

/// What the schema's `pattern` asks for, in words, for the patterns the crate uses.
fn pattern_message(value: &Value, pattern: &str) -> String {
    let value = quote_value(value);
    if pattern == ID_PATTERN {
        format!(
            "{value} is not a valid identifier: use 1 to 128 lowercase letters, digits, `-`, `_` \
             and `.`, starting with a letter or digit"
        )
    } else if pattern == LANGUAGE_PATTERN {
        format!("{value} is not a language tag such as `en` or `pt-BR`")
    } else if pattern.starts_with("^(0|[1-9][0-9]*)\\.") {
        format!("{value} is not a semantic version such as `1.0.0`")
    } else {
        format!("{value} does not match the pattern {}", quote(pattern))
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The parent of a JSON pointer and its last (still escaped) token.
fn split_pointer(pointer: &str) -> Option<(&str, &str)> {
    pointer.rfind('/').map(|at| {
        let (parent, last) = pointer.split_at(at);
        (parent, last.trim_start_matches('/'))
    })
}

/// Describes one schema violation as problems in the crate's style.
pub(super) fn describe(error: &ValidationError<'_>, root: &Value, out: &mut Problems) {
    let pointer = error.instance_path().as_str();
    let value: &Value = error.instance();
    let mut push = |message: String| out.push(Stage::Schema, pointer, message);
    match error.kind() {
        ValidationErrorKind::Type { kind } => push(format!(
            "expected {}, found {}",
            one_of(type_names(kind).into_iter().map(str::to_owned)),
            describe_value(value)
        )),
        ValidationErrorKind::Required { property } => {
            push(format!("missing required field {}", quote_value(property)));
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let (allowed, key_pattern) = allowed_properties(error, root);
            for name in unexpected {
                let mut at = pointer.to_owned();
                push_token(&mut at, name);
                // In a map keyed by ids, an unexpected key is a malformed id, not an unknown field.
                let message = match &key_pattern {
                    Some(pattern) => pattern_message(&Value::from(name.as_str()), pattern),
                    None => {
                        let mut message = format!("unknown field {}", quote(name));
                        if let Some(near) = closest(name, &allowed) {
                            message.push_str(&format!("; did you mean `{near}`?"));
                        }
                        message
                    }
                };
                out.push(Stage::Schema, at, message);
            }
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|values| values.iter().map(quote_value).collect())
                .unwrap_or_default();
            push(format!(
                "{} is not one of {}",
                quote_value(value),
                one_of(options)
            ));
        }
        ValidationErrorKind::Constant { expected_value } => push(format!(
            "expected {}, found {}",
            quote_value(expected_value),
            quote_value(value)
        )),
        ValidationErrorKind::Minimum { limit } => push(format!(
            "{} is less than the minimum {}",
            quote_value(value),
            quote_value(limit)
        )),
        ValidationErrorKind::Maximum { limit } => push(format!(
            "{} is greater than the maximum {}",
            quote_value(value),
            quote_value(limit)
        )),
        ValidationErrorKind::ExclusiveMinimum { limit } => push(format!(
            "{} must be greater than {}",
            quote_value(value),
            quote_value(limit)
        )),
        ValidationErrorKind::ExclusiveMaximum { limit } => push(format!(
            "{} must be less than {}",
            quote_value(value),
            quote_value(limit)
        )),
        ValidationErrorKind::MultipleOf { multiple_of } => push(format!(
            "{} is not a multiple of `{multiple_of}`",
            quote_value(value)
        )),
        ValidationErrorKind::Pattern { pattern } => push(pattern_message(value, pattern)),
        ValidationErrorKind::MinLength { limit } => push(if *limit == 1 {
            "the text cannot be empty".to_owned()
        } else {
            format!(
                "the text is shorter than {}",
                plural(*limit, "character", "characters")
            )
        }),
        ValidationErrorKind::MaxLength { limit } => push(format!(
            "the text is longer than {}",
            plural(*limit, "character", "characters")
        )),
        ValidationErrorKind::MinItems { limit } => push(format!(
            "expected at least {}",
            plural(*limit, "item", "items")
        )),
        ValidationErrorKind::MaxItems { limit } => push(format!(
            "expected at most {}",
            plural(*limit, "item", "items")
        )),
        ValidationErrorKind::UniqueItems => push("the items must be unique".to_owned()),
        ValidationErrorKind::MinProperties { limit } => push(format!(
            "expected at least {}",
            plural(*limit, "entry", "entries")
        )),
        ValidationErrorKind::MaxProperties { limit } => push(format!(
            "expected at most {}",
            plural(*limit, "entry", "entries")
        )),
        ValidationErrorKind::PropertyNames { error: inner } => {
            // The inner error is about the name itself; point at the entry it names.
            let name = inner.instance();
            let mut at = pointer.to_owned();
            push_token(&mut at, name.as_str().unwrap_or_default());
            let mut inner_problems = Problems::new();
            describe(inner, root, &mut inner_problems);
            for problem in inner_problems {
                out.push(Stage::Schema, at.clone(), problem.message);
            }
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            alternatives(pointer, value, context, root, out);
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            push("matches more than one of the allowed forms".to_owned());
        }
        ValidationErrorKind::FalseSchema => push("no value is allowed here".to_owned()),
        ValidationErrorKind::Not { .. } => push("this value is not allowed here".to_owned()),
        ValidationErrorKind::Contains => {
            push("no item of the array has the required form".to_owned());
        }
        other => push(format!(
            "does not satisfy the schema rule {}",
            quote(other.keyword())
        )),
    }
}

/// Describes a value that matches none of several alternatives (`anyOf`, `oneOf`), by finding
/// the alternative the author meant: the one whose tag (`kind`, `status`, `when`) the value
/// carries, or the only one of the value's JSON type.
fn alternatives(
    pointer: &str,
    value: &Value,
    branches: &[Vec<ValidationError<'static>>],
    root: &Value,
    out: &mut Problems,
) {
    let describe_all = |branch: &[ValidationError<'static>], out: &mut Problems| {
        for error in branch {
            describe(error, root, out);
        }
    };
    if let Value::Object(object) = value {
        // A tag mismatch: a `const` violation on a direct field of the value.
        let tag_of = |branch: &[ValidationError<'static>]| {
            branch.iter().find_map(|error| match error.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    let (parent, field) = split_pointer(error.instance_path().as_str())?;
                    (parent == pointer).then(|| (field.to_owned(), expected_value.clone()))
                }
                _ => None,
            })
        };
        let tags: Vec<Option<(String, std::sync::Arc<Value>)>> =
            branches.iter().map(|b| tag_of(b)).collect();
        if tags.iter().any(Option::is_some) {
            let matching: Vec<&Vec<ValidationError<'static>>> = branches
                .iter()
                .zip(&tags)
                .filter(|(_, tag)| tag.is_none())
                .map(|(branch, _)| branch)
                .collect();
            match matching.as_slice() {
                [branch] => return describe_all(branch, out),
                [] => {
                    let field = tags.iter().flatten().map(|(f, _)| f.clone()).next();
                    let field = field.unwrap_or_default();
                    let found = object.get(&field).map(quote_value).unwrap_or_default();
                    let expected = one_of(tags.iter().flatten().map(|(_, v)| quote_value(v)));
                    let mut at = pointer.to_owned();
                    push_token(&mut at, &field);
                    out.push(
                        Stage::Schema,
                        at,
                        format!("{found} is not one of {expected}"),
                    );
                    return;
                }
                _ => {}
            }
        }
        // A missing tag: every alternative misses the same required field.
        let required_here = |branch: &[ValidationError<'static>]| -> Vec<String> {
            branch
                .iter()
                .filter(|error| error.instance_path().as_str() == pointer)
                .filter_map(|error| match error.kind() {
                    ValidationErrorKind::Required { property } => {
                        property.as_str().map(str::to_owned)
                    }
                    _ => None,
                })
                .collect()
        };
        if let Some((first, rest)) = branches.split_first() {
            let common = required_here(first)
                .into_iter()
                .find(|field| rest.iter().all(|b| required_here(b).contains(field)));
            if let Some(field) = common {
                out.push(
                    Stage::Schema,
                    pointer,
                    format!("missing required field {}", quote(&field)),
                );
                return;
            }
        }
    }
    // Alternatives that are each one constant, as for the variants of a documented enum.
    let constant_here = |branch: &Vec<ValidationError<'static>>| {
        branch.iter().find_map(|error| match error.kind() {
            ValidationErrorKind::Constant { expected_value }
                if error.instance_path().as_str() == pointer =>
            {
                Some(quote_value(expected_value))
            }
            _ => None,
        })
    };
    let constants: Option<Vec<String>> = branches.iter().map(constant_here).collect();
    if let Some(constants) = constants.filter(|c| !c.is_empty()) {
        out.push(
            Stage::Schema,
            pointer,
            format!("{} is not one of {}", quote_value(value), one_of(constants)),
        );
        return;
    }
    // Untagged alternatives: keep those of the value's JSON type.
    let wrong_type = |error: &ValidationError<'static>| {
        error.instance_path().as_str() == pointer
            && matches!(error.kind(), ValidationErrorKind::Type { .. })
    };
    let of_type: Vec<&Vec<ValidationError<'static>>> = branches
        .iter()
        .filter(|branch| !branch.iter().any(wrong_type))
        .collect();
    match of_type.as_slice() {
        [branch] => describe_all(branch, out),
        [] => {
            let mut expected: Vec<&'static str> = Vec::new();
            for error in branches.iter().flatten() {
                if let ValidationErrorKind::Type { kind } = error.kind()
                    && error.instance_path().as_str() == pointer
                {
                    for name in type_names(kind) {
                        if !expected.contains(&name) {
                            expected.push(name);
                        }
                    }
                }
            }
            out.push(
                Stage::Schema,
                pointer,
                format!(
                    "expected {}, found {}",
                    one_of(expected.into_iter().map(str::to_owned)),
                    describe_value(value)
                ),
            );
        }
        _ => out.push(
            Stage::Schema,
            pointer,
            "does not match any of the allowed forms".to_owned(),
        ),
    }
}

/// Where an `additionalProperties` violation was found: the property names the schema allows,
/// and the pattern keys must match when the object is a map with one key pattern.
fn allowed_properties(error: &ValidationError<'_>, root: &Value) -> (Vec<String>, Option<String>) {
    let location = error.schema_path().as_str();
    let schema = split_pointer(location).and_then(|(parent, _)| root.pointer(parent));
    let Some(schema) = schema else {
        return (Vec::new(), None);
    };
    let names = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    let pattern = schema
        .get("patternProperties")
        .and_then(Value::as_object)
        .filter(|patterns| patterns.len() == 1)
        .and_then(|patterns| patterns.keys().next().cloned());
    (names, pattern)
}

/// The allowed name closest to a misspelt one, if it is close enough to be a typo.
fn closest<'a>(name: &str, allowed: &'a [String]) -> Option<&'a str> {
    if name.chars().count() > 64 {
        return None;
    }
    allowed
        .iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance <= 2 && *distance < candidate.chars().count().max(2)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.as_str())
}

/// The Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(usize::MAX);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX);
            let insert = current.get(j).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            current.push(
                substitute
                    .saturating_add(cost)
                    .min(delete.saturating_add(1))
                    .min(insert.saturating_add(1)),
            );
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_cut_long_input() {
        let long = "x".repeat(10_000);
        let quoted = quote(&long);
        // 60 characters, an ellipsis and two backticks.
        assert_eq!(quoted.chars().count(), 63);
        assert!(quoted.ends_with("…`"));
        assert_eq!(quote("a\nb"), "`a\\nb`");
    }

    #[test]
    fn edit_distance_by_hand() {
        assert_eq!(edit_distance("wieght", "weight"), 2);
        assert_eq!(edit_distance("weight", "weight"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_near_names() {
        let allowed = vec!["weight".to_owned(), "questions".to_owned()];
        assert_eq!(closest("wieght", &allowed), Some("weight"));
        assert_eq!(closest("question", &allowed), Some("questions"));
        assert_eq!(closest("colour", &allowed), None);
    }
}
