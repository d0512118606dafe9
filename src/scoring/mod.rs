//! Scoring: profiles, and the engine that turns a checked assessment into a scorecard.

mod engine;
pub(crate) mod evaluate;
mod profile;
mod rows;
mod scorecard;

pub use engine::score;
pub use profile::{
    Adjustment, Aggregation, AnswerRules, Band, BandBasis, Claim, Group, GroupBasis, Overall,
    OverallBasis, QuestionRule, RepeatRule, Rounding, RoundingMode, ScoringProfile,
    builtin_profile, builtin_profiles,
};
pub use rows::{Gaps, QuestionScores};
pub use scorecard::{
    AdjustmentTrace, BandCap, Gap, GroupScore, ItemScore, PillarScore, PrincipleScore, ProfileRef,
    QuestionScore, QuestionStatus, Scorecard, SectionScore, Summary,
};
