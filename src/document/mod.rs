//! JSON documents: their kinds, their schemas, the limits on reading them, and the one entry
//! point that reads any of them.
//!
//! [`read`] runs these stages, and stops after the first that finds a problem:
//!
//! 1. [`Limits`]: document size and nesting depth, before any parsing;
//! 2. JSON syntax, reported with line and column;
//! 3. the `document` field, naming the [`DocumentKind`];
//! 4. the JSON Schema of the kind ([`schema`], committed as `schemas/<kind>.schema.json`), every
//!    violation with its JSON pointer;
//! 5. typed parsing;
//! 6. count limits and the semantic checks that need no other document (a questionnaire's ids and
//!    conditions, a scoring profile's bands); checks against another document, such as an
//!    assessment against its questionnaire, are done by the `check` methods.
//!
//! ```
//! use hrdd::document::{read, Document, Limits};
//! let text = r#"{ "document": "assessment", "questionnaire": { "id": "x", "version": "1.0.0" },
//!                 "subject": { "kind": "organisation", "name": "Acme" } }"#;
//! let Ok(Document::Assessment(assessment)) = read(text, &Limits::default()) else { panic!() };
//! assert_eq!(assessment.subject.name, "Acme");
//!
//! let problems = read(r#"{ "document": "assessment", "subject": 3 }"#, &Limits::default())
//!     .unwrap_err();
//! let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
//! assert!(lines.contains(&"/subject: expected an object, found the number `3`".to_owned()));
//! assert!(lines.contains(&": missing required field `questionnaire`".to_owned()));
//! ```

mod kind;
mod messages;
mod pipeline;
mod scan;
mod schema;

pub use kind::{Document, DocumentKind};
pub use pipeline::read;
pub(crate) use pipeline::read_as;

/// The JSON Schema (draft 2020-12) of a document kind, as committed in
/// `schemas/<kind>.schema.json`.
///
/// ```
/// use hrdd::document::{schema, DocumentKind};
/// let schema = schema(DocumentKind::Questionnaire);
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["properties"]["document"]["const"], "questionnaire");
/// ```
pub fn schema(kind: DocumentKind) -> serde_json::Value {
    schema::cached(kind).clone()
}

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The name a document kind is tagged with in its `document` field.
pub trait TagName {
    /// The tag, such as `"assessment"`.
    const NAME: &'static str;
}

/// Declares a zero-sized tag type for `DocumentTag`.
macro_rules! tag {
    ($name:ident, $value:literal) => {
        #[doc = concat!("The `", $value, "` document tag.")]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $name;
        impl $crate::document::TagName for $name {
            const NAME: &'static str = $value;
        }
    };
}
pub(crate) use tag;

/// The `document` field every document starts with, naming its kind; it holds no data.
pub struct DocumentTag<T>(PhantomData<T>);

impl<T> Default for DocumentTag<T> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<T> Clone for DocumentTag<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for DocumentTag<T> {}

impl<T> PartialEq for DocumentTag<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for DocumentTag<T> {}

impl<T> std::hash::Hash for DocumentTag<T> {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl<T: TagName> fmt::Debug for DocumentTag<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::NAME)
    }
}

impl<T: TagName> Serialize for DocumentTag<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(T::NAME)
    }
}

impl<'de, T: TagName> Deserialize<'de> for DocumentTag<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        if text == T::NAME {
            Ok(Self::default())
        } else {
            Err(serde::de::Error::custom(format_args!(
                "expected a `{}` document, found `{text}`",
                T::NAME
            )))
        }
    }
}

impl<T: TagName> JsonSchema for DocumentTag<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("DocumentTag_{}", T::NAME))
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "const": T::NAME, "description": "The kind of document." })
    }
}

/// Data an embedding tool attaches to a document. The crate never reads it and writes it back
/// exactly as it was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extensions(pub serde_json::Map<String, serde_json::Value>);

impl Extensions {
    /// Whether there is no extension data.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl JsonSchema for Extensions {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Extensions")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Data of the embedding tool; preserved untouched."
        })
    }
}

/// Bounds on what a document may contain, checked before and while it is read, so that hostile
/// input costs bounded time and memory. The defaults suit every built-in document with room to
/// spare; a caller can raise any of them.
///
/// ```
/// use hrdd::Limits;
/// let limits = Limits::default().with_max_document_bytes(64 << 20);
/// assert_eq!(limits.max_document_bytes, 64 << 20);
/// assert!(limits.max_depth >= 32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The largest document, in bytes of JSON text. Default 4 MiB.
    pub max_document_bytes: usize,
    /// The deepest nesting of arrays and objects. Default 64.
    pub max_depth: usize,
    /// The most questions in a questionnaire. Default 5,000.
    pub max_questions: usize,
    /// The most responses in an assessment, counting each item of a repeated section. Default 50,000.
    pub max_answers: usize,
    /// The most nodes in a risk graph. Default 1,000,000.
    pub max_nodes: usize,
    /// The most edges in a risk graph. Default 5,000,000.
    pub max_edges: usize,
    /// The most samples in one simulation. Default 10,000,000.
    pub max_samples: u64,
}

impl Limits {
    /// These limits with `max_document_bytes` set to `value`.
    #[must_use]
    pub fn with_max_document_bytes(mut self, value: usize) -> Self {
        self.max_document_bytes = value;
        self
    }

    /// These limits with `max_depth` set to `value`.
    #[must_use]
    pub fn with_max_depth(mut self, value: usize) -> Self {
        self.max_depth = value;
        self
    }

    /// These limits with `max_questions` set to `value`.
    #[must_use]
    pub fn with_max_questions(mut self, value: usize) -> Self {
        self.max_questions = value;
        self
    }

    /// These limits with `max_answers` set to `value`.
    #[must_use]
    pub fn with_max_answers(mut self, value: usize) -> Self {
        self.max_answers = value;
        self
    }

    /// These limits with `max_nodes` set to `value`.
    #[must_use]
    pub fn with_max_nodes(mut self, value: usize) -> Self {
        self.max_nodes = value;
        self
    }

    /// These limits with `max_edges` set to `value`.
    #[must_use]
    pub fn with_max_edges(mut self, value: usize) -> Self {
        self.max_edges = value;
        self
    }

    /// These limits with `max_samples` set to `value`.
    #[must_use]
    pub fn with_max_samples(mut self, value: u64) -> Self {
        self.max_samples = value;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_document_bytes: 4 << 20,
            max_depth: 64,
            max_questions: 5_000,
            max_answers: 50_000,
            max_nodes: 1_000_000,
            max_edges: 5_000_000,
            max_samples: 10_000_000,
        }
    }
}
