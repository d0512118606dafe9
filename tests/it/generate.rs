//! Generators for property tests: bounded random questionnaires and valid assessments of them.
//!
//! A questionnaire is generated as a small spec (`QnSpec`) that the tests can reason about (the
//! best and worst answer of each question, which questions conditions refer to), then written as
//! JSON and deserialized: the model structs are `#[non_exhaustive]`, and going through JSON also
//! exercises the documents a user would write. Every generated questionnaire must pass `check()`
//! and every generated assessment `Assessment::check`; `checked` and `checked_assessment` assert
//! it, so a generator bug fails loudly instead of silently testing nothing.
//!
//! The model here (points, visibility, statuses) is written from the contract, independently of
//! the engine, so that properties can compare the engine against it.

use std::collections::{BTreeMap, BTreeSet};

use hrdd::assessment::Assessment;
use hrdd::questionnaire::{CheckedQuestionnaire, Questionnaire};
use hrdd::scoring::{Scorecard, ScoringProfile, score};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

/// The answer kind of a generated question, with what each answer is worth.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    YesNo {
        reversed: bool,
    },
    Maturity,
    Single {
        points: Vec<f64>,
    },
    Multiple {
        points: Vec<f64>,
        max_points: Option<f64>,
    },
    Number {
        min: f64,
        max: f64,
        bands: Vec<(f64, f64)>,
    },
    Text,
    List {
        max_items: Option<u32>,
    },
}

