//! The risk register report: a severity-by-likelihood heat map, a layered flow technology ->
//! end-use -> right for the top risks, the ranked register and the actions it calls for.
//!
//! The register's texts (node names, sources, guidance) are English, so this report is too.

use std::fmt::Write as _;

use super::html;
use super::markdown::escape as md;
use super::svg::{FlowEdge, FlowLayer, FlowNode, HeatCell, HeatMap, LayeredFlow, escape};
use crate::risk::{Risk, RiskGraph, RiskKey, RiskRegister, Tier};

/// How many path risks the flow diagram and the actions show by default.
const TOP_RISKS: usize = 10;

/// Likelihood columns of the heat map: five slices of 20 points.
const LIKELIHOOD: [&str; 5] = ["0–20%", "20–40%", "40–60%", "60–80%", "80–100%"];

/// Severity rows of the heat map, top to bottom: the mean of scale, scope and irremediable
/// character, rounded.
const SEVERITY: [&str; 5] = ["5 (gravest)", "4", "3", "2", "1 (least grave)"];

/// A risk register ready to render, with the graph it was analysed from (for node names).
#[derive(Debug, Clone)]
pub struct RegisterReport<'a> {
    register: &'a RiskRegister,
    graph: &'a RiskGraph,
    top: usize,
}

/// The heat map row (0 = gravest) of a risk.
fn severity_row(risk: &Risk) -> usize {
    let points = u32::from(risk.severity.scale)
        + u32::from(risk.severity.scope)
        + u32::from(risk.severity.irremediability);
    // Mean of three components, rounded half up: (points + 1) / 3 in integers.
    let mean = ((points + 1) / 3).clamp(1, 5) as usize;
    5 - mean
}

/// The heat map column of a likelihood.
fn likelihood_column(likelihood: f64) -> usize {
    if !likelihood.is_finite() {
        return 0;
    }
    let slice = (likelihood.clamp(0.0, 1.0) * 5.0).floor();
    if slice >= 4.0 {
        4
    } else if slice >= 3.0 {
        3
    } else if slice >= 2.0 {
        2
    } else if slice >= 1.0 {
        1
    } else {
        0
    }
}

/// The name of the node `id` in `graph`, or the id itself.
pub(crate) fn node_name(graph: Option<&RiskGraph>, id: &str) -> String {
    graph
        .and_then(|g| g.nodes.iter().find(|n| n.id().as_str() == id))
        .map_or_else(|| id.to_owned(), |n| n.name().to_owned())
}

/// A risk as "technology → end-use → right" (without the end-use for an aggregated risk).
pub(crate) fn key_path(graph: Option<&RiskGraph>, key: &RiskKey) -> String {
    let end_use = key.end_use.as_ref().map_or_else(String::new, |e| {
        format!(" → {}", node_name(graph, e.as_str()))
    });
    format!(
        "{}{end_use} → {}",
        node_name(graph, key.technology.as_str()),
        node_name(graph, key.right.as_str())
    )
}

fn tier(tier: Tier) -> &'static str {
    match tier {
        Tier::Top => "top",
        Tier::High => "high",
        Tier::Medium => "medium",
        Tier::Low => "low",
    }
}

impl<'a> RegisterReport<'a> {
    /// A report of `register`, analysed from `graph`.
    pub fn new(register: &'a RiskRegister, graph: &'a RiskGraph) -> Self {
        RegisterReport {
            register,
            graph,
            top: TOP_RISKS,
        }
    }

    /// Shows the `top` highest-ranked path risks in the flow diagram and the actions (10 when not
    /// set; at least 1).
    pub fn with_top(mut self, top: usize) -> Self {
        self.top = top.max(1);
        self
    }

    fn name(&self, id: &str) -> String {
        node_name(Some(self.graph), id)
    }

