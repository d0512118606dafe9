//! Scoring profiles: the arithmetic that turns answers into scores, as data.
//!
//! A profile chooses among a closed set of documented operations; the engine has no code path
//! keyed on a profile's id. The operations, in the order the engine applies them:
//!
//! 1. **Answers** ([`AnswerRules`]): points per option (for every question offering the option,
//!    or for one question), reversed questions, options that count as "not applicable" and
//!    options that mean "no disclosure found" (the worst answer, never reversed).
//! 2. **Sections** ([`ScoringProfile::section`]): how the questions of a section (of one item of
//!    a repeated section) aggregate ([`Aggregation`]).
//! 3. **Repeats** ([`ScoringProfile::repeat`]): how the items of a repeated section combine
//!    ([`RepeatRule`]): mean, min, max, or a blend of one "corporate" item and the mean of the
//!    others; absent, the questionnaire's own `combine`.
//! 4. **Pillars** and **groups** ([`Group`]): sections aggregate per pillar, and per named group
//!    of sections, over the sections' scores or directly over their questions (leaves).
//! 5. **Adjustments** ([`Adjustment`]): scale a group's points when another group reaches a
//!    share of its maximum.
//! 6. **Overall** ([`Overall`]): over sections, pillars, every question, or one group.
//! 7. **Bands** ([`Band`], [`BandBasis`]): thresholds, inclusive or exclusive, on the score or on
//!    the points as a share of the maximum, with an optional cap from critical questions.
//! 8. **Display** ([`Rounding`]): how a renderer rounds; computed values stay unrounded.
//!
//! A profile also lists the [`Claim`]s it keeps, the properties of DESIGN §4 its arithmetic
//! guarantees; the test suite checks every built-in profile against its claims.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions};
use crate::error::{Problems, Stage, push_token};
use crate::id::{BandId, ItemId, OptionId, ProfileId, QuestionId, ScoreGroupId, SectionId};
use crate::text::Text;
use crate::version::Version;

/// A scoring profile: how answers earn points, how scores aggregate from questions to sections,
/// groups, pillars and the overall score, and which bands the scores fall in.
///
/// A profile is a value, not code: a methodology is expressed by choosing among the documented
/// operations of this module, so a tool can ship its own profile as a JSON document. Every field
/// but `document`, `id`, `version`, `title` and `bands` is optional; left out, each behaves as in
/// the default profile.
///
/// ```
/// use hrdd::scoring::ScoringProfile;
/// let profile = ScoringProfile::default_profile();
/// assert_eq!(profile.id.as_str(), "default");
/// assert_eq!(profile.bands.first().map(|b| b.min_score), Some(0.0));
///
/// // A profile as a document: yes/partial/no options worth 100/50/0, "n-a" not applicable,
/// // question `tracks-users` reversed, sections the mean of their questions.
/// let profile = ScoringProfile::from_json(r#"{
///   "document": "scoring_profile", "id": "disclosure", "version": "1.0.0", "title": "Disclosure",
///   "answers": {
///     "option_points": { "yes": 100, "partial": 50, "no": 0 },
///     "not_applicable": ["n-a"],
///     "questions": { "tracks-users": { "reverse": true } }
///   },
///   "section": "mean",
///   "overall": { "over": "sections", "aggregation": "mean" },
///   "bands": [ { "id": "low", "label": "Low", "min_score": 0 },
///              { "id": "high", "label": "High", "min_score": 50 } ],
///   "rounding": { "decimals": 0 }
/// }"#).unwrap();
/// assert_eq!(profile.rounding.unwrap().apply(62.5), 63.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScoringProfile {
    /// Always `"scoring_profile"`.
    pub document: DocumentTag<tags::ScoringProfile>,
    /// The profile's id.
    pub id: ProfileId,
    /// Its version.
    pub version: Version,
    /// Its title.
    pub title: Text,
    /// What it computes and where its method comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The properties of the scoring rules (DESIGN §4) this profile keeps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// How answers earn points, where the profile departs from the questionnaire.
    #[serde(default, skip_serializing_if = "AnswerRules::is_empty")]
    pub answers: AnswerRules,
    /// How the scores of a section's questions combine into the section's score (per item, for
    /// a repeated section).
    #[serde(default)]
    pub section: Aggregation,
    /// How the items of every repeated section combine; the questionnaire's `combine` when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<RepeatRule>,
    /// How the scores of a pillar's sections combine into the pillar's score.
    #[serde(default)]
    pub pillar: Aggregation,
    /// Named groups of sections scored together, in the order they are computed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Adjustments of group scores, applied in order after the groups are computed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// How the overall score is formed.
    #[serde(default)]
    pub overall: Overall,
    /// Bands in ascending order of `min_score`; the first starts at 0, inclusive.
    pub bands: Vec<Band>,
    /// What the band thresholds are compared with.
    #[serde(default, skip_serializing_if = "BandBasis::is_score")]
    pub band_basis: BandBasis,
    /// The highest band a section can reach while one of its critical questions is answered at
    /// the bottom, unknown or unanswered. No cap when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_cap: Option<BandId>,
    /// Whether the scorecard lists gaps (questions short of their best answer, ranked by what
    /// raising them would add to the overall score). Turn it off where a higher score is worse,
    /// as with an impact level.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub gaps: bool,
    /// How a renderer rounds the numbers it shows; the renderer's own choice when absent.
    /// Scorecards always hold unrounded values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(ScoringProfile, "scoring_profile");
}

