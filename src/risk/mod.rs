//! The end-use risk graph: technologies, the end-uses they enable, the human rights those uses
//! can harm, and the actors, contexts and mitigations that change how likely harm is.
//!
//! - [`RiskGraph`] is the document (`"document": "risk_graph"`), see its docs for the format;
//! - [`RiskGraph::check`] validates it and compiles it into a [`CheckedRiskGraph`];
//! - [`CheckedRiskGraph::analyse`] ranks its risks into a [`RiskRegister`] under a
//!   [`PrioritisationProfile`];
//! - [`Scenario`] changes a graph and reports how the register moves;
//! - [`export`] writes registers and graphs as CSV, Markdown, Graphviz DOT and GraphML.
//!
//! # How likelihoods combine
//!
//! For a technology `t`, the likelihood that an end-use `e` happens through `t` is
//!
//! ```text
//! raw(t, e) = 1 - Π over edges into e of (1 - c)
//!     c = likelihood(t -enables-> e) × m(t)          for the enabling edge from t
//!     c = q(t, u) × likelihood(u -leads_to-> e)      for each end-use u that leads to e
//! q(t, e)   = adjust(raw(t, e), k(e)) × m(e)
//! adjust(p, k) = k·p / (1 - p + k·p)                 (multiplies the odds p/(1-p) by k)
//! k(e)      = product of the odds factors of the actors deploying e and the contexts e occurs in
//! m(x)      = Π over mitigations of x of (1 - effectiveness)
//! ```
//!
//! and the likelihood of the risk on right `r` through that use is
//! `L(t, e, r) = q(t, e) × likelihood(e -impacts-> r)`. The events are treated as independent.
//! Every step maps `[0, 1]` into `[0, 1]` and is non-decreasing in its inputs, and mitigations
//! multiply by a factor of at most 1, so adding a mitigation never raises a risk.
//!
//! Where several end-uses lead from one technology to one right, the aggregated risk has the
//! likelihood that any of them happens, `1 - Π (1 - L(t, e, r))`, and the worst severity.

mod analysis;
mod check;
pub mod export;
mod guidance;
mod model;
mod profile;
mod reference;
mod register;
mod scenario;
mod screening;
mod simulation;

pub use check::CheckedRiskGraph;
pub use guidance::{Action, ActionKind, Guidance};
pub use model::{
    Edge, EdgeKind, Enables, Entity, Impact, Involvement, LeadsTo, Leverage, Mitigates, Modifier,
    Node, NodeKind, RightNode, RiskGraph, Severity,
};
pub use profile::{PrioritisationProfile, RiskMatrix, SeverityFirst, Tier};
pub use reference::reference_graph;
pub use register::{Risk, RiskKey, RiskRegister, Risks};
pub use scenario::{
    Change, EdgeUpdate, RegisterDiff, RiskChange, Scenario, ScenarioOutcome, Standing,
};
pub use screening::{
    INTENDED_USE_LIKELIHOOD, SAFEGUARD_CAPS, SCREENING_QUESTIONNAIRE, UNLINKED_USE_LIKELIHOOD,
    WARNING_SIGN_ODDS, WARNING_SIGNS, screening_graph,
};
pub use simulation::{
    Attribute, CHUNK_SAMPLES, Distribution, InputSwing, MovedRisk, PreparedSimulation, Progress,
    RiskDistribution, Simulation, SimulationOutcome, UncertainInput,
};
