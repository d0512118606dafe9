//! From an `end-use-screening` assessment to the deal's own risk graph.
//!
//! The screening questionnaire names the technology, the customer's type, the intended and
//! foreseeable uses and the context with ids of the shared end-use vocabulary
//! ([`crate::catalog::end_use_vocabulary`]), which are also the node ids of the reference graph
//! ([`super::reference_graph`]). [`screening_graph`] cuts the part of the reference graph that the
//! answers select and adjusts it with what the answers say about this deal.
//!
//! # How the answers become the graph
//!
//! - **Technology** (`technology`): its node.
//! - **Uses**: every use answered in `intended-uses` or `foreseeable-uses`, each with one
//!   `enables` edge from the technology whose likelihood is
//!   - [`INTENDED_USE_LIKELIHOOD`] (0.9) for a use the customer has stated, or the reference's
//!     own likelihood if higher;
//!   - for a use only foreseen: the reference's `enables` likelihood; failing that, the
//!     likelihood of the strongest chain of `enables` and `leads_to` edges that reaches it in the
//!     reference (the product of the likelihoods along the chain); failing that (the reference
//!     has no path), [`UNLINKED_USE_LIKELIHOOD`] (0.25), with a note saying so.
//!
//!   `leads_to` edges are not copied: each use already has its own edge, whose likelihood
//!   accounts for the chain, so no chain is counted twice. Uses the answers do not name are left
//!   out, and with them their risks.
//! - **Rights**: every `impacts` edge of the chosen uses, as in the reference, with its right
//!   node.
//! - **Involvement** (on every `enables` edge): from `company-role` (runs the use itself: cause;
//!   builds or trains it for the use: contribute; supplies a general product: directly linked;
//!   unanswered: directly linked), raised to at least *contribute* when the company customises
//!   the product for the customer (`customised-for-customer`) or has marketed it for a high-risk
//!   use (`marketed-for-harmful-use`), as the B-Tech end-use papers describe.
//! - **Leverage** (on every `enables` edge): the answer to `leverage-over-customer`; when it is
//!   not answered, *low*, since leverage that is not shown cannot be counted on.
//! - **Customer** (`customer-actor`): the actor node and its `deploys` edges to the chosen uses,
//!   each odds factor multiplied by [`WARNING_SIGN_ODDS`] (1.5) for every warning sign answered
//!   "yes" among [`WARNING_SIGNS`]. Where the actor has no edge to a chosen use, one is added with
//!   the warning-sign factor alone (when there is at least one sign). When no actor is named
//!   and there are warning signs, an actor node `screened-customer` carries them.
//! - **Context** (`deal-contexts`): each context node and the `occurs_in` edges from the chosen
//!   uses to it.
//! - **Safeguards**: each safeguard question answered at maturity level `L >= 1` becomes a
//!   mitigation node (its id is the question id) with effectiveness `cap × L / 4`, where the cap
//!   is the effectiveness of the safeguard when fully embedded (see [`SAFEGUARD_CAPS`]). Level 0,
//!   unknown and unanswered add nothing. Contractual restrictions mitigate only the uses that are
//!   foreseen but not intended (a contract can forbid a use, not the one the customer is buying
//!   the product for); every other safeguard mitigates the technology, and so every use.
//!   The grievance question is not turned into a mitigation: remedy answers harm, it does not
//!   make it less likely.
//!
//! Mitigations of the reference graph are not copied: they are generic measures, and the deal's
//! own safeguards are what the answers report.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use crate::assessment::{Answer, CheckedAssessment, Response};
use crate::document::Extensions;
use crate::error::{Problems, Stage};
use crate::id::{NodeId, OptionId};

use super::model::{
    Edge, Enables, Entity, Involvement, Leverage, Mitigates, Modifier, Node, NodeKind, RiskGraph,
};

/// The id of the screening questionnaire.
pub const SCREENING_QUESTIONNAIRE: &str = "end-use-screening";

/// The `enables` likelihood of a use the customer has stated it will make.
///
/// Not 1: plans change and a stated use may not happen.
pub const INTENDED_USE_LIKELIHOOD: f64 = 0.9;

/// The `enables` likelihood of a use the assessor foresees but the reference graph does not
/// reach from the technology: a moderate default, flagged in the edge's note.
pub const UNLINKED_USE_LIKELIHOOD: f64 = 0.25;

/// The factor on the odds of every chosen use per warning sign answered "yes".
pub const WARNING_SIGN_ODDS: f64 = 1.5;

