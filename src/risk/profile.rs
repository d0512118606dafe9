//! Prioritisation profiles: how a risk's severity and likelihood become a priority and a tier.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Problems, Stage};

use super::model::Severity;

/// How urgent a risk is, from `low` to `top`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Watch and review.
    Low,
    /// Address in the normal course of due diligence.
    Medium,
    /// Address soon.
    High,
    /// Address first (Principle 24).
    Top,
}

impl Tier {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Low => "low",
            Tier::Medium => "medium",
            Tier::High => "high",
            Tier::Top => "top",
        }
    }
}

/// How risks are ranked: a value, so an organisation can state its method as data.
///
/// Whatever the method, a risk's tier and priority never fall when a severity component or the
/// likelihood rises, and ties are broken by severity, then likelihood, then ids.
///
/// ```
/// use hrdd::risk::{PrioritisationProfile, Severity, Tier};
/// let profile = PrioritisationProfile::default();
/// // Irremediable harm of high scale is top tier however unlikely.
/// assert_eq!(profile.assess(Severity::new(4, 1, 5), 0.01).1, Tier::Top);
/// let matrix = PrioritisationProfile::risk_matrix(5).unwrap();
/// assert_eq!(matrix.assess(Severity::new(1, 1, 1), 0.0).1, Tier::Low);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PrioritisationProfile {
    /// Severity first, likelihood second (Principles 14 and 24).
    SeverityFirst(SeverityFirst),
    /// A severity-by-likelihood matrix.
    RiskMatrix(RiskMatrix),
}

impl Default for PrioritisationProfile {
    fn default() -> Self {
        PrioritisationProfile::SeverityFirst(SeverityFirst::default())
    }
}

/// The severity-first method.
///
/// The priority is `points + likelihood`, where `points = scale + scope + irremediability - 3`
/// (0 to 12) and the likelihood is in `[0, 1]`: a risk with more severity points never ranks
/// below one with fewer, whatever their likelihoods, and likelihood orders risks of equal
/// severity. The tier is `top` when the priority reaches `top` or the harm is irremediable
/// (irremediability 5) and of high scale (4 or 5); otherwise `high`, `medium` or `low` by the
/// thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeverityFirst {
    /// The lowest priority in the top tier. Default 10.
    pub top: f64,
    /// The lowest priority in the high tier. Default 7.
    pub high: f64,
    /// The lowest priority in the medium tier. Default 4.
    pub medium: f64,
}

impl Default for SeverityFirst {
    fn default() -> Self {
        Self {
            top: 10.0,
            high: 7.0,
            medium: 4.0,
        }
    }
}

/// The risk-matrix method: severity and likelihood are each cut into `size` levels and the
/// matrix cell gives the tier.
///
/// Severity level `1 + points × size / 13` (integer division; points 0..=12), likelihood level
/// `min(size, 1 + floor(likelihood × size))`. The priority is
/// `(severity level - 1) × size + likelihood level`, from 1 to `size²`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RiskMatrix {
    /// The number of levels on each axis, 2 to 10.
    pub size: u8,
    /// `cells[s][l]`: the tier of severity level `s + 1` and likelihood level `l + 1`.
    /// Tiers must not fall along a row or a column.
    pub cells: Vec<Vec<Tier>>,
    /// Whether irremediable harm of high scale is top tier whatever the cell says (Principle 24).
    /// Default true.
    #[serde(default = "yes")]
    pub grave_irremediable_top: bool,
}

fn yes() -> bool {
    true
}

impl PrioritisationProfile {
    /// The built-in risk matrix of `size` levels (3, 5 or 7), where severity weighs twice as
    /// much as likelihood: with `v = (2s + l - 3) / (3·size - 3)` for levels `s` and `l`, the
    /// cell is `top` from 0.75, `high` from 0.5, `medium` from 0.25, `low` below.
    pub fn risk_matrix(size: u8) -> Option<Self> {
        if !matches!(size, 3 | 5 | 7) {
            return None;
        }
        let n = u32::from(size);
        let cells = (1..=n)
            .map(|s| {
                (1..=n)
                    .map(|l| {
                        // Compare 4·(2s + l - 3) with k·(3n - 3) to stay in integers.
                        let v4 = 4 * (2 * s + l - 3);
                        let d = 3 * n - 3;
                        if v4 >= 3 * d {
                            Tier::Top
                        } else if v4 >= 2 * d {
                            Tier::High
                        } else if v4 >= d {
                            Tier::Medium
                        } else {
                            Tier::Low
                        }
                    })
                    .collect()
            })
            .collect();
        Some(PrioritisationProfile::RiskMatrix(RiskMatrix {
            size,
            cells,
            grave_irremediable_top: true,
        }))
    }