/// A property of the scoring rules (DESIGN §4) that a profile claims to keep. The test suite
/// checks every built-in profile against the claims it makes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Claim {
    /// Every score is within `[0, 100]`.
    Bounded,
    /// All best answers give 100 and all worst answers give 0, at every level.
    Extremes,
    /// Raising one answer (to one worth more points under the profile) never lowers any score.
    Monotonic,
    /// A hidden question never changes any number, whatever answer it holds.
    HiddenIgnored,
    /// The order of answers and of questions in the input changes nothing.
    OrderIndependent,
    /// The same input gives byte-identical output.
    Deterministic,
    /// A critical question answered at the bottom caps its section's band.
    CriticalCap,
}

impl Claim {
    /// Every claim, in declaration order.
    pub const ALL: [Claim; 7] = [
        Claim::Bounded,
        Claim::Extremes,
        Claim::Monotonic,
        Claim::HiddenIgnored,
        Claim::OrderIndependent,
        Claim::Deterministic,
        Claim::CriticalCap,
    ];
}

/// How answers earn points where the profile departs from the questionnaire. A question the
/// rules do not touch earns exactly the points the questionnaire gives it.
///
/// Precedence for a choice option: the question's own `option_points`, then the profile-wide
/// `option_points`, then the questionnaire's points. An option listed in `not_applicable` makes
/// the response count as "not applicable" (left out of every number); one listed in
/// `no_disclosure` scores the question's worst points and is never reversed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnswerRules {
    /// Points by option id, for every choice question that offers an option with that id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub option_points: BTreeMap<OptionId, f64>,
    /// Options that, when chosen, make the response count as "not applicable".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<OptionId>,
    /// Options that mean "no disclosure found": they score the question's worst points, and a
    /// reversed question does not turn them into the best.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_disclosure: Vec<OptionId>,
    /// Rules for single questions, by question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<QuestionId, QuestionRule>,
}

impl AnswerRules {
    /// Whether the rules change nothing.
    pub fn is_empty(&self) -> bool {
        self.option_points.is_empty()
            && self.not_applicable.is_empty()
            && self.no_disclosure.is_empty()
            && self.questions.is_empty()
    }
}

/// How one question's answers earn points under a profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QuestionRule {
    /// Points by option id for this question; they win over the profile-wide ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub option_points: BTreeMap<OptionId, f64>,
    /// Score the question in reverse: an answer worth `p` earns `worst + best - p`, so the
    /// worst answer becomes the best. "No disclosure" options stay at the worst.
    #[serde(default)]
    pub reverse: bool,
}

