//! Scoring: profiles, and the engine that turns a checked assessment into a scorecard.

mod engine;
mod profile;
mod scorecard;

pub use engine::score;
pub use profile::{
    Aggregation, Band, Overall, OverallBasis, ScoringProfile, builtin_profile, builtin_profiles,
};
pub use scorecard::{
    BandCap, Gap, ItemScore, PillarScore, PrincipleScore, ProfileRef, QuestionScore,
    QuestionStatus, Scorecard, SectionScore, Summary,
};