/// A visibility condition; questions are named by id, options by position.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Yes(String),
    No(String),
    MaturityAtLeast(String, u8),
    Selected(String, usize),
    NumberAtLeast(String, f64),
    Answered(String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct QSpec {
    pub id: String,
    pub kind: Kind,
    pub scored: bool,
    pub weight: f64,
    pub critical: bool,
    pub allow_na: bool,
    pub principles: Vec<u8>,
    pub visible_if: Option<Cond>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SSpec {
    pub id: String,
    pub pillar: &'static str,
    pub principles: Vec<u8>,
    pub weight: f64,
    /// The source question and the combine rule.
    pub repeat: Option<(String, &'static str)>,
    pub questions: Vec<QSpec>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QnSpec {
    pub sections: Vec<SSpec>,
}

/// An answer; options are named by position.
#[derive(Debug, Clone, PartialEq)]
pub enum Ans {
    YesNo(bool),
    Maturity(u8),
    Single(usize),
    Multiple(Vec<usize>),
    Number(f64),
    Text,
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resp {
    NotApplicable,
    Unknown,
    Answered { answer: Ans, evidence: bool },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AsSpec {
    pub responses: BTreeMap<String, Resp>,
    pub repeats: BTreeMap<String, BTreeMap<String, BTreeMap<String, Resp>>>,
}

/// One question of one item (for repeated sections) or of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub section: String,
    pub item: Option<String>,
    pub question: String,
}

/// What the contract says happens to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Answered,
    NotApplicable,
    Unknown,
    Unanswered,
    Hidden,
    Unscored,
}

pub const QUESTIONNAIRE_ID: &str = "generated";
const LIST_ITEMS: [&str; 4] = ["i0", "i1", "i2", "i3"];

// ----------------------------------------------------------------------------------------------
// The model: points, best and worst answers.

impl Kind {
    /// Every answer the generator uses for this kind (a finite, representative set).
    pub fn answers(&self) -> Vec<Ans> {
        match self {
            Kind::YesNo { .. } => vec![Ans::YesNo(false), Ans::YesNo(true)],
            Kind::Maturity => (0..=4).map(Ans::Maturity).collect(),
            Kind::Single { points } => (0..points.len()).map(Ans::Single).collect(),
            Kind::Multiple { points, .. } => (0u32..(1 << points.len()))
                .map(|bits| {
                    Ans::Multiple((0..points.len()).filter(|i| bits & (1 << i) != 0).collect())
                })
                .collect(),
            Kind::Number { min, max, bands } => {
                let mut values = vec![*min, *max, min + (max - min) * 0.25];
                values.extend(bands.iter().map(|(from, _)| from.max(*min)));
                values.into_iter().map(Ans::Number).collect()
            }
            Kind::Text => vec![Ans::Text],
            Kind::List { max_items } => {
                let limit = max_items.map_or(usize::MAX, |m| m as usize);
                [&[][..], &[0], &[0, 1], &[1, 2, 3], &[0, 1, 2, 3], &[3]]
                    .iter()
                    .filter(|set| set.len() <= limit)
                    .map(|set| Ans::List(set.iter().map(|i| LIST_ITEMS[*i].to_owned()).collect()))
                    .collect()
            }
        }
    }

    /// The points of the worst and best answers of a scored kind (the contract's scale).
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match self {
            Kind::YesNo { .. } => Some((0.0, 1.0)),
            Kind::Maturity => Some((0.0, 4.0)),
            Kind::Single { points } => Some((
                points.iter().copied().fold(f64::INFINITY, f64::min),
                points.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            )),
            Kind::Multiple { points, max_points } => {
                let negative: f64 = points.iter().filter(|p| **p < 0.0).sum();
                let positive: f64 = points.iter().filter(|p| **p > 0.0).sum();
                Some((negative, max_points.unwrap_or(positive)))
            }
            Kind::Number { bands, .. } => Some((
                bands.iter().map(|b| b.1).fold(f64::INFINITY, f64::min),
                bands.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max),
            )),
            Kind::Text | Kind::List { .. } => None,
        }
    }

    /// The points an answer earns.
    pub fn points(&self, answer: &Ans) -> f64 {
        match (self, answer) {
            (Kind::YesNo { reversed }, Ans::YesNo(v)) => f64::from(u8::from(v != reversed)),
            (Kind::Maturity, Ans::Maturity(l)) => f64::from(*l),
            (Kind::Single { points }, Ans::Single(i)) => points[*i],
            (Kind::Multiple { .. }, Ans::Multiple(chosen)) => {
                let Kind::Multiple { points, .. } = self else {
                    unreachable!()
                };
                let (worst, best) = self.bounds().unwrap();
                let sum: f64 = chosen.iter().map(|i| points[*i]).sum();
                sum.clamp(worst, best)
            }
            (Kind::Number { bands, .. }, Ans::Number(v)) => bands
                .iter()
                .rev()
                .find(|(from, _)| from <= v)
                .map_or(0.0, |b| b.1),
            _ => 0.0,
        }
    }

    /// `100 * (points - worst) / (best - worst)`.
    pub fn score(&self, answer: &Ans) -> f64 {
        let (worst, best) = self.bounds().unwrap();
        100.0 * (self.points(answer) - worst) / (best - worst)
    }

    /// The first answer with the most points (for lists: every item).
    pub fn best(&self) -> Ans {
        self.extreme(|a, b| a > b)
    }

    /// The first answer with the fewest points (for lists: every item, so repeats have items).
    pub fn worst(&self) -> Ans {
        self.extreme(|a, b| a < b)
    }

    fn extreme(&self, better: impl Fn(f64, f64) -> bool) -> Ans {
        let answers = self.answers();
        if let Kind::List { .. } | Kind::Text = self {
            return answers.last().cloned().unwrap();
        }
        let mut pick = answers[0].clone();
        for answer in answers {
            if better(self.points(&answer), self.points(&pick)) {
                pick = answer;
            }
        }
        pick
    }
}

impl QSpec {
    pub fn is_scored(&self) -> bool {
        self.scored && !matches!(self.kind, Kind::Text | Kind::List { .. })
    }
}

impl Cond {
    fn targets(&self, out: &mut BTreeSet<String>) {
        match self {
            Cond::Yes(q)
            | Cond::No(q)
            | Cond::MaturityAtLeast(q, _)
            | Cond::Selected(q, _)
            | Cond::NumberAtLeast(q, _)
            | Cond::Answered(q) => {
                out.insert(q.clone());
            }
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.targets(out)),
            Cond::Not(c) => c.targets(out),
        }
    }

    fn to_json(&self, spec: &QnSpec) -> Value {
        match self {
            Cond::Yes(q) => json!({ "when": "yes", "question": q }),
            Cond::No(q) => json!({ "when": "no", "question": q }),
            Cond::MaturityAtLeast(q, l) => {
                json!({ "when": "maturity_at_least", "question": q, "level": l })
            }
            Cond::Selected(q, o) => {
                let _ = spec;
                json!({ "when": "selected", "question": q, "option": option_id(*o) })
            }
            Cond::NumberAtLeast(q, v) => {
                json!({ "when": "number_at_least", "question": q, "value": v })
            }
            Cond::Answered(q) => json!({ "when": "answered", "question": q }),
            Cond::All(cs) => json!({ "when": "all",
                "conditions": cs.iter().map(|c| c.to_json(spec)).collect::<Vec<_>>() }),
            Cond::Any(cs) => json!({ "when": "any",
                "conditions": cs.iter().map(|c| c.to_json(spec)).collect::<Vec<_>>() }),
            Cond::Not(c) => json!({ "when": "not", "condition": c.to_json(spec) }),
        }
    }
}

pub fn option_id(i: usize) -> String {
    format!("o{i}")
}

impl QnSpec {
    pub fn find(&self, id: &str) -> Option<(&SSpec, &QSpec)> {
        self.sections
            .iter()
            .find_map(|s| s.questions.iter().find(|q| q.id == id).map(|q| (s, q)))
    }

    /// Ids of the questions a visibility condition or a repeat refers to.
    pub fn referenced(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for section in &self.sections {
            if let Some((over, _)) = &section.repeat {
                out.insert(over.clone());
            }
            for question in &section.questions {
                if let Some(c) = &question.visible_if {
                    c.targets(&mut out);
                }
            }
        }
        out
    }

    /// The same questionnaire without visibility conditions and repeats.
    pub fn flattened(mut self) -> Self {
        for section in &mut self.sections {
            section.repeat = None;
            for question in &mut section.questions {
                question.visible_if = None;
            }
        }
        self
    }

    pub fn to_json(&self) -> Value {
        let sections: Vec<Value> = self
            .sections
            .iter()
            .map(|s| {
                let questions: Vec<Value> =
                    s.questions.iter().map(|q| self.question_json(q)).collect();
                let mut v = json!({
                    "id": s.id, "title": format!("Section {}", s.id), "pillar": s.pillar,
                    "principles": s.principles, "weight": s.weight, "questions": questions,
                });
                if let Some((over, combine)) = &s.repeat {
                    v["repeat"] = json!({ "over": over, "combine": combine });
                }
                v
            })
            .collect();
        json!({
            "document": "questionnaire", "id": QUESTIONNAIRE_ID, "version": "1.0.0",
            "title": "Generated", "audience": "company", "sections": sections,
        })
    }

    fn question_json(&self, q: &QSpec) -> Value {
        let options = |points: &[f64]| -> Vec<Value> {
            points
                .iter()
                .enumerate()
                .map(|(i, p)| json!({ "id": option_id(i), "label": format!("Option {i}"), "points": p }))
                .collect()
        };
        let answer = match &q.kind {
            Kind::YesNo { reversed } => json!({ "kind": "yes_no", "reversed": reversed }),
            Kind::Maturity => json!({ "kind": "maturity" }),
            Kind::Single { points } => {
                json!({ "kind": "single_choice", "options": options(points) })
            }
            Kind::Multiple { points, max_points } => {
                let mut v = json!({ "kind": "multiple_choice", "options": options(points) });
                if let Some(m) = max_points {
                    v["max_points"] = json!(m);
                }
                v
            }
            Kind::Number { min, max, bands } => json!({
                "kind": "number", "min": min, "max": max,
                "bands": bands.iter().map(|(from, points)| json!({ "from": from, "points": points })).collect::<Vec<_>>(),
            }),
            Kind::Text => json!({ "kind": "text" }),
            Kind::List { max_items } => match max_items {
                Some(m) => json!({ "kind": "list", "max_items": m }),
                None => json!({ "kind": "list" }),
            },
        };
        let mut v = json!({
            "id": q.id, "prompt": format!("Question {}?", q.id), "answer": answer,
            "weight": q.weight, "critical": q.critical, "allow_not_applicable": q.allow_na,
            "action": format!("Close the gap on {}.", q.id),
        });
        if !q.scored {
            v["scored"] = json!(false);
        }
        if !q.principles.is_empty() {
            v["principles"] = json!(q.principles);
        }
        if let Some(c) = &q.visible_if {
            v["visible_if"] = c.to_json(self);
        }
        v
    }

    /// The questionnaire, deserialized and checked; panics (failing the test) if it is invalid.
    pub fn checked(&self) -> CheckedQuestionnaire {
        let value = self.to_json();
        let questionnaire: Questionnaire = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("generated questionnaire does not parse: {e}\n{value:#}"));
        questionnaire
            .check()
            .unwrap_or_else(|p| panic!("generated questionnaire fails check: {p:?}\n{value:#}"))
    }

    /// The items of the repeated section `section` under assessment `a`, as the checker lists them
    /// (whatever the source's visibility).
    pub fn listed_items(&self, section: &SSpec, a: &AsSpec) -> Vec<String> {
        let Some((over, _)) = &section.repeat else {
            return Vec::new();
        };
        match a.responses.get(over) {
            Some(Resp::Answered { answer, .. }) => items_of(answer),
            _ => Vec::new(),
        }
    }

    /// Every slot of the questionnaire under `a` (repeated sections once per listed item).
    pub fn slots(&self, a: &AsSpec) -> Vec<Slot> {
        let mut out = Vec::new();
        for section in &self.sections {
            let items: Vec<Option<String>> = if section.repeat.is_some() {
                self.listed_items(section, a)
                    .into_iter()
                    .map(Some)
                    .collect()
            } else {
                vec![None]
            };
            for item in items {
                for q in &section.questions {
                    out.push(Slot {
                        section: section.id.clone(),
                        item: item.clone(),
                        question: q.id.clone(),
                    });
                }
            }
        }
        out
    }

    /// The statuses the contract gives every slot under `a`. Slots of instances that do not
    /// exist (a repeat whose source is hidden or not answered) are `Hidden`.
    pub fn statuses(&self, a: &AsSpec) -> BTreeMap<Slot, Status> {
        // The visible response of every question asked once: None when hidden.
        let mut once: BTreeMap<String, Option<Option<Resp>>> = BTreeMap::new();
        let mut out = BTreeMap::new();
        for section in &self.sections {
            if let Some((over, _)) = &section.repeat {
                let source_answered =
                    matches!(once.get(over), Some(Some(Some(Resp::Answered { .. }))));
                for item in self.listed_items(section, a) {
                    let mut local: BTreeMap<String, Option<Option<Resp>>> = BTreeMap::new();
                    for q in &section.questions {
                        let resp = a
                            .repeats
                            .get(&section.id)
                            .and_then(|m| m.get(&item))
                            .and_then(|m| m.get(&q.id))
                            .cloned();
                        let visible = source_answered
                            && q.visible_if.as_ref().is_none_or(|c| {
                                eval(c, &|id: &str| {
                                    local.get(id).or_else(|| once.get(id)).cloned().flatten()
                                })
                            });
                        out.insert(
                            Slot {
                                section: section.id.clone(),
                                item: Some(item.clone()),
                                question: q.id.clone(),
                            },
                            status_of(q, visible, resp.as_ref()),
                        );
                        local.insert(q.id.clone(), visible.then_some(resp));
                    }
                }
            } else {
                for q in &section.questions {
                    let resp = a.responses.get(&q.id).cloned();
                    let visible = q
                        .visible_if
                        .as_ref()
                        .is_none_or(|c| eval(c, &|id: &str| once.get(id).cloned().flatten()));
                    out.insert(
                        Slot {
                            section: section.id.clone(),
                            item: None,
                            question: q.id.clone(),
                        },
                        status_of(q, visible, resp.as_ref()),
                    );
                    once.insert(q.id.clone(), visible.then_some(resp));
                }
            }
        }
        out
    }
}

