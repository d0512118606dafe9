//! The scoring engine: a checked assessment and a profile in, a scorecard out.
//!
//! Scoring works on fractions in `[0, 1]` and multiplies by 100 only when it writes the
//! scorecard, so that "all best answers give 100" holds exactly. Every sum is taken in id order
//! (questions, sections, items), so the order of the input cannot change a bit of the output.
//! Beside its fraction, a question carries its points (earned, worst, best) under the profile,
//! and so does every aggregate that sums points.

use crate::assessment::{CheckedAssessment, QuestionnaireRef};
use crate::catalog::Pillar;
use crate::document::DocumentTag;

use crate::id::{BandId, ItemId};
use crate::questionnaire::{CheckedQuestionnaire, Combine};

use super::evaluate::{Counts, Evaluation, Node, Outcome, Points, Unit, rescales};
use super::profile::{
    Adjustment, Aggregation, BandBasis, GroupBasis, OverallBasis, RepeatRule, ScoringProfile,
};
use super::rows::{GapRow, Gaps, Names, QuestionScores};
use super::scorecard::{
    AdjustmentTrace, BandCap, GroupScore, ItemScore, PillarScore, PrincipleScore, ProfileRef,
    QuestionStatus, Scorecard, SectionScore, Summary,
};

/// Scores a checked assessment with `profile`.
///
/// What the profile says is applied in a fixed order: answer rules, sections (per item), the
/// items' combination, pillars, groups, adjustments, the overall score, bands (see
/// [`ScoringProfile`] and the `profile` module). The questionnaire's points are used unchanged
/// where the profile's answer rules do not touch a question.
///
/// Takes time linear in the number of questions (times their items, for repeated sections), plus
/// for each gap the size of its section and the number of sections (and groups), to work out its
/// gain; a profile whose groups or overall score run over questions makes that last part linear
/// in the number of questions per gap. What does not depend on the profile (which questions are
/// shown, what each answer earns, the question rows) was worked out when the assessment was
/// checked, so scoring one assessment with several profiles does that part once; only a profile
/// whose answer rules change how some question scores works it out again.
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::questionnaire::Questionnaire;
/// use hrdd::scoring::{score, ScoringProfile};
/// let questionnaire: Questionnaire = serde_json::from_str(r#"{
///   "document": "questionnaire", "id": "mini", "version": "1.0.0", "title": "Mini",
///   "audience": "company",
///   "sections": [{ "id": "policy", "title": "Policy", "pillar": "respect", "principles": [16],
///     "questions": [
///       { "id": "commitment", "prompt": "How mature is the policy commitment?",
///         "answer": { "kind": "maturity" }, "weight": 3 },
///       { "id": "public", "prompt": "Is it public?", "answer": { "kind": "yes_no" } }] }]
/// }"#).unwrap();
/// let questionnaire = questionnaire.check().unwrap();
/// let assessment: Assessment = serde_json::from_str(r#"{
///   "document": "assessment", "questionnaire": { "id": "mini", "version": "1.0.0" },
///   "subject": { "kind": "organisation", "name": "Example Ltd" },
///   "responses": {
///     "commitment": { "status": "answered", "answer": { "kind": "maturity", "level": 2 } },
///     "public": { "status": "answered", "answer": { "kind": "yes_no", "value": true } } }
/// }"#).unwrap();
/// let card = score(&assessment.check(&questionnaire).unwrap(), &ScoringProfile::default_profile());
/// // (3 * 2/4 + 1 * 1) / (3 + 1) = 0.625
/// assert_eq!(card.overall.score, Some(62.5));
/// assert_eq!(card.gaps[0].question.as_str(), "commitment");
/// ```
pub fn score(assessment: &CheckedAssessment<'_>, profile: &ScoringProfile) -> Scorecard {
    let questionnaire = assessment.questionnaire();
    let rescales = rescales(questionnaire, profile);
    // Checking evaluated the assessment as the questionnaire scores it; a profile whose answer
    // rules change that evaluates it again.
    let evaluated;
    let evaluation = if rescales.is_empty() {
        assessment.evaluation()
    } else {
        evaluated = Evaluation::with(
            questionnaire,
            assessment.given(),
            assessment.instances(),
            &rescales,
        );
        &evaluated
    };
    Work::new(assessment, evaluation, profile).scorecard()
}

/// One input of an aggregation.
#[derive(Debug, Clone, Copy)]
struct Part {
    weight: f64,
    node: Node,
}

/// Combines `(weight, node)` parts; `None` when there are none.
fn aggregate(kind: Aggregation, parts: impl Iterator<Item = Part>) -> Option<Node> {
    if kind != Aggregation::Sum {
        return aggregate_fractions(kind, parts);
    }
    let mut weights = 0.0;
    let mut sum = 0.0;
    let mut count = 0u32;
    let mut min = f64::INFINITY;
    let (mut earned, mut worst, mut best) = (0.0, 0.0, 0.0);
    for Part { weight, node } in parts {
        let value = node.fraction;
        weights += weight;
        sum += match kind {
            Aggregation::WeightedMean | Aggregation::ShareOfMaximum => weight * value,
            Aggregation::Mean | Aggregation::Min | Aggregation::Sum => value,
        };
        count += 1;
        min = min.min(value);
        if kind == Aggregation::Sum {
            let points = node.points.unwrap_or(Points {
                earned: value,
                worst: 0.0,
                best: 1.0,
            });
            earned += weight * points.earned;
            worst += weight * points.worst;
            best += weight * points.best;
        }
    }
    if count == 0 {
        return None;
    }
    let node = match kind {
        Aggregation::WeightedMean | Aggregation::ShareOfMaximum if weights <= 0.0 => return None,
        Aggregation::WeightedMean => Node::plain(sum / weights),
        Aggregation::Mean => Node::plain(sum / f64::from(count)),
        Aggregation::Min => Node::plain(min),
        Aggregation::ShareOfMaximum => Node {
            fraction: sum / weights,
            points: Some(Points {
                earned: sum,
                worst: 0.0,
                best: weights,
            }),
        },
        Aggregation::Sum => {
            let points = Points {
                earned,
                worst,
                best,
            };
            Node {
                fraction: points.fraction()?,
                points: Some(points),
            }
        }
    };
    Some(Node {
        fraction: node.fraction.clamp(0.0, 1.0),
        ..node
    })
}

