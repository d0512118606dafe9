//! The simulation report: the distribution of each top risk's priority over the samples of a
//! Monte Carlo run, drawn as box plots, and the inputs that move the top risks most, with the
//! seed and the sample count that reproduce it.
//!
//! The outcome names nodes by id; given the graph, the report uses their names. Its words are
//! English, like the risk register report's.

use std::fmt::Write as _;

use super::Column;
use super::html::{self, figure, open_section};
use super::markdown::{self, escape as md};
use super::register::{key_path, node_name};
use super::svg::{BarChart, BarRow, BoxPlot, BoxRow, Threshold, escape};
use crate::risk::{
    InputSwing, PrioritisationProfile, RiskDistribution, RiskGraph, SimulationOutcome,
};

/// How many risks and inputs the report shows by default.
const TOP: usize = 10;

const READING: [&str; 4] = [
    "A risk's priority is worked out in every sample from the inputs drawn for it; the tables \
     give the mean, the 5th, 50th and 95th percentiles and the extremes of those priorities, and \
     the share of samples in which the risk is in the top tier.",
    "The baseline is the priority with every uncertain input at its median. Percentiles are read \
     from a histogram and are within the stated resolution of the exact order statistic.",
    "An input's swing is how far the priorities of the watched top risks move, added up, when \
     that one input goes from its 5th to its 95th percentile and every other input stays at its \
     median. It says which estimates deserve the most care, not which risks matter most.",
    "Severity comes first and likelihood second (Principles 14 and 24): a wide spread of \
     likelihood rarely moves a risk across a whole severity point.",
];

/// A simulation outcome ready to render, with the graph it ran on when known (for node names).
///
/// ```
/// use hrdd::risk::{PrioritisationProfile, Simulation, reference_graph};
/// use hrdd::report::SimulationReport;
/// let graph = reference_graph().clone().check().unwrap();
/// let spec = Simulation::with_beta_likelihoods(graph.graph(), 2000, 7);
/// let outcome = spec
///     .prepare(&graph, &PrioritisationProfile::default(), &hrdd::Limits::default())
///     .unwrap()
///     .run();
/// let report = SimulationReport::new(&outcome).with_graph(graph.graph()).with_top(5);
/// assert!(report.markdown().contains("| Seed | 7 |"));
/// assert!(report.box_plot().starts_with("<svg"));
/// assert!(report.html().contains("<h2 id=\"sensitivity-h\">"));
/// ```
#[derive(Debug, Clone)]
pub struct SimulationReport<'a> {
    outcome: &'a SimulationOutcome,
    graph: Option<&'a RiskGraph>,
    title: Option<&'a str>,
    top: usize,
}

impl<'a> SimulationReport<'a> {
    /// A report of `outcome` that names nodes by id.
    pub fn new(outcome: &'a SimulationOutcome) -> Self {
        SimulationReport {
            outcome,
            graph: None,
            title: None,
            top: TOP,
        }
    }

    /// Names nodes as `graph` does (the graph the simulation ran on).
    pub fn with_graph(mut self, graph: &'a RiskGraph) -> Self {
        self.graph = Some(graph);
        self
    }

    /// Titles the report (such as the simulation document's title); without one, the graph's
    /// title is used.
    pub fn with_title(mut self, title: &'a str) -> Self {
        self.title = Some(title);
        self
    }

    /// Shows the `top` risks of each list and the `top` inputs that move them most (10 when not
    /// set; at least 1).
    pub fn with_top(mut self, top: usize) -> Self {
        self.top = top.max(1);
        self
    }

    fn title(&self) -> String {
        match (self.title, self.graph.and_then(|g| g.title.as_deref())) {
            (Some(title), _) => title.to_owned(),
            (None, Some(graph)) => format!("Simulation: {graph}"),
            (None, None) => "Risk simulation".to_owned(),
        }
    }

    fn name(&self, id: &str) -> String {
        node_name(self.graph, id)
    }

    /// The top of the priority scale: the profile's greatest priority.
    fn max_priority(&self) -> f64 {
        match &self.outcome.profile {
            // 12 severity points plus a likelihood of at most 1.
            PrioritisationProfile::SeverityFirst(_) => 13.0,
            PrioritisationProfile::RiskMatrix(m) => f64::from(m.size) * f64::from(m.size),
        }
    }