fn status_of(q: &QSpec, visible: bool, resp: Option<&Resp>) -> Status {
    if !visible {
        Status::Hidden
    } else if !q.is_scored() {
        Status::Unscored
    } else {
        match resp {
            None => Status::Unanswered,
            Some(Resp::Unknown) => Status::Unknown,
            Some(Resp::NotApplicable) => Status::NotApplicable,
            Some(Resp::Answered { .. }) => Status::Answered,
        }
    }
}

/// Evaluates a condition; `lookup` gives the response of a visible question (Some(None) when
/// visible and unanswered) and None for a hidden one.
fn eval(c: &Cond, lookup: &dyn Fn(&str) -> Option<Option<Resp>>) -> bool {
    let answer = |id: &str| match lookup(id) {
        Some(Some(Resp::Answered { answer, .. })) => Some(answer),
        _ => None,
    };
    match c {
        Cond::Yes(q) => answer(q) == Some(Ans::YesNo(true)),
        Cond::No(q) => answer(q) == Some(Ans::YesNo(false)),
        Cond::MaturityAtLeast(q, l) => matches!(answer(q), Some(Ans::Maturity(x)) if x >= *l),
        Cond::Selected(q, o) => match answer(q) {
            Some(Ans::Single(x)) => x == *o,
            Some(Ans::Multiple(xs)) => xs.contains(o),
            _ => false,
        },
        Cond::NumberAtLeast(q, v) => matches!(answer(q), Some(Ans::Number(x)) if x >= *v),
        Cond::Answered(q) => answer(q).is_some(),
        Cond::All(cs) => cs.iter().all(|c| eval(c, lookup)),
        Cond::Any(cs) => cs.iter().any(|c| eval(c, lookup)),
        Cond::Not(c) => !eval(c, lookup),
    }
}

