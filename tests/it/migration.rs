//! The shipped migration of `btech-investor` 1.0.0 to 1.1.0, applied to the Harbourline sample.
//!
//! The expected report is derived by reading the migration document
//! (`src/questionnaire/data/btech-investor-1.0.0-to-1.1.0.migration.json`) against the sample
//! (`examples/data/harbourline-investor.assessment.json`), not by running the code.

use std::collections::BTreeMap;

use hrdd::Version;
use hrdd::assessment::{Answer, Assessment, Response};
use hrdd::migration::{Outcome, builtin_migration, migrate};
use hrdd::questionnaire::builtin_version;
use hrdd::scoring::{ScoringProfile, score};

const HARBOURLINE: &str = include_str!("../../examples/data/harbourline-investor.assessment.json");

fn level(response: Option<&Response>) -> Option<u8> {
    match response {
        Some(Response::Answered {
            answer: Answer::Maturity { level },
            ..
        }) => Some(*level),
        _ => None,
    }
}

#[test]
fn harbourline_migrates_to_investor_1_1_0_as_the_migration_says() {
    let (v1, v2) = (Version::new(1, 0, 0), Version::new(1, 1, 0));
    let old_questionnaire = builtin_version("btech-investor", &v1).unwrap();
    let new_questionnaire = builtin_version("btech-investor", &v2).unwrap();
    let migration = builtin_migration("btech-investor", &v1, &v2).unwrap();
    let old = Assessment::from_json(HARBOURLINE).unwrap();
    let checked = old.check(old_questionnaire).unwrap();
    let migrated = migrate(&checked, migration, new_questionnaire).unwrap();
    let new = &migrated.assessment;
    let report = &migrated.report;

    // The result answers 1.1.0 and passes its check.
    assert_eq!(new.questionnaire.version, v2);
    new.check(new_questionnaire).unwrap();
    assert_eq!(new.subject, old.subject);
    assert_eq!(new.date, old.date);

    // The sample has 34 responses (one per question of 1.0.0); each has one entry.
    assert_eq!(old.responses.len(), 34);
    assert_eq!(report.entries.len(), 34);

    // What the migration says happens to the six questions it names:
    let outcomes: BTreeMap<&str, (Outcome, Vec<&str>)> = report
        .entries
        .iter()
        .map(|e| {
            (
                e.question.as_str(),
                (e.outcome, e.to.iter().map(String::as_str).collect()),
            )
        })
        .collect();
    let named = [
        // split, mode copy: the level-3 answer goes to both new questions.
        (
            "inv-policy-public",
            Outcome::Transformed,
            vec![
                "/responses/inv-policy-published",
                "/responses/inv-policy-communicated",
            ],
        ),
        // rename: the unknown answer moves to stewardship unchanged.
        (
            "inv-severity-priority",
            Outcome::Carried,
            vec!["/responses/stw-severity-priority"],
        ),
        // merge by min: public report 2 < client reporting 3, so the public report's is kept...
        (
            "trk-public-report",
            Outcome::Transformed,
            vec!["/responses/trk-reporting"],
        ),
        // ...and the client reporting answer is dropped, with the reason.
        ("trk-client-reporting", Outcome::Dropped, vec![]),
        // remove.
        ("stw-collaborative", Outcome::Dropped, vec![]),
        // option `senior-letter` renamed `board-escalation`.
        (
            "esc-tools",
            Outcome::Transformed,
            vec!["/responses/esc-tools"],
        ),
    ];
    for (question, outcome, to) in &named {
        assert_eq!(
            outcomes[question],
            (*outcome, to.clone()),
            "{question}: {report:#?}"
        );
    }
    // The 28 other responses are carried unchanged under their own id.
    for (question, response) in &old.responses {
        if named.iter().any(|(q, _, _)| q == &question.as_str()) {
            continue;
        }
        assert_eq!(
            outcomes[question.as_str()],
            (
                Outcome::Carried,
                vec![format!("/responses/{question}").as_str()]
            ),
            "{question}"
        );
        assert_eq!(new.responses.get(question), Some(response), "{question}");
    }
    assert_eq!(report.with_outcome(Outcome::Carried).count(), 29);
    assert_eq!(report.with_outcome(Outcome::Transformed).count(), 3);
    assert_eq!(report.with_outcome(Outcome::Dropped).count(), 2);
    assert_eq!(report.with_outcome(Outcome::NeedsReview).count(), 0);

    // The answers themselves.
    let policy_public = old.responses.get("inv-policy-public");
    assert_eq!(new.responses.get("inv-policy-published"), policy_public);
    assert_eq!(new.responses.get("inv-policy-communicated"), policy_public);
    assert_eq!(
        new.responses.get("stw-severity-priority"),
        old.responses.get("inv-severity-priority")
    );
    assert_eq!(level(new.responses.get("trk-reporting")), Some(2));
    assert!(matches!(
        new.responses.get("esc-tools"),
        Some(Response::Answered { answer: Answer::MultipleChoice { options }, evidence, .. })
            if options.iter().map(|o| o.as_str()).collect::<Vec<_>>() == ["board-escalation"]
                && evidence.len() == 1
    ));
    // Dropped answers are kept in the report with their reason.
    let dropped: BTreeMap<&str, _> = report
        .with_outcome(Outcome::Dropped)
        .map(|e| (e.question.as_str(), e))
        .collect();
    assert_eq!(
        level(dropped["trk-client-reporting"].original.as_ref()),
        Some(3)
    );
    assert!(
        dropped["trk-client-reporting"]
            .reason
            .as_deref()
            .unwrap()
            .contains("rule `min` kept the answer of `trk-public-report`")
    );
    assert_eq!(
        level(dropped["stw-collaborative"].original.as_ref()),
        Some(1)
    );
    assert!(
        dropped["stw-collaborative"]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("removed in version `1.1.0`: collaborative engagement is now covered")
    );
    // 28 same-id + renamed + 2 split copies + merged + esc-tools.
    assert_eq!(new.responses.len(), 33);
    assert_eq!(
        report
            .new_questions
            .iter()
            .map(|q| q.as_str())
            .collect::<Vec<_>>(),
        ["inv-context-conflict"]
    );

    // Scored against 1.1.0, the one new question is the only one left unanswered (every 1.0.0
    // question was answered, and every visibility condition still holds).
    let card = score(
        &new.check(new_questionnaire).unwrap(),
        &ScoringProfile::default_profile(),
    );
    assert_eq!(card.overall.unanswered, 1);
    assert!(
        card.gaps
            .iter()
            .any(|g| g.question.as_str() == "inv-context-conflict")
    );
}

#[test]
fn the_report_is_a_json_value_that_reads_back() {
    let (v1, v2) = (Version::new(1, 0, 0), Version::new(1, 1, 0));
    let old = Assessment::from_json(HARBOURLINE).unwrap();
    let checked = old
        .check(builtin_version("btech-investor", &v1).unwrap())
        .unwrap();
    let migrated = migrate(
        &checked,
        builtin_migration("btech-investor", &v1, &v2).unwrap(),
        builtin_version("btech-investor", &v2).unwrap(),
    )
    .unwrap();
    let json = serde_json::to_string(&migrated.report).unwrap();
    let back: hrdd::migration::MigrationReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, migrated.report);
}

#[test]
fn the_shipped_migration_passes_the_document_reader() {
    // The same schema and checks a user's migration goes through.
    let text =
        include_str!("../../src/questionnaire/data/btech-investor-1.0.0-to-1.1.0.migration.json");
    let document = hrdd::document::read(text, &hrdd::Limits::default()).unwrap();
    assert_eq!(document.kind(), hrdd::document::DocumentKind::Migration);
}
