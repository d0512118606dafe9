//! The scorecard document: what scoring an assessment produces.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{QuestionnaireRef, Subject};
use crate::catalog::{Pillar, Principle, PrincipleSet};
use crate::document::{DocumentTag, Extensions};
use crate::id::{BandId, ItemId, ProfileId, QuestionId, ScoreGroupId, SectionId};

use super::profile::Rounding;
use super::rows::{Gaps, QuestionScores};
use crate::text::Text;
use crate::version::Version;

/// The result of scoring an assessment: scores, coverage and confidence at every level, the gaps
/// ranked by what closing them would gain, and enough detail to trace every number back to the
/// answers and rules that made it.
///
/// Scores are on a 0-100 scale; coverage and confidence are shares in `[0, 1]`. Nothing is
/// rounded: round when rendering. Lists are sorted by id (sections and questions), by pillar and
/// principle number, and gaps by gain, so the same input always gives the same bytes.
///
/// `questions` and `gaps` read as slices of [`QuestionScore`] and [`Gap`] (see
/// [`QuestionScores`] and [`Gaps`], which scoring fills with compact rows).
///
/// How to trace a number: a [`QuestionScore`] names its section, item, weight and points; a
/// [`SectionScore`] names its pillar, weight, how its items combine and what capped its band; the
/// profile named in [`Scorecard::profile`] says how each level aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scorecard {
    /// Always `"scorecard"`.
    pub document: DocumentTag<tags::Scorecard>,
    /// The questionnaire and version that was answered.
    pub questionnaire: QuestionnaireRef,
    /// The scoring profile used.
    pub profile: ProfileRef,
    /// What was assessed.
    pub subject: Subject,
    /// When the assessment was made, as the assessment says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The overall result.
    pub overall: Summary,
    /// One entry per pillar that has sections, in pillar order.
    pub pillars: Vec<PillarScore>,
    /// One entry per section, sorted by id.
    pub sections: Vec<SectionScore>,
    /// One entry per principle served by at least one question, in number order.
    pub principles: Vec<PrincipleScore>,
    /// One entry per question (and per item, for repeated sections), sorted by question id then item.
    pub questions: QuestionScores,
    /// Questions that fall short of the best answer, most valuable to close first (empty when
    /// the profile lists no gaps).
    pub gaps: Gaps,
    /// One entry per group of the profile, in the profile's order; absent when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupScore>,
    /// How the profile asks renderers to round numbers for display; the values here are
    /// unrounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(Scorecard, "scorecard");
}

/// Names one version of a scoring profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRef {
    /// The profile's id.
    pub id: ProfileId,
    /// Its version.
    pub version: Version,
}

/// Score, coverage, confidence and band of one part of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Summary {
    /// The score, 0 to 100; `None` when nothing applicable was scored.
    pub score: Option<f64>,
    /// The share of applicable scored questions that were answered (not unknown, not unanswered).
    pub coverage: Option<f64>,
    /// The share of applicable scored questions whose answer cites evidence.
    pub confidence: Option<f64>,
    /// The maturity band the score falls in, after any cap.
    pub band: Option<BandId>,
    /// How many scored questions apply (visible and not "not applicable").
    pub applicable: u32,
    /// How many of those were answered.
    pub answered: u32,
    /// How many of those cite evidence.
    pub evidenced: u32,
    /// How many were unknown.
    pub unknown: u32,
    /// How many were left unanswered.
    pub unanswered: u32,
    /// The points earned, where the profile aggregates this part with points (`sum` or
    /// `share_of_maximum`), after any adjustment. `score` is then
    /// `100 * (points - min_points) / (max_points - min_points)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// The points all worst answers would earn, where `points` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_points: Option<f64>,
    /// The points all best answers would earn, where `points` is set; with a group that counts
    /// hidden questions, it counts them too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
}

/// The result for one group of sections named by the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupScore {
    /// The group.
    pub group: ScoreGroupId,
    /// Its title, from the profile.
    pub title: Text,
    /// Its result, after the adjustments below.
    pub summary: Summary,
    /// The adjustments that target the group, in the profile's order, whether or not their
    /// condition was met.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<AdjustmentTrace>,
}