/// [`aggregate`] for the kinds that look only at fractions, with one tight loop per kind: the
/// same sums in the same order, so the same bits.
fn aggregate_fractions(kind: Aggregation, parts: impl Iterator<Item = Part>) -> Option<Node> {
    let mut weights = 0.0;
    let mut sum = 0.0;
    let mut count = 0u32;
    let mut min = f64::INFINITY;
    if matches!(
        kind,
        Aggregation::WeightedMean | Aggregation::ShareOfMaximum
    ) {
        for Part { weight, node } in parts {
            weights += weight;
            sum += weight * node.fraction;
            count += 1;
        }
    } else {
        for Part { weight, node } in parts {
            weights += weight;
            sum += node.fraction;
            count += 1;
            min = min.min(node.fraction);
        }
    }
    if count == 0 {
        return None;
    }
    let node = match kind {
        Aggregation::WeightedMean | Aggregation::ShareOfMaximum if weights <= 0.0 => return None,
        Aggregation::WeightedMean => Node::plain(sum / weights),
        Aggregation::Mean => Node::plain(sum / f64::from(count)),
        Aggregation::Min => Node::plain(min),
        Aggregation::ShareOfMaximum => Node {
            fraction: sum / weights,
            points: Some(Points {
                earned: sum,
                worst: 0.0,
                best: weights,
            }),
        },
        Aggregation::Sum => return None,
    };
    Some(Node {
        fraction: node.fraction.clamp(0.0, 1.0),
        ..node
    })
}

/// How a repeated section's items combine: the profile's rule, or the questionnaire's.
#[derive(Debug, Clone, Copy)]
enum Combining<'p> {
    Plain(Combine),
    Blend { item: &'p ItemId, weight: f64 },
}

/// The mean of some nodes; points are the mean of the points when every node has them.
fn mean_node(nodes: &[Node]) -> Option<Node> {
    let count = nodes.len();
    if count == 0 {
        return None;
    }
    let n = count as f64;
    let sum: f64 = nodes.iter().map(|node| node.fraction).sum();
    let points = nodes
        .iter()
        .map(|node| node.points)
        .collect::<Option<Vec<Points>>>()
        .map(|all| Points {
            earned: all.iter().map(|p| p.earned).sum::<f64>() / n,
            worst: all.iter().map(|p| p.worst).sum::<f64>() / n,
            best: all.iter().map(|p| p.best).sum::<f64>() / n,
        });
    Some(Node {
        fraction: (sum / n).clamp(0.0, 1.0),
        points,
    })
}

fn combine<'i>(
    kind: Combining<'_>,
    units: impl Iterator<Item = (Option<&'i ItemId>, Node)>,
) -> Option<Node> {
    match kind {
        Combining::Plain(Combine::Mean) => mean_node(&units.map(|(_, n)| n).collect::<Vec<_>>()),
        Combining::Plain(Combine::Min) => units
            .map(|(_, n)| n)
            .reduce(|a, b| if b.fraction < a.fraction { b } else { a }),
        Combining::Plain(Combine::Max) => units
            .map(|(_, n)| n)
            .reduce(|a, b| if b.fraction > a.fraction { b } else { a }),
        Combining::Blend { item, weight } => {
            let mut corporate = None;
            let mut others = Vec::new();
            for (id, node) in units {
                if id == Some(item) {
                    corporate = Some(node);
                } else {
                    others.push(node);
                }
            }
            match (corporate, mean_node(&others)) {
                (Some(c), Some(o)) => {
                    let mix = |a: f64, b: f64| weight * a + (1.0 - weight) * b;
                    let points = match (c.points, o.points) {
                        (Some(p), Some(q)) => Some(Points {
                            earned: mix(p.earned, q.earned),
                            worst: mix(p.worst, q.worst),
                            best: mix(p.best, q.best),
                        }),
                        _ => None,
                    };
                    Some(Node {
                        fraction: mix(c.fraction, o.fraction).clamp(0.0, 1.0),
                        points,
                    })
                }
                (one, other) => one.or(other),
            }
        }
    }
}
/// What a profile makes of one unit of a section (see [`Unit`]).
#[derive(Debug, Clone, Copy, Default)]
struct UnitWork {
    node: Option<Node>,
    /// The denominator of the unit's mean: the sum of its parts' weights (their count, for a
    /// plain mean). Kept for working out gains in closed form.
    denominator: f64,
}

/// What a profile makes of one section (see
/// [`SectionEvaluation`](super::evaluate::SectionEvaluation)).
#[derive(Debug, Clone, Copy, Default)]
struct SectionWork {
    node: Option<Node>,
    /// How many units have a score (for a repeated section, the items that count in its mean).
    scored_units: usize,
}

/// The denominators a gap's gain needs when every level is a mean, weighted or plain: then
/// raising one answer moves each level by a share that can be written down directly, instead
/// of aggregating everything again for each gap.
#[derive(Debug, Clone, Copy, Default)]
struct Linear {
    /// Over the sections with a score: the sum of their weights (their count, for a plain mean).
    sections: f64,
    /// Per pillar, in `Pillar::ALL` order: the denominator of the pillar's mean, and the pillar's
    /// weight in an overall score over pillars (the sum of its scored sections' weights).
    pillars: [(f64, f64); 3],
    /// Over the pillars with a score: the denominator of the overall mean.
    over_pillars: f64,
}

/// The weight a part contributes to the denominator of `kind`, a mean.
fn denominator(kind: Aggregation, weight: f64) -> f64 {
    if kind == Aggregation::WeightedMean {
        weight
    } else {
        1.0
    }
}

fn is_mean(kind: Aggregation) -> bool {
    matches!(kind, Aggregation::WeightedMean | Aggregation::Mean)
}

fn pillar_index(pillar: Pillar) -> usize {
    match pillar {
        Pillar::Protect => 0,
        Pillar::Respect => 1,
        Pillar::Remedy => 2,
    }
}

/// The factors of a closed-form gain for one section (see [`Work::linear_gain`]).
#[derive(Debug, Clone, Copy)]
struct Gain {
    /// For a repeated section, how many items count in its mean.
    spread: Option<f64>,
    path: GainPath,
}

/// How a section's move carries to the overall score: each factor is a weight (or 1, for a
/// plain mean) and the denominator of the mean it counts in.
#[derive(Debug, Clone, Copy)]
enum GainPath {
    /// The overall score is a mean over sections.
    Sections { weight: f64, total: f64 },
    /// The overall score is a mean over pillars, each a mean over its sections.
    Pillars {
        weight: f64,
        within: f64,
        pillar_weight: f64,
        total: f64,
    },
}

/// One question of one unit raised to its best answer, to work out what closing a gap gains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Raised {
    section: usize,
    unit: usize,
    position: usize,
}

/// A section's node replaced by its value with one question raised.
type Replaced = Option<(Raised, Option<Node>)>;

/// Everything above the sections: groups (after adjustments) and the overall score.
#[derive(Debug, Clone, Default)]
struct Top {
    groups: Vec<(Option<Node>, Vec<AdjustmentTrace>)>,
    overall: Option<Node>,
}

