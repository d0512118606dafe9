//! One property per scoring rule of DESIGN §4 "Scoring", on the default profile and generated
//! questionnaires and assessments (see `generate`).
//!
//! Expected values come from the contract, through the independent model in `generate` (points,
//! visibility, statuses) or from comparing two scorecards, never from the engine's own output.

use std::collections::{BTreeMap, BTreeSet};

use hrdd::assessment::Assessment;
use hrdd::scoring::{
    Gaps, QuestionScore, QuestionScores, QuestionStatus, Scorecard, ScoringProfile, Summary,
};
use proptest::prelude::*;

use crate::generate::{
    AsSpec, Kind, QnSpec, Resp, Slot, Status, all_extreme, case, flat_case, resp_seed, response,
    score_parsed, scorecard, to_json_text,
};

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(64)
}

/// Every summary of a scorecard, with a label saying where it is.
fn summaries(card: &Scorecard) -> Vec<(String, &Summary)> {
    let mut out = vec![("overall".to_owned(), &card.overall)];
    for pillar in &card.pillars {
        out.push((format!("pillar {:?}", pillar.pillar), &pillar.summary));
    }
    for section in &card.sections {
        out.push((format!("section {}", section.section), &section.summary));
        for item in &section.items {
            out.push((
                format!("item {}/{}", section.section, item.item),
                &item.summary,
            ));
        }
    }
    for principle in &card.principles {
        out.push((
            format!("principle {}", principle.principle),
            &principle.summary,
        ));
    }
    out
}

/// The scores of every aggregate, by label.
fn aggregate_scores(card: &Scorecard) -> BTreeMap<String, Option<f64>> {
    summaries(card)
        .into_iter()
        .map(|(label, s)| (label, s.score))
        .collect()
}

fn entry<'c>(card: &'c Scorecard, slot: &Slot) -> Option<&'c QuestionScore> {
    card.questions.iter().find(|q| {
        q.question.as_str() == slot.question
            && q.section.as_str() == slot.section
            && q.item.as_ref().map(|i| i.as_str()) == slot.item.as_deref()
    })
}

fn slot_of(q: &QuestionScore) -> Slot {
    Slot {
        section: q.section.to_string(),
        item: q.item.as_ref().map(|i| i.to_string()),
        question: q.question.to_string(),
    }
}

/// The index of the band a score falls in under the default profile: the last band whose
/// `min_score` is at most the score (bands at 0, 20, 40, 60, 80).
fn band_of(score: f64) -> usize {
    [0.0, 20.0, 40.0, 60.0, 80.0]
        .iter()
        .rposition(|min| *min <= score)
        .unwrap()
}

fn band_index(id: &str) -> usize {
    ["absent", "initial", "developing", "established", "leading"]
        .iter()
        .position(|b| *b == id)
        .unwrap_or_else(|| panic!("unknown band `{id}`"))
}

/// The band index of the critical cap of the default profile (`initial`).
const CAP: usize = 1;

/// Slots a property may change without changing which questions are visible: scored, referred
/// to by no condition and no repeat.
fn free_slots(q: &QnSpec, a: &AsSpec) -> Vec<Slot> {
    let referenced = q.referenced();
    q.slots(a)
        .into_iter()
        .filter(|slot| {
            let (_, question) = q.find(&slot.question).unwrap();
            question.is_scored() && !referenced.contains(&slot.question)
        })
        .collect()
}

fn pick<T: Clone>(items: &[T], seed: u32) -> Option<T> {
    (!items.is_empty()).then(|| items[seed as usize % items.len()].clone())
}

