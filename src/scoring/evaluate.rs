//! What scoring works out of an assessment before any profile aggregates it: which questions
//! are shown, what each response earns, the units of repeated sections, the counts, the rows of
//! the scorecard's question list, the principles' sums and the candidate gaps.
//!
//! None of that depends on the profile unless its answer rules change how a question scores, so
//! checking an assessment works it out once ([`Evaluation::of`]) and every scoring of that
//! assessment reuses it; a profile whose answer rules touch a question evaluates again, with
//! those rules ([`rescales`]).

use std::ops::Range;
use std::sync::Arc;

use crate::assessment::check::{Given, Instance, Value};
use crate::catalog::Principle;
use crate::id::ItemId;
use crate::questionnaire::check::{QuestionInfo, Visibility};
use crate::questionnaire::{AnswerKind, CheckedQuestionnaire, Question};

use super::profile::{AnswerRules, ScoringProfile};
use super::rows::QuestionRow;
use super::scorecard::QuestionStatus;

/// Points earned by a part, with the points of its worst and best answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Points {
    pub(super) earned: f64,
    pub(super) worst: f64,
    pub(super) best: f64,
}

impl Points {
    pub(super) fn fraction(self) -> Option<f64> {
        let range = self.best - self.worst;
        (range > 0.0).then(|| ((self.earned - self.worst) / range).clamp(0.0, 1.0))
    }
}

/// The value of an aggregate: its share of the way from worst to best, and its points where
/// the aggregation keeps points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Node {
    pub(super) fraction: f64,
    pub(super) points: Option<Points>,
}

impl Node {
    pub(super) fn plain(fraction: f64) -> Self {
        Node {
            fraction,
            points: None,
        }
    }
}

/// What happened to one question (one item of it).
#[derive(Debug, Clone, Copy)]
pub(super) struct Outcome {
    pub(super) status: QuestionStatus,
    /// The share of the way from the worst to the best answer; 0 for unknown and unanswered.
    pub(super) fraction: f64,
    pub(super) points: f64,
    /// The points of the worst and best answers under the profile (0 for unscored questions).
    pub(super) worst: f64,
    pub(super) best: f64,
    pub(super) evidenced: bool,
}

impl Outcome {
    pub(super) const HIDDEN: Outcome = Outcome {
        status: QuestionStatus::Hidden,
        fraction: 0.0,
        points: 0.0,
        worst: 0.0,
        best: 0.0,
        evidenced: false,
    };

    pub(super) fn counts(self) -> bool {
        self.status.counts()
    }

    /// Whether a critical question at this outcome caps its section.
    fn at_bottom(self) -> bool {
        self.counts() && self.fraction <= 0.0
    }

    pub(super) fn node(self) -> Node {
        Node {
            fraction: self.fraction,
            points: Some(Points {
                earned: self.points,
                worst: self.worst,
                best: self.best,
            }),
        }
    }

    /// The same question at its best answer.
    pub(super) fn raised(self) -> Node {
        Node {
            fraction: 1.0,
            points: Some(Points {
                earned: self.best,
                worst: self.worst,
                best: self.best,
            }),
        }
    }

