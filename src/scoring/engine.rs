//! The scoring engine: a checked assessment and a profile in, a scorecard out.
//!
//! Scoring works on fractions in `[0, 1]` and multiplies by 100 only when it writes the
//! scorecard, so that "all best answers give 100" holds exactly. Every sum is taken in id order
//! (questions, sections, items), so the order of the input cannot change a bit of the output.

use crate::assessment::check::{Given, Instance, Value};
use crate::assessment::{CheckedAssessment, QuestionnaireRef};
use crate::catalog::{Pillar, Principle};
use crate::document::DocumentTag;
use crate::id::BandId;
use crate::questionnaire::check::{QuestionInfo, Visibility};
use crate::questionnaire::{CheckedQuestionnaire, Combine};

use super::profile::{Aggregation, OverallBasis, ScoringProfile};
use super::scorecard::{
    BandCap, Gap, ItemScore, PillarScore, PrincipleScore, ProfileRef, QuestionScore,
    QuestionStatus, Scorecard, SectionScore, Summary,
};

/// Scores a checked assessment with `profile`.
///
/// Takes time linear in the number of questions (times their items, for repeated sections), plus
/// for each gap the size of its section and the number of sections, to work out its gain.
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
    let work = Work::new(assessment, profile);
    work.scorecard()
}

/// What happened to one question (one item of it).
#[derive(Debug, Clone, Copy)]
struct Outcome {
    status: QuestionStatus,
    /// The share of the way from the worst to the best answer; 0 for unknown and unanswered.
    fraction: f64,
    points: f64,
    evidenced: bool,
}

impl Outcome {
    const HIDDEN: Outcome = Outcome {
        status: QuestionStatus::Hidden,
        fraction: 0.0,
        points: 0.0,
        evidenced: false,
    };

    fn counts(self) -> bool {
        matches!(
            self.status,
            QuestionStatus::Answered | QuestionStatus::Unknown | QuestionStatus::Unanswered
        )
    }

    /// Whether a critical question at this outcome caps its section.
    fn at_bottom(self) -> bool {
        self.counts() && self.fraction <= 0.0
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    applicable: u32,
    answered: u32,
    evidenced: u32,
    unknown: u32,
    unanswered: u32,
}

impl Counts {
    fn add_outcome(&mut self, outcome: Outcome) {
        if !outcome.counts() {
            return;
        }
        self.applicable += 1;
        match outcome.status {
            QuestionStatus::Answered => {
                self.answered += 1;
                self.evidenced += u32::from(outcome.evidenced);
            }
            QuestionStatus::Unknown => self.unknown += 1,
            _ => self.unanswered += 1,
        }
    }

    fn add(&mut self, other: Counts) {
        self.applicable += other.applicable;
        self.answered += other.answered;
        self.evidenced += other.evidenced;
        self.unknown += other.unknown;
        self.unanswered += other.unanswered;
    }
}

/// One scored unit of a section: the section itself, or one item of a repeated section.
#[derive(Debug, Clone, Default)]
struct Unit {
    /// Outcomes by position of the question in its section.
    outcomes: Vec<Outcome>,
    /// `(weight, fraction, position)` of the questions that count, in question-id order.
    parts: Vec<(f64, f64, usize)>,
    fraction: Option<f64>,
    counts: Counts,
}

#[derive(Debug, Clone, Default)]
struct SectionWork {
    units: Vec<Unit>,
    fraction: Option<f64>,
    counts: Counts,
    /// Positions of critical questions at the bottom, in question-id order, without repeats.
    critical: Vec<usize>,
}

struct Work<'a> {
    assessment: &'a CheckedAssessment<'a>,
    questionnaire: &'a CheckedQuestionnaire,
    profile: &'a ScoringProfile,
    /// Outcomes of the questions of sections asked once, by question index.
    outcomes: Vec<Outcome>,
    sections: Vec<SectionWork>,
    overall: Option<f64>,
}

