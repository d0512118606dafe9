//! Monte Carlo simulation of a risk graph whose likelihoods and severities are uncertain, and a
//! one-at-a-time sensitivity analysis of the same inputs.
//!
//! A [`Simulation`] (`"document": "simulation"`) attaches a [`Distribution`] to attributes of
//! edges, names a sample count and a seed. [`Simulation::prepare`] checks it against a graph and
//! compiles the graph once into flat arrays and a list of operations that repeat the arithmetic
//! of [`CheckedRiskGraph::analyse`]; [`PreparedSimulation::run`] then draws the inputs and
//! re-evaluates that arithmetic per sample, with no allocation per sample.
//!
//! # Same seed, same output
//!
//! The samples are cut into chunks of [`CHUNK_SAMPLES`]; chunk `c` draws from its own
//! xoshiro256** generator seeded from the seed and `c` (see [`random`]), whichever thread runs
//! it. Within a chunk, draws come in blocks of [`BLOCK`] samples, input by input, and a block is
//! evaluated in lanes when it can be (with the same arithmetic per lane as one sample alone).
//! Counts are merged by addition and sums in chunk order, so the outcome is byte-identical
//! for any number of threads and on any machine (the samplers use only correctly rounded IEEE
//! operations and their own `ln` and `exp`).
//!
//! # Quantiles
//!
//! Each risk's priorities go into a histogram over the profile's range of priorities, with bins
//! of width [`SimulationOutcome::resolution`] (a power of two, at most 1/1024, coarser only for
//! graphs with very many risks). Percentiles are read from it by the nearest-rank rule,
//! interpolated within their bin and kept within the smallest and largest priority seen, so they
//! are exact when a priority does not vary and within one bin width otherwise.

mod random;
mod special;

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{DocumentTag, Extensions, Limits};
use crate::error::{Problems, Stage};
use crate::id::NodeId;

use super::check::CheckedRiskGraph;
use super::model::{Edge, EdgeKind, Node, RiskGraph, Severity};
use super::profile::{PrioritisationProfile, Tier};
use super::register::RiskKey;

use random::{BetaDraw, Draw, Sampler, Xoshiro256};

pub(crate) mod tags {
    crate::document::tag!(Simulation, "simulation");
}

/// Samples per chunk: the unit of work of a thread and of seeding.
pub const CHUNK_SAMPLES: u64 = 4096;

/// Samples per block of draws (see [`PreparedSimulation::work`]).
const BLOCK: usize = 16;

/// Histogram counters per worker, over all risks (16 MiB of `u64`).
const HISTOGRAM_BUDGET: usize = 1 << 21;

/// A simulation (`"document": "simulation"`): distributions for some edge attributes of a risk
/// graph, how many samples to draw, and the seed.
///
/// ```
/// use hrdd::risk::Simulation;
/// let simulation: Simulation = serde_json::from_str(r#"{
///   "document": "simulation",
///   "title": "How sure are we about police use?",
///   "samples": 20000,
///   "seed": 7,
///   "inputs": [
///     {"edge": "enables", "from": "face-search", "to": "protest-identification",
///      "attribute": "likelihood", "distribution": {"kind": "beta", "alpha": 2, "beta": 6}},
///     {"edge": "impacts", "from": "protest-identification", "to": "privacy",
///      "attribute": "scale", "distribution": {"kind": "triangular", "min": 2, "mode": 4, "max": 5}},
///     {"edge": "mitigates", "from": "use-policy", "to": "protest-identification",
///      "attribute": "effectiveness", "distribution": {"kind": "uniform", "min": 0.1, "max": 0.6}}
///   ]
/// }"#).unwrap();
/// assert!(simulation.validate(&hrdd::Limits::default()).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Simulation {
    /// Always `"simulation"`.
    pub document: DocumentTag<tags::Simulation>,
    /// What the simulation explores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A longer description: where the distributions come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many samples to draw: at least 1, at most [`Limits::max_samples`].
    #[schemars(range(min = 1))]
    pub samples: u64,
    /// The seed; the same seed gives the same outcome. Default 0.
    #[serde(default)]
    pub seed: u64,
    /// The uncertain inputs; every other attribute keeps the graph's value.
    #[serde(default)]
    pub inputs: Vec<UncertainInput>,
    /// How many of the highest aggregated risks the sensitivity analysis watches. Default 10.
    #[serde(default = "default_top_risks")]
    #[schemars(range(min = 1))]
    pub top_risks: u32,
    /// Data of the embedding tool, preserved untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

fn default_top_risks() -> u32 {
    10
}

/// A distribution for one attribute of one edge, the edge named by its kind and ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UncertainInput {
    /// The edge's kind.
    pub edge: EdgeKind,
    /// Where it starts.
    pub from: NodeId,
    /// Where it ends.
    pub to: NodeId,
    /// Which of its attributes.
    pub attribute: Attribute,
    /// The distribution of that attribute.
    pub distribution: Distribution,
}

impl UncertainInput {
    /// A distribution for `attribute` of the `edge` edge from `from` to `to`.
    pub fn new(
        edge: EdgeKind,
        from: NodeId,
        to: NodeId,
        attribute: Attribute,
        distribution: Distribution,
    ) -> Self {
        Self {
            edge,
            from,
            to,
            attribute,
            distribution,
        }
    }
}

/// An edge attribute that a simulation can vary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Attribute {
    /// The likelihood of an `enables`, `leads_to` or `impacts` edge, in `[0, 1]`.
    Likelihood,
    /// The effectiveness of a `mitigates` edge, in `[0, 1]`.
    Effectiveness,
    /// The odds factor of a `deploys` or `occurs_in` edge, above 0.
    OddsFactor,
    /// The severity scale of an `impacts` edge, 1 to 5 (a draw is rounded to the nearest whole
    /// number).
    Scale,
    /// The severity scope of an `impacts` edge, 1 to 5 (rounded).
    Scope,
    /// The irremediability of an `impacts` edge, 1 to 5 (rounded).
    Irremediability,
}

impl Attribute {
    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::Likelihood => "likelihood",
            Attribute::Effectiveness => "effectiveness",
            Attribute::OddsFactor => "odds_factor",
            Attribute::Scale => "scale",
            Attribute::Scope => "scope",
            Attribute::Irremediability => "irremediability",
        }
    }

    /// The kinds of edge that have this attribute.
    pub fn edge_kinds(self) -> &'static [EdgeKind] {
        use EdgeKind as K;
        match self {
            Attribute::Likelihood => &[K::Enables, K::LeadsTo, K::Impacts],
            Attribute::Effectiveness => &[K::Mitigates],
            Attribute::OddsFactor => &[K::Deploys, K::OccursIn],
            Attribute::Scale | Attribute::Scope | Attribute::Irremediability => &[K::Impacts],
        }
    }

    fn severity_component(self) -> Option<u8> {
        match self {
            Attribute::Scale => Some(0),
            Attribute::Scope => Some(1),
            Attribute::Irremediability => Some(2),
            _ => None,
        }
    }
}

