#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented,
        clippy::print_stdout,
        clippy::print_stderr,
        clippy::dbg_macro
    )
)]

pub mod assessment;
pub mod catalog;
pub mod document;
pub mod error;
mod id;
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
