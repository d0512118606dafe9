//! Content tests for the `ungp-protect-state` and `ungp-remedy` built-in questionnaires and their
//! bundled sample assessments.

use std::collections::BTreeSet;

use crate::assessment::{Answer, Assessment, Response};
use crate::catalog::Principle;
use crate::text::Text;

use super::{AnswerKind, Question, Questionnaire, builtin};

const OURS: [&str; 2] = ["ungp-protect-state", "ungp-remedy"];

fn questionnaire(id: &str) -> &'static Questionnaire {
    builtin(id)
        .unwrap_or_else(|| panic!("`{id}` is not registered as a built-in"))
        .questionnaire()
}

fn questions(q: &Questionnaire) -> impl Iterator<Item = &Question> {
    q.sections.iter().flat_map(|s| s.questions.iter())
}

#[test]
fn every_question_has_help_action_evidence_and_principles() {
    for id in OURS {
        let q = questionnaire(id);
        for question in questions(q) {
            let qid = question.id.as_str();
            assert!(
                question.help.as_ref().is_some_and(|t| !t.is_blank()),
                "{id}/{qid}: help is missing or blank"
            );
            assert!(
                question.action.as_ref().is_some_and(|t| !t.is_blank()),
                "{id}/{qid}: action is missing or blank"
            );
            assert!(
                question.evidence.as_ref().is_some_and(|t| !t.is_blank()),
                "{id}/{qid}: evidence is missing or blank"
            );
            assert!(!question.principles.is_empty(), "{id}/{qid}: no principles");
        }
    }
}

#[test]
fn prompts_and_ids_are_unique() {
    for id in OURS {
        let q = questionnaire(id);
        let mut prompts = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for question in questions(q) {
            let prompt = question.prompt.english().trim().to_lowercase();
            assert!(!prompt.is_empty(), "{id}/{}: blank prompt", question.id);
            assert!(
                prompts.insert(prompt),
                "{id}/{}: prompt repeated",
                question.id
            );
            assert!(
                ids.insert(question.id.as_str()),
                "{id}/{}: id repeated",
                question.id
            );
        }
    }
}

#[test]
fn question_counts_are_in_the_planned_range() {
    // The brief asks for about 40-50 State questions and 35-45 company remedy questions.
    let state = questions(questionnaire("ungp-protect-state")).count();
    let remedy = questions(questionnaire("ungp-remedy")).count();
    assert!((40..=55).contains(&state), "ungp-protect-state has {state}");
    assert!((35..=45).contains(&remedy), "ungp-remedy has {remedy}");
}

#[test]
fn state_questionnaire_covers_principles_1_to_10_and_the_state_side_of_remedy() {
    let q = questionnaire("ungp-protect-state");
    let served: BTreeSet<u8> = questions(q)
        .flat_map(|question| question.principles.iter().map(|p| p.number()))
        .collect();
    // Pillar I (1-10) and the State-side remedy principles named in the brief.
    for n in (1..=10).chain([25, 26, 27, 28, 30]) {
        assert!(
            served.contains(&n),
            "principle {n} is served by no question"
        );
    }
}

#[test]
fn each_principle_31_criterion_has_its_own_question() {
    let q = questionnaire("ungp-remedy");
    let p31 = Principle::new(31).expect("31 is a principle");
    // The criteria of Principle 31, (a) to (h), with a word each prompt must use.
    let criteria = [
        ("criterion-a-legitimate", "legitimate"),
        ("criterion-b-accessible", "accessible"),
        ("criterion-c-predictable", "predictable"),
        ("criterion-d-equitable", "equitable"),
        ("criterion-e-transparent", "transparent"),
        ("criterion-f-rights-compatible", "rights-compatible"),
        ("criterion-g-learning", "learning"),
        ("criterion-h-engagement", "engagement"),
    ];
    let mut seen = BTreeSet::new();
    for (qid, word) in criteria {
        let question = questions(q)
            .find(|question| question.id.as_str() == qid)
            .unwrap_or_else(|| panic!("no question `{qid}`"));
        assert!(question.principles.contains(&p31), "{qid} does not cite 31");
        assert!(
            question.prompt.english().to_lowercase().contains(word),
            "{qid}: prompt does not name the criterion `{word}`"
        );
        assert!(
            question
                .help
                .as_ref()
                .is_some_and(|h| h.english().contains("31(")),
            "{qid}: help does not cite the lettered criterion"
        );
        assert!(
            seen.insert(question.prompt.english()),
            "{qid} shares a prompt"
        );
    }
}

