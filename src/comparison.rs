//! Comparison of two scorecards of one subject: progress over time (Principle 20, tracking the
//! effectiveness of the response).
//!
//! [`compare`] takes an older and a newer [`Scorecard`] of the same subject, questionnaire version
//! and scoring profile, and returns a [`ScorecardComparison`] document: the score, coverage,
//! confidence and band of the whole, of each pillar, section and principle, before and after with
//! the difference; the gaps closed and opened; and the questions whose answer changed.
//!
//! Comparing a scorecard with itself shows no change, and comparing B with A is the mirror image
//! of comparing A with B: old and new swap, every difference changes sign, and gaps closed become
//! gaps opened.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{QuestionnaireRef, Subject};
use crate::catalog::{Pillar, Principle, PrincipleSet};
use crate::document::{DocumentTag, Extensions};
use crate::error::{Problems, Stage};
use crate::id::{BandId, ItemId, QuestionId, SectionId};
use crate::scoring::{Gap, ProfileRef, QuestionScore, QuestionStatus, Scorecard, Summary};

/// The difference between two scorecards of one subject, questionnaire version and profile.
///
/// Lists are sorted as in a scorecard: pillars in pillar order, sections by id, principles by
/// number, gaps and answers by question id then item. A part present in only one scorecard has
/// `old` or `new` absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScorecardComparison {
    /// Always `"scorecard_comparison"`.
    pub document: DocumentTag<tags::ScorecardComparison>,
    /// The questionnaire and version both scorecards answer.
    pub questionnaire: QuestionnaireRef,
    /// The scoring profile both were scored with.
    pub profile: ProfileRef,
    /// The subject, as the newer scorecard names it.
    pub subject: Subject,
    /// The date of the older assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_date: Option<String>,
    /// The date of the newer assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_date: Option<String>,
    /// The overall change.
    pub overall: Delta,
    /// The change per pillar.
    pub pillars: Vec<PillarDelta>,
    /// The change per section.
    pub sections: Vec<SectionDelta>,
    /// The change per principle.
    pub principles: Vec<PrincipleDelta>,
    /// Gaps of the older scorecard that the newer one no longer has.
    pub gaps_closed: Vec<GapChange>,
    /// Gaps of the newer scorecard that the older one did not have.
    pub gaps_opened: Vec<GapChange>,
    /// Questions (per item) whose status, points, score or evidence changed.
    pub answers: Vec<AnswerChange>,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

pub(crate) mod tags {
    crate::document::tag!(ScorecardComparison, "scorecard_comparison");
}

/// Score, coverage, confidence and band of one part of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Standing {
    /// The score, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The answered share of applicable questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// The evidenced share of applicable questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The maturity band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<BandId>,
}

impl From<&Summary> for Standing {
    fn from(summary: &Summary) -> Self {
        Self {
            score: summary.score,
            coverage: summary.coverage,
            confidence: summary.confidence,
            band: summary.band.clone(),
        }
    }
}

/// How one part of the scorecard changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Delta {
    /// Before; absent when the older scorecard lacks the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Standing>,
    /// After; absent when the newer scorecard lacks the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Standing>,
    /// New score minus old score, in points; absent unless both have a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// New coverage minus old coverage; absent unless both have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// New confidence minus old confidence; absent unless both have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Whether the band differs.
    pub band_changed: bool,
}

impl Delta {
    fn between(old: Option<&Summary>, new: Option<&Summary>) -> Self {
        let old = old.map(Standing::from);
        let new = new.map(Standing::from);
        let difference = |pick: fn(&Standing) -> Option<f64>| match (&old, &new) {
            (Some(o), Some(n)) => Some(pick(n)? - pick(o)?),
            _ => None,
        };
        Self {
            score: difference(|s| s.score),
            coverage: difference(|s| s.coverage),
            confidence: difference(|s| s.confidence),
            band_changed: old.as_ref().map(|s| &s.band) != new.as_ref().map(|s| &s.band),
            old,
            new,
        }
    }

    /// Whether nothing changed: the same standing before and after.
    pub fn is_unchanged(&self) -> bool {
        self.old == self.new
    }
}

/// How one pillar changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PillarDelta {
    /// The pillar.
    pub pillar: Pillar,
    /// The change.
    pub delta: Delta,
}

/// How one section changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SectionDelta {
    /// The section.
    pub section: SectionId,
    /// The change.
    pub delta: Delta,
}

/// How one principle changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PrincipleDelta {
    /// The principle.
    pub principle: Principle,
    /// The change.
    pub delta: Delta,
}