struct Work<'a> {
    assessment: &'a CheckedAssessment<'a>,
    questionnaire: &'a CheckedQuestionnaire,
    profile: &'a ScoringProfile,
    /// The assessment evaluated under the profile's answer rules.
    evaluation: &'a Evaluation,
    /// By unit, as [`Evaluation::units`].
    units: Vec<UnitWork>,
    /// By section index.
    sections: Vec<SectionWork>,
    /// Per section, how raising one of its answers moves the overall score, when that is
    /// linear.
    gains: Vec<Option<Gain>>,
    top: Top,
    /// Set when gains can be worked out in closed form (see [`Linear`]).
    linear: Option<Linear>,
}

/// Whether `node` reaches `percent` percent of the way from its worst to its best points
/// (of its score, without points). Cross-multiplied, so whole points compare exactly.
fn reaches(node: Node, percent: f64) -> bool {
    match node.points {
        Some(p) if p.best > p.worst => 100.0 * (p.earned - p.worst) >= percent * (p.best - p.worst),
        _ => node.fraction * 100.0 >= percent,
    }
}

impl<'a> Work<'a> {
    fn new(
        assessment: &'a CheckedAssessment<'a>,
        evaluation: &'a Evaluation,
        profile: &'a ScoringProfile,
    ) -> Self {
        let units = evaluation
            .units
            .iter()
            .map(|unit| {
                let parts = evaluation.parts.get(unit.parts.clone()).unwrap_or_default();
                UnitWork {
                    node: unit_node(profile.section, parts, evaluation.unit_outcomes(unit), None),
                    denominator: parts
                        .iter()
                        .map(|(w, _)| denominator(profile.section, *w))
                        .sum(),
                }
            })
            .collect();
        let mut this = Work {
            assessment,
            questionnaire: assessment.questionnaire(),
            profile,
            evaluation,
            units,
            sections: Vec::new(),
            gains: Vec::new(),
            top: Top::default(),
            linear: None,
        };
        this.sections = (0..evaluation.sections.len())
            .map(|s| {
                let scored_units = evaluation
                    .sections
                    .get(s)
                    .and_then(|section| this.units.get(section.units.clone()))
                    .map_or(0, |units| units.iter().filter(|u| u.node.is_some()).count());
                SectionWork {
                    node: None,
                    scored_units,
                }
            })
            .collect();
        for s in 0..this.sections.len() {
            let node = this.section_node(s, None);
            if let Some(work) = this.sections.get_mut(s) {
                work.node = node;
            }
        }
        this.top = this.top(None);
        this.linear = this.linear();
        this.gains = (0..this.sections.len())
            .map(|s| this.section_gain(s))
            .collect();
        this
    }

    /// A unit's node, optionally with the question at `raised` (a position) at its best.
    fn unit_node(&self, unit: &Unit, raised: Option<usize>) -> Option<Node> {
        let evaluation = self.evaluation;
        let parts = evaluation.parts.get(unit.parts.clone()).unwrap_or_default();
        unit_node(
            self.profile.section,
            parts,
            evaluation.unit_outcomes(unit),
            raised,
        )
    }

    /// The units of section `s`, with what the profile makes of them.
    fn units_of(&self, s: usize) -> impl Iterator<Item = (&'a Unit, UnitWork)> + '_ {
        let evaluation: &'a Evaluation = self.evaluation;
        let range = evaluation
            .sections
            .get(s)
            .map_or(0..0, |section| section.units.clone());
        let units = evaluation.units.get(range.clone()).unwrap_or_default();
        let work = self.units.get(range).unwrap_or_default();
        units.iter().zip(work.iter().copied())
    }

    /// The denominators for closed-form gains, when the profile makes every level a mean.
    fn linear(&self) -> Option<Linear> {
        let profile = self.profile;
        let overall = &profile.overall;
        let means = profile.groups.is_empty()
            && profile.adjustments.is_empty()
            && is_mean(profile.section)
            && is_mean(overall.aggregation)
            && matches!(profile.repeat, None | Some(RepeatRule::Mean))
            && match overall.over {
                OverallBasis::Sections => true,
                OverallBasis::Pillars => is_mean(profile.pillar),
                _ => false,
            };
        if !means {
            return None;
        }
        let mut linear = Linear::default();
        for (s, part) in self.section_parts(None) {
            linear.sections += denominator(overall.aggregation, part.weight);
            let pillar = self.section_pillar(s).map(pillar_index)?;
            let (within, weight) = linear.pillars.get_mut(pillar)?;
            *within += denominator(profile.pillar, part.weight);
            *weight += part.weight;
        }
        linear.over_pillars = linear
            .pillars
            .iter()
            .filter(|(within, _)| *within > 0.0)
            .map(|(_, weight)| denominator(overall.aggregation, *weight))
            .sum();
        Some(linear)
    }

    /// How raising one of the answers of section `s` moves the overall score, when that is
    /// linear.
    fn section_gain(&self, s: usize) -> Option<Gain> {
        let section = self.questionnaire.questionnaire().sections.get(s);
        let repeated = section.is_some_and(|section| section.repeat.is_some());
        let work = self.sections.get(s);
        self.linear.zip(section).and_then(|(linear, section)| {
            let spread = match (repeated, self.combining(s)) {
                (false, _) => None,
                (true, Combining::Plain(Combine::Mean)) => {
                    Some(work.map_or(0, |w| w.scored_units) as f64)
                }
                (true, _) => return None,
            };
            let overall = &self.profile.overall;
            let path = match overall.over {
                OverallBasis::Sections => GainPath::Sections {
                    weight: denominator(overall.aggregation, section.weight),
                    total: linear.sections,
                },
                OverallBasis::Pillars => {
                    let (within, pillar_weight) =
                        *linear.pillars.get(pillar_index(section.pillar))?;
                    GainPath::Pillars {
                        weight: denominator(self.profile.pillar, section.weight),
                        within,
                        pillar_weight: denominator(overall.aggregation, pillar_weight),
                        total: linear.over_pillars,
                    }
                }
                _ => return None,
            };
            Some(Gain { spread, path })
        })
    }

    /// What raising `raised`, now at `outcome`, to its best answer adds to the overall score,
    /// in closed form; `None` when the profile or the section is not made of means.
    ///
    /// Each level of means moves by the raised part's share of its denominator: the unit by
    /// `weight * (1 - fraction) / denominator`, then the section (by its share of the items,
    /// for a repeated section), then the pillar and the overall score.
    fn linear_gain(&self, raised: Raised, weight: f64, fraction: f64) -> Option<f64> {
        let gain = (*self.gains.get(raised.section)?)?;
        let first = self.evaluation.sections.get(raised.section)?.units.start;
        let unit = self.units.get(first + raised.unit)?;
        let unit_delta =
            denominator(self.profile.section, weight) * (1.0 - fraction) / unit.denominator;
        let section_delta = match gain.spread {
            None => unit_delta,
            Some(units) => unit_delta / units,
        };
        let delta = match gain.path {
            GainPath::Sections { weight, total } => weight * section_delta / total,
            GainPath::Pillars {
                weight,
                within,
                pillar_weight,
                total,
            } => {
                let pillar_delta = weight * section_delta / within;
                pillar_weight * pillar_delta / total
            }
        };
        Some((delta * 100.0).max(0.0))
    }

    fn section_weight(&self, s: usize) -> f64 {
        self.questionnaire
            .questionnaire()
            .sections
            .get(s)
            .map_or(1.0, |section| section.weight)
    }

    fn section_pillar(&self, s: usize) -> Option<Pillar> {
        self.questionnaire
            .questionnaire()
            .sections
            .get(s)
            .map(|section| section.pillar)
    }

    /// How the items of section `s` combine.
    fn combining(&self, s: usize) -> Combining<'a> {
        let profile: &'a ScoringProfile = self.profile;
        match &profile.repeat {
            Some(RepeatRule::Mean) => Combining::Plain(Combine::Mean),
            Some(RepeatRule::Min) => Combining::Plain(Combine::Min),
            Some(RepeatRule::Max) => Combining::Plain(Combine::Max),
            Some(RepeatRule::Blend { item, weight }) => Combining::Blend {
                item,
                weight: *weight,
            },
            None => Combining::Plain(
                self.questionnaire
                    .questionnaire()
                    .sections
                    .get(s)
                    .and_then(|section| section.repeat.as_ref())
                    .map_or(Combine::Mean, |repeat| repeat.combine),
            ),
        }
    }