proptest! {
    #![proptest_config(config())]

    /// Every score is within [0, 100]; coverage and confidence within [0, 1]; gains >= 0.
    #[test]
    fn every_score_is_within_0_and_100((q, a) in case()) {
        let card = scorecard(&q, &a);
        for (label, summary) in summaries(&card) {
            if let Some(score) = summary.score {
                prop_assert!((0.0..=100.0).contains(&score), "{label}: score {score}");
            }
            for share in [summary.coverage, summary.confidence].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&share), "{label}: share {share}");
            }
        }
        for question in &card.questions {
            if let Some(score) = question.score {
                prop_assert!((0.0..=100.0).contains(&score), "{}: {score}", question.question);
            }
        }
        for gap in &card.gaps {
            prop_assert!((0.0..=100.0).contains(&gap.score), "gap {}: {}", gap.question, gap.score);
            prop_assert!(gap.gain >= 0.0 && gap.gain.is_finite(), "gap {}: gain {}", gap.question, gap.gain);
            prop_assert!(gap.score < 100.0);
        }
    }

    /// An answered question scores `100 * (points - worst) / (best - worst)` of its scale.
    #[test]
    fn an_answer_scores_its_share_of_the_scale((q, a) in case()) {
        let card = scorecard(&q, &a);
        for question in card.questions.iter().filter(|e| e.status == QuestionStatus::Answered) {
            let (_, spec) = q.find(question.question.as_str()).unwrap();
            let Some(Resp::Answered { answer, evidence }) = a.get(&slot_of(question)) else {
                panic!("{} is answered in the scorecard but not in the assessment", question.question);
            };
            let expected = spec.kind.score(answer);
            let score = question.score.unwrap();
            prop_assert!((score - expected).abs() <= 1e-9, "{}: {score} != {expected}", question.question);
            prop_assert_eq!(question.evidenced, *evidence);
        }
    }

    /// All best answers give 100 everywhere, and all worst answers give 0.
    #[test]
    fn all_best_answers_give_100_and_all_worst_give_0(q in crate::generate::questionnaire()) {
        for (best, expected) in [(true, 100.0), (false, 0.0)] {
            let card = scorecard(&q, &all_extreme(&q, best));
            for (label, summary) in summaries(&card) {
                if let Some(score) = summary.score {
                    prop_assert_eq!(score, expected, "{} with all {} answers", label, if best { "best" } else { "worst" });
                }
            }
            for question in &card.questions {
                if let Some(score) = question.score {
                    prop_assert_eq!(score, expected, "question {}", question.question);
                }
            }
            if best {
                prop_assert!(card.gaps.is_empty(), "gaps with all best answers: {:?}", card.gaps);
            }
        }
    }

    /// Raising one answer never lowers any aggregate, for a question that no condition and no
    /// repeat refers to (raising one that reveals follow-ups can: see
    /// `revealing_a_follow_up_can_lower_a_score`).
    #[test]
    fn raising_one_answer_never_lowers_an_aggregate((q, a) in case(), which in any::<u32>(), to in any::<u32>()) {
        // The slots that can be raised: not N/A, and short of the best answer.
        let raisable: Vec<(Slot, Vec<Resp>)> = free_slots(&q, &a)
            .into_iter()
            .filter_map(|slot| {
                let (_, question) = q.find(&slot.question).unwrap();
                let now = match a.get(&slot) {
                    Some(Resp::NotApplicable) => return None,
                    Some(Resp::Answered { answer, .. }) => Some(question.kind.points(answer)),
                    Some(Resp::Unknown) | None => None,
                };
                let better: Vec<Resp> = question.kind.answers().into_iter()
                    .filter(|answer| now.is_none_or(|p| question.kind.points(answer) > p))
                    .map(|answer| Resp::Answered { answer, evidence: false })
                    .collect();
                (!better.is_empty()).then_some((slot, better))
            })
            .collect();
        let Some((slot, better)) = pick(&raisable, which) else { return Ok(()) };
        let raised_response = pick(&better, to).unwrap();
        let mut raised = a.clone();
        raised.set(&slot, Some(raised_response.clone()));
        let before = aggregate_scores(&scorecard(&q, &a));
        let after = aggregate_scores(&scorecard(&q, &raised));
        prop_assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (label, old) in &before {
            let new = after[label];
            prop_assert_eq!(old.is_some(), new.is_some(), "{}", label);
            if let (Some(old), Some(new)) = (old, new) {
                prop_assert!(new >= *old, "{label} fell from {old} to {new} raising {slot:?} to {raised_response:?}");
            }
        }
    }

    /// A question hidden by its visibility condition never counts, whatever answer it holds:
    /// changing it leaves the scorecard byte-identical.
    #[test]
    fn a_hidden_question_never_counts((q, a) in case(), which in any::<u32>(), seed in resp_seed()) {
        let card = scorecard(&q, &a);
        // Hidden by the contract's model of visibility, not by the engine's say-so.
        let hidden: Vec<Slot> = q.statuses(&a).into_iter()
            .filter(|(_, status)| *status == Status::Hidden)
            .map(|(slot, _)| slot)
            .collect();
        let Some(slot) = pick(&hidden, which) else { return Ok(()) };
        let (_, question) = q.find(&slot.question).unwrap();
        let mut changed = a.clone();
        changed.set(&slot, response(question, seed));
        // A hidden repeat source may list other items now: drop answers to items it no longer
        // lists, which the checker would reject (they cannot count either: the source is hidden).
        for section in q.sections.iter().filter(|s| s.repeat.as_ref().is_some_and(|(over, _)| *over == slot.question)) {
            let listed = q.listed_items(section, &changed);
            if let Some(items) = changed.repeats.get_mut(&section.id) {
                items.retain(|item, _| listed.contains(item));
            }
        }
        prop_assert_eq!(to_json_text(&card), to_json_text(&scorecard(&q, &changed)), "changing hidden {:?}", slot);
    }

    /// N/A removes a question from the denominator: every section, pillar, overall summary and
    /// gap is the same as with the question removed from the questionnaire.
    #[test]
    fn not_applicable_removes_a_question_from_the_denominator((q, a) in case(), which in any::<u32>()) {
        let referenced = q.referenced();
        let candidates: Vec<String> = q.sections.iter()
            .filter(|s| s.repeat.is_none() && s.questions.len() >= 2)
            .flat_map(|s| &s.questions)
            .filter(|question| question.allow_na && !referenced.contains(&question.id))
            .map(|question| question.id.clone())
            .collect();
        let Some(id) = pick(&candidates, which) else { return Ok(()) };
        let mut na = a.clone();
        na.responses.insert(id.clone(), Resp::NotApplicable);
        let mut removed_q = q.clone();
        for section in &mut removed_q.sections {
            section.questions.retain(|question| question.id != id);
        }
        let mut removed_a = a.clone();
        removed_a.responses.remove(&id);

        let with_na = scorecard(&q, &na);
        let without = scorecard(&removed_q, &removed_a);
        let entry = with_na.questions.iter().find(|e| e.question.as_str() == id).unwrap();
        prop_assert!(matches!(entry.status, QuestionStatus::NotApplicable | QuestionStatus::Hidden | QuestionStatus::Unscored), "{:?}", entry.status);
        prop_assert_eq!(entry.score, None);
        prop_assert_eq!(json(&with_na.overall), json(&without.overall));
        prop_assert_eq!(json(&with_na.pillars), json(&without.pillars));
        prop_assert_eq!(json(&with_na.sections), json(&without.sections));
        prop_assert_eq!(json(&with_na.gaps), json(&without.gaps));
        let others: Vec<&QuestionScore> = with_na.questions.iter().filter(|e| e.question.as_str() != id).collect();
        prop_assert_eq!(json(&others), json(&without.questions));
    }

    /// N/A is only allowed where the question allows it: elsewhere the checker rejects it, with a
    /// pointer to the response.
    #[test]
    fn not_applicable_is_rejected_where_not_allowed((q, a) in case(), which in any::<u32>()) {
        let slots: Vec<Slot> = q.slots(&a).into_iter()
            .filter(|slot| !q.find(&slot.question).unwrap().1.allow_na)
            .collect();
        let Some(slot) = pick(&slots, which) else { return Ok(()) };
        let mut na = a.clone();
        na.set(&slot, Some(Resp::NotApplicable));
        let questionnaire = q.checked();
        let assessment = na.assessment();
        let problems = assessment.check(&questionnaire).err();
        prop_assert!(problems.is_some(), "N/A accepted on {:?}", slot);
        let at = match &slot.item {
            None => format!("/responses/{}/", slot.question),
            Some(item) => format!("/repeats/{}/{item}/{}/", slot.section, slot.question),
        };
        let problems = problems.unwrap();
        prop_assert!(
            problems.iter().any(|p| p.pointer.starts_with(&at) && p.message.contains("not applicable")),
            "no problem at {at}: {problems:?}"
        );
    }

    /// Unknown and unanswered count as not demonstrated (score 0) and lower coverage; they are
    /// reported, as a status and in the counts of every summary. Statuses follow the contract
    /// (checked against the independent model of visibility in `generate`).
    #[test]
    fn unknown_and_unanswered_count_as_not_demonstrated((q, a) in case(), which in any::<u32>(), unknown in any::<bool>()) {
        let card = scorecard(&q, &a);
        let model = q.statuses(&a);
        for e in &card.questions {
            let slot = slot_of(e);
            let expected = model.get(&slot).copied();
            let status = match e.status {
                QuestionStatus::Answered => Status::Answered,
                QuestionStatus::NotApplicable => Status::NotApplicable,
                QuestionStatus::Unknown => Status::Unknown,
                QuestionStatus::Unanswered => Status::Unanswered,
                QuestionStatus::Hidden => Status::Hidden,
                QuestionStatus::Unscored => Status::Unscored,
                other => panic!("unexpected status {other:?}"),
            };
            prop_assert_eq!(Some(status), expected, "status of {:?}", slot);
            if matches!(status, Status::Unknown | Status::Unanswered) {
                prop_assert_eq!(e.score, Some(0.0), "{:?}", slot);
            }
        }
        // Every slot the model says counts has an entry.
        for (slot, status) in &model {
            if !matches!(status, Status::Hidden | Status::Unscored) {
                prop_assert!(entry(&card, slot).is_some(), "no entry for {:?}", slot);
            }
        }
        // The counts of every summary tally the statuses of its questions.
        let tally = |filter: &dyn Fn(&QuestionScore) -> bool, summary: &Summary, label: &str| -> Result<(), TestCaseError> {
            let of = |status: QuestionStatus| card.questions.iter().filter(|e| filter(e) && e.status == status).count() as u32;
            let answered = of(QuestionStatus::Answered);
            let unknown = of(QuestionStatus::Unknown);
            let unanswered = of(QuestionStatus::Unanswered);
            let evidenced = card.questions.iter().filter(|e| filter(e) && e.status == QuestionStatus::Answered && e.evidenced).count() as u32;
            let applicable = answered + unknown + unanswered;
            prop_assert_eq!(
                (summary.applicable, summary.answered, summary.evidenced, summary.unknown, summary.unanswered),
                (applicable, answered, evidenced, unknown, unanswered), "counts of {}", label
            );
            let share = |n: u32| (applicable > 0).then(|| f64::from(n) / f64::from(applicable));
            prop_assert_eq!(summary.coverage, share(answered), "coverage of {}", label);
            prop_assert_eq!(summary.confidence, share(evidenced), "confidence of {}", label);
            Ok(())
        };
        tally(&|_| true, &card.overall, "overall")?;
        for section in &card.sections {
            tally(&|e| e.section == section.section, &section.summary, section.section.as_str())?;
            for item in &section.items {
                tally(&|e| e.section == section.section && e.item.as_ref() == Some(&item.item), &item.summary, item.item.as_str())?;
            }
        }
        for pillar in &card.pillars {
            let sections: BTreeSet<&str> = q.sections.iter()
                .filter(|s| s.pillar == serde_json::to_value(pillar.pillar).unwrap())
                .map(|s| s.id.as_str())
                .collect();
            tally(&|e| sections.contains(e.section.as_str()), &pillar.summary, "pillar")?;
        }

        // Turning one visible answer into unknown (or leaving it unanswered) scores it 0 and
        // lowers coverage.
        let answered: Vec<Slot> = free_slots(&q, &a).into_iter()
            .filter(|slot| model.get(slot) == Some(&Status::Answered))
            .collect();
        let Some(slot) = pick(&answered, which) else { return Ok(()) };
        let mut worse = a.clone();
        worse.set(&slot, unknown.then_some(Resp::Unknown));
        let after = scorecard(&q, &worse);
        let e = entry(&after, &slot).unwrap();
        prop_assert_eq!(e.score, Some(0.0));
        prop_assert_eq!(e.status, if unknown { QuestionStatus::Unknown } else { QuestionStatus::Unanswered });
        prop_assert!(after.overall.coverage.unwrap() < card.overall.coverage.unwrap());
        prop_assert_eq!(after.overall.answered + 1, card.overall.answered);
        if unknown {
            prop_assert_eq!(after.overall.unknown, card.overall.unknown + 1);
        } else {
            prop_assert_eq!(after.overall.unanswered, card.overall.unanswered + 1);
        }
    }

    /// The order of the answers in the input changes nothing.
    #[test]
    fn the_order_of_answers_changes_nothing((q, a) in case(), seed in any::<u64>()) {
        let questionnaire = q.checked();
        let shuffled: Assessment = serde_json::from_str(&a.to_text_shuffled(seed)).unwrap();
        prop_assert_eq!(
            to_json_text(&score_parsed(&questionnaire, &a.assessment())),
            to_json_text(&score_parsed(&questionnaire, &shuffled))
        );
    }

    /// The order of the questions within sections, and of the sections, changes nothing (for
    /// questionnaires without conditions or repeats, where order has no meaning).
    #[test]
    fn the_order_of_questions_and_sections_changes_nothing((q, a) in flat_case(), seed in any::<u64>()) {
        let mut rng = crate::generate::SplitMix(seed);
        let mut shuffled = q.clone();
        rng.shuffle(&mut shuffled.sections);
        for section in &mut shuffled.sections {
            rng.shuffle(&mut section.questions);
        }
        prop_assert_eq!(to_json_text(&scorecard(&q, &a)), to_json_text(&scorecard(&shuffled, &a)));
    }

    /// The same input gives byte-identical output.
    #[test]
    fn the_same_input_gives_byte_identical_output((q, a) in case()) {
        let first = to_json_text(&scorecard(&q, &a));
        let questionnaire = q.checked();
        let assessment = a.assessment();
        let checked = assessment.check(&questionnaire).unwrap();
        let profile = ScoringProfile::default_profile();
        let second = to_json_text(&hrdd::scoring::score(&checked, &profile));
        let third = to_json_text(&hrdd::scoring::score(&checked, &profile));
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(&second, &third);
    }

    /// Scoring writes the question and gap lists as compact rows; they must read, compare and
    /// serialize exactly like the full rows they stand for, and like a scorecard read back from
    /// its own JSON.
    #[test]
    fn compact_rows_read_and_serialize_like_full_rows((q, a) in case()) {
        let card = scorecard(&q, &a);
        let text = to_json_text(&card);
        // `len` does not build the rows; the slice does.
        prop_assert_eq!(card.questions.len(), card.questions.iter().count());
        prop_assert_eq!(card.gaps.len(), card.gaps.iter().count());
        prop_assert_eq!(card.gaps.is_empty(), card.gaps.iter().next().is_none());
        let mut full = card.clone();
        full.questions = QuestionScores::from(card.questions.to_vec());
        full.gaps = Gaps::from(card.gaps.to_vec());
        prop_assert_eq!(&to_json_text(&full), &text);
        prop_assert_eq!(&full, &card);
        let read: Scorecard = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&to_json_text(&read), &text);
        prop_assert_eq!(&read, &card);
        // Serializing after the rows were built gives the same bytes as before.
        prop_assert_eq!(&to_json_text(&card), &text);
    }

    /// A critical question answered at the bottom (score 0, unknown or unanswered) caps its
    /// section's band at `critical_cap`, and `cap` records it; other bands follow the score.
    #[test]
    fn a_critical_question_at_the_bottom_caps_its_section((q, a) in case()) {
        let card = scorecard(&q, &a);
        for section in &card.sections {
            let bottom: BTreeSet<&str> = card.questions.iter()
                .filter(|e| e.section == section.section && e.critical && e.score == Some(0.0))
                .map(|e| e.question.as_str())
                .collect();
            let band = section.summary.band.as_ref().map(|b| band_index(b.as_str()));
            let uncapped = section.summary.score.map(band_of);
            if bottom.is_empty() {
                prop_assert!(section.cap.is_none(), "{} capped without a critical question at the bottom", section.section);
                prop_assert_eq!(band, uncapped);
            } else {
                prop_assert_eq!(band, uncapped.map(|b| b.min(CAP)), "band of {}", section.section);
                let cap = section.cap.as_ref();
                prop_assert!(cap.is_some(), "{} not capped: {:?}", section.section, bottom);
                let cap = cap.unwrap();
                prop_assert_eq!(band_index(cap.band.as_str()), CAP);
                if let Some(uncapped) = uncapped {
                    prop_assert_eq!(band_index(cap.uncapped.as_str()), uncapped);
                }
                let recorded: BTreeSet<&str> = cap.questions.iter().map(|id| id.as_str()).collect();
                prop_assert_eq!(recorded, bottom);
            }
        }
        for (label, summary) in summaries(&card).into_iter().filter(|(l, _)| !l.starts_with("section ")) {
            prop_assert_eq!(summary.band.as_ref().map(|b| band_index(b.as_str())), summary.score.map(band_of), "band of {}", label);
        }
    }

    /// Each gap's gain is what the overall score rises by when its answer becomes the best (by
    /// scoring that assessment), for questions no condition or repeat refers to; gaps are sorted
    /// by gain, then question id, then item.
    #[test]
    fn a_gap_gains_what_its_best_answer_adds((q, a) in case()) {
        let card = scorecard(&q, &a);
        let free: BTreeSet<Slot> = free_slots(&q, &a).into_iter().collect();
        for gap in &card.gaps {
            let slot = Slot { section: gap.section.to_string(), item: gap.item.as_ref().map(|i| i.to_string()), question: gap.question.to_string() };
            if !free.contains(&slot) {
                continue;
            }
            let (_, question) = q.find(&slot.question).unwrap();
            let mut best = a.clone();
            best.set(&slot, Some(Resp::Answered { answer: question.kind.best(), evidence: false }));
            let raised = scorecard(&q, &best).overall.score.unwrap();
            let expected = raised - card.overall.score.unwrap();
            prop_assert!((gap.gain - expected).abs() <= 1e-9, "gain of {slot:?}: {} != {expected}", gap.gain);
        }
        for pair in card.gaps.windows(2) {
            let key = |g: &hrdd::scoring::Gap| (g.question.to_string(), g.item.as_ref().map(|i| i.to_string()));
            prop_assert!(
                pair[0].gain > pair[1].gain || (pair[0].gain == pair[1].gain && key(&pair[0]) < key(&pair[1])),
                "gaps out of order: {:?} before {:?}", key(&pair[0]), key(&pair[1])
            );
        }
        // Every applicable scored question short of 100 is a gap, and nothing else.
        let short: BTreeSet<Slot> = card.questions.iter().filter(|e| e.score.is_some_and(|s| s < 100.0)).map(slot_of).collect();
        let gaps: BTreeSet<Slot> = card.gaps.iter().map(|g| Slot { section: g.section.to_string(), item: g.item.as_ref().map(|i| i.to_string()), question: g.question.to_string() }).collect();
        prop_assert_eq!(short, gaps);
    }
}

