//! The read pipeline: limits, syntax, kind, schema, typed parse, checks.

use serde_json::Value;

use crate::assessment::Assessment;
use crate::error::{Problems, Stage};
use crate::questionnaire::Questionnaire;
use crate::scoring::{Scorecard, ScoringProfile};

use super::kind::DocumentType;
use super::{Document, DocumentKind, Limits, messages, scan, schema};

/// Reads a document of any kind from JSON text and returns its typed, validated value, or every
/// problem found by the first stage that found any (see the [module docs](super)).
///
/// Never panics, whatever the input; the time and memory it takes are bounded by `limits`.
///
/// ```
/// use hrdd::document::{read, Limits};
/// use hrdd::Stage;
///
/// let problems = read(r#"{"document": "questionaire"}"#, &Limits::default()).unwrap_err();
/// let problem = problems.iter().next().unwrap();
/// assert_eq!(problem.pointer, "/document");
/// assert_eq!(problem.stage, Stage::Schema);
/// assert!(problem.message.starts_with("unknown document kind `questionaire`"));
///
/// let problems = read("[1, 2,]", &Limits::default()).unwrap_err();
/// assert_eq!(problems.iter().next().unwrap().stage, Stage::Syntax);
/// ```
pub fn read(text: &str, limits: &Limits) -> Result<Document, Problems> {
    let value = parse_json(text, limits)?;
    let kind = kind_of(&value)?;
    schema::validate(kind, &value)?;
    kind.parse(value, limits)
}

/// Reads a document that must be of kind `T`.
pub(crate) fn read_as<T: DocumentType>(text: &str, limits: &Limits) -> Result<T, Problems> {
    let value = parse_json(text, limits)?;
    let kind = kind_of(&value)?;
    if kind != T::KIND {
        return Err(Problems::one(
            Stage::Schema,
            "/document",
            format!(
                "expected a `{}` document, found `{}`",
                T::KIND.name(),
                kind.name()
            ),
        ));
    }
    schema::validate(kind, &value)?;
    typed::<T>(value, limits)
}

/// Stages 1 and 2: the limits on the text, then its syntax.
fn parse_json(text: &str, limits: &Limits) -> Result<Value, Problems> {
    scan::check_text(text, limits)?;
    serde_json::from_str::<Value>(text)
        .map_err(|error| Problems::one(Stage::Syntax, "", messages::syntax(&error)))
}

/// Stage 3: the kind named by the `document` field.
fn kind_of(value: &Value) -> Result<DocumentKind, Problems> {
    let Some(object) = value.as_object() else {
        return Err(Problems::one(
            Stage::Schema,
            "",
            format!(
                "expected a document: an object whose `document` field is {}, found {}",
                DocumentKind::known_names(),
                messages::describe_value(value)
            ),
        ));
    };
    let problem = |message: String| Err(Problems::one(Stage::Schema, "/document", message));
    match object.get("document") {
        None => problem(format!(
            "missing required field `document`, naming the kind of document: {}",
            DocumentKind::known_names()
        )),
        Some(Value::String(name)) => match DocumentKind::from_name(name) {
            Some(kind) => Ok(kind),
            None => problem(format!(
                "unknown document kind {}; expected {}",
                messages::quote(name),
                DocumentKind::known_names()
            )),
        },
        Some(other) => problem(format!(
            "expected the kind of document as a string, {}, found {}",
            DocumentKind::known_names(),
            messages::describe_value(other)
        )),
    }
}

/// Stages 5 and 6: typed parsing, then count limits and the checks of the document on its own.
pub(super) fn typed<T: DocumentType>(value: Value, limits: &Limits) -> Result<T, Problems> {
    let document: T = serde_json::from_value(value)
        .map_err(|error| Problems::one(Stage::Parse, "", messages::parse(&error)))?;
    document.check_alone(limits)?;
    Ok(document)
}

impl Questionnaire {
    /// Reads a questionnaire document with the default [`Limits`], running every stage of
    /// [`read`] including its structural validation; a document of another kind is a problem
    /// at `/document`.
    ///
    /// ```
    /// use hrdd::questionnaire::Questionnaire;
    /// let problems = Questionnaire::from_json(r#"{"document": "assessment"}"#).unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/document");
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        read_as(text, &Limits::default())
    }
}

impl Assessment {
    /// Reads an assessment document with the default [`Limits`]; a document of another kind is
    /// a problem at `/document`. Check it against its questionnaire with [`Assessment::check`].
    ///
    /// ```
    /// use hrdd::assessment::Assessment;
    /// let assessment = Assessment::from_json(r#"{
    ///     "document": "assessment",
    ///     "questionnaire": { "id": "respect", "version": "1.0.0" },
    ///     "subject": { "kind": "organisation", "name": "Acme" },
    ///     "responses": { "policy": { "status": "unknown" } }
    /// }"#).unwrap();
    /// assert_eq!(assessment.responses.len(), 1);
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        read_as(text, &Limits::default())
    }
}

impl ScoringProfile {
    /// Reads a scoring profile document with the default [`Limits`], and validates it; a
    /// document of another kind is a problem at `/document`.
    ///
    /// ```
    /// use hrdd::scoring::ScoringProfile;
    /// let text = serde_json::to_string(&ScoringProfile::default_profile()).unwrap();
    /// assert_eq!(ScoringProfile::from_json(&text).unwrap(), ScoringProfile::default_profile());
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        read_as(text, &Limits::default())
    }
}

impl Scorecard {
    /// Reads a scorecard document with the default [`Limits`]; a document of another kind is a
    /// problem at `/document`.
    ///
    /// ```
    /// use hrdd::scoring::Scorecard;
    /// let problems = Scorecard::from_json("{}").unwrap_err();
    /// assert!(problems.iter().next().unwrap().message.contains("`document`"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        read_as(text, &Limits::default())
    }
}