    /// The section's node, optionally with one question of one unit raised to its best.
    fn section_node(&self, s: usize, raised: Option<Raised>) -> Option<Node> {
        let raised = raised.filter(|r| r.section == s);
        let node_of = |k: usize, unit: &Unit, work: UnitWork| match raised {
            Some(r) if r.unit == k => self.unit_node(unit, Some(r.position)),
            _ => work.node,
        };
        let section = self.questionnaire.questionnaire().sections.get(s)?;
        let mut units = self.units_of(s);
        match &section.repeat {
            None => units.next().and_then(|(unit, work)| node_of(0, unit, work)),
            Some(_) => {
                let items = &self.evaluation.items;
                let nodes = units.enumerate().filter_map(|(k, (unit, work))| {
                    let item = unit.item.and_then(|i| items.get(usize::try_from(i).ok()?));
                    node_of(k, unit, work).map(|node| (item, node))
                });
                combine(self.combining(s), nodes)
            }
        }
    }

    /// The section's node, or its replacement.
    fn node_of_section(&self, s: usize, replaced: Replaced) -> Option<Node> {
        match replaced {
            Some((raised, node)) if raised.section == s => node,
            _ => self.sections.get(s).and_then(|w| w.node),
        }
    }

    /// `(section, part)` of the sections that have a score, in section-id order.
    fn section_parts(&self, replaced: Replaced) -> impl Iterator<Item = (usize, Part)> + '_ {
        self.questionnaire
            .order()
            .sections
            .iter()
            .filter_map(move |&s| {
                self.node_of_section(s, replaced).map(|node| {
                    (
                        s,
                        Part {
                            weight: self.section_weight(s),
                            node,
                        },
                    )
                })
            })
    }

    /// The questions of section `s` that count, each as a part with its weight, in question-id
    /// order then item order; hidden ones too, at their worst, when `count_hidden`.
    fn leaves(&self, s: usize, replaced: Replaced, count_hidden: bool) -> Vec<Part> {
        let raised = replaced.map(|(r, _)| r).filter(|r| r.section == s);
        let within = self
            .questionnaire
            .order()
            .within_sections
            .get(s)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let start = self
            .questionnaire
            .section_infos()
            .get(s)
            .map_or(0, |i| i.questions.start);
        let infos = self.questionnaire.infos();
        let mut parts = Vec::new();
        for &position in within {
            let weight = infos.get(start + position).map_or(1.0, |i| i.weight);
            for (k, (unit, _)) in self.units_of(s).enumerate() {
                let Some(outcome) = self.evaluation.unit_outcomes(unit).get(position) else {
                    continue;
                };
                if outcome.counts() {
                    let node = if raised.is_some_and(|r| r.unit == k && r.position == position) {
                        outcome.raised()
                    } else {
                        outcome.node()
                    };
                    parts.push(Part { weight, node });
                } else if count_hidden
                    && outcome.status == QuestionStatus::Hidden
                    && outcome.best > outcome.worst
                {
                    parts.push(Part {
                        weight,
                        node: outcome.as_worst(),
                    });
                }
            }
        }
        parts
    }

    /// The pillar's node and weight, optionally with one section replaced.
    fn pillar_node(&self, pillar: Pillar, replaced: Replaced) -> (Option<Node>, f64) {
        let mut weight = 0.0;
        let parts = self
            .section_parts(replaced)
            .filter(|(s, _)| self.section_pillar(*s) == Some(pillar))
            .map(|(_, part)| {
                weight += part.weight;
                part
            });
        let node = aggregate(self.profile.pillar, parts);
        (node, weight)
    }

    /// Groups, adjustments and the overall score, optionally with one section replaced.
    fn top(&self, replaced: Replaced) -> Top {
        let questionnaire = self.questionnaire.questionnaire();
        let order = &self.questionnaire.order().sections;
        let mut groups: Vec<(Option<Node>, Vec<AdjustmentTrace>)> = self
            .profile
            .groups
            .iter()
            .map(|group| {
                let held = |s: usize| {
                    questionnaire
                        .sections
                        .get(s)
                        .is_some_and(|section| group.holds(&section.id))
                };
                let node = match group.over {
                    GroupBasis::Sections => aggregate(
                        group.aggregation,
                        self.section_parts(replaced)
                            .filter(|(s, _)| held(*s))
                            .map(|(_, part)| part),
                    ),
                    GroupBasis::Questions => aggregate(
                        group.aggregation,
                        order
                            .iter()
                            .filter(|s| held(**s))
                            .flat_map(|&s| self.leaves(s, replaced, group.count_hidden)),
                    ),
                };
                (node, Vec::new())
            })
            .collect();
        for (n, adjustment) in self.profile.adjustments.iter().enumerate() {
            let Adjustment::ScaleWhenReached {
                target,
                when,
                at_least_percent,
                factor_percent,
                round,
            } = adjustment;
            let index = |id| self.profile.groups.iter().position(|g| &g.id == id);
            let (Some(t), Some(w)) = (index(target), index(when)) else {
                continue;
            };
            let applied = groups
                .get(w)
                .and_then(|g| g.0)
                .is_some_and(|node| reaches(node, *at_least_percent));
            let Some((node, traces)) = groups.get_mut(t) else {
                continue;
            };
            let before = node.and_then(|n| n.points);
            let after = match before {
                Some(p) if applied => {
                    let scaled = p.worst + (p.earned - p.worst) * factor_percent / 100.0;
                    let earned = round
                        .map_or(scaled, |r| r.apply(scaled))
                        .clamp(p.worst, p.best);
                    Some(Points { earned, ..p })
                }
                other => other,
            };
            if applied && let Some(points) = after {
                *node = points.fraction().map(|fraction| Node {
                    fraction,
                    points: Some(points),
                });
            }
            traces.push(AdjustmentTrace {
                adjustment: u32::try_from(n).unwrap_or(u32::MAX),
                when: when.clone(),
                applied,
                points_before: before.map(|p| p.earned),
                points_after: after.map(|p| p.earned),
            });
        }
        let overall = &self.profile.overall;
        let overall_node = match overall.over {
            OverallBasis::Sections => aggregate(
                overall.aggregation,
                self.section_parts(replaced).map(|(_, part)| part),
            ),
            OverallBasis::Pillars => aggregate(
                overall.aggregation,
                Pillar::ALL.iter().filter_map(|p| {
                    let (node, weight) = self.pillar_node(*p, replaced);
                    node.map(|node| Part { weight, node })
                }),
            ),
            OverallBasis::Questions => aggregate(
                overall.aggregation,
                order.iter().flat_map(|&s| self.leaves(s, replaced, false)),
            ),
            OverallBasis::Groups => aggregate(
                overall.aggregation,
                self.profile
                    .groups
                    .iter()
                    .zip(&groups)
                    .filter_map(|(group, (node, _))| {
                        node.map(|node| Part {
                            weight: group.weight,
                            node,
                        })
                    }),
            ),
            OverallBasis::Group => overall
                .group
                .as_ref()
                .and_then(|id| self.profile.groups.iter().position(|g| &g.id == id))
                .and_then(|g| groups.get(g))
                .and_then(|g| g.0),
        };
        Top {
            groups,
            overall: overall_node,
        }
    }

    fn band(&self, node: Option<Node>) -> Option<usize> {
        let node = node?;
        let basis = self.profile.band_basis;
        self.profile.bands.iter().rposition(|band| {
            let (value, threshold) = match (basis, node.points) {
                (BandBasis::ShareOfMaximum, Some(p)) if p.best > p.worst => (
                    100.0 * (p.earned - p.worst),
                    band.min_score * (p.best - p.worst),
                ),
                _ => (node.fraction * 100.0, band.min_score),
            };
            if band.exclusive {
                value > threshold
            } else {
                value >= threshold
            }
        })
    }

    fn band_id(&self, index: Option<usize>) -> Option<BandId> {
        self.profile.bands.get(index?).map(|band| band.id.clone())
    }

    fn summary(&self, node: Option<Node>, counts: Counts) -> Summary {
        self.summary_with_band(node, counts, self.band(node))
    }

    fn summary_with_band(
        &self,
        node: Option<Node>,
        counts: Counts,
        band: Option<usize>,
    ) -> Summary {
        let share = |part: u32| {
            (counts.applicable > 0).then(|| f64::from(part) / f64::from(counts.applicable))
        };
        let points = node.and_then(|n| n.points);
        Summary {
            score: node.map(|n| n.fraction * 100.0),
            coverage: share(counts.answered),
            confidence: share(counts.evidenced),
            band: self.band_id(band),
            applicable: counts.applicable,
            answered: counts.answered,
            evidenced: counts.evidenced,
            unknown: counts.unknown,
            unanswered: counts.unanswered,
            points: points.map(|p| p.earned),
            min_points: points.map(|p| p.worst),
            max_points: points.map(|p| p.best),
        }
    }
}