/// A probability distribution of an input, tagged by its `kind`.
///
/// ```
/// use hrdd::risk::Distribution;
/// let d = Distribution::Triangular { min: 0.0, mode: 1.0, max: 2.0 };
/// assert_eq!(d.mean(), 1.0);
/// assert_eq!(d.quantile(0.125), 0.5);
/// let b = Distribution::Beta { alpha: 2.0, beta: 1.0, min: None, max: None };
/// assert!((b.quantile(0.25) - 0.5).abs() < 1e-12); // the CDF is x², so √0.25
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Distribution {
    /// Always `value`.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Every value in `[min, max]` equally likely.
    Uniform {
        /// The least value.
        min: f64,
        /// The greatest value.
        max: f64,
    },
    /// Triangular on `[min, max]`, most likely at `mode`: for "at least, most likely, at most"
    /// estimates.
    Triangular {
        /// The least value.
        min: f64,
        /// The most likely value, within `[min, max]`.
        mode: f64,
        /// The greatest value.
        max: f64,
    },
    /// Beta(`alpha`, `beta`) on `[0, 1]`, stretched onto `[min, max]` when they are given: mean
    /// `alpha / (alpha + beta)`; the larger `alpha + beta`, the surer the estimate.
    Beta {
        /// The first shape parameter, above 0.
        alpha: f64,
        /// The second shape parameter, above 0.
        beta: f64,
        /// The value of 0 on the stretched scale. Default 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// The value of 1 on the stretched scale. Default 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
}

impl Distribution {
    /// The least and greatest values it can give.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Fixed { value } => (value, value),
            Distribution::Uniform { min, max } | Distribution::Triangular { min, max, .. } => {
                (min, max)
            }
            Distribution::Beta { min, max, .. } => (min.unwrap_or(0.0), max.unwrap_or(1.0)),
        }
    }

    /// The mean (closed form).
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Fixed { value } => value,
            Distribution::Uniform { min, max } => 0.5 * (min + max),
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Beta { alpha, beta, .. } => {
                let (low, high) = self.support();
                low + (high - low) * alpha / (alpha + beta)
            }
        }
    }

    /// The variance (closed form).
    pub fn variance(&self) -> f64 {
        match *self {
            Distribution::Fixed { .. } => 0.0,
            Distribution::Uniform { min, max } => (max - min) * (max - min) / 12.0,
            Distribution::Triangular { min, mode, max } => {
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0
            }
            Distribution::Beta { alpha, beta, .. } => {
                let (low, high) = self.support();
                let s = alpha + beta;
                (high - low) * (high - low) * alpha * beta / (s * s * (s + 1.0))
            }
        }
    }

    /// The `p`-quantile, `p` in `[0, 1]`: the value below which a share `p` of draws fall.
    pub fn quantile(&self, p: f64) -> f64 {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        match *self {
            Distribution::Fixed { value } => value,
            Distribution::Uniform { min, max } => min + p * (max - min),
            Distribution::Triangular { min, mode, max } => {
                random::triangular_quantile(min, mode, max, p)
            }
            Distribution::Beta { alpha, beta, .. } => {
                let (low, high) = self.support();
                low + (high - low) * special::beta_quantile(p, alpha, beta)
            }
        }
    }

    /// The distribution made ready for drawing.
    pub(crate) fn compile(&self) -> Draw {
        match *self {
            Distribution::Fixed { value } => Draw::Fixed(value),
            Distribution::Uniform { min, max } => Draw::Uniform {
                min,
                width: max - min,
            },
            Distribution::Triangular { min, mode, max } => Draw::Triangular { min, mode, max },
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                let (low, high) = self.support();
                Draw::Beta {
                    draw: BetaDraw::new(alpha, beta),
                    stretch: (min.is_some() || max.is_some()).then_some((low, high - low)),
                }
            }
        }
    }

    /// One draw (for many, [`compile`](Distribution::compile) once and draw from that).
    #[cfg(test)]
    pub(crate) fn draw(&self, sampler: &mut Sampler) -> f64 {
        self.compile().draw(sampler)
    }

    /// Checks the parameters; problems point below `at` (the distribution's pointer).
    fn check(&self, problems: &mut Problems, at: &str) {
        fn finite(problems: &mut Problems, at: &str, field: &str, value: f64) -> bool {
            if value.is_finite() {
                true
            } else {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{field}"),
                    format!("`{value}` is not a finite number"),
                );
                false
            }
        }
        let finite =
            |problems: &mut Problems, field: &str, value: f64| finite(problems, at, field, value);
        match *self {
            Distribution::Fixed { value } => {
                finite(problems, "value", value);
            }
            Distribution::Uniform { min, max } => {
                if finite(problems, "min", min) && finite(problems, "max", max) && min > max {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/min"),
                        format!("min `{min}` is greater than max `{max}`"),
                    );
                }
            }
            Distribution::Triangular { min, mode, max } => {
                let all = finite(problems, "min", min)
                    & finite(problems, "mode", mode)
                    & finite(problems, "max", max);
                if all && min > max {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/min"),
                        format!("min `{min}` is greater than max `{max}`"),
                    );
                } else if all && !(min <= mode && mode <= max) {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/mode"),
                        format!("mode `{mode}` is outside the range from `{min}` to `{max}`"),
                    );
                }
            }
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                for (field, value) in [("alpha", alpha), ("beta", beta)] {
                    if finite(problems, field, value) && value <= 0.0 {
                        problems.push(
                            Stage::Semantic,
                            format!("{at}/{field}"),
                            format!("{field} `{value}` must be greater than 0"),
                        );
                    }
                }
                let low = min.unwrap_or(0.0);
                let high = max.unwrap_or(1.0);
                if finite(problems, "min", low) && finite(problems, "max", high) && low > high {
                    problems.push(
                        Stage::Semantic,
                        format!("{at}/min"),
                        format!("min `{low}` is greater than max `{high}`"),
                    );
                }
            }
        }
    }

    /// The kind and the parameters' bits: equal for equal distributions.
    fn bits(&self) -> (u8, [u64; 4]) {
        let bound = |v: Option<f64>| v.map_or(u64::MAX, f64::to_bits);
        match *self {
            Distribution::Fixed { value } => (0, [value.to_bits(), 0, 0, 0]),
            Distribution::Uniform { min, max } => (1, [min.to_bits(), max.to_bits(), 0, 0]),
            Distribution::Triangular { min, mode, max } => {
                (2, [min.to_bits(), mode.to_bits(), max.to_bits(), 0])
            }
            Distribution::Beta {
                alpha,
                beta,
                min,
                max,
            } => (3, [alpha.to_bits(), beta.to_bits(), bound(min), bound(max)]),
        }
    }

    /// The fields that bound the support, for pointing at the one out of range.
    fn bound_fields(&self) -> (&'static str, &'static str) {
        match self {
            Distribution::Fixed { .. } => ("value", "value"),
            _ => ("min", "max"),
        }
    }
}

/// How a run reports progress: samples done out of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Samples drawn so far.
    pub done: u64,
    /// Samples to draw.
    pub total: u64,
}

impl Simulation {
    /// A simulation with no uncertain input.
    pub fn new(samples: u64, seed: u64) -> Self {
        Self {
            document: DocumentTag::default(),
            title: None,
            description: None,
            samples,
            seed,
            inputs: Vec::new(),
            top_risks: default_top_risks(),
            extensions: Extensions::default(),
        }
    }

    /// An illustrative default: every likelihood of `graph` strictly between 0 and 1 becomes
    /// Beta(`p·c`, `(1 - p)·c`) with concentration `c = 20`, whose mean is the stated value `p`
    /// and whose spread says "give or take about 0.1"; severities stay as stated. For exploring a
    /// graph before anyone has estimated its uncertainty; replace it with real estimates.
    pub fn with_beta_likelihoods(graph: &RiskGraph, samples: u64, seed: u64) -> Self {
        const CONCENTRATION: f64 = 20.0;
        let mut simulation = Self::new(samples, seed);
        simulation.title = Some("stated likelihoods as beta distributions".to_owned());
        for edge in &graph.edges {
            let p = match edge {
                Edge::Enables(e) => e.likelihood,
                Edge::LeadsTo(e) => e.likelihood,
                Edge::Impacts(e) => e.likelihood,
                _ => continue,
            };
            if p > 0.0 && p < 1.0 {
                simulation.inputs.push(UncertainInput::new(
                    edge.kind(),
                    edge.from().clone(),
                    edge.to().clone(),
                    Attribute::Likelihood,
                    Distribution::Beta {
                        alpha: p * CONCENTRATION,
                        beta: (1.0 - p) * CONCENTRATION,
                        min: None,
                        max: None,
                    },
                ));
            }
        }
        simulation
    }