/// A gap present in one scorecard and not the other, as that scorecard has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GapChange {
    /// The question.
    pub question: QuestionId,
    /// Its section.
    pub section: SectionId,
    /// The item, for a question of a repeated section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// Its status in the scorecard that has the gap.
    pub status: QuestionStatus,
    /// Its score there.
    pub score: f64,
    /// What closing it was (or is) worth to the overall score there.
    pub gain: f64,
    /// Whether it is critical.
    pub critical: bool,
    /// The principles it serves.
    pub principles: PrincipleSet,
}

impl From<&Gap> for GapChange {
    fn from(gap: &Gap) -> Self {
        Self {
            question: gap.question.clone(),
            section: gap.section.clone(),
            item: gap.item.clone(),
            status: gap.status,
            score: gap.score,
            gain: gap.gain,
            critical: gap.critical,
            principles: gap.principles,
        }
    }
}

/// What a question's entry in a scorecard says about its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnswerState {
    /// What happened to the question.
    pub status: QuestionStatus,
    /// The points its answer earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Its score, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Whether the answer cites evidence.
    pub evidenced: bool,
}

impl From<&QuestionScore> for AnswerState {
    fn from(question: &QuestionScore) -> Self {
        Self {
            status: question.status,
            points: question.points,
            score: question.score,
            evidenced: question.evidenced,
        }
    }
}

/// A question (per item) whose answer changed, as the scorecards see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnswerChange {
    /// The question.
    pub question: QuestionId,
    /// Its section.
    pub section: SectionId,
    /// The item, for a question of a repeated section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// Before; absent when the older scorecard lacks the question or item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<AnswerState>,
    /// After; absent when the newer scorecard lacks the question or item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<AnswerState>,
}