/// How several scores combine into one. Parts without a score (all their questions not
/// applicable or hidden) are left out.
///
/// Every part has a weight (a question's or a section's weight) and a score as a share of its
/// maximum; a question also has points (earned, worst, best), and so does a part aggregated with
/// `sum` or `share_of_maximum`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// The mean weighted by the parts' weights.
    #[default]
    WeightedMean,
    /// The plain mean, ignoring weights.
    Mean,
    /// The lowest part.
    Min,
    /// The parts' points, each times its weight, add up; the score is the earned points as a
    /// share of the way from the worst to the best total. A part without points counts as its
    /// score out of 1.
    Sum,
    /// Each part's score as a share of its maximum, times its weight, adds up to the points,
    /// out of the sum of the weights: with weights 10, 25, 20, 25 and 20 the points are out of
    /// 100. The score is the same as `weighted_mean`; the points are what is new.
    ShareOfMaximum,
}

impl Aggregation {
    /// Whether the aggregate carries points.
    pub fn has_points(self) -> bool {
        matches!(self, Aggregation::Sum | Aggregation::ShareOfMaximum)
    }
}

/// How the items of a repeated section combine into the section's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum RepeatRule {
    /// The mean of the items.
    Mean,
    /// The weakest item.
    Min,
    /// The strongest item.
    Max,
    /// `weight` times the score of item `item` (the corporate level) plus `1 - weight` times
    /// the mean of the other items (such as services). When only one of the two parts has a
    /// score, that part is the section's score.
    Blend {
        /// The item that holds the corporate-level answers.
        item: ItemId,
        /// The share of the corporate part, from 0 to 1.
        weight: f64,
    },
}

/// A named group of sections, scored together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Group {
    /// The group's id.
    pub id: ScoreGroupId,
    /// Its title.
    pub title: Text,
    /// The sections in the group, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionId>,
    /// Also every section whose id starts with this prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_prefix: Option<String>,
    /// What the group aggregates: its sections' scores or their questions.
    #[serde(default)]
    pub over: GroupBasis,
    /// How.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Count hidden questions in the maximum, as if each earned its worst answer (a group over
    /// questions only). The score is then out of every question, shown or not.
    #[serde(default)]
    pub count_hidden: bool,
    /// The group's weight when the overall score is over groups (finite and positive).
    #[serde(default = "one")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

impl Group {
    /// Whether the group holds section `id`.
    pub fn holds(&self, id: &SectionId) -> bool {
        self.sections.contains(id)
            || self
                .section_prefix
                .as_deref()
                .is_some_and(|prefix| id.as_str().starts_with(prefix))
    }
}

/// What a group or the overall score aggregates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupBasis {
    /// The sections' scores, each with its weight.
    #[default]
    Sections,
    /// Every question that counts (per item, in repeated sections), each with its weight.
    Questions,
}

/// An adjustment of a group's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Adjustment {
    /// When group `when` earns at least `at_least_percent` percent of its maximum, the points
    /// of group `target` above its worst are scaled to `factor_percent` percent, then rounded
    /// as `round` says. Percentages keep the arithmetic exact for whole points.
    ScaleWhenReached {
        /// The group whose score is scaled; it must aggregate with points.
        target: ScoreGroupId,
        /// The group whose share of its maximum sets the condition.
        when: ScoreGroupId,
        /// The share of `when`'s maximum, in percent, that must be reached.
        at_least_percent: f64,
        /// What the target keeps, in percent: 85 reduces it by 15%.
        factor_percent: f64,
        /// How the scaled points are rounded; not at all when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<Rounding>,
    },
}

/// How the overall score is formed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Overall {
    /// What the overall score aggregates.
    #[serde(default)]
    pub over: OverallBasis,
    /// How (unused when `over` is `group`).
    #[serde(default)]
    pub aggregation: Aggregation,
    /// The group that is the overall score, when `over` is `group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<ScoreGroupId>,
}