    /// Reads a simulation from JSON text through every stage of [`crate::document::read`].
    ///
    /// ```
    /// use hrdd::{Limits, risk::Simulation};
    /// let problems = Simulation::from_json(
    ///     r#"{"document": "simulation", "samples": 1000000000}"#, &Limits::default()).unwrap_err();
    /// assert_eq!(problems.iter().next().unwrap().pointer, "/samples");
    /// ```
    pub fn from_json(text: &str, limits: &Limits) -> Result<Simulation, Problems> {
        crate::document::read_as(text, limits)
    }

    /// Checks what needs no graph: the sample count within 1 and [`Limits::max_samples`], each
    /// distribution's parameters, each attribute on its kind of edge and within its range
    /// (likelihoods and effectiveness in `[0, 1]`, severities in 1 to 5, odds factors above 0),
    /// and no attribute given twice.
    pub fn validate(&self, limits: &Limits) -> Result<(), Problems> {
        let mut problems = Problems::new();
        if self.samples == 0 {
            problems.push(
                Stage::Semantic,
                "/samples",
                "`0` is less than the minimum `1`: a simulation needs at least one sample",
            );
        } else if self.samples > limits.max_samples {
            problems.push(
                Stage::Limits,
                "/samples",
                format!(
                    "`{}` samples is more than the limit of {}",
                    self.samples, limits.max_samples
                ),
            );
        }
        if self.top_risks == 0 {
            problems.push(
                Stage::Semantic,
                "/top_risks",
                "`0` is less than the minimum `1`",
            );
        }
        let mut seen: HashMap<(EdgeKind, &NodeId, &NodeId, Attribute), usize> = HashMap::new();
        for (n, input) in self.inputs.iter().enumerate() {
            let at = format!("/inputs/{n}");
            if !input.attribute.edge_kinds().contains(&input.edge) {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/attribute"),
                    format!(
                        "a `{}` edge has no `{}`",
                        input.edge.as_str(),
                        input.attribute.as_str()
                    ),
                );
            }
            let key = (input.edge, &input.from, &input.to, input.attribute);
            if let Some(first) = seen.insert(key, n) {
                problems.push(
                    Stage::Semantic,
                    at.clone(),
                    format!(
                        "`{}` of the `{}` edge from `{}` to `{}` already has a distribution (at /inputs/{first})",
                        input.attribute.as_str(),
                        input.edge.as_str(),
                        input.from,
                        input.to
                    ),
                );
            }
            let at = format!("{at}/distribution");
            let before = problems.len();
            input.distribution.check(&mut problems, &at);
            if problems.len() == before {
                check_range(&mut problems, &at, input);
            }
        }
        problems.into_result(())
    }

    /// Checks the simulation against `graph` and compiles both for [`PreparedSimulation::run`].
    ///
    /// Problems: everything [`validate`](Simulation::validate) finds, and inputs naming an edge
    /// the graph does not have (at `/inputs/<n>`). Costs `O(V + Σ_t E_t)` like one analysis.
    pub fn prepare(
        &self,
        graph: &CheckedRiskGraph,
        profile: &PrioritisationProfile,
        limits: &Limits,
    ) -> Result<PreparedSimulation, Problems> {
        self.validate(limits)?;
        let mut edge_at: HashMap<(EdgeKind, &NodeId, &NodeId), u32> = HashMap::new();
        for (j, edge) in (0u32..).zip(&graph.doc.edges) {
            edge_at.insert((edge.kind(), edge.from(), edge.to()), j);
        }
        let mut problems = Problems::new();
        let mut targets = Vec::with_capacity(self.inputs.len());
        for (n, input) in self.inputs.iter().enumerate() {
            match edge_at.get(&(input.edge, &input.from, &input.to)) {
                Some(&edge) => targets.push(match input.attribute.severity_component() {
                    Some(c) => Target::Severity(edge, c),
                    None => Target::Value(edge),
                }),
                None => problems.push(
                    Stage::Semantic,
                    format!("/inputs/{n}"),
                    format!(
                        "there is no `{}` edge from `{}` to `{}` in the graph",
                        input.edge.as_str(),
                        input.from,
                        input.to
                    ),
                ),
            }
        }
        problems.into_result(())?;
        Ok(PreparedSimulation::compile(self, graph, profile, targets))
    }
}

/// Checks that a distribution's support lies within its attribute's range.
fn check_range(problems: &mut Problems, at: &str, input: &UncertainInput) {
    let (low, high) = input.distribution.support();
    let (low_field, high_field) = input.distribution.bound_fields();
    let name = input.attribute.as_str();
    match input.attribute {
        Attribute::Likelihood | Attribute::Effectiveness => {
            if low < 0.0 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{low_field}"),
                    format!("`{low}` is less than the minimum `0` of a {name}"),
                );
            }
            if high > 1.0 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{high_field}"),
                    format!("`{high}` is greater than the maximum `1` of a {name}"),
                );
            }
        }
        Attribute::OddsFactor => {
            if low <= 0.0 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{low_field}"),
                    format!("odds factor `{low}` must be greater than 0"),
                );
            }
        }
        Attribute::Scale | Attribute::Scope | Attribute::Irremediability => {
            if low < 1.0 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{low_field}"),
                    format!("`{low}` is less than the minimum `1` of a severity {name}"),
                );
            }
            if high > 5.0 {
                problems.push(
                    Stage::Semantic,
                    format!("{at}/{high_field}"),
                    format!("`{high}` is greater than the maximum `5` of a severity {name}"),
                );
            }
        }
    }
}

/// Where an input's draw goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    /// `values[edge]`: a likelihood, an effectiveness or an odds factor.
    Value(u32),
    /// `severities[edge][component]`.
    Severity(u32, u8),
}

/// One step of the compiled analysis (see [`CheckedRiskGraph::analyse`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// `complement[end_use] *= 1 - values[edge] × m(technology)`.
    Enable { edge: u32, end_use: u32, tech: u32 },
    /// `q = adjust(1 - complement[end_use], k(end_use)) × m(end_use)`; reset the complement.
    Resolve { end_use: u32 },
    /// `complement[to] *= 1 - q × values[edge]`.
    Lead { edge: u32, to: u32 },
    /// Path risk `risk` has likelihood `q × values[edge]` and the edge's severity; it joins
    /// aggregate `aggregate`.
    Impact {
        edge: u32,
        risk: u32,
        aggregate: u32,
    },
}

/// How odds factors and mitigations act on nodes, when some of them are uncertain.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ModifierOp {
    Odds { node: u32, edge: u32 },
    Mitigation { node: u32, edge: u32 },
}

/// A simulation compiled against a graph, ready to run.
#[derive(Debug, Clone)]
pub struct PreparedSimulation {
    samples: u64,
    seed: u64,
    top_risks: usize,
    profile: PrioritisationProfile,
    inputs: Vec<(usize, Target, Distribution)>,
    /// The inputs' targets and samplers, in the order of `inputs`.
    draws: Vec<(Target, Draw)>,
    specs: Vec<UncertainInput>,
    ops: Vec<Op>,
    modifiers: Vec<ModifierOp>,
    values: Vec<f64>,
    severities: Vec<[u8; 3]>,
    odds: Vec<f64>,
    mitigation: Vec<f64>,
    nodes: usize,
    paths: Vec<RiskKey>,
    aggregates: Vec<RiskKey>,
    bins_per_unit: u32,
    units: u32,
    /// How priorities are scored per sample (see [`Scoring`]).
    scoring: Scoring,
    /// Whether blocks may be evaluated in lanes when the simulation allows it (tests turn it off
    /// to compare with the sample-by-sample path).
    lanes: bool,
}

/// How [`PreparedSimulation::evaluate`] turns a likelihood and a severity into a priority and a
/// top-tier flag.
#[derive(Debug, Clone)]
enum Scoring {
    /// The severity-first profile with every severity fixed: the points and the grave flag of
    /// each impact edge and each aggregate are worked out once, and a priority is
    /// `points + likelihood`, in the top tier from `top` on or when grave: the arithmetic of
    /// [`PrioritisationProfile::assess`], without redoing the severity part per sample.
    Fixed {
        top: f64,
        /// Per edge: `(points, grave)` (edges without a severity get `(0, false)`, unused).
        edges: Vec<(f64, bool)>,
        /// Per aggregate: the points and grave flag of the worst severity of its paths.
        aggregates: Vec<(f64, bool)>,
    },
    /// Any other case: [`PrioritisationProfile::assess`] per risk and sample.
    General,
}