pub fn items_of(answer: &Ans) -> Vec<String> {
    match answer {
        Ans::List(items) => items.clone(),
        Ans::Multiple(chosen) => chosen.iter().map(|i| option_id(*i)).collect(),
        _ => Vec::new(),
    }
}

// ----------------------------------------------------------------------------------------------
// Assessments as JSON, checked, scored.

impl Ans {
    pub fn to_json(&self) -> Value {
        match self {
            Ans::YesNo(v) => json!({ "kind": "yes_no", "value": v }),
            Ans::Maturity(l) => json!({ "kind": "maturity", "level": l }),
            Ans::Single(o) => json!({ "kind": "single_choice", "option": option_id(*o) }),
            Ans::Multiple(os) => json!({ "kind": "multiple_choice",
                "options": os.iter().map(|o| option_id(*o)).collect::<Vec<_>>() }),
            Ans::Number(v) => json!({ "kind": "number", "value": v }),
            Ans::Text => json!({ "kind": "text", "text": "Some words." }),
            Ans::List(items) => json!({ "kind": "list", "items": items }),
        }
    }
}

impl Resp {
    pub fn to_json(&self) -> Value {
        match self {
            Resp::NotApplicable => {
                json!({ "status": "not_applicable", "reason": "Does not apply here." })
            }
            Resp::Unknown => json!({ "status": "unknown" }),
            Resp::Answered { answer, evidence } => {
                let mut v = json!({ "status": "answered", "answer": answer.to_json() });
                if *evidence {
                    v["evidence"] = json!(["policy.pdf"]);
                }
                v
            }
        }
    }
}