/// Raising an answer that reveals a follow-up question can lower the section score until the
/// follow-up is answered: the follow-up counts as unanswered (0) as soon as it is visible. This is
/// the documented limit of monotonicity.
#[test]
fn revealing_a_follow_up_can_lower_a_score() {
    let q = QnSpec {
        sections: vec![crate::generate::SSpec {
            id: "s".into(),
            pillar: "respect",
            principles: vec![17],
            weight: 1.0,
            repeat: None,
            questions: vec![
                plain("policy", Kind::YesNo { reversed: false }, None),
                plain("depth", Kind::Maturity, None),
                plain(
                    "follow-up",
                    Kind::Maturity,
                    Some(crate::generate::Cond::MaturityAtLeast("depth".into(), 3)),
                ),
            ],
        }],
    };
    let answer = |a: crate::generate::Ans| Resp::Answered {
        answer: a,
        evidence: false,
    };
    let mut a = AsSpec::default();
    a.responses
        .insert("policy".into(), answer(crate::generate::Ans::YesNo(true)));
    a.responses
        .insert("depth".into(), answer(crate::generate::Ans::Maturity(2)));
    // Before: policy 100, depth 2/4 = 50, follow-up hidden -> (100 + 50) / 2 = 75.
    let before = scorecard(&q, &a).overall.score.unwrap();
    assert!((before - 75.0).abs() < 1e-9, "{before}");
    // After raising depth to 3: policy 100, depth 3/4 = 75, follow-up visible and unanswered = 0
    // -> (100 + 75 + 0) / 3 = 58.33...
    a.responses
        .insert("depth".into(), answer(crate::generate::Ans::Maturity(3)));
    let after = scorecard(&q, &a).overall.score.unwrap();
    assert!((after - 175.0 / 3.0).abs() < 1e-9, "{after}");
    assert!(after < before);
}

fn plain(
    id: &str,
    kind: Kind,
    visible_if: Option<crate::generate::Cond>,
) -> crate::generate::QSpec {
    crate::generate::QSpec {
        id: id.into(),
        kind,
        scored: true,
        weight: 1.0,
        critical: false,
        allow_na: false,
        principles: Vec::new(),
        visible_if,
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}