/// `(points, grave)` of a severity, as [`PrioritisationProfile::assess`] uses them.
fn severity_points(severity: Severity) -> (f64, bool) {
    (
        f64::from(severity.points().min(12)),
        severity.is_grave_and_irremediable(),
    )
}

/// Working memory of one evaluation, made once per thread.
struct Scratch {
    values: Vec<f64>,
    severities: Vec<[u8; 3]>,
    odds: Vec<f64>,
    mitigation: Vec<f64>,
    complement: Vec<f64>,
    aggregate_complement: Vec<f64>,
    aggregate_severity: Vec<[u8; 3]>,
    priority: Vec<f64>,
    top: Vec<bool>,
}

/// Working memory of a block of samples evaluated side by side: per edge, node, aggregate or
/// risk, one value per lane.
struct LaneScratch {
    values: Vec<[f64; BLOCK]>,
    complement: Vec<[f64; BLOCK]>,
    aggregate_complement: Vec<[f64; BLOCK]>,
    priority: Vec<[f64; BLOCK]>,
    top: Vec<[bool; BLOCK]>,
}

/// Where a priority goes in a risk's histogram.
struct Stats {
    scale: f64,
    last_bin: i32,
    bins: usize,
}

impl Stats {
    /// The bin of priority `p`: `floor(p × scale)` (truncation is the floor: priorities are not
    /// negative), within the histogram.
    fn bin(&self, p: f64) -> usize {
        // Through i32 (a histogram has at most 13 × 1024 bins): the cheapest saturating cast.
        ((p * self.scale) as i32).clamp(0, self.last_bin) as usize
    }
}

/// What one thread accumulates.
struct Accumulator {
    histogram: Vec<u64>,
    top: Vec<u64>,
    min: Vec<f64>,
    max: Vec<f64>,
    chunk_sums: Vec<(u64, Vec<f64>)>,
}

fn adjust(p: f64, k: f64) -> f64 {
    // The same arithmetic as the analysis (`analysis::adjust`), so fixed inputs give its numbers.
    if k == 1.0 {
        return p;
    }
    let denominator = 1.0 - p + k * p;
    if denominator > 0.0 {
        (k * p / denominator).clamp(0.0, 1.0)
    } else {
        p
    }
}

/// A likelihood as [`PrioritisationProfile::assess`] reads it: NaN counts as 0.
fn not_nan(likelihood: f64) -> f64 {
    if likelihood.is_nan() { 0.0 } else { likelihood }
}

fn at<T: Copy + Default>(list: &[T], n: u32) -> T {
    list.get(n as usize).copied().unwrap_or_default()
}

impl PreparedSimulation {
    fn compile(
        spec: &Simulation,
        graph: &CheckedRiskGraph,
        profile: &PrioritisationProfile,
        targets: Vec<Target>,
    ) -> Self {
        let doc = &graph.doc;
        let mut values = vec![0.0_f64; doc.edges.len()];
        let mut severities = vec![[1u8; 3]; doc.edges.len()];
        let mut modifiers = Vec::new();
        for (j, edge) in (0u32..).zip(&doc.edges) {
            let (Some(value), Some(severity)) =
                (values.get_mut(j as usize), severities.get_mut(j as usize))
            else {
                continue;
            };
            let node = |id: &NodeId| graph.index.get(id).copied();
            match edge {
                Edge::Enables(e) => *value = e.likelihood,
                Edge::LeadsTo(e) => *value = e.likelihood,
                Edge::Impacts(e) => {
                    *value = e.likelihood;
                    let s = e.severity;
                    *severity = [s.scale, s.scope, s.irremediability];
                }
                Edge::Deploys(e) => {
                    *value = e.odds_factor;
                    if let Some(node) = node(&e.to) {
                        modifiers.push(ModifierOp::Odds { node, edge: j });
                    }
                }
                Edge::OccursIn(e) => {
                    *value = e.odds_factor;
                    if let Some(node) = node(&e.from) {
                        modifiers.push(ModifierOp::Odds { node, edge: j });
                    }
                }
                Edge::Mitigates(e) => {
                    *value = e.effectiveness;
                    if let Some(node) = node(&e.to) {
                        modifiers.push(ModifierOp::Mitigation { node, edge: j });
                    }
                }
            }
        }
        // Fixed inputs are written once; the others are drawn per sample.
        let mut inputs = Vec::new();
        for (n, (input, target)) in spec.inputs.iter().zip(targets).enumerate() {
            if let Distribution::Fixed { value } = input.distribution {
                write_target(&mut values, &mut severities, target, value);
            } else {
                inputs.push((n, target, input.distribution.clone()));
            }
        }
        let uncertain_modifiers = inputs.iter().any(|(_, target, _)| match target {
            Target::Value(edge) => matches!(
                doc.edges.get(*edge as usize),
                Some(Edge::Deploys(_) | Edge::OccursIn(_) | Edge::Mitigates(_))
            ),
            Target::Severity(..) => false,
        });
        if !uncertain_modifiers {
            modifiers.clear();
        }
        let mut odds = graph.odds.clone();
        let mut mitigation = graph.mitigation.clone();
        recompute_modifiers(&modifiers, &values, &mut odds, &mut mitigation);

        let (ops, paths, aggregates) = compile_ops(graph);
        let risks = paths.len() + aggregates.len();
        let units: u32 = match profile {
            PrioritisationProfile::RiskMatrix(m) => u32::from(m.size) * u32::from(m.size) + 1,
            _ => 13,
        };
        let mut bins_per_unit = 1024u32;
        while bins_per_unit > 1
            && (bins_per_unit as usize)
                .saturating_mul(units as usize)
                .saturating_mul(risks)
                > HISTOGRAM_BUDGET
        {
            bins_per_unit /= 2;
        }
        let draws = inputs
            .iter()
            .map(|(_, target, distribution)| (*target, distribution.compile()))
            .collect();
        PreparedSimulation {
            samples: spec.samples,
            seed: spec.seed,
            top_risks: spec.top_risks as usize,
            profile: profile.clone(),
            inputs,
            draws,
            specs: spec.inputs.clone(),
            ops,
            modifiers,
            values,
            severities,
            odds,
            mitigation,
            nodes: doc.nodes.len(),
            paths,
            aggregates,
            bins_per_unit,
            units,
            scoring: Scoring::General,
            lanes: true,
        }
        .with_scoring()
    }

    /// Picks the per-sample scoring: [`Scoring::Fixed`] when the profile is severity-first and
    /// no input varies a severity.
    fn with_scoring(mut self) -> Self {
        let severity_varies = self
            .inputs
            .iter()
            .any(|(_, target, _)| matches!(target, Target::Severity(..)));
        let PrioritisationProfile::SeverityFirst(profile) = &self.profile else {
            return self;
        };
        if severity_varies {
            return self;
        }
        let edges: Vec<(f64, bool)> = self
            .severities
            .iter()
            .map(|&[a, b, c]| severity_points(Severity::new(a, b, c)))
            .collect();
        let mut worst = vec![[0u8; 3]; self.aggregates.len()];
        for op in &self.ops {
            if let Op::Impact {
                edge, aggregate, ..
            } = *op
                && let (Some(w), Some(s)) = (
                    worst.get_mut(aggregate as usize),
                    self.severities.get(edge as usize),
                )
            {
                *w = [w[0].max(s[0]), w[1].max(s[1]), w[2].max(s[2])];
            }
        }
        let aggregates = worst
            .iter()
            .map(|&[a, b, c]| severity_points(Severity::new(a, b, c)))
            .collect();
        self.scoring = Scoring::Fixed {
            top: profile.top,
            edges,
            aggregates,
        };
        self
    }