impl AsSpec {
    pub fn to_json(&self) -> Value {
        let responses: serde_json::Map<String, Value> = self
            .responses
            .iter()
            .map(|(k, r)| (k.clone(), r.to_json()))
            .collect();
        let mut v = json!({
            "document": "assessment",
            "questionnaire": { "id": QUESTIONNAIRE_ID, "version": "1.0.0" },
            "subject": { "kind": "organisation", "name": "Example Ltd" },
            "responses": responses,
        });
        if !self.repeats.is_empty() {
            v["repeats"] = json!(
                self.repeats
                    .iter()
                    .map(|(s, items)| (
                        s.clone(),
                        json!(
                            items
                                .iter()
                                .map(|(i, rs)| (
                                    i.clone(),
                                    json!(
                                        rs.iter()
                                            .map(|(q, r)| (q.clone(), r.to_json()))
                                            .collect::<serde_json::Map<_, _>>()
                                    )
                                ))
                                .collect::<serde_json::Map<_, _>>()
                        )
                    ))
                    .collect::<serde_json::Map<_, _>>()
            );
        }
        v
    }

    /// The assessment as JSON text with the keys of `responses` and `repeats` written in an order
    /// shuffled by `seed`.
    pub fn to_text_shuffled(&self, seed: u64) -> String {
        let mut rng = SplitMix(seed);
        let object = |mut entries: Vec<(String, String)>, rng: &mut SplitMix| {
            rng.shuffle(&mut entries);
            let body: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", Value::String(k)))
                .collect();
            format!("{{{}}}", body.join(","))
        };
        let responses = object(
            self.responses
                .iter()
                .map(|(k, r)| (k.clone(), r.to_json().to_string()))
                .collect(),
            &mut rng,
        );
        let mut sections = Vec::new();
        for (s, items) in &self.repeats {
            let mut item_entries = Vec::new();
            for (i, rs) in items {
                let inner = object(
                    rs.iter()
                        .map(|(q, r)| (q.clone(), r.to_json().to_string()))
                        .collect(),
                    &mut rng,
                );
                item_entries.push((i.clone(), inner));
            }
            sections.push((s.clone(), object(item_entries, &mut rng)));
        }
        let repeats = object(sections, &mut rng);
        format!(
            r#"{{"repeats":{repeats},"responses":{responses},"subject":{{"name":"Example Ltd","kind":"organisation"}},"questionnaire":{{"version":"1.0.0","id":"{QUESTIONNAIRE_ID}"}},"document":"assessment"}}"#
        )
    }

    pub fn assessment(&self) -> Assessment {
        let value = self.to_json();
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("generated assessment does not parse: {e}\n{value:#}"))
    }

    pub fn get(&self, slot: &Slot) -> Option<&Resp> {
        match &slot.item {
            None => self.responses.get(&slot.question),
            Some(item) => self
                .repeats
                .get(&slot.section)
                .and_then(|m| m.get(item))
                .and_then(|m| m.get(&slot.question)),
        }
    }

    pub fn set(&mut self, slot: &Slot, resp: Option<Resp>) {
        let map = match &slot.item {
            None => &mut self.responses,
            Some(item) => self
                .repeats
                .entry(slot.section.clone())
                .or_default()
                .entry(item.clone())
                .or_default(),
        };
        match resp {
            Some(r) => {
                map.insert(slot.question.clone(), r);
            }
            None => {
                map.remove(&slot.question);
            }
        }
    }
}

/// Scores `a` against `q` with the default profile, asserting that both documents check.
pub fn scorecard(q: &QnSpec, a: &AsSpec) -> Scorecard {
    let questionnaire = q.checked();
    let assessment = a.assessment();
    score_parsed(&questionnaire, &assessment)
}

pub fn score_parsed(questionnaire: &CheckedQuestionnaire, assessment: &Assessment) -> Scorecard {
    let checked = assessment.check(questionnaire).unwrap_or_else(|p| {
        panic!(
            "generated assessment fails check: {p:?}\n{:#}",
            serde_json::to_value(assessment).unwrap()
        )
    });
    score(&checked, &ScoringProfile::default_profile())
}

pub fn to_json_text(card: &Scorecard) -> String {
    serde_json::to_string(card).unwrap()
}

/// Every question answered with its best (or worst) answer, repeated sections once per item of
/// the source's answer. Hidden questions hold answers too: they must not count.
pub fn all_extreme(q: &QnSpec, best: bool) -> AsSpec {
    let pick = |k: &Kind| if best { k.best() } else { k.worst() };
    let mut a = AsSpec::default();
    for section in q.sections.iter().filter(|s| s.repeat.is_none()) {
        for question in &section.questions {
            a.responses.insert(
                question.id.clone(),
                Resp::Answered {
                    answer: pick(&question.kind),
                    evidence: true,
                },
            );
        }
    }
    for section in q.sections.iter().filter(|s| s.repeat.is_some()) {
        for item in q.listed_items(section, &a) {
            let answers = section
                .questions
                .iter()
                .map(|question| {
                    (
                        question.id.clone(),
                        Resp::Answered {
                            answer: pick(&question.kind),
                            evidence: true,
                        },
                    )
                })
                .collect();
            a.repeats
                .entry(section.id.clone())
                .or_default()
                .insert(item, answers);
        }
    }
    a
}