    /// A hidden question counted as if it earned its worst answer.
    pub(super) fn as_worst(self) -> Node {
        Node {
            fraction: 0.0,
            points: Some(Points {
                earned: self.worst,
                worst: self.worst,
                best: self.best,
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counts {
    pub(super) applicable: u32,
    pub(super) answered: u32,
    pub(super) evidenced: u32,
    pub(super) unknown: u32,
    pub(super) unanswered: u32,
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

    pub(super) fn add(&mut self, other: Counts) {
        self.applicable += other.applicable;
        self.answered += other.answered;
        self.evidenced += other.evidenced;
        self.unknown += other.unknown;
        self.unanswered += other.unanswered;
    }
}

/// What a choice option is under the profile.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Points(f64),
    NotApplicable,
    NoDisclosure,
}

/// A question's scale where the profile's answer rules change it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rescale {
    /// Roles by option position; empty for questions that are not choices.
    roles: Vec<Role>,
    multiple: bool,
    worst: f64,
    best: f64,
    reverse: bool,
}

/// How the profile's answer rules change each question's scale, by question index; empty when
/// they touch no question, so that every question scores exactly as the questionnaire says (and
/// the evaluation made at check time holds).
pub(super) fn rescales(
    questionnaire: &CheckedQuestionnaire,
    profile: &ScoringProfile,
) -> Vec<Option<Rescale>> {
    if profile.answers.is_empty() {
        return Vec::new();
    }
    let rescales: Vec<Option<Rescale>> = questionnaire
        .infos()
        .iter()
        .enumerate()
        .map(|(index, info)| {
            questionnaire
                .question_at(index)
                .and_then(|question| rescale(&profile.answers, question, info))
        })
        .collect();
    if rescales.iter().all(Option::is_none) {
        return Vec::new();
    }
    rescales
}

/// Works out how the profile's answer rules change a question's scale; `None` when they do not
/// touch it, so that it scores exactly as the questionnaire says.
fn rescale(rules: &AnswerRules, question: &Question, info: &QuestionInfo) -> Option<Rescale> {
    let (q_worst, q_best) = info.scale.bounds()?;
    let rule = rules.questions.get(&question.id);
    let reverse = rule.is_some_and(|r| r.reverse);
    let (options, multiple, max_points) = match &question.answer {
        AnswerKind::SingleChoice { options } => (options.as_slice(), false, None),
        AnswerKind::MultipleChoice {
            options,
            max_points,
        } => (options.as_slice(), true, *max_points),
        _ => {
            return reverse.then_some(Rescale {
                roles: Vec::new(),
                multiple: false,
                worst: q_worst,
                best: q_best,
                reverse,
            });
        }
    };
    let mut touched = reverse;
    let roles: Vec<Role> = options
        .iter()
        .map(|option| {
            let own = option.points.unwrap_or(0.0);
            let role = if rules.not_applicable.contains(&option.id) {
                Role::NotApplicable
            } else if rules.no_disclosure.contains(&option.id) {
                Role::NoDisclosure
            } else {
                Role::Points(
                    rule.and_then(|r| r.option_points.get(&option.id))
                        .or_else(|| rules.option_points.get(&option.id))
                        .copied()
                        .unwrap_or(own),
                )
            };
            touched |= role != Role::Points(own);
            role
        })
        .collect();
    if !touched {
        return None;
    }
    let scored = roles.iter().filter_map(|role| match role {
        Role::Points(p) => Some(*p),
        _ => None,
    });
    let (worst, best) = if multiple {
        let (negative, positive) =
            scored.fold(
                (0.0, 0.0),
                |(n, p), x: f64| {
                    if x < 0.0 { (n + x, p) } else { (n, p + x) }
                },
            );
        (negative, max_points.unwrap_or(positive))
    } else {
        scored.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        })
    };
    Some(Rescale {
        roles,
        multiple,
        worst,
        best,
        reverse,
    })
}

// Inlined so that the outcome is built where it is stored: returned through memory, reading
// it back stalled on store forwarding.
#[inline(always)]
fn outcome(info: &QuestionInfo, rescale: Option<&Rescale>, given: Option<&Given>) -> Outcome {
    let range = match rescale {
        None => info.range,
        Some(r) => Some((r.worst, r.best))
            .filter(|(worst, best)| best > worst && worst.is_finite() && best.is_finite()),
    };
    let Some((worst, best)) = range else {
        // Unscored, or the profile left the question without a range: nothing to score it on.
        return Outcome {
            status: QuestionStatus::Unscored,
            ..Outcome::HIDDEN
        };
    };
    let zero = Outcome {
        status: QuestionStatus::Unanswered,
        fraction: 0.0,
        points: worst,
        worst,
        best,
        evidenced: false,
    };
    let answered = |points: f64, evidenced: bool| Outcome {
        status: QuestionStatus::Answered,
        fraction: ((points - worst) / (best - worst)).clamp(0.0, 1.0),
        points,
        evidenced,
        ..zero
    };
    match given {
        None => zero,
        Some(Given::NotApplicable) => Outcome {
            status: QuestionStatus::NotApplicable,
            ..zero
        },
        Some(Given::Unknown) => Outcome {
            status: QuestionStatus::Unknown,
            ..zero
        },
        Some(Given::Answered {
            points,
            evidenced,
            value,
        }) => {
            let Some(rescale) = rescale else {
                return answered(*points, *evidenced);
            };
            let mut earned = *points;
            if let Value::Choice(chosen) = value
                && !rescale.roles.is_empty()
            {
                let roles = chosen.iter().filter_map(|p| rescale.roles.get(*p));
                let mut sum = 0.0;
                let mut undisclosed = false;
                for role in roles {
                    match role {
                        Role::NotApplicable => {
                            return Outcome {
                                status: QuestionStatus::NotApplicable,
                                ..zero
                            };
                        }
                        Role::NoDisclosure => undisclosed = true,
                        Role::Points(p) => sum += p,
                    }
                }
                if undisclosed {
                    return answered(worst, *evidenced);
                }
                earned = if rescale.multiple {
                    sum.clamp(worst, best)
                } else {
                    sum
                };
            }
            if rescale.reverse {
                earned = worst + best - earned;
            }
            answered(earned, *evidenced)
        }
    }
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

/// The outcome of a hidden question: it counts nowhere, but keeps its scale for groups that
/// count hidden questions in their maximum.
fn hidden(info: &QuestionInfo, rescale: Option<&Rescale>) -> Outcome {
    let scale = outcome(info, rescale, None);
    Outcome {
        status: QuestionStatus::Hidden,
        worst: scale.worst,
        best: scale.best,
        ..Outcome::HIDDEN
    }
}

/// One scored unit of a section: the section itself, or one item of a repeated section.
///
/// Units keep ranges into arrays shared by the whole assessment ([`Evaluation::outcomes`],
/// [`Evaluation::parts`]) rather than arrays of their own, so that evaluating allocates a few
/// arrays in all instead of a few per section.
#[derive(Debug, Clone, Default)]
pub(super) struct Unit {
    /// The item, as a position in [`Evaluation::items`], for a unit of a repeated section.
    pub(super) item: Option<u32>,
    /// Its outcomes by position of the question in its section: for a section asked once, the
    /// section's questions' own slots in [`Evaluation::outcomes`]; for an item, slots after
    /// those.
    pub(super) outcomes: Range<usize>,
    /// Its `(weight, position)` parts, the questions that count in question-id order, in
    /// [`Evaluation::parts`].
    pub(super) parts: Range<usize>,
    pub(super) counts: Counts,
}

/// One section, evaluated.
#[derive(Debug, Clone, Default)]
pub(super) struct SectionEvaluation {
    /// Its units, in [`Evaluation::units`]: one for a section asked once, one per item otherwise.
    pub(super) units: Range<usize>,
    pub(super) counts: Counts,
    /// Positions of critical questions at the bottom, in question-id order, without repeats.
    pub(super) critical: Vec<usize>,
}

/// The weighted sum of the fractions of the questions that serve a principle, the sum of their
/// weights, their counts, and whether any question serves it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PrincipleSum {
    pub(super) sum: f64,
    pub(super) weights: f64,
    pub(super) counts: Counts,
    pub(super) served: bool,
}

/// A question (one item of it) short of its best answer: what working out its gain needs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    /// The position of its row in [`Evaluation::rows`].
    pub(super) row: usize,
    pub(super) section: usize,
    /// Its unit, as a position among its section's units.
    pub(super) unit: usize,
    /// Its position in its section.
    pub(super) position: usize,
    pub(super) weight: f64,
    pub(super) fraction: f64,
}

