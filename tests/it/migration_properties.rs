//! Properties of migrations and comparisons (issue 5, item 5), on assessments generated from the
//! shipped investor questionnaire, version 1.0.0:
//!
//! - a migration followed by validation never fails on an assessment that was valid before, and
//!   every original response is accounted for in the report;
//! - comparing a scorecard with itself shows no change;
//! - comparing A with B is the mirror image of comparing B with A.

use std::collections::BTreeSet;

use hrdd::Version;
use hrdd::assessment::Assessment;
use hrdd::comparison::{Delta, ScorecardComparison, compare};
use hrdd::migration::{Outcome, builtin_migration, migrate};
use hrdd::questionnaire::{AnswerKind, CheckedQuestionnaire, builtin_version};
use hrdd::scoring::{Scorecard, ScoringProfile, score};
use proptest::prelude::*;
use serde_json::{Value, json};

fn v1() -> &'static CheckedQuestionnaire {
    builtin_version("btech-investor", &Version::new(1, 0, 0)).unwrap()
}

fn v2() -> &'static CheckedQuestionnaire {
    builtin_version("btech-investor", &Version::new(1, 1, 0)).unwrap()
}

fn question_count() -> usize {
    v1().question_count()
}

/// One generated response per question: (what, value, option bits).
type Draw = (u8, u8, u8);

/// Builds an assessment of `questionnaire` from draws: 0 leaves the question unanswered, 1 marks
/// it unknown, 2 not applicable (where allowed, else answered), 3 answers it with a valid value.
fn assessment(questionnaire: &CheckedQuestionnaire, draws: &[Draw]) -> Assessment {
    let q = questionnaire.questionnaire();
    let mut responses = serde_json::Map::new();
    let questions = q.sections.iter().flat_map(|s| s.questions.iter());
    for (question, &(what, value, bits)) in questions.zip(draws) {
        let response = match what {
            0 => continue,
            1 => json!({ "status": "unknown", "note": "not sure" }),
            2 if question.allow_not_applicable => {
                json!({ "status": "not_applicable", "reason": "does not apply" })
            }
            _ => {
                let answer = match &question.answer {
                    AnswerKind::YesNo { .. } => {
                        json!({ "kind": "yes_no", "value": value % 2 == 0 })
                    }
                    AnswerKind::Maturity { .. } => {
                        json!({ "kind": "maturity", "level": value % 5 })
                    }
                    AnswerKind::SingleChoice { options } => json!({
                        "kind": "single_choice",
                        "option": options[usize::from(value) % options.len()].id
                    }),
                    AnswerKind::MultipleChoice { options, .. } => {
                        let chosen: Vec<Value> = options
                            .iter()
                            .enumerate()
                            .filter(|(n, _)| *n < 8 && bits & (1 << n) != 0)
                            .map(|(_, o)| json!(o.id))
                            .collect();
                        json!({ "kind": "multiple_choice", "options": chosen })
                    }
                    AnswerKind::Number { min, max, .. } => json!({
                        "kind": "number",
                        "value": min + (max - min) * f64::from(value % 5) / 4.0
                    }),
                    AnswerKind::Text => json!({ "kind": "text", "text": "notes" }),
                    _ => json!({ "kind": "list", "items": ["one"] }),
                };
                let evidence: Vec<&str> = if bits % 2 == 0 { vec!["doc"] } else { vec![] };
                json!({ "status": "answered", "answer": answer, "evidence": evidence })
            }
        };
        responses.insert(question.id.to_string(), response);
    }
    let text = json!({
        "document": "assessment",
        "questionnaire": { "id": q.id, "version": q.version },
        "subject": { "kind": "investor", "name": "Generated Fund" },
        "responses": responses,
    });
    serde_json::from_value(text).unwrap()
}

fn draws() -> impl Strategy<Value = Vec<Draw>> {
    proptest::collection::vec((0u8..4, 0u8..5, any::<u8>()), question_count())
}

fn card(assessment: &Assessment, questionnaire: &CheckedQuestionnaire) -> Scorecard {
    score(
        &assessment.check(questionnaire).unwrap(),
        &ScoringProfile::default_profile(),
    )
}

fn negate(value: Option<f64>) -> Option<f64> {
    value.map(|v| -v)
}

fn mirror_delta(delta: &Delta) -> Delta {
    let mut mirrored = delta.clone();
    mirrored.old = delta.new.clone();
    mirrored.new = delta.old.clone();
    mirrored.score = negate(delta.score);
    mirrored.coverage = negate(delta.coverage);
    mirrored.confidence = negate(delta.confidence);
    mirrored
}