/// What the overall score aggregates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OverallBasis {
    /// Every section, with its weight, whatever its pillar.
    #[default]
    Sections,
    /// The pillar scores, each weighing the sum of its sections' weights.
    Pillars,
    /// Every question that counts (per item, in repeated sections), with its weight.
    Questions,
    /// One group, after its adjustments: `overall.group`.
    Group,
    /// Every group, after adjustments, each with its weight (a theme score as a share of its
    /// maximum times the theme's weight, with `share_of_maximum`).
    Groups,
}

/// A band (a maturity band, or a level such as an impact level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Band {
    /// The band's id.
    pub id: BandId,
    /// Its label.
    pub label: Text,
    /// Where the band starts, on the scale `band_basis` names (0 to 100).
    pub min_score: f64,
    /// When true the band starts just above `min_score` (a score equal to it stays in the band
    /// below); when false, at `min_score` itself.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

/// What band thresholds are compared with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BandBasis {
    /// The score, 0 to 100.
    #[default]
    Score,
    /// The points as a percentage of the way from the worst to the best points, compared by
    /// cross-multiplication so whole points meet a threshold exactly; the score where a part has
    /// no points. With a group that counts hidden questions, the maximum counts them too.
    ShareOfMaximum,
}

impl BandBasis {
    fn is_score(&self) -> bool {
        *self == BandBasis::Score
    }
}

/// A rounding rule: half-up to a number of decimals.
///
/// ```
/// use hrdd::scoring::Rounding;
/// let rounding = Rounding::half_up(1);
/// assert_eq!(rounding.apply(2.25), 2.3);
/// // 1.005 is stored as 1.00499999999999989...; it still rounds as the decimal it stands for.
/// assert_eq!(Rounding::half_up(2).apply(1.005), 1.01);
/// assert_eq!(Rounding::half_up(0).apply(8.5), 9.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rounding {
    /// Decimals kept, 0 to 9.
    #[schemars(range(max = 9))]
    pub decimals: u8,
    /// How ties are broken.
    #[serde(default)]
    pub mode: RoundingMode,
}

/// How a rounding rule breaks ties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// A value halfway between two roundings goes to the larger one.
    #[default]
    HalfUp,
}

impl Rounding {
    /// Half-up rounding to `decimals` decimals (at most 9).
    pub fn half_up(decimals: u8) -> Self {
        Rounding {
            decimals: decimals.min(9),
            mode: RoundingMode::HalfUp,
        }
    }

    /// Rounds `value`. A value within a billionth (relative) of a tie counts as the tie, since
    /// the binary value of a decimal half can lie just below it; non-finite values are returned
    /// as they are.
    pub fn apply(&self, value: f64) -> f64 {
        if !value.is_finite() {
            return value;
        }
        let factor = 10f64.powi(i32::from(self.decimals.min(9)));
        let scaled = value * factor;
        let floor = scaled.floor();
        let tolerance = 1e-9 * scaled.abs().max(1.0);
        let rounded = if scaled - floor >= 0.5 - tolerance {
            floor + 1.0
        } else {
            floor
        };
        rounded / factor
    }
}

