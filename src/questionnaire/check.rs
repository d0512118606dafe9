//! Structural validation of a questionnaire, and its compiled ("checked") form.
//!
//! Checking resolves every id to an index once, so that checking an assessment and scoring it
//! never look anything up by string.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::catalog::{self, PrincipleSet};
use crate::error::{Problems, Stage};
use crate::id::{QuestionId, SectionId};
use crate::text::{LanguageTag, Text};

use super::{AnswerKind, Condition, Question, Questionnaire};

/// A questionnaire whose structure has been validated, with the indexes the assessment checker
/// and the scoring engine use.
///
/// ```
/// use hrdd::questionnaire::Questionnaire;
/// let questionnaire: Questionnaire = serde_json::from_str(r#"{
///   "document": "questionnaire", "id": "mini", "version": "1.0.0", "title": "Mini",
///   "audience": "company",
///   "sections": [{ "id": "policy", "title": "Policy", "pillar": "respect", "principles": [16],
///     "questions": [{ "id": "commitment", "prompt": "Is there a policy commitment?",
///                     "answer": { "kind": "yes_no" } }] }]
/// }"#).unwrap();
/// let checked = questionnaire.check().unwrap();
/// assert_eq!(checked.question_count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedQuestionnaire {
    questionnaire: Questionnaire,
    questions: Vec<QuestionInfo>,
    sections: Vec<SectionInfo>,
    index: HashMap<QuestionId, usize>,
    order: Order,
    labels: Arc<[QuestionLabel]>,
}

/// What a scorecard row says about a question besides its result: its ids, weight, critical
/// flag, principles and action, by question index. Gathered once at check time and shared by
/// every scorecard, so that scoring does not clone ids and texts for each row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionLabel {
    pub(crate) question: QuestionId,
    pub(crate) section: SectionId,
    pub(crate) weight: f64,
    pub(crate) critical: bool,
    pub(crate) principles: PrincipleSet,
    pub(crate) action: Option<Text>,
}

/// Questions and sections sorted by id. Scoring adds numbers up in this order, so that the order
/// of questions in the input cannot change a single bit of the output.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Order {
    /// Question indexes sorted by question id.
    pub(crate) questions: Vec<usize>,
    /// Section indexes sorted by section id.
    pub(crate) sections: Vec<usize>,
    /// For each section, the positions of its questions sorted by question id.
    pub(crate) within_sections: Vec<Vec<usize>>,
}

/// What checking found out about one question; indexes are positions in questionnaire order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionInfo {
    pub(crate) section: usize,
    pub(crate) position: usize,
    pub(crate) principles: PrincipleSet,
    pub(crate) condition: Option<Visibility>,
    pub(crate) scale: Scale,
    /// The scale's worst and best points when they make a range to score on (finite, the best
    /// above the worst); `None` for an unscored question. Worked out once for scoring.
    pub(crate) range: Option<(f64, f64)>,
    /// The question's weight and critical flag, copied here so scoring reads one array.
    pub(crate) weight: f64,
    pub(crate) critical: bool,
}

/// What checking found out about one section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionInfo {
    /// The section's questions, as indexes in questionnaire order.
    pub(crate) questions: Range<usize>,
    /// For a repeated section, the question that lists its items.
    pub(crate) repeat_over: Option<usize>,
}

/// A visibility condition with its questions resolved to indexes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Visibility {
    Yes(usize),
    No(usize),
    MaturityAtLeast(usize, u8),
    Selected(usize, usize),
    NumberAtLeast(usize, f64),
    Answered(usize),
    All(Vec<Visibility>),
    Any(Vec<Visibility>),
    Not(Box<Visibility>),
}

/// How a question's answers map to points: the worst and best points bound the scale, and an
/// answer's score is `(points - worst) / (best - worst)`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scale {
    Unscored,
    YesNo {
        reversed: bool,
    },
    Maturity,
    SingleChoice {
        points: Vec<f64>,
        worst: f64,
        best: f64,
    },
    MultipleChoice {
        points: Vec<f64>,
        worst: f64,
        best: f64,
    },
    Number {
        bands: Vec<(f64, f64)>,
        worst: f64,
        best: f64,
    },
}

