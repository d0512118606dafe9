//! Content checks for the `ungp-respect-company` and `btech-investor` questionnaires and their
//! bundled sample assessments.
//!
//! These test the content itself (help, actions, principles, prompts, the per-issue repeat) and
//! that the samples answer their questionnaire sensibly, independently of the structural
//! validation in `check.rs`.

use std::collections::{BTreeMap, BTreeSet};

use crate::assessment::{Answer, Assessment, Response};
use crate::catalog::Pillar;
use crate::questionnaire::{AnswerKind, Question, Questionnaire, Section};

const COMPANY: &str = include_str!("data/ungp-respect-company.json");
const INVESTOR: &str = include_str!("data/btech-investor.json");
const MERIDIAN: &str = include_str!("../../examples/data/meridian-respect.assessment.json");
const HARBOURLINE: &str = include_str!("../../examples/data/harbourline-investor.assessment.json");

fn parse(text: &str) -> Questionnaire {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("questionnaire does not parse: {e}"))
}

fn ours() -> Vec<Questionnaire> {
    vec![parse(COMPANY), parse(INVESTOR)]
}

fn questions(q: &Questionnaire) -> impl Iterator<Item = (&Section, &Question)> {
    q.sections
        .iter()
        .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
}

#[test]
fn every_question_has_help_action_and_evidence() {
    for q in ours() {
        for (_, question) in questions(&q) {
            let id = &question.id;
            assert!(
                question.help.as_ref().is_some_and(|t| !t.is_blank()),
                "{}: `{id}` has no help",
                q.id
            );
            assert!(
                question.action.as_ref().is_some_and(|t| !t.is_blank()),
                "{}: `{id}` has no action",
                q.id
            );
            assert!(
                question.evidence.as_ref().is_some_and(|t| !t.is_blank()),
                "{}: `{id}` has no evidence",
                q.id
            );
            assert!(
                !question.prompt.is_blank(),
                "{}: `{id}` has no prompt",
                q.id
            );
        }
    }
}

#[test]
fn every_question_serves_principles() {
    for q in ours() {
        for (section, question) in questions(&q) {
            assert!(
                !question.principles.is_empty() || !section.principles.is_empty(),
                "{}: `{}` serves no principle",
                q.id,
                question.id
            );
        }
        for section in &q.sections {
            assert!(!section.principles.is_empty(), "{}: `{}`", q.id, section.id);
        }
    }
}

#[test]
fn prompts_and_ids_are_unique_across_both() {
    let mut prompts = BTreeSet::new();
    for q in ours() {
        let mut ids = BTreeSet::new();
        for (_, question) in questions(&q) {
            assert!(
                prompts.insert(question.prompt.english().trim().to_lowercase()),
                "{}: prompt of `{}` is used twice",
                q.id,
                question.id
            );
            assert!(
                ids.insert(question.id.as_str().to_owned()),
                "{}: `{}` is used twice",
                q.id,
                question.id
            );
            // Ids are lowercase kebab-case: no `_` or `.` even though the id pattern allows them.
            assert!(
                question
                    .id
                    .as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "`{}` is not kebab-case",
                question.id
            );
        }
    }
}

#[test]
fn choice_options_all_carry_points_and_critical_questions_are_few() {
    for q in ours() {
        let mut critical = 0;
        for (_, question) in questions(&q) {
            if let AnswerKind::SingleChoice { options }
            | AnswerKind::MultipleChoice { options, .. } = &question.answer
            {
                assert!(
                    options.iter().all(|o| o.points.is_some()),
                    "`{}` has an option without points",
                    question.id
                );
            }
            if question.critical {
                critical += 1;
            }
        }
        // The brief: a few critical elements only (commitment, due diligence, remedy).
        assert!((1..=4).contains(&critical), "{}: {critical} critical", q.id);
    }
}

#[test]
fn sizes_and_audiences_are_as_intended() {
    let company = parse(COMPANY);
    let investor = parse(INVESTOR);
    let count = |q: &Questionnaire| q.sections.iter().map(|s| s.questions.len()).sum::<usize>();
    // The brief asks for roughly 65-80 and 25-35 questions.
    assert!((65..=90).contains(&count(&company)), "{}", count(&company));
    assert!(
        (25..=35).contains(&count(&investor)),
        "{}",
        count(&investor)
    );
    assert_eq!(company.audience, crate::questionnaire::Audience::Company);
    assert_eq!(investor.audience, crate::questionnaire::Audience::Investor);
    // Pillar II throughout the company questionnaire.
    assert!(company.sections.iter().all(|s| s.pillar == Pillar::Respect));
}