// ----------------------------------------------------------------------------------------------
// Strategies.

#[derive(Debug, Clone)]
struct QuestionSeed {
    kind: Kind,
    unscored: bool,
    weight: f64,
    critical: bool,
    allow_na: bool,
    principles: Vec<u8>,
    condition: Option<(u8, u32, u32, u32, u32)>,
}

#[derive(Debug, Clone)]
struct SectionSeed {
    pillar: usize,
    principles: Vec<u8>,
    weight: f64,
    questions: Vec<QuestionSeed>,
}

const PILLARS: [(&str, u8, u8); 3] = [("protect", 1, 10), ("respect", 11, 24), ("remedy", 25, 31)];

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => Just(1.0),
        1 => Just(0.5),
        1 => Just(2.0),
        2 => (1u32..=50).prop_map(|n| f64::from(n) / 10.0),
    ]
}

fn points(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<f64>> {
    vec((-4i32..=10).prop_map(|p| f64::from(p) / 2.0), len)
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        4 => any::<bool>().prop_map(|reversed| Kind::YesNo { reversed }),
        5 => Just(Kind::Maturity),
        3 => points(2..=5).prop_map(|mut points| {
            if points.iter().all(|p| *p == points[0]) {
                *points.last_mut().unwrap() += 1.0;
            }
            Kind::Single { points }
        }),
        3 => (points(1..=5), 0u8..=4).prop_map(|(mut points, k)| {
            if points.iter().all(|p| *p == 0.0) {
                points[0] = 1.0;
            }
            let positive: f64 = points.iter().filter(|p| **p > 0.0).sum();
            // A cap at or below the sum of positive points keeps the best answer reachable.
            let max_points = (k > 0 && positive > 0.0).then(|| positive * f64::from(k) / 4.0);
            Kind::Multiple { points, max_points }
        }),
        2 => (-10i32..=10, 1i32..=100, vec(1i32..=100, 1..=3), vec(-2i32..=5, 4), any::<bool>())
            .prop_map(|(min, span, offsets, band_points, below)| {
                let mut froms: Vec<i32> = offsets.iter().map(|o| 1 + (o - 1) % span).collect();
                froms.sort_unstable();
                froms.dedup();
                let mut bands = vec![(f64::from(min - i32::from(below)), f64::from(band_points[0]))];
                for (n, from) in froms.iter().enumerate() {
                    bands.push((f64::from(min + from), f64::from(band_points[(n + 1) % 4])));
                }
                if bands.iter().all(|b| b.1 == bands[0].1) {
                    bands.last_mut().unwrap().1 += 1.0;
                }
                Kind::Number { min: f64::from(min), max: f64::from(min + span), bands }
            }),
        1 => Just(Kind::Text),
        1 => prop::option::of(2u32..=6).prop_map(|max_items| Kind::List { max_items }),
    ]
}

fn question_seed() -> impl Strategy<Value = QuestionSeed> {
    (
        kind(),
        0u8..10,
        weight(),
        0u8..5,
        0u8..4,
        vec(0u8..14, 0..=2),
        prop::option::weighted(
            0.35,
            (
                any::<u8>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
            ),
        ),
    )
        .prop_map(
            |(kind, unscored, weight, critical, allow_na, principles, condition)| QuestionSeed {
                kind,
                unscored: unscored == 0,
                weight,
                critical: critical == 0,
                allow_na: allow_na == 0,
                principles,
                condition,
            },
        )
}

fn section_seed() -> impl Strategy<Value = SectionSeed> {
    (
        0usize..3,
        vec(0u8..14, 1..=3),
        weight(),
        vec(question_seed(), 1..=10),
    )
        .prop_map(|(pillar, principles, weight, questions)| SectionSeed {
            pillar,
            principles,
            weight,
            questions,
        })
}

