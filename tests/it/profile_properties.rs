//! Properties of the built-in scoring profiles (DESIGN §4), each checked only where the profile
//! claims it (`claims` in the profile document):
//!
//! | profile   | questionnaire here     | claims                                                        |
//! |-----------|------------------------|---------------------------------------------------------------|
//! | `default` | `ungp-remedy`          | all, critical cap included                                    |
//! | `rdr`     | `tests/golden/rdr-mini`  | bounded, extremes, monotonic, hidden ignored, order, determinism |
//! | `chrb`    | `tests/golden/chrb-mini` | bounded, extremes, monotonic, hidden ignored, order, determinism |
//! | `aia`     | `aia-mini`             | bounded, hidden ignored, order, determinism                   |
//!
//! AIA is not "higher is better": its score is an impact, and more mitigation can lower it, so
//! it claims neither monotonicity nor extremes. It keeps a weaker, one-sided monotonicity that
//! is checked here too: a riskier answer to a risk question never lowers the impact.
//!
//! Assessments are generated over the fixed questionnaires: every question unanswered, unknown,
//! not applicable (where allowed) or answered with any of its answers; repeated sections get
//! answers for every item of their list.

use std::collections::BTreeSet;
use std::path::PathBuf;

use hrdd::assessment::Assessment;
use hrdd::questionnaire::{AnswerKind, CheckedQuestionnaire, Condition, Question, Questionnaire};
use hrdd::scoring::{Claim, QuestionStatus, Scorecard, ScoringProfile, builtin_profile, score};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const ITEMS: [&str; 3] = ["group", "search", "mail"];

