//! The crate's error types.
//!
//! Everything that reads or checks a document reports [`Problems`]: every problem found, not just
//! the first, each located by the JSON pointer of the value it is about. A problem's message is
//! lowercase, quotes user input in backticks and never names a Rust type, so it can be shown to the
//! person who wrote the document as it is.

use std::fmt;

use serde::Serialize;

/// Which step of reading a document found a problem.
///
/// Reading runs the steps in this order and stops after the first step that finds anything, so
/// that, for example, a syntax error is not followed by a cascade of schema errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// The document exceeds a [`Limits`](crate::Limits) bound (size, depth, counts).
    Limits,
    /// The text is not valid JSON.
    Syntax,
    /// The JSON does not match the schema of its document kind.
    Schema,
    /// The JSON matches the schema but could not be turned into the typed model.
    Parse,
    /// The model is well-typed but inconsistent: unknown ids, forward references, wrong answer kinds.
    Semantic,
}

/// One problem in a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Problem {
    /// The JSON pointer (RFC 6901) of the value the problem is about; empty for the whole document.
    pub pointer: String,
    /// What is wrong, in lowercase, with user input quoted in backticks.
    pub message: String,
    /// The step that found the problem.
    pub stage: Stage,
}

impl Problem {
    /// A problem at `pointer` found by `stage`.
    pub fn new(stage: Stage, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            stage,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Every problem found in a document; never empty when returned as an error.
///
/// ```
/// use hrdd::document::{read, Limits};
/// let problems = read("{\"document\": \"assessment\",", &Limits::default()).unwrap_err();
/// assert!(problems.iter().all(|p| !p.message.is_empty()));
/// for problem in &problems {
///     println!("{problem}"); // `<json-pointer>: <message>`
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, stage: Stage, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(stage, pointer, message));
    }

    /// Records every problem of `other`.
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Whether no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// `Ok(value)` when no problem was recorded, else `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// A single problem.
    pub fn one(stage: Stage, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self(vec![Problem::new(stage, pointer, message)])
    }
}

impl fmt::Display for Problems {
    /// One problem a line, as `<json-pointer>: <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, problem) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        Self(problems)
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Builds JSON pointers by appending escaped reference tokens (RFC 6901: `~` is `~0`, `/` is `~1`).
///
/// ```
/// use hrdd::error::pointer;
/// assert_eq!(pointer(&["sections", "0", "a/b"]), "/sections/0/a~1b");
/// ```
pub fn pointer(tokens: &[&str]) -> String {
    let mut out = String::new();
    for token in tokens {
        push_token(&mut out, token);
    }
    out
}

/// Appends one escaped reference token to a JSON pointer.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}