/// The warning-sign questions that raise the odds of harmful use. (`marketed-for-harmful-use`
/// changes the involvement instead; `at-risk-groups-targeted` concerns who is harmed, not how
/// likely the use is.)
pub const WARNING_SIGNS: [&str; 7] = [
    "customer-abuse-record",
    "harmful-customisation-request",
    "refuses-assurances",
    "vague-purpose",
    "onward-transfer-risk",
    "restricted-end-user",
    "no-independent-oversight",
];

/// The safeguard questions that become mitigations, with the effectiveness each has at maturity
/// level 4 and the name of the mitigation node.
///
/// Illustrative defaults: measures that act directly on the use (design limits, contract terms
/// backed by audit and an exit plan) are given more weight than those that act through the
/// customer's goodwill or knowledge (training, consultation, collaboration).
pub const SAFEGUARD_CAPS: [(&str, f64, &str); 8] = [
    (
        "contractual-restrictions",
        0.30,
        "Contractual end-use restrictions",
    ),
    (
        "technical-safeguards",
        0.40,
        "Technical safeguards and limits",
    ),
    (
        "customer-due-diligence",
        0.20,
        "Due diligence on the customer",
    ),
    (
        "stakeholder-consultation",
        0.10,
        "Consultation of affected people",
    ),
    (
        "monitoring-audit-rights",
        0.30,
        "Monitoring and audit rights",
    ),
    (
        "customer-training",
        0.15,
        "Training of the customer's staff",
    ),
    ("escalation-exit-plan", 0.25, "Escalation and exit plan"),
    ("leverage-building", 0.10, "Collaboration to build leverage"),
];

/// The id of the actor node made when the answers name warning signs but no actor type.
const SCREENED_CUSTOMER: &str = "screened-customer";

