//! Validation of an assessment against its questionnaire.
//!
//! Checking resolves every response to its question's index and works out the points it earns,
//! so that scoring is a pass over arrays.

use std::collections::BTreeSet;

use crate::error::{Problems, Stage, push_token};
use crate::id::ItemId;
use crate::questionnaire::check::Scale;
use crate::questionnaire::{AnswerKind, CheckedQuestionnaire, Question};
use crate::scoring::evaluate::Evaluation;

use super::{Answer, Assessment, Response};

/// An assessment that has been validated against its questionnaire, ready to be scored.
///
/// Checking also works out what scoring needs before any profile applies (which questions are
/// shown, what each answer earns), so that scoring it, with one profile or many, does not.
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::questionnaire::Questionnaire;
/// let questionnaire: Questionnaire = serde_json::from_str(r#"{
///   "document": "questionnaire", "id": "mini", "version": "1.0.0", "title": "Mini",
///   "audience": "company",
///   "sections": [{ "id": "policy", "title": "Policy", "pillar": "respect", "principles": [16],
///     "questions": [{ "id": "commitment", "prompt": "Is there a policy commitment?",
///                     "answer": { "kind": "maturity" } }] }]
/// }"#).unwrap();
/// let questionnaire = questionnaire.check().unwrap();
/// let assessment: Assessment = serde_json::from_str(r#"{
///   "document": "assessment", "questionnaire": { "id": "mini", "version": "1.0.0" },
///   "subject": { "kind": "organisation", "name": "Example Ltd" },
///   "responses": { "commitment": { "status": "answered", "answer": { "kind": "maturity", "level": 7 } } }
/// }"#).unwrap();
/// let problems = assessment.check(&questionnaire).unwrap_err();
/// let problem = problems.iter().next().unwrap();
/// assert_eq!(problem.pointer, "/responses/commitment/answer/level");
/// ```
#[derive(Debug, Clone)]
pub struct CheckedAssessment<'a> {
    questionnaire: &'a CheckedQuestionnaire,
    assessment: &'a Assessment,
    /// Responses to questions of sections asked once, by question index.
    given: Vec<Option<Given>>,
    /// For each section, its instances (empty for sections asked once).
    instances: Vec<Vec<Instance>>,
    /// What scoring works out of the responses before a profile aggregates them, worked out
    /// once here for every scoring of the assessment.
    evaluation: Evaluation,
}

/// One instance of a repeated section.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub(crate) item: ItemId,
    /// Responses by position of the question in its section.
    pub(crate) given: Vec<Option<Given>>,
}

/// A response, reduced to what visibility and scoring need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Given {
    NotApplicable,
    Unknown,
    Answered {
        value: Value,
        points: f64,
        evidenced: bool,
    },
}

/// The part of an answer visibility conditions look at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    YesNo(bool),
    Maturity(u8),
    /// The positions of the chosen options.
    Choice(Vec<usize>),
    Number(f64),
    Other,
}

