//! Hand-computed scorecards: every expected number is worked out by hand in the comments, from
//! the contract's arithmetic, not taken from the engine.

use hrdd::assessment::Assessment;
use hrdd::questionnaire::Questionnaire;
use hrdd::scoring::{QuestionStatus, Scorecard, ScoringProfile, score};

const QUESTIONNAIRE: &str = r#"{
  "document": "questionnaire", "id": "worked", "version": "1.0.0", "title": "Worked example",
  "audience": "company",
  "sections": [
    { "id": "governance", "title": "Governance", "pillar": "respect", "principles": [16], "weight": 2,
      "questions": [
        { "id": "g1", "prompt": "How mature is the policy?", "answer": { "kind": "maturity" },
          "weight": 2, "critical": true },
        { "id": "g2", "prompt": "Do you sell to blacklisted buyers?", "answer": { "kind": "yes_no", "reversed": true } },
        { "id": "g3", "prompt": "Days to review a flagged sale?", "answer": { "kind": "number", "min": 0, "max": 30,
          "bands": [ { "from": 0, "points": 2 }, { "from": 10, "points": 1 }, { "from": 20, "points": 0 } ] } },
        { "id": "g4", "prompt": "Which board committee?", "allow_not_applicable": true, "answer": { "kind": "single_choice",
          "options": [ { "id": "none", "label": "None", "points": 0 }, { "id": "board", "label": "Board", "points": 1 } ] } } ] },
    { "id": "grievance", "title": "Grievance", "pillar": "remedy", "principles": [29],
      "questions": [
        { "id": "m1", "prompt": "Which channels?", "answer": { "kind": "multiple_choice", "max_points": 2,
          "options": [ { "id": "a", "label": "A", "points": 2 }, { "id": "b", "label": "B", "points": 1 },
                       { "id": "c", "label": "C", "points": -1 } ] } },
        { "id": "m2", "prompt": "Are outcomes tracked?", "answer": { "kind": "yes_no" }, "critical": true } ] },
    { "id": "due-diligence", "title": "Due diligence", "pillar": "respect", "principles": [17],
      "questions": [
        { "id": "d1", "prompt": "Is there an impact assessment?", "answer": { "kind": "yes_no" } },
        { "id": "d2", "prompt": "How mature is it?", "answer": { "kind": "maturity" },
          "visible_if": { "when": "yes", "question": "d1" } } ] }
  ]
}"#;

const ASSESSMENT: &str = r#"{
  "document": "assessment", "questionnaire": { "id": "worked", "version": "1.0.0" },
  "subject": { "kind": "organisation", "name": "Worked Ltd" },
  "responses": {
    "g1": { "status": "answered", "answer": { "kind": "maturity", "level": 1 }, "evidence": ["policy.pdf"] },
    "g2": { "status": "answered", "answer": { "kind": "yes_no", "value": true } },
    "g3": { "status": "answered", "answer": { "kind": "number", "value": 12 }, "evidence": ["log.csv"] },
    "g4": { "status": "not_applicable", "reason": "no board" },
    "m1": { "status": "answered", "answer": { "kind": "multiple_choice", "options": ["b", "c"] } },
    "m2": { "status": "unknown" },
    "d1": { "status": "answered", "answer": { "kind": "yes_no", "value": true }, "evidence": ["hria.pdf"] }
  }
}"#;