/// Looks up the effective response of a question for a visibility condition: `None` when the
/// question is hidden or unanswered.
fn holds<'g, F: Fn(usize) -> Option<&'g Given>>(condition: &Visibility, lookup: &F) -> bool {
    let value = |index: usize| match lookup(index) {
        Some(Given::Answered { value, .. }) => Some(value),
        _ => None,
    };
    match condition {
        Visibility::Yes(q) => matches!(value(*q), Some(Value::YesNo(true))),
        Visibility::No(q) => matches!(value(*q), Some(Value::YesNo(false))),
        Visibility::MaturityAtLeast(q, level) => {
            matches!(value(*q), Some(Value::Maturity(l)) if l >= level)
        }
        Visibility::Selected(q, option) => {
            matches!(value(*q), Some(Value::Choice(chosen)) if chosen.contains(option))
        }
        Visibility::NumberAtLeast(q, at_least) => {
            matches!(value(*q), Some(Value::Number(v)) if v >= at_least)
        }
        Visibility::Answered(q) => value(*q).is_some(),
        Visibility::All(conditions) => conditions.iter().all(|c| holds(c, lookup)),
        Visibility::Any(conditions) => conditions.iter().any(|c| holds(c, lookup)),
        Visibility::Not(condition) => !holds(condition, lookup),
    }
}

fn outcome(info: &QuestionInfo, given: Option<&Given>) -> Outcome {
    let Some((worst, best)) = info.scale.bounds() else {
        return Outcome {
            status: QuestionStatus::Unscored,
            ..Outcome::HIDDEN
        };
    };
    let zero = Outcome {
        status: QuestionStatus::Unanswered,
        fraction: 0.0,
        points: worst,
        evidenced: false,
    };
    match given {
        None => zero,
        Some(Given::NotApplicable) => Outcome {
            status: QuestionStatus::NotApplicable,
            ..Outcome::HIDDEN
        },
        Some(Given::Unknown) => Outcome {
            status: QuestionStatus::Unknown,
            ..zero
        },
        Some(Given::Answered {
            points, evidenced, ..
        }) => Outcome {
            status: QuestionStatus::Answered,
            fraction: ((points - worst) / (best - worst)).clamp(0.0, 1.0),
            points: *points,
            evidenced: *evidenced,
        },
    }
}

/// Combines `(weight, value)` parts; `None` when there are none.
fn aggregate(kind: Aggregation, parts: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let mut weights = 0.0;
    let mut sum = 0.0;
    let mut count = 0u32;
    let mut min = f64::INFINITY;
    for (weight, value) in parts {
        weights += weight;
        sum += match kind {
            Aggregation::WeightedMean => weight * value,
            Aggregation::Mean | Aggregation::Min => value,
        };
        count += 1;
        min = min.min(value);
    }
    if count == 0 {
        return None;
    }
    let value = match kind {
        Aggregation::WeightedMean if weights > 0.0 => sum / weights,
        Aggregation::WeightedMean => return None,
        Aggregation::Mean => sum / f64::from(count),
        Aggregation::Min => min,
    };
    Some(value.clamp(0.0, 1.0))
}

fn combine(kind: Combine, values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut count = 0u32;
    let (mut sum, mut min, mut max) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
    for value in values {
        count += 1;
        sum += value;
        min = min.min(value);
        max = max.max(value);
    }
    if count == 0 {
        return None;
    }
    let value = match kind {
        Combine::Mean => sum / f64::from(count),
        Combine::Min => min,
        Combine::Max => max,
    };
    Some(value.clamp(0.0, 1.0))
}