/// Turns a checked `end-use-screening` assessment into the deal's risk graph, cut from
/// `reference` (normally [`super::reference_graph`]). See the [module docs](self) for how each
/// answer is used.
///
/// Problems, each with its JSON pointer into the assessment: the assessment answers another
/// questionnaire (`/questionnaire/id`); no technology is chosen (`/responses/technology`); a
/// chosen technology, use, actor or context is not a node of that kind in `reference` (the
/// pointer of the option).
///
/// The result is not checked; call [`RiskGraph::check`] on it before analysing it.
///
/// Complexity: `O(V + E log V)` in the size of the reference graph.
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::questionnaire::builtin;
/// use hrdd::risk::{reference_graph, screening_graph, PrioritisationProfile};
/// let assessment: Assessment = serde_json::from_value(serde_json::json!({
///   "document": "assessment",
///   "questionnaire": {"id": "end-use-screening", "version": "1.0.0"},
///   "subject": {"kind": "deal", "name": "Face search for a city police force"},
///   "responses": {
///     "technology": {"status": "answered",
///                    "answer": {"kind": "single_choice", "option": "facial-recognition"}},
///     "intended-uses": {"status": "answered",
///       "answer": {"kind": "multiple_choice", "options": ["retrospective-face-search"]}}
///   }
/// })).unwrap();
/// let questionnaire = builtin("end-use-screening").unwrap();
/// let checked = assessment.check(questionnaire).unwrap();
/// let graph = screening_graph(&checked, reference_graph()).unwrap();
/// let register = graph.check().unwrap().analyse(&PrioritisationProfile::default());
/// assert!(register.risks().all(|r| r.key.end_use.as_ref().unwrap().as_str()
///     == "retrospective-face-search"));
/// ```
pub fn screening_graph(
    assessment: &CheckedAssessment<'_>,
    reference: &RiskGraph,
) -> Result<RiskGraph, Problems> {
    let questionnaire_id = &assessment.questionnaire().questionnaire().id;
    if questionnaire_id.as_str() != SCREENING_QUESTIONNAIRE {
        return Err(Problems::one(
            Stage::Semantic,
            "/questionnaire/id",
            format!(
                "the assessment answers `{questionnaire_id}`, not the `{SCREENING_QUESTIONNAIRE}` questionnaire"
            ),
        ));
    }
    let answers = Answers(&assessment.assessment().responses);
    let lookup = Lookup::new(reference);
    let mut problems = Problems::new();

    // The technology.
    let technology = match answers.single("technology") {
        None => {
            problems.push(
                Stage::Semantic,
                "/responses/technology",
                "no technology chosen: answer `technology` to screen the deal",
            );
            None
        }
        Some(option) => lookup.expect(
            &mut problems,
            option,
            NodeKind::Technology,
            "/responses/technology/answer/option",
        ),
    };

    // The uses, intended first; a use named in both lists counts as intended.
    let mut uses: BTreeMap<&NodeId, bool> = BTreeMap::new();
    for (question, intended) in [("intended-uses", true), ("foreseeable-uses", false)] {
        for (i, option) in answers.multiple(question).iter().enumerate() {
            let at = format!("/responses/{question}/answer/options/{i}");
            if let Some(node) = lookup.expect(&mut problems, option, NodeKind::EndUse, &at) {
                uses.entry(node).or_insert(intended);
            }
        }
    }

    let actor = answers.single("customer-actor").and_then(|option| {
        lookup.expect(
            &mut problems,
            option,
            NodeKind::Actor,
            "/responses/customer-actor/answer/option",
        )
    });

    let mut contexts = BTreeSet::new();
    for (i, option) in answers.multiple("deal-contexts").iter().enumerate() {
        let at = format!("/responses/deal-contexts/answer/options/{i}");
        if let Some(node) = lookup.expect(&mut problems, option, NodeKind::Context, &at) {
            contexts.insert(node);
        }
    }

    let Some(technology) = technology else {
        return Err(problems);
    };
    problems.into_result(())?;

    let involvement = involvement(&answers);
    let leverage = leverage(&answers);
    let reach = lookup.strongest_chains(technology);

    let mut nodes: Vec<Node> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    nodes.extend(lookup.node(technology.as_str()).cloned());

    // Uses and their enabling edges.
    for (&used, &intended) in &uses {
        nodes.extend(lookup.node(used.as_str()).cloned());
        let direct = lookup.enables_likelihood(technology, used);
        let (likelihood, note) = match (intended, direct, reach.get(used)) {
            (true, _, found) => (
                INTENDED_USE_LIKELIHOOD.max(direct.or(found.copied()).unwrap_or(0.0)),
                "a use the customer has stated",
            ),
            (false, Some(p), _) => (p, "a foreseeable use; likelihood from the reference graph"),
            (false, None, Some(&p)) => (
                p,
                "a foreseeable use; likelihood of the strongest chain of uses leading to it in the reference graph",
            ),
            (false, None, None) => (
                UNLINKED_USE_LIKELIHOOD,
                "a foreseeable use the reference graph does not link to this technology; default likelihood",
            ),
        };
        edges.push(Edge::Enables(Enables {
            from: technology.clone(),
            to: used.clone(),
            likelihood,
            involvement,
            leverage,
            note: Some(note.to_owned()),
            extensions: Extensions::default(),
        }));
    }

    // Rights harmed by the chosen uses.
    let mut rights = BTreeSet::new();
    for edge in &reference.edges {
        if let Edge::Impacts(impact) = edge
            && uses.contains_key(&impact.from)
        {
            rights.insert(&impact.to);
            edges.push(edge.clone());
        }
    }
    for &right in &rights {
        nodes.extend(lookup.node(right.as_str()).cloned());
    }

    // The customer, with the warning signs on the odds of every chosen use.
    let signs: Vec<&str> = WARNING_SIGNS
        .into_iter()
        .filter(|q| answers.yes_no(q) == Some(true))
        .collect();
    let sign_factor = signs.iter().fold(1.0, |f, _| f * WARNING_SIGN_ODDS);
    let customer = match actor {
        Some(actor) => {
            nodes.extend(lookup.node(actor.as_str()).cloned());
            Some(actor.clone())
        }
        None if !signs.is_empty() => {
            let id = NodeId::from_literal(SCREENED_CUSTOMER);
            let mut entity = Entity::new(id.clone(), "The screened customer");
            entity.description =
                Some("The customer of the deal; its type was not given.".to_owned());
            nodes.push(Node::Actor(entity));
            Some(id)
        }
        None => None,
    };
    if let Some(customer) = &customer {
        let sign_note = if signs.is_empty() {
            String::from("no warning signs")
        } else {
            let quoted: Vec<String> = signs.iter().map(|s| format!("`{s}`")).collect();
            format!(
                "× {WARNING_SIGN_ODDS} for each warning sign answered yes: {}",
                quoted.join(", ")
            )
        };
        for &used in uses.keys() {
            let base = actor.and_then(|a| lookup.modifier(EdgeKindOf::Deploys, a, used));
            if base.is_none() && signs.is_empty() {
                continue;
            }
            let factor = base.unwrap_or(1.0) * sign_factor;
            let note = match base {
                Some(k) => format!("reference odds factor {k}, {sign_note}"),
                None => format!("no reference odds factor, {sign_note}"),
            };
            edges.push(Edge::Deploys(Modifier {
                from: customer.clone(),
                to: used.clone(),
                odds_factor: factor,
                note: Some(note),
                extensions: Extensions::default(),
            }));
        }
    }

    // The contexts.
    for &context in &contexts {
        nodes.extend(lookup.node(context.as_str()).cloned());
        for &used in uses.keys() {
            if let Some(k) = lookup.modifier(EdgeKindOf::OccursIn, used, context) {
                edges.push(Edge::OccursIn(Modifier {
                    from: used.clone(),
                    to: context.clone(),
                    odds_factor: k,
                    note: None,
                    extensions: Extensions::default(),
                }));
            }
        }
    }

    // The safeguards.
    let foreseen_only: Vec<&NodeId> = uses
        .iter()
        .filter(|(_, intended)| !**intended)
        .map(|(used, _)| *used)
        .collect();
    for (question, cap, name) in SAFEGUARD_CAPS {
        let Some(level) = answers.maturity(question).filter(|l| *l >= 1) else {
            continue;
        };
        let effectiveness = cap * f64::from(level.min(4)) / 4.0;
        let targets: Vec<NodeId> = if question == "contractual-restrictions" {
            foreseen_only.iter().map(|u| (*u).clone()).collect()
        } else {
            vec![technology.clone()]
        };
        if targets.is_empty() {
            continue;
        }
        let id = NodeId::from_literal(question);
        let mut entity = Entity::new(id.clone(), name);
        entity.description = Some(format!(
            "answered at maturity level {level} of 4: effectiveness {cap} × {level} / 4"
        ));
        nodes.push(Node::Mitigation(entity));
        for target in targets {
            edges.push(Edge::Mitigates(Mitigates {
                from: id.clone(),
                to: target,
                effectiveness,
                note: None,
                extensions: Extensions::default(),
            }));
        }
    }

    let subject = &assessment.assessment().subject.name;
    let mut graph = RiskGraph::new(nodes, edges);
    graph.title = Some(format!("End-use screening: {subject}"));
    graph.description = Some(
        "Cut from the reference risk graph by the answers to the end-use-screening \
         questionnaire: the technology sold, the uses stated and foreseen, the customer's type \
         with its warning signs, the context, and the safeguards in place as mitigations. \
         Severities, likelihoods, odds factors and effectiveness are illustrative defaults, \
         not findings: override them with what is known about the deal."
            .to_owned(),
    );
    Ok(graph)
}

