//! Tests of migration checks and of `migrate` on a small pair of questionnaire versions.
//!
//! Every expected value here is read off the two versions and the migration by hand.

use crate::assessment::{Answer, Assessment, Response};
use crate::questionnaire::{CheckedQuestionnaire, Questionnaire};

use super::{Migration, Outcome, migrate};

const V1: &str = r#"{
  "document": "questionnaire", "id": "t", "version": "1.0.0", "title": "T", "audience": "any",
  "sections": [
    { "id": "s", "title": "S", "pillar": "respect", "principles": [17], "questions": [
      { "id": "a", "prompt": "A?", "answer": { "kind": "maturity" } },
      { "id": "b", "prompt": "B?", "allow_not_applicable": true, "answer": { "kind": "maturity" } },
      { "id": "g", "prompt": "G?", "answer": { "kind": "maturity" } },
      { "id": "h", "prompt": "H?", "answer": { "kind": "maturity" } },
      { "id": "c", "prompt": "C?", "answer": { "kind": "yes_no" } },
      { "id": "d", "prompt": "D?", "answer": { "kind": "single_choice", "options": [
        { "id": "x", "label": "X", "points": 0 }, { "id": "y", "label": "Y", "points": 1 } ] } },
      { "id": "e", "prompt": "E?", "answer": { "kind": "multiple_choice", "options": [
        { "id": "p", "label": "P", "points": 1 }, { "id": "q", "label": "Q", "points": 1 },
        { "id": "r", "label": "R", "points": 1 } ] } },
      { "id": "gone", "prompt": "Gone?", "answer": { "kind": "maturity" } },
      { "id": "l", "prompt": "L?", "answer": { "kind": "list" } } ] },
    { "id": "r", "title": "R", "pillar": "respect", "principles": [18], "repeat": { "over": "l" },
      "questions": [
        { "id": "ri", "prompt": "RI?", "answer": { "kind": "maturity" } },
        { "id": "rj", "prompt": "RJ?", "answer": { "kind": "yes_no" } } ] } ] }"#;

const V2: &str = r#"{
  "document": "questionnaire", "id": "t", "version": "2.0.0", "title": "T", "audience": "any",
  "sections": [
    { "id": "s", "title": "S", "pillar": "respect", "principles": [17], "questions": [
      { "id": "a2", "prompt": "A?", "answer": { "kind": "maturity" } },
      { "id": "b1", "prompt": "B1?", "answer": { "kind": "maturity" } },
      { "id": "b2", "prompt": "B2?", "allow_not_applicable": true, "answer": { "kind": "maturity" } },
      { "id": "gh", "prompt": "GH?", "answer": { "kind": "maturity" } },
      { "id": "c", "prompt": "C?", "answer": { "kind": "yes_no" } },
      { "id": "d", "prompt": "D?", "answer": { "kind": "single_choice", "options": [
        { "id": "x2", "label": "X", "points": 0 }, { "id": "y", "label": "Y", "points": 1 } ] } },
      { "id": "e", "prompt": "E?", "answer": { "kind": "multiple_choice", "options": [
        { "id": "p", "label": "P", "points": 1 }, { "id": "q", "label": "Q", "points": 1 } ] } },
      { "id": "fresh", "prompt": "New?", "answer": { "kind": "maturity" } },
      { "id": "l", "prompt": "L?", "answer": { "kind": "list" } } ] },
    { "id": "rs", "title": "R", "pillar": "respect", "principles": [18], "repeat": { "over": "l" },
      "questions": [
        { "id": "ri2", "prompt": "RI?", "answer": { "kind": "maturity" } },
        { "id": "rj", "prompt": "RJ?", "answer": { "kind": "yes_no" } } ] } ] }"#;

/// A migration from V1 to V2 with `changes` (a JSON array's contents).
fn migration(changes: &str) -> Migration {
    let text = format!(
        r#"{{ "document": "migration", "questionnaire": "t", "from": "1.0.0", "to": "2.0.0",
             "changes": [ {changes} ] }}"#
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

