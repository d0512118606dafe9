//! Identifiers: validated newtypes over strings.
//!
//! Every identifier in a document (questions, sections, questionnaires, rights, graph nodes, ...)
//! follows one pattern: 1 to 128 characters, lowercase ASCII letters, digits, `-`, `_` and `.`,
//! starting with a letter or a digit. The pattern is checked when an identifier is parsed, so a
//! value of one of these types is always well formed.
//!
//! Identifiers are cheap to clone (a reference-counted string), because scorecards and registers
//! repeat them many times.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest identifier accepted, in bytes.
pub const MAX_ID_LEN: usize = 128;

/// The pattern every identifier matches, as a regular expression.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]{0,127}$";

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The string is empty.
    #[error("an identifier cannot be empty")]
    Empty,
    /// The string is longer than [`MAX_ID_LEN`] bytes.
    #[error("identifier is longer than {MAX_ID_LEN} characters")]
    TooLong,
    /// The string contains a character outside the pattern.
    #[error(
        "`{0}` is not a valid identifier: use lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit"
    )]
    Invalid(String),
}

/// Checks `text` against [`ID_PATTERN`].
pub(crate) fn check_id(text: &str) -> Result<(), IdError> {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Err(IdError::Empty);
    };
    if text.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    let starts_well = first.is_ascii_lowercase() || first.is_ascii_digit();
    let rest_well =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if starts_well && rest_well {
        Ok(())
    } else {
        Err(IdError::Invalid(text.to_owned()))
    }
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Parses an identifier, checking it against [`ID_PATTERN`].
            ///
            /// ```
            #[doc = concat!("use hrdd::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\"human-rights.policy_1\").is_ok());")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\"Not Valid\").is_err());")]
            /// ```
            pub fn new(text: &str) -> Result<Self, IdError> {
                check_id(text)?;
                Ok(Self(Arc::from(text)))
            }

            /// An identifier the crate writes as a literal; the tests cover every such literal.
            #[allow(dead_code, reason = "not every identifier type is written as a literal")]
            pub(crate) fn from_literal(text: &'static str) -> Self {
                debug_assert!(check_id(text).is_ok(), "`{text}` is not a valid identifier");
                Self(Arc::from(text))
            }

            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(text: &str) -> Result<Self, IdError> {
                Self::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(text: &str) -> Result<Self, IdError> {
                Self::new(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                Self::new(&text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": concat!("An identifier (", stringify!($name), "): lowercase letters, digits, `-`, `_` and `.`.")
                })
            }
        }
    };
}

identifier!(
    /// Identifies a question within a questionnaire.
    QuestionId
);
identifier!(
    /// Identifies a section within a questionnaire.
    SectionId
);
identifier!(
    /// Identifies a questionnaire (its versions share the id).
    QuestionnaireId
);
identifier!(
    /// Identifies an answer option of a choice question.
    OptionId
);
identifier!(
    /// Identifies one item of a list answer, and so one instance of a repeated section.
    ItemId
);
identifier!(
    /// Identifies a right in the [catalog](crate::catalog).
    RightId
);
identifier!(
    /// Identifies a group of people at heightened risk in the [catalog](crate::catalog).
    GroupId
);
identifier!(
    /// Identifies a scoring profile.
    ProfileId
);
identifier!(
    /// Identifies a maturity band of a scoring profile.
    BandId
);
identifier!(
    /// Identifies a group of sections that a scoring profile scores together.
    ScoreGroupId
);
identifier!(
    /// Identifies a node of a risk graph (technology, end-use, right, actor or context).
    NodeId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_pattern() {
        for good in [
            "a",
            "0",
            "privacy",
            "ungp-respect-company",
            "p31.h",
            "a_b",
            &"x".repeat(128),
        ] {
            assert!(QuestionId::new(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        assert_eq!(QuestionId::new(""), Err(IdError::Empty));
        assert_eq!(QuestionId::new(&"x".repeat(129)), Err(IdError::TooLong));
        for bad in ["A", "-a", ".a", "a b", "é", "a/b", "_a"] {
            assert!(
                matches!(QuestionId::new(bad), Err(IdError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn deserialising_checks_the_pattern() {
        let error = serde_json::from_str::<RightId>("\"Privacy\"").err();
        assert!(error.is_some_and(|e| {
            e.to_string()
                .contains("`Privacy` is not a valid identifier")
        }));
        let ok: Result<RightId, _> = serde_json::from_str("\"privacy\"");
        assert_eq!(ok.ok().as_ref().map(RightId::as_str), Some("privacy"));
    }
}
