//! What a company should do about a risk, given its involvement and leverage (Principle 19 and
//! the B-Tech end-use papers). The texts are ours; each cites what it rests on.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize};

use super::model::{Involvement, Leverage};
use super::profile::Tier;

/// One action the guidance calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Action {
    /// What kind of action.
    pub kind: ActionKind,
    /// What to do, in plain words.
    pub text: &'static str,
    /// The Guiding Principles it rests on.
    pub principles: &'static [u8],
}

/// The kinds of action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ActionKind {
    /// Deal with this risk before less severe ones.
    ActFirst,
    /// Stop or prevent the company's own harmful activity.
    CeaseOrPrevent,
    /// Stop the company's contribution.
    CeaseContribution,
    /// Use existing leverage over the party that causes the harm.
    UseLeverage,
    /// Build leverage where there is too little.
    BuildLeverage,
    /// Consider ending the relationship responsibly.
    ConsiderEnding,
    /// Provide for or cooperate in remediation.
    Remediate,
    /// Cooperate in remediation to the extent of the contribution.
    RemediateShare,
}

impl ActionKind {
    /// The action's text and principles.
    pub fn action(self) -> Action {
        let (text, principles): (&'static str, &'static [u8]) = match self {
            ActionKind::ActFirst => (
                "Deal with this risk first: it is among the most severe, or a late response could leave the harm beyond repair (Principle 24).",
                &[24],
            ),
            ActionKind::CeaseOrPrevent => (
                "Stop the company's own activity, feature or deployment that causes the harm, or make sure it never starts, and change design, sales or deployment so it cannot recur (Principles 13 and 19; B-Tech end-use papers).",
                &[13, 19],
            ),
            ActionKind::CeaseContribution => (
                "Stop what the company does that adds to the harm, such as customising, marketing or supporting the product for this use, or overlooking warning signs (Principles 13 and 19; B-Tech end-use papers).",
                &[13, 19],
            ),
            ActionKind::UseLeverage => (
                "Use the company's leverage over the customer or user to prevent or reduce the harm: contract and terms-of-use conditions, limits on access, monitoring and audit rights, training (Principles 13 and 19; B-Tech end-use papers).",
                &[13, 19],
            ),
            ActionKind::BuildLeverage => (
                "Build leverage where it is lacking: conditions at the next contract or renewal, technical control over access, joint action with peers, civil society and States (Principle 19; B-Tech end-use papers).",
                &[19],
            ),
            ActionKind::ConsiderEnding => (
                "If leverage cannot be built or used to stop the harm, consider ending the relationship responsibly, weighing how severe the harm is and whether ending it would itself hurt people (Principle 19; B-Tech end-use papers).",
                &[19],
            ),
            ActionKind::Remediate => (
                "Provide for or cooperate in remedy for the people harmed through legitimate processes, such as an operational-level grievance mechanism (Principles 22 and 29).",
                &[22, 29],
            ),
            ActionKind::RemediateShare => (
                "Cooperate in remedy for the people harmed, to the extent of the company's contribution (Principle 22).",
                &[22],
            ),
        };
        Action {
            kind: self,
            text,
            principles,
        }
    }
}

/// The actions called for by a risk's involvement, leverage and tier; serialises as the list of
/// [`Action`]s.
///
/// - cause: cease or prevent, and remediate;
/// - contribute: cease the contribution, use leverage on the rest (build it when low or none),
///   and remediate to the extent of the contribution;
/// - directly linked: use leverage (medium or high) or build it (low or none); with low or no
///   leverage, or in the top tier, consider ending the relationship responsibly;
/// - top tier: act first.
///
/// ```
/// use hrdd::risk::{ActionKind, Guidance, Involvement, Leverage, Tier};
/// let kinds: Vec<_> = Guidance::new(Involvement::Cause, Leverage::High, Tier::Low)
///     .actions().iter().map(|a| a.kind).collect();
/// assert_eq!(kinds, [ActionKind::CeaseOrPrevent, ActionKind::Remediate]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Guidance {
    involvement: Involvement,
    leverage: Leverage,
    tier: Tier,
}

impl Guidance {
    /// The guidance for a risk.
    pub fn new(involvement: Involvement, leverage: Leverage, tier: Tier) -> Self {
        Self {
            involvement,
            leverage,
            tier,
        }
    }

    /// The kinds of action, in the order to take them.
    pub fn kinds(self) -> Vec<ActionKind> {
        use ActionKind as A;
        let mut kinds = Vec::with_capacity(4);
        if self.tier == Tier::Top {
            kinds.push(A::ActFirst);
        }
        let strong = self.leverage >= Leverage::Medium;
        match self.involvement {
            Involvement::Cause => kinds.extend([A::CeaseOrPrevent, A::Remediate]),
            Involvement::Contribute => {
                kinds.push(A::CeaseContribution);
                kinds.push(if strong {
                    A::UseLeverage
                } else {
                    A::BuildLeverage
                });
                kinds.push(A::RemediateShare);
            }
            Involvement::DirectlyLinked => {
                kinds.push(if strong {
                    A::UseLeverage
                } else {
                    A::BuildLeverage
                });
                if !strong || self.tier == Tier::Top {
                    kinds.push(A::ConsiderEnding);
                }
            }
        }
        kinds
    }

    /// The actions, in the order to take them.
    pub fn actions(self) -> Vec<Action> {
        self.kinds().into_iter().map(ActionKind::action).collect()
    }
}

impl Serialize for Guidance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kinds = self.kinds();
        let mut seq = serializer.serialize_seq(Some(kinds.len()))?;
        for kind in kinds {
            seq.serialize_element(&kind.action())?;
        }
        seq.end()
    }
}

impl JsonSchema for Guidance {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Actions")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "array",
            "description": "The actions Principle 19 and the B-Tech end-use papers call for.",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string"},
                    "text": {"type": "string"},
                    "principles": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 31}}
                },
                "required": ["kind", "text", "principles"],
                "additionalProperties": false
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind as A;

    #[test]
    fn guidance_follows_design_section_4() {
        let kinds = |i, l, t| Guidance::new(i, l, t).kinds();
        assert_eq!(
            kinds(Involvement::Contribute, Leverage::Low, Tier::High),
            [A::CeaseContribution, A::BuildLeverage, A::RemediateShare]
        );
        assert_eq!(
            kinds(Involvement::Contribute, Leverage::High, Tier::Top),
            [
                A::ActFirst,
                A::CeaseContribution,
                A::UseLeverage,
                A::RemediateShare
            ]
        );
        assert_eq!(
            kinds(Involvement::DirectlyLinked, Leverage::None, Tier::Low),
            [A::BuildLeverage, A::ConsiderEnding]
        );
        assert_eq!(
            kinds(Involvement::DirectlyLinked, Leverage::Medium, Tier::Medium),
            [A::UseLeverage]
        );
    }

    #[test]
    fn every_text_cites_its_principles() {
        for kind in [
            A::ActFirst,
            A::CeaseOrPrevent,
            A::CeaseContribution,
            A::UseLeverage,
            A::BuildLeverage,
            A::ConsiderEnding,
            A::Remediate,
            A::RemediateShare,
        ] {
            let action = kind.action();
            for p in action.principles {
                assert!(action.text.contains(&p.to_string()), "{kind:?}");
            }
        }
        assert!(
            A::UseLeverage
                .action()
                .text
                .contains("B-Tech end-use papers")
        );
    }
}