fn card() -> Scorecard {
    let questionnaire: Questionnaire = serde_json::from_str(QUESTIONNAIRE).unwrap();
    let questionnaire = questionnaire.check().unwrap();
    let assessment: Assessment = serde_json::from_str(ASSESSMENT).unwrap();
    let checked = assessment.check(&questionnaire).unwrap();
    score(&checked, &ScoringProfile::default_profile())
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number");
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

// Question scores, 100 * (points - worst) / (best - worst):
//   g1 maturity 1 of 0..4                      -> 1/4 = 0.25
//   g2 reversed yes/no answered yes (worst)    -> 0
//   g3 12 falls in the band from 10 (1 point) of bands worth 0..2 -> 1/2
//   g4 N/A                                     -> left out
//   m1 b + c = 1 - 1 = 0 points, scale [-1 (sum of negatives), 2 (max_points)] -> 1/3
//   m2 unknown                                 -> 0
//   d1 yes                                     -> 1
//   d2 visible (d1 is yes), unanswered         -> 0
// Sections (weighted means):
//   governance    (2 * 0.25 + 1 * 0 + 1 * 0.5) / (2 + 1 + 1) = 1 / 4 = 0.25
//   grievance     (1/3 + 0) / 2 = 1/6
//   due-diligence (1 + 0) / 2 = 1/2
// Overall over sections (weights 2, 1, 1): (2 * 1/4 + 1/6 + 1/2) / 4 = (7/6) / 4 = 7/24
// Pillars: respect (2 * 1/4 + 1/2) / 3 = 1/3; remedy 1/6.

#[test]
fn section_pillar_and_overall_scores() {
    let card = card();
    let section = |id: &str| {
        card.sections
            .iter()
            .find(|s| s.section.as_str() == id)
            .unwrap()
    };
    close(section("governance").summary.score, 25.0);
    close(section("grievance").summary.score, 100.0 / 6.0);
    close(section("due-diligence").summary.score, 50.0);
    close(card.overall.score, 700.0 / 24.0);
    let pillar = |name: &str| {
        card.pillars
            .iter()
            .find(|p| serde_json::to_value(p.pillar).unwrap() == name)
            .unwrap()
    };
    close(pillar("respect").summary.score, 100.0 / 3.0);
    close(pillar("remedy").summary.score, 100.0 / 6.0);
    // Principle 16 is served by the governance questions, each weighing question weight times
    // section weight: g1 4, g2 2, g3 2 -> (4 * 0.25 + 2 * 0 + 2 * 0.5) / 8 = 0.25.
    let p16 = card
        .principles
        .iter()
        .find(|p| p.principle.number() == 16)
        .unwrap();
    close(p16.summary.score, 25.0);
}

#[test]
fn coverage_and_confidence() {
    let card = card();
    // Applicable: g1 g2 g3 m1 m2 d1 d2 = 7 (g4 is N/A). Answered: g1 g2 g3 m1 d1 = 5.
    // Evidenced: g1 g3 d1 = 3. Unknown: m2. Unanswered: d2.
    let overall = &card.overall;
    assert_eq!(
        (
            overall.applicable,
            overall.answered,
            overall.evidenced,
            overall.unknown,
            overall.unanswered
        ),
        (7, 5, 3, 1, 1)
    );
    close(overall.coverage, 5.0 / 7.0);
    close(overall.confidence, 3.0 / 7.0);
    let status = |id: &str| {
        card.questions
            .iter()
            .find(|q| q.question.as_str() == id)
            .unwrap()
            .status
    };
    assert_eq!(status("g4"), QuestionStatus::NotApplicable);
    assert_eq!(status("m2"), QuestionStatus::Unknown);
    assert_eq!(status("d2"), QuestionStatus::Unanswered);
}

#[test]
fn bands_and_the_critical_cap() {
    let card = card();
    let section = |id: &str| {
        card.sections
            .iter()
            .find(|s| s.section.as_str() == id)
            .unwrap()
    };
    let band = |id: &str| {
        section(id)
            .summary
            .band
            .as_ref()
            .unwrap()
            .as_str()
            .to_owned()
    };
    // 25 is in "initial" (20..40); g1, the critical question, is not at the bottom: no cap.
    assert_eq!(band("governance"), "initial");
    assert!(section("governance").cap.is_none());
    // 50 is in "developing" (40..60).
    assert_eq!(band("due-diligence"), "developing");
    // 16.7 is in "absent"; m2 is critical and unknown, so the cap is recorded (at "initial").
    assert_eq!(band("grievance"), "absent");
    let cap = section("grievance").cap.as_ref().unwrap();
    assert_eq!(
        (cap.band.as_str(), cap.uncapped.as_str()),
        ("initial", "absent")
    );
    assert_eq!(
        cap.questions.iter().map(|q| q.as_str()).collect::<Vec<_>>(),
        ["m2"]
    );
}

#[test]
fn the_top_gap_and_its_gain() {
    let card = card();
    // Raising one answer to the best changes its section by weight * (1 - score) / section
    // weights, and the overall by that times section weight / 4:
    //   g1: governance + 2 * 0.75 / 4 = 0.375 -> overall + 2 * 0.375 / 4 = 0.1875 (18.75)
    //   g2: + 1 / 4 -> + 0.125;  m2: grievance + 1/2 -> + 0.125;  d2: due-diligence + 1/2 -> + 0.125
    //   m1: grievance + (2/3) / 2 = 1/3 -> + 1/12;  g3: governance + 0.5 / 4 -> + 0.0625
    let gaps: Vec<(&str, f64)> = card
        .gaps
        .iter()
        .map(|g| (g.question.as_str(), g.gain))
        .collect();
    assert_eq!(gaps.len(), 6, "{gaps:?}");
    assert_eq!(gaps[0].0, "g1");
    close(Some(gaps[0].1), 18.75);
    let gain = |id: &str| gaps.iter().find(|g| g.0 == id).unwrap().1;
    close(Some(gain("g2")), 12.5);
    close(Some(gain("m2")), 12.5);
    close(Some(gain("d2")), 12.5);
    close(Some(gain("m1")), 100.0 / 12.0);
    close(Some(gain("g3")), 6.25);
    assert_eq!(gaps[5].0, "g3");
    let top = &card.gaps[0];
    assert!(top.critical);
    close(Some(top.score), 25.0);
    assert_eq!(top.action, None);
}