    /// Where each tier starts, when the profile cuts priority by thresholds.
    fn tiers(&self) -> Vec<Threshold> {
        match &self.outcome.profile {
            PrioritisationProfile::SeverityFirst(p) => vec![
                Threshold::new(0.0, "low"),
                Threshold::new(p.medium, "medium"),
                Threshold::new(p.high, "high"),
                Threshold::new(p.top, "top tier"),
            ],
            PrioritisationProfile::RiskMatrix(_) => Vec::new(),
        }
    }

    /// The method of prioritisation, in words.
    fn method(&self) -> String {
        match &self.outcome.profile {
            PrioritisationProfile::SeverityFirst(p) => format!(
                "severity first: priority = severity points + likelihood; tiers medium from {}, \
                 high from {}, top from {}",
                p.medium, p.high, p.top
            ),
            PrioritisationProfile::RiskMatrix(m) => {
                format!("risk matrix of {0} by {0} levels", m.size)
            }
        }
    }

    fn aggregates(&self) -> impl Iterator<Item = &'a RiskDistribution> {
        self.outcome.aggregates.iter().take(self.top)
    }

    fn paths(&self) -> impl Iterator<Item = &'a RiskDistribution> {
        self.outcome.risks.iter().take(self.top)
    }

    fn inputs(&self) -> impl Iterator<Item = &'a InputSwing> {
        self.outcome.sensitivity.iter().take(self.top)
    }

    /// The facts that reproduce the run, as (name, plain text) pairs.
    fn facts(&self) -> Vec<(&'static str, String)> {
        let o = self.outcome;
        vec![
            ("Samples", o.samples.to_string()),
            ("Seed", o.seed.to_string()),
            ("Prioritisation", self.method()),
            ("Percentile resolution", format!("{}", o.resolution)),
            ("Edge evaluations", o.edge_evaluations.to_string()),
        ]
    }

    fn reproducible(&self) -> String {
        format!(
            "Drawn from {} samples with seed {}: the same graph, simulation and seed give these \
             numbers again, byte for byte, whatever the number of threads.",
            self.outcome.samples, self.outcome.seed
        )
    }

    /// The distribution of priority of the top risks by technology and right, as box plots in
    /// SVG: whiskers from the least to the greatest priority drawn, a box from the 5th to the
    /// 95th percentile, a thick line at the median and a diamond at the mean, with the tiers'
    /// thresholds.
    pub fn box_plot(&self) -> String {
        let mut chart = BoxPlot::new(
            "chart-priority",
            format!(
                "Priority of the {} highest risks over {} samples",
                self.aggregates().count(),
                self.outcome.samples
            ),
            "One row per risk by technology and right, highest mean priority first, on the \
             profile's scale of priority, from the whole point below the least priority drawn. The whiskers run from the least to the greatest \
             priority drawn, the box from the 5th to the 95th percentile; the thick line is the \
             median, written at the end of the row, and the white diamond the mean. Dashed lines \
             mark where each tier starts. The table below gives the same numbers.",
            self.max_priority(),
        );
        for threshold in self.tiers() {
            chart = chart.threshold(threshold);
        }
        // Zoom in on the whole points the drawn priorities span: top risks sit close together.
        let least = self
            .aggregates()
            .map(|d| d.min)
            .fold(f64::INFINITY, f64::min);
        if least.is_finite() {
            chart = chart.min(least.floor());
        }
        for d in self.aggregates() {
            chart = chart.row(
                BoxRow::new(
                    key_path(self.graph, &d.key),
                    d.min,
                    d.p5,
                    d.p50,
                    d.p95,
                    d.max,
                )
                .mean(d.mean),
            );
        }
        chart.render()
    }

    /// The inputs that move the top risks most, as bars as long as their swing, in SVG.
    pub fn sensitivity_chart(&self) -> String {
        let largest = self.inputs().map(|s| s.swing).fold(0.0, f64::max);
        let mut chart = BarChart::new(
            "chart-sensitivity",
            "Inputs that move the top risks most",
            "Horizontal bars, one per uncertain input, as long as its swing: how far the \
             priorities of the watched top risks move, added up, when that input goes from its \
             5th to its 95th percentile. The swing is written at the end of each row; the table \
             below gives the same numbers.",
        )
        .max(if largest > 0.0 { largest } else { 1.0 })
        .label_width(440.0);
        for (n, input) in self.inputs().enumerate() {
            chart = chart.row(
                BarRow::new(
                    format!("{}. {}", n + 1, self.input_label(input)),
                    Some(input.swing),
                )
                .level(3)
                .value_label(format!("{:.3}", input.swing)),
            );
        }
        chart.render()
    }

    fn input_label(&self, input: &InputSwing) -> String {
        format!(
            "{} ({}): {} → {}",
            input.attribute.as_str(),
            input.edge.as_str().replace('_', " "),
            self.name(input.from.as_str()),
            self.name(input.to.as_str())
        )
    }

    /// A risk's cells: rank, its nodes, baseline, mean, percentiles, extremes, top-tier share.
    fn risk_cells(&self, rank: usize, d: &RiskDistribution) -> Vec<String> {
        let mut cells = vec![(rank + 1).to_string(), self.name(d.key.technology.as_str())];
        if let Some(end_use) = &d.key.end_use {
            cells.push(self.name(end_use.as_str()));
        }
        cells.push(self.name(d.key.right.as_str()));
        cells.extend(
            [d.baseline, d.mean, d.p5, d.p50, d.p95, d.min, d.max].map(|v| format!("{v:.2}")),
        );
        cells.push(format!("{:.1}%", d.top_tier * 100.0));
        cells
    }

    /// An input's cells: rank, the input, its percentiles, its swing, the risk it moves most.
    fn input_cells(&self, rank: usize, input: &InputSwing) -> Vec<String> {
        let moved = input.most_moved.as_ref().map_or_else(
            || "–".to_owned(),
            |m| {
                format!(
                    "{}: {:.2} → {:.2}",
                    key_path(self.graph, &m.key),
                    m.at_low,
                    m.at_high
                )
            },
        );
        vec![
            (rank + 1).to_string(),
            self.input_label(input),
            format!("{:.3}", input.low),
            format!("{:.3}", input.median),
            format!("{:.3}", input.high),
            format!("{:.3}", input.swing),
            moved,
        ]
    }

    /// The outcome as a Markdown document: the facts that reproduce it, the priority
    /// distributions of the top risks by technology and right and by technology, end-use and
    /// right, the inputs that move them most, and how to read it.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", md(&self.title()));
        let _ = writeln!(out, "| | |\n|---|---|");
        for (name, value) in self.facts() {
            let _ = writeln!(out, "| {name} | {} |", md(&value));
        }
        let _ = writeln!(out, "\n{}", md(&self.reproducible()));

        let sections = [
            (
                self.aggregate_heading(),
                risk_columns(false),
                self.aggregates().collect::<Vec<_>>(),
            ),
            (
                self.path_heading(),
                risk_columns(true),
                self.paths().collect(),
            ),
        ];
        for (heading, columns, risks) in sections {
            let _ = writeln!(out, "\n## {heading}\n");
            if risks.is_empty() {
                let _ = writeln!(out, "No risks.");
                continue;
            }
            let rows = risks.into_iter().enumerate();
            markdown::text_table(&mut out, &columns, rows.map(|(r, d)| self.risk_cells(r, d)));
        }

        let _ = writeln!(out, "\n## Inputs that move the top risks most\n");
        if self.outcome.sensitivity.is_empty() {
            let _ = writeln!(out, "No uncertain inputs.");
        } else {
            let rows = self.inputs().enumerate();
            markdown::text_table(
                &mut out,
                &INPUT_COLUMNS,
                rows.map(|(r, i)| self.input_cells(r, i)),
            );
        }

        markdown::notes(&mut out, "How to read this report", &READING);
        out
    }

    fn aggregate_heading(&self) -> String {
        format!(
            "Priority of the top {} risks by technology and right",
            self.aggregates().count()
        )
    }

    fn path_heading(&self) -> String {
        format!(
            "Priority of the top {} risks by technology, end-use and right",
            self.paths().count()
        )
    }

    /// The outcome as one self-contained HTML page: the facts that reproduce it, the box plots
    /// of the top risks' priority and the bars of the inputs' swings, each followed by its data
    /// table, and the top risks by technology, end-use and right. It loads nothing and runs no
    /// script.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let title = self.title();
        html::open_page(&mut out, "en", &title);
        html::masthead(
            &mut out,
            "Human rights due diligence · risk simulation",
            &title,
            self.graph.and_then(|g| g.description.as_deref()),
        );
        let facts: Vec<(&str, String)> = self
            .facts()
            .into_iter()
            .map(|(name, value)| (name, escape(&value)))
            .collect();
        html::meta(&mut out, &facts);
        let aggregate_heading = self.aggregate_heading();
        let path_heading = self.path_heading();
        html::toc(
            &mut out,
            "Contents",
            &[
                ("distribution", &aggregate_heading),
                ("paths", &path_heading),
                ("sensitivity", "Inputs that move the top risks most"),
                ("reading", "How to read this report"),
            ],
        );
        html::open_main(&mut out);

        open_section(&mut out, "distribution", &aggregate_heading);
        let _ = writeln!(out, "<p>{}</p>", escape(&self.reproducible()));
        let columns = risk_columns(false);
        if self.outcome.aggregates.is_empty() {
            out.push_str("<p>No risks.</p>\n");
        } else {
            figure(
                &mut out,
                &self.box_plot(),
                "Whiskers: least to greatest priority drawn; box: 5th to 95th percentile; thick \
                 line: median; diamond: mean.",
            );
            let rows = self.aggregates().enumerate();
            html::text_table(
                &mut out,
                "table-distribution",
                &format!("Data table: {aggregate_heading}"),
                &columns,
                rows.map(|(r, d)| self.risk_cells(r, d)),
            );
        }
        out.push_str("</section>\n");

        open_section(&mut out, "paths", &path_heading);
        let columns = risk_columns(true);
        if self.outcome.risks.is_empty() {
            out.push_str("<p>No risks.</p>\n");
        } else {
            let rows = self.paths().enumerate();
            html::text_table(
                &mut out,
                "table-paths",
                &path_heading,
                &columns,
                rows.map(|(r, d)| self.risk_cells(r, d)),
            );
        }
        out.push_str("</section>\n");

        open_section(
            &mut out,
            "sensitivity",
            "Inputs that move the top risks most",
        );
        if self.outcome.sensitivity.is_empty() {
            out.push_str("<p>No uncertain inputs.</p>\n");
        } else {
            figure(
                &mut out,
                &self.sensitivity_chart(),
                "Each input from its 5th to its 95th percentile, the others at their medians.",
            );
            let rows = self.inputs().enumerate();
            html::text_table(
                &mut out,
                "table-sensitivity",
                "Data table: inputs that move the top risks most",
                &INPUT_COLUMNS,
                rows.map(|(r, i)| self.input_cells(r, i)),
            );
        }
        out.push_str("</section>\n");

        html::notes(&mut out, "reading", "How to read this report", &READING);
        html::close_page(&mut out, "Generated by hrdd", "");
        out
    }
}

/// The columns of a risk's row, with or without the end-use.
fn risk_columns(end_use: bool) -> Vec<Column<'static>> {
    let mut columns = vec![Column::num("#"), Column::text("Technology")];
    if end_use {
        columns.push(Column::text("End-use"));
    }
    columns.extend([
        Column::text("Right"),
        Column::num("Baseline"),
        Column::num("Mean"),
        Column::num("5th pct"),
        Column::num("Median"),
        Column::num("95th pct"),
        Column::num("Min"),
        Column::num("Max"),
        Column::num("P(top tier)"),
    ]);
    columns
}

const INPUT_COLUMNS: [Column<'static>; 7] = [
    Column::num("#"),
    Column::text("Input"),
    Column::num("5th pct"),
    Column::num("Median"),
    Column::num("95th pct"),
    Column::num("Swing"),
    Column::text("Moves most (priority at 5th → 95th pct)"),
];
