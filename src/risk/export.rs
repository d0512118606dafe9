//! Exports of registers and graphs as text: JSON, CSV, Markdown, Graphviz DOT and GraphML.
//!
//! Every function returns a `String` and does no I/O. User text is escaped for each format, so
//! a hostile name cannot break the output's structure.
//!
//! ```
//! use hrdd::risk::{export, Entity, Node, RiskGraph};
//! use hrdd::NodeId;
//! let graph = RiskGraph::new(
//!     vec![Node::Technology(Entity::new(NodeId::new("t").unwrap(), "a \"quoted\" <name>"))],
//!     vec![],
//! );
//! assert!(export::graph_dot(&graph).contains(r#"label="a \"quoted\" <name>""#));
//! assert!(export::graph_graphml(&graph).contains("a &quot;quoted&quot; &lt;name&gt;"));
//! ```

use std::fmt::Write as _;

use super::model::{Edge, Node, RiskGraph};
use super::register::{Risk, RiskRegister};

/// The register as pretty-printed JSON (the `risk_register` document).
pub fn register_json(register: &RiskRegister) -> String {
    register.to_json()
}

/// The CSV header, one column per field of [`register_csv`].
pub const CSV_HEADER: [&str; 19] = [
    "entry",
    "rank",
    "technology",
    "end_use",
    "right",
    "catalog_right",
    "scale",
    "scope",
    "irremediability",
    "severity_points",
    "likelihood",
    "priority",
    "tier",
    "involvement",
    "leverage",
    "groups",
    "sources",
    "actions",
    "end_uses",
];

/// The register as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold
/// a comma, a quote or a line break, quotes doubled): a header, then one row per path risk
/// (`entry` = `path`) and one per aggregated risk (`entry` = `aggregate`). Lists (groups,
/// sources, actions, end-uses) are joined with `; `.
pub fn register_csv(register: &RiskRegister) -> String {
    let mut out = String::new();
    push_csv_row(&mut out, CSV_HEADER.iter().map(|s| (*s).to_owned()));
    for (entry, risk) in register
        .risks()
        .map(|r| ("path", r))
        .chain(register.aggregates().map(|r| ("aggregate", r)))
    {
        push_csv_row(&mut out, risk_fields(entry, &risk).into_iter());
    }
    out
}

fn risk_fields(entry: &str, risk: &Risk) -> Vec<String> {
    let join = |items: Vec<String>| items.join("; ");
    vec![
        entry.to_owned(),
        risk.rank.to_string(),
        risk.key.technology.to_string(),
        risk.key
            .end_use
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        risk.key.right.to_string(),
        risk.catalog_right.to_string(),
        risk.severity.scale.to_string(),
        risk.severity.scope.to_string(),
        risk.severity.irremediability.to_string(),
        risk.severity.points().to_string(),
        risk.likelihood.to_string(),
        risk.priority.to_string(),
        risk.tier.as_str().to_owned(),
        risk.involvement.as_str().to_owned(),
        risk.leverage.as_str().to_owned(),
        join(risk.groups.iter().map(ToString::to_string).collect()),
        join(risk.sources.to_vec()),
        join(
            risk.actions
                .actions()
                .iter()
                .map(|a| a.text.to_owned())
                .collect(),
        ),
        join(risk.end_uses.iter().map(ToString::to_string).collect()),
    ]
}

fn push_csv_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (n, field) in fields.enumerate() {
        if n > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// The register as Markdown: a table of path risks, a table of aggregated risks, and the
/// actions for each aggregated risk. Likelihoods and priorities are rounded to 3 decimals.
pub fn register_markdown(register: &RiskRegister) -> String {
    let mut out = String::from("# Risk register\n");
    for (title, list) in [
        ("Risks by technology, end-use and right", register.risks()),
        ("Risks by technology and right", register.aggregates()),
    ] {
        let _ = write!(
            out,
            "\n## {title}\n\n| rank | tier | technology | end-use | right | severity (scale/scope/irremediability) | likelihood | priority | involvement | leverage | groups |\n|---:|---|---|---|---|---|---:|---:|---|---|---|\n"
        );
        for risk in list {
            let end_use = match &risk.key.end_use {
                Some(e) => e.to_string(),
                None => risk
                    .end_uses
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let groups: Vec<String> = risk.groups.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}/{}/{} | {:.3} | {:.3} | {} | {} | {} |",
                risk.rank,
                risk.tier.as_str(),
                md(risk.key.technology.as_str()),
                md(&end_use),
                md(risk.key.right.as_str()),
                risk.severity.scale,
                risk.severity.scope,
                risk.severity.irremediability,
                risk.likelihood,
                risk.priority,
                risk.involvement.as_str(),
                risk.leverage.as_str(),
                md(&groups.join(", ")),
            );
        }
    }
    out.push_str("\n## Actions\n");
    for risk in register.aggregates() {
        let _ = write!(
            out,
            "\n### {}. {} → {}\n\n",
            risk.rank,
            md(risk.key.technology.as_str()),
            md(risk.key.right.as_str())
        );
        for action in risk.actions.actions() {
            let _ = writeln!(out, "- {}", md(action.text));
        }
        let sources: Vec<String> = risk.sources.iter().map(|s| md(s)).collect();
        let _ = writeln!(out, "\nSources: {}", sources.join("; "));
    }
    out
}