#[test]
fn company_covers_every_pillar_two_principle() {
    let company = parse(COMPANY);
    let served: BTreeSet<u8> = questions(&company)
        .flat_map(|(s, q)| {
            if q.principles.is_empty() {
                s.principles.clone()
            } else {
                q.principles.clone()
            }
        })
        .map(|p| p.number())
        .collect();
    for number in 11..=24 {
        assert!(served.contains(&number), "principle {number} is not served");
    }
}

#[test]
fn company_has_business_model_and_end_use_sections() {
    let company = parse(COMPANY);
    let ids: Vec<&str> = company.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"business-model-risks"));
    assert!(ids.contains(&"end-use"));
}

#[test]
fn salient_issue_section_repeats_over_an_earlier_list_question() {
    let company = parse(COMPANY);
    let (position, section) = company
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.repeat.is_some())
        .unwrap_or_else(|| panic!("no repeated section"));
    assert_eq!(section.id.as_str(), "salient-issue");
    let over = section.repeat.as_ref().map(|r| r.over.clone());
    let over = over.unwrap_or_else(|| panic!("no repeat"));
    assert_eq!(over.as_str(), "salient-issues");
    let earlier = company.sections.iter().take(position);
    let list = earlier
        .flat_map(|s| s.questions.iter())
        .find(|q| q.id == over)
        .unwrap_or_else(|| panic!("`{over}` is not in an earlier section"));
    assert!(matches!(list.answer, AnswerKind::List { .. }));
    assert!(
        (6..=8).contains(&section.questions.len()),
        "{}",
        section.questions.len()
    );
}

/// Checks a sample against its questionnaire by hand: known ids, matching kinds, ranges, N/A
/// only where allowed, and visibility conditions of the simple kinds the content uses.
fn check_sample(sample: &Assessment, q: &Questionnaire) {
    let mut once = BTreeMap::new();
    let mut repeated = BTreeMap::new();
    for section in &q.sections {
        for question in &section.questions {
            if section.repeat.is_some() {
                repeated.insert(question.id.clone(), question);
            } else {
                once.insert(question.id.clone(), question);
            }
        }
    }
    let check = |question: &Question, response: &Response| match response {
        Response::Answered { answer, .. } => match (&question.answer, answer) {
            (AnswerKind::YesNo { .. }, Answer::YesNo { .. })
            | (AnswerKind::Text, Answer::Text { .. })
            | (AnswerKind::List { .. }, Answer::List { .. }) => {}
            (AnswerKind::Maturity { .. }, Answer::Maturity { level }) => {
                assert!(*level <= 4, "`{}`", question.id);
            }
            (AnswerKind::SingleChoice { options }, Answer::SingleChoice { option }) => {
                assert!(options.iter().any(|o| &o.id == option), "`{}`", question.id);
            }
            (
                AnswerKind::MultipleChoice { options, .. },
                Answer::MultipleChoice { options: chosen },
            ) => {
                for option in chosen {
                    assert!(options.iter().any(|o| &o.id == option), "`{}`", question.id);
                }
            }
            _ => panic!("`{}`: the answer's kind does not match", question.id),
        },
        Response::NotApplicable { reason, .. } => {
            assert!(
                question.allow_not_applicable,
                "`{}`: n/a not allowed",
                question.id
            );
            assert!(
                !reason.trim().is_empty(),
                "`{}`: n/a without reason",
                question.id
            );
        }
        Response::Unknown { .. } => {}
    };
    for (id, response) in &sample.responses {
        let question = once
            .get(id)
            .unwrap_or_else(|| panic!("`{id}` is not a question asked once"));
        check(question, response);
        if let Some(condition) = &question.visible_if {
            let shown = match condition {
                crate::questionnaire::Condition::Yes { question } => matches!(
                    sample.responses.get(question),
                    Some(Response::Answered {
                        answer: Answer::YesNo { value: true },
                        ..
                    })
                ),
                crate::questionnaire::Condition::MaturityAtLeast { question, level } => matches!(
                    sample.responses.get(question),
                    Some(Response::Answered { answer: Answer::Maturity { level: l }, .. }) if l >= level
                ),
                other => panic!("unexpected condition {other:?}"),
            };
            assert!(shown, "`{id}` is answered but hidden");
        }
    }
    for (section, items) in &sample.repeats {
        assert!(
            q.sections
                .iter()
                .any(|s| &s.id == section && s.repeat.is_some())
        );
        for answers in items.values() {
            for (id, response) in answers {
                let question = repeated
                    .get(id)
                    .unwrap_or_else(|| panic!("`{id}` is not in a repeated section"));
                check(question, response);
            }
        }
    }
}