/// Involvement from `company-role`, raised by customisation or marketing for a harmful use.
fn involvement(answers: &Answers<'_>) -> Involvement {
    let stated = match answers.single("company-role").map(OptionId::as_str) {
        Some("operates-the-use") => Involvement::Cause,
        Some("builds-for-the-use") => Involvement::Contribute,
        _ => Involvement::DirectlyLinked,
    };
    let closer = ["customised-for-customer", "marketed-for-harmful-use"]
        .into_iter()
        .any(|q| answers.yes_no(q) == Some(true));
    if closer {
        stated.max(Involvement::Contribute)
    } else {
        stated
    }
}

/// Leverage from `leverage-over-customer`; low when not answered.
fn leverage(answers: &Answers<'_>) -> Leverage {
    match answers
        .single("leverage-over-customer")
        .map(OptionId::as_str)
    {
        Some("none") => Leverage::None,
        Some("medium") => Leverage::Medium,
        Some("high") => Leverage::High,
        _ => Leverage::Low,
    }
}

/// Read access to the answered responses of an assessment.
struct Answers<'a>(&'a BTreeMap<crate::id::QuestionId, Response>);

impl<'a> Answers<'a> {
    fn answer(&self, question: &str) -> Option<&'a Answer> {
        match self.0.get(question)? {
            Response::Answered { answer, .. } => Some(answer),
            _ => None,
        }
    }

    fn single(&self, question: &str) -> Option<&'a OptionId> {
        match self.answer(question)? {
            Answer::SingleChoice { option } => Some(option),
            _ => None,
        }
    }

    fn multiple(&self, question: &str) -> &'a [OptionId] {
        match self.answer(question) {
            Some(Answer::MultipleChoice { options }) => options,
            _ => &[],
        }
    }

    fn yes_no(&self, question: &str) -> Option<bool> {
        match self.answer(question)? {
            Answer::YesNo { value } => Some(*value),
            _ => None,
        }
    }

    fn maturity(&self, question: &str) -> Option<u8> {
        match self.answer(question)? {
            Answer::Maturity { level } => Some(*level),
            _ => None,
        }
    }
}

/// Which modifier edge to look up.
#[derive(Clone, Copy)]
enum EdgeKindOf {
    Deploys,
    OccursIn,
}