/// What one adjustment did to a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AdjustmentTrace {
    /// The adjustment's position in the profile's `adjustments`.
    pub adjustment: u32,
    /// The group whose share of its maximum sets the condition.
    pub when: ScoreGroupId,
    /// Whether the condition was met, so the adjustment applied.
    pub applied: bool,
    /// The target's points before the adjustment (the raw points, for the first one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_before: Option<f64>,
    /// Its points after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_after: Option<f64>,
}

/// The result for one pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PillarScore {
    /// The pillar.
    pub pillar: Pillar,
    /// The sum of the weights of its sections that have a score.
    pub weight: f64,
    /// Its result.
    pub summary: Summary,
}

/// The result for one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SectionScore {
    /// The section.
    pub section: SectionId,
    /// Its title, for readers of the scorecard.
    pub title: Text,
    /// Its pillar.
    pub pillar: Pillar,
    /// Its weight.
    pub weight: f64,
    /// Its result.
    pub summary: Summary,
    /// For a repeated section: the result of each item, sorted by item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemScore>,
    /// Set when a critical question is at the bottom: the cap on the band and the questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<BandCap>,
}

/// The result for one item of a repeated section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ItemScore {
    /// The item.
    pub item: ItemId,
    /// Its result.
    pub summary: Summary,
}

/// A cap on a section's band set by critical questions answered at the bottom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BandCap {
    /// The highest band the section may reach.
    pub band: BandId,
    /// The band its score alone would give.
    pub uncapped: BandId,
    /// The critical questions at the bottom (unknown and unanswered count as the bottom).
    pub questions: Vec<QuestionId>,
}

/// The result for one principle, over the questions that serve it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PrincipleScore {
    /// The principle.
    pub principle: Principle,
    /// Its result: the weighted mean of the scores of the questions that serve it.
    pub summary: Summary,
}

/// What happened to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuestionStatus {
    /// Answered, and scored.
    Answered,
    /// Answered "not applicable": left out of every number.
    NotApplicable,
    /// Answered "unknown": scores zero and lowers coverage.
    Unknown,
    /// Not answered: scores zero and lowers coverage.
    Unanswered,
    /// Hidden by its visibility condition: left out of every number, whatever it holds.
    Hidden,
    /// A question that is not scored (text, list, or marked unscored).
    Unscored,
}

impl QuestionStatus {
    /// Whether a question with this status counts in the numbers (answered, unknown or
    /// unanswered).
    pub(crate) fn counts(self) -> bool {
        matches!(
            self,
            QuestionStatus::Answered | QuestionStatus::Unknown | QuestionStatus::Unanswered
        )
    }
}

/// The result for one question (one item of it, in a repeated section).
// `Serialize` goes through the same borrowed view as the scorecard's compact rows (see `rows`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QuestionScore {
    /// The question.
    pub question: QuestionId,
    /// Its section.
    pub section: SectionId,
    /// The item, for a question of a repeated section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// What happened to it.
    pub status: QuestionStatus,
    /// The points the answer earned (the worst answer's points for unknown and unanswered);
    /// absent when the question does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// The points of the worst answer; absent when the question does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_points: Option<f64>,
    /// The points of the best answer; absent when the question does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_points: Option<f64>,
    /// `100 * (points - worst_points) / (best_points - worst_points)`; absent when the question
    /// does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Its weight in the section.
    pub weight: f64,
    /// Whether the answer cites evidence.
    pub evidenced: bool,
    /// Whether it is critical.
    pub critical: bool,
    /// The principles it serves.
    pub principles: PrincipleSet,
}

/// A question that falls short of its best answer.
// `Serialize` goes through the same borrowed view as the scorecard's compact rows (see `rows`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Gap {
    /// The question.
    pub question: QuestionId,
    /// Its section.
    pub section: SectionId,
    /// The item, for a question of a repeated section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// What happened to it (answered short of the best, unknown or unanswered).
    pub status: QuestionStatus,
    /// Its score now, 0 to 100.
    pub score: f64,
    /// How many points the overall score would gain if it got its best answer, all else equal.
    pub gain: f64,
    /// Whether it is critical.
    pub critical: bool,
    /// The principles it serves.
    pub principles: PrincipleSet,
    /// What to do to close it, from the questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Text>,
}