impl Assessment {
    /// Validates the assessment against `questionnaire` and reports every problem with its JSON
    /// pointer into the assessment: a different questionnaire id or version, unknown questions,
    /// answers of the wrong kind or out of range, "not applicable" where the question does not
    /// allow it, and answers to repeated sections keyed by items the list does not hold.
    pub fn check<'a>(
        &'a self,
        questionnaire: &'a CheckedQuestionnaire,
    ) -> Result<CheckedAssessment<'a>, Problems> {
        let mut problems = Problems::new();
        let q = questionnaire.questionnaire();
        if self.questionnaire.id != q.id {
            problems.push(
                Stage::Semantic,
                "/questionnaire/id",
                format!(
                    "the assessment answers `{}`, not `{}`",
                    self.questionnaire.id, q.id
                ),
            );
        } else if self.questionnaire.version != q.version {
            problems.push(
                Stage::Semantic,
                "/questionnaire/version",
                format!(
                    "the assessment answers version `{}` of `{}`, but the questionnaire is version `{}`",
                    self.questionnaire.version, q.id, q.version
                ),
            );
        }
        if !problems.is_empty() {
            // Answers to another questionnaire would only produce noise.
            return Err(problems);
        }

        let infos = questionnaire.infos();
        let mut given = vec![None; infos.len()];
        for (id, response) in &self.responses {
            let at = key_pointer("/responses", id.as_str());
            let Some(index) = questionnaire.index_of(id.as_str()) else {
                problems.push(Stage::Semantic, at, format!("unknown question `{id}`"));
                continue;
            };
            let section = infos.get(index).and_then(|i| q.sections.get(i.section));
            if let Some(section) = section.filter(|s| s.repeat.is_some()) {
                problems.push(
                    Stage::Semantic,
                    at,
                    format!("`{id}` is in the repeated section `{}`: answer it under `/repeats/{}/<item>`", section.id, section.id),
                );
                continue;
            }
            let (Some(question), Some(info)) = (questionnaire.question_at(index), infos.get(index))
            else {
                continue;
            };
            if let Some(slot) = given.get_mut(index) {
                *slot = resolve(&mut problems, &at, question, &info.scale, response);
            }
        }

        let sections = questionnaire.section_infos();
        let mut instances: Vec<Vec<Instance>> = vec![Vec::new(); sections.len()];
        // The items each repeated section is asked for, worked out once for both uses below.
        let listed: Vec<BTreeSet<ItemId>> = sections
            .iter()
            .map(|info| {
                info.repeat_over
                    .map(|source| listed_items(questionnaire, source, self))
                    .unwrap_or_default()
            })
            .collect();
        let no_items = BTreeSet::new();
        for (section_id, items) in &self.repeats {
            let at = key_pointer("/repeats", section_id.as_str());
            let Some(s) = q.sections.iter().position(|s| &s.id == section_id) else {
                problems.push(
                    Stage::Semantic,
                    at,
                    format!("unknown section `{section_id}`"),
                );
                continue;
            };
            let (Some(section), Some(info)) = (q.sections.get(s), sections.get(s)) else {
                continue;
            };
            let Some(source) = info.repeat_over else {
                if section.repeat.is_none() {
                    problems.push(Stage::Semantic, at, format!("`{section_id}` is not a repeated section: answer its questions under `/responses`"));
                }
                continue;
            };
            let listed = listed.get(s).unwrap_or(&no_items);
            for (item, responses) in items {
                let item_at = key_pointer(&at, item.as_str());
                if !listed.contains(item) {
                    let over = questionnaire
                        .question_at(source)
                        .map(|q| q.id.to_string())
                        .unwrap_or_default();
                    problems.push(
                        Stage::Semantic,
                        item_at,
                        format!("unknown item `{item}`: the answer to `{over}` does not list it"),
                    );
                    continue;
                }
                let mut instance = Instance {
                    item: item.clone(),
                    given: vec![None; section.questions.len()],
                };
                for (id, response) in responses {
                    let at = key_pointer(&item_at, id.as_str());
                    let Some(position) = section
                        .questions
                        .iter()
                        .position(|question| &question.id == id)
                    else {
                        let message = if questionnaire.index_of(id.as_str()).is_some() {
                            format!(
                                "`{id}` is not a question of the repeated section `{section_id}`"
                            )
                        } else {
                            format!("unknown question `{id}`")
                        };
                        problems.push(Stage::Semantic, at, message);
                        continue;
                    };
                    let index = info.questions.start + position;
                    let (Some(question), Some(question_info)) =
                        (section.questions.get(position), infos.get(index))
                    else {
                        continue;
                    };
                    if let Some(slot) = instance.given.get_mut(position) {
                        *slot =
                            resolve(&mut problems, &at, question, &question_info.scale, response);
                    }
                }
                if let Some(list) = instances.get_mut(s) {
                    list.push(instance);
                }
            }
        }
        // Items the list names but the assessment has no answers for are instances too: their
        // questions are unanswered, and that must show in the scores.
        for (s, info) in sections.iter().enumerate() {
            if info.repeat_over.is_none() {
                continue;
            }
            let size = q
                .sections
                .get(s)
                .map_or(0, |section| section.questions.len());
            if let Some(list) = instances.get_mut(s) {
                for item in listed.get(s).into_iter().flatten().cloned() {
                    if !list.iter().any(|instance| instance.item == item) {
                        list.push(Instance {
                            item,
                            given: vec![None; size],
                        });
                    }
                }
                list.sort_by(|a, b| a.item.cmp(&b.item));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let evaluation = Evaluation::of(questionnaire, &given, &instances);
        Ok(CheckedAssessment {
            questionnaire,
            assessment: self,
            given,
            instances,
            evaluation,
        })
    }
}