/// Compares an older and a newer scorecard of the same subject, questionnaire version and
/// scoring profile.
///
/// Refuses, with problems whose pointers are into `new`, scorecards of different subjects (kind
/// and name), questionnaires, questionnaire versions or profiles. Scorecards of two versions of a
/// questionnaire compare only after the older assessment is migrated (see
/// [`crate::migration::migrate`]) and scored again.
///
/// Answer changes are read from the scorecards' per-question entries (status, points, score,
/// evidence), so a changed note or text answer does not show. Takes time `O(n log n)` in the
/// size of the scorecards.
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::comparison::compare;
/// use hrdd::questionnaire::builtin_version;
/// use hrdd::scoring::{score, ScoringProfile};
/// let text = include_str!("../examples/data/harbourline-investor.assessment.json");
/// let assessment = Assessment::from_json(text).unwrap();
/// let questionnaire = builtin_version("btech-investor", &assessment.questionnaire.version).unwrap();
/// let card = score(&assessment.check(questionnaire).unwrap(), &ScoringProfile::default_profile());
/// let same = compare(&card, &card).unwrap();
/// assert!(same.is_unchanged());
/// assert_eq!(same.overall.score, Some(0.0));
/// ```
pub fn compare(old: &Scorecard, new: &Scorecard) -> Result<ScorecardComparison, Problems> {
    let mut problems = Problems::new();
    if old.subject.kind != new.subject.kind || old.subject.name != new.subject.name {
        problems.push(
            Stage::Semantic,
            "/subject/name",
            format!(
                "the scorecards are about `{}` and `{}`: compare scorecards of one subject",
                old.subject.name, new.subject.name
            ),
        );
    }
    if old.questionnaire.id != new.questionnaire.id {
        problems.push(
            Stage::Semantic,
            "/questionnaire/id",
            format!(
                "the scorecards answer `{}` and `{}`: compare scorecards of one questionnaire",
                old.questionnaire.id, new.questionnaire.id
            ),
        );
    } else if old.questionnaire.version != new.questionnaire.version {
        let (older, newer) = if old.questionnaire.version < new.questionnaire.version {
            (&old.questionnaire.version, &new.questionnaire.version)
        } else {
            (&new.questionnaire.version, &old.questionnaire.version)
        };
        problems.push(
            Stage::Semantic,
            "/questionnaire/version",
            format!(
                "the scorecards answer versions `{}` and `{}` of `{}`: migrate the assessment of version `{older}` to `{newer}` first, score it, and compare scorecards of one version",
                old.questionnaire.version, new.questionnaire.version, new.questionnaire.id
            ),
        );
    }
    if old.profile != new.profile {
        problems.push(
            Stage::Semantic,
            "/profile",
            format!(
                "the scorecards were scored with profiles `{}` {} and `{}` {}: score both with one profile",
                old.profile.id, old.profile.version, new.profile.id, new.profile.version
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let pillars = pair_up(
        old.pillars.iter().map(|p| (p.pillar, &p.summary)),
        new.pillars.iter().map(|p| (p.pillar, &p.summary)),
    )
    .into_iter()
    .map(|(pillar, (o, n))| PillarDelta {
        pillar,
        delta: Delta::between(o, n),
    })
    .collect();
    let sections = pair_up(
        old.sections.iter().map(|s| (s.section.clone(), &s.summary)),
        new.sections.iter().map(|s| (s.section.clone(), &s.summary)),
    )
    .into_iter()
    .map(|(section, (o, n))| SectionDelta {
        section,
        delta: Delta::between(o, n),
    })
    .collect();
    let principles = pair_up(
        old.principles.iter().map(|p| (p.principle, &p.summary)),
        new.principles.iter().map(|p| (p.principle, &p.summary)),
    )
    .into_iter()
    .map(|(principle, (o, n))| PrincipleDelta {
        principle,
        delta: Delta::between(o, n),
    })
    .collect();

    let gap_key = |g: &Gap| (g.question.clone(), g.item.clone());
    let old_gaps: BTreeSet<_> = old.gaps.iter().map(gap_key).collect();
    let new_gaps: BTreeSet<_> = new.gaps.iter().map(gap_key).collect();
    let mut gaps_closed: Vec<GapChange> = old
        .gaps
        .iter()
        .filter(|g| !new_gaps.contains(&gap_key(g)))
        .map(GapChange::from)
        .collect();
    let mut gaps_opened: Vec<GapChange> = new
        .gaps
        .iter()
        .filter(|g| !old_gaps.contains(&gap_key(g)))
        .map(GapChange::from)
        .collect();
    let by_question =
        |a: &GapChange, b: &GapChange| (&a.question, &a.item).cmp(&(&b.question, &b.item));
    gaps_closed.sort_by(by_question);
    gaps_opened.sort_by(by_question);

    let question_key = |q: &QuestionScore| (q.question.clone(), q.item.clone());
    let answers = pair_up(
        old.questions.iter().map(|q| (question_key(q), q)),
        new.questions.iter().map(|q| (question_key(q), q)),
    )
    .into_iter()
    .filter_map(|((question, item), (o, n))| {
        let (old_state, new_state) = (o.map(AnswerState::from), n.map(AnswerState::from));
        if old_state == new_state {
            return None;
        }
        let section = n.or(o).map(|q| q.section.clone())?;
        Some(AnswerChange {
            question,
            section,
            item,
            old: old_state,
            new: new_state,
        })
    })
    .collect();

    Ok(ScorecardComparison {
        document: DocumentTag::default(),
        questionnaire: new.questionnaire.clone(),
        profile: new.profile.clone(),
        subject: new.subject.clone(),
        old_date: old.date.clone(),
        new_date: new.date.clone(),
        overall: Delta::between(Some(&old.overall), Some(&new.overall)),
        pillars,
        sections,
        principles,
        gaps_closed,
        gaps_opened,
        answers,
        extensions: Extensions::default(),
    })
}

/// Pairs the entries of two lists by key, in key order; an entry of the first list wins over a
/// later one with the same key.
fn pair_up<K: Ord, V: Copy>(
    old: impl Iterator<Item = (K, V)>,
    new: impl Iterator<Item = (K, V)>,
) -> BTreeMap<K, (Option<V>, Option<V>)> {
    let mut pairs: BTreeMap<K, (Option<V>, Option<V>)> = BTreeMap::new();
    for (key, value) in old {
        pairs.entry(key).or_default().0.get_or_insert(value);
    }
    for (key, value) in new {
        pairs.entry(key).or_default().1.get_or_insert(value);
    }
    pairs
}

impl ScorecardComparison {
    /// Whether nothing changed: every part stands as before, no gap closed or opened, no answer
    /// changed.
    pub fn is_unchanged(&self) -> bool {
        self.overall.is_unchanged()
            && self.pillars.iter().all(|p| p.delta.is_unchanged())
            && self.sections.iter().all(|s| s.delta.is_unchanged())
            && self.principles.iter().all(|p| p.delta.is_unchanged())
            && self.gaps_closed.is_empty()
            && self.gaps_opened.is_empty()
            && self.answers.is_empty()
    }
}

impl ScorecardComparison {
    /// Reads a scorecard comparison document with the default [`Limits`](crate::Limits); a
    /// document of another kind is a problem at `/document`.
    pub fn from_json(text: &str) -> Result<Self, Problems> {
        crate::document::read_as(text, &crate::Limits::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Answer, Assessment, Response};
    use crate::questionnaire::builtin_version;
    use crate::scoring::{ScoringProfile, score};

    const HARBOURLINE: &str = include_str!("../examples/data/harbourline-investor.assessment.json");

    fn card(assessment: &Assessment) -> Scorecard {
        let questionnaire =
            builtin_version("btech-investor", &assessment.questionnaire.version).unwrap();
        score(
            &assessment.check(questionnaire).unwrap(),
            &ScoringProfile::default_profile(),
        )
    }

    fn maturity(level: u8) -> Response {
        Response::Answered {
            answer: Answer::Maturity { level },
            evidence: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn two_improved_answers_show_as_two_changes_and_two_closed_gaps() {
        let before = Assessment::from_json(HARBOURLINE).unwrap();
        let mut after = before.clone();
        after.date = Some("2027-03-10".to_owned());
        // An escalation policy at level 4 (was 0), and severity prioritisation at level 4 (was
        // unknown); neither cites evidence, as before.
        after
            .responses
            .insert(QuestionId::from_literal("esc-strategy"), maturity(4));
        after.responses.insert(
            QuestionId::from_literal("inv-severity-priority"),
            maturity(4),
        );
        let comparison = compare(&card(&before), &card(&after)).unwrap();

        let changed: Vec<&str> = comparison
            .answers
            .iter()
            .map(|a| a.question.as_str())
            .collect();
        assert_eq!(changed, ["esc-strategy", "inv-severity-priority"]);
        let closed: Vec<&str> = comparison
            .gaps_closed
            .iter()
            .map(|g| g.question.as_str())
            .collect();
        assert_eq!(closed, ["esc-strategy", "inv-severity-priority"]);
        assert!(comparison.gaps_opened.is_empty());
        assert_eq!(comparison.old_date.as_deref(), Some("2026-03-10"));

        // The escalation section, by hand with question weights 3, 2, 2, 2: before
        // (3*0 + 2*25 + 2*25 + 2*0) / 9 = 100/9; after (3*100 + 2*25 + 2*25 + 2*0) / 9 = 400/9.
        // (`esc-tools` chose one option worth 1 of a full 4 points: 25.)
        let escalation = comparison
            .sections
            .iter()
            .find(|s| s.section.as_str() == "inv-escalation-exit")
            .unwrap();
        let delta = escalation.delta.score.unwrap();
        assert!((delta - 300.0 / 9.0).abs() < 1e-9, "{delta}");
        // Coverage of due diligence rises by one of its eight questions (unknown -> answered).
        let due_diligence = comparison
            .sections
            .iter()
            .find(|s| s.section.as_str() == "inv-due-diligence")
            .unwrap();
        assert!((due_diligence.delta.coverage.unwrap() - 1.0 / 8.0).abs() < 1e-12);
        // Every other section stands as before.
        for section in &comparison.sections {
            let touched = ["inv-escalation-exit", "inv-due-diligence"];
            assert_eq!(
                section.delta.is_unchanged(),
                !touched.contains(&section.section.as_str()),
                "{}",
                section.section
            );
        }
        // Principles: esc-strategy serves 19, inv-severity-priority 24 and 14.
        let moved: Vec<u8> = comparison
            .principles
            .iter()
            .filter(|p| !p.delta.is_unchanged())
            .map(|p| p.principle.number())
            .collect();
        assert_eq!(moved, [14, 19, 24]);
        assert!(comparison.overall.score.unwrap() > 0.0);
        let remedy = comparison
            .pillars
            .iter()
            .find(|p| p.pillar == Pillar::Remedy)
            .unwrap();
        assert!(remedy.delta.is_unchanged());
    }

    #[test]
    fn other_subjects_versions_and_profiles_are_refused() {
        let base = Assessment::from_json(HARBOURLINE).unwrap();
        let old = card(&base);
        let mut other = old.clone();
        other.subject.name = "Another Fund".to_owned();
        other.questionnaire.version = crate::Version::new(1, 1, 0);
        other.profile.id = crate::ProfileId::from_literal("rdr");
        let problems: Vec<_> = compare(&old, &other).unwrap_err().into_iter().collect();
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/subject/name", "/questionnaire/version", "/profile"]
        );
        assert!(
            problems[1]
                .message
                .contains("migrate the assessment of version `1.0.0` to `1.1.0` first"),
            "{}",
            problems[1].message
        );
        let mut elsewhere = old.clone();
        elsewhere.questionnaire.id = crate::QuestionnaireId::from_literal("ungp-remedy");
        let problems: Vec<_> = compare(&old, &elsewhere).unwrap_err().into_iter().collect();
        assert_eq!(problems[0].pointer, "/questionnaire/id");
    }
}