    /// How many edges one sample evaluates: the compiled steps plus, when odds factors or
    /// effectiveness are uncertain, the modifier edges recomputed per sample.
    pub fn edge_evaluations_per_sample(&self) -> u64 {
        (self.ops.len() + self.modifiers.len()) as u64
    }

    /// The number of samples the run draws.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Runs on every available core (see [`run_with`](PreparedSimulation::run_with)).
    pub fn run(&self) -> SimulationOutcome {
        let threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
        self.run_with(threads, &mut |_| {})
    }

    /// Runs on `threads` threads (the calling one among them), calling `progress` from the
    /// calling thread after each chunk it finishes and once at the end. The outcome does not
    /// depend on `threads`.
    ///
    /// Costs `O(samples × (edges evaluated + inputs + risks))` time and
    /// `O(threads × risks × bins)` memory, the bins bounded by a fixed budget.
    pub fn run_with(
        &self,
        threads: NonZeroUsize,
        progress: &mut dyn FnMut(Progress),
    ) -> SimulationOutcome {
        let chunks = self.samples.div_ceil(CHUNK_SAMPLES);
        let workers = (threads.get() as u64).clamp(1, chunks.max(1)) as usize;
        let next = AtomicU64::new(0);
        let done = AtomicU64::new(0);
        let total = self.samples;
        let mut results: Vec<Accumulator> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..workers)
                .map(|_| scope.spawn(|| self.work(&next, &done, chunks, &mut |_| {})))
                .collect();
            let mine = self.work(&next, &done, chunks, &mut |d| {
                progress(Progress { done: d, total });
            });
            let mut all = vec![mine];
            for handle in handles {
                // A worker only panics on a bug; its chunks are then missing from the counts,
                // which `merge` tolerates.
                if let Ok(result) = handle.join() {
                    all.push(result);
                }
            }
            all
        });
        progress(Progress { done: total, total });
        let merged = self.merge(&mut results);
        self.outcome(merged)
    }

    fn scratch(&self) -> Scratch {
        let risks = self.paths.len() + self.aggregates.len();
        Scratch {
            values: self.values.clone(),
            severities: self.severities.clone(),
            odds: self.odds.clone(),
            mitigation: self.mitigation.clone(),
            complement: vec![1.0; self.nodes],
            aggregate_complement: vec![1.0; self.aggregates.len()],
            aggregate_severity: vec![[0; 3]; self.aggregates.len()],
            priority: vec![0.0; risks],
            top: vec![false; risks],
        }
    }

    fn bins(&self) -> usize {
        (self.units as usize) * (self.bins_per_unit as usize)
    }

    fn work(
        &self,
        next: &AtomicU64,
        done: &AtomicU64,
        chunks: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Accumulator {
        let risks = self.paths.len() + self.aggregates.len();
        let bins = self.bins();
        let mut scratch = self.scratch();
        let mut acc = Accumulator {
            histogram: vec![0; risks * bins],
            top: vec![0; risks],
            min: vec![f64::INFINITY; risks],
            max: vec![f64::NEG_INFINITY; risks],
            chunk_sums: Vec::new(),
        };
        let scale = f64::from(self.bins_per_unit);
        let last_bin = i32::try_from(bins.saturating_sub(1)).unwrap_or(i32::MAX);
        let mut block = vec![0.0_f64; self.draws.len() * BLOCK];
        let mut lane_scratch = self.lane_scratch();
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks {
                break;
            }
            let first = chunk * CHUNK_SAMPLES;
            let count = CHUNK_SAMPLES.min(self.samples - first);
            let mut sampler = Sampler::new(Xoshiro256::for_chunk(self.seed, chunk));
            let mut sums = vec![0.0_f64; risks];
            let mut first_lane = 0;
            while first_lane < count {
                // Draws come in blocks of BLOCK samples, input by input: each input's sampler
                // runs in a tight loop. A chunk's blocks depend on the chunk only, so the
                // numbers still do not depend on the threads.
                let lanes = BLOCK.min((count - first_lane) as usize);
                first_lane += lanes as u64;
                let stats = Stats {
                    scale,
                    last_bin,
                    bins,
                };
                if let Some(lane_scratch) = lane_scratch.as_mut() {
                    self.block_in_lanes(
                        &mut sampler,
                        lane_scratch,
                        lanes,
                        &mut acc,
                        &mut sums,
                        &stats,
                    );
                    continue;
                }
                for ((_, draw), out) in self.draws.iter().zip(block.chunks_exact_mut(BLOCK)) {
                    draw.fill(&mut sampler, out.get_mut(..lanes).unwrap_or_default());
                }
                for lane in 0..lanes {
                    for ((target, _), out) in self.draws.iter().zip(block.chunks_exact(BLOCK)) {
                        let x = out.get(lane).copied().unwrap_or_default();
                        write_target(&mut scratch.values, &mut scratch.severities, *target, x);
                    }
                    self.evaluate(&mut scratch);
                    // One pass per statistic: the simple ones vectorise, and the histogram pass
                    // does nothing else.
                    for (sum, &p) in sums.iter_mut().zip(&scratch.priority) {
                        *sum += p;
                    }
                    for (count, &top) in acc.top.iter_mut().zip(&scratch.top) {
                        *count += u64::from(top);
                    }
                    for (min, &p) in acc.min.iter_mut().zip(&scratch.priority) {
                        *min = min.min(p);
                    }
                    for (max, &p) in acc.max.iter_mut().zip(&scratch.priority) {
                        *max = max.max(p);
                    }
                    for (histogram, &p) in acc
                        .histogram
                        .chunks_exact_mut(bins.max(1))
                        .zip(&scratch.priority)
                    {
                        if let Some(slot) = histogram.get_mut(stats.bin(p)) {
                            *slot += 1;
                        }
                    }
                }
            }
            acc.chunk_sums.push((chunk, sums));
            let so_far = done.fetch_add(count, Ordering::Relaxed) + count;
            progress(so_far);
        }
        acc
    }

    /// Working memory of [`block_in_lanes`](Self::block_in_lanes), when the simulation can
    /// take that path: severity-first scoring with fixed severities, no uncertain odds factor or
    /// effectiveness, every input a likelihood.
    fn lane_scratch(&self) -> Option<LaneScratch> {
        let Scoring::Fixed { .. } = self.scoring else {
            return None;
        };
        let all_values = self
            .draws
            .iter()
            .all(|(target, _)| matches!(target, Target::Value(_)));
        if !self.lanes || !self.modifiers.is_empty() || !all_values {
            return None;
        }
        let risks = self.paths.len() + self.aggregates.len();
        Some(LaneScratch {
            values: self.values.iter().map(|&v| [v; BLOCK]).collect(),
            complement: vec![[1.0; BLOCK]; self.nodes],
            aggregate_complement: vec![[1.0; BLOCK]; self.aggregates.len()],
            priority: vec![[0.0; BLOCK]; risks],
            top: vec![[false; BLOCK]; risks],
        })
    }

    /// One block of `lanes` samples evaluated side by side: each compiled step does its
    /// arithmetic for every lane at once, so the loop over steps runs once per block rather
    /// than once per sample, and the lanes vectorise. Per lane the operations are those of
    /// [`evaluate`](Self::evaluate) in the same order, and the statistics take the lanes in
    /// sample order, so the outcome is the same, bit for bit, as sample by sample.
    fn block_in_lanes(
        &self,
        sampler: &mut Sampler,
        s: &mut LaneScratch,
        lanes: usize,
        acc: &mut Accumulator,
        sums: &mut [f64],
        stats: &Stats,
    ) {
        let Scoring::Fixed {
            top,
            edges,
            aggregates,
        } = &self.scoring
        else {
            return;
        };
        let top = *top;
        for (target, draw) in &self.draws {
            if let Target::Value(edge) = *target
                && let Some(out) = s.values.get_mut(edge as usize)
            {
                draw.fill(sampler, out.get_mut(..lanes).unwrap_or_default());
            }
        }
        let no_lanes = [0.0; BLOCK];
        let mut q = [0.0_f64; BLOCK];
        for op in &self.ops {
            match *op {
                Op::Enable {
                    edge,
                    end_use,
                    tech,
                } => {
                    let m = at(&self.mitigation, tech);
                    let v = s.values.get(edge as usize).unwrap_or(&no_lanes);
                    if let Some(c) = s.complement.get_mut(end_use as usize) {
                        for (c, v) in c.iter_mut().zip(v) {
                            *c *= 1.0 - v * m;
                        }
                    }
                }
                Op::Resolve { end_use } => {
                    let (k, m) = (at(&self.odds, end_use), at(&self.mitigation, end_use));
                    if let Some(c) = s.complement.get_mut(end_use as usize) {
                        for (q, c) in q.iter_mut().zip(c.iter_mut()) {
                            let raw = 1.0 - *c;
                            *c = 1.0;
                            *q = (adjust(raw.clamp(0.0, 1.0), k) * m).clamp(0.0, 1.0);
                        }
                    }
                }
                Op::Lead { edge, to } => {
                    let v = s.values.get(edge as usize).unwrap_or(&no_lanes);
                    if let Some(c) = s.complement.get_mut(to as usize) {
                        for ((c, v), q) in c.iter_mut().zip(v).zip(&q) {
                            *c *= 1.0 - q * v;
                        }
                    }
                }
                Op::Impact {
                    edge,
                    risk,
                    aggregate,
                } => {
                    let (points, grave) = at(edges, edge);
                    let v = s.values.get(edge as usize).unwrap_or(&no_lanes);
                    if let (Some(p), Some(t), Some(a)) = (
                        s.priority.get_mut(risk as usize),
                        s.top.get_mut(risk as usize),
                        s.aggregate_complement.get_mut(aggregate as usize),
                    ) {
                        for ((((p, t), a), v), q) in p
                            .iter_mut()
                            .zip(t.iter_mut())
                            .zip(a.iter_mut())
                            .zip(v)
                            .zip(&q)
                        {
                            let likelihood = (q * v).clamp(0.0, 1.0);
                            *p = points + not_nan(likelihood);
                            *t = *p >= top || grave;
                            *a *= 1.0 - likelihood;
                        }
                    }
                }
            }
        }
        let offset = self.paths.len();
        let rows = s
            .aggregate_complement
            .iter_mut()
            .zip(s.priority.iter_mut().skip(offset))
            .zip(s.top.iter_mut().skip(offset))
            .zip(aggregates);
        for (((comp, p), t), &(points, grave)) in rows {
            for ((c, p), t) in comp.iter_mut().zip(p.iter_mut()).zip(t.iter_mut()) {
                *p = points + not_nan((1.0 - *c).clamp(0.0, 1.0));
                *t = *p >= top || grave;
                *c = 1.0;
            }
        }
        let rows = s
            .priority
            .iter()
            .zip(&s.top)
            .zip(sums.iter_mut())
            .zip(acc.top.iter_mut())
            .zip(acc.min.iter_mut().zip(acc.max.iter_mut()))
            .zip(acc.histogram.chunks_exact_mut(stats.bins.max(1)));
        for (((((priority, tops), sum), count), (min, max)), histogram) in rows {
            let (Some(priority), Some(tops)) = (priority.get(..lanes), tops.get(..lanes)) else {
                continue;
            };
            // The sum in sample order, as sample by sample. Priorities here are never NaN
            // (see `not_nan`), so plain comparisons give what `f64::min` and `max` give.
            for &p in priority {
                *sum += p;
            }
            let (mut low, mut high) = (*min, *max);
            for &p in priority {
                low = if p < low { p } else { low };
                high = if p > high { p } else { high };
            }
            (*min, *max) = (low, high);
            for &p in priority {
                if let Some(slot) = histogram.get_mut(stats.bin(p)) {
                    *slot += 1;
                }
            }
            *count += tops.iter().map(|&t| u64::from(t)).sum::<u64>();
        }
    }

    /// One evaluation of every risk with the values in `scratch`: the analysis's arithmetic.
    fn evaluate(&self, s: &mut Scratch) {
        if !self.modifiers.is_empty() {
            recompute_modifiers(&self.modifiers, &s.values, &mut s.odds, &mut s.mitigation);
        }
        let fixed = match &self.scoring {
            Scoring::Fixed { top, edges, .. } => Some((*top, edges.as_slice())),
            Scoring::General => None,
        };
        let mut q = 0.0_f64;
        for op in &self.ops {
            match *op {
                Op::Enable {
                    edge,
                    end_use,
                    tech,
                } => {
                    let c = 1.0 - at(&s.values, edge) * at(&s.mitigation, tech);
                    if let Some(slot) = s.complement.get_mut(end_use as usize) {
                        *slot *= c;
                    }
                }
                Op::Resolve { end_use } => {
                    let slot = s.complement.get_mut(end_use as usize);
                    let raw = 1.0 - slot.as_ref().map_or(1.0, |c| **c);
                    if let Some(c) = slot {
                        *c = 1.0;
                    }
                    q = (adjust(raw.clamp(0.0, 1.0), at(&s.odds, end_use))
                        * at(&s.mitigation, end_use))
                    .clamp(0.0, 1.0);
                }
                Op::Lead { edge, to } => {
                    let c = 1.0 - q * at(&s.values, edge);
                    if let Some(slot) = s.complement.get_mut(to as usize) {
                        *slot *= c;
                    }
                }
                Op::Impact {
                    edge,
                    risk,
                    aggregate,
                } => {
                    let likelihood = (q * at(&s.values, edge)).clamp(0.0, 1.0);
                    let (priority, top) = match fixed {
                        Some((top, points)) => {
                            let (points, grave) = at(points, edge);
                            let priority = points + not_nan(likelihood);
                            (priority, priority >= top || grave)
                        }
                        None => {
                            let [a, b, c] =
                                s.severities.get(edge as usize).copied().unwrap_or([1; 3]);
                            if let Some(sev) = s.aggregate_severity.get_mut(aggregate as usize) {
                                *sev = [sev[0].max(a), sev[1].max(b), sev[2].max(c)];
                            }
                            let (priority, tier) =
                                self.profile.assess(Severity::new(a, b, c), likelihood);
                            (priority, tier == Tier::Top)
                        }
                    };
                    if let (Some(p), Some(t)) = (
                        s.priority.get_mut(risk as usize),
                        s.top.get_mut(risk as usize),
                    ) {
                        *p = priority;
                        *t = top;
                    }
                    if let Some(comp) = s.aggregate_complement.get_mut(aggregate as usize) {
                        *comp *= 1.0 - likelihood;
                    }
                }
            }
        }
        let offset = self.paths.len();
        let rows = s
            .aggregate_complement
            .iter_mut()
            .zip(s.aggregate_severity.iter_mut())
            .zip(s.priority.iter_mut().skip(offset))
            .zip(s.top.iter_mut().skip(offset));
        match &self.scoring {
            Scoring::Fixed {
                top, aggregates, ..
            } => {
                for ((((comp, _), p), t), &(points, grave)) in rows.zip(aggregates) {
                    let priority = points + not_nan((1.0 - *comp).clamp(0.0, 1.0));
                    *p = priority;
                    *t = priority >= *top || grave;
                    *comp = 1.0;
                }
            }
            Scoring::General => {
                for (((comp, sev), p), t) in rows {
                    let likelihood = (1.0 - *comp).clamp(0.0, 1.0);
                    let (priority, tier) = self
                        .profile
                        .assess(Severity::new(sev[0], sev[1], sev[2]), likelihood);
                    *p = priority;
                    *t = tier == Tier::Top;
                    *comp = 1.0;
                    *sev = [0; 3];
                }
            }
        }
    }

    fn merge(&self, results: &mut [Accumulator]) -> Accumulator {
        let risks = self.paths.len() + self.aggregates.len();
        let mut merged = Accumulator {
            histogram: vec![0; risks * self.bins()],
            top: vec![0; risks],
            min: vec![f64::INFINITY; risks],
            max: vec![f64::NEG_INFINITY; risks],
            chunk_sums: Vec::new(),
        };
        for result in results.iter_mut() {
            for (m, r) in merged.histogram.iter_mut().zip(&result.histogram) {
                *m += r;
            }
            for (m, r) in merged.top.iter_mut().zip(&result.top) {
                *m += r;
            }
            for (m, r) in merged.min.iter_mut().zip(&result.min) {
                *m = m.min(*r);
            }
            for (m, r) in merged.max.iter_mut().zip(&result.max) {
                *m = m.max(*r);
            }
            merged.chunk_sums.append(&mut result.chunk_sums);
        }
        // Sums in chunk order: the same additions in the same order whatever the threads did.
        merged.chunk_sums.sort_by_key(|(chunk, _)| *chunk);
        let mut total = vec![0.0_f64; risks];
        for (_, sums) in &merged.chunk_sums {
            for (t, s) in total.iter_mut().zip(sums) {
                *t += s;
            }
        }
        merged.chunk_sums = vec![(0, total)];
        merged
    }

    fn outcome(&self, merged: Accumulator) -> SimulationOutcome {
        let bins = self.bins().max(1);
        let n = self.samples as f64;
        let width = 1.0 / f64::from(self.bins_per_unit);
        let (baseline, swings) = self.sensitivity();
        let sums = merged
            .chunk_sums
            .first()
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let mut distributions: Vec<RiskDistribution> = self
            .paths
            .iter()
            .chain(&self.aggregates)
            .enumerate()
            .map(|(r, key)| {
                let histogram = merged
                    .histogram
                    .get(r * bins..(r + 1) * bins)
                    .unwrap_or(&[]);
                let (min, max) = (at(&merged.min, r as u32), at(&merged.max, r as u32));
                let quantile =
                    |p: f64| histogram_quantile(histogram, self.samples, p, width, min, max);
                RiskDistribution {
                    key: key.clone(),
                    baseline: at(&baseline, r as u32),
                    mean: at(sums, r as u32) / n,
                    p5: quantile(0.05),
                    p50: quantile(0.5),
                    p95: quantile(0.95),
                    min,
                    max,
                    top_tier: at(&merged.top, r as u32) as f64 / n,
                }
            })
            .collect();
        let aggregates = distributions.split_off(self.paths.len());
        let mut risks = distributions;
        let order = |a: &RiskDistribution, b: &RiskDistribution| {
            b.mean
                .total_cmp(&a.mean)
                .then_with(|| b.top_tier.total_cmp(&a.top_tier))
                .then_with(|| a.key.cmp(&b.key))
        };
        risks.sort_by(order);
        let mut aggregates = aggregates;
        aggregates.sort_by(order);
        SimulationOutcome {
            samples: self.samples,
            seed: self.seed,
            profile: self.profile.clone(),
            resolution: width,
            edge_evaluations: self
                .samples
                .saturating_mul(self.edge_evaluations_per_sample()),
            risks,
            aggregates,
            sensitivity: swings,
        }
    }

    /// The baseline priorities (every uncertain input at its median) and the one-at-a-time
    /// swings: each uncertain input at its 5th and 95th percentiles with the others at their
    /// medians, the swing being the sum over the `top_risks` highest aggregated risks of the
    /// baseline of `|priority at p95 - priority at p5|`. Sorted by swing, largest first, then by
    /// input position.
    fn sensitivity(&self) -> (Vec<f64>, Vec<InputSwing>) {
        let mut scratch = self.scratch();
        // 5th, 50th and 95th percentiles of each input. A beta quantile costs dozens of CDF
        // evaluations, and inputs often share a distribution (every default beta of a graph
        // whose likelihoods repeat): work each distinct one out once.
        let mut known: HashMap<(u8, [u64; 4]), [f64; 3]> = HashMap::new();
        let percentiles: Vec<[f64; 3]> = self
            .inputs
            .iter()
            .map(|(_, _, d)| {
                *known
                    .entry(d.bits())
                    .or_insert_with(|| [d.quantile(0.05), d.quantile(0.5), d.quantile(0.95)])
            })
            .collect();
        let medians: Vec<f64> = percentiles.iter().map(|[_, m, _]| *m).collect();
        let set_all = |scratch: &mut Scratch| {
            for ((_, target, _), &m) in self.inputs.iter().zip(&medians) {
                write_target(&mut scratch.values, &mut scratch.severities, *target, m);
            }
        };
        set_all(&mut scratch);
        self.evaluate(&mut scratch);
        let baseline = scratch.priority.clone();
        let offset = self.paths.len();
        let mut watched: Vec<usize> = (offset..offset + self.aggregates.len()).collect();
        watched.sort_by(|&a, &b| {
            at(&baseline, b as u32)
                .total_cmp(&at(&baseline, a as u32))
                .then_with(|| {
                    self.aggregates
                        .get(a - offset)
                        .cmp(&self.aggregates.get(b - offset))
                })
        });
        watched.truncate(self.top_risks);
        let mut swings = Vec::with_capacity(self.inputs.len());
        for ((n, target, _), &[low, median, high]) in self.inputs.iter().zip(&percentiles) {
            write_target(&mut scratch.values, &mut scratch.severities, *target, low);
            self.evaluate(&mut scratch);
            let at_low: Vec<f64> = watched
                .iter()
                .map(|&r| at(&scratch.priority, r as u32))
                .collect();
            write_target(&mut scratch.values, &mut scratch.severities, *target, high);
            self.evaluate(&mut scratch);
            let mut swing = 0.0;
            let mut most: Option<(usize, f64, f64)> = None;
            for (&r, &lo) in watched.iter().zip(&at_low) {
                let hi = at(&scratch.priority, r as u32);
                let moved = (hi - lo).abs();
                swing += moved;
                if moved > 0.0 && most.is_none_or(|(_, l, h)| moved > (h - l).abs()) {
                    most = Some((r, lo, hi));
                }
            }
            write_target(
                &mut scratch.values,
                &mut scratch.severities,
                *target,
                median,
            );
            let Some(spec) = self.specs.get(*n) else {
                continue;
            };
            swings.push(InputSwing {
                input: *n,
                edge: spec.edge,
                from: spec.from.clone(),
                to: spec.to.clone(),
                attribute: spec.attribute,
                low,
                median,
                high,
                swing,
                most_moved: most.and_then(|(r, lo, hi)| {
                    Some(MovedRisk {
                        key: self.aggregates.get(r - offset)?.clone(),
                        at_low: lo,
                        at_high: hi,
                    })
                }),
            });
        }
        swings.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.input.cmp(&b.input)));
        (baseline, swings)
    }
}