impl<'a> CheckedAssessment<'a> {
    /// The questionnaire it answers.
    pub fn questionnaire(&self) -> &'a CheckedQuestionnaire {
        self.questionnaire
    }

    /// The assessment.
    pub fn assessment(&self) -> &'a Assessment {
        self.assessment
    }

    pub(crate) fn given(&self) -> &[Option<Given>] {
        &self.given
    }

    pub(crate) fn instances(&self) -> &[Vec<Instance>] {
        &self.instances
    }

    pub(crate) fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }
}

/// The pointer of a map entry.
fn key_pointer(base: &str, key: &str) -> String {
    let mut pointer = base.to_owned();
    push_token(&mut pointer, key);
    pointer
}

/// The items the answer to a repeat's source question lists, whether or not the source is visible
/// or its answer has problems of its own (those are reported where they are).
fn listed_items(
    questionnaire: &CheckedQuestionnaire,
    source: usize,
    assessment: &Assessment,
) -> BTreeSet<ItemId> {
    let Some(question) = questionnaire.question_at(source) else {
        return BTreeSet::new();
    };
    match assessment.responses.get(&question.id) {
        Some(Response::Answered {
            answer: Answer::List { items },
            ..
        }) => items.iter().cloned().collect(),
        Some(Response::Answered {
            answer: Answer::MultipleChoice { options },
            ..
        }) => options
            .iter()
            .filter_map(|option| ItemId::new(option.as_str()).ok())
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// The answer kind's name as a person would say it.
fn kind_name(kind: &AnswerKind) -> &'static str {
    match kind {
        AnswerKind::YesNo { .. } => "a yes/no",
        AnswerKind::Maturity { .. } => "a maturity",
        AnswerKind::SingleChoice { .. } => "a single-choice",
        AnswerKind::MultipleChoice { .. } => "a multiple-choice",
        AnswerKind::Number { .. } => "a number",
        AnswerKind::Text => "a text",
        AnswerKind::List { .. } => "a list",
    }
}

fn answer_name(answer: &Answer) -> &'static str {
    match answer {
        Answer::YesNo { .. } => "a yes/no",
        Answer::Maturity { .. } => "a maturity",
        Answer::SingleChoice { .. } => "a single-choice",
        Answer::MultipleChoice { .. } => "a multiple-choice",
        Answer::Number { .. } => "a number",
        Answer::Text { .. } => "a text",
        Answer::List { .. } => "a list",
    }
}