/// Principles of a pillar from raw offsets, deduplicated and sorted.
fn principles_of(pillar: usize, offsets: &[u8]) -> Vec<u8> {
    let (_, first, last) = PILLARS[pillar];
    let mut out: Vec<u8> = offsets
        .iter()
        .map(|o| first + o % (last - first + 1))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A bounded random questionnaire: 1-6 sections across pillars, 1-10 questions each, all answer
/// kinds, some critical, some allowing N/A, some with visibility conditions over earlier
/// questions, and optionally one section repeated over an earlier list or multiple-choice question.
pub fn questionnaire() -> impl Strategy<Value = QnSpec> {
    (
        vec(section_seed(), 1..=6),
        prop::option::weighted(0.5, (any::<u32>(), any::<u32>(), 0u8..3, any::<bool>())),
    )
        .prop_map(|(seeds, repeat)| build(seeds, repeat))
}

/// Raw numbers a condition is resolved from: shape, then target and parameter, twice.
type ConditionSeed = (u8, u32, u32, u32, u32);

fn build(seeds: Vec<SectionSeed>, repeat: Option<(u32, u32, u8, bool)>) -> QnSpec {
    let mut sections: Vec<SSpec> = Vec::new();
    let mut conditions: Vec<Vec<Option<ConditionSeed>>> = Vec::new();
    for (s, seed) in seeds.iter().enumerate() {
        let questions = seed
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| QSpec {
                id: format!("q{s}_{n}"),
                kind: q.kind.clone(),
                scored: !q.unscored || matches!(q.kind, Kind::Text | Kind::List { .. }),
                weight: q.weight,
                critical: q.critical,
                allow_na: q.allow_na,
                principles: principles_of(seed.pillar, &q.principles),
                visible_if: None,
            })
            .collect();
        conditions.push(seed.questions.iter().map(|q| q.condition).collect());
        sections.push(SSpec {
            id: format!("s{s}"),
            pillar: PILLARS[seed.pillar].0,
            principles: principles_of(seed.pillar, &seed.principles),
            weight: seed.weight,
            repeat: None,
            questions,
        });
    }

    // At most one repeated section, never the first, over a list or multiple-choice question of
    // an earlier section (a fresh list question when there is none or the seed asks for it).
    if let (Some((at, source, combine, fresh)), true) = (repeat, sections.len() >= 2) {
        let r = 1 + at as usize % (sections.len() - 1);
        let candidates: Vec<String> = sections[..r]
            .iter()
            .flat_map(|s| &s.questions)
            .filter(|q| matches!(q.kind, Kind::List { .. } | Kind::Multiple { .. }))
            .map(|q| q.id.clone())
            .collect();
        let over = if candidates.is_empty() || fresh {
            let host = &mut sections[r - 1];
            let id = format!("q{}_{}", r - 1, host.questions.len());
            host.questions.push(QSpec {
                id: id.clone(),
                kind: Kind::List { max_items: None },
                scored: true,
                weight: 1.0,
                critical: false,
                allow_na: false,
                principles: Vec::new(),
                visible_if: None,
            });
            conditions[r - 1].push(None);
            id
        } else {
            candidates[source as usize % candidates.len()].clone()
        };
        sections[r].repeat = Some((over, ["mean", "min", "max"][usize::from(combine)]));
    }

    // Conditions refer to earlier questions asked once, or earlier questions of their own section.
    for s in 0..sections.len() {
        for (n, seed) in conditions[s].iter().enumerate() {
            let Some(seed) = *seed else {
                continue;
            };
            let mut candidates: Vec<&QSpec> = sections[..s]
                .iter()
                .filter(|sec| sec.repeat.is_none())
                .flat_map(|sec| &sec.questions)
                .collect();
            candidates.extend(&sections[s].questions[..n]);
            if candidates.is_empty() {
                continue;
            }
            let condition = resolve_condition(&candidates, seed);
            sections[s].questions[n].visible_if = Some(condition);
        }
    }
    QnSpec { sections }
}