    fn top_risks(&self) -> impl Iterator<Item = Risk> + 'a {
        self.register.risks().take(self.top)
    }

    /// How many path risks fall in each cell: `[row][column]`, rows from gravest down.
    fn counts(&self) -> [[usize; 5]; 5] {
        let mut counts = [[0usize; 5]; 5];
        for risk in self.register.risks() {
            if let Some(cell) = counts
                .get_mut(severity_row(&risk))
                .and_then(|row| row.get_mut(likelihood_column(risk.likelihood)))
            {
                *cell += 1;
            }
        }
        counts
    }

    /// The severity-by-likelihood heat map of every (technology, end-use, right) risk, as SVG.
    /// Cells are shaded by zone (severity counts double, as Principle 24 puts it first) and
    /// labelled with how many risks fall in them.
    pub fn heat_map(&self) -> String {
        let counts = self.counts();
        let mut map = HeatMap::new(
            "chart-heat-map",
            "Risks by severity and likelihood",
            "A five by five grid: rows are severity (the mean of scale, scope and irremediable \
             character) from gravest at the top, columns are likelihood from rare on the left. \
             Each cell gives how many technology, end-use and right paths fall in it; darker \
             cells are graver and likelier. The table below gives the same counts.",
            SEVERITY.iter().map(|s| (*s).to_owned()).collect(),
            LIKELIHOOD.iter().map(|s| (*s).to_owned()).collect(),
        )
        .axes("Severity", "Likelihood");
        for (row, cells) in counts.iter().enumerate() {
            for (column, count) in cells.iter().enumerate() {
                let zone = 2.0 * (4 - row) as f64 + column as f64;
                let names: Vec<String> = self
                    .register
                    .risks()
                    .filter(|r| severity_row(r) == row && likelihood_column(r.likelihood) == column)
                    .map(|r| format!("#{} {}", r.rank, self.path(&r)))
                    .collect();
                map = map.cell(
                    HeatCell::new(row, column, zone, count.to_string()).tooltip(names.join("; ")),
                );
            }
        }
        map.render()
    }

    fn path(&self, risk: &Risk) -> String {
        key_path(Some(self.graph), &risk.key)
    }

    /// The top risks as a layered flow technology -> end-use -> right, each line as wide as the
    /// risk's priority, as SVG.
    pub fn flow(&self) -> String {
        let mut technologies: Vec<FlowNode> = Vec::new();
        let mut end_uses: Vec<FlowNode> = Vec::new();
        let mut rights: Vec<FlowNode> = Vec::new();
        let mut edges: Vec<FlowEdge> = Vec::new();
        let add = |list: &mut Vec<FlowNode>, key: String, label: String| {
            if !list.iter().any(|n| n.key == key) {
                list.push(FlowNode::new(key, label));
            }
        };
        for risk in self.top_risks() {
            let Some(end_use) = &risk.key.end_use else {
                continue;
            };
            let t = format!("t:{}", risk.key.technology);
            let e = format!("e:{end_use}");
            let r = format!("r:{}", risk.key.right);
            add(
                &mut technologies,
                t.clone(),
                self.name(risk.key.technology.as_str()),
            );
            add(&mut end_uses, e.clone(), self.name(end_use.as_str()));
            add(&mut rights, r.clone(), self.name(risk.key.right.as_str()));
            // One line per technology and end-use, as wide as its highest-priority risk.
            match edges.iter_mut().find(|x| x.from == t && x.to == e) {
                Some(edge) => edge.weight = edge.weight.max(risk.priority),
                None => edges.push(
                    FlowEdge::new(t.clone(), e.clone(), risk.priority).tooltip(format!(
                        "#{} {}",
                        risk.rank,
                        self.path(&risk)
                    )),
                ),
            }
            edges.push(FlowEdge::new(e, r, risk.priority).tooltip(format!(
                "#{} {}: priority {:.2}, {} tier",
                risk.rank,
                self.path(&risk),
                risk.priority,
                tier(risk.tier)
            )));
        }
        let mut flow = LayeredFlow::new(
            "chart-flow",
            format!("The {} highest-ranked risks", self.top),
            "Three columns: technologies on the left, the end-uses they enable in the middle, the \
             rights those uses can harm on the right. Each line is as wide as the priority of the \
             risk it carries. The table below lists the same risks in rank order.",
        )
        .layer(FlowLayer::new("Technology", technologies))
        .layer(FlowLayer::new("End-use", end_uses))
        .layer(FlowLayer::new("Right", rights));
        for edge in edges {
            flow = flow.edge(edge);
        }
        flow.render()
    }

    /// The register as Markdown: heat map counts, the ranked risks and the actions for the top
    /// ones, with the principles each action rests on.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let title = self.graph.title.as_deref().unwrap_or("Risk register");
        let _ = writeln!(out, "# {}\n", md(title));
        let _ = writeln!(
            out,
            "{} risks (technology, end-use, right); {} by technology and right.\n",
            self.register.risk_count(),
            self.register.aggregate_count()
        );
        let _ = writeln!(out, "## Risks by severity and likelihood\n");
        let _ = writeln!(out, "| Severity | {} |", LIKELIHOOD.join(" | "));
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for (row, cells) in self.counts().iter().enumerate() {
            let cells: Vec<String> = cells.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                SEVERITY.get(row).copied().unwrap_or(""),
                cells.join(" | ")
            );
        }
        let _ = writeln!(out, "\n## The {} highest-ranked risks\n", self.top);
        let _ = writeln!(
            out,
            "| # | Tier | Technology | End-use | Right | Severity (scale/scope/irremediability) | Likelihood | Priority | Involvement | Leverage |"
        );
        let _ = writeln!(out, "|---:|---|---|---|---|---|---:|---:|---|---|");
        for risk in self.top_risks() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}/{}/{} | {:.0}% | {:.2} | {} | {} |",
                risk.rank,
                tier(risk.tier),
                md(&self.name(risk.key.technology.as_str())),
                md(&risk
                    .key
                    .end_use
                    .as_ref()
                    .map_or_else(String::new, |e| self.name(e.as_str()))),
                md(&self.name(risk.key.right.as_str())),
                risk.severity.scale,
                risk.severity.scope,
                risk.severity.irremediability,
                risk.likelihood * 100.0,
                risk.priority,
                risk.involvement.as_str().replace('_', " "),
                risk.leverage.as_str()
            );
        }
        let _ = writeln!(out, "\n## Action plan\n");
        for risk in self.top_risks() {
            let _ = writeln!(out, "### #{} {}\n", risk.rank, md(&self.path(&risk)));
            for action in risk.actions.actions() {
                let principles: Vec<String> =
                    action.principles.iter().map(ToString::to_string).collect();
                let _ = writeln!(
                    out,
                    "- {} (principles {})",
                    md(action.text),
                    principles.join(", ")
                );
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "### By Guiding Principle\n");
        let _ = writeln!(out, "| Principle | Risks |\n|---:|---|");
        for (principle, ranks) in self.by_principle() {
            let ranks: Vec<String> = ranks.iter().map(|r| format!("#{r}")).collect();
            let _ = writeln!(out, "| {principle} | {} |", ranks.join(", "));
        }
        out
    }

    /// The top risks under each principle their actions rest on, in principle order.
    fn by_principle(&self) -> Vec<(u8, Vec<u32>)> {
        let mut groups: Vec<(u8, Vec<u32>)> = Vec::new();
        for risk in self.top_risks() {
            for action in risk.actions.actions() {
                for principle in action.principles {
                    match groups.iter_mut().find(|(p, _)| p == principle) {
                        Some((_, ranks)) if ranks.contains(&risk.rank) => {}
                        Some((_, ranks)) => ranks.push(risk.rank),
                        None => groups.push((*principle, vec![risk.rank])),
                    }
                }
            }
        }
        groups.sort_by_key(|(p, _)| *p);
        groups
    }

    /// The register as one self-contained HTML page with the heat map and the flow diagram, each
    /// followed by its data table, and the action plan for the top risks.
    pub fn html(&self) -> String {
        let title = self.graph.title.as_deref().unwrap_or("Risk register");
        let mut out = String::new();
        html::open_page(&mut out, "en", title);
        html::masthead(
            &mut out,
            "Human rights due diligence · risk register",
            title,
            self.graph.description.as_deref(),
        );
        html::open_main(&mut out);
        let _ = write!(
            out,
            "<section id=\"heat-map\"><h2>Risks by severity and likelihood</h2><figure>{}<figcaption>{} risks \
             (technology, end-use, right).</figcaption></figure>\
             <table class=\"data\" id=\"table-heat-map\"><caption>Data table: risks by severity and likelihood</caption>\
             <thead><tr><th>Severity</th>",
            self.heat_map(),
            self.register.risk_count()
        );
        for column in LIKELIHOOD {
            let _ = write!(out, "<th class=\"num\">{column}</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for (row, cells) in self.counts().iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td>{}</td>",
                SEVERITY.get(row).copied().unwrap_or("")
            );
            for count in cells {
                let _ = write!(out, "<td class=\"num\">{count}</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></section>\n");
        let _ = write!(
            out,
            "<section id=\"flow\"><h2>The {} highest-ranked risks</h2><figure>{}<figcaption>Line width is the \
             risk's priority.</figcaption></figure><table class=\"data\" id=\"table-flow\"><caption>Data table: the {} \
             highest-ranked risks</caption><thead><tr><th class=\"num\">#</th><th>Tier</th><th>Technology</th>\
             <th>End-use</th><th>Right</th><th>Severity</th><th class=\"num\">Likelihood</th><th class=\"num\">Priority</th>\
             <th>Involvement</th><th>Leverage</th></tr></thead><tbody>",
            self.top,
            self.flow(),
            self.top
        );
        for risk in self.top_risks() {
            let _ = write!(
                out,
                "<tr><td class=\"num\">{}</td><td><span class=\"flag\">{}</span></td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}/{}/{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.2}</td><td>{}</td><td>{}</td></tr>",
                risk.rank,
                tier(risk.tier),
                escape(&self.name(risk.key.technology.as_str())),
                escape(
                    &risk
                        .key
                        .end_use
                        .as_ref()
                        .map_or_else(String::new, |e| self.name(e.as_str()))
                ),
                escape(&self.name(risk.key.right.as_str())),
                risk.severity.scale,
                risk.severity.scope,
                risk.severity.irremediability,
                risk.likelihood * 100.0,
                risk.priority,
                risk.involvement.as_str().replace('_', " "),
                risk.leverage.as_str()
            );
        }
        out.push_str("</tbody></table></section>\n<section id=\"plan\"><h2>Action plan</h2><ol class=\"plan\">");
        for risk in self.top_risks() {
            let _ = write!(
                out,
                "<li id=\"risk-{}\"><span class=\"rank\">{}</span><div><p class=\"what\">{}</p><ul>",
                risk.rank,
                risk.rank,
                escape(&self.path(&risk))
            );
            for action in risk.actions.actions() {
                let principles: Vec<String> =
                    action.principles.iter().map(ToString::to_string).collect();
                let _ = write!(
                    out,
                    "<li>{} <span class=\"note\">(principles {})</span></li>",
                    escape(action.text),
                    principles.join(", ")
                );
            }
            out.push_str("</ul></div></li>");
        }
        out.push_str("</ol><h3>By Guiding Principle</h3><table class=\"data\"><thead><tr><th class=\"num\">Principle</th><th>Risks</th></tr></thead><tbody>");
        for (principle, ranks) in self.by_principle() {
            let ranks: Vec<String> = ranks
                .iter()
                .map(|r| format!("<a href=\"#risk-{r}\">#{r}</a>"))
                .collect();
            let _ = write!(
                out,
                "<tr><td class=\"num\">{principle}</td><td>{}</td></tr>",
                ranks.join(", ")
            );
        }
        out.push_str("</tbody></table></section>\n");
        html::close_page(&mut out, "Generated by hrdd", "");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::{PrioritisationProfile, reference_graph};

    #[test]
    fn rows_and_columns_follow_severity_and_likelihood() {
        // Likelihood slices of 20 points; 1.0 falls in the last.
        assert_eq!(likelihood_column(0.0), 0);
        assert_eq!(likelihood_column(0.2), 1);
        assert_eq!(likelihood_column(0.79), 3);
        assert_eq!(likelihood_column(1.0), 4);
        assert_eq!(likelihood_column(f64::NAN), 0);
    }

    #[test]
    fn every_risk_is_counted_once_in_the_heat_map() {
        let graph = reference_graph();
        let register = graph
            .clone()
            .check()
            .unwrap()
            .analyse(&PrioritisationProfile::default());
        let report = RegisterReport::new(&register, graph);
        let total: usize = report.counts().iter().flatten().sum();
        assert_eq!(total, register.risk_count());
        let svg = report.heat_map();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(
            doc.descendants()
                .filter(|n| n.attribute("class") == Some("mark"))
                .count(),
            25
        );
        // The flow draws one line per top risk into a right, and one per distinct
        // technology and end-use.
        let flow = report.with_top(5).flow();
        let doc = roxmltree::Document::parse(&flow).unwrap();
        let lines = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "path")
            .count();
        let top: Vec<Risk> = register.risks().take(5).collect();
        let mut pairs: Vec<(String, String)> = top
            .iter()
            .map(|r| {
                (
                    r.key.technology.to_string(),
                    r.key
                        .end_use
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                )
            })
            .collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(lines, top.len() + pairs.len());
    }
}