/// Checks one response against its question and works out its points.
fn resolve(
    problems: &mut Problems,
    at: &str,
    question: &Question,
    scale: &Scale,
    response: &Response,
) -> Option<Given> {
    let (answer, evidence) = match response {
        Response::NotApplicable { reason, .. } => {
            if !question.allow_not_applicable {
                problems.push(
                    Stage::Semantic,
                    key_pointer(at, "status"),
                    format!("not applicable is not allowed for `{}`", question.id),
                );
                return None;
            }
            if reason.trim().is_empty() {
                problems.push(
                    Stage::Semantic,
                    key_pointer(at, "reason"),
                    "say why the question does not apply",
                );
            }
            return Some(Given::NotApplicable);
        }
        Response::Unknown { .. } => return Some(Given::Unknown),
        Response::Answered {
            answer, evidence, ..
        } => (answer, evidence),
    };
    let answer_at = key_pointer(at, "answer");
    let count = problems.len();
    let value = match (&question.answer, answer) {
        (AnswerKind::YesNo { .. }, Answer::YesNo { value }) => Value::YesNo(*value),
        (AnswerKind::Maturity { .. }, Answer::Maturity { level }) => {
            if *level > 4 {
                problems.push(
                    Stage::Semantic,
                    key_pointer(&answer_at, "level"),
                    format!("`{level}` is not a maturity level from 0 to 4"),
                );
            }
            Value::Maturity(*level)
        }
        (AnswerKind::SingleChoice { options }, Answer::SingleChoice { option }) => {
            match options.iter().position(|o| &o.id == option) {
                Some(position) => Value::Choice(vec![position]),
                None => {
                    problems.push(
                        Stage::Semantic,
                        key_pointer(&answer_at, "option"),
                        unknown_option(question, option.as_str()),
                    );
                    Value::Other
                }
            }
        }
        (
            AnswerKind::MultipleChoice {
                options: choices, ..
            },
            Answer::MultipleChoice { options },
        ) => {
            let mut positions = Vec::with_capacity(options.len());
            for (n, option) in options.iter().enumerate() {
                let option_at = key_pointer(&key_pointer(&answer_at, "options"), &n.to_string());
                match choices.iter().position(|o| &o.id == option) {
                    Some(position) if positions.contains(&position) => {
                        problems.push(
                            Stage::Semantic,
                            option_at,
                            format!("option `{option}` is chosen twice"),
                        );
                    }
                    Some(position) => positions.push(position),
                    None => problems.push(
                        Stage::Semantic,
                        option_at,
                        unknown_option(question, option.as_str()),
                    ),
                }
            }
            positions.sort_unstable();
            Value::Choice(positions)
        }
        (AnswerKind::Number { min, max, .. }, Answer::Number { value }) => {
            if !value.is_finite() || value < min || value > max {
                problems.push(
                    Stage::Semantic,
                    key_pointer(&answer_at, "value"),
                    format!("`{value}` is outside the allowed range `{min}` to `{max}`"),
                );
            }
            Value::Number(*value)
        }
        (AnswerKind::Text, Answer::Text { .. }) => Value::Other,
        (AnswerKind::List { max_items }, Answer::List { items }) => {
            let mut seen = BTreeSet::new();
            for (n, item) in items.iter().enumerate() {
                if !seen.insert(item) {
                    problems.push(
                        Stage::Semantic,
                        key_pointer(&key_pointer(&answer_at, "items"), &n.to_string()),
                        format!("item `{item}` is listed twice"),
                    );
                }
            }
            if let Some(max) = max_items.filter(|max| items.len() > *max as usize) {
                problems.push(
                    Stage::Semantic,
                    key_pointer(&answer_at, "items"),
                    format!("at most {max} items are allowed"),
                );
            }
            Value::Other
        }
        (kind, answer) => {
            problems.push(
                Stage::Semantic,
                key_pointer(&answer_at, "kind"),
                format!(
                    "expected {} answer for `{}`, found {} answer",
                    kind_name(kind),
                    question.id,
                    answer_name(answer)
                ),
            );
            Value::Other
        }
    };
    if problems.len() > count {
        return None;
    }
    let points = points(scale, &value);
    Some(Given::Answered {
        value,
        points,
        evidenced: !evidence.is_empty(),
    })
}