impl Scale {
    /// The points of the worst and of the best answer, when they make a range to score on.
    pub(crate) fn range(&self) -> Option<(f64, f64)> {
        self.bounds()
            .filter(|(worst, best)| best > worst && worst.is_finite() && best.is_finite())
    }

    /// The points of the worst and of the best answer, for a scored question.
    pub(crate) fn bounds(&self) -> Option<(f64, f64)> {
        match self {
            Scale::Unscored => None,
            Scale::YesNo { .. } => Some((0.0, 1.0)),
            Scale::Maturity => Some((0.0, 4.0)),
            Scale::SingleChoice { worst, best, .. }
            | Scale::MultipleChoice { worst, best, .. }
            | Scale::Number { worst, best, .. } => Some((*worst, *best)),
        }
    }
}

impl Questionnaire {
    /// Checks the questionnaire's structure and reports every problem with its JSON pointer:
    /// duplicate ids, empty sections, unknown rights, non-finite or non-positive weights, options
    /// without points in a scored question, number bands out of order, visibility conditions that
    /// refer forward, to themselves, to unknown questions or to a question of the wrong kind,
    /// repeats over a question that is not a list, and texts missing the default language.
    ///
    /// ```
    /// use hrdd::questionnaire::Questionnaire;
    /// let questionnaire: Questionnaire = serde_json::from_str(r#"{
    ///   "document": "questionnaire", "id": "mini", "version": "1.0.0", "title": "Mini",
    ///   "audience": "company",
    ///   "sections": [{ "id": "policy", "title": "Policy", "pillar": "respect", "principles": [16],
    ///     "questions": [{ "id": "public", "prompt": "Is it public?", "answer": { "kind": "yes_no" },
    ///                     "visible_if": { "when": "yes", "question": "exists" } },
    ///                   { "id": "exists", "prompt": "Does it exist?", "answer": { "kind": "yes_no" } }] }]
    /// }"#).unwrap();
    /// let problems = questionnaire.validate().unwrap_err();
    /// let first = problems.iter().next().unwrap();
    /// assert_eq!(first.pointer, "/sections/0/questions/0/visible_if/question");
    /// assert!(first.message.contains("later question `exists`"));
    /// ```
    pub fn validate(&self) -> Result<(), Problems> {
        compile(self).map(|_| ())
    }

    /// Validates the questionnaire (see [`Questionnaire::validate`]) and compiles it for checking
    /// and scoring assessments.
    pub fn check(self) -> Result<CheckedQuestionnaire, Problems> {
        let (questions, sections, index) = compile(&self)?;
        let order = order(&self);
        let labels = labels(&self, &questions);
        Ok(CheckedQuestionnaire {
            questionnaire: self,
            questions,
            sections,
            index,
            order,
            labels,
        })
    }
}

impl CheckedQuestionnaire {
    /// The questionnaire.
    pub fn questionnaire(&self) -> &Questionnaire {
        &self.questionnaire
    }

    /// How many questions it has, over all sections.
    pub fn question_count(&self) -> usize {
        self.questions.len()
    }

    /// The question with id `id` and the index of its section.
    pub fn question(&self, id: &str) -> Option<(&Question, usize)> {
        let info = self.questions.get(*self.index.get(id)?)?;
        let question = self
            .questionnaire
            .sections
            .get(info.section)?
            .questions
            .get(info.position)?;
        Some((question, info.section))
    }

    pub(crate) fn infos(&self) -> &[QuestionInfo] {
        &self.questions
    }

    pub(crate) fn section_infos(&self) -> &[SectionInfo] {
        &self.sections
    }