impl ScoringProfile {
    /// The default profile: weighted means at every level, overall over sections, five bands of
    /// twenty points (`absent`, `initial`, `developing`, `established`, `leading`), and a
    /// critical question at the bottom capping its section at `initial`. It keeps every claim.
    pub fn default_profile() -> Self {
        let band = |id: &'static str, label: &str, min_score: f64| Band {
            id: BandId::from_literal(id),
            label: Text::from(label),
            min_score,
            exclusive: false,
        };
        ScoringProfile {
            document: DocumentTag::default(),
            id: ProfileId::from_literal("default"),
            version: Version::new(1, 0, 0),
            title: Text::from("Default maturity profile"),
            description: Some(Text::from(
                "Each question scores its points as a share of the best answer's points. Sections, \
                 pillars and the overall score are weighted means. Unknown and unanswered questions \
                 count as not demonstrated; not-applicable and hidden questions do not count.",
            )),
            claims: Claim::ALL.to_vec(),
            answers: AnswerRules::default(),
            section: Aggregation::WeightedMean,
            repeat: None,
            pillar: Aggregation::WeightedMean,
            groups: Vec::new(),
            adjustments: Vec::new(),
            overall: Overall::default(),
            bands: vec![
                band("absent", "Absent", 0.0),
                band("initial", "Initial", 20.0),
                band("developing", "Developing", 40.0),
                band("established", "Established", 60.0),
                band("leading", "Leading", 80.0),
            ],
            band_basis: BandBasis::Score,
            critical_cap: Some(BandId::from_literal("initial")),
            gaps: true,
            rounding: None,
            extensions: Extensions::default(),
        }
    }

    /// Whether the profile claims `claim`.
    pub fn claims(&self, claim: Claim) -> bool {
        self.claims.contains(&claim)
    }

    /// The group with id `id`.
    pub fn group(&self, id: &ScoreGroupId) -> Option<&Group> {
        self.groups.iter().find(|g| &g.id == id)
    }
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

fn finite_in(value: f64, low: f64, high: f64) -> bool {
    value.is_finite() && (low..=high).contains(&value)
}

impl ScoringProfile {
    /// Checks the profile on its own and reports every problem with its JSON pointer: bands
    /// start at 0 (inclusive), ascend strictly, have unique ids and thresholds in `[0, 100]`; the
    /// critical cap names a band; points are finite; an option is not both "not applicable" and
    /// "no disclosure"; a blend weight is in `[0, 1]`; group ids are unique, every group selects
    /// sections and counts hidden questions only over questions; adjustments name known groups,
    /// scale a group that has points, and use percentages from 0 to 100; an overall score over a
    /// group names a known group; claims are not repeated.
    ///
    /// ```
    /// use hrdd::scoring::ScoringProfile;
    /// assert!(ScoringProfile::default_profile().validate().is_ok());
    /// let mut profile = ScoringProfile::default_profile();
    /// profile.critical_cap = Some(hrdd::BandId::new("nowhere").unwrap());
    /// let problems = profile.validate().unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/critical_cap");
    /// ```
    pub fn validate(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        self.validate_bands(&mut problems);
        self.validate_answers(&mut problems);
        self.validate_groups(&mut problems);
        for (n, claim) in self.claims.iter().enumerate() {
            if self.claims.iter().take(n).any(|c| c == claim) {
                problems.push(
                    Stage::Semantic,
                    format!("/claims/{n}"),
                    "a claim is listed twice",
                );
            }
        }
        if let Some(RepeatRule::Blend { weight, .. }) = &self.repeat
            && !finite_in(*weight, 0.0, 1.0)
        {
            problems.push(
                Stage::Semantic,
                "/repeat/weight",
                format!("`{weight}` is not a share from 0 to 1"),
            );
        }
        if let Some(rounding) = &self.rounding
            && rounding.decimals > 9
        {
            problems.push(
                Stage::Semantic,
                "/rounding/decimals",
                "at most 9 decimals are kept",
            );
        }
        problems.into_result(())
    }

    fn validate_bands(&self, problems: &mut Problems) {
        if self.bands.is_empty() {
            problems.push(
                Stage::Semantic,
                "/bands",
                "a profile needs at least one band",
            );
        }
        let mut previous: Option<f64> = None;
        for (n, band) in self.bands.iter().enumerate() {
            let at = format!("/bands/{n}/min_score");
            if !finite_in(band.min_score, 0.0, 100.0) {
                problems.push(
                    Stage::Semantic,
                    at,
                    format!("`{}` is not a score from 0 to 100", band.min_score),
                );
            } else if n == 0 && band.min_score != 0.0 {
                problems.push(Stage::Semantic, at, "the first band must start at 0");
            } else if previous.is_some_and(|p| band.min_score <= p) {
                problems.push(
                    Stage::Semantic,
                    at,
                    "bands must be in strictly ascending order of `min_score`",
                );
            }
            if n == 0 && band.exclusive {
                problems.push(
                    Stage::Semantic,
                    format!("/bands/{n}/exclusive"),
                    "the first band must include its start, or a score of 0 has no band",
                );
            }
            previous = Some(band.min_score);
            if self.bands.iter().take(n).any(|b| b.id == band.id) {
                problems.push(
                    Stage::Semantic,
                    format!("/bands/{n}/id"),
                    format!("duplicate band id `{}`", band.id),
                );
            }
        }
        if let Some(cap) = &self.critical_cap
            && !self.bands.iter().any(|b| &b.id == cap)
        {
            problems.push(
                Stage::Semantic,
                "/critical_cap",
                format!("unknown band `{cap}`"),
            );
        }
    }

