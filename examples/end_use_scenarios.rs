//! Model end-use risk scenarios on the risk graph: rank risks, apply scenarios, simulate
//! uncertainty.
//!
//! ```text
//! cargo run --example end_use_scenarios                    # top risks of the reference graph
//! cargo run --example end_use_scenarios -- show-reference  # the reference graph as JSON
//! cargo run --example end_use_scenarios -- analyze [graph.json] [--scenario s.json]
//!                                  [--format text|json|csv|markdown|html|svg|dot|graphml] [--out FILE]
//! cargo run --example end_use_scenarios -- simulate [graph.json] [--scenario s.json]
//!                                  [--spec simulation.json] --samples N --seed S
//!                                  [--format text|json|csv|markdown|html|svg] [--out FILE]
//!                                  [--threads T]
//! cargo run --example end_use_scenarios -- validate <file>
//! ```
//!
//! Without a graph file the reference graph is used. `simulate` without `--spec` treats every
//! stated likelihood as a beta distribution around it (an illustrative default); with `--spec`
//! the simulation document's distributions are used, and `--samples`/`--seed` override its own.
//!
//! `markdown`, `html` and `svg` are reports for people: for `analyze` the register with its heat
//! map and flow diagram (`svg` is the heat map), for `simulate` the priority distributions of the
//! top risks as box plots and the inputs that move them most (`svg` is the box plot). `--out
//! FILE` writes one of them to a file instead of stdout, and goes with those three formats only.
//!
//! Exit codes: 0 success, 1 usage error, 2 invalid input (each problem on stderr as
//! `<json-pointer>: <message>`).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::indexing_slicing,
    reason = "an example prints, and indexes positional arguments only after counting them"
)]

use std::io::Write as _;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use hrdd::Limits;
use hrdd::report::SimulationReport;
use hrdd::risk::{
    CheckedRiskGraph, PrioritisationProfile, Progress, RiskGraph, RiskRegister, Scenario,
    Simulation, SimulationOutcome, export, reference_graph,
};

const USAGE: &str = "usage: end_use_scenarios [show-reference |
       analyze [graph.json] [--scenario s.json] [--format text|json|csv|markdown|html|svg|dot|graphml] [--out FILE] |
       simulate [graph.json] [--scenario s.json] [--spec simulation.json] --samples N --seed S [--format text|json|csv|markdown|html|svg] [--out FILE] [--threads T] |
       validate <file>]";

#[path = "common/cli.rs"]
mod cli;

