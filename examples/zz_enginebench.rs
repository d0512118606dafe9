//! Scoring a 150-question assessment: the engine alone, the whole read+check+score path from
//! JSON text, and plain JSON parsing of the same text for scale.
//!
//! Targets (ISSUE 2, item 8): scoring an already checked assessment in under 10 µs; the whole
//! path no more than 3x the plain parse. Read the figures from `cargo bench --bench scoring`.

use std::hint::black_box;

use hrdd::assessment::Assessment;
use hrdd::questionnaire::Questionnaire;
use hrdd::scoring::{ScoringProfile, score};
use serde_json::{Value, json};

const SECTIONS: usize = 15;
const QUESTIONS: usize = 10;

/// A realistic questionnaire of 150 scored questions in 15 sections across the pillars: a mix of
/// maturity, yes/no, single- and multiple-choice and number questions, varied weights, critical
/// questions, N/A where it makes sense, and follow-ups shown only after a "yes".
fn questionnaire() -> Value {
    let pillars = [("protect", 3u8), ("respect", 17), ("remedy", 29)];
    let sections: Vec<Value> = (0..SECTIONS)
        .map(|s| {
            let (pillar, principle) = pillars[s % 3];
            let questions: Vec<Value> = (0..QUESTIONS)
                .map(|n| {
                    let id = format!("s{s}-q{n}");
                    let answer = match n % 5 {
                        0 => json!({ "kind": "yes_no" }),
                        1 | 3 => json!({ "kind": "maturity" }),
                        2 => json!({ "kind": "single_choice", "options": [
                            { "id": "none", "label": "None", "points": 0 },
                            { "id": "partial", "label": "Partial", "points": 1 },
                            { "id": "full", "label": "Full", "points": 3 } ] }),
                        _ if n == 4 => json!({ "kind": "multiple_choice", "options": [
                            { "id": "staff", "label": "Staff", "points": 1 },
                            { "id": "users", "label": "Users", "points": 2 },
                            { "id": "communities", "label": "Communities", "points": 2 },
                            { "id": "none", "label": "Nobody", "points": -1 } ] }),
                        _ => json!({ "kind": "number", "min": 0, "max": 365, "unit": "days",
                            "bands": [ { "from": 0, "points": 3 }, { "from": 30, "points": 2 },
                                       { "from": 90, "points": 1 }, { "from": 180, "points": 0 } ] }),
                    };
                    let weight = [1.0, 2.0, 0.5, 1.5][n % 4];
                    let mut question = json!({
                        "id": id, "prompt": format!("Question {n} of section {s}?"),
                        "answer": answer, "weight": weight,
                        "critical": n == 1, "allow_not_applicable": n == 7,
                        "evidence": "A document that shows it.",
                        "action": "Put it in place and review it yearly.",
                    });
                    // The question after each yes/no is a follow-up shown only after a "yes".
                    if n % 5 == 1 {
                        question["visible_if"] =
                            json!({ "when": "yes", "question": format!("s{s}-q{}", n - 1) });
                    }
                    question
                })
                .collect();
            json!({
                "id": format!("s{s}"), "title": format!("Section {s}"), "pillar": pillar,
                "principles": [principle], "weight": 1.0 + (s % 3) as f64,
                "questions": questions,
            })
        })
        .collect();
    json!({
        "document": "questionnaire", "id": "bench", "version": "1.0.0", "title": "Benchmark",
        "audience": "company", "sections": sections,
    })
}

/// A filled-in assessment: most questions answered (a spread of answers, evidence on about half),
/// some unknown, some N/A, a few left unanswered.
fn assessment() -> Value {
    let mut responses = serde_json::Map::new();
    for s in 0..SECTIONS {
        for n in 0..QUESTIONS {
            let k = s * QUESTIONS + n;
            if k % 23 == 5 {
                continue;
            }
            let response = if k % 17 == 3 {
                json!({ "status": "unknown", "note": "being collected" })
            } else if n == 7 && s % 2 == 0 {
                json!({ "status": "not_applicable", "reason": "not relevant to this business" })
            } else {
                let option = ["none", "partial", "full"][k % 3];
                let answer = match n % 5 {
                    0 => json!({ "kind": "yes_no", "value": !k.is_multiple_of(4) }),
                    1 | 3 => json!({ "kind": "maturity", "level": k % 5 }),
                    2 => {
                        json!({ "kind": "single_choice", "option": option })
                    }
                    _ if n == 4 => {
                        json!({ "kind": "multiple_choice", "options": ["staff", "users"] })
                    }
                    _ => json!({ "kind": "number", "value": (k * 7 % 365) as f64 }),
                };
                let mut response = json!({ "status": "answered", "answer": answer });
                if k.is_multiple_of(2) {
                    response["evidence"] = json!([format!("evidence/{k}.pdf")]);
                }
                response
            };
            responses.insert(format!("s{s}-q{n}"), response);
        }
    }
    json!({
        "document": "assessment", "questionnaire": { "id": "bench", "version": "1.0.0" },
        "subject": { "kind": "organisation", "name": "Bench Ltd" }, "date": "2026-03-31",
        "responses": responses,
    })
}

fn main() {
    let q: Questionnaire = serde_json::from_value(questionnaire()).unwrap();
    let q = q.check().unwrap();
    let a: Assessment = serde_json::from_value(assessment()).unwrap();
    let checked = a.check(&q).unwrap();
    let profile = ScoringProfile::default_profile();
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20000);
    let mut best = u128::MAX;
    for _ in 0..n {
        let t = std::time::Instant::now();
        let card = black_box(score(black_box(&checked), &profile));
        let e = t.elapsed().as_nanos();
        drop(card);
        best = best.min(e);
    }
    println!(
        "min score: {} ns; gaps {}",
        best,
        score(&checked, &profile).gaps.len()
    );
}