    fn validate_answers(&self, problems: &mut Problems) {
        let check_points = |problems: &mut Problems, at: &str, map: &BTreeMap<OptionId, f64>| {
            for (option, points) in map {
                if !points.is_finite() {
                    let mut pointer = at.to_owned();
                    push_token(&mut pointer, option.as_str());
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("`{points}` is not a finite number of points"),
                    );
                }
            }
        };
        check_points(
            problems,
            "/answers/option_points",
            &self.answers.option_points,
        );
        for (question, rule) in &self.answers.questions {
            let mut at = String::from("/answers/questions");
            push_token(&mut at, question.as_str());
            at.push_str("/option_points");
            check_points(problems, &at, &rule.option_points);
        }
        for (n, option) in self.answers.no_disclosure.iter().enumerate() {
            if self.answers.not_applicable.contains(option) {
                problems.push(
                    Stage::Semantic,
                    format!("/answers/no_disclosure/{n}"),
                    format!("`{option}` is also listed as not applicable"),
                );
            }
        }
    }

    fn validate_groups(&self, problems: &mut Problems) {
        for (n, group) in self.groups.iter().enumerate() {
            if self.groups.iter().take(n).any(|g| g.id == group.id) {
                problems.push(
                    Stage::Semantic,
                    format!("/groups/{n}/id"),
                    format!("duplicate group id `{}`", group.id),
                );
            }
            if group.sections.is_empty() && group.section_prefix.is_none() {
                problems.push(
                    Stage::Semantic,
                    format!("/groups/{n}"),
                    "a group needs `sections` or a `section_prefix`",
                );
            }
            if !(group.weight.is_finite() && group.weight > 0.0) {
                problems.push(
                    Stage::Semantic,
                    format!("/groups/{n}/weight"),
                    format!("`{}` is not a finite positive weight", group.weight),
                );
            }
            if group.count_hidden && group.over != GroupBasis::Questions {
                problems.push(
                    Stage::Semantic,
                    format!("/groups/{n}/count_hidden"),
                    "only a group over questions can count hidden questions",
                );
            }
        }
        for (n, adjustment) in self.adjustments.iter().enumerate() {
            let Adjustment::ScaleWhenReached {
                target,
                when,
                at_least_percent,
                factor_percent,
                round,
            } = adjustment;
            let at = format!("/adjustments/{n}");
            match self.group(target) {
                None => problems.push(
                    Stage::Semantic,
                    format!("{at}/target"),
                    format!("unknown group `{target}`"),
                ),
                Some(group) if !group.aggregation.has_points() => problems.push(
                    Stage::Semantic,
                    format!("{at}/target"),
                    format!(
                        "group `{target}` has no points to scale: aggregate it with `sum` or `share_of_maximum`"
                    ),
                ),
                Some(_) => {}
            }
            if self.group(when).is_none() {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/when"),
                    format!("unknown group `{when}`"),
                );
            }
            for (field, value) in [
                ("at_least_percent", at_least_percent),
                ("factor_percent", factor_percent),
            ] {
                if !finite_in(*value, 0.0, 100.0) {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/{field}"),
                        format!("`{value}` is not a percentage from 0 to 100"),
                    );
                }
            }
            if round.is_some_and(|r| r.decimals > 9) {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/round/decimals"),
                    "at most 9 decimals are kept",
                );
            }
        }
        match (&self.overall.over, &self.overall.group) {
            (OverallBasis::Group, None) => problems.push(
                Stage::Semantic,
                "/overall/group",
                "an overall score over a group must name the group",
            ),
            (OverallBasis::Group, Some(group)) if self.group(group).is_none() => problems.push(
                Stage::Semantic,
                "/overall/group",
                format!("unknown group `{group}`"),
            ),
            (OverallBasis::Group, Some(_)) => {}
            (_, Some(_)) => problems.push(
                Stage::Semantic,
                "/overall/group",
                "a group is named only when `over` is `group`",
            ),
            (OverallBasis::Groups, None) if self.groups.is_empty() => problems.push(
                Stage::Semantic,
                "/overall/over",
                "an overall score over groups needs at least one group",
            ),
            (_, None) => {}
        }
    }
}

