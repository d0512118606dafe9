//! User-facing text in one or several languages.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The pattern a language tag matches: a simplified BCP 47 tag such as `en`, `fr` or `pt-BR`.
pub const LANGUAGE_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

/// A language tag such as `en`, `fr` or `pt-BR` (a simplified BCP 47 tag).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(Arc<str>);

/// The string is not a language tag of the form [`LANGUAGE_PATTERN`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language tag such as `en` or `pt-BR`")]
pub struct LanguageTagError(pub String);

impl LanguageTag {
    /// Parses a language tag.
    ///
    /// ```
    /// use hrdd::LanguageTag;
    /// assert_eq!(LanguageTag::new("fr").map(|t| t.to_string()), Ok("fr".to_owned()));
    /// assert!(LanguageTag::new("French").is_err());
    /// ```
    pub fn new(text: &str) -> Result<Self, LanguageTagError> {
        let mut parts = text.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(Self(Arc::from(text)))
        } else {
            Err(LanguageTagError(text.to_owned()))
        }
    }

    /// English, the language every built-in document is written in.
    pub fn english() -> Self {
        Self(Arc::from("en"))
    }

    /// The tag as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for LanguageTag {
    fn default() -> Self {
        Self::english()
    }
}

impl fmt::Debug for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for LanguageTag {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for LanguageTag {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("LanguageTag")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": LANGUAGE_PATTERN,
            "description": "A language tag such as `en`, `fr` or `pt-BR`."
        })
    }
}

/// Text shown to people: either one string, or a map from language tag to string.
///
/// A document that uses translations names its default language; [`Text::get`] falls back to it,
/// and then to any translation, so a reader always gets something.
///
/// ```
/// use hrdd::{LanguageTag, Text};
/// let text: Text = serde_json::from_str(r#"{"en": "Remedy", "fr": "Réparation"}"#).unwrap();
/// let fr = LanguageTag::new("fr").unwrap();
/// let de = LanguageTag::new("de").unwrap();
/// assert_eq!(text.get(&fr, &LanguageTag::english()), "Réparation");
/// assert_eq!(text.get(&de, &LanguageTag::english()), "Remedy");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Text {
    /// The same string in every language.
    Plain(Arc<str>),
    /// One string per language.
    Translated(Arc<BTreeMap<LanguageTag, String>>),
}

impl Text {
    /// The text in `language`, else in `default`, else in any language it has.
    pub fn get<'a>(&'a self, language: &LanguageTag, default: &LanguageTag) -> &'a str {
        match self {
            Text::Plain(text) => text,
            Text::Translated(map) => map
                .get(language)
                .or_else(|| map.get(default))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }

    /// The text in English, or in any language it has.
    pub fn english(&self) -> &str {
        let en = LanguageTag::english();
        self.get(&en, &en)
    }

    /// Whether the text has a translation for `language` (plain text counts for every language).
    pub fn has(&self, language: &LanguageTag) -> bool {
        match self {
            Text::Plain(_) => true,
            Text::Translated(map) => map.contains_key(language),
        }
    }

    /// Whether the text is empty or only white space in every language.
    pub fn is_blank(&self) -> bool {
        match self {
            Text::Plain(text) => text.trim().is_empty(),
            Text::Translated(map) => map.values().all(|t| t.trim().is_empty()),
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(Arc::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(Arc::from(text))
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(Arc::from(""))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Plain(text) => fmt::Debug::fmt(&**text, f),
            Text::Translated(map) => fmt::Debug::fmt(&**map, f),
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(text) => serializer.serialize_str(text),
            Text::Translated(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or an object mapping language tags to strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::from(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Text, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((tag, text)) = access.next_entry::<LanguageTag, String>()? {
                    map.insert(tag, text);
                }
                Ok(Text::Translated(Arc::new(map)))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Text")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text shown to people: one string, or an object mapping language tags to strings.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": { "pattern": LANGUAGE_PATTERN },
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}