fn unknown_option(question: &Question, option: &str) -> String {
    let known: Vec<String> = match &question.answer {
        AnswerKind::SingleChoice { options } | AnswerKind::MultipleChoice { options, .. } => {
            options.iter().map(|o| format!("`{}`", o.id)).collect()
        }
        _ => Vec::new(),
    };
    format!(
        "unknown option `{option}` for `{}`; the options are {}",
        question.id,
        known.join(", ")
    )
}

/// The points an answer earns on its question's scale (zero for unscored questions).
fn points(scale: &Scale, value: &Value) -> f64 {
    match (scale, value) {
        (Scale::YesNo { reversed }, Value::YesNo(yes)) => f64::from(u8::from(*yes != *reversed)),
        (Scale::Maturity, Value::Maturity(level)) => f64::from(*level),
        (Scale::SingleChoice { points, .. }, Value::Choice(chosen)) => chosen
            .first()
            .and_then(|p| points.get(*p))
            .copied()
            .unwrap_or(0.0),
        (
            Scale::MultipleChoice {
                points,
                worst,
                best,
            },
            Value::Choice(chosen),
        ) => {
            let sum: f64 = chosen.iter().filter_map(|p| points.get(*p)).sum();
            sum.clamp(*worst, *best)
        }
        (Scale::Number { bands, .. }, Value::Number(value)) => bands
            .iter()
            .take_while(|(from, _)| from <= value)
            .last()
            .map_or(0.0, |(_, points)| *points),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Questionnaire;

    const QUESTIONNAIRE: &str = r#"{
      "document": "questionnaire", "id": "t", "version": "1.2.0", "title": "T", "audience": "any",
      "sections": [
        { "id": "s", "title": "S", "pillar": "respect", "principles": [17], "questions": [
          { "id": "m", "prompt": "M?", "answer": { "kind": "maturity" } },
          { "id": "c", "prompt": "C?", "allow_not_applicable": true, "answer": { "kind": "multiple_choice", "options": [
            { "id": "x", "label": "X", "points": 1 }, { "id": "y", "label": "Y", "points": 1 } ] } },
          { "id": "n", "prompt": "N?", "answer": { "kind": "number", "min": 0, "max": 100, "bands": [
            { "from": 0, "points": 0 }, { "from": 50, "points": 1 } ] } },
          { "id": "l", "prompt": "L?", "answer": { "kind": "list", "max_items": 2 } } ] },
        { "id": "r", "title": "R", "pillar": "respect", "principles": [18], "repeat": { "over": "l" }, "questions": [
          { "id": "ri", "prompt": "RI?", "answer": { "kind": "yes_no" } } ] } ] }"#;

    fn check(responses: &str, repeats: &str) -> Vec<(String, String)> {
        let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
        let questionnaire = questionnaire.check().unwrap();
        let text = format!(
            r#"{{ "document": "assessment", "questionnaire": {{ "id": "t", "version": "1.2.0" }},
                 "subject": {{ "kind": "organisation", "name": "X" }},
                 "responses": {{ {responses} }}, "repeats": {{ {repeats} }} }}"#
        );
        let assessment: Assessment = serde_json::from_str(&text).unwrap();
        match assessment.check(&questionnaire) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|p| (p.pointer, p.message))
                .collect(),
        }
    }

    fn answered(answer: &str) -> String {
        format!(r#"{{ "status": "answered", "answer": {answer} }}"#)
    }

    #[test]
    fn a_valid_assessment_has_no_problems() {
        let responses = format!(
            r#""m": {}, "c": {}, "n": {}, "l": {}"#,
            answered(r#"{ "kind": "maturity", "level": 3 }"#),
            answered(r#"{ "kind": "multiple_choice", "options": ["y"] }"#),
            answered(r#"{ "kind": "number", "value": 100 }"#),
            answered(r#"{ "kind": "list", "items": ["p", "q"] }"#),
        );
        let repeats = format!(
            r#""r": {{ "p": {{ "ri": {} }} }}"#,
            answered(r#"{ "kind": "yes_no", "value": true }"#)
        );
        assert_eq!(check(&responses, &repeats), Vec::new());
    }

    #[test]
    fn every_wrong_answer_is_reported_with_its_pointer() {
        let responses = format!(
            r#""m": {}, "c": {}, "n": {}, "l": {}, "zz": {{ "status": "unknown" }}, "ri": {{ "status": "unknown" }}"#,
            answered(r#"{ "kind": "maturity", "level": 7 }"#),
            answered(r#"{ "kind": "multiple_choice", "options": ["x", "w", "x"] }"#),
            answered(r#"{ "kind": "number", "value": 101 }"#),
            answered(r#"{ "kind": "list", "items": ["p", "q", "p"] }"#),
        );
        let repeats = format!(
            r#""r": {{ "nope": {{ "ri": {} }}, "p": {{ "ri": {} }} }}, "s": {{}}"#,
            answered(r#"{ "kind": "yes_no", "value": true }"#),
            answered(r#"{ "kind": "maturity", "level": 1 }"#),
        );
        let found = check(&responses, &repeats);
        let expected = [
            (
                "/responses/m/answer/level",
                "`7` is not a maturity level from 0 to 4",
            ),
            (
                "/responses/c/answer/options/1",
                "unknown option `w` for `c`; the options are `x`, `y`",
            ),
            (
                "/responses/c/answer/options/2",
                "option `x` is chosen twice",
            ),
            (
                "/responses/n/answer/value",
                "`101` is outside the allowed range `0` to `100`",
            ),
            ("/responses/l/answer/items/2", "item `p` is listed twice"),
            ("/responses/l/answer/items", "at most 2 items are allowed"),
            ("/responses/zz", "unknown question `zz`"),
            ("/responses/ri", "`ri` is in the repeated section `r`"),
            (
                "/repeats/r/nope",
                "unknown item `nope`: the answer to `l` does not list it",
            ),
            (
                "/repeats/r/p/ri/answer/kind",
                "expected a yes/no answer for `ri`, found a maturity answer",
            ),
            ("/repeats/s", "`s` is not a repeated section"),
        ];
        for (pointer, fragment) in expected {
            assert!(
                found
                    .iter()
                    .any(|(p, m)| p == pointer && m.contains(fragment)),
                "missing `{pointer}: {fragment}` in {found:#?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn not_applicable_only_where_allowed() {
        let na = r#"{ "status": "not_applicable", "reason": "no" }"#;
        let found = check(&format!(r#""m": {na}, "c": {na}"#), "");
        assert_eq!(
            found,
            vec![(
                "/responses/m/status".to_owned(),
                "not applicable is not allowed for `m`".to_owned()
            )]
        );
    }

    #[test]
    fn another_questionnaire_or_version_is_rejected_first() {
        let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
        let questionnaire = questionnaire.check().unwrap();
        for (reference, pointer, fragment) in [
            (
                r#"{ "id": "t", "version": "1.1.0" }"#,
                "/questionnaire/version",
                "answers version `1.1.0` of `t`, but the questionnaire is version `1.2.0`",
            ),
            (
                r#"{ "id": "u", "version": "1.2.0" }"#,
                "/questionnaire/id",
                "the assessment answers `u`, not `t`",
            ),
        ] {
            let text = format!(
                r#"{{ "document": "assessment", "questionnaire": {reference},
                     "subject": {{ "kind": "organisation", "name": "X" }}, "responses": {{ "zz": {{ "status": "unknown" }} }} }}"#
            );
            let assessment: Assessment = serde_json::from_str(&text).unwrap();
            let problems: Vec<_> = assessment
                .check(&questionnaire)
                .unwrap_err()
                .into_iter()
                .collect();
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].pointer, pointer);
            assert!(
                problems[0].message.contains(fragment),
                "{}",
                problems[0].message
            );
        }
    }
}