impl ScoringProfile {
    /// Checks that the profile fits `questionnaire`, and reports every mismatch with its JSON
    /// pointer into the profile: rules for questions the questionnaire does not have or does not
    /// score, option points for options a question does not offer, and groups that select no
    /// section. Scoring never needs this (rules that match nothing change nothing); it catches
    /// a profile written for another questionnaire.
    ///
    /// ```
    /// use hrdd::scoring::builtin_profile;
    /// let aia = hrdd::questionnaire::builtin("aia-mini").unwrap();
    /// assert!(builtin_profile("aia").unwrap().validate_for(aia).is_ok());
    /// let remedy = hrdd::questionnaire::builtin("ungp-remedy").unwrap();
    /// let problems = builtin_profile("aia").unwrap().validate_for(remedy).unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/groups/0");
    /// ```
    pub fn validate_for(
        &self,
        questionnaire: &crate::questionnaire::CheckedQuestionnaire,
    ) -> Result<(), Problems> {
        use crate::questionnaire::AnswerKind;
        let mut problems = Problems::new();
        for (id, rule) in &self.answers.questions {
            let mut at = String::from("/answers/questions");
            push_token(&mut at, id.as_str());
            let Some((question, _)) = questionnaire.question(id.as_str()) else {
                problems.push(Stage::Semantic, at, format!("unknown question `{id}`"));
                continue;
            };
            let options = match &question.answer {
                AnswerKind::SingleChoice { options }
                | AnswerKind::MultipleChoice { options, .. } => options.as_slice(),
                AnswerKind::Text | AnswerKind::List { .. } => {
                    problems.push(
                        Stage::Semantic,
                        at,
                        format!("question `{id}` is not scored"),
                    );
                    continue;
                }
                _ => &[],
            };
            if !question.scored {
                problems.push(
                    Stage::Semantic,
                    at.clone(),
                    format!("question `{id}` is not scored"),
                );
            }
            for option in rule.option_points.keys() {
                if !options.iter().any(|o| &o.id == option) {
                    let mut pointer = format!("{at}/option_points");
                    push_token(&mut pointer, option.as_str());
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("question `{id}` has no option `{option}`"),
                    );
                }
            }
        }
        let sections = &questionnaire.questionnaire().sections;
        for (n, group) in self.groups.iter().enumerate() {
            if !sections.iter().any(|s| group.holds(&s.id)) {
                problems.push(
                    Stage::Semantic,
                    format!("/groups/{n}"),
                    format!(
                        "group `{}` selects no section of `{}`",
                        group.id,
                        questionnaire.questionnaire().id
                    ),
                );
            }
        }
        problems.into_result(())
    }
}

/// The built-in profiles other than the default, as JSON documents.
const SOURCES: &[(&str, &str)] = &[
    ("rdr", include_str!("data/rdr.json")),
    ("chrb", include_str!("data/chrb.json")),
    ("aia", include_str!("data/aia.json")),
];