    pub(crate) fn order(&self) -> &Order {
        &self.order
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The labels of the questions, by index in questionnaire order.
    pub(crate) fn labels(&self) -> &Arc<[QuestionLabel]> {
        &self.labels
    }

    /// The question at index `index` in questionnaire order.
    pub(crate) fn question_at(&self, index: usize) -> Option<&Question> {
        let info = self.questions.get(index)?;
        self.questionnaire
            .sections
            .get(info.section)?
            .questions
            .get(info.position)
    }
}

fn labels(questionnaire: &Questionnaire, infos: &[QuestionInfo]) -> Arc<[QuestionLabel]> {
    questionnaire
        .sections
        .iter()
        .flat_map(|section| {
            section
                .questions
                .iter()
                .map(move |question| (section, question))
        })
        .zip(infos)
        .map(|((section, question), info)| QuestionLabel {
            question: question.id.clone(),
            section: section.id.clone(),
            weight: question.weight,
            critical: question.critical,
            principles: info.principles,
            action: question.action.clone(),
        })
        .collect()
}

fn order(questionnaire: &Questionnaire) -> Order {
    let mut questions: Vec<(&QuestionId, usize)> = Vec::new();
    let mut within_sections = Vec::with_capacity(questionnaire.sections.len());
    for section in &questionnaire.sections {
        let mut positions: Vec<usize> = (0..section.questions.len()).collect();
        positions.sort_by(|a, b| {
            let id = |p: &usize| section.questions.get(*p).map(|q| &q.id);
            id(a).cmp(&id(b))
        });
        within_sections.push(positions);
        for question in &section.questions {
            questions.push((&question.id, questions.len()));
        }
    }
    questions.sort();
    let mut sections: Vec<usize> = (0..questionnaire.sections.len()).collect();
    sections.sort_by(|a, b| {
        let id = |s: &usize| questionnaire.sections.get(*s).map(|s| &s.id);
        id(a).cmp(&id(b))
    });
    Order {
        questions: questions.into_iter().map(|(_, index)| index).collect(),
        sections,
        within_sections,
    }
}

type Compiled = (
    Vec<QuestionInfo>,
    Vec<SectionInfo>,
    HashMap<QuestionId, usize>,
);

fn compile(questionnaire: &Questionnaire) -> Result<Compiled, Problems> {
    let mut problems = Problems::new();
    let default = &questionnaire.default_language;
    if !questionnaire.languages.contains(default) {
        problems.push(
            Stage::Semantic,
            "/languages",
            format!("the default language `{default}` is not among the languages"),
        );
    }
    check_text(&mut problems, "/title", &questionnaire.title, default);
    if let Some(description) = &questionnaire.description {
        check_text(&mut problems, "/description", description, default);
    }
    if questionnaire.sections.is_empty() {
        problems.push(
            Stage::Semantic,
            "/sections",
            "a questionnaire needs at least one section",
        );
    }

    // First pass: ids, so that conditions and repeats can say whether a reference is unknown,
    // later, or in another section.
    let mut index: HashMap<QuestionId, usize> = HashMap::new();
    let mut section_ids = HashMap::new();
    let mut questions = Vec::new();
    let mut sections = Vec::new();
    for (s, section) in questionnaire.sections.iter().enumerate() {
        if section_ids.insert(section.id.clone(), s).is_some() {
            problems.push(
                Stage::Semantic,
                format!("/sections/{s}/id"),
                format!("duplicate section id `{}`", section.id),
            );
        }
        let start = questions.len();
        for (q, question) in section.questions.iter().enumerate() {
            if index.contains_key(&question.id) {
                problems.push(
                    Stage::Semantic,
                    format!("/sections/{s}/questions/{q}/id"),
                    format!("duplicate question id `{}`", question.id),
                );
            } else {
                index.insert(question.id.clone(), questions.len());
            }
            let principles = if question.principles.is_empty() {
                section.principles.iter().collect()
            } else {
                question.principles.iter().collect()
            };
            questions.push(QuestionInfo {
                section: s,
                position: q,
                principles,
                condition: None,
                scale: Scale::Unscored,
                range: None,
                weight: question.weight,
                critical: question.critical,
            });
        }
        sections.push(SectionInfo {
            questions: start..questions.len(),
            repeat_over: None,
        });
    }

    // Second pass: everything else.
    let mut flat = 0;
    for (s, section) in questionnaire.sections.iter().enumerate() {
        let at = format!("/sections/{s}");
        check_text(
            &mut problems,
            &format!("{at}/title"),
            &section.title,
            default,
        );
        if let Some(description) = &section.description {
            check_text(
                &mut problems,
                &format!("{at}/description"),
                description,
                default,
            );
        }
        check_weight(&mut problems, &format!("{at}/weight"), section.weight);
        if section.principles.is_empty() {
            problems.push(
                Stage::Semantic,
                format!("{at}/principles"),
                "a section must serve at least one principle",
            );
        }
        if section.questions.is_empty() {
            problems.push(
                Stage::Semantic,
                format!("{at}/questions"),
                "a section needs at least one question",
            );
        }
        let this_section = sections
            .get(s)
            .map(|info| info.questions.clone())
            .unwrap_or_default();
        if let Some(repeat) = &section.repeat {
            let pointer = format!("{at}/repeat/over");
            match index.get(&repeat.over) {
                None => problems.push(
                    Stage::Semantic,
                    pointer,
                    format!("unknown question `{}`", repeat.over),
                ),
                Some(&source) if source >= this_section.start => problems.push(
                    Stage::Semantic,
                    pointer,
                    format!(
                        "repeats over `{}`, which is not asked before this section",
                        repeat.over
                    ),
                ),
                Some(&source) => {
                    let source_question = question_at(questionnaire, &questions, source);
                    let is_list = matches!(
                        source_question.map(|q| &q.answer),
                        Some(AnswerKind::List { .. } | AnswerKind::MultipleChoice { .. })
                    );
                    let source_repeated = questions
                        .get(source)
                        .and_then(|info| questionnaire.sections.get(info.section))
                        .is_some_and(|sec| sec.repeat.is_some());
                    if !is_list {
                        problems.push(
                            Stage::Semantic,
                            pointer,
                            format!("repeats over `{}`, which is not a list or multiple-choice question", repeat.over),
                        );
                    } else if source_repeated {
                        problems.push(
                            Stage::Semantic,
                            pointer,
                            format!(
                                "repeats over `{}`, which is itself in a repeated section",
                                repeat.over
                            ),
                        );
                    } else if let Some(info) = sections.get_mut(s) {
                        info.repeat_over = Some(source);
                    }
                }
            }
        }
        for (q, question) in section.questions.iter().enumerate() {
            let at = format!("{at}/questions/{q}");
            check_text(
                &mut problems,
                &format!("{at}/prompt"),
                &question.prompt,
                default,
            );
            for (name, text) in [
                ("help", &question.help),
                ("evidence", &question.evidence),
                ("action", &question.action),
            ] {
                if let Some(text) = text {
                    check_text(&mut problems, &format!("{at}/{name}"), text, default);
                }
            }
            check_weight(&mut problems, &format!("{at}/weight"), question.weight);
            for (r, right) in question.rights.iter().enumerate() {
                if catalog::right(right.as_str()).is_none() {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/rights/{r}"),
                        format!("unknown right `{right}`"),
                    );
                }
            }
            let scale = compile_scale(&mut problems, &format!("{at}/answer"), question, default);
            let condition = question.visible_if.as_ref().and_then(|condition| {
                let scope = Scope {
                    questionnaire,
                    questions: &questions,
                    index: &index,
                    this: flat,
                    this_id: &question.id,
                    this_section: this_section.clone(),
                    repeated: section.repeat.is_some(),
                };
                compile_condition(
                    &mut problems,
                    &format!("{at}/visible_if"),
                    condition,
                    &scope,
                )
            });
            if let Some(info) = questions.get_mut(flat) {
                info.range = scale.range();
                info.scale = scale;
                info.condition = condition;
            }
            flat += 1;
        }
    }
    problems.into_result((questions, sections, index))
}