impl<'a> Work<'a> {
    fn new(assessment: &'a CheckedAssessment<'a>, profile: &'a ScoringProfile) -> Self {
        let questionnaire = assessment.questionnaire();
        let infos = questionnaire.infos();
        let given = assessment.given();

        // Visibility of the questions asked once, in questionnaire order: a condition only looks
        // at earlier questions, which are settled by then.
        let mut visible = vec![true; infos.len()];
        for (index, info) in infos.iter().enumerate() {
            if let Some(condition) = &info.condition {
                let lookup = |q: usize| -> Option<&Given> {
                    if visible.get(q).copied().unwrap_or(false) {
                        given.get(q).and_then(Option::as_ref)
                    } else {
                        None
                    }
                };
                let shown = holds(condition, &lookup);
                if let Some(slot) = visible.get_mut(index) {
                    *slot = shown;
                }
            }
        }
        let mut outcomes: Vec<Outcome> = infos
            .iter()
            .zip(&visible)
            .zip(given)
            .map(|((info, shown), given)| {
                if *shown {
                    outcome(info, given.as_ref())
                } else {
                    Outcome::HIDDEN
                }
            })
            .collect();

        let order = questionnaire.order();
        let section_infos = questionnaire.section_infos();
        let no_instances: Vec<Instance> = Vec::new();
        let mut sections = Vec::with_capacity(section_infos.len());
        for (s, section_info) in section_infos.iter().enumerate() {
            let start = section_info.questions.start;
            let section_infos_of = infos
                .get(section_info.questions.clone())
                .unwrap_or_default();
            let within = order
                .within_sections
                .get(s)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut work = SectionWork::default();
            match section_info.repeat_over {
                None => {
                    let own = outcomes
                        .get(section_info.questions.clone())
                        .unwrap_or_default()
                        .to_vec();
                    work.units.push(Unit {
                        outcomes: own,
                        ..Unit::default()
                    });
                }
                Some(source) => {
                    let source_listed = visible.get(source).copied().unwrap_or(false)
                        && matches!(given.get(source), Some(Some(Given::Answered { .. })));
                    let instances = if source_listed {
                        assessment.instances().get(s).unwrap_or(&no_instances)
                    } else {
                        &no_instances
                    };
                    for instance in instances {
                        let mut shown = vec![true; section_infos_of.len()];
                        for (position, info) in section_infos_of.iter().enumerate() {
                            if let Some(condition) = &info.condition {
                                let lookup = |q: usize| -> Option<&Given> {
                                    match q.checked_sub(start).filter(|p| *p < shown.len()) {
                                        Some(p) if shown.get(p).copied().unwrap_or(false) => {
                                            instance.given.get(p).and_then(Option::as_ref)
                                        }
                                        Some(_) => None,
                                        None if visible.get(q).copied().unwrap_or(false) => {
                                            given.get(q).and_then(Option::as_ref)
                                        }
                                        None => None,
                                    }
                                };
                                let is_shown = holds(condition, &lookup);
                                if let Some(slot) = shown.get_mut(position) {
                                    *slot = is_shown;
                                }
                            }
                        }
                        let unit_outcomes = section_infos_of
                            .iter()
                            .zip(&shown)
                            .zip(&instance.given)
                            .map(|((info, shown), given)| {
                                if *shown {
                                    outcome(info, given.as_ref())
                                } else {
                                    Outcome::HIDDEN
                                }
                            })
                            .collect();
                        work.units.push(Unit {
                            outcomes: unit_outcomes,
                            ..Unit::default()
                        });
                    }
                }
            }
            for unit in &mut work.units {
                for &position in within {
                    let Some(outcome) = unit.outcomes.get(position) else {
                        continue;
                    };
                    unit.counts.add_outcome(*outcome);
                    if outcome.counts() {
                        let weight = questionnaire
                            .question_at(start + position)
                            .map_or(1.0, |q| q.weight);
                        unit.parts.push((weight, outcome.fraction, position));
                    }
                    let critical = questionnaire
                        .question_at(start + position)
                        .is_some_and(|q| q.critical);
                    if critical && outcome.at_bottom() && !work.critical.contains(&position) {
                        work.critical.push(position);
                    }
                }
                unit.fraction =
                    aggregate(profile.section, unit.parts.iter().map(|(w, f, _)| (*w, *f)));
                work.counts.add(unit.counts);
            }
            work.critical
                .sort_by_key(|p| within.iter().position(|w| w == p));
            sections.push(work);
        }
        // Repeated sections' questions have no outcome of their own outside their units.
        for section_info in section_infos
            .iter()
            .filter(|info| info.repeat_over.is_some())
        {
            for slot in outcomes
                .get_mut(section_info.questions.clone())
                .into_iter()
                .flatten()
            {
                *slot = Outcome::HIDDEN;
            }
        }

        let mut this = Work {
            assessment,
            questionnaire,
            profile,
            outcomes,
            sections,
            overall: None,
        };
        for s in 0..this.sections.len() {
            let fraction = this.section_fraction(s, None);
            if let Some(work) = this.sections.get_mut(s) {
                work.fraction = fraction;
            }
        }
        this.overall = this.overall_fraction(None);
        this
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

    /// The section's fraction, optionally with one question of one unit raised to its best.
    fn section_fraction(&self, s: usize, raised: Option<(usize, usize)>) -> Option<f64> {
        let work = self.sections.get(s)?;
        let unit_fraction = |k: usize, unit: &Unit| match raised {
            Some((unit_index, part)) if unit_index == k => aggregate(
                self.profile.section,
                unit.parts
                    .iter()
                    .enumerate()
                    .map(|(j, (w, f, _))| (*w, if j == part { 1.0 } else { *f })),
            ),
            _ => unit.fraction,
        };
        let section = self.questionnaire.questionnaire().sections.get(s)?;
        match &section.repeat {
            None => work.units.first().and_then(|unit| unit_fraction(0, unit)),
            Some(repeat) => combine(
                repeat.combine,
                work.units
                    .iter()
                    .enumerate()
                    .filter_map(|(k, unit)| unit_fraction(k, unit)),
            ),
        }
    }

    /// The pillar's fraction and weight, optionally with one section's fraction replaced.
    fn pillar_fraction(
        &self,
        pillar: Pillar,
        replaced: Option<(usize, Option<f64>)>,
    ) -> (Option<f64>, f64) {
        let mut weight = 0.0;
        let parts = self
            .section_parts(replaced)
            .filter(|(s, _, _)| self.section_pillar(*s) == Some(pillar))
            .map(|(_, w, f)| {
                weight += w;
                (w, f)
            });
        let fraction = aggregate(self.profile.pillar, parts.collect::<Vec<_>>().into_iter());
        (fraction, weight)
    }

    /// `(section, weight, fraction)` of the sections that have a score, in section-id order.
    fn section_parts(
        &self,
        replaced: Option<(usize, Option<f64>)>,
    ) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        self.questionnaire
            .order()
            .sections
            .iter()
            .filter_map(move |&s| {
                let fraction = match replaced {
                    Some((r, fraction)) if r == s => fraction,
                    _ => self.sections.get(s).and_then(|w| w.fraction),
                };
                fraction.map(|f| (s, self.section_weight(s), f))
            })
    }

