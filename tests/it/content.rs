//! The built-in content as a whole (issue 3): what a practitioner needs from the five
//! questionnaires together, beyond what each questionnaire's own tests check.

use std::collections::{BTreeMap, BTreeSet};

use hrdd::Text;
use hrdd::catalog::Principle;
use hrdd::questionnaire::{Question, builtin, builtins};

/// The five questionnaires issue 3 asks for.
const REQUIRED: [&str; 5] = [
    "ungp-protect-state",
    "ungp-respect-company",
    "ungp-remedy",
    "btech-investor",
    "end-use-screening",
];

fn questions() -> impl Iterator<Item = (&'static str, &'static Question)> {
    builtins().iter().flat_map(|checked| {
        let questionnaire = checked.questionnaire();
        questionnaire.sections.iter().flat_map(move |s| {
            s.questions
                .iter()
                .map(move |q| (questionnaire.id.as_str(), q))
        })
    })
}

#[test]
fn the_five_questionnaires_are_built_in() {
    for id in REQUIRED {
        assert!(builtin(id).is_some(), "`{id}` is not built in");
    }
    let count: usize = REQUIRED
        .iter()
        .map(|id| builtin(id).map_or(0, |q| q.question_count()))
        .sum();
    assert!(
        (150..=260).contains(&count),
        "{count} questions across the five"
    );
}

#[test]
fn every_principle_is_served_by_some_question() {
    let mut served = BTreeSet::new();
    for checked in builtins() {
        for section in &checked.questionnaire().sections {
            for question in &section.questions {
                let own = if question.principles.is_empty() {
                    &section.principles
                } else {
                    &question.principles
                };
                served.extend(own.iter().map(|p| p.number()));
            }
        }
    }
    let missing: Vec<u8> = Principle::all()
        .map(Principle::number)
        .filter(|n| !served.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "principles served by no question: {missing:?}"
    );
}

#[test]
fn each_principle_31_criterion_has_its_own_question() {
    let remedy = builtin("ungp-remedy").unwrap();
    for criterion in [
        "a-legitimate",
        "b-accessible",
        "c-predictable",
        "d-equitable",
        "e-transparent",
        "f-rights-compatible",
        "g-learning",
        "h-engagement",
    ] {
        let id = format!("criterion-{criterion}");
        let (question, _) = remedy
            .question(&id)
            .unwrap_or_else(|| panic!("no question `{id}`"));
        assert!(
            question.principles.iter().any(|p| p.number() == 31),
            "`{id}` does not cite Principle 31"
        );
    }
}

#[test]
fn each_btech_focus_area_and_the_investor_theme_has_a_section() {
    // (questionnaire, section): business models, end-use, remedy, smart mix (B-Tech focus areas
    // 1-4), and investors (the cross-cutting theme).
    for (questionnaire, section) in [
        ("ungp-respect-company", "business-model-risks"),
        ("ungp-respect-company", "end-use"),
        ("ungp-remedy", "remedy-ecosystem"),
        ("ungp-protect-state", "foundations"),
        ("btech-investor", "inv-stewardship"),
    ] {
        let checked = builtin(questionnaire).unwrap();
        assert!(
            checked
                .questionnaire()
                .sections
                .iter()
                .any(|s| s.id.as_str() == section),
            "`{questionnaire}` has no section `{section}`"
        );
    }
}

fn blank(text: &Option<Text>) -> bool {
    text.as_ref().is_none_or(Text::is_blank)
}

#[test]
fn every_question_has_help_and_an_action() {
    let lacking: Vec<String> = questions()
        .filter(|(_, q)| blank(&q.help) || blank(&q.action))
        .map(|(id, q)| format!("{id}/{}", q.id))
        .collect();
    assert!(
        lacking.is_empty(),
        "questions without help or action: {lacking:?}"
    );
}

#[test]
fn no_two_questions_share_a_prompt() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (questionnaire, question) in questions() {
        let prompt = question.prompt.english().trim().to_lowercase();
        let place = format!("{questionnaire}/{}", question.id);
        if let Some(first) = seen.insert(prompt.clone(), place.clone()) {
            panic!("`{first}` and `{place}` share the prompt `{prompt}`");
        }
    }
}