fn write_target(values: &mut [f64], severities: &mut [[u8; 3]], target: Target, x: f64) {
    match target {
        Target::Value(edge) => {
            if let Some(v) = values.get_mut(edge as usize) {
                *v = x;
            }
        }
        Target::Severity(edge, component) => {
            // A severity is a whole number from 1 to 5: round the draw to the nearest.
            let level = x.round().clamp(1.0, 5.0) as u8;
            if let Some(slot) = severities
                .get_mut(edge as usize)
                .and_then(|s| s.get_mut(usize::from(component)))
            {
                *slot = level;
            }
        }
    }
}

/// `k(x)` and `m(x)` from the modifier edges, in document order (as the graph's compilation
/// computes them).
fn recompute_modifiers(
    modifiers: &[ModifierOp],
    values: &[f64],
    odds: &mut [f64],
    mitigation: &mut [f64],
) {
    for op in modifiers {
        match *op {
            ModifierOp::Odds { node, .. } => {
                if let Some(k) = odds.get_mut(node as usize) {
                    *k = 1.0;
                }
            }
            ModifierOp::Mitigation { node, .. } => {
                if let Some(m) = mitigation.get_mut(node as usize) {
                    *m = 1.0;
                }
            }
        }
    }
    for op in modifiers {
        match *op {
            ModifierOp::Odds { node, edge } => {
                if let Some(k) = odds.get_mut(node as usize) {
                    *k *= at(values, edge);
                }
            }
            ModifierOp::Mitigation { node, edge } => {
                if let Some(m) = mitigation.get_mut(node as usize) {
                    *m *= 1.0 - at(values, edge);
                }
            }
        }
    }
}