const GOOD: &str = r#"
  { "kind": "rename", "from": "a", "to": "a2" },
  { "kind": "split", "from": "b", "into": ["b1", "b2"], "mode": "copy" },
  { "kind": "merge", "from": ["g", "h"], "into": "gh", "rule": "max", "reason": "one question now" },
  { "kind": "remove", "question": "gone", "reason": "no longer asked" },
  { "kind": "rename_options", "question": "d", "options": { "x": "x2" } },
  { "kind": "rename_section", "from": "r", "to": "rs" },
  { "kind": "rename", "from": "ri", "to": "ri2" },
  { "kind": "add", "question": "fresh" }"#;

fn versions() -> (CheckedQuestionnaire, CheckedQuestionnaire) {
    let v1: Questionnaire = serde_json::from_str(V1).unwrap();
    let v2: Questionnaire = serde_json::from_str(V2).unwrap();
    (v1.check().unwrap(), v2.check().unwrap())
}

/// The problems of `changes`, as `(pointer, message)`.
fn problems(changes: &str) -> Vec<(String, String)> {
    let (v1, v2) = versions();
    match migration(changes).validate(&v1, &v2) {
        Ok(()) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| (p.pointer, p.message))
            .collect(),
    }
}

fn has(found: &[(String, String)], pointer: &str, fragment: &str) -> bool {
    found
        .iter()
        .any(|(p, m)| p == pointer && m.contains(fragment))
}

#[test]
fn the_good_migration_is_valid() {
    assert_eq!(problems(GOOD), Vec::<(String, String)>::new());
}