/// Everything scoring needs of an assessment before a profile aggregates it (see the module
/// documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct Evaluation {
    /// Outcomes of the questions of sections asked once, by question index (hidden for the
    /// questions of repeated sections), then those of each item of a repeated section.
    pub(super) outcomes: Vec<Outcome>,
    /// The parts of every unit, each unit's in one run.
    pub(super) parts: Vec<(f64, usize)>,
    /// Every unit, each section's in one run.
    pub(super) units: Vec<Unit>,
    /// The items of repeated sections, in unit order.
    pub(super) items: Arc<[ItemId]>,
    /// By section index.
    pub(super) sections: Vec<SectionEvaluation>,
    /// The scorecard's question rows: in question-id order, each repeated section's questions
    /// once per item in item order. Shared by every scorecard made from this evaluation.
    pub(super) rows: Arc<[QuestionRow]>,
    /// By principle number.
    pub(super) principles: [PrincipleSum; 32],
    /// The rows short of their best answer, in row order.
    pub(super) candidates: Vec<Candidate>,
}

impl Evaluation {
    /// Evaluates the responses `given` (to questions of sections asked once, by question
    /// index) and `instances` (of repeated sections, by section) under `rescales` (see
    /// [`rescales`]; empty to score every question as the questionnaire says).
    pub(crate) fn of(
        questionnaire: &CheckedQuestionnaire,
        given: &[Option<Given>],
        instances: &[Vec<Instance>],
    ) -> Self {
        Self::with(questionnaire, given, instances, &[])
    }