    /// The priority and tier of a risk of `severity` and `likelihood` (in `[0, 1]`).
    pub fn assess(&self, severity: Severity, likelihood: f64) -> (f64, Tier) {
        let likelihood = if likelihood.is_nan() {
            0.0
        } else {
            likelihood.clamp(0.0, 1.0)
        };
        let points = severity.points().min(12);
        match self {
            PrioritisationProfile::SeverityFirst(p) => {
                let priority = f64::from(points) + likelihood;
                let tier = if priority >= p.top || severity.is_grave_and_irremediable() {
                    Tier::Top
                } else if priority >= p.high {
                    Tier::High
                } else if priority >= p.medium {
                    Tier::Medium
                } else {
                    Tier::Low
                };
                (priority, tier)
            }
            PrioritisationProfile::RiskMatrix(m) => {
                let n = u32::from(m.size.max(1));
                let s = 1 + u32::from(points) * n / 13;
                // likelihood × n is in [0, n]; the cast saturates and the `min` keeps 1 in level n.
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a value in [0, 10], floored on purpose"
                )]
                let l = (1 + (likelihood * f64::from(n)).floor() as u32).min(n);
                let cell = m
                    .cells
                    .get((s - 1) as usize)
                    .and_then(|row| row.get((l - 1) as usize))
                    .copied()
                    .unwrap_or(Tier::Low);
                let tier = if m.grave_irremediable_top && severity.is_grave_and_irremediable() {
                    Tier::Top
                } else {
                    cell
                };
                (f64::from((s - 1) * n + l), tier)
            }
        }
    }

    /// Bounds of every priority [`assess`](Self::assess) gives: points (0 to 12) plus a
    /// likelihood, or a matrix cell numbered from 1 to `size²`.
    pub(crate) fn priority_range(&self) -> (f64, f64) {
        match self {
            PrioritisationProfile::SeverityFirst(_) => (0.0, 13.0),
            PrioritisationProfile::RiskMatrix(m) => (1.0, f64::from(m.size.max(1)).powi(2)),
        }
    }

    /// Checks the profile: thresholds finite and ordered; a matrix square, of size 2 to 10, and
    /// with tiers that never fall along a row or a column.
    pub fn validate(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        match self {
            PrioritisationProfile::SeverityFirst(p) => {
                for (name, v) in [("top", p.top), ("high", p.high), ("medium", p.medium)] {
                    if !v.is_finite() {
                        problems.push(
                            Stage::Semantic,
                            format!("/{name}"),
                            format!("`{v}` is not a finite number"),
                        );
                    }
                }
                if !(p.medium <= p.high && p.high <= p.top) {
                    problems.push(
                        Stage::Semantic,
                        "",
                        "thresholds must satisfy `medium` <= `high` <= `top`",
                    );
                }
            }
            PrioritisationProfile::RiskMatrix(m) => {
                if !(2..=10).contains(&m.size) {
                    problems.push(
                        Stage::Semantic,
                        "/size",
                        format!("matrix size `{}` is not from 2 to 10", m.size),
                    );
                }
                let n = usize::from(m.size);
                if m.cells.len() != n {
                    problems.push(
                        Stage::Semantic,
                        "/cells",
                        format!("the matrix needs {n} rows, one per severity level"),
                    );
                }
                for (s, row) in m.cells.iter().enumerate() {
                    if row.len() != n {
                        problems.push(
                            Stage::Semantic,
                            format!("/cells/{s}"),
                            format!("the row needs {n} cells, one per likelihood level"),
                        );
                    }
                    for (l, tier) in row.iter().enumerate() {
                        let left = l.checked_sub(1).and_then(|l| row.get(l));
                        let below = s
                            .checked_sub(1)
                            .and_then(|s| m.cells.get(s))
                            .and_then(|r| r.get(l));
                        if left.is_some_and(|t| t > tier) || below.is_some_and(|t| t > tier) {
                            problems.push(
                                Stage::Semantic,
                                format!("/cells/{s}/{l}"),
                                "a more severe or more likely cell cannot have a lower tier",
                            );
                        }
                    }
                }
            }
        }
        problems.into_result(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tier::*;

    #[test]
    fn three_by_three_matrix_by_hand() {
        // v = (2s + l - 3) / 6; top >= .75, high >= .5, medium >= .25.
        // s=1: l=1 0, l=2 1/6, l=3 2/6 -> low, low, medium
        // s=2: 2/6, 3/6, 4/6 -> medium, high, high
        // s=3: 4/6, 5/6, 1 -> high, top, top
        let Some(PrioritisationProfile::RiskMatrix(m)) = PrioritisationProfile::risk_matrix(3)
        else {
            panic!("no matrix")
        };
        assert_eq!(
            m.cells,
            vec![
                vec![Low, Low, Medium],
                vec![Medium, High, High],
                vec![High, Top, Top]
            ]
        );
        for size in [3, 5, 7] {
            let profile = PrioritisationProfile::risk_matrix(size).unwrap();
            assert_eq!(profile.validate(), Ok(()));
        }
        assert!(PrioritisationProfile::risk_matrix(4).is_none());
    }

    #[test]
    fn matrix_levels_by_hand() {
        let profile = PrioritisationProfile::risk_matrix(3).unwrap();
        // points 12 -> level 1 + 36/13 = 3; likelihood 0.5 -> 1 + 1 = 2 -> cell top; priority 2*3+2 = 8
        assert_eq!(profile.assess(Severity::new(5, 5, 5), 0.5), (8.0, Top));
        // points 0 -> level 1; likelihood 1 -> level 3; cell medium; priority 3
        assert_eq!(profile.assess(Severity::new(1, 1, 1), 1.0), (3.0, Medium));
    }

    #[test]
    fn severity_first_by_hand() {
        let profile = PrioritisationProfile::default();
        // 3 + 3 + 3 - 3 = 6 points, + 0.5 -> 6.5: medium (>= 4, < 7)
        assert_eq!(profile.assess(Severity::new(3, 3, 3), 0.5), (6.5, Medium));
        // 9 points + 1 -> 10: top
        assert_eq!(profile.assess(Severity::new(4, 4, 4), 1.0).1, Top);
        assert_eq!(profile.assess(Severity::new(4, 1, 5), 0.0), (7.0, Top));
    }

    #[test]
    fn falling_matrix_is_rejected() {
        let profile = PrioritisationProfile::RiskMatrix(RiskMatrix {
            size: 2,
            cells: vec![vec![High, Low], vec![Top, Top]],
            grave_irremediable_top: true,
        });
        let problems = profile.validate().unwrap_err();
        assert_eq!(problems.iter().next().unwrap().pointer, "/cells/0/1");
    }
}