fn question_at<'q>(
    questionnaire: &'q Questionnaire,
    infos: &[QuestionInfo],
    index: usize,
) -> Option<&'q Question> {
    let info = infos.get(index)?;
    questionnaire
        .sections
        .get(info.section)?
        .questions
        .get(info.position)
}

fn check_weight(problems: &mut Problems, pointer: &str, weight: f64) {
    if !weight.is_finite() || weight <= 0.0 {
        problems.push(
            Stage::Semantic,
            pointer,
            format!("`{weight}` is not a valid weight: weights must be finite and positive"),
        );
    }
}

fn check_text(problems: &mut Problems, pointer: &str, text: &Text, default: &LanguageTag) {
    if text.is_blank() {
        problems.push(Stage::Semantic, pointer, "text cannot be blank");
    } else if !text.has(default) {
        problems.push(
            Stage::Semantic,
            pointer,
            format!("text has no version in the default language `{default}`"),
        );
    }
}

fn check_points(problems: &mut Problems, pointer: &str, points: f64) {
    if !points.is_finite() {
        problems.push(
            Stage::Semantic,
            pointer,
            format!("`{points}` is not a finite number of points"),
        );
    }
}

fn compile_scale(
    problems: &mut Problems,
    at: &str,
    question: &Question,
    default: &LanguageTag,
) -> Scale {
    let scored = question.scored;
    match &question.answer {
        AnswerKind::YesNo { reversed } if scored => Scale::YesNo {
            reversed: *reversed,
        },
        AnswerKind::Maturity { labels } => {
            for (n, label) in labels.iter().flatten().enumerate() {
                check_text(problems, &format!("{at}/labels/{n}"), label, default);
            }
            if scored {
                Scale::Maturity
            } else {
                Scale::Unscored
            }
        }
        AnswerKind::SingleChoice { options } | AnswerKind::MultipleChoice { options, .. } => {
            let single = matches!(question.answer, AnswerKind::SingleChoice { .. });
            let fewest = if single { 2 } else { 1 };
            if options.len() < fewest {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/options"),
                    format!("a choice question needs at least {fewest} options"),
                );
            }
            let mut points = Vec::with_capacity(options.len());
            for (o, option) in options.iter().enumerate() {
                check_text(
                    problems,
                    &format!("{at}/options/{o}/label"),
                    &option.label,
                    default,
                );
                if options.iter().take(o).any(|other| other.id == option.id) {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/options/{o}/id"),
                        format!("duplicate option id `{}`", option.id),
                    );
                }
                match option.points {
                    Some(p) => {
                        check_points(problems, &format!("{at}/options/{o}/points"), p);
                        points.push(p);
                    }
                    None if scored => problems.push(
                        Stage::Semantic,
                        format!("{at}/options/{o}"),
                        format!(
                            "option `{}` has no points, but the question is scored",
                            option.id
                        ),
                    ),
                    None => points.push(0.0),
                }
            }
            if !scored {
                return Scale::Unscored;
            }
            let (worst, best) = if single {
                (
                    points.iter().copied().fold(f64::INFINITY, f64::min),
                    points.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                )
            } else {
                let negative: f64 = points.iter().filter(|p| **p < 0.0).sum();
                let positive: f64 = points.iter().filter(|p| **p > 0.0).sum();
                let best = match &question.answer {
                    AnswerKind::MultipleChoice {
                        max_points: Some(max),
                        ..
                    } => {
                        if !max.is_finite() || *max <= 0.0 {
                            problems.push(
                                Stage::Semantic,
                                format!("{at}/max_points"),
                                format!(
                                    "`{max}` is not a valid maximum: it must be finite and positive"
                                ),
                            );
                        }
                        *max
                    }
                    _ => positive,
                };
                (negative, best)
            };
            if points.len() == options.len()
                && options.len() >= fewest
                && best.partial_cmp(&worst) != Some(std::cmp::Ordering::Greater)
            {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/options"),
                    "the best answer must be worth more points than the worst",
                );
            }
            if single {
                Scale::SingleChoice {
                    points,
                    worst,
                    best,
                }
            } else {
                Scale::MultipleChoice {
                    points,
                    worst,
                    best,
                }
            }
        }
        AnswerKind::Number {
            min,
            max,
            bands,
            unit,
        } => {
            if let Some(unit) = unit {
                check_text(problems, &format!("{at}/unit"), unit, default);
            }
            if !min.is_finite() || !max.is_finite() || min >= max {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/max"),
                    format!("the range `{min}` to `{max}` is empty or not finite"),
                );
            }
            let mut previous: Option<f64> = None;
            for (b, band) in bands.iter().enumerate() {
                check_points(problems, &format!("{at}/bands/{b}/points"), band.points);
                if let Some(label) = &band.label {
                    check_text(problems, &format!("{at}/bands/{b}/label"), label, default);
                }
                let pointer = format!("{at}/bands/{b}/from");
                if !band.from.is_finite() {
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("`{}` is not a finite number", band.from),
                    );
                } else if b == 0 && band.from > *min {
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("the first band must start at or below the minimum `{min}`"),
                    );
                } else if b > 0 && band.from > *max {
                    // A band above the range can never be reached by a valid answer.
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!(
                            "band from `{}` lies outside the range `{min}` to `{max}`",
                            band.from
                        ),
                    );
                } else if previous.is_some_and(|p| band.from <= p) {
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        "bands must be in strictly ascending order of `from`",
                    );
                }
                previous = Some(band.from);
            }
            if !scored {
                return Scale::Unscored;
            }
            if bands.is_empty() {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/bands"),
                    "a scored number question needs bands",
                );
                return Scale::Unscored;
            }
            let worst = bands.iter().map(|b| b.points).fold(f64::INFINITY, f64::min);
            let best = bands
                .iter()
                .map(|b| b.points)
                .fold(f64::NEG_INFINITY, f64::max);
            if best.partial_cmp(&worst) != Some(std::cmp::Ordering::Greater) {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/bands"),
                    "the best band must be worth more points than the worst",
                );
            }
            Scale::Number {
                bands: bands.iter().map(|b| (b.from, b.points)).collect(),
                worst,
                best,
            }
        }
        AnswerKind::YesNo { .. } | AnswerKind::Text | AnswerKind::List { .. } => Scale::Unscored,
    }
}