/// What comparing the other way round must give: old and new swapped, differences negated, gaps
/// closed and opened swapped.
fn mirror(comparison: &ScorecardComparison) -> ScorecardComparison {
    let mut m = comparison.clone();
    m.old_date = comparison.new_date.clone();
    m.new_date = comparison.old_date.clone();
    m.overall = mirror_delta(&comparison.overall);
    for p in &mut m.pillars {
        p.delta = mirror_delta(&p.delta);
    }
    for s in &mut m.sections {
        s.delta = mirror_delta(&s.delta);
    }
    for p in &mut m.principles {
        p.delta = mirror_delta(&p.delta);
    }
    m.gaps_closed = comparison.gaps_opened.clone();
    m.gaps_opened = comparison.gaps_closed.clone();
    for a in &mut m.answers {
        std::mem::swap(&mut a.old, &mut a.new);
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_migrated_valid_assessment_is_valid_and_fully_accounted_for(draws in draws()) {
        let old = assessment(v1(), &draws);
        let checked = old.check(v1()).unwrap();
        let migration = builtin_migration("btech-investor", &Version::new(1, 0, 0), &Version::new(1, 1, 0)).unwrap();
        let migrated = migrate(&checked, migration, v2()).unwrap();
        let new = &migrated.assessment;
        prop_assert!(new.check(v2()).is_ok(), "{:?}", new.check(v2()).err());

        // One entry per original response, each with a place or a reason.
        let originals: BTreeSet<String> =
            old.responses.keys().map(|q| format!("/responses/{q}")).collect();
        let entries: BTreeSet<String> =
            migrated.report.entries.iter().map(|e| e.pointer.clone()).collect();
        prop_assert_eq!(migrated.report.entries.len(), old.responses.len());
        prop_assert_eq!(&entries, &originals);
        let mut carried_to = BTreeSet::new();
        for entry in &migrated.report.entries {
            match entry.outcome {
                Outcome::Carried | Outcome::Transformed => {
                    prop_assert!(!entry.to.is_empty(), "{:?}", entry);
                    for to in &entry.to {
                        let question = to.trim_start_matches("/responses/");
                        prop_assert!(new.responses.contains_key(question), "{:?}", entry);
                        carried_to.insert(to.clone());
                    }
                }
                Outcome::Dropped | Outcome::NeedsReview => {
                    prop_assert!(entry.to.is_empty());
                    prop_assert!(entry.reason.as_deref().is_some_and(|r| !r.is_empty()));
                    prop_assert!(entry.original.is_some());
                }
                _ => prop_assert!(false, "unexpected outcome {:?}", entry.outcome),
            }
        }
        // And every response of the new assessment comes from an entry.
        let present: BTreeSet<String> =
            new.responses.keys().map(|q| format!("/responses/{q}")).collect();
        prop_assert_eq!(present, carried_to);
    }

    #[test]
    fn a_scorecard_compared_with_itself_shows_no_change(draws in draws(), migrate_first in any::<bool>()) {
        let mut subject = assessment(v1(), &draws);
        let mut questionnaire = v1();
        if migrate_first {
            let migration = builtin_migration("btech-investor", &Version::new(1, 0, 0), &Version::new(1, 1, 0)).unwrap();
            subject = migrate(&subject.check(v1()).unwrap(), migration, v2()).unwrap().assessment;
            questionnaire = v2();
        }
        let card = card(&subject, questionnaire);
        let comparison = compare(&card, &card).unwrap();
        prop_assert!(comparison.is_unchanged());
        prop_assert!(comparison.answers.is_empty());
        prop_assert!(comparison.gaps_closed.is_empty() && comparison.gaps_opened.is_empty());
        for delta in std::iter::once(&comparison.overall)
            .chain(comparison.pillars.iter().map(|p| &p.delta))
            .chain(comparison.sections.iter().map(|s| &s.delta))
            .chain(comparison.principles.iter().map(|p| &p.delta))
        {
            prop_assert!(delta.score.is_none_or(|d| d == 0.0));
            prop_assert!(delta.coverage.is_none_or(|d| d == 0.0));
            prop_assert!(delta.confidence.is_none_or(|d| d == 0.0));
            prop_assert!(!delta.band_changed);
        }
    }

    #[test]
    fn comparing_b_with_a_mirrors_comparing_a_with_b(a in draws(), b in draws()) {
        let (a, b) = (card(&assessment(v1(), &a), v1()), card(&assessment(v1(), &b), v1()));
        let ab = compare(&a, &b).unwrap();
        let ba = compare(&b, &a).unwrap();
        prop_assert_eq!(mirror(&ab), ba);
    }
}