/// An index of the reference graph by node id. Nodes are handed out as `&NodeId` borrowed from
/// the graph, so every handle names a node that exists.
struct Lookup<'g> {
    nodes: HashMap<&'g str, &'g Node>,
    enables: HashMap<(&'g str, &'g str), f64>,
    deploys: HashMap<(&'g str, &'g str), f64>,
    occurs_in: HashMap<(&'g str, &'g str), f64>,
    /// Outgoing `enables` and `leads_to` edges: (target, likelihood).
    out: HashMap<&'g str, Vec<(&'g NodeId, f64)>>,
}

impl<'g> Lookup<'g> {
    fn new(graph: &'g RiskGraph) -> Self {
        let mut lookup = Self {
            nodes: graph.nodes.iter().map(|n| (n.id().as_str(), n)).collect(),
            enables: HashMap::new(),
            deploys: HashMap::new(),
            occurs_in: HashMap::new(),
            out: HashMap::new(),
        };
        for edge in &graph.edges {
            let key = (edge.from().as_str(), edge.to().as_str());
            match edge {
                Edge::Enables(e) => {
                    lookup.enables.insert(key, e.likelihood);
                    lookup
                        .out
                        .entry(key.0)
                        .or_default()
                        .push((&e.to, e.likelihood));
                }
                Edge::LeadsTo(e) => lookup
                    .out
                    .entry(key.0)
                    .or_default()
                    .push((&e.to, e.likelihood)),
                Edge::Deploys(m) => {
                    lookup.deploys.insert(key, m.odds_factor);
                }
                Edge::OccursIn(m) => {
                    lookup.occurs_in.insert(key, m.odds_factor);
                }
                _ => {}
            }
        }
        lookup
    }

    fn node(&self, id: &str) -> Option<&'g Node> {
        self.nodes.get(id).copied()
    }

    /// The node of kind `kind` named by `option`, or a problem at `at`.
    fn expect(
        &self,
        problems: &mut Problems,
        option: &OptionId,
        kind: NodeKind,
        at: &str,
    ) -> Option<&'g NodeId> {
        match self.node(option.as_str()) {
            Some(node) if node.kind() == kind => Some(node.id()),
            _ => {
                problems.push(
                    Stage::Semantic,
                    at,
                    format!(
                        "`{option}` is not a {} node of the reference graph",
                        kind.as_str()
                    ),
                );
                None
            }
        }
    }

    fn enables_likelihood(&self, technology: &NodeId, used: &NodeId) -> Option<f64> {
        self.enables
            .get(&(technology.as_str(), used.as_str()))
            .copied()
    }

    fn modifier(&self, kind: EdgeKindOf, from: &NodeId, to: &NodeId) -> Option<f64> {
        let map = match kind {
            EdgeKindOf::Deploys => &self.deploys,
            EdgeKindOf::OccursIn => &self.occurs_in,
        };
        map.get(&(from.as_str(), to.as_str())).copied()
    }

    /// For every end-use reachable from `technology` through `enables` and `leads_to` edges, the
    /// largest product of likelihoods along a path to it.
    ///
    /// Dijkstra's algorithm on products: every factor is at most 1, so a path never becomes more
    /// likely by growing, and the first time a node is settled its value is final.
    /// `O(E log V)`.
    fn strongest_chains(&self, technology: &'g NodeId) -> HashMap<&'g NodeId, f64> {
        let mut best: HashMap<&NodeId, f64> = HashMap::new();
        let mut heap = BinaryHeap::new();
        heap.push(Candidate(1.0, technology));
        let mut settled = BTreeSet::new();
        while let Some(Candidate(p, n)) = heap.pop() {
            if !settled.insert(n) {
                continue;
            }
            for &(to, likelihood) in self.out.get(n.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                let q = p * likelihood.clamp(0.0, 1.0);
                let better = best.get(to).is_none_or(|&old| q > old);
                if better && !settled.contains(to) {
                    best.insert(to, q);
                    heap.push(Candidate(q, to));
                }
            }
        }
        best
    }
}

/// A heap entry ordered by likelihood, then by node id.
#[derive(PartialEq)]
struct Candidate<'g>(f64, &'g NodeId);

impl Eq for Candidate<'_> {}

