//! The action plan: the scorecard's gaps turned into owned, prioritised actions.

use std::cmp::Ordering;

use crate::catalog::{Principle, PrincipleSet};
use crate::id::{ItemId, QuestionId, SectionId};
use crate::questionnaire::{CheckedQuestionnaire, Owner};
use crate::scoring::{QuestionStatus, Scorecard};
use crate::text::Text;

/// One action: closing one gap of the scorecard.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Action {
    /// Its place in the plan, from 1.
    pub rank: usize,
    /// The question whose gap it closes.
    pub question: QuestionId,
    /// The question's section.
    pub section: SectionId,
    /// The item, for a question of a repeated section.
    pub item: Option<ItemId>,
    /// Who owns it: the question's owner, else its section's; `None` when the questionnaire names
    /// neither.
    pub owner: Option<Owner>,
    /// The principles it serves.
    pub principles: PrincipleSet,
    /// How many points the overall score would gain.
    pub gain: f64,
    /// The question's score now.
    pub score: f64,
    /// Whether the question is critical.
    pub critical: bool,
    /// What happened to the question (answered short of the best, unknown or unanswered).
    pub status: QuestionStatus,
    /// What to do, from the questionnaire; `None` when the question has no action text.
    pub action: Option<Text>,
}

/// The scorecard's gaps as actions, in order of priority: critical questions first, then by gain
/// (largest first), then by question id and item, so the order is total and stable.
///
/// ```
/// use hrdd::report::ActionPlan;
/// # use hrdd::{assessment::Assessment, questionnaire::builtin, scoring::{score, ScoringProfile}};
/// # let questionnaire = builtin("ungp-remedy").unwrap();
/// # let assessment: Assessment = serde_json::from_str(r#"{"document": "assessment",
/// #   "questionnaire": {"id": "ungp-remedy", "version": "1.0.0"},
/// #   "subject": {"kind": "organisation", "name": "Nobody"}}"#).unwrap();
/// # let card = score(&assessment.check(questionnaire).unwrap(), &ScoringProfile::default_profile());
/// let plan = ActionPlan::new(&card, questionnaire);
/// // Nothing answered: every applicable question is a gap, critical ones first.
/// assert_eq!(plan.actions.len(), card.gaps.len());
/// assert!(plan.actions.first().unwrap().critical);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ActionPlan {
    /// The actions, in order of priority.
    pub actions: Vec<Action>,
}

/// A gain on a grid of 1e-9 points, so that gains equal but for floating-point noise (two ways
/// of summing the same weights) tie, and the tie is broken by question id, not by the noise.
fn gain_key(gain: f64) -> f64 {
    (gain * 1e9).round()
}

fn priority(a: &Action, b: &Action) -> Ordering {
    b.critical
        .cmp(&a.critical)
        .then_with(|| gain_key(b.gain).total_cmp(&gain_key(a.gain)))
        .then_with(|| a.question.cmp(&b.question))
        .then_with(|| a.item.cmp(&b.item))
}

impl ActionPlan {
    /// The plan for `card`, scored from an assessment of `questionnaire` (which supplies the
    /// owners). Gaps whose question the questionnaire does not hold keep no owner.
    pub fn new(card: &Scorecard, questionnaire: &CheckedQuestionnaire) -> Self {
        let q = questionnaire.questionnaire();
        let mut actions: Vec<Action> = card
            .gaps
            .iter()
            .map(|gap| {
                let owner = q
                    .sections
                    .iter()
                    .find(|s| s.id == gap.section)
                    .and_then(|section| {
                        section
                            .questions
                            .iter()
                            .find(|question| question.id == gap.question)
                            .and_then(|question| section.owner_of(question))
                            .or(section.owner)
                    });
                Action {
                    rank: 0,
                    question: gap.question.clone(),
                    section: gap.section.clone(),
                    item: gap.item.clone(),
                    owner,
                    principles: gap.principles,
                    gain: gap.gain,
                    score: gap.score,
                    critical: gap.critical,
                    status: gap.status,
                    action: gap.action.clone(),
                }
            })
            .collect();
        actions.sort_by(priority);
        for (i, action) in actions.iter_mut().enumerate() {
            action.rank = i + 1;
        }
        ActionPlan { actions }
    }

    /// The actions grouped by owner. Groups come in the order of their most urgent action, and
    /// keep the plan's order inside; actions without an owner form the last group.
    pub fn by_owner(&self) -> Vec<(Option<Owner>, Vec<&Action>)> {
        let mut groups: Vec<(Option<Owner>, Vec<&Action>)> = Vec::new();
        for action in &self.actions {
            match groups.iter_mut().find(|(owner, _)| *owner == action.owner) {
                Some((_, list)) => list.push(action),
                None => groups.push((action.owner, vec![action])),
            }
        }
        // Stable: groups with an owner keep their order; the unowned group goes last.
        groups.sort_by_key(|(owner, _)| owner.is_none());
        groups
    }

    /// The actions grouped by the principles they serve, in principle order; an action that
    /// serves several principles appears under each.
    pub fn by_principle(&self) -> Vec<(Principle, Vec<&Action>)> {
        Principle::all()
            .map(|principle| {
                let list: Vec<&Action> = self
                    .actions
                    .iter()
                    .filter(|a| a.principles.contains(principle))
                    .collect();
                (principle, list)
            })
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }
}