/// The steps of the analysis, in its order, with the keys of its path and aggregated risks.
fn compile_ops(graph: &CheckedRiskGraph) -> (Vec<Op>, Vec<RiskKey>, Vec<RiskKey>) {
    let doc = &graph.doc;
    let count = doc.nodes.len();
    let id = |n: u32| doc.nodes.get(n as usize).map(|node| node.id().clone());
    let mut ops = Vec::new();
    let mut paths = Vec::new();
    let mut aggregates = Vec::new();
    let mut marked = vec![false; count];
    let mut reached: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut slot: HashMap<u32, u32> = HashMap::new();
    let has_chains = doc.edges.iter().any(|e| matches!(e, Edge::LeadsTo(_)));
    for (t, node) in (0u32..).zip(&doc.nodes) {
        if !matches!(node, Node::Technology(_)) {
            continue;
        }
        let Some(technology) = id(t) else { continue };
        for edge in graph.structure.edges(NodeIndex::new(t as usize)) {
            if !matches!(graph.edge_at(*edge.weight()), Some(Edge::Enables(_))) {
                continue;
            }
            let e = edge.target().index() as u32;
            ops.push(Op::Enable {
                edge: *edge.weight(),
                end_use: e,
                tech: t,
            });
            if let Some(mark) = marked.get_mut(e as usize)
                && !*mark
            {
                *mark = true;
                reached.push(e);
            }
        }
        if has_chains {
            stack.extend_from_slice(&reached);
            while let Some(u) = stack.pop() {
                for edge in graph.structure.edges(NodeIndex::new(u as usize)) {
                    if !matches!(graph.edge_at(*edge.weight()), Some(Edge::LeadsTo(_))) {
                        continue;
                    }
                    let v = edge.target().index() as u32;
                    if let Some(mark) = marked.get_mut(v as usize)
                        && !*mark
                    {
                        *mark = true;
                        reached.push(v);
                        stack.push(v);
                    }
                }
            }
            reached.sort_unstable_by_key(|&e| graph.topo.get(e as usize).copied());
        } else {
            reached.sort_unstable();
        }
        for &e in &reached {
            ops.push(Op::Resolve { end_use: e });
            for edge in graph.structure.edges(NodeIndex::new(e as usize)) {
                let v = edge.target().index() as u32;
                match graph.edge_at(*edge.weight()) {
                    Some(Edge::LeadsTo(_)) => ops.push(Op::Lead {
                        edge: *edge.weight(),
                        to: v,
                    }),
                    Some(Edge::Impacts(_)) => {
                        let (Some(end_use), Some(right)) = (id(e), id(v)) else {
                            continue;
                        };
                        let aggregate = *slot.entry(v).or_insert_with(|| {
                            aggregates.push(RiskKey {
                                technology: technology.clone(),
                                end_use: None,
                                right: right.clone(),
                            });
                            (aggregates.len() - 1) as u32
                        });
                        paths.push(RiskKey {
                            technology: technology.clone(),
                            end_use: Some(end_use),
                            right,
                        });
                        ops.push(Op::Impact {
                            edge: *edge.weight(),
                            risk: (paths.len() - 1) as u32,
                            aggregate,
                        });
                    }
                    _ => {}
                }
            }
        }
        for &e in &reached {
            if let Some(mark) = marked.get_mut(e as usize) {
                *mark = false;
            }
        }
        reached.clear();
        slot.clear();
    }
    (ops, paths, aggregates)
}