/// Every user-facing text of a questionnaire, with where it is.
fn texts(q: &Questionnaire) -> Vec<(String, &Text)> {
    let mut out: Vec<(String, &Text)> = vec![("title".into(), &q.title)];
    out.extend(q.description.iter().map(|t| ("description".into(), t)));
    for s in &q.sections {
        let at = format!("sections/{}", s.id);
        out.push((format!("{at}/title"), &s.title));
        out.extend(
            s.description
                .iter()
                .map(|t| (format!("{at}/description"), t)),
        );
        for question in &s.questions {
            let at = format!("{at}/{}", question.id);
            out.push((format!("{at}/prompt"), &question.prompt));
            for (name, text) in [
                ("help", &question.help),
                ("evidence", &question.evidence),
                ("action", &question.action),
            ] {
                out.extend(text.iter().map(|t| (format!("{at}/{name}"), t)));
            }
            match &question.answer {
                AnswerKind::Maturity { labels } => {
                    for (i, label) in labels.iter().flatten().enumerate() {
                        out.push((format!("{at}/labels/{i}"), label));
                    }
                }
                AnswerKind::SingleChoice { options }
                | AnswerKind::MultipleChoice { options, .. } => {
                    for option in options {
                        out.push((format!("{at}/options/{}", option.id), &option.label));
                    }
                }
                AnswerKind::Number { unit, bands, .. } => {
                    out.extend(unit.iter().map(|t| (format!("{at}/unit"), t)));
                    for (i, band) in bands.iter().enumerate() {
                        out.extend(band.label.iter().map(|t| (format!("{at}/bands/{i}"), t)));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn ungp_remedy_is_translated_into_french_everywhere() {
    let q = questionnaire("ungp-remedy");
    let languages: Vec<&str> = q.languages.iter().map(|l| l.as_str()).collect();
    assert_eq!(languages, ["en", "fr"]);
    let all = texts(q);
    // 41 questions each have a prompt, help, evidence and action: the walk must reach them all.
    assert!(
        all.len() > 4 * 41,
        "the walk found only {} texts",
        all.len()
    );
    for (at, text) in all {
        let Text::Translated(map) = text else {
            panic!("{at}: plain text, not translated");
        };
        for lang in ["en", "fr"] {
            assert!(
                map.get(lang).is_some_and(|t| !t.trim().is_empty()),
                "{at}: no `{lang}` text"
            );
        }
        assert_ne!(
            map.get("en"),
            map.get("fr"),
            "{at}: French is a copy of English"
        );
    }
}

#[test]
fn ungp_remedy_uses_maturity_labels_in_both_languages() {
    // A maturity question without labels would show the crate's standard labels, which are
    // English only; every maturity question here sets bilingual labels.
    for question in questions(questionnaire("ungp-remedy")) {
        if let AnswerKind::Maturity { labels } = &question.answer {
            assert!(labels.is_some(), "{}: no labels", question.id);
        }
    }
}

fn sample(text: &str) -> Assessment {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("sample does not parse: {e}"))
}

#[test]
fn samples_parse_and_name_their_questionnaire() {
    let samples = [
        (
            include_str!("../../examples/data/veridia-state.assessment.json"),
            "ungp-protect-state",
            "Republic of Veridia",
        ),
        (
            include_str!("../../examples/data/meridian-remedy.assessment.json"),
            "ungp-remedy",
            "Meridian Cloud & AI Ltd.",
        ),
    ];
    for (text, id, name) in samples {
        let assessment = sample(text);
        let checked = builtin(id).expect("registered");
        assert_eq!(assessment.questionnaire.id.as_str(), id);
        assert_eq!(
            assessment.questionnaire.version,
            checked.questionnaire().version
        );
        assert_eq!(assessment.subject.name, name);
        let known: BTreeSet<&str> = questions(checked.questionnaire())
            .map(|q| q.id.as_str())
            .collect();
        for (qid, response) in &assessment.responses {
            assert!(
                known.contains(qid.as_str()),
                "{id}: unknown question `{qid}`"
            );
            if let Response::NotApplicable { reason, .. } = response {
                assert!(!reason.trim().is_empty(), "{id}/{qid}: blank reason");
            }
        }
        if let Err(problems) = assessment.check(checked) {
            panic!("{id} sample:\n{problems}");
        }
    }
}

#[test]
fn samples_are_mixed() {
    // The samples are meant to be realistic: some unknowns, some N/A, evidence on a good share
    // of answers, and answers at both ends of the scale.
    for text in [
        include_str!("../../examples/data/veridia-state.assessment.json"),
        include_str!("../../examples/data/meridian-remedy.assessment.json"),
    ] {
        let assessment = sample(text);
        let responses: Vec<&Response> = assessment.responses.values().collect();
        let unknown = responses
            .iter()
            .filter(|r| matches!(r, Response::Unknown { .. }))
            .count();
        let not_applicable = responses
            .iter()
            .filter(|r| matches!(r, Response::NotApplicable { .. }))
            .count();
        let with_evidence = responses
            .iter()
            .filter(|r| matches!(r, Response::Answered { evidence, .. } if !evidence.is_empty()))
            .count();
        let levels: BTreeSet<u8> = responses
            .iter()
            .filter_map(|r| match r {
                Response::Answered {
                    answer: Answer::Maturity { level },
                    ..
                } => Some(*level),
                _ => None,
            })
            .collect();
        assert!(unknown >= 1 && not_applicable >= 1);
        assert!(with_evidence * 3 >= responses.len(), "too little evidence");
        assert!(
            levels.contains(&0) && levels.contains(&3),
            "levels {levels:?}"
        );
    }
}

#[test]
fn samples_score_as_their_stories_say() {
    use crate::scoring::{ScoringProfile, score};
    // Veridia's police bought facial recognition with no impact assessment (a critical question
    // at 0): the nexus section's band is capped. Meridian offers no route to people harmed by
    // customers' use of its products (critical, at 0): the product-harms section is capped, and by
    // hand its score is low: weights 3, 2, 1, 1, 1 at levels 0, 1, 1, 0, 2 give
    // (0 + 2 x 0.25 + 0.25 + 0 + 0.5) / 8 = 15.6 % under a linear maturity scale.
    for (text, id, capped) in [
        (
            include_str!("../../examples/data/veridia-state.assessment.json"),
            "ungp-protect-state",
            "state-business-nexus",
        ),
        (
            include_str!("../../examples/data/meridian-remedy.assessment.json"),
            "ungp-remedy",
            "product-harms",
        ),
    ] {
        let assessment = sample(text);
        let checked = assessment
            .check(builtin(id).expect("registered"))
            .unwrap_or_else(|problems| panic!("{id}:\n{problems}"));
        let card = score(&checked, &ScoringProfile::default_profile());
        let overall = card.overall.score.expect("an overall score");
        assert!(overall > 10.0 && overall < 70.0, "{id}: overall {overall}");
        let section = card
            .sections
            .iter()
            .find(|s| s.section.as_str() == capped)
            .expect("the section is scored");
        assert!(section.cap.is_some(), "{id}/{capped} is not capped");
        if id == "ungp-remedy" {
            let product = section.summary.score.expect("scored");
            assert!(product < 25.0, "product-harms scored {product}");
        }
    }
}