/// The sort key of a gap: ascending order is descending gain, then ascending position of its
/// question's row (rows are in question-id then item order). A gain is finite and at least 0
/// (never -0: every gain is made by `max(0.0)` of a positive or `+0` value), and the bits of such
/// a float order like the float, so inverting them puts the highest gain first; [`gap_gain`]
/// gives the gain back bit for bit.
fn gap_key(gain: f64, position: usize) -> u128 {
    (u128::from(!gain.max(0.0).to_bits()) << 64) | position as u128
}

/// The position of the question row that [`gap_key`] packed.
fn gap_position(key: u128) -> usize {
    usize::try_from(key & u128::from(u64::MAX)).unwrap_or(usize::MAX)
}

/// The gain that [`gap_key`] packed.
fn gap_gain(key: u128) -> f64 {
    f64::from_bits(!((key >> 64) as u64))
}

/// A unit's node, optionally with the question at `raised` (a position) at its best.
fn unit_node(
    kind: Aggregation,
    parts: &[(f64, usize)],
    outcomes: &[Outcome],
    raised: Option<usize>,
) -> Option<Node> {
    aggregate(
        kind,
        parts.iter().filter_map(|&(weight, position)| {
            let outcome = outcomes.get(position)?;
            let node = if raised == Some(position) {
                outcome.raised()
            } else {
                outcome.node()
            };
            Some(Part { weight, node })
        }),
    )
}