    /// The overall fraction, optionally with one section's fraction replaced.
    fn overall_fraction(&self, replaced: Option<(usize, Option<f64>)>) -> Option<f64> {
        let overall = self.profile.overall;
        match overall.over {
            OverallBasis::Sections => aggregate(
                overall.aggregation,
                self.section_parts(replaced).map(|(_, w, f)| (w, f)),
            ),
            OverallBasis::Pillars => aggregate(
                overall.aggregation,
                Pillar::ALL.iter().filter_map(|p| {
                    let (fraction, weight) = self.pillar_fraction(*p, replaced);
                    fraction.map(|f| (weight, f))
                }),
            ),
        }
    }

    fn band(&self, fraction: Option<f64>) -> Option<usize> {
        let score = fraction? * 100.0;
        self.profile
            .bands
            .iter()
            .rposition(|band| band.min_score <= score)
    }

    fn band_id(&self, index: Option<usize>) -> Option<BandId> {
        self.profile.bands.get(index?).map(|band| band.id.clone())
    }

    fn summary(&self, fraction: Option<f64>, counts: Counts) -> Summary {
        self.summary_with_band(fraction, counts, self.band(fraction))
    }

    fn summary_with_band(
        &self,
        fraction: Option<f64>,
        counts: Counts,
        band: Option<usize>,
    ) -> Summary {
        let share = |part: u32| {
            (counts.applicable > 0).then(|| f64::from(part) / f64::from(counts.applicable))
        };
        Summary {
            score: fraction.map(|f| f * 100.0),
            coverage: share(counts.answered),
            confidence: share(counts.evidenced),
            band: self.band_id(band),
            applicable: counts.applicable,
            answered: counts.answered,
            evidenced: counts.evidenced,
            unknown: counts.unknown,
            unanswered: counts.unanswered,
        }
    }