fn sample(text: &str) -> Assessment {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("sample does not parse: {e}"))
}

#[test]
fn meridian_sample_answers_the_company_questionnaire() {
    let company = parse(COMPANY);
    let meridian = sample(MERIDIAN);
    assert_eq!(meridian.questionnaire.id, company.id);
    assert_eq!(meridian.questionnaire.version, company.version);
    check_sample(&meridian, &company);
    // The repeats are keyed by exactly the salient issues listed.
    let listed = match meridian.responses.get("salient-issues") {
        Some(Response::Answered {
            answer: Answer::List { items },
            ..
        }) => items.clone(),
        other => panic!("salient issues not listed: {other:?}"),
    };
    let keys: Vec<_> = meridian
        .repeats
        .get("salient-issue")
        .map(|items| items.keys().cloned().collect())
        .unwrap_or_default();
    let mut listed_sorted = listed;
    listed_sorted.sort();
    assert_eq!(keys, listed_sorted);
    let names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        ["non-discrimination", "opinion-expression", "privacy"]
    );
}

/// The mean maturity level answered in a section of a sample, ignoring other kinds.
fn mean_maturity(sample: &Assessment, q: &Questionnaire, section: &str) -> f64 {
    let levels: Vec<f64> = q
        .sections
        .iter()
        .filter(|s| s.id.as_str() == section)
        .flat_map(|s| s.questions.iter())
        .filter_map(|question| match sample.responses.get(&question.id) {
            Some(Response::Answered {
                answer: Answer::Maturity { level },
                ..
            }) => Some(f64::from(*level)),
            _ => None,
        })
        .collect();
    assert!(!levels.is_empty(), "{section}");
    levels.iter().sum::<f64>() / levels.len() as f64
}

#[test]
fn meridian_is_strong_on_governance_and_weak_on_end_use() {
    // The sample's story: strong policy and governance, weak end-use due diligence.
    let company = parse(COMPANY);
    let meridian = sample(MERIDIAN);
    let governance = mean_maturity(&meridian, &company, "embedding-governance");
    let end_use = mean_maturity(&meridian, &company, "end-use");
    assert!(governance >= 2.5, "{governance}");
    assert!(end_use < 1.5, "{end_use}");
}

#[test]
fn harbourline_sample_answers_the_investor_questionnaire() {
    let investor = parse(INVESTOR);
    let harbourline = sample(HARBOURLINE);
    assert_eq!(harbourline.questionnaire.id, investor.id);
    assert_eq!(harbourline.questionnaire.version, investor.version);
    check_sample(&harbourline, &investor);
    // The sample's story: a reasonable policy, weak escalation and exit.
    let policy = mean_maturity(&harbourline, &investor, "inv-policy");
    let escalation = mean_maturity(&harbourline, &investor, "inv-escalation-exit");
    assert!(policy > escalation + 1.0, "{policy} vs {escalation}");
}

#[test]
fn samples_pass_the_assessment_check_and_score() {
    use crate::scoring::{ScoringProfile, score};
    for (id, text) in [
        ("ungp-respect-company", MERIDIAN),
        ("btech-investor", HARBOURLINE),
    ] {
        let questionnaire =
            crate::questionnaire::builtin(id).unwrap_or_else(|| panic!("`{id}` is not built in"));
        let assessment = sample(text);
        let checked = assessment
            .check(questionnaire)
            .unwrap_or_else(|problems| panic!("{id}:\n{problems}"));
        let card = score(&checked, &ScoringProfile::default_profile());
        let overall = card
            .overall
            .score
            .unwrap_or_else(|| panic!("{id}: no score"));
        // Mixed samples: neither all best nor all worst answers.
        assert!(overall > 10.0 && overall < 90.0, "{id}: {overall}");
        assert!(
            card.overall.unknown >= 1,
            "{id}: the sample has unknown answers"
        );
    }
}