impl Work<'_> {
    fn scorecard(&self) -> Scorecard {
        let questionnaire = self.questionnaire.questionnaire();
        let assessment = self.assessment.assessment();
        let evaluation = self.evaluation;
        let order = self.questionnaire.order();
        let section_infos = self.questionnaire.section_infos();

        let mut total = Counts::default();
        let mut sections = Vec::with_capacity(self.sections.len());
        let cap_index = self
            .profile
            .critical_cap
            .as_ref()
            .and_then(|cap| self.profile.bands.iter().position(|band| &band.id == cap));
        for &s in &order.sections {
            let (Some(section), Some(work), Some(evaluated)) = (
                questionnaire.sections.get(s),
                self.sections.get(s),
                evaluation.sections.get(s),
            ) else {
                continue;
            };
            total.add(evaluated.counts);
            let uncapped = self.band(work.node);
            let (band, cap) = match (cap_index, evaluated.critical.is_empty()) {
                (Some(cap_index), false) => {
                    let capped = uncapped.map(|b| b.min(cap_index));
                    let start = section_infos.get(s).map_or(0, |i| i.questions.start);
                    let cap = BandCap {
                        band: self
                            .band_id(Some(cap_index))
                            .unwrap_or_else(|| BandId::from_literal("capped")),
                        uncapped: self
                            .band_id(uncapped)
                            .unwrap_or_else(|| BandId::from_literal("none")),
                        questions: evaluated
                            .critical
                            .iter()
                            .filter_map(|p| {
                                self.questionnaire
                                    .question_at(start + p)
                                    .map(|q| q.id.clone())
                            })
                            .collect(),
                    };
                    (capped, Some(cap))
                }
                _ => (uncapped, None),
            };
            let items = match section.repeat {
                None => Vec::new(),
                Some(_) => self
                    .units_of(s)
                    .filter_map(|(unit, work)| {
                        let item = evaluation.items.get(usize::try_from(unit.item?).ok()?)?;
                        Some(ItemScore {
                            item: item.clone(),
                            summary: self.summary(work.node, unit.counts),
                        })
                    })
                    .collect(),
            };
            sections.push(SectionScore {
                section: section.id.clone(),
                title: section.title.clone(),
                pillar: section.pillar,
                weight: section.weight,
                summary: self.summary_with_band(work.node, evaluated.counts, band),
                items,
                cap,
            });
        }

        let pillars = Pillar::ALL
            .iter()
            .filter(|p| questionnaire.sections.iter().any(|s| s.pillar == **p))
            .map(|&pillar| {
                let (node, weight) = self.pillar_node(pillar, None);
                let mut counts = Counts::default();
                for (section, evaluated) in questionnaire.sections.iter().zip(&evaluation.sections)
                {
                    if section.pillar == pillar {
                        counts.add(evaluated.counts);
                    }
                }
                PillarScore {
                    pillar,
                    weight,
                    summary: self.summary(node, counts),
                }
            })
            .collect();

        let groups = self
            .profile
            .groups
            .iter()
            .zip(&self.top.groups)
            .map(|(group, (node, traces))| {
                let mut counts = Counts::default();
                for (section, evaluated) in questionnaire.sections.iter().zip(&evaluation.sections)
                {
                    if group.holds(&section.id) {
                        counts.add(evaluated.counts);
                    }
                }
                GroupScore {
                    group: group.id.clone(),
                    title: group.title.clone(),
                    summary: self.summary(*node, counts),
                    adjustments: traces.clone(),
                }
            })
            .collect();

        // The gaps: a packed key per candidate, its gain and then the position of its row, which
        // is already in question-id then item order. Sorting these and then writing each gap once
        // from its key and row is much cheaper than sorting gaps.
        let candidates = if self.profile.gaps {
            evaluation.candidates.as_slice()
        } else {
            &[]
        };
        let mut gap_keys: Vec<u128> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let raised = Raised {
                section: candidate.section,
                unit: candidate.unit,
                position: candidate.position,
            };
            let gain = self
                .linear_gain(raised, candidate.weight, candidate.fraction)
                .unwrap_or_else(|| {
                    let node = self.section_node(candidate.section, Some(raised));
                    let after = self.top(Some((raised, node))).overall;
                    match (after, self.top.overall) {
                        (Some(after), Some(before)) => {
                            ((after.fraction - before.fraction) * 100.0).max(0.0)
                        }
                        _ => 0.0,
                    }
                });
            gap_keys.push(gap_key(gain, candidate.row));
        }
        gap_keys.sort_unstable();
        let rows = &evaluation.rows;
        let mut gaps = Vec::with_capacity(gap_keys.len());
        for &key in &gap_keys {
            if let Some(row) = rows.get(gap_position(key)) {
                gaps.push(GapRow {
                    index: row.index,
                    item: row.item,
                    status: row.status,
                    fraction: row.fraction,
                    gain: gap_gain(key),
                });
            }
        }
        let names = Names {
            labels: self.questionnaire.labels().clone(),
            items: evaluation.items.clone(),
        };

        let principles = evaluation
            .principles()
            .map(|(principle, sum)| {
                let node = (sum.weights > 0.0)
                    .then(|| Node::plain((sum.sum / sum.weights).clamp(0.0, 1.0)));
                PrincipleScore {
                    principle,
                    summary: self.summary(node, sum.counts),
                }
            })
            .collect();

        Scorecard {
            document: DocumentTag::default(),
            questionnaire: QuestionnaireRef {
                id: questionnaire.id.clone(),
                version: questionnaire.version.clone(),
            },
            profile: ProfileRef {
                id: self.profile.id.clone(),
                version: self.profile.version.clone(),
            },
            subject: assessment.subject.clone(),
            date: assessment.date.clone(),
            overall: self.summary(self.top.overall, total),
            pillars,
            sections,
            principles,
            questions: QuestionScores::compact(names.clone(), rows.clone()),
            gaps: Gaps::compact(names, gaps),
            groups,
            rounding: self.profile.rounding,
            extensions: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::questionnaire::Questionnaire;

    const QUESTIONNAIRE: &str = r#"{
      "document": "questionnaire", "id": "hand", "version": "1.0.0", "title": "Hand-computed",
      "audience": "company",
      "sections": [
        { "id": "gov", "title": "Governance", "pillar": "respect", "principles": [16], "weight": 2,
          "questions": [
            { "id": "q1", "prompt": "Maturity", "answer": { "kind": "maturity" }, "weight": 3, "critical": true },
            { "id": "q2", "prompt": "Yes or no", "answer": { "kind": "yes_no" } },
            { "id": "q3", "prompt": "Follow-up", "answer": { "kind": "yes_no" },
              "visible_if": { "when": "yes", "question": "q2" } },
            { "id": "q4", "prompt": "Choice", "allow_not_applicable": true, "answer": { "kind": "single_choice",
              "options": [ { "id": "a", "label": "A", "points": 0 }, { "id": "b", "label": "B", "points": 50 },
                           { "id": "c", "label": "C", "points": 100 } ] } } ] },
        { "id": "issues-list", "title": "Issues", "pillar": "respect", "principles": [18],
          "questions": [
            { "id": "issues", "prompt": "Salient issues", "answer": { "kind": "list" } },
            { "id": "q5", "prompt": "Number", "answer": { "kind": "number", "min": 0, "max": 100,
              "bands": [ { "from": 0, "points": 0 }, { "from": 50, "points": 1 }, { "from": 80, "points": 2 } ] } } ] },
        { "id": "per-issue", "title": "Per issue", "pillar": "respect", "principles": [19, 20],
          "repeat": { "over": "issues", "combine": "mean" },
          "questions": [
            { "id": "r1", "prompt": "Issue maturity", "answer": { "kind": "maturity" } },
            { "id": "r2", "prompt": "Issue yes", "answer": { "kind": "yes_no" }, "critical": true } ] },
        { "id": "remedy", "title": "Remedy", "pillar": "remedy", "principles": [29],
          "questions": [
            { "id": "g1", "prompt": "Forms", "answer": { "kind": "multiple_choice", "options": [
              { "id": "x", "label": "X", "points": 1 }, { "id": "y", "label": "Y", "points": 1 },
              { "id": "z", "label": "Z", "points": 2 } ] } } ] }
      ]
    }"#;

    const ASSESSMENT: &str = r#"{
      "document": "assessment", "questionnaire": { "id": "hand", "version": "1.0.0" },
      "subject": { "kind": "organisation", "name": "Hand Ltd" },
      "responses": {
        "q1": { "status": "answered", "answer": { "kind": "maturity", "level": 2 }, "evidence": ["policy.pdf"] },
        "q2": { "status": "answered", "answer": { "kind": "yes_no", "value": false } },
        "q3": { "status": "answered", "answer": { "kind": "yes_no", "value": true } },
        "q4": { "status": "not_applicable", "reason": "no such activity" },
        "issues": { "status": "answered", "answer": { "kind": "list", "items": ["privacy", "expression"] } },
        "q5": { "status": "answered", "answer": { "kind": "number", "value": 60 } },
        "g1": { "status": "answered", "answer": { "kind": "multiple_choice", "options": ["x", "z"] }, "evidence": ["log"] }
      },
      "repeats": { "per-issue": {
        "privacy": { "r1": { "status": "answered", "answer": { "kind": "maturity", "level": 4 } },
                     "r2": { "status": "answered", "answer": { "kind": "yes_no", "value": true } } },
        "expression": { "r1": { "status": "unknown" } } } }
    }"#;

    fn card() -> Scorecard {
        let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
        let questionnaire = questionnaire.check().unwrap();
        let assessment: Assessment = serde_json::from_str(ASSESSMENT).unwrap();
        let checked = assessment.check(&questionnaire).unwrap();
        score(&checked, &ScoringProfile::default_profile())
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap();
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    /// Every expected number below is worked out by hand from the documents above.
    #[test]
    fn hand_computed_scorecard() {
        let card = card();
        let section = |id: &str| {
            card.sections
                .iter()
                .find(|s| s.section.as_str() == id)
                .unwrap()
        };
        // gov: q1 (w3) 2/4 = .5, q2 (w1) no = 0, q3 hidden, q4 N/A -> (1.5 + 0) / 4 = .375.
        close(section("gov").summary.score, 37.5);
        assert_eq!(
            section("gov").summary.band.as_ref().unwrap().as_str(),
            "initial"
        );
        // issues-list: the list is unscored; q5 = 60 is in the band worth 1 of 0..2 -> .5.
        close(section("issues-list").summary.score, 50.0);
        // per-issue: privacy (1 + 1) / 2 = 1, expression (0 + 0) / 2 = 0 (unknown, unanswered); mean .5.
        close(section("per-issue").summary.score, 50.0);
        // ... and r2 unanswered for `expression` is critical, capping "developing" at "initial".
        let cap = section("per-issue").cap.as_ref().unwrap();
        assert_eq!(
            (cap.band.as_str(), cap.uncapped.as_str()),
            ("initial", "developing")
        );
        assert_eq!(
            section("per-issue").summary.band.as_ref().unwrap().as_str(),
            "initial"
        );
        assert_eq!(section("per-issue").items.len(), 2);
        // remedy: x + z = 3 of 4 points -> .75.
        close(section("remedy").summary.score, 75.0);
        // overall: (2 * .375 + .5 + .5 + .75) / 5 = .5; respect: (.75 + .5 + .5) / 4 = .4375.
        close(card.overall.score, 50.0);
        close(card.pillars[0].summary.score, 43.75);
        close(card.pillars[1].summary.score, 75.0);
        // 8 applicable (2 + 1 + 4 + 1), 6 answered, 2 with evidence, 1 unknown, 1 unanswered.
        let overall = &card.overall;
        assert_eq!(
            (overall.applicable, overall.answered, overall.evidenced),
            (8, 6, 2)
        );
        assert_eq!((overall.unknown, overall.unanswered), (1, 1));
        close(overall.coverage, 0.75);
        close(overall.confidence, 0.25);
        // principle 16: q1 weight 3 * 2, q2 weight 1 * 2 -> (6 * .5) / 8; principles 19 and 20:
        // four item answers of weight 1/2 each, two at 1 -> .5.
        let principle = |n: u8| {
            card.principles
                .iter()
                .find(|p| p.principle.number() == n)
                .unwrap()
        };
        close(principle(16).summary.score, 37.5);
        close(principle(19).summary.score, 50.0);
        close(principle(29).summary.score, 75.0);
    }

    #[test]
    fn gaps_are_ranked_by_what_closing_them_gains() {
        let card = card();
        // q1 to 4: gov .75, overall +2 * .375 / 5 = .15; q2 and q5: +.1 each; each per-issue
        // answer for `expression`: its item .5, section .75, overall +.05; g1 to 4 of 4: +.05.
        let gaps: Vec<(&str, Option<&str>, f64)> = card
            .gaps
            .iter()
            .map(|g| {
                (
                    g.question.as_str(),
                    g.item.as_ref().map(|i| i.as_str()),
                    g.gain,
                )
            })
            .collect();
        let expected = [
            ("q1", None, 15.0),
            ("q2", None, 10.0),
            ("q5", None, 10.0),
            ("g1", None, 5.0),
            ("r1", Some("expression"), 5.0),
            ("r2", Some("expression"), 5.0),
        ];
        assert_eq!(gaps.len(), expected.len());
        for ((question, item, gain), (e_question, e_item, e_gain)) in gaps.iter().zip(expected) {
            assert_eq!((*question, *item), (e_question, e_item));
            assert!(
                (gain - e_gain).abs() < 1e-9,
                "{question}: {gain} != {e_gain}"
            );
        }
    }

    #[test]
    fn hidden_and_not_applicable_questions_are_reported_but_not_counted() {
        let card = card();
        let status = |id: &str| {
            card.questions
                .iter()
                .find(|q| q.question.as_str() == id)
                .unwrap()
        };
        assert_eq!(status("q3").status, QuestionStatus::Hidden);
        assert_eq!(status("q3").score, None);
        assert_eq!(status("q4").status, QuestionStatus::NotApplicable);
        assert_eq!(status("issues").status, QuestionStatus::Unscored);
        let ids: Vec<&str> = card.questions.iter().map(|q| q.question.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "questions are listed by id");
    }
}