    fn scorecard(&self) -> Scorecard {
        let questionnaire = self.questionnaire.questionnaire();
        let assessment = self.assessment.assessment();
        let order = self.questionnaire.order();
        let infos = self.questionnaire.infos();
        let section_infos = self.questionnaire.section_infos();

        let mut total = Counts::default();
        let mut sections = Vec::with_capacity(self.sections.len());
        for &s in &order.sections {
            let (Some(section), Some(work)) = (questionnaire.sections.get(s), self.sections.get(s))
            else {
                continue;
            };
            total.add(work.counts);
            let uncapped = self.band(work.fraction);
            let cap_index = self
                .profile
                .critical_cap
                .as_ref()
                .and_then(|cap| self.profile.bands.iter().position(|band| &band.id == cap));
            let (band, cap) = match (cap_index, work.critical.is_empty()) {
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
                        questions: work
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
                    .assessment
                    .instances()
                    .get(s)
                    .into_iter()
                    .flatten()
                    .zip(&work.units)
                    .map(|(instance, unit)| ItemScore {
                        item: instance.item.clone(),
                        summary: self.summary(unit.fraction, unit.counts),
                    })
                    .collect(),
            };
            sections.push(SectionScore {
                section: section.id.clone(),
                title: section.title.clone(),
                pillar: section.pillar,
                weight: section.weight,
                summary: self.summary_with_band(work.fraction, work.counts, band),
                items,
                cap,
            });
        }

        let pillars = Pillar::ALL
            .iter()
            .filter(|p| questionnaire.sections.iter().any(|s| s.pillar == **p))
            .map(|&pillar| {
                let (fraction, weight) = self.pillar_fraction(pillar, None);
                let mut counts = Counts::default();
                for (section, work) in questionnaire.sections.iter().zip(&self.sections) {
                    if section.pillar == pillar {
                        counts.add(work.counts);
                    }
                }
                PillarScore {
                    pillar,
                    weight,
                    summary: self.summary(fraction, counts),
                }
            })
            .collect();

        // Questions, in id order, each repeated section's items in item order; principles and gaps
        // are gathered in the same pass, so their sums run in the same order.
        let mut questions = Vec::with_capacity(infos.len());
        let mut principle_sums = [(0.0f64, 0.0f64, Counts::default(), false); 32];
        let mut gaps: Vec<(f64, usize, Gap)> = Vec::new();
        for (rank, &index) in order.questions.iter().enumerate() {
            let (Some(info), Some(question)) =
                (infos.get(index), self.questionnaire.question_at(index))
            else {
                continue;
            };
            let (Some(section), Some(work)) = (
                questionnaire.sections.get(info.section),
                self.sections.get(info.section),
            ) else {
                continue;
            };
            let instances = self.assessment.instances().get(info.section);
            let bounds = info.scale.bounds();
            let units: Vec<(Option<&Instance>, usize, Outcome)> = match section.repeat {
                None => vec![(
                    None,
                    0,
                    self.outcomes.get(index).copied().unwrap_or(Outcome::HIDDEN),
                )],
                Some(_) => work
                    .units
                    .iter()
                    .enumerate()
                    .map(|(k, unit)| {
                        let outcome = unit
                            .outcomes
                            .get(info.position)
                            .copied()
                            .unwrap_or(Outcome::HIDDEN);
                        (instances.and_then(|list| list.get(k)), k, outcome)
                    })
                    .collect(),
            };
            let share = 1.0 / units.len().max(1) as f64;
            for (instance, k, outcome) in units {
                let counts = outcome.counts();
                let item = instance.map(|i| i.item.clone());
                questions.push(QuestionScore {
                    question: question.id.clone(),
                    section: section.id.clone(),
                    item: item.clone(),
                    status: outcome.status,
                    points: counts.then_some(outcome.points),
                    worst_points: bounds.filter(|_| counts).map(|(worst, _)| worst),
                    best_points: bounds.filter(|_| counts).map(|(_, best)| best),
                    score: counts.then_some(outcome.fraction * 100.0),
                    weight: question.weight,
                    evidenced: outcome.evidenced,
                    critical: question.critical,
                    principles: info.principles,
                });
                for principle in info.principles.iter() {
                    if let Some(sum) = principle_sums.get_mut(usize::from(principle.number())) {
                        sum.3 = true;
                        sum.2.add_outcome(outcome);
                        if counts {
                            let weight = question.weight * section.weight * share;
                            sum.0 += weight * outcome.fraction;
                            sum.1 += weight;
                        }
                    }
                }
                if counts && outcome.fraction < 1.0 {
                    let part = work.units.get(k).and_then(|unit| {
                        unit.parts.iter().position(|(_, _, p)| *p == info.position)
                    });
                    let raised =
                        part.and_then(|part| self.section_fraction(info.section, Some((k, part))));
                    let overall = self.overall_fraction(Some((info.section, raised)));
                    let gain = match (overall, self.overall) {
                        (Some(after), Some(before)) => ((after - before) * 100.0).max(0.0),
                        _ => 0.0,
                    };
                    gaps.push((
                        gain,
                        rank,
                        Gap {
                            question: question.id.clone(),
                            section: section.id.clone(),
                            item,
                            status: outcome.status,
                            score: outcome.fraction * 100.0,
                            gain,
                            critical: question.critical,
                            principles: info.principles,
                            action: question.action.clone(),
                        },
                    ));
                }
            }
        }
        // Stable sort: equal gains keep question-id and item order.
        gaps.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        let principles = Principle::all()
            .filter_map(|principle| {
                let (sum, weights, counts, served) =
                    *principle_sums.get(usize::from(principle.number()))?;
                served.then(|| {
                    let fraction = (weights > 0.0).then(|| (sum / weights).clamp(0.0, 1.0));
                    PrincipleScore {
                        principle,
                        summary: self.summary(fraction, counts),
                    }
                })
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
            overall: self.summary(self.overall, total),
            pillars,
            sections,
            principles,
            questions,
            gaps: gaps.into_iter().map(|(_, _, gap)| gap).collect(),
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