/// The nearest-rank `p`-quantile of `total` values counted in `histogram` (bins of `width`
/// starting at 0), interpolated within its bin and kept within `[min, max]`.
fn histogram_quantile(
    histogram: &[u64],
    total: u64,
    p: f64,
    width: f64,
    min: f64,
    max: f64,
) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let rank = ((p * total as f64).ceil() as u64).clamp(1, total);
    let mut before = 0u64;
    for (b, &count) in histogram.iter().enumerate() {
        if before + count >= rank {
            let within = (rank - before) as f64 / count as f64;
            let value = (b as f64 + within) * width;
            return value.clamp(min, max);
        }
        before += count;
    }
    max
}

/// What a simulation found: per risk, the distribution of its priority; per uncertain input,
/// how much it moves the top risks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SimulationOutcome {
    /// Samples drawn.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// The profile the priorities come from.
    pub profile: PrioritisationProfile,
    /// The bin width of the percentiles: each is within this of the exact order statistic.
    pub resolution: f64,
    /// Edge evaluations in the whole run (samples × edges evaluated per sample).
    pub edge_evaluations: u64,
    /// Path risks (technology, end-use, right), by mean priority, highest first.
    pub risks: Vec<RiskDistribution>,
    /// Aggregated risks (technology, right), by mean priority, highest first.
    pub aggregates: Vec<RiskDistribution>,
    /// The uncertain inputs by how much they move the top aggregated risks, most first.
    pub sensitivity: Vec<InputSwing>,
}

/// The distribution of one risk's priority over the samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RiskDistribution {
    /// The risk.
    pub key: RiskKey,
    /// Its priority with every uncertain input at its median.
    pub baseline: f64,
    /// The mean priority.
    pub mean: f64,
    /// The 5th percentile.
    pub p5: f64,
    /// The median.
    pub p50: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// The least priority drawn.
    pub min: f64,
    /// The greatest priority drawn.
    pub max: f64,
    /// The share of samples in which it is in the top tier.
    pub top_tier: f64,
}

/// How much one uncertain input moves the top risks, from its 5th to its 95th percentile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InputSwing {
    /// Its position in the simulation's `inputs`.
    pub input: usize,
    /// The edge's kind.
    pub edge: EdgeKind,
    /// Where the edge starts.
    pub from: NodeId,
    /// Where it ends.
    pub to: NodeId,
    /// The attribute.
    pub attribute: Attribute,
    /// Its 5th percentile.
    pub low: f64,
    /// Its median.
    pub median: f64,
    /// Its 95th percentile.
    pub high: f64,
    /// The sum over the watched risks of how far their priority moves.
    pub swing: f64,
    /// The watched risk it moves most, if it moves any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub most_moved: Option<MovedRisk>,
}

/// A risk's priority with an input at its low and at its high value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MovedRisk {
    /// The risk.
    pub key: RiskKey,
    /// Its priority with the input at its 5th percentile.
    pub at_low: f64,
    /// Its priority with the input at its 95th percentile.
    pub at_high: f64,
}

impl SimulationOutcome {
    /// The outcome as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The outcome as CSV (RFC 4180, CRLF line ends): one row per path risk and per aggregated
    /// risk with `entry`, ids, baseline, mean, percentiles, min, max and the top-tier share.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "entry,technology,end_use,right,baseline,mean,p5,p50,p95,min,max,top_tier\r\n",
        );
        for (entry, list) in [("path", &self.risks), ("aggregate", &self.aggregates)] {
            for r in list {
                // Ids match `^[a-z0-9][a-z0-9._-]*$`: no field needs quoting.
                out.push_str(&format!(
                    "{entry},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                    r.key.technology,
                    r.key.end_use.as_ref().map(NodeId::as_str).unwrap_or(""),
                    r.key.right,
                    r.baseline,
                    r.mean,
                    r.p5,
                    r.p50,
                    r.p95,
                    r.min,
                    r.max,
                    r.top_tier
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