#[cfg(test)]
mod profile_tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::questionnaire::Questionnaire;
    use crate::scoring::evaluate::rescales;

    const QUESTIONNAIRE: &str = r#"{
      "document": "questionnaire", "id": "rules", "version": "1.0.0", "title": "Answer rules",
      "audience": "company",
      "sections": [
        { "id": "s", "title": "S", "pillar": "respect", "principles": [21],
          "questions": [
            { "id": "plain", "prompt": "Plain", "answer": { "kind": "single_choice", "options": [
              { "id": "yes", "label": "Yes", "points": 1 }, { "id": "no", "label": "No", "points": 0 },
              { "id": "nd", "label": "Not disclosed", "points": 0 }, { "id": "na", "label": "N/A", "points": 0 } ] } },
            { "id": "harm", "prompt": "Harmful practice", "answer": { "kind": "single_choice", "options": [
              { "id": "yes", "label": "Yes", "points": 1 }, { "id": "partial", "label": "Partly", "points": 0 },
              { "id": "no", "label": "No", "points": 0 }, { "id": "nd", "label": "Not disclosed", "points": 0 } ] } },
            { "id": "flag", "prompt": "Yes or no", "answer": { "kind": "yes_no" } },
            { "id": "many", "prompt": "Several", "answer": { "kind": "multiple_choice", "options": [
              { "id": "a", "label": "A", "points": 1 }, { "id": "na", "label": "N/A", "points": 0 } ] } } ] } ]
    }"#;

    const PROFILE: &str = r#"{
      "document": "scoring_profile", "id": "rules", "version": "1.0.0", "title": "Rules",
      "answers": {
        "option_points": { "yes": 100, "partial": 50, "no": 0 },
        "not_applicable": ["na"], "no_disclosure": ["nd"],
        "questions": { "harm": { "reverse": true, "option_points": { "partial": 40 } },
                       "flag": { "reverse": true } } },
      "section": "mean",
      "bands": [ { "id": "all", "label": "All", "min_score": 0 } ]
    }"#;

    fn question(answers: &str) -> Vec<(String, QuestionStatus, Option<f64>, Option<f64>)> {
        let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
        let questionnaire = questionnaire.check().unwrap();
        let assessment = format!(
            r#"{{ "document": "assessment", "questionnaire": {{ "id": "rules", "version": "1.0.0" }},
                 "subject": {{ "kind": "organisation", "name": "X" }}, "responses": {{ {answers} }} }}"#
        );
        let assessment: Assessment = serde_json::from_str(&assessment).unwrap();
        let profile: ScoringProfile = serde_json::from_str(PROFILE).unwrap();
        profile.validate().unwrap();
        let card = score(&assessment.check(&questionnaire).unwrap(), &profile);
        card.questions
            .iter()
            .map(|q| (q.question.as_str().to_owned(), q.status, q.points, q.score))
            .collect()
    }

    fn choice(id: &str, option: &str) -> String {
        format!(
            r#""{id}": {{ "status": "answered", "answer": {{ "kind": "single_choice", "option": "{option}" }} }}"#
        )
    }

    fn get(
        rows: &[(String, QuestionStatus, Option<f64>, Option<f64>)],
        id: &str,
    ) -> (QuestionStatus, Option<f64>, Option<f64>) {
        let row = rows.iter().find(|r| r.0 == id).unwrap();
        (row.1, row.2, row.3)
    }

    /// Worked by hand from the profile: `plain` is 100/0/no-disclosure/N-A; `harm` has points
    /// yes 100, partial 40 (its own rule wins), no 0, reversed to 0, 60, 100, and no disclosure
    /// stays at 0; `flag` is a reversed yes/no.
    #[test]
    fn answer_rules_override_points_reverse_and_mark_options() {
        let rows = question(&[choice("plain", "yes"), choice("harm", "partial")].join(","));
        assert_eq!(
            get(&rows, "plain"),
            (QuestionStatus::Answered, Some(100.0), Some(100.0))
        );
        assert_eq!(
            get(&rows, "harm"),
            (QuestionStatus::Answered, Some(60.0), Some(60.0))
        );

        let rows = question(&[choice("plain", "na"), choice("harm", "no")].join(","));
        assert_eq!(get(&rows, "plain").0, QuestionStatus::NotApplicable);
        assert_eq!(
            get(&rows, "harm"),
            (QuestionStatus::Answered, Some(100.0), Some(100.0))
        );

        // No disclosure scores the worst, reversed or not.
        let rows = question(&[choice("plain", "nd"), choice("harm", "nd")].join(","));
        assert_eq!(
            get(&rows, "plain"),
            (QuestionStatus::Answered, Some(0.0), Some(0.0))
        );
        assert_eq!(
            get(&rows, "harm"),
            (QuestionStatus::Answered, Some(0.0), Some(0.0))
        );

        // A reversed yes/no: "no" is best.
        let rows = question(
            r#""flag": { "status": "answered", "answer": { "kind": "yes_no", "value": false } }"#,
        );
        assert_eq!(
            get(&rows, "flag"),
            (QuestionStatus::Answered, Some(1.0), Some(100.0))
        );

        // A multiple choice with an N/A option among the chosen ones is not applicable.
        let rows = question(
            r#""many": { "status": "answered", "answer": { "kind": "multiple_choice", "options": ["a", "na"] } }"#,
        );
        assert_eq!(get(&rows, "many").0, QuestionStatus::NotApplicable);
        let rows = question(
            r#""many": { "status": "answered", "answer": { "kind": "multiple_choice", "options": ["a"] } }"#,
        );
        assert_eq!(
            get(&rows, "many"),
            (QuestionStatus::Answered, Some(1.0), Some(100.0))
        );
    }

    /// Checking evaluates the assessment once, as the questionnaire scores it; scoring reuses
    /// that unless the profile's answer rules change some question. Rules that change nothing
    /// must score exactly like no rules, and scoring with rules that do change questions must
    /// leave the shared evaluation as it was for the next scoring.
    #[test]
    fn the_evaluation_made_at_check_time_is_reused_only_where_it_holds() {
        let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
        let questionnaire = questionnaire.check().unwrap();
        let assessment: Assessment = serde_json::from_str(&format!(
            r#"{{ "document": "assessment", "questionnaire": {{ "id": "rules", "version": "1.0.0" }},
                 "subject": {{ "kind": "organisation", "name": "X" }}, "responses": {{ {} }} }}"#,
            [
                choice("plain", "yes"),
                choice("harm", "partial"),
                r#""flag": { "status": "answered", "answer": { "kind": "yes_no", "value": false } }"#
                    .to_owned(),
            ]
            .join(",")
        ))
        .unwrap();
        let checked = assessment.check(&questionnaire).unwrap();
        let profile = |answers: &str| -> ScoringProfile {
            let profile: ScoringProfile = serde_json::from_str(&format!(
                r#"{{ "document": "scoring_profile", "id": "p", "version": "1.0.0", "title": "P",
                     {answers} "bands": [ {{ "id": "all", "label": "All", "min_score": 0 }} ] }}"#
            ))
            .unwrap();
            profile.validate().unwrap();
            profile
        };
        let json =
            |profile: &ScoringProfile| serde_json::to_string(&score(&checked, profile)).unwrap();
        let plain = json(&profile(""));
        // The questionnaire's own points, restated: no question changes.
        let restated = profile(r#""answers": { "option_points": { "yes": 1, "no": 0 } },"#);
        assert!(rescales(&questionnaire, &restated).is_empty());
        assert_eq!(json(&restated), plain);
        // Rules that change questions score differently, and do not disturb the next scoring.
        let changed = profile(PROFILE_ANSWERS);
        assert!(!rescales(&questionnaire, &changed).is_empty());
        assert_ne!(json(&changed), plain);
        assert_eq!(json(&profile("")), plain);
        // The same, from an assessment checked afresh.
        let fresh = assessment.check(&questionnaire).unwrap();
        assert_eq!(
            serde_json::to_string(&score(&fresh, &profile(""))).unwrap(),
            plain
        );
    }

    const PROFILE_ANSWERS: &str = r#""answers": {
        "option_points": { "yes": 100, "partial": 50, "no": 0 },
        "not_applicable": ["na"], "no_disclosure": ["nd"],
        "questions": { "harm": { "reverse": true, "option_points": { "partial": 40 } },
                       "flag": { "reverse": true } } },"#;
}