fn resolve_condition(
    candidates: &[&QSpec],
    (shape, t1, p1, t2, p2): (u8, u32, u32, u32, u32),
) -> Cond {
    let simple = |t: u32, p: u32| {
        let target = candidates[t as usize % candidates.len()];
        let id = target.id.clone();
        if p.is_multiple_of(7) {
            return Cond::Answered(id);
        }
        match &target.kind {
            Kind::YesNo { .. } if p.is_multiple_of(2) => Cond::Yes(id),
            Kind::YesNo { .. } => Cond::No(id),
            Kind::Maturity => Cond::MaturityAtLeast(id, (p % 5) as u8),
            Kind::Single { points } | Kind::Multiple { points, .. } => {
                Cond::Selected(id, p as usize % points.len())
            }
            Kind::Number { .. } => {
                let values = target.kind.answers();
                let Ans::Number(v) = values[p as usize % values.len()] else {
                    unreachable!()
                };
                Cond::NumberAtLeast(id, v)
            }
            Kind::Text | Kind::List { .. } => Cond::Answered(id),
        }
    };
    match shape % 8 {
        0..=4 => simple(t1, p1),
        5 => Cond::Not(Box::new(simple(t1, p1))),
        6 => Cond::Any(vec![simple(t1, p1), simple(t2, p2)]),
        _ => Cond::All(vec![simple(t1, p1), simple(t2, p2)]),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RespSeed {
    status: u8,
    pick: u32,
    evidence: bool,
}

pub fn resp_seed() -> impl Strategy<Value = RespSeed> {
    (0u8..100, any::<u32>(), any::<bool>()).prop_map(|(status, pick, evidence)| RespSeed {
        status,
        pick,
        evidence,
    })
}

/// A response for `q` from a seed: unanswered, unknown, N/A (where allowed) or an answer.
pub fn response(q: &QSpec, seed: RespSeed) -> Option<Resp> {
    match seed.status {
        0..=11 => None,
        12..=21 => Some(Resp::Unknown),
        22..=31 if q.allow_na => Some(Resp::NotApplicable),
        _ => {
            let answers = q.kind.answers();
            Some(Resp::Answered {
                answer: answers[seed.pick as usize % answers.len()].clone(),
                evidence: seed.evidence,
            })
        }
    }
}

const MAX_ITEMS: usize = 5;

fn fill(q: &QnSpec, seeds: &[RespSeed], items_present: u8) -> AsSpec {
    let mut seeds = seeds.iter().copied();
    let mut a = AsSpec::default();
    for section in q.sections.iter().filter(|s| s.repeat.is_none()) {
        for question in &section.questions {
            if let Some(r) = response(question, seeds.next().unwrap()) {
                a.responses.insert(question.id.clone(), r);
            }
        }
    }
    for section in q.sections.iter().filter(|s| s.repeat.is_some()) {
        for (n, item) in q.listed_items(section, &a).into_iter().enumerate() {
            // Some listed items get no answers at all: they are instances with every question
            // unanswered.
            if items_present & (1 << n) == 0 {
                continue;
            }
            let mut answers = BTreeMap::new();
            for question in &section.questions {
                if let Some(r) = response(question, seeds.next().unwrap()) {
                    answers.insert(question.id.clone(), r);
                }
            }
            a.repeats
                .entry(section.id.clone())
                .or_default()
                .insert(item, answers);
        }
    }
    a
}

/// A valid assessment of `q`: any mix of answered, unknown, N/A where allowed and unanswered,
/// evidence on some answers, answers for some items of the repeated section.
pub fn assessment(q: &QnSpec) -> impl Strategy<Value = AsSpec> + use<> {
    let once: usize = q
        .sections
        .iter()
        .filter(|s| s.repeat.is_none())
        .map(|s| s.questions.len())
        .sum();
    let repeated: usize = q
        .sections
        .iter()
        .filter(|s| s.repeat.is_some())
        .map(|s| s.questions.len())
        .sum();
    let q = q.clone();
    (vec(resp_seed(), once + repeated * MAX_ITEMS), 0u8..32)
        .prop_map(move |(seeds, items_present)| fill(&q, &seeds, items_present | 1))
}

/// A questionnaire and an assessment of it.
pub fn case() -> impl Strategy<Value = (QnSpec, AsSpec)> {
    questionnaire().prop_flat_map(|q| {
        let a = assessment(&q);
        (Just(q), a)
    })
}

/// A questionnaire without conditions or repeats, and an assessment of it.
pub fn flat_case() -> impl Strategy<Value = (QnSpec, AsSpec)> {
    questionnaire()
        .prop_map(QnSpec::flattened)
        .prop_flat_map(|q| {
            let a = assessment(&q);
            (Just(q), a)
        })
}

/// A small deterministic generator, for shuffles driven by a proptest seed.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The generators themselves: every questionnaire and assessment they make must check.
mod tests {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn generated_documents_pass_their_checks((q, a) in case()) {
            let questionnaire = q.checked();
            let assessment = a.assessment();
            if let Err(p) = assessment.check(&questionnaire) {
                panic!("generated assessment fails check: {p:?}\n{:#}", a.to_json());
            }
            for best in [true, false] {
                let extreme = all_extreme(&q, best).assessment();
                prop_assert!(extreme.check(&questionnaire).is_ok());
            }
        }
    }

    /// The generators reach the cases the properties are about: without this, a property that
    /// skips a case (no hidden question, no repeat) could pass by testing nothing.
    #[test]
    fn generated_cases_cover_every_feature() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
        let cases = 200;
        for _ in 0..cases {
            let (q, a) = case().new_tree(&mut runner).unwrap().current();
            let statuses = q.statuses(&a);
            let card = scorecard(&q, &a);
            let mut see = |feature: &'static str, present: bool| {
                *seen.entry(feature).or_default() += u32::from(present);
            };
            see("hidden", statuses.values().any(|s| *s == Status::Hidden));
            see(
                "not applicable",
                statuses.values().any(|s| *s == Status::NotApplicable),
            );
            see("unknown", statuses.values().any(|s| *s == Status::Unknown));
            see(
                "unanswered",
                statuses.values().any(|s| *s == Status::Unanswered),
            );
            see(
                "repeat with items",
                card.sections.iter().any(|s| s.items.len() >= 2),
            );
            see("capped", card.sections.iter().any(|s| s.cap.is_some()));
            see("several pillars", card.pillars.len() >= 2);
            for kind in ["yes_no", "maturity", "single", "multiple", "number"] {
                let present = q
                    .sections
                    .iter()
                    .flat_map(|s| &s.questions)
                    .any(|question| {
                        question.is_scored()
                            && matches!(
                                (&question.kind, kind),
                                (Kind::YesNo { .. }, "yes_no")
                                    | (Kind::Maturity, "maturity")
                                    | (Kind::Single { .. }, "single")
                                    | (Kind::Multiple { .. }, "multiple")
                                    | (Kind::Number { .. }, "number")
                            )
                    });
                see(kind, present);
            }
        }
        eprintln!("{seen:?}");
        for (feature, count) in &seen {
            assert!(
                *count >= cases / 10,
                "only {count} of {cases} cases have {feature}"
            );
        }
    }
}