    pub(super) fn with(
        questionnaire: &CheckedQuestionnaire,
        given: &[Option<Given>],
        instances: &[Vec<Instance>],
        rescales: &[Option<Rescale>],
    ) -> Self {
        let infos = questionnaire.infos();
        let rescale_of = |index: usize| rescales.get(index).and_then(Option::as_ref);
        let section_infos = questionnaire.section_infos();
        let repeated_slots: usize = section_infos
            .iter()
            .zip(instances)
            .filter(|(info, _)| info.repeat_over.is_some())
            .map(|(info, instances)| info.questions.len() * instances.len())
            .sum();

        // The questions asked once, in questionnaire order: a condition only looks at earlier
        // questions, which are settled by then. A question is visible when its outcome is not
        // `Hidden` (scoring never gives a shown question that status).
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(infos.len() + repeated_slots);
        for (index, info) in infos.iter().enumerate() {
            let given_at = given.get(index).and_then(Option::as_ref);
            let shown = match &info.condition {
                None => true,
                Some(condition) => {
                    let lookup = |q: usize| -> Option<&Given> {
                        match outcomes.get(q) {
                            Some(o) if o.status == QuestionStatus::Hidden => None,
                            _ => given.get(q).and_then(Option::as_ref),
                        }
                    };
                    holds(condition, &lookup)
                }
            };
            outcomes.push(if shown {
                outcome(info, rescale_of(index), given_at)
            } else {
                hidden(info, rescale_of(index))
            });
        }
        let visible = |q: usize| {
            outcomes
                .get(q)
                .is_some_and(|o| o.status != QuestionStatus::Hidden)
        };

        // The units of repeated sections: their outcomes go after the questions', item by item.
        let mut repeated: Vec<Outcome> = Vec::with_capacity(repeated_slots);
        let mut items = Vec::new();
        let mut units: Vec<Unit> = Vec::with_capacity(section_infos.len());
        let mut unit_runs = Vec::with_capacity(section_infos.len());
        let mut shown: Vec<bool> = Vec::new();
        for (s, section_info) in section_infos.iter().enumerate() {
            let first_unit = units.len();
            let start = section_info.questions.start;
            let section_infos_of = infos
                .get(section_info.questions.clone())
                .unwrap_or_default();
            match section_info.repeat_over {
                None => units.push(Unit {
                    outcomes: section_info.questions.clone(),
                    ..Unit::default()
                }),
                Some(source) => {
                    let source_listed = visible(source)
                        && matches!(given.get(source), Some(Some(Given::Answered { .. })));
                    let listed = if source_listed {
                        instances.get(s).map(Vec::as_slice).unwrap_or_default()
                    } else {
                        &[]
                    };
                    for instance in listed {
                        shown.clear();
                        shown.resize(section_infos_of.len(), true);
                        let unit_start = infos.len() + repeated.len();
                        for (position, info) in section_infos_of.iter().enumerate() {
                            if let Some(condition) = &info.condition {
                                let lookup = |q: usize| -> Option<&Given> {
                                    match q.checked_sub(start).filter(|p| *p < shown.len()) {
                                        Some(p) if shown.get(p).copied().unwrap_or(false) => {
                                            instance.given.get(p).and_then(Option::as_ref)
                                        }
                                        Some(_) => None,
                                        None if visible(q) => given.get(q).and_then(Option::as_ref),
                                        None => None,
                                    }
                                };
                                let is_shown = holds(condition, &lookup);
                                if let Some(slot) = shown.get_mut(position) {
                                    *slot = is_shown;
                                }
                            }
                        }
                        repeated.extend(
                            section_infos_of
                                .iter()
                                .enumerate()
                                .zip(&shown)
                                .zip(&instance.given)
                                .map(|(((position, info), shown), given)| {
                                    let rescale = rescale_of(start + position);
                                    if *shown {
                                        outcome(info, rescale, given.as_ref())
                                    } else {
                                        hidden(info, rescale)
                                    }
                                }),
                        );
                        items.push(instance.item.clone());
                        units.push(Unit {
                            item: u32::try_from(items.len() - 1).ok(),
                            outcomes: unit_start..infos.len() + repeated.len(),
                            ..Unit::default()
                        });
                    }
                }
            }
            unit_runs.push(first_unit..units.len());
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
        outcomes.append(&mut repeated);

        // Each unit's counts and parts; each section's totals and critical questions at the
        // bottom.
        let order = questionnaire.order();
        let mut parts = Vec::with_capacity(infos.len());
        let mut sections = Vec::with_capacity(section_infos.len());
        for (s, (section_info, run)) in section_infos.iter().zip(unit_runs).enumerate() {
            let within = order
                .within_sections
                .get(s)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let section_infos_of = infos
                .get(section_info.questions.clone())
                .unwrap_or_default();
            let mut section = SectionEvaluation {
                units: run.clone(),
                ..SectionEvaluation::default()
            };
            for unit in units.get_mut(run).into_iter().flatten() {
                let unit_outcomes = outcomes.get(unit.outcomes.clone()).unwrap_or_default();
                let first_part = parts.len();
                for &position in within {
                    let Some(outcome) = unit_outcomes.get(position) else {
                        continue;
                    };
                    unit.counts.add_outcome(*outcome);
                    let info = section_infos_of.get(position);
                    if outcome.counts() {
                        parts.push((info.map_or(1.0, |i| i.weight), position));
                    }
                    let critical = info.is_some_and(|i| i.critical);
                    if critical && outcome.at_bottom() && !section.critical.contains(&position) {
                        section.critical.push(position);
                    }
                }
                unit.parts = first_part..parts.len();
                section.counts.add(unit.counts);
            }
            if section.critical.len() > 1 {
                section
                    .critical
                    .sort_by_key(|p| within.iter().position(|w| w == p));
            }
            sections.push(section);
        }

        // The rows, in question-id order, each repeated section's items in item order; the
        // principles' sums and the candidate gaps are gathered in the same pass, so their sums
        // run in the same order.
        let questionnaire_sections = &questionnaire.questionnaire().sections;
        let mut rows: Vec<QuestionRow> = Vec::with_capacity(outcomes.len());
        let mut principles = [PrincipleSum::default(); 32];
        let mut candidates = Vec::with_capacity(outcomes.len());
        for &index in &order.questions {
            let (Some(info), Ok(row_index)) = (infos.get(index), u32::try_from(index)) else {
                continue;
            };
            let (Some(section), Some(evaluated)) = (
                questionnaire_sections.get(info.section),
                sections.get(info.section),
            ) else {
                continue;
            };
            let repeated = section.repeat.is_some();
            let section_units = if repeated {
                units.get(evaluated.units.clone()).unwrap_or_default()
            } else {
                &[]
            };
            let unit_count = if repeated { section_units.len() } else { 1 };
            let share = 1.0 / unit_count.max(1) as f64;
            for k in 0..unit_count {
                let (item, outcome) = if repeated {
                    let unit = section_units.get(k);
                    let outcome = unit
                        .and_then(|u| outcomes.get(u.outcomes.clone()))
                        .and_then(|o| o.get(info.position))
                        .copied();
                    (
                        unit.and_then(|u| u.item),
                        outcome.unwrap_or(Outcome::HIDDEN),
                    )
                } else {
                    (
                        None,
                        outcomes.get(index).copied().unwrap_or(Outcome::HIDDEN),
                    )
                };
                let counts = outcome.counts();
                rows.push(QuestionRow {
                    index: row_index,
                    item,
                    status: outcome.status,
                    evidenced: outcome.evidenced,
                    points: outcome.points,
                    worst: outcome.worst,
                    best: outcome.best,
                    fraction: outcome.fraction,
                });
                for principle in info.principles.iter() {
                    if let Some(sum) = principles.get_mut(usize::from(principle.number())) {
                        sum.served = true;
                        sum.counts.add_outcome(outcome);
                        if counts {
                            let weight = info.weight * section.weight * share;
                            sum.sum += weight * outcome.fraction;
                            sum.weights += weight;
                        }
                    }
                }
                if counts && outcome.fraction < 1.0 {
                    candidates.push(Candidate {
                        row: rows.len() - 1,
                        section: info.section,
                        unit: k,
                        position: info.position,
                        weight: info.weight,
                        fraction: outcome.fraction,
                    });
                }
            }
        }

        Evaluation {
            outcomes,
            parts,
            units,
            items: items.into(),
            sections,
            rows: rows.into(),
            principles,
            candidates,
        }
    }

    /// A unit's outcomes, by position of the question in its section.
    pub(super) fn unit_outcomes(&self, unit: &Unit) -> &[Outcome] {
        self.outcomes.get(unit.outcomes.clone()).unwrap_or_default()
    }

    /// The principles that some question serves, in number order, with their sums.
    pub(super) fn principles(&self) -> impl Iterator<Item = (Principle, PrincipleSum)> + '_ {
        Principle::all().filter_map(|principle| {
            self.principles
                .get(usize::from(principle.number()))
                .filter(|sum| sum.served)
                .map(|sum| (principle, *sum))
        })
    }
}
