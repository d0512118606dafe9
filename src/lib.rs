#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod assessment;
pub mod catalog;
pub mod comparison;
pub mod document;
pub mod error;
mod id;
pub mod migration;
pub mod questionnaire;
#[cfg(feature = "report")]
pub mod report;
pub mod risk;
pub mod scoring;
mod text;
mod version;

pub use document::Limits;
pub use error::{Problem, Problems, Stage};
pub use id::{
    BandId, GroupId, ID_PATTERN, IdError, ItemId, MAX_ID_LEN, NodeId, OptionId, ProfileId,
    QuestionId, QuestionnaireId, RightId, ScoreGroupId, SectionId,
};
pub use text::{LANGUAGE_PATTERN, LanguageTag, LanguageTagError, Text};
pub use version::{Version, VersionError};