fn fixture(name: &str) -> Questionnaire {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    Questionnaire::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `(profile, questionnaire)` pairs, one per built-in profile.
fn cases() -> Vec<(&'static ScoringProfile, Questionnaire)> {
    let builtin = |id: &str| {
        hrdd::questionnaire::builtin(id)
            .unwrap()
            .questionnaire()
            .clone()
    };
    vec![
        (builtin_profile("default").unwrap(), builtin("ungp-remedy")),
        (
            builtin_profile("rdr").unwrap(),
            fixture("rdr-mini.questionnaire.json"),
        ),
        (
            builtin_profile("chrb").unwrap(),
            fixture("chrb-mini.questionnaire.json"),
        ),
        (builtin_profile("aia").unwrap(), builtin("aia-mini")),
    ]
}

#[test]
fn every_builtin_profile_has_a_case_here() {
    let covered: Vec<&str> = cases().iter().map(|(p, _)| p.id.as_str()).collect();
    for profile in hrdd::scoring::builtin_profiles() {
        assert!(covered.contains(&profile.id.as_str()), "{}", profile.id);
    }
}

/// Every answer a question can take (for a multiple choice of up to 6 options, every subset).
fn candidates(question: &Question) -> Vec<Value> {
    match &question.answer {
        AnswerKind::YesNo { .. } => vec![
            json!({ "kind": "yes_no", "value": false }),
            json!({ "kind": "yes_no", "value": true }),
        ],
        AnswerKind::Maturity { .. } => (0..=4)
            .map(|level| json!({ "kind": "maturity", "level": level }))
            .collect(),
        AnswerKind::SingleChoice { options } => options
            .iter()
            .map(|o| json!({ "kind": "single_choice", "option": o.id.as_str() }))
            .collect(),
        AnswerKind::MultipleChoice { options, .. } => {
            let n = options.len().min(6);
            (0..(1u32 << n))
                .map(|bits| {
                    let chosen: Vec<&str> = options
                        .iter()
                        .take(n)
                        .enumerate()
                        .filter(|(i, _)| bits & (1 << i) != 0)
                        .map(|(_, o)| o.id.as_str())
                        .collect();
                    json!({ "kind": "multiple_choice", "options": chosen })
                })
                .collect()
        }
        AnswerKind::Number {
            min, max, bands, ..
        } => {
            let mut values = vec![*min, *max];
            values.extend(
                bands
                    .iter()
                    .map(|b| b.from)
                    .filter(|v| v >= min && v <= max),
            );
            values
                .into_iter()
                .map(|value| json!({ "kind": "number", "value": value }))
                .collect()
        }
        AnswerKind::Text => vec![json!({ "kind": "text", "text": "a note" })],
        AnswerKind::List { .. } => (1u32..8)
            .map(|bits| {
                let items: Vec<&str> = ITEMS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, item)| *item)
                    .collect();
                json!({ "kind": "list", "items": items })
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn answered(answer: Value) -> Value {
    json!({ "status": "answered", "answer": answer })
}

/// A response chosen by `r`: unanswered, unknown, not applicable (where allowed) or an answer.
fn response(question: &Question, r: u64) -> Option<Value> {
    let options = candidates(question);
    let pick = |r: u64| {
        let len = options.len().max(1) as u64;
        options.get((r % len) as usize).cloned()
    };
    match r % 10 {
        0 => None,
        1 => Some(json!({ "status": "unknown" })),
        2 if question.allow_not_applicable => {
            Some(json!({ "status": "not_applicable", "reason": "generated" }))
        }
        _ => pick(r / 10).map(answered),
    }
}

/// The items a response to a repeat's source lists.
fn items_of(response: Option<&Value>) -> Vec<String> {
    let Some(answer) = response.and_then(|r| r.get("answer")) else {
        return Vec::new();
    };
    let list = answer.get("items").or_else(|| answer.get("options"));
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A small deterministic generator, so one seed gives one assessment.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// An assessment of `questionnaire` whose responses come from `choose(question, item)`.
fn assessment_with(
    questionnaire: &Questionnaire,
    mut choose: impl FnMut(&Question, Option<&str>) -> Option<Value>,
) -> Value {
    let mut responses = Map::new();
    let mut repeats = Map::new();
    for section in questionnaire.sections.iter().filter(|s| s.repeat.is_none()) {
        for question in &section.questions {
            if let Some(r) = choose(question, None) {
                responses.insert(question.id.as_str().to_owned(), r);
            }
        }
    }
    for section in &questionnaire.sections {
        let Some(repeat) = &section.repeat else {
            continue;
        };
        let mut by_item = Map::new();
        for item in items_of(responses.get(repeat.over.as_str())) {
            let mut answers = Map::new();
            for question in &section.questions {
                if let Some(r) = choose(question, Some(&item)) {
                    answers.insert(question.id.as_str().to_owned(), r);
                }
            }
            by_item.insert(item, Value::Object(answers));
        }
        repeats.insert(section.id.as_str().to_owned(), Value::Object(by_item));
    }
    json!({
        "document": "assessment",
        "questionnaire": { "id": questionnaire.id.as_str(), "version": questionnaire.version.to_string() },
        "subject": { "kind": "organisation", "name": "Generated" },
        "responses": responses,
        "repeats": repeats,
    })
}

fn random_assessment(questionnaire: &Questionnaire, seed: u64) -> Value {
    let mut rng = Rng(seed | 1);
    assessment_with(questionnaire, |question, _| response(question, rng.next()))
}

fn score_value(
    questionnaire: &CheckedQuestionnaire,
    assessment: &Value,
    profile: &ScoringProfile,
) -> Scorecard {
    let assessment: Assessment = serde_json::from_value(assessment.clone()).unwrap();
    let checked = assessment
        .check(questionnaire)
        .unwrap_or_else(|problems| panic!("generated assessment is invalid:\n{problems}"));
    score(&checked, profile)
}

/// Every score in the scorecard, labelled.
fn scores(card: &Scorecard) -> Vec<(String, Option<f64>)> {
    let mut all = vec![("overall".to_owned(), card.overall.score)];
    all.extend(
        card.pillars
            .iter()
            .map(|p| (format!("pillar {:?}", p.pillar), p.summary.score)),
    );
    for s in &card.sections {
        all.push((format!("section {}", s.section), s.summary.score));
        all.extend(s.items.iter().map(|i| {
            (
                format!("section {} item {}", s.section, i.item),
                i.summary.score,
            )
        }));
    }
    all.extend(
        card.groups
            .iter()
            .map(|g| (format!("group {}", g.group), g.summary.score)),
    );
    all.extend(card.principles.iter().map(|p| {
        (
            format!("principle {}", p.principle.number()),
            p.summary.score,
        )
    }));
    all
}

/// The response an assessment holds for `question` of a repeated section, for `item`.
fn original_in_repeat(
    questionnaire: &Questionnaire,
    assessment: &Value,
    question: &Question,
    item: &str,
) -> Option<Value> {
    let section = questionnaire
        .sections
        .iter()
        .find(|s| s.questions.iter().any(|q| q.id == question.id))?;
    assessment["repeats"][section.id.as_str()][item]
        .get(question.id.as_str())
        .cloned()
}

fn question_score(card: &Scorecard, id: &str, item: Option<&str>) -> (QuestionStatus, Option<f64>) {
    card.questions
        .iter()
        .find(|q| q.question.as_str() == id && q.item.as_ref().map(|i| i.as_str()) == item)
        .map_or((QuestionStatus::Hidden, None), |q| (q.status, q.score))
}

/// Ids of questions that a visibility condition or a repeat depends on.
fn depended_on(questionnaire: &Questionnaire) -> BTreeSet<String> {
    fn walk(condition: &Condition, into: &mut BTreeSet<String>) {
        match condition {
            Condition::Yes { question }
            | Condition::No { question }
            | Condition::MaturityAtLeast { question, .. }
            | Condition::Selected { question, .. }
            | Condition::NumberAtLeast { question, .. }
            | Condition::Answered { question } => {
                into.insert(question.as_str().to_owned());
            }
            Condition::All { conditions } | Condition::Any { conditions } => {
                conditions.iter().for_each(|c| walk(c, into));
            }
            Condition::Not { condition } => walk(condition, into),
            _ => {}
        }
    }
    let mut ids = BTreeSet::new();
    for section in &questionnaire.sections {
        if let Some(repeat) = &section.repeat {
            ids.insert(repeat.over.as_str().to_owned());
        }
        for question in &section.questions {
            if let Some(condition) = &question.visible_if {
                walk(condition, &mut ids);
            }
        }
    }
    ids
}

/// The questionnaire with its sections and each section's questions shuffled by `seed`, where
/// the result still checks (a condition must look back); a section whose shuffle breaks that is
/// left in order.
fn shuffled(questionnaire: &Questionnaire, seed: u64) -> CheckedQuestionnaire {
    let mut rng = Rng(seed | 1);
    let mut shuffle = |len: usize| {
        let mut order: Vec<usize> = (0..len).collect();
        for i in (1..len).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    };
    let mut result = questionnaire.clone();
    for s in 0..result.sections.len() {
        let before = result.sections[s].questions.clone();
        let order = shuffle(before.len());
        result.sections[s].questions = order.iter().map(|&i| before[i].clone()).collect();
        if result.validate().is_err() {
            result.sections[s].questions = before;
        }
    }
    let before = result.sections.clone();
    let order = shuffle(before.len());
    result.sections = order.iter().map(|&i| before[i].clone()).collect();
    if result.validate().is_err() {
        result.sections = before;
    }
    result.check().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Bounds, determinism and order independence, for every profile that claims them.
    #[test]
    fn claimed_bounds_determinism_and_order_independence(seed in any::<u64>(), order in any::<u64>()) {
        for (profile, questionnaire) in cases() {
            let checked = questionnaire.clone().check().unwrap();
            let assessment = random_assessment(&questionnaire, seed);
            let card = score_value(&checked, &assessment, profile);
            let text = serde_json::to_string(&card).unwrap();
            if profile.claims(Claim::Bounded) {
                for (what, value) in scores(&card) {
                    if let Some(value) = value {
                        prop_assert!((0.0..=100.0).contains(&value), "{}: {what} = {value}", profile.id);
                    }
                }
                for question in &card.questions {
                    if let Some(value) = question.score {
                        prop_assert!((0.0..=100.0).contains(&value), "{}: {}", profile.id, question.question);
                    }
                }
            }
            if profile.claims(Claim::Deterministic) {
                let again = score_value(&checked, &assessment, profile);
                prop_assert_eq!(&text, &serde_json::to_string(&again).unwrap(), "{}", profile.id);
            }
            if profile.claims(Claim::OrderIndependent) {
                let reordered = shuffled(&questionnaire, order);
                let card = score_value(&reordered, &assessment, profile);
                prop_assert_eq!(&text, &serde_json::to_string(&card).unwrap(), "{}", profile.id);
            }
        }
    }

    /// Whatever a hidden question holds, nothing changes.
    #[test]
    fn claimed_hidden_questions_never_count(seed in any::<u64>(), other in any::<u64>()) {
        for (profile, questionnaire) in cases() {
            if !profile.claims(Claim::HiddenIgnored) {
                continue;
            }
            let checked = questionnaire.clone().check().unwrap();
            let assessment = random_assessment(&questionnaire, seed);
            let card = score_value(&checked, &assessment, profile);
            let text = serde_json::to_string(&card).unwrap();
            let hidden: Vec<String> = card
                .questions
                .iter()
                .filter(|q| q.status == QuestionStatus::Hidden && q.item.is_none())
                .map(|q| q.question.as_str().to_owned())
                .collect();
            let mut rng = Rng(other | 1);
            let changed = assessment_with(&questionnaire, |question, item| {
                let original = match item {
                    None => assessment["responses"].get(question.id.as_str()).cloned(),
                    Some(item) => original_in_repeat(&questionnaire, &assessment, question, item),
                };
                if item.is_none() && hidden.contains(&question.id.as_str().to_owned()) {
                    response(question, rng.next())
                } else {
                    original
                }
            });
            let card = score_value(&checked, &changed, profile);
            prop_assert_eq!(&text, &serde_json::to_string(&card).unwrap(), "{}", profile.id);
        }
    }

    /// Raising one answer (to one that scores higher under the profile) never lowers any score.
    /// Questions that visibility or a repeat depends on are left alone: changing them changes
    /// which questions count, which is not raising an answer.
    #[test]
    fn claimed_monotonicity(seed in any::<u64>(), pick in any::<u64>()) {
        for (profile, questionnaire) in cases() {
            if !profile.claims(Claim::Monotonic) {
                continue;
            }
            let checked = questionnaire.clone().check().unwrap();
            let assessment = random_assessment(&questionnaire, seed);
            let card = score_value(&checked, &assessment, profile);
            let fixed = depended_on(&questionnaire);
            let slots: Vec<(&Question, Option<String>)> = card
                .questions
                .iter()
                .filter(|q| !fixed.contains(q.question.as_str()))
                .filter(|q| matches!(q.status, QuestionStatus::Answered | QuestionStatus::Unknown | QuestionStatus::Unanswered))
                .filter_map(|q| {
                    let (question, _) = checked.question(q.question.as_str())?;
                    Some((question, q.item.as_ref().map(|i| i.as_str().to_owned())))
                })
                .collect();
            if slots.is_empty() {
                continue;
            }
            let (target, target_item) = &slots[(pick % slots.len() as u64) as usize];
            let (_, before) = question_score(&card, target.id.as_str(), target_item.as_deref());
            let before = before.unwrap_or(0.0);
            for candidate in candidates(target) {
                let raised = assessment_with(&questionnaire, |question, item| {
                    if question.id == target.id && item == target_item.as_deref() {
                        return Some(answered(candidate.clone()));
                    }
                    match item {
                        None => assessment["responses"].get(question.id.as_str()).cloned(),
                        Some(item) => original_in_repeat(&questionnaire, &assessment, question, item),
                    }
                });
                let after_card = score_value(&checked, &raised, profile);
                let (status, after) = question_score(&after_card, target.id.as_str(), target_item.as_deref());
                if status != QuestionStatus::Answered || after.unwrap_or(0.0) <= before {
                    continue;
                }
                for ((what, old), (_, new)) in scores(&card).into_iter().zip(scores(&after_card)) {
                    if let (Some(old), Some(new)) = (old, new) {
                        prop_assert!(new >= old - 1e-9, "{}: raising {} lowered {what}: {old} -> {new}", profile.id, target.id);
                    }
                }
            }
        }
    }

    /// AIA's one-sided monotonicity: a riskier answer to a risk question never lowers the
    /// impact score or level.
    #[test]
    fn aia_more_risk_never_lowers_the_impact(seed in any::<u64>(), pick in any::<u64>()) {
        let profile = builtin_profile("aia").unwrap();
        let questionnaire = hrdd::questionnaire::builtin("aia-mini").unwrap().questionnaire().clone();
        let checked = questionnaire.clone().check().unwrap();
        let assessment = random_assessment(&questionnaire, seed);
        let card = score_value(&checked, &assessment, profile);
        let fixed = depended_on(&questionnaire);
        let risks: Vec<&Question> = questionnaire
            .sections
            .iter()
            .filter(|s| s.id.as_str().starts_with("risk-"))
            .flat_map(|s| &s.questions)
            .filter(|q| !fixed.contains(q.id.as_str()))
            .collect();
        let target = risks[(pick % risks.len() as u64) as usize];
        let (status, before) = question_score(&card, target.id.as_str(), None);
        prop_assume!(status != QuestionStatus::Hidden);
        for candidate in candidates(target) {
            let raised = assessment_with(&questionnaire, |question, _| {
                if question.id == target.id {
                    Some(answered(candidate.clone()))
                } else {
                    assessment["responses"].get(question.id.as_str()).cloned()
                }
            });
            let after_card = score_value(&checked, &raised, profile);
            let (_, after) = question_score(&after_card, target.id.as_str(), None);
            if after.unwrap_or(0.0) < before.unwrap_or(0.0) {
                continue;
            }
            let (old, new) = (card.overall.score.unwrap_or(0.0), after_card.overall.score.unwrap_or(0.0));
            prop_assert!(new >= old - 1e-9, "raising {} lowered the impact: {old} -> {new}", target.id);
            let level = |c: &Scorecard| c.overall.band.as_ref().map(|b| b.as_str().to_owned());
            prop_assert!(level(&after_card) >= level(&card));
        }
    }
}

/// All best answers give 100 and all worst give 0 at every level, for the profiles that claim
/// it; checked on the questionnaires without visibility conditions (`rdr-mini`, `chrb-mini`,
/// and the default profile on `chrb-mini`). Which answer is best or worst for a question is
/// found by scoring every candidate answer on every question at once.
#[test]
fn claimed_extremes() {
    let default = builtin_profile("default").unwrap();
    let runs = [
        (
            builtin_profile("rdr").unwrap(),
            fixture("rdr-mini.questionnaire.json"),
        ),
        (
            builtin_profile("chrb").unwrap(),
            fixture("chrb-mini.questionnaire.json"),
        ),
        (default, fixture("chrb-mini.questionnaire.json")),
    ];
    for (profile, questionnaire) in runs {
        assert!(profile.claims(Claim::Extremes));
        let checked = questionnaire.clone().check().unwrap();
        let all_items = json!({ "kind": "list", "items": ITEMS });
        // Probe: candidate k for every question (the list always names every item).
        let widest = questionnaire
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| candidates(q).len())
            .max()
            .unwrap();
        let mut best: std::collections::BTreeMap<(String, Option<String>), (f64, Value)> =
            Default::default();
        let mut worst = best.clone();
        for k in 0..widest {
            let probe = assessment_with(&questionnaire, |question, _| {
                if matches!(question.answer, AnswerKind::List { .. }) {
                    return Some(answered(all_items.clone()));
                }
                let options = candidates(question);
                options.get(k % options.len()).cloned().map(answered)
            });
            let card = score_value(&checked, &probe, profile);
            for q in &card.questions {
                let (Some(value), QuestionStatus::Answered) = (q.score, q.status) else {
                    continue;
                };
                let (question, _) = checked.question(q.question.as_str()).unwrap();
                let options = candidates(question);
                let answer = options[k % options.len()].clone();
                let key = (
                    q.question.as_str().to_owned(),
                    q.item.as_ref().map(|i| i.as_str().to_owned()),
                );
                if best.get(&key).is_none_or(|(v, _)| value > *v) {
                    best.insert(key.clone(), (value, answer.clone()));
                }
                if worst.get(&key).is_none_or(|(v, _)| value < *v) {
                    worst.insert(key, (value, answer));
                }
            }
        }
        for (table, expected) in [(&best, 100.0), (&worst, 0.0)] {
            let extreme = assessment_with(&questionnaire, |question, item| {
                if matches!(question.answer, AnswerKind::List { .. }) {
                    return Some(answered(all_items.clone()));
                }
                table
                    .get(&(question.id.as_str().to_owned(), item.map(str::to_owned)))
                    .map(|(_, answer)| answered(answer.clone()))
            });
            let card = score_value(&checked, &extreme, profile);
            for (what, value) in scores(&card) {
                if let Some(value) = value {
                    assert!(
                        (value - expected).abs() < 1e-9,
                        "{}: {what} = {value}, not {expected}",
                        profile.id
                    );
                }
            }
            assert_eq!(
                card.overall.score.map(|s| (s - expected).abs() < 1e-9),
                Some(true)
            );
        }
    }
}