#[test]
fn a_question_mapped_twice_is_reported_at_the_second_mapping() {
    let found = problems(&format!(
        r#"{GOOD}, {{ "kind": "remove", "question": "a", "reason": "twice" }}"#
    ));
    assert!(
        has(
            &found,
            "/changes/8/question",
            "question `a` is already mapped at `/changes/0`"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_question_targeted_twice_is_reported() {
    let found = problems(&format!(r#"{GOOD}, {{ "kind": "add", "question": "a2" }}"#));
    assert!(
        has(
            &found,
            "/changes/8/question",
            "`a2` is already the target of `/changes/0`"
        ),
        "{found:#?}"
    );
}

#[test]
fn unknown_ids_on_either_side_are_reported() {
    let found = problems(
        &GOOD
            .replace(r#""to": "a2""#, r#""to": "a3""#)
            .replace(r#""question": "gone""#, r#""question": "went""#),
    );
    assert!(
        has(
            &found,
            "/changes/0/to",
            "unknown question `a3` in version `2.0.0`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes/3/question",
            "unknown question `went` in version `1.0.0`"
        ),
        "{found:#?}"
    );
    // With `a2` no longer reached and `gone` no longer mapped, both sides have a question left.
    assert!(
        has(
            &found,
            "/changes",
            "question `a2` is new in version `2.0.0`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes",
            "question `gone` of version `1.0.0` is not in version `2.0.0`"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_missing_section_or_option_is_reported() {
    let found = problems(
        &GOOD
            .replace(r#""to": "rs""#, r#""to": "rz""#)
            .replace(r#""x": "x2""#, r#""w": "x3""#),
    );
    assert!(
        has(
            &found,
            "/changes/5/to",
            "unknown section `rz` in version `2.0.0`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes/4/options/w",
            "unknown option `w` of `d` in version `1.0.0`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes/4/options/w",
            "`x3` is not an option of `d` in version `2.0.0`"
        ),
        "{found:#?}"
    );
}

#[test]
fn answers_cannot_change_kind_or_section() {
    // `c` is yes/no and `a2` maturity; `ri` is in the repeated section and `fresh` is not.
    let found = problems(
        &GOOD
            .replace(
                r#"{ "kind": "rename", "from": "a", "to": "a2" }"#,
                r#"{ "kind": "merge", "from": ["a", "c"], "into": "a2", "rule": "min" }"#,
            )
            .replace(
                r#""from": "ri", "to": "ri2""#,
                r#""from": "ri", "to": "fresh""#,
            )
            .replace(
                r#"{ "kind": "add", "question": "fresh" }"#,
                r#"{ "kind": "add", "question": "ri2" }, { "kind": "add", "question": "c" }"#,
            ),
    );
    assert!(
        has(
            &found,
            "/changes/0/from/1",
            "`c` is a yes/no question in version `1.0.0` but `a2` is a maturity question"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes/6/to",
            "`ri` is answered in the repeated section `rs` and `fresh` in a section asked once"
        ),
        "{found:#?}"
    );
}

#[test]
fn structural_mistakes_are_reported() {
    let found = problems(
        &GOOD
            .replace(r#""into": ["b1", "b2"]"#, r#""into": ["b1"]"#)
            .replace(r#""reason": "no longer asked""#, r#""reason": " ""#),
    );
    // Checks on the migration alone come first and stop the rest.
    assert!(
        has(
            &found,
            "/changes/1/into",
            "a split needs at least two questions"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "/changes/3/reason",
            "say why the question is removed"
        ),
        "{found:#?}"
    );
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn min_and_max_need_an_ordered_answer() {
    let found = problems(&format!(
        r#"{GOOD}, {{ "kind": "merge", "from": ["e", "c"], "into": "e", "rule": "min" }}"#
    ));
    assert!(
        has(
            &found,
            "/changes/8/rule",
            "rule `min` needs answers that can be ordered, and `e` is a multiple-choice question"
        ),
        "{found:#?}"
    );
}

#[test]
fn another_questionnaire_or_version_is_reported_first() {
    let (v1, v2) = versions();
    let mut wrong = migration(GOOD);
    wrong.from = crate::Version::new(1, 0, 1);
    let found: Vec<_> = wrong.validate(&v1, &v2).unwrap_err().into_iter().collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].pointer, "/from");
    let found: Vec<_> = migration(GOOD)
        .validate(&v2, &v1)
        .unwrap_err()
        .into_iter()
        .collect();
    assert_eq!(
        found.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(),
        ["/from", "/to"]
    );
}

#[test]
fn an_unmapped_question_cannot_also_be_a_target() {
    // `c` keeps its id, so renaming `a` to `c` would give `c` two answers.
    let found = problems(&GOOD.replace(r#""to": "a2""#, r#""to": "c""#));
    assert!(
        has(
            &found,
            "/changes/0/to",
            "question `c` keeps its id because no change maps it"
        ),
        "{found:#?}"
    );
}

fn answered(answer: &str) -> String {
    format!(r#"{{ "status": "answered", "answer": {answer}, "evidence": ["e1"] }}"#)
}

fn maturity(level: u8) -> String {
    answered(&format!(r#"{{ "kind": "maturity", "level": {level} }}"#))
}

fn assessment(responses: &str, repeats: &str) -> Assessment {
    let text = format!(
        r#"{{ "document": "assessment", "questionnaire": {{ "id": "t", "version": "1.0.0" }},
             "subject": {{ "kind": "organisation", "name": "X" }},
             "responses": {{ {responses} }}, "repeats": {{ {repeats} }} }}"#
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn outcome_of<'a>(report: &'a super::MigrationReport, pointer: &str) -> &'a super::MigrationEntry {
    report
        .entries
        .iter()
        .find(|e| e.pointer == pointer)
        .unwrap_or_else(|| panic!("no entry for {pointer} in {report:#?}"))
}

#[test]
fn every_change_does_what_it_says() {
    let (v1, v2) = versions();
    let old = assessment(
        &format!(
            r#""a": {}, "b": {}, "g": {}, "h": {}, "c": {}, "d": {}, "e": {}, "gone": {}, "l": {}"#,
            maturity(1),
            r#"{ "status": "not_applicable", "reason": "none" }"#,
            maturity(2),
            maturity(3),
            answered(r#"{ "kind": "yes_no", "value": true }"#),
            answered(r#"{ "kind": "single_choice", "option": "x" }"#),
            answered(r#"{ "kind": "multiple_choice", "options": ["p", "r"] }"#),
            maturity(4),
            answered(r#"{ "kind": "list", "items": ["i1"] }"#),
        ),
        &format!(
            r#""r": {{ "i1": {{ "ri": {}, "rj": {{ "status": "unknown" }} }} }}"#,
            maturity(2)
        ),
    );
    let checked = old.check(&v1).unwrap();
    let migrated = migrate(&checked, &migration(GOOD), &v2).unwrap();
    let new = &migrated.assessment;
    let report = &migrated.report;
    new.check(&v2).unwrap();

    // One entry per old response: 9 asked once and 2 in the repeated section.
    assert_eq!(report.entries.len(), 11);
    let level = |r: Option<&Response>| match r {
        Some(Response::Answered {
            answer: Answer::Maturity { level },
            ..
        }) => Some(*level),
        _ => None,
    };
    // rename
    assert_eq!(level(new.responses.get("a2")), Some(1));
    assert_eq!(outcome_of(report, "/responses/a").outcome, Outcome::Carried);
    assert_eq!(outcome_of(report, "/responses/a").to, ["/responses/a2"]);
    // split copy: N/A goes to b2, which allows it; b1 does not, so that copy is not carried.
    assert!(matches!(
        new.responses.get("b2"),
        Some(Response::NotApplicable { .. })
    ));
    assert!(!new.responses.contains_key("b1"));
    let b = outcome_of(report, "/responses/b");
    assert_eq!(b.outcome, Outcome::Transformed);
    assert_eq!(b.to, ["/responses/b2"]);
    assert!(
        b.reason
            .as_deref()
            .unwrap()
            .contains("not carried to `/responses/b1`: not applicable is not allowed for `b1`"),
        "{b:#?}"
    );
    // merge max: h (3) beats g (2).
    assert_eq!(level(new.responses.get("gh")), Some(3));
    assert_eq!(
        outcome_of(report, "/responses/h").outcome,
        Outcome::Transformed
    );
    let g = outcome_of(report, "/responses/g");
    assert_eq!(g.outcome, Outcome::Dropped);
    assert!(
        g.reason
            .as_deref()
            .unwrap()
            .contains("rule `max` kept the answer of `h`: one question now")
    );
    assert_eq!(level(g.original.as_ref()), Some(2));
    // remove
    let gone = outcome_of(report, "/responses/gone");
    assert_eq!(gone.outcome, Outcome::Dropped);
    assert_eq!(
        gone.reason.as_deref(),
        Some("removed in version `2.0.0`: no longer asked")
    );
    // unchanged
    assert_eq!(outcome_of(report, "/responses/c").outcome, Outcome::Carried);
    // renamed option
    assert!(matches!(new.responses.get("d"),
        Some(Response::Answered { answer: Answer::SingleChoice { option }, .. }) if option.as_str() == "x2"));
    assert_eq!(
        outcome_of(report, "/responses/d").outcome,
        Outcome::Transformed
    );
    // an option the new version lacks: the whole answer is dropped, with the checker's reason.
    assert!(!new.responses.contains_key("e"));
    let e = outcome_of(report, "/responses/e");
    assert_eq!(e.outcome, Outcome::Dropped);
    assert!(
        e.reason
            .as_deref()
            .unwrap()
            .contains("unknown option `r` for `e`"),
        "{e:#?}"
    );
    assert!(e.original.is_some());
    // renamed section and a renamed question inside it
    let item = &new.repeats["rs"]["i1"];
    assert_eq!(level(item.get("ri2")), Some(2));
    assert!(matches!(item.get("rj"), Some(Response::Unknown { .. })));
    assert_eq!(
        outcome_of(report, "/repeats/r/i1/ri").to,
        ["/repeats/rs/i1/ri2"]
    );
    // added
    assert_eq!(
        report
            .new_questions
            .iter()
            .map(|q| q.as_str())
            .collect::<Vec<_>>(),
        ["fresh"]
    );
    // Nothing else in the new assessment: a2, b2, gh, c, d, l asked once.
    assert_eq!(new.responses.len(), 6, "{:#?}", new.responses);
}

#[test]
fn review_modes_leave_the_new_questions_unanswered_and_keep_the_old_answers() {
    let (v1, v2) = versions();
    let changes = GOOD
        .replace(r#""mode": "copy""#, r#""mode": "review""#)
        .replace(r#""rule": "max""#, r#""rule": "review""#);
    let old = assessment(
        &format!(
            r#""b": {}, "g": {}, "h": {}"#,
            maturity(1),
            maturity(2),
            maturity(3)
        ),
        "",
    );
    let migrated = migrate(&old.check(&v1).unwrap(), &migration(&changes), &v2).unwrap();
    assert!(migrated.assessment.responses.is_empty());
    for pointer in ["/responses/b", "/responses/g", "/responses/h"] {
        let entry = outcome_of(&migrated.report, pointer);
        assert_eq!(entry.outcome, Outcome::NeedsReview, "{pointer}");
        assert!(entry.original.is_some(), "{pointer}");
    }
}

#[test]
fn merge_rules_min_and_first_and_unknowns() {
    let (v1, v2) = versions();
    let run = |rule: &str, g: &str, h: &str| {
        let changes = GOOD.replace(r#""rule": "max""#, &format!(r#""rule": "{rule}""#));
        let old = assessment(&format!(r#""g": {g}, "h": {h}"#), "");
        let migrated = migrate(&old.check(&v1).unwrap(), &migration(&changes), &v2).unwrap();
        migrated.assessment.responses.get("gh").cloned()
    };
    let level = |r: Option<Response>| match r {
        Some(Response::Answered {
            answer: Answer::Maturity { level },
            ..
        }) => Some(level),
        _ => None,
    };
    assert_eq!(level(run("min", &maturity(3), &maturity(1))), Some(1));
    assert_eq!(level(run("first", &maturity(3), &maturity(1))), Some(3));
    // An answered source beats an unknown one whatever the rule.
    assert_eq!(
        level(run("min", r#"{ "status": "unknown" }"#, &maturity(2))),
        Some(2)
    );
    // None answered: the unknown is carried.
    assert!(matches!(
        run(
            "max",
            r#"{ "status": "unknown" }"#,
            r#"{ "status": "unknown", "note": "n" }"#
        ),
        Some(Response::Unknown { .. })
    ));
}

#[test]
fn repeat_answers_whose_list_is_dropped_are_reported() {
    let (v1, v2) = versions();
    let changes = GOOD.replace(
        r#"{ "kind": "add", "question": "fresh" }"#,
        r#"{ "kind": "add", "question": "fresh" }, { "kind": "remove", "question": "l", "reason": "x" }, { "kind": "add", "question": "l" }"#,
    );
    let old = assessment(
        &format!(
            r#""l": {}"#,
            answered(r#"{ "kind": "list", "items": ["i1"] }"#)
        ),
        &format!(r#""r": {{ "i1": {{ "ri": {} }} }}"#, maturity(2)),
    );
    let migrated = migrate(&old.check(&v1).unwrap(), &migration(&changes), &v2).unwrap();
    migrated.assessment.check(&v2).unwrap();
    assert!(migrated.assessment.repeats.is_empty());
    let ri = outcome_of(&migrated.report, "/repeats/r/i1/ri");
    assert_eq!(ri.outcome, Outcome::Dropped);
    assert!(
        ri.reason.as_deref().unwrap().contains("unknown item `i1`"),
        "{ri:#?}"
    );
}