impl PartialOrd for Candidate<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then_with(|| other.1.cmp(self.1))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::assessment::Assessment;
    use crate::catalog::{Principle, TermKind, end_use_vocabulary};
    use crate::questionnaire::{AnswerKind, Questionnaire, builtin};
    use crate::risk::{PrioritisationProfile, reference_graph};

    const SAMPLE: &str = include_str!("../../examples/data/port-alder-face-search.assessment.json");

    fn screening() -> &'static Questionnaire {
        builtin(SCREENING_QUESTIONNAIRE).unwrap().questionnaire()
    }

    fn options_of(question: &str) -> Vec<&'static str> {
        let q = screening()
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.id.as_str() == question)
            .unwrap();
        match &q.answer {
            AnswerKind::SingleChoice { options } | AnswerKind::MultipleChoice { options, .. } => {
                options.iter().map(|o| o.id.as_str()).collect()
            }
            other => panic!("{question}: {other:?}"),
        }
    }

    #[test]
    fn vocabulary_questions_offer_exactly_the_vocabulary() {
        let vocabulary = end_use_vocabulary();
        for (question, kind) in [
            ("technology", TermKind::Technology),
            ("customer-actor", TermKind::Actor),
            ("intended-uses", TermKind::EndUse),
            ("foreseeable-uses", TermKind::EndUse),
            ("deal-contexts", TermKind::Context),
        ] {
            let words: Vec<&str> = vocabulary
                .terms(kind)
                .iter()
                .map(|t| t.id.as_str())
                .collect();
            assert_eq!(options_of(question), words, "{question}");
        }
    }

    #[test]
    fn every_question_has_help_and_action_and_a_unique_prompt() {
        let questionnaire = screening();
        let mut prompts = HashSet::new();
        let mut count = 0;
        for question in questionnaire.sections.iter().flat_map(|s| &s.questions) {
            count += 1;
            let id = &question.id;
            let prompt = question.prompt.english().to_lowercase();
            assert!(prompts.insert(prompt), "{id}: prompt used twice");
            let help = question
                .help
                .as_ref()
                .map(|t| t.english())
                .unwrap_or_default();
            assert!(help.len() > 80, "{id}: help too short");
            let cites = help.contains("Principle") || help.contains("B-Tech");
            assert!(cites, "{id}: help cites neither a principle nor B-Tech");
            let action = question
                .action
                .as_ref()
                .map(|t| t.english())
                .unwrap_or_default();
            assert!(!action.trim().is_empty(), "{id}: no action");
        }
        assert!((25..=35).contains(&count), "{count} questions");
        // The principles the issue names are all served.
        let served: HashSet<u8> = questionnaire
            .sections
            .iter()
            .flat_map(|s| {
                s.principles
                    .iter()
                    .chain(s.questions.iter().flat_map(|q| &q.principles))
            })
            .map(|p: &Principle| p.number())
            .collect();
        for p in [17, 18, 19, 24] {
            assert!(served.contains(&p), "principle {p}");
        }
    }

    #[test]
    fn warning_signs_and_safeguards_name_real_questions_of_the_right_kind() {
        let questions: HashMap<&str, &AnswerKind> = screening()
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| (q.id.as_str(), &q.answer))
            .collect();
        for sign in WARNING_SIGNS {
            assert_eq!(
                questions.get(sign),
                Some(&&AnswerKind::YesNo { reversed: true }),
                "{sign}"
            );
        }
        for (safeguard, cap, _) in SAFEGUARD_CAPS {
            assert!(
                matches!(questions.get(safeguard), Some(AnswerKind::Maturity { .. })),
                "{safeguard}"
            );
            assert!(cap > 0.0 && cap <= 1.0);
        }
    }

    fn sample() -> Assessment {
        serde_json::from_str(SAMPLE).unwrap()
    }

    #[test]
    fn sample_passes_the_assessment_check() {
        let assessment = sample();
        if let Err(problems) = assessment.check(builtin(SCREENING_QUESTIONNAIRE).unwrap()) {
            panic!("{problems}");
        }
    }

    #[test]
    fn sample_deal_graph_follows_the_documented_mapping() {
        let assessment = sample();
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let graph = screening_graph(&checked, reference_graph()).unwrap();
        let enables: Vec<&Enables> = graph
            .edges
            .iter()
            .filter_map(|e| match e {
                Edge::Enables(e) => Some(e),
                _ => None,
            })
            .collect();
        // One edge per chosen use: 1 intended + 2 foreseen.
        assert_eq!(enables.len(), 3);
        for e in &enables {
            assert_eq!(e.from.as_str(), "facial-recognition");
            // supplies a general product, but customised for the customer: contribute.
            assert_eq!(e.involvement, Involvement::Contribute);
            assert_eq!(e.leverage, Leverage::Medium);
            let expected = match e.to.as_str() {
                // stated use: max(0.9, reference 0.6)
                "retrospective-face-search" => 0.9,
                // foreseen uses with a direct reference edge keep it
                "remote-biometric-identification" => 0.4,
                "protest-monitoring" => 0.25,
                other => panic!("unexpected use {other}"),
            };
            assert_eq!(e.likelihood, expected, "{}", e.to);
        }
        // Three warning signs answered yes (harmful customisation request, onward transfer,
        // no independent oversight): 1.5^3 = 3.375; police has reference factor 2.5 on
        // retrospective face search, so 2.5 × 3.375 = 8.4375.
        let deploys = graph
            .edges
            .iter()
            .find_map(|e| match e {
                Edge::Deploys(m) if m.to.as_str() == "retrospective-face-search" => Some(m),
                _ => None,
            })
            .unwrap();
        assert_eq!(deploys.from.as_str(), "police");
        assert!((deploys.odds_factor - 8.4375).abs() < 1e-12);
        // Contractual restrictions at level 2: 0.30 × 2/4 = 0.15, on the two foreseen uses only.
        // Monitoring at level 1: 0.30 × 1/4 = 0.075, on the technology. Leverage building at 0:
        // no node.
        let mitigations: Vec<&Mitigates> = graph
            .edges
            .iter()
            .filter_map(|e| match e {
                Edge::Mitigates(m) => Some(m),
                _ => None,
            })
            .collect();
        let contract: Vec<&&Mitigates> = mitigations
            .iter()
            .filter(|m| m.from.as_str() == "contractual-restrictions")
            .collect();
        assert_eq!(contract.len(), 2);
        assert!(
            contract
                .iter()
                .all(|m| (m.effectiveness - 0.15).abs() < 1e-12)
        );
        assert!(
            contract
                .iter()
                .all(|m| m.to.as_str() != "retrospective-face-search")
        );
        let monitoring = mitigations
            .iter()
            .find(|m| m.from.as_str() == "monitoring-audit-rights")
            .unwrap();
        assert_eq!(monitoring.to.as_str(), "facial-recognition");
        assert!((monitoring.effectiveness - 0.075).abs() < 1e-12);
        assert!(
            !mitigations
                .iter()
                .any(|m| m.from.as_str() == "leverage-building")
        );
        // Both answered contexts are present with their edges.
        assert!(
            graph
                .nodes
                .iter()
                .any(|n| n.id().as_str() == "election-period")
        );
        assert!(graph.edges.iter().any(|e| matches!(e, Edge::OccursIn(m)
            if m.from.as_str() == "protest-monitoring" && m.to.as_str() == "election-period")));
    }

    #[test]
    fn sample_deal_register_puts_a_severe_civic_freedom_risk_first() {
        let assessment = sample();
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let graph = screening_graph(&checked, reference_graph()).unwrap();
        let register = match graph.check() {
            Ok(checked) => checked.analyse(&PrioritisationProfile::default()),
            Err(problems) => panic!("{problems}"),
        };
        assert!(register.risks().next().is_some());
        // Only the three chosen uses produce risks; biometric categorisation, border
        // surveillance and exam proctoring (reachable in the reference) do not.
        let chosen = [
            "retrospective-face-search",
            "remote-biometric-identification",
            "protest-monitoring",
        ];
        for risk in register.risks() {
            let used = risk.key.end_use.as_ref().unwrap().as_str();
            assert!(chosen.contains(&used), "{used}");
        }
        // By hand from the reference edges of the three uses: the most severe impacts have 9
        // points (scale + scope + irremediability - 3): privacy through remote identification
        // (4, 5, 3), peaceful assembly (5, 4, 3) and liberty (5, 3, 4) through protest monitoring.
        // Severity comes first, so the top risk is one of them.
        let top = &register.risks().next().unwrap();
        assert_eq!(top.severity.points(), 9);
        assert!(
            ["privacy", "peaceful-assembly", "liberty-security"]
                .contains(&top.catalog_right.as_str()),
            "{}",
            top.catalog_right
        );
        assert!(top.severity.scale >= 4);
        assert_eq!(top.involvement, Involvement::Contribute);
        // Every right the issue names for face search by police is in the register.
        for right in ["privacy", "peaceful-assembly", "non-discrimination"] {
            assert!(register.risks().any(|r| r.catalog_right.as_str() == right));
        }
    }

    #[test]
    fn another_questionnaire_is_refused_at_its_id() {
        let Some(other) = crate::questionnaire::builtins()
            .iter()
            .find(|q| q.questionnaire().id.as_str() != SCREENING_QUESTIONNAIRE)
        else {
            return;
        };
        let q = other.questionnaire();
        let assessment: Assessment = serde_json::from_value(serde_json::json!({
            "document": "assessment",
            "questionnaire": {"id": q.id.as_str(), "version": q.version.to_string()},
            "subject": {"kind": "deal", "name": "x"}
        }))
        .unwrap();
        let checked = assessment.check(other).unwrap();
        let problems = screening_graph(&checked, reference_graph()).unwrap_err();
        let first = problems.iter().next().unwrap();
        assert_eq!(first.pointer, "/questionnaire/id");
        assert!(first.message.contains(q.id.as_str()));
    }

    /// A screening of a deal named `x` with `responses`.
    fn deal(responses: serde_json::Value) -> Assessment {
        serde_json::from_value(serde_json::json!({
            "document": "assessment",
            "questionnaire": {"id": "end-use-screening", "version": "1.0.0"},
            "subject": {"kind": "deal", "name": "x"},
            "responses": responses
        }))
        .unwrap()
    }

    #[test]
    fn no_technology_and_unknown_nodes_are_reported_with_pointers() {
        let assessment = deal(serde_json::json!({
            "intended-uses": {"status": "answered",
                "answer": {"kind": "multiple_choice", "options": ["workplace-monitoring"]}}
        }));
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let problems = screening_graph(&checked, reference_graph()).unwrap_err();
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/responses/technology"]);

        // A reference graph without the chosen use: the use's option is pointed at.
        let mut small = reference_graph().clone();
        small
            .nodes
            .retain(|n| n.id().as_str() != "workplace-monitoring");
        let assessment = deal(serde_json::json!({
            "technology": {"status": "answered",
                "answer": {"kind": "single_choice", "option": "workplace-monitoring-software"}},
            "intended-uses": {"status": "answered",
                "answer": {"kind": "multiple_choice",
                           "options": ["algorithmic-management", "workplace-monitoring"]}}
        }));
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let problems = screening_graph(&checked, &small).unwrap_err();
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/responses/intended-uses/answer/options/1"]);
    }

    #[test]
    fn unanswered_leverage_is_low_and_a_missing_actor_carries_the_warning_signs() {
        let assessment = deal(serde_json::json!({
            "technology": {"status": "answered",
                "answer": {"kind": "single_choice", "option": "spyware"}},
            "company-role": {"status": "answered",
                "answer": {"kind": "single_choice", "option": "operates-the-use"}},
            "foreseeable-uses": {"status": "answered",
                "answer": {"kind": "multiple_choice",
                           "options": ["targeted-surveillance-defenders", "csam-generation"]}},
            "customer-abuse-record": {"status": "answered",
                "answer": {"kind": "yes_no", "value": true}},
            "contractual-restrictions": {"status": "answered",
                "answer": {"kind": "maturity", "level": 4}}
        }));
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let graph = screening_graph(&checked, reference_graph()).unwrap();
        for edge in &graph.edges {
            match edge {
                Edge::Enables(e) => {
                    assert_eq!(e.involvement, Involvement::Cause);
                    assert_eq!(e.leverage, Leverage::Low);
                    // spyware has a direct edge (0.5) to targeted surveillance and no path at
                    // all to CSAM generation in the reference.
                    let expected = match e.to.as_str() {
                        "targeted-surveillance-defenders" => 0.5,
                        "csam-generation" => UNLINKED_USE_LIKELIHOOD,
                        other => panic!("{other}"),
                    };
                    assert_eq!(e.likelihood, expected);
                }
                Edge::Deploys(m) => {
                    assert_eq!(m.from.as_str(), "screened-customer");
                    assert_eq!(m.odds_factor, WARNING_SIGN_ODDS);
                }
                Edge::Mitigates(m) => assert_eq!(m.effectiveness, 0.30),
                _ => {}
            }
        }
        assert!(graph.clone().check().is_ok());
    }

    #[test]
    fn a_use_reached_only_through_other_uses_gets_its_strongest_chain() {
        // In the reference data, facial recognition has no direct edge to targeted surveillance
        // of defenders; the only chain is through retrospective face search: 0.6 × 0.1 = 0.06.
        let assessment = deal(serde_json::json!({
            "technology": {"status": "answered",
                "answer": {"kind": "single_choice", "option": "facial-recognition"}},
            "foreseeable-uses": {"status": "answered",
                "answer": {"kind": "multiple_choice",
                           "options": ["targeted-surveillance-defenders"]}}
        }));
        let checked = assessment
            .check(builtin(SCREENING_QUESTIONNAIRE).unwrap())
            .unwrap();
        let graph = screening_graph(&checked, reference_graph()).unwrap();
        let likelihood = graph
            .edges
            .iter()
            .find_map(|e| match e {
                Edge::Enables(e) => Some(e.likelihood),
                _ => None,
            })
            .unwrap();
        assert!((likelihood - 0.06).abs() < 1e-12, "{likelihood}");
    }
}