/// The scoring profiles built into the crate: `default`, then `rdr` (Ranking Digital Rights),
/// `chrb` (Corporate Human Rights Benchmark) and `aia` (Canada's Algorithmic Impact
/// Assessment). The last three are JSON documents in `src/scoring/data/`.
///
/// ```
/// let ids: Vec<&str> = hrdd::scoring::builtin_profiles().iter().map(|p| p.id.as_str()).collect();
/// assert_eq!(ids, ["default", "rdr", "chrb", "aia"]);
/// ```
pub fn builtin_profiles() -> &'static [ScoringProfile] {
    static PROFILES: std::sync::OnceLock<Vec<ScoringProfile>> = std::sync::OnceLock::new();
    PROFILES.get_or_init(|| {
        let mut profiles = vec![ScoringProfile::default_profile()];
        profiles.extend(SOURCES.iter().map(|(_, text)| parse_embedded(text)));
        profiles
    })
}

#[expect(
    clippy::expect_used,
    reason = "the built-in profiles are fixed at build time and checked by the tests below"
)]
fn parse_embedded(text: &str) -> ScoringProfile {
    serde_json::from_str(text).expect("built-in scoring profile parses")
}

/// The built-in scoring profile with id `id`, if there is one.
pub fn builtin_profile(id: &str) -> Option<&'static ScoringProfile> {
    builtin_profiles().iter().find(|p| p.id.as_str() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_profile_reads_as_a_document_and_validates() {
        for (id, text) in SOURCES {
            let profile = match crate::document::read(text, &crate::Limits::default()) {
                Ok(crate::document::Document::ScoringProfile(profile)) => profile,
                Ok(other) => panic!("{id}: not a scoring profile: {other:?}"),
                Err(problems) => panic!("{id}:\n{problems}"),
            };
            assert_eq!(profile.id.as_str(), *id);
            assert_eq!(builtin_profile(id), Some(&*profile));
        }
        for profile in builtin_profiles() {
            profile.validate().unwrap();
        }
    }

    #[test]
    fn validation_reports_every_problem_with_its_pointer() {
        let text = r#"{
          "document": "scoring_profile", "id": "broken", "version": "1.0.0", "title": "Broken",
          "answers": { "not_applicable": ["n-a"], "no_disclosure": ["n-a"] },
          "repeat": { "kind": "blend", "item": "group", "weight": 1.5 },
          "groups": [ { "id": "g", "title": "G", "section_prefix": "x", "count_hidden": true },
                      { "id": "g", "title": "G again" } ],
          "adjustments": [ { "kind": "scale_when_reached", "target": "g", "when": "nobody",
                             "at_least_percent": 140, "factor_percent": 85 } ],
          "overall": { "over": "group" },
          "bands": [ { "id": "a", "label": "A", "min_score": 0, "exclusive": true },
                     { "id": "b", "label": "B", "min_score": 0 } ],
          "claims": ["bounded", "bounded"]
        }"#;
        let profile: ScoringProfile = serde_json::from_str(text).unwrap();
        let problems = profile.validate().unwrap_err();
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        for expected in [
            "/bands/0/exclusive",
            "/bands/1/min_score",
            "/answers/no_disclosure/0",
            "/groups/0/count_hidden",
            "/groups/1/id",
            "/groups/1",
            "/adjustments/0/target",
            "/adjustments/0/when",
            "/adjustments/0/at_least_percent",
            "/overall/group",
            "/claims/1",
            "/repeat/weight",
        ] {
            assert!(pointers.contains(&expected), "{expected} in {pointers:?}");
        }
    }

    #[test]
    fn rounding_is_half_up_from_unrounded_values() {
        // Worked by hand: 0.125 to 2 decimals is a tie, up to 0.13; 33.333... to 1 is 33.3.
        assert_eq!(Rounding::half_up(2).apply(0.125), 0.13);
        assert_eq!(Rounding::half_up(1).apply(100.0 / 3.0), 33.3);
        assert_eq!(Rounding::half_up(0).apply(62.49), 62.0);
        assert_eq!(Rounding::half_up(0).apply(2.675 * 100.0), 268.0);
        assert!(Rounding::half_up(0).apply(f64::NAN).is_nan());
    }
}