/// Escapes text for a Markdown table cell: pipes, backslashes, markup characters and line
/// breaks cannot end the cell or start markup.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The graph in Graphviz DOT: a `digraph` with one node per graph node (shape by kind, label
/// its name) and one edge per graph edge (label its kind and main value). Ids and labels are
/// double-quoted with `"` and `\` escaped and line breaks written as `\n`.
pub fn graph_dot(graph: &RiskGraph) -> String {
    let mut out = String::from("digraph risk {\n  rankdir=LR;\n");
    for node in &graph.nodes {
        let shape = match node {
            Node::Technology(_) => "box",
            Node::EndUse(_) => "ellipse",
            Node::Right(_) => "doubleoctagon",
            Node::Actor(_) => "house",
            Node::Context(_) => "note",
            Node::Mitigation(_) => "component",
            #[allow(unreachable_patterns, reason = "the enum is non-exhaustive for users")]
            _ => "plaintext",
        };
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}, kind={}];",
            dot(node.id().as_str()),
            dot(node.name()),
            dot(node.kind().as_str())
        );
    }
    for edge in &graph.edges {
        let label = match edge {
            Edge::Enables(e) => format!("enables p={} ({})", e.likelihood, e.involvement.as_str()),
            Edge::LeadsTo(e) => format!("leads to p={}", e.likelihood),
            Edge::Impacts(e) => format!(
                "impacts p={} s={}/{}/{}",
                e.likelihood, e.severity.scale, e.severity.scope, e.severity.irremediability
            ),
            Edge::Deploys(e) => format!("deploys ×{}", e.odds_factor),
            Edge::OccursIn(e) => format!("occurs in ×{}", e.odds_factor),
            Edge::Mitigates(e) => format!("mitigates −{}", e.effectiveness),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, kind={}];",
            dot(edge.from().as_str()),
            dot(edge.to().as_str()),
            dot(&label),
            dot(edge.kind().as_str())
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT double-quoted string.
fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The GraphML attribute keys: (id, for, name, type).
const GRAPHML_KEYS: [(&str, &str, &str, &str); 17] = [
    ("n_kind", "node", "kind", "string"),
    ("n_name", "node", "name", "string"),
    ("n_description", "node", "description", "string"),
    ("n_right", "node", "right", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_likelihood", "edge", "likelihood", "double"),
    ("e_involvement", "edge", "involvement", "string"),
    ("e_leverage", "edge", "leverage", "string"),
    ("e_scale", "edge", "scale", "int"),
    ("e_scope", "edge", "scope", "int"),
    ("e_irremediability", "edge", "irremediability", "int"),
    ("e_groups", "edge", "groups", "string"),
    ("e_source", "edge", "source", "string"),
    ("e_odds_factor", "edge", "odds_factor", "double"),
    ("e_effectiveness", "edge", "effectiveness", "double"),
    ("e_note", "edge", "note", "string"),
    ("g_title", "graph", "title", "string"),
];

/// The graph in GraphML, with typed attribute keys (strings, `double` likelihoods, odds
/// factors and effectiveness, `int` severity components). Text is XML-escaped, and characters
/// XML 1.0 forbids are replaced by U+FFFD. Edge ids are `e<position>`.
pub fn graph_graphml(graph: &RiskGraph) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, domain, name, kind) in GRAPHML_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <graph id=\"risk\" edgedefault=\"directed\">\n");
    if let Some(title) = &graph.title {
        data(&mut out, "    ", "g_title", title);
    }
    for node in &graph.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml(node.id().as_str()));
        data(&mut out, "      ", "n_kind", node.kind().as_str());
        data(&mut out, "      ", "n_name", node.name());
        if let Some(d) = node.description() {
            data(&mut out, "      ", "n_description", d);
        }
        if let Node::Right(r) = node {
            data(&mut out, "      ", "n_right", r.right.as_str());
        }
        out.push_str("    </node>\n");
    }
    for (n, edge) in graph.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{n}\" source=\"{}\" target=\"{}\">",
            xml(edge.from().as_str()),
            xml(edge.to().as_str())
        );
        let d = |out: &mut String, key: &str, value: &str| data(out, "      ", key, value);
        d(&mut out, "e_kind", edge.kind().as_str());
        let note = match edge {
            Edge::Enables(e) => {
                d(&mut out, "e_likelihood", &e.likelihood.to_string());
                d(&mut out, "e_involvement", e.involvement.as_str());
                d(&mut out, "e_leverage", e.leverage.as_str());
                &e.note
            }
            Edge::LeadsTo(e) => {
                d(&mut out, "e_likelihood", &e.likelihood.to_string());
                &e.note
            }
            Edge::Impacts(e) => {
                d(&mut out, "e_likelihood", &e.likelihood.to_string());
                d(&mut out, "e_scale", &e.severity.scale.to_string());
                d(&mut out, "e_scope", &e.severity.scope.to_string());
                d(
                    &mut out,
                    "e_irremediability",
                    &e.severity.irremediability.to_string(),
                );
                let groups: Vec<&str> = e.groups.iter().map(|g| g.as_str()).collect();
                d(&mut out, "e_groups", &groups.join(" "));
                d(&mut out, "e_source", &e.source);
                &e.note
            }
            Edge::Deploys(e) | Edge::OccursIn(e) => {
                d(&mut out, "e_odds_factor", &e.odds_factor.to_string());
                &e.note
            }
            Edge::Mitigates(e) => {
                d(&mut out, "e_effectiveness", &e.effectiveness.to_string());
                &e.note
            }
        };
        if let Some(note) = note {
            d(&mut out, "e_note", note);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn data(out: &mut String, indent: &str, key: &str, value: &str) {
    let _ = writeln!(out, "{indent}<data key=\"{key}\">{}</data>", xml(value));
}

/// Escapes XML text and attribute values; replaces characters XML 1.0 does not allow.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::analysis::tests::{checked, sample};
    use crate::risk::profile::PrioritisationProfile;

    const HOSTILE: &str = "a \"b\", c\r\nd\\ </data> & ' | -> } ]; \u{1}";

    fn hostile_graph() -> RiskGraph {
        let mut json = sample();
        json["nodes"][0]["name"] = HOSTILE.into();
        json["edges"][3]["source"] = HOSTILE.into();
        json["edges"][3]["note"] = HOSTILE.into();
        json["title"] = HOSTILE.into();
        serde_json::from_value(json).unwrap()
    }

    /// An independent RFC 4180 reader: a small state machine over the characters.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => assert_eq!(chars.next(), Some('\n'), "bare CR"),
                (false, '\n') => panic!("bare LF outside quotes"),
                (false, c) => field.push(c),
            }
            if !quoted && c == '\r' {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
        }
        assert!(field.is_empty() && row.is_empty(), "unterminated row");
        rows
    }

    #[test]
    fn csv_parses_back_one_row_per_risk() {
        let graph = hostile_graph();
        let register = graph
            .compile(&crate::risk::check::tests::TestVocabulary)
            .unwrap()
            .analyse(&PrioritisationProfile::default());
        let rows = parse_csv(&register_csv(&register));
        // Header + 3 paths + 1 aggregate (see analysis::tests::sample).
        assert_eq!(rows.len(), 1 + 3 + 1);
        assert!(rows.iter().all(|r| r.len() == CSV_HEADER.len()));
        let a_row = rows.iter().find(|r| r[3] == "a").unwrap();
        assert_eq!(a_row[16], HOSTILE);
        assert_eq!(rows[4][0], "aggregate");
    }

    #[test]
    fn dot_escapes_strings() {
        let text = graph_dot(&hostile_graph());
        // Every quoted string must close on its own line: walk the text and track quoting.
        let mut quoted = false;
        let mut escaped = false;
        for c in text.chars() {
            match (quoted, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => quoted = false,
                (true, false, '\n') => panic!("line break inside a DOT string"),
                (false, _, '"') => quoted = true,
                _ => {}
            }
        }
        assert!(!quoted);
        assert!(text.contains(r#"label="a \"b\", c\nd\\ </data> & ' | -> } ]; "#));
        assert_eq!(text.matches(" -> ").count() - 1, 9); // 9 edges, plus the one in the name
    }

    #[test]
    fn graphml_is_well_formed() {
        let text = graph_graphml(&hostile_graph());
        assert!(!text.contains('\u{1}'));
        // A minimal XML check: tags balance, and no `<` or `&` appears raw in text.
        let mut stack: Vec<String> = Vec::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find('<') {
            let text_part = &rest[..start];
            for (i, _) in text_part.match_indices('&') {
                let entity = &text_part[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "raw & in {text_part:?}"
                );
            }
            let end = rest[start..].find('>').unwrap() + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "raw < in {tag:?}");
            if tag.starts_with('?') || tag.ends_with('/') {
            } else if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name));
            } else {
                let name = tag.split_whitespace().next().unwrap();
                stack.push(name.to_owned());
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty());
        assert_eq!(text.matches("<edge ").count(), 9);
        assert_eq!(text.matches("<node ").count(), 8);
    }

    #[test]
    fn markdown_keeps_tables_intact() {
        let graph = hostile_graph();
        let register = graph
            .compile(&crate::risk::check::tests::TestVocabulary)
            .unwrap()
            .analyse(&PrioritisationProfile::default());
        let text = register_markdown(&register);
        assert!(text.contains("\\|"));
        let _ = checked(sample());
    }
}