/// Where a condition is written: conditions may refer only to earlier questions, and a question
/// of a repeated section may refer to its own section or to sections that are asked once.
struct Scope<'a> {
    questionnaire: &'a Questionnaire,
    questions: &'a [QuestionInfo],
    index: &'a HashMap<QuestionId, usize>,
    this: usize,
    this_id: &'a QuestionId,
    this_section: Range<usize>,
    repeated: bool,
}

impl Scope<'_> {
    /// Resolves a question a condition refers to, reporting why it cannot be used.
    fn resolve(
        &self,
        problems: &mut Problems,
        pointer: String,
        id: &QuestionId,
    ) -> Option<(usize, &Question)> {
        let Some(&target) = self.index.get(id) else {
            problems.push(Stage::Semantic, pointer, format!("unknown question `{id}`"));
            return None;
        };
        if target == self.this {
            problems.push(
                Stage::Semantic,
                pointer,
                format!("`{id}` cannot depend on itself"),
            );
            return None;
        }
        if target > self.this {
            problems.push(
                Stage::Semantic,
                pointer,
                format!("refers to the later question `{id}`: conditions may only refer to earlier questions"),
            );
            return None;
        }
        let target_repeated = self
            .questions
            .get(target)
            .and_then(|info| self.questionnaire.sections.get(info.section))
            .is_some_and(|section| section.repeat.is_some());
        if target_repeated && !self.this_section.contains(&target) {
            let whose = if self.repeated { "another" } else { "a" };
            problems.push(
                Stage::Semantic,
                pointer,
                format!("`{id}` is in {whose} repeated section; `{}` can only depend on questions asked once or in its own section", self.this_id),
            );
            return None;
        }
        let question = question_at(self.questionnaire, self.questions, target)?;
        Some((target, question))
    }
}