use cli::{Command, Failure, exit_code, read_file};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    exit_code(run(&args), USAGE)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((name, rest)) = args.split_first() else {
        return demo();
    };
    match name.as_str() {
        "show-reference" => {
            let command = Command::parse(rest, &[], &[])?;
            expect_positional(&command, 0, 0)?;
            println!("{}", to_pretty(reference_graph()));
            Ok(())
        }
        "analyze" | "analyse" => {
            let command = Command::parse(rest, &["scenario", "format", "out"], &[])?;
            expect_positional(&command, 0, 1)?;
            analyze(&command)
        }
        "simulate" => {
            let command = Command::parse(
                rest,
                &[
                    "scenario", "spec", "samples", "seed", "format", "out", "threads",
                ],
                &[],
            )?;
            expect_positional(&command, 0, 1)?;
            simulate(&command)
        }
        "validate" => {
            let command = Command::parse(rest, &[], &[])?;
            expect_positional(&command, 1, 1)?;
            validate(&command.positional[0])
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

fn expect_positional(command: &Command, min: usize, max: usize) -> Result<(), Failure> {
    let n = command.positional.len();
    if n < min {
        return Err(Failure::Usage("missing file argument".to_owned()));
    }
    if n > max {
        return Err(Failure::Usage(format!(
            "unexpected argument `{}`",
            command.positional[max]
        )));
    }
    Ok(())
}

fn to_pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The graph named on the command line, or the reference graph; with `--scenario` applied.
fn graph_of(command: &Command) -> Result<(CheckedRiskGraph, Option<Scenario>), Failure> {
    let graph = match command.positional.first() {
        Some(path) => RiskGraph::from_json(&read_file(Path::new(path))?, &Limits::default())
            .map_err(Failure::Invalid)?,
        None => reference_graph().clone(),
    };
    let checked = graph.check().map_err(Failure::Invalid)?;
    let scenario = match command.options.get("scenario") {
        Some(path) => Some(
            Scenario::from_json(&read_file(Path::new(path))?, &Limits::default())
                .map_err(Failure::Invalid)?,
        ),
        None => None,
    };
    Ok((checked, scenario))
}

fn analyze(command: &Command) -> Result<(), Failure> {
    let (graph, scenario) = graph_of(command)?;
    let profile = PrioritisationProfile::default();
    let format = command.options.get("format").map_or("text", String::as_str);
    if !matches!(
        format,
        "text" | "json" | "csv" | "markdown" | "html" | "svg" | "dot" | "graphml"
    ) {
        return Err(Failure::Usage(format!(
            "unknown format `{format}`; use text, json, csv, markdown, html, svg, dot or graphml"
        )));
    }
    let out = report_destination(command, format)?;
    let (graph, register, diff) = match &scenario {
        Some(scenario) => {
            let outcome = graph
                .run_scenario(scenario, &profile)
                .map_err(Failure::Invalid)?;
            if format == "json" {
                println!("{}", to_pretty(&outcome));
                return Ok(());
            }
            (outcome.graph, outcome.register, Some(outcome.diff))
        }
        None => {
            let register = graph.analyse(&profile);
            (graph.into_graph(), register, None)
        }
    };
    // The reports a person reads: the register with its top risks' actions, a severity-by-
    // likelihood heat map and the technology -> end-use -> right flow (`svg` is the heat map).
    let report = hrdd::report::RegisterReport::new(&register, &graph).with_top(10);
    let document = match format {
        "markdown" => Some(report.markdown()),
        "html" => Some(report.html()),
        "svg" => Some(report.heat_map()),
        _ => None,
    };
    if let Some(document) = document {
        return write_report(&document, out);
    }
    match format {
        "json" => println!("{}", export::register_json(&register)),
        "csv" => print!("{}", export::register_csv(&register)),
        "dot" => print!("{}", export::graph_dot(&graph)),
        "graphml" => print!("{}", export::graph_graphml(&graph)),
        _ => {
            print!("{}", top_risks(&register, 10));
            if let Some(diff) = diff {
                println!(
                    "\nScenario: {} added, {} removed, {} moved, {} unchanged",
                    diff.added.len(),
                    diff.removed.len(),
                    diff.moved.len(),
                    diff.unchanged
                );
                for change in &diff.moved {
                    let (Some(before), Some(after)) = (change.before, change.after) else {
                        continue;
                    };
                    println!(
                        "  {}: rank {} -> {}, priority {:.3} -> {:.3}",
                        key_text(&change.key),
                        before.rank,
                        after.rank,
                        before.priority,
                        after.priority
                    );
                }
            }
        }
    }
    Ok(())
}

/// Where a report goes: the file `--out` names, if any, which only the formats a person reads
/// (`markdown`, `html`, `svg`) may use.
fn report_destination(command: &Command, format: &str) -> Result<Option<PathBuf>, Failure> {
    let out = command.options.get("out").map(PathBuf::from);
    if out.is_some() && !matches!(format, "markdown" | "html" | "svg") {
        return Err(Failure::Usage(
            "`--out` goes with `--format markdown`, `html` or `svg`".to_owned(),
        ));
    }
    Ok(out)
}

/// Writes a report to `out`, or to stdout.
fn write_report(document: &str, out: Option<PathBuf>) -> Result<(), Failure> {
    match out {
        Some(path) => std::fs::write(&path, document)
            .map_err(|e| Failure::Unreadable(format!("cannot write `{}`: {e}", path.display()))),
        None => {
            print!("{document}");
            Ok(())
        }
    }
}

fn key_text(key: &hrdd::risk::RiskKey) -> String {
    match &key.end_use {
        Some(end_use) => format!("{} -> {} -> {}", key.technology, end_use, key.right),
        None => format!("{} -> {}", key.technology, key.right),
    }
}

/// The highest aggregated risks with their rights and actions.
fn top_risks(register: &RiskRegister, count: usize) -> String {
    let mut out = format!(
        "Top {} of {} risks by technology and right (severity first, then likelihood):\n",
        count.min(register.aggregate_count()),
        register.aggregate_count()
    );
    for risk in register.aggregates().take(count) {
        let right = hrdd::catalog::right(risk.catalog_right.as_str())
            .map_or_else(|| risk.catalog_right.to_string(), |r| r.name.to_string());
        out.push_str(&format!(
            "\n{:>2}. [{}] {} -> {} ({right})\n    severity {}/{}/{} (scale/scope/irremediability), likelihood {:.3}, priority {:.3}\n    involvement {}, leverage {}; through {}\n",
            risk.rank,
            risk.tier.as_str(),
            risk.key.technology,
            risk.key.right,
            risk.severity.scale,
            risk.severity.scope,
            risk.severity.irremediability,
            risk.likelihood,
            risk.priority,
            risk.involvement.as_str(),
            risk.leverage.as_str(),
            risk.end_uses
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for action in risk.actions.actions() {
            out.push_str(&format!("    - {}\n", action.text));
        }
    }
    out
}

fn demo() -> Result<(), Failure> {
    let graph = reference_graph()
        .clone()
        .check()
        .map_err(Failure::Invalid)?;
    let register = graph.analyse(&PrioritisationProfile::default());
    println!(
        "Reference end-use risk graph: {} nodes, {} edges (illustrative defaults; override them with your own graph)\n",
        graph.graph().nodes.len(),
        graph.graph().edges.len()
    );
    print!("{}", top_risks(&register, 10));
    Ok(())
}

fn number<T: std::str::FromStr>(command: &Command, name: &str) -> Result<Option<T>, Failure> {
    command
        .options
        .get(name)
        .map(|v| {
            v.parse()
                .map_err(|_| Failure::Usage(format!("`--{name}` needs a whole number, not `{v}`")))
        })
        .transpose()
}

fn simulate(command: &Command) -> Result<(), Failure> {
    let format = command.options.get("format").map_or("text", String::as_str);
    if !matches!(
        format,
        "text" | "json" | "csv" | "markdown" | "html" | "svg"
    ) {
        return Err(Failure::Usage(format!(
            "unknown format `{format}`; use text, json, csv, markdown, html or svg"
        )));
    }
    let out = report_destination(command, format)?;
    let samples: Option<u64> = number(command, "samples")?;
    let seed: Option<u64> = number(command, "seed")?;
    let threads: Option<usize> = number(command, "threads")?;
    let spec = match command.options.get("spec") {
        Some(path) => Some(
            Simulation::from_json(&read_file(Path::new(path))?, &Limits::default())
                .map_err(Failure::Invalid)?,
        ),
        None => None,
    };
    if spec.is_none() && (samples.is_none() || seed.is_none()) {
        return Err(Failure::Usage(
            "`simulate` needs `--samples N` and `--seed S` (or a `--spec` that has them)".into(),
        ));
    }
    let (graph, scenario) = graph_of(command)?;
    let profile = PrioritisationProfile::default();
    let graph = match scenario {
        Some(scenario) => scenario
            .apply(graph.graph())
            .and_then(RiskGraph::check)
            .map_err(Failure::Invalid)?,
        None => graph,
    };
    let mut spec = match spec {
        Some(spec) => spec,
        None => Simulation::with_beta_likelihoods(graph.graph(), 1, 0),
    };
    if let Some(samples) = samples {
        spec.samples = samples;
    }
    if let Some(seed) = seed {
        spec.seed = seed;
    }
    let limits = Limits::default();
    let prepared = spec
        .prepare(&graph, &profile, &limits)
        .map_err(Failure::Invalid)?;
    let threads = match threads {
        Some(n) => NonZeroUsize::new(n)
            .ok_or_else(|| Failure::Usage("`--threads` must be at least 1".into()))?,
        None => std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
    };
    let started = Instant::now();
    let mut indicator = ProgressIndicator::new(started);
    let outcome = prepared.run_with(threads, &mut |p| indicator.show(p));
    indicator.finish();
    let title = spec.title.as_deref();
    let mut report = SimulationReport::new(&outcome)
        .with_graph(graph.graph())
        .with_top(10);
    if let Some(title) = title {
        report = report.with_title(title);
    }
    match format {
        "json" => println!("{}", outcome.to_json()),
        "csv" => print!("{}", outcome.to_csv()),
        "markdown" => write_report(&report.markdown(), out)?,
        "html" => write_report(&report.html(), out)?,
        "svg" => write_report(&report.box_plot(), out)?,
        _ => print!("{}", simulation_text(&outcome, 10)),
    }
    Ok(())
}

/// A progress line on stderr, shown only once a run has taken more than a second, and redrawn
/// at most ten times a second.
struct ProgressIndicator {
    started: Instant,
    last: Option<Instant>,
}

impl ProgressIndicator {
    fn new(started: Instant) -> Self {
        Self {
            started,
            last: None,
        }
    }

    fn show(&mut self, progress: Progress) {
        let now = Instant::now();
        if now.duration_since(self.started) < Duration::from_secs(1) {
            return;
        }
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let percent = 100.0 * progress.done as f64 / progress.total.max(1) as f64;
        let mut stderr = std::io::stderr();
        let _ = write!(
            stderr,
            "\rsimulating: {percent:5.1}% ({}/{} samples, {:.1} s)",
            progress.done,
            progress.total,
            now.duration_since(self.started).as_secs_f64()
        );
        let _ = stderr.flush();
    }

    fn finish(&self) {
        if self.last.is_some() {
            eprintln!();
        }
    }
}

fn simulation_text(outcome: &SimulationOutcome, count: usize) -> String {
    let mut out = format!(
        "Simulation: {} samples, seed {}, {} edge evaluations; percentiles within {}\n\nTop {} risks by technology and right, by mean priority:\n",
        outcome.samples,
        outcome.seed,
        outcome.edge_evaluations,
        outcome.resolution,
        count.min(outcome.aggregates.len())
    );
    out.push_str("   mean     p5    p50    p95  P(top)  risk\n");
    for d in outcome.aggregates.iter().take(count) {
        out.push_str(&format!(
            "{:>7.3}{:>7.3}{:>7.3}{:>7.3}{:>8.3}  {}\n",
            d.mean,
            d.p5,
            d.p50,
            d.p95,
            d.top_tier,
            key_text(&d.key)
        ));
    }
    out.push_str(
        "\nInputs that move the top risks most (one at a time, 5th to 95th percentile):\n",
    );
    for s in outcome.sensitivity.iter().take(count) {
        out.push_str(&format!(
            "  swing {:>7.4}  {} of {} {} -> {} ({:.3} .. {:.3})\n",
            s.swing,
            s.attribute.as_str(),
            s.edge.as_str(),
            s.from,
            s.to,
            s.low,
            s.high
        ));
    }
    out
}

/// Checks any document: risk graphs, scenarios and simulations by their own readers, every other
/// kind by `hrdd::document::read`.
fn validate(path: &str) -> Result<(), Failure> {
    let text = read_file(Path::new(path))?;
    let limits = Limits::default();
    let kind = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("document")
                .and_then(|d| d.as_str())
                .map(str::to_owned)
        });
    match kind.as_deref() {
        Some("risk_graph") => {
            RiskGraph::from_json(&text, &limits).map_err(Failure::Invalid)?;
        }
        Some("scenario") => {
            Scenario::from_json(&text, &limits).map_err(Failure::Invalid)?;
        }
        Some("simulation") => {
            Simulation::from_json(&text, &limits).map_err(Failure::Invalid)?;
        }
        _ => {
            hrdd::document::read(&text, &limits).map_err(Failure::Invalid)?;
        }
    }
    println!("valid {}", kind.unwrap_or_default());
    Ok(())
}
