//! Scoring profiles: the arithmetic that turns answers into scores, as data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions};
use crate::error::{Problems, Stage};
use crate::id::{BandId, ProfileId};
use crate::text::Text;
use crate::version::Version;

/// A scoring profile: how question scores aggregate into section, pillar and overall scores, and
/// which maturity bands the scores fall in.
///
/// A profile is a value, not code: a methodology is expressed by choosing among the documented
/// operations here, so a tool can ship its own profile as a JSON document.
///
/// ```
/// use hrdd::scoring::ScoringProfile;
/// let profile = ScoringProfile::default_profile();
/// assert_eq!(profile.id.as_str(), "default");
/// assert_eq!(profile.bands.first().map(|b| b.min_score), Some(0.0));
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
    /// How the scores of a section's questions combine into the section's score.
    #[serde(default)]
    pub section: Aggregation,
    /// How the scores of a pillar's sections combine into the pillar's score.
    #[serde(default)]
    pub pillar: Aggregation,
    /// How the overall score is formed.
    #[serde(default)]
    pub overall: Overall,
    /// Maturity bands in ascending order of `min_score`; the first starts at 0.
    pub bands: Vec<Band>,
    /// The highest band a section can reach while one of its critical questions is answered at
    /// the bottom, unknown or unanswered. No cap when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_cap: Option<BandId>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(ScoringProfile, "scoring_profile");
}

/// How several scores combine into one. Parts without a score (all their questions not
/// applicable or hidden) are left out.
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
}

/// How the overall score is formed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Overall {
    /// What the overall score aggregates.
    #[serde(default)]
    pub over: OverallBasis,
    /// How.
    #[serde(default)]
    pub aggregation: Aggregation,
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
}

/// A maturity band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Band {
    /// The band's id.
    pub id: BandId,
    /// Its label.
    pub label: Text,
    /// The lowest score in the band, inclusive.
    pub min_score: f64,
}

impl ScoringProfile {
    /// The default profile: weighted means at every level, overall over sections, five bands of
    /// twenty points (`absent`, `initial`, `developing`, `established`, `leading`), and a
    /// critical question at the bottom capping its section at `initial`.
    pub fn default_profile() -> Self {
        let band = |id: &'static str, label: &str, min_score: f64| Band {
            id: BandId::from_literal(id),
            label: Text::from(label),
            min_score,
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
            section: Aggregation::WeightedMean,
            pillar: Aggregation::WeightedMean,
            overall: Overall::default(),
            bands: vec![
                band("absent", "Absent", 0.0),
                band("initial", "Initial", 20.0),
                band("developing", "Developing", 40.0),
                band("established", "Established", 60.0),
                band("leading", "Leading", 80.0),
            ],
            critical_cap: Some(BandId::from_literal("initial")),
            extensions: Extensions::default(),
        }
    }
}

impl ScoringProfile {
    /// Checks the profile on its own: bands start at 0, ascend strictly, have unique ids and finite
    /// thresholds in `[0, 100]`; the critical cap names one of the bands.
    ///
    /// ```
    /// use hrdd::scoring::ScoringProfile;
    /// assert!(ScoringProfile::default_profile().validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
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
            if !band.min_score.is_finite() || !(0.0..=100.0).contains(&band.min_score) {
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
            {
                problems.push(
                    Stage::Semantic,
                    "/critical_cap",
                    format!("unknown band `{cap}`"),
                );
            }
        }
        problems.into_result(())
    }
}

/// The scoring profiles built into the crate.
///
/// ```
/// let ids: Vec<&str> = hrdd::scoring::builtin_profiles().iter().map(|p| p.id.as_str()).collect();
/// assert!(ids.contains(&"default"));
/// ```
pub fn builtin_profiles() -> &'static [ScoringProfile] {
    static PROFILES: std::sync::OnceLock<Vec<ScoringProfile>> = std::sync::OnceLock::new();
    PROFILES.get_or_init(|| vec![ScoringProfile::default_profile()])
}

/// The built-in scoring profile with id `id`, if there is one.
pub fn builtin_profile(id: &str) -> Option<&'static ScoringProfile> {
    builtin_profiles().iter().find(|p| p.id.as_str() == id)
}