fn compile_condition(
    problems: &mut Problems,
    at: &str,
    condition: &Condition,
    scope: &Scope<'_>,
) -> Option<Visibility> {
    let question_at = || format!("{at}/question");
    let wrong_kind = |problems: &mut Problems, id: &QuestionId, expected: &str| {
        problems.push(
            Stage::Semantic,
            format!("{at}/question"),
            format!("`{id}` is not a {expected} question"),
        );
    };
    match condition {
        Condition::Yes { question } | Condition::No { question } => {
            let (target, q) = scope.resolve(problems, question_at(), question)?;
            if !matches!(q.answer, AnswerKind::YesNo { .. }) {
                wrong_kind(problems, question, "yes/no");
                return None;
            }
            Some(if matches!(condition, Condition::Yes { .. }) {
                Visibility::Yes(target)
            } else {
                Visibility::No(target)
            })
        }
        Condition::MaturityAtLeast { question, level } => {
            let resolved = scope.resolve(problems, question_at(), question);
            if *level > 4 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/level"),
                    format!("`{level}` is not a maturity level from 0 to 4"),
                );
                return None;
            }
            let (target, q) = resolved?;
            if !matches!(q.answer, AnswerKind::Maturity { .. }) {
                wrong_kind(problems, question, "maturity");
                return None;
            }
            Some(Visibility::MaturityAtLeast(target, *level))
        }
        Condition::Selected { question, option } => {
            let (target, q) = scope.resolve(problems, question_at(), question)?;
            let options = match &q.answer {
                AnswerKind::SingleChoice { options }
                | AnswerKind::MultipleChoice { options, .. } => options,
                _ => {
                    wrong_kind(problems, question, "choice");
                    return None;
                }
            };
            let Some(position) = options.iter().position(|o| &o.id == option) else {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/option"),
                    format!("`{question}` has no option `{option}`"),
                );
                return None;
            };
            Some(Visibility::Selected(target, position))
        }
        Condition::NumberAtLeast { question, value } => {
            let resolved = scope.resolve(problems, question_at(), question);
            if !value.is_finite() {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/value"),
                    format!("`{value}` is not a finite number"),
                );
                return None;
            }
            let (target, q) = resolved?;
            if !matches!(q.answer, AnswerKind::Number { .. }) {
                wrong_kind(problems, question, "number");
                return None;
            }
            Some(Visibility::NumberAtLeast(target, *value))
        }
        Condition::Answered { question } => {
            let (target, _) = scope.resolve(problems, question_at(), question)?;
            Some(Visibility::Answered(target))
        }
        Condition::All { conditions } | Condition::Any { conditions } => {
            if conditions.is_empty() {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/conditions"),
                    "a combined condition needs at least one condition",
                );
            }
            let mut compiled = Vec::with_capacity(conditions.len());
            let mut ok = true;
            for (n, inner) in conditions.iter().enumerate() {
                match compile_condition(problems, &format!("{at}/conditions/{n}"), inner, scope) {
                    Some(c) => compiled.push(c),
                    None => ok = false,
                }
            }
            if !ok || compiled.is_empty() {
                return None;
            }
            Some(if matches!(condition, Condition::All { .. }) {
                Visibility::All(compiled)
            } else {
                Visibility::Any(compiled)
            })
        }
        Condition::Not { condition } => {
            compile_condition(problems, &format!("{at}/condition"), condition, scope)
                .map(|c| Visibility::Not(Box::new(c)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A questionnaire with one section whose questions are `questions` (JSON array items).
    fn with_questions(questions: &str) -> Questionnaire {
        let text = format!(
            r#"{{ "document": "questionnaire", "id": "t", "version": "1.0.0", "title": "T", "audience": "any",
                 "sections": [{{ "id": "s", "title": "S", "pillar": "respect", "principles": [17],
                                 "questions": [{questions}] }}] }}"#
        );
        serde_json::from_str(&text).unwrap()
    }

    fn problems(questionnaire: &Questionnaire) -> Vec<(String, String)> {
        match questionnaire.validate() {
            Ok(()) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|p| (p.pointer, p.message))
                .collect(),
        }
    }

    fn assert_problem(questions: &str, pointer: &str, fragment: &str) {
        let found = problems(&with_questions(questions));
        assert!(
            found
                .iter()
                .any(|(p, m)| p == pointer && m.contains(fragment)),
            "expected `{pointer}: …{fragment}…` in {found:?}"
        );
    }

    const YES_NO: &str = r#"{ "id": "a", "prompt": "A?", "answer": { "kind": "yes_no" } }"#;

    #[test]
    fn a_valid_questionnaire_has_no_problems() {
        assert!(problems(&with_questions(YES_NO)).is_empty());
    }

    #[test]
    fn duplicate_question_ids() {
        assert_problem(
            &format!("{YES_NO}, {YES_NO}"),
            "/sections/0/questions/1/id",
            "duplicate question id `a`",
        );
    }

    #[test]
    fn conditions_must_refer_to_earlier_questions_of_the_right_kind() {
        let forward = r#"{ "id": "b", "prompt": "B?", "answer": { "kind": "yes_no" }, "visible_if": { "when": "yes", "question": "a" } }"#;
        assert_problem(
            &format!("{forward}, {YES_NO}"),
            "/sections/0/questions/0/visible_if/question",
            "later question `a`",
        );
        let own = r#"{ "id": "b", "prompt": "B?", "answer": { "kind": "yes_no" }, "visible_if": { "when": "no", "question": "b" } }"#;
        assert_problem(
            own,
            "/sections/0/questions/0/visible_if/question",
            "`b` cannot depend on itself",
        );
        let unknown = r#"{ "id": "b", "prompt": "B?", "answer": { "kind": "yes_no" }, "visible_if": { "when": "answered", "question": "zz" } }"#;
        assert_problem(
            unknown,
            "/sections/0/questions/0/visible_if/question",
            "unknown question `zz`",
        );
        let nested = r#"{ "id": "b", "prompt": "B?", "answer": { "kind": "yes_no" },
            "visible_if": { "when": "all", "conditions": [ { "when": "maturity_at_least", "question": "a", "level": 2 } ] } }"#;
        assert_problem(
            &format!("{YES_NO}, {nested}"),
            "/sections/0/questions/1/visible_if/conditions/0/question",
            "`a` is not a maturity question",
        );
    }

    #[test]
    fn scored_choices_need_points_and_a_best_answer() {
        let no_points = r#"{ "id": "c", "prompt": "C?", "answer": { "kind": "single_choice", "options": [
            { "id": "x", "label": "X", "points": 1 }, { "id": "y", "label": "Y" } ] } }"#;
        assert_problem(
            no_points,
            "/sections/0/questions/0/answer/options/1",
            "option `y` has no points",
        );
        let flat = r#"{ "id": "c", "prompt": "C?", "answer": { "kind": "single_choice", "options": [
            { "id": "x", "label": "X", "points": 1 }, { "id": "x", "label": "Y", "points": 1 } ] } }"#;
        assert_problem(
            flat,
            "/sections/0/questions/0/answer/options/1/id",
            "duplicate option id `x`",
        );
        assert_problem(
            flat,
            "/sections/0/questions/0/answer/options",
            "best answer must be worth more",
        );
        let unscored = r#"{ "id": "c", "prompt": "C?", "scored": false, "answer": { "kind": "single_choice", "options": [
            { "id": "x", "label": "X" }, { "id": "y", "label": "Y" } ] } }"#;
        assert!(problems(&with_questions(unscored)).is_empty());
    }

    #[test]
    fn weights_must_be_finite_and_positive() {
        let zero = r#"{ "id": "a", "prompt": "A?", "answer": { "kind": "yes_no" }, "weight": 0 }"#;
        assert_problem(
            zero,
            "/sections/0/questions/0/weight",
            "`0` is not a valid weight",
        );
        let negative =
            r#"{ "id": "a", "prompt": "A?", "answer": { "kind": "yes_no" }, "weight": -2.5 }"#;
        assert_problem(
            negative,
            "/sections/0/questions/0/weight",
            "`-2.5` is not a valid weight",
        );
    }

    #[test]
    fn number_bands_ascend_from_the_minimum() {
        let bands = r#"{ "id": "n", "prompt": "N?", "answer": { "kind": "number", "min": 0, "max": 10,
            "bands": [ { "from": 1, "points": 0 }, { "from": 1, "points": 1 } ] } }"#;
        assert_problem(
            bands,
            "/sections/0/questions/0/answer/bands/0/from",
            "start at or below the minimum `0`",
        );
        assert_problem(
            bands,
            "/sections/0/questions/0/answer/bands/1/from",
            "strictly ascending",
        );
    }

    #[test]
    fn unknown_rights_are_reported() {
        let rights = r#"{ "id": "a", "prompt": "A?", "answer": { "kind": "yes_no" }, "rights": ["privacy", "teleportation"] }"#;
        let found = problems(&with_questions(rights));
        assert_eq!(
            found,
            vec![(
                "/sections/0/questions/0/rights/1".to_owned(),
                "unknown right `teleportation`".to_owned()
            )]
        );
    }

    #[test]
    fn repeats_must_be_over_an_earlier_list() {
        let text = r#"{ "document": "questionnaire", "id": "t", "version": "1.0.0", "title": "T", "audience": "any",
          "sections": [
            { "id": "s", "title": "S", "pillar": "respect", "principles": [17],
              "questions": [{ "id": "a", "prompt": "A?", "answer": { "kind": "yes_no" } }] },
            { "id": "r", "title": "R", "pillar": "respect", "principles": [17], "repeat": { "over": "a" },
              "questions": [{ "id": "b", "prompt": "B?", "answer": { "kind": "yes_no" } }] } ] }"#;
        let questionnaire: Questionnaire = serde_json::from_str(text).unwrap();
        let found = problems(&questionnaire);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/sections/1/repeat/over");
        assert!(
            found[0]
                .1
                .contains("`a`, which is not a list or multiple-choice question")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let many = r#"{ "id": "a", "prompt": " ", "answer": { "kind": "yes_no" }, "weight": 0,
                        "visible_if": { "when": "yes", "question": "nope" } }"#;
        assert_eq!(problems(&with_questions(many)).len(), 3);
    }
}
