//! Charts as inline SVG: small, deterministic, accessible.
//!
//! Every chart is a `<svg role="img">` with a `<title>` and a `<desc>` it is labelled by, every
//! text is escaped, and colour never carries meaning alone: values are written next to the marks,
//! and the palette's lightness changes monotonically so the charts survive greyscale printing.
//! The renderers in this module know nothing about scorecards or risk registers: they take
//! labelled values, so any result can be drawn with them.
//!
//! ```
//! use hrdd::report::svg::{BarChart, BarRow};
//! let chart = BarChart::new("chart-1", "Scores", "Score of each part, out of 100.")
//!     .max(100.0)
//!     .row(BarRow::new("Policy", Some(62.5)).level(3).value_label("62.5"));
//! let svg = chart.render();
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("<title id=\"chart-1-title\">Scores</title>"));
//! ```

use std::fmt::Write as _;

/// Five fills from light to dark (ColorBrewer YlGnBu): the lightness falls monotonically, so the
/// order of the steps survives greyscale printing and colour-blindness.
pub const PALETTE: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];

/// The text colour readable on each fill of [`PALETTE`].
const INK_ON: [&str; 5] = ["#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff"];

const FONT: &str = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\"";

/// Escapes text for SVG and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; drop them.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// The palette step (0 to 4) of `index` among `count` ordered levels, spread over the palette.
pub fn step_of(index: usize, count: usize) -> usize {
    if count <= 1 {
        return PALETTE.len() - 1;
    }
    let last = PALETTE.len() - 1;
    (index.min(count - 1) * last + (count - 1) / 2) / (count - 1)
}

/// The palette step (0 to 4) of `value` on a scale from 0 to `max`.
pub fn step_of_value(value: f64, max: f64) -> usize {
    if !(value.is_finite() && max.is_finite()) || max <= 0.0 {
        return 0;
    }
    let share = (value / max).clamp(0.0, 1.0);
    // Five equal slices; the top value falls in the last one.
    let step = (share * 5.0).floor();
    if step >= 4.0 {
        4
    } else if step >= 3.0 {
        3
    } else if step >= 2.0 {
        2
    } else if step >= 1.0 {
        1
    } else {
        0
    }
}

fn fill(step: usize) -> &'static str {
    PALETTE.get(step).copied().unwrap_or("#ffffcc")
}

fn ink(step: usize) -> &'static str {
    INK_ON.get(step).copied().unwrap_or("#1a1a1a")
}

/// A number for an SVG attribute: at most two decimals, no trailing zeros.
fn n(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Opens an accessible `<svg>`: `role="img"`, labelled by its title and description.
fn open(out: &mut String, id: &str, width: f64, height: f64, title: &str, description: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{id}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" {FONT} font-size=\"12\">",
        w = n(width),
        h = n(height),
    );
    let _ = write!(
        out,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
}

/// The hatch pattern that marks "no value" or "flagged" without relying on colour.
fn hatch(out: &mut String, id: &str) {
    let _ = write!(
        out,
        "<defs><pattern id=\"{}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#6b6b6b\" stroke-width=\"2\"/>\
         </pattern></defs>",
        escape(id)
    );
}

fn text_at(out: &mut String, x: f64, y: f64, anchor: &str, extra: &str, text: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
        n(x),
        n(y),
        escape(text)
    );
}

/// Round tick steps (1, 2 or 5 times a power of ten) giving at most `most` intervals up to `max`.
pub(crate) fn ticks(max: f64, most: usize) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) {
        return vec![0.0];
    }
    let most = most.max(1) as f64;
    let rough = max / most;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| max / s <= most)
        .unwrap_or(10.0 * magnitude);
    let mut ticks = Vec::new();
    let mut at = 0.0;
    while at <= max * (1.0 + 1e-9) && ticks.len() <= 20 {
        ticks.push(at);
        at += step;
    }
    ticks
}

/// A vertical threshold on a bar chart, such as the lower bound of a maturity band.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Threshold {
    /// Where it is, on the value scale.
    pub at: f64,
    /// What it is called, written above the chart.
    pub label: String,
}

impl Threshold {
    /// A threshold at `at` labelled `label`.
    pub fn new(at: f64, label: impl Into<String>) -> Self {
        Threshold {
            at,
            label: label.into(),
        }
    }
}

/// One row of a [`BarChart`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BarRow {
    /// The row's label (cut to fit; the full label is the row's tooltip).
    pub label: String,
    /// Its value; `None` draws a hatched placeholder and "n/a".
    pub value: Option<f64>,
    /// The palette step of its fill, 0 (lightest) to 4 (darkest).
    pub level: usize,
    /// The text written right of the chart, such as "62.5 established".
    pub value_label: String,
    /// Heading rows (such as a pillar above its sections) are bold on a shaded band.
    pub heading: bool,
    /// Flagged rows (such as a critical gap) get a hatched overlay.
    pub flagged: bool,
    /// Indentation of the label, in steps.
    pub indent: u8,
    /// The earlier value, drawn above `value` in a [paired](BarChart::paired) chart; `None`
    /// draws a hatched placeholder there.
    pub before: Option<f64>,
}

impl BarRow {
    /// A row with a label and a value.
    pub fn new(label: impl Into<String>, value: Option<f64>) -> Self {
        BarRow {
            label: label.into(),
            value,
            level: 2,
            value_label: String::new(),
            heading: false,
            flagged: false,
            indent: 0,
            before: None,
        }
    }

    /// Sets the palette step (0 to 4).
    pub fn level(mut self, level: usize) -> Self {
        self.level = level.min(PALETTE.len() - 1);
        self
    }

    /// Sets the text right of the chart.
    pub fn value_label(mut self, text: impl Into<String>) -> Self {
        self.value_label = text.into();
        self
    }

    /// Makes it a heading row.
    pub fn heading(mut self, heading: bool) -> Self {
        self.heading = heading;
        self
    }

    /// Flags it with a hatched overlay.
    pub fn flagged(mut self, flagged: bool) -> Self {
        self.flagged = flagged;
        self
    }

    /// Indents its label.
    pub fn indent(mut self, steps: u8) -> Self {
        self.indent = steps;
        self
    }

    /// Sets the earlier value of a [paired](BarChart::paired) chart.
    pub fn before(mut self, value: Option<f64>) -> Self {
        self.before = value;
        self
    }
}

/// A horizontal bar chart: one labelled bar per row on a common scale from 0 to `max`, with
/// optional thresholds drawn as dashed lines and named above the chart.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BarChart {
    /// The SVG element's id; the title and description ids derive from it.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What it shows, for readers who cannot see it.
    pub description: String,
    /// The top of the scale (at least the largest value).
    pub max: f64,
    /// The rows, top to bottom.
    pub rows: Vec<BarRow>,
    /// The thresholds, in ascending order.
    pub thresholds: Vec<Threshold>,
    /// The name of the flag shown in the legend (when a row is flagged).
    pub flag_legend: String,
    /// The width of the label column, out of the chart's 800.
    pub label_width: f64,
    /// When set, the names of the earlier and the later value of each row: see
    /// [`BarChart::paired`].
    pub paired: Option<(String, String)>,
}

impl BarChart {
    /// An empty chart.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        BarChart {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            max: 100.0,
            rows: Vec::new(),
            thresholds: Vec::new(),
            flag_legend: String::new(),
            label_width: 300.0,
            paired: None,
        }
    }

    /// Sets the width of the label column (between 100 and 600 of the chart's 800).
    pub fn label_width(mut self, width: f64) -> Self {
        self.label_width = if width.is_finite() {
            width.clamp(100.0, 600.0)
        } else {
            300.0
        };
        self
    }

    /// Sets the top of the scale.
    pub fn max(mut self, max: f64) -> Self {
        self.max = max;
        self
    }

    /// Adds a row.
    pub fn row(mut self, row: BarRow) -> Self {
        self.rows.push(row);
        self
    }

    /// Adds a threshold.
    pub fn threshold(mut self, threshold: Threshold) -> Self {
        self.thresholds.push(threshold);
        self
    }

    /// Names the flag in a legend below the chart.
    pub fn flag_legend(mut self, text: impl Into<String>) -> Self {
        self.flag_legend = text.into();
        self
    }

    /// Draws each row as a pair of bars, the earlier value above the later one (as in a
    /// before-and-after comparison), and names the two in a legend below the chart. The earlier
    /// bar is an outline with a dashed edge, the later one is filled, so the pair reads the same
    /// in greyscale; rows give the earlier value with [`BarRow::before`].
    pub fn paired(mut self, before: impl Into<String>, after: impl Into<String>) -> Self {
        self.paired = Some((before.into(), after.into()));
        self
    }

    /// Renders the chart as an `<svg>` element.
    pub fn render(&self) -> String {
        const WIDTH: f64 = 800.0;
        let label = self.label_width;
        let paired = self.paired.as_ref();
        // Paired rows are taller, to hold two bars, and need room for "a → b (+c)" on the right.
        let (row_h, right) = if paired.is_some() {
            (30.0, 170.0)
        } else {
            (22.0, 130.0)
        };
        let top = if self.thresholds.is_empty() {
            12.0
        } else {
            30.0
        };
        let x0 = label;
        let x1 = WIDTH - right;
        let max = if self.max.is_finite() && self.max > 0.0 {
            self.max
        } else {
            1.0
        };
        let scale = |v: f64| x0 + (v.clamp(0.0, max) / max) * (x1 - x0);
        let flagged = self.rows.iter().any(|r| r.flagged) && !self.flag_legend.is_empty();
        let legend_lines = usize::from(flagged) + usize::from(paired.is_some());
        let bottom = top + row_h * self.rows.len() as f64;
        let height = bottom + 28.0 + 22.0 * legend_lines as f64;
        let mut out = String::new();
        open(
            &mut out,
            &self.id,
            WIDTH,
            height,
            &self.title,
            &self.description,
        );
        hatch(&mut out, &self.id);

        // Heading bands first, so that lines and bars draw over them.
        for (i, row) in self.rows.iter().enumerate() {
            if row.heading {
                let y = top + row_h * i as f64;
                let _ = write!(
                    out,
                    "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f0f0f0\"/>",
                    n(y),
                    n(WIDTH),
                    n(row_h)
                );
            }
        }
        axis(&mut out, 0.0, max, &scale, top, bottom);
        thresholds(&mut out, &self.thresholds, 0.0, max, &scale, top, bottom);
        // Rows.
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let baseline = y + row_h / 2.0 + 4.0;
            let weight = if row.heading {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<g class=\"row\"><title>{}</title>",
                escape(&row.label)
            );
            let indent = 8.0 + 14.0 * f64::from(row.indent);
            let room = ((label - indent - 10.0) / 6.4) as usize;
            text_at(
                &mut out,
                indent,
                baseline,
                "start",
                weight,
                &truncate(&row.label, room),
            );
            let bar = |out: &mut String, value: Option<f64>, y: f64, h: f64, look: &str| {
                let Some(value) = value else {
                    let _ = write!(
                        out,
                        "<rect class=\"bar none\" x=\"{}\" y=\"{}\" width=\"24\" height=\"{}\" \
                         fill=\"url(#{}-hatch)\" stroke=\"#6b6b6b\" stroke-width=\"0.5\"/>",
                        n(x0),
                        n(y),
                        n(h),
                        escape(&self.id)
                    );
                    return;
                };
                let width = (scale(value) - x0).max(1.0);
                let _ = write!(
                    out,
                    "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {look}/>",
                    n(x0),
                    n(y),
                    n(width),
                    n(h)
                );
                if row.flagged {
                    let _ = write!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{}-hatch)\" \
                         opacity=\"0.55\"/>",
                        n(x0),
                        n(y),
                        n(width),
                        n(h),
                        escape(&self.id)
                    );
                }
            };
            let filled = format!(
                "fill=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"0.5\"",
                fill(row.level)
            );
            if paired.is_some() {
                bar(&mut out, row.before, y + 4.0, 10.0, BEFORE_LOOK);
                bar(&mut out, row.value, y + 16.0, 10.0, &filled);
            } else {
                bar(&mut out, row.value, y + 4.0, row_h - 8.0, &filled);
            }
            text_at(
                &mut out,
                x1 + 8.0,
                baseline,
                "start",
                weight,
                &row.value_label,
            );
            out.push_str("</g>");
        }
        let mut y = bottom + 26.0;
        if let Some((before, after)) = paired {
            let _ = write!(
                out,
                "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" {BEFORE_LOOK}/>",
                n(x0),
                n(y)
            );
            text_at(&mut out, x0 + 24.0, y + 10.0, "start", "", before);
            let middle = (x0 + x1) / 2.0;
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{}\" stroke=\"#1a1a1a\" \
                 stroke-width=\"0.5\"/>",
                n(middle),
                n(y),
                fill(3)
            );
            text_at(&mut out, middle + 24.0, y + 10.0, "start", "", after);
            out.push_str("</g>");
            y += 22.0;
        }
        if flagged {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"url(#{}-hatch)\" \
                 stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>",
                n(x0),
                n(y),
                escape(&self.id)
            );
            text_at(
                &mut out,
                x0 + 24.0,
                y + 10.0,
                "start",
                "",
                &self.flag_legend,
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// The look of the earlier bar of a pair: an outline with a dashed edge on white.
const BEFORE_LOOK: &str =
    "fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"1\" stroke-dasharray=\"3 2\"";

/// The ticks and grid lines of a horizontal value scale from `min` to `max`, labelled below
/// `bottom`.
fn axis(out: &mut String, min: f64, max: f64, scale: &dyn Fn(f64) -> f64, top: f64, bottom: f64) {
    let _ = write!(out, "<g class=\"axis\" font-size=\"10\" fill=\"#4d4d4d\">");
    for tick in ticks(max - min, 5).into_iter().map(|t| t + min) {
        let x = scale(tick);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\" stroke=\"#d9d9d9\" stroke-width=\"1\"/>",
            x = n(x),
            t = n(top),
            b = n(bottom)
        );
        text_at(out, x, bottom + 14.0, "middle", "", &n(tick));
    }
    out.push_str("</g>");
}

/// Threshold lines, dashed, each named centred over the span up to the next threshold.
fn thresholds(
    out: &mut String,
    thresholds: &[Threshold],
    min: f64,
    max: f64,
    scale: &dyn Fn(f64) -> f64,
    top: f64,
    bottom: f64,
) {
    if thresholds.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<g class=\"thresholds\" font-size=\"10\" fill=\"#333333\">"
    );
    for (i, threshold) in thresholds.iter().enumerate() {
        let x = scale(threshold.at);
        let next = thresholds.get(i + 1).map_or(max, |t| t.at);
        let middle = (x + scale(next)) / 2.0;
        if threshold.at > min {
            let _ = write!(
                out,
                "<line x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\" stroke=\"#555555\" \
                 stroke-width=\"1\" stroke-dasharray=\"4 3\"/>",
                x = n(x),
                t = n(top - 14.0),
                b = n(bottom)
            );
        }
        let room = ((scale(next) - x) / 6.0).max(3.0) as usize;
        text_at(
            out,
            middle,
            top - 12.0,
            "middle",
            "",
            &truncate(&threshold.label, room),
        );
    }
    out.push_str("</g>");
}

/// One cell of a [`CellStrip`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StripCell {
    /// The label above the cell, such as a principle number.
    pub label: String,
    /// The text inside the cell, such as a score; empty cells show a dash.
    pub value_label: String,
    /// The palette step of its fill; `None` draws a hatched cell (no value).
    pub level: Option<usize>,
    /// The tooltip: what the cell is.
    pub tooltip: String,
}

impl StripCell {
    /// A cell.
    pub fn new(
        label: impl Into<String>,
        value_label: impl Into<String>,
        level: Option<usize>,
        tooltip: impl Into<String>,
    ) -> Self {
        StripCell {
            label: label.into(),
            value_label: value_label.into(),
            level,
            tooltip: tooltip.into(),
        }
    }
}

/// A group of cells in a [`CellStrip`], named below it (such as a pillar).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StripGroup {
    /// The group's name.
    pub label: String,
    /// Its cells, left to right.
    pub cells: Vec<StripCell>,
}

impl StripGroup {
    /// A group.
    pub fn new(label: impl Into<String>, cells: Vec<StripCell>) -> Self {
        StripGroup {
            label: label.into(),
            cells,
        }
    }
}

/// A legend entry: a palette step (or none, for the hatch) and what it means.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LegendEntry {
    /// The palette step; `None` for the hatch.
    pub level: Option<usize>,
    /// What it means.
    pub label: String,
}

impl LegendEntry {
    /// An entry.
    pub fn new(level: Option<usize>, label: impl Into<String>) -> Self {
        LegendEntry {
            level,
            label: label.into(),
        }
    }
}

/// A strip of labelled cells in groups, such as the 31 Guiding Principles in their three pillars,
/// each coloured by its score and carrying the score as text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CellStrip {
    /// The SVG element's id.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What it shows.
    pub description: String,
    /// The groups, left to right.
    pub groups: Vec<StripGroup>,
    /// The legend, below the strip.
    pub legend: Vec<LegendEntry>,
}

impl CellStrip {
    /// An empty strip.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        CellStrip {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            groups: Vec::new(),
            legend: Vec::new(),
        }
    }

    /// Adds a group.
    pub fn group(mut self, group: StripGroup) -> Self {
        self.groups.push(group);
        self
    }

    /// Adds a legend entry.
    pub fn legend(mut self, entry: LegendEntry) -> Self {
        self.legend.push(entry);
        self
    }

    /// Renders the strip as an `<svg>` element.
    pub fn render(&self) -> String {
        const CELL: f64 = 23.0;
        const GAP: f64 = 12.0;
        const LEFT: f64 = 4.0;
        let cells: usize = self.groups.iter().map(|g| g.cells.len()).sum();
        let width =
            (LEFT * 2.0 + CELL * cells as f64 + GAP * self.groups.len().saturating_sub(1) as f64)
                .max(300.0);
        let legend_rows = self.legend.len().div_ceil(3);
        let height = 92.0 + 20.0 * legend_rows as f64;
        let mut out = String::new();
        open(
            &mut out,
            &self.id,
            width,
            height,
            &self.title,
            &self.description,
        );
        hatch(&mut out, &self.id);
        let mut x = LEFT;
        for group in &self.groups {
            let start = x;
            for cell in &group.cells {
                let _ = write!(
                    out,
                    "<g class=\"cell\"><title>{}</title>",
                    escape(&cell.tooltip)
                );
                text_at(
                    &mut out,
                    x + CELL / 2.0,
                    14.0,
                    "middle",
                    " font-size=\"10\" fill=\"#333333\"",
                    &cell.label,
                );
                let (paint, colour) = match cell.level {
                    Some(step) => (fill(step).to_owned(), ink(step)),
                    None => (format!("url(#{}-hatch)", escape(&self.id)), "#1a1a1a"),
                };
                let _ = write!(
                    out,
                    "<rect class=\"mark\" x=\"{}\" y=\"20\" width=\"{}\" height=\"34\" fill=\"{paint}\" \
                     stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>",
                    n(x + 1.0),
                    n(CELL - 2.0)
                );
                let shown = if cell.value_label.is_empty() {
                    "–"
                } else {
                    cell.value_label.as_str()
                };
                let halo = if cell.level.is_none() {
                    " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
                } else {
                    ""
                };
                text_at(
                    &mut out,
                    x + CELL / 2.0,
                    41.0,
                    "middle",
                    &format!(" font-size=\"10\" fill=\"{colour}\"{halo}"),
                    shown,
                );
                out.push_str("</g>");
                x += CELL;
            }
            let end = x;
            let _ = write!(
                out,
                "<line x1=\"{}\" y1=\"60\" x2=\"{}\" y2=\"60\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>",
                n(start + 1.0),
                n(end - 1.0)
            );
            let room = ((end - start) / 6.0).max(3.0) as usize;
            text_at(
                &mut out,
                (start + end) / 2.0,
                74.0,
                "middle",
                " font-size=\"11\" font-weight=\"bold\"",
                &truncate(&group.label, room),
            );
            x += GAP;
        }
        let column = (width - 2.0 * LEFT) / 3.0;
        for (i, entry) in self.legend.iter().enumerate() {
            let lx = LEFT + column * (i % 3) as f64;
            let ly = 86.0 + 20.0 * (i / 3) as f64;
            let paint = match entry.level {
                Some(step) => fill(step).to_owned(),
                None => format!("url(#{}-hatch)", escape(&self.id)),
            };
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{paint}\" stroke=\"#1a1a1a\" \
                 stroke-width=\"0.5\"/>",
                n(lx),
                n(ly)
            );
            let room = ((column - 24.0) / 6.0).max(3.0) as usize;
            text_at(
                &mut out,
                lx + 20.0,
                ly + 10.0,
                "start",
                " font-size=\"11\"",
                &truncate(&entry.label, room),
            );
        }
        out.push_str("</svg>");
        out
    }
}

/// One cell of a [`HeatMap`]: a value at a row and a column.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HeatCell {
    /// The row, by position in [`HeatMap::rows`].
    pub row: usize,
    /// The column, by position in [`HeatMap::columns`].
    pub column: usize,
    /// The value; the darkest fill goes to the largest value of the map.
    pub value: f64,
    /// The text in the cell, such as a count of risks.
    pub label: String,
    /// The tooltip, such as the names of the risks in the cell.
    pub tooltip: String,
}

impl HeatCell {
    /// A cell.
    pub fn new(row: usize, column: usize, value: f64, label: impl Into<String>) -> Self {
        HeatCell {
            row,
            column,
            value,
            label: label.into(),
            tooltip: String::new(),
        }
    }

    /// Sets the tooltip.
    pub fn tooltip(mut self, text: impl Into<String>) -> Self {
        self.tooltip = text.into();
        self
    }
}

/// A heat map: a grid of rows by columns (such as severity by likelihood), each cell shaded by its
/// value and carrying a label. Rows are drawn top to bottom, columns left to right.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HeatMap {
    /// The SVG element's id.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What it shows.
    pub description: String,
    /// The row labels, top to bottom.
    pub rows: Vec<String>,
    /// The column labels, left to right.
    pub columns: Vec<String>,
    /// What the rows measure, written along the left edge.
    pub row_axis: String,
    /// What the columns measure, written under the grid.
    pub column_axis: String,
    /// The cells; a cell outside the grid is ignored, a missing cell is drawn empty.
    pub cells: Vec<HeatCell>,
}

impl HeatMap {
    /// An empty heat map with the given row and column labels.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
        rows: Vec<String>,
        columns: Vec<String>,
    ) -> Self {
        HeatMap {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            rows,
            columns,
            row_axis: String::new(),
            column_axis: String::new(),
            cells: Vec::new(),
        }
    }

    /// Names the axes.
    pub fn axes(mut self, rows: impl Into<String>, columns: impl Into<String>) -> Self {
        self.row_axis = rows.into();
        self.column_axis = columns.into();
        self
    }

    /// Adds a cell.
    pub fn cell(mut self, cell: HeatCell) -> Self {
        self.cells.push(cell);
        self
    }

    /// Renders the map as an `<svg>` element.
    pub fn render(&self) -> String {
        const LEFT: f64 = 150.0;
        const TOP: f64 = 10.0;
        const CELL_W: f64 = 96.0;
        const CELL_H: f64 = 44.0;
        let width = LEFT + CELL_W * self.columns.len() as f64 + 10.0;
        let height = TOP + CELL_H * self.rows.len() as f64 + 52.0;
        let inside = |c: &&HeatCell| c.row < self.rows.len() && c.column < self.columns.len();
        let max = self
            .cells
            .iter()
            .filter(inside)
            .map(|c| c.value)
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let mut out = String::new();
        open(
            &mut out,
            &self.id,
            width,
            height,
            &self.title,
            &self.description,
        );
        for (r, row) in self.rows.iter().enumerate() {
            let y = TOP + CELL_H * r as f64;
            text_at(
                &mut out,
                LEFT - 8.0,
                y + CELL_H / 2.0 + 4.0,
                "end",
                "",
                &truncate(row, 22),
            );
            for c in 0..self.columns.len() {
                let x = LEFT + CELL_W * c as f64;
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"#bdbdbd\"/>",
                    n(x),
                    n(y),
                    n(CELL_W),
                    n(CELL_H)
                );
            }
        }
        for cell in self.cells.iter().filter(inside) {
            let x = LEFT + CELL_W * cell.column as f64;
            let y = TOP + CELL_H * cell.row as f64;
            let step = step_of_value(cell.value, max);
            let _ = write!(
                out,
                "<g class=\"cell\"><title>{}</title>",
                escape(&cell.tooltip)
            );
            let _ = write!(
                out,
                "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" \
                 stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>",
                n(x + 1.0),
                n(y + 1.0),
                n(CELL_W - 2.0),
                n(CELL_H - 2.0),
                fill(step)
            );
            text_at(
                &mut out,
                x + CELL_W / 2.0,
                y + CELL_H / 2.0 + 5.0,
                "middle",
                &format!(
                    " font-size=\"14\" font-weight=\"bold\" fill=\"{}\"",
                    ink(step)
                ),
                &cell.label,
            );
            out.push_str("</g>");
        }
        let bottom = TOP + CELL_H * self.rows.len() as f64;
        for (c, column) in self.columns.iter().enumerate() {
            text_at(
                &mut out,
                LEFT + CELL_W * (c as f64 + 0.5),
                bottom + 16.0,
                "middle",
                "",
                &truncate(column, 15),
            );
        }
        text_at(
            &mut out,
            LEFT + CELL_W * self.columns.len() as f64 / 2.0,
            bottom + 38.0,
            "middle",
            " font-weight=\"bold\"",
            &self.column_axis,
        );
        text_at(
            &mut out,
            8.0,
            TOP + 2.0,
            "start",
            " font-weight=\"bold\" dominant-baseline=\"hanging\"",
            &truncate(&self.row_axis, 20),
        );
        out.push_str("</svg>");
        out
    }
}

/// A node of a [`LayeredFlow`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FlowNode {
    /// The node's key, which edges refer to.
    pub key: String,
    /// What it is called.
    pub label: String,
}

impl FlowNode {
    /// A node.
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Self {
        FlowNode {
            key: key.into(),
            label: label.into(),
        }
    }
}

/// A column of a [`LayeredFlow`], such as "technology", "end-use" or "right".
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FlowLayer {
    /// The column's heading.
    pub label: String,
    /// Its nodes, top to bottom.
    pub nodes: Vec<FlowNode>,
}

impl FlowLayer {
    /// A column.
    pub fn new(label: impl Into<String>, nodes: Vec<FlowNode>) -> Self {
        FlowLayer {
            label: label.into(),
            nodes,
        }
    }
}

/// A weighted edge between nodes of adjacent layers of a [`LayeredFlow`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FlowEdge {
    /// The key of the node it leaves.
    pub from: String,
    /// The key of the node it reaches.
    pub to: String,
    /// Its weight; the line width grows with it.
    pub weight: f64,
    /// The tooltip, such as the priority of the risk.
    pub tooltip: String,
}

impl FlowEdge {
    /// An edge.
    pub fn new(from: impl Into<String>, to: impl Into<String>, weight: f64) -> Self {
        FlowEdge {
            from: from.into(),
            to: to.into(),
            weight,
            tooltip: String::new(),
        }
    }

    /// Sets the tooltip.
    pub fn tooltip(mut self, text: impl Into<String>) -> Self {
        self.tooltip = text.into();
        self
    }
}

/// A layered flow diagram: columns of nodes (such as technology -> end-use -> right) joined by
/// curves whose width grows with the edge's weight. Edges whose ends are not both found are
/// skipped; heavier edges are drawn last, on top.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LayeredFlow {
    /// The SVG element's id.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What it shows.
    pub description: String,
    /// The columns, left to right.
    pub layers: Vec<FlowLayer>,
    /// The edges.
    pub edges: Vec<FlowEdge>,
}

impl LayeredFlow {
    /// An empty diagram.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        LayeredFlow {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            layers: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// Adds a column.
    pub fn layer(mut self, layer: FlowLayer) -> Self {
        self.layers.push(layer);
        self
    }

    /// Adds an edge.
    pub fn edge(mut self, edge: FlowEdge) -> Self {
        self.edges.push(edge);
        self
    }

    /// Renders the diagram as an `<svg>` element.
    pub fn render(&self) -> String {
        const WIDTH: f64 = 800.0;
        const NODE_W: f64 = 170.0;
        const NODE_H: f64 = 28.0;
        const SPACING: f64 = 40.0;
        const TOP: f64 = 30.0;
        let columns = self.layers.len().max(1);
        let stride = if columns > 1 {
            (WIDTH - NODE_W - 20.0) / (columns - 1) as f64
        } else {
            0.0
        };
        let tallest = self.layers.iter().map(|l| l.nodes.len()).max().unwrap_or(0);
        let height = TOP + SPACING * tallest as f64 + 10.0;
        // Where each node is: (layer, x, y centre).
        let mut places: Vec<(&str, usize, f64, f64)> = Vec::new();
        for (l, layer) in self.layers.iter().enumerate() {
            let x = 10.0 + stride * l as f64;
            let offset = (tallest - layer.nodes.len()) as f64 * SPACING / 2.0;
            for (i, node) in layer.nodes.iter().enumerate() {
                let y = TOP + offset + SPACING * i as f64 + NODE_H / 2.0;
                places.push((node.key.as_str(), l, x, y));
            }
        }
        let place = |key: &str| places.iter().find(|(k, ..)| *k == key).copied();
        let max = self
            .edges
            .iter()
            .map(|e| e.weight)
            .filter(|w| w.is_finite())
            .fold(0.0, f64::max);
        let mut out = String::new();
        open(
            &mut out,
            &self.id,
            WIDTH,
            height,
            &self.title,
            &self.description,
        );
        for (l, layer) in self.layers.iter().enumerate() {
            text_at(
                &mut out,
                10.0 + stride * l as f64 + NODE_W / 2.0,
                16.0,
                "middle",
                " font-weight=\"bold\"",
                &layer.label,
            );
        }
        let mut order: Vec<&FlowEdge> = self.edges.iter().collect();
        order.sort_by(|a, b| a.weight.total_cmp(&b.weight));
        out.push_str("<g class=\"edges\" fill=\"none\">");
        for edge in order {
            let (Some((_, la, xa, ya)), Some((_, lb, xb, yb))) =
                (place(&edge.from), place(&edge.to))
            else {
                continue;
            };
            if lb != la + 1 {
                continue;
            }
            let step = step_of_value(edge.weight, max).max(1);
            let width = if max > 0.0 && edge.weight.is_finite() {
                1.0 + 9.0 * (edge.weight / max).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let (sx, ex) = (xa + NODE_W, xb);
            let mid = (sx + ex) / 2.0;
            let _ = write!(
                out,
                "<path class=\"mark\" d=\"M{} {} C{} {} {} {} {} {}\" stroke=\"{}\" stroke-width=\"{}\" \
                 stroke-opacity=\"0.85\"><title>{}</title></path>",
                n(sx),
                n(ya),
                n(mid),
                n(ya),
                n(mid),
                n(yb),
                n(ex),
                n(yb),
                fill(step),
                n(width),
                escape(&edge.tooltip)
            );
        }
        out.push_str("</g>");
        for (l, layer) in self.layers.iter().enumerate() {
            let x = 10.0 + stride * l as f64;
            for node in &layer.nodes {
                let Some((_, _, _, y)) = place(&node.key) else {
                    continue;
                };
                let _ = write!(
                    out,
                    "<g class=\"node\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                     rx=\"4\" fill=\"#ffffff\" stroke=\"#1a1a1a\"/>",
                    escape(&node.label),
                    n(x),
                    n(y - NODE_H / 2.0),
                    n(NODE_W),
                    n(NODE_H)
                );
                text_at(
                    &mut out,
                    x + NODE_W / 2.0,
                    y + 4.0,
                    "middle",
                    "",
                    &truncate(&node.label, 24),
                );
                out.push_str("</g>");
            }
        }
        out.push_str("</svg>");
        out
    }
}

/// One row of a [`BoxPlot`]: a distribution summarised by five numbers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BoxRow {
    /// The row's label, such as a risk.
    pub label: String,
    /// The end of the left whisker: the smallest value (or a low percentile).
    pub low: f64,
    /// The left edge of the box: the first quartile, or another low percentile such as the 5th.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The right edge of the box: the third quartile, or another high percentile such as the
    /// 95th.
    pub q3: f64,
    /// The end of the right whisker: the largest value (or a high percentile).
    pub high: f64,
    /// The mean, drawn as a diamond when set.
    pub mean: Option<f64>,
}

impl BoxRow {
    /// A row; the five numbers are sorted, so a caller's mix-up cannot draw a box inside out.
    pub fn new(
        label: impl Into<String>,
        low: f64,
        q1: f64,
        median: f64,
        q3: f64,
        high: f64,
    ) -> Self {
        let mut v = [low, q1, median, q3, high].map(|x| if x.is_finite() { x } else { 0.0 });
        v.sort_by(f64::total_cmp);
        let [low, q1, median, q3, high] = v;
        BoxRow {
            label: label.into(),
            low,
            q1,
            median,
            q3,
            high,
            mean: None,
        }
    }

    /// Marks the mean with a diamond (a value that is not finite marks nothing).
    pub fn mean(mut self, mean: f64) -> Self {
        self.mean = mean.is_finite().then_some(mean);
        self
    }
}

/// Horizontal box plots on a common scale from 0 to `max`, such as the distribution of each top
/// risk's priority over the samples of a simulation: whiskers from low to high, a box between
/// two inner percentiles (the quartiles, or the 5th and the 95th), a thick line at the median,
/// a diamond at the mean when given, and the median written at the end. Optional thresholds
/// (such as where each tier starts) are drawn as dashed lines and named above the chart.
///
/// ```
/// use hrdd::report::svg::{BoxPlot, BoxRow, Threshold};
/// let svg = BoxPlot::new("b", "Priority", "Spread of each risk's priority.", 13.0)
///     .threshold(Threshold::new(10.0, "top tier"))
///     .row(BoxRow::new("Face search → privacy", 9.2, 9.5, 9.9, 10.3, 10.8).mean(9.9))
///     .render();
/// assert!(svg.contains(">9.90</text>") && svg.contains(">top tier</text>"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BoxPlot {
    /// The SVG element's id.
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What it shows.
    pub description: String,
    /// The top of the scale.
    pub max: f64,
    /// The bottom of the scale (0 unless set): a higher one zooms in on distributions that sit
    /// close together at the top.
    pub min: f64,
    /// The rows, top to bottom.
    pub rows: Vec<BoxRow>,
    /// The thresholds, in ascending order.
    pub thresholds: Vec<Threshold>,
}

impl BoxPlot {
    /// An empty chart on a scale from 0 to `max`.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
        max: f64,
    ) -> Self {
        BoxPlot {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            max,
            min: 0.0,
            rows: Vec::new(),
            thresholds: Vec::new(),
        }
    }

    /// Starts the scale at `min` instead of 0 (ignored unless finite and below the top).
    pub fn min(mut self, min: f64) -> Self {
        self.min = min;
        self
    }

    /// Adds a row.
    pub fn row(mut self, row: BoxRow) -> Self {
        self.rows.push(row);
        self
    }

    /// Adds a threshold.
    pub fn threshold(mut self, threshold: Threshold) -> Self {
        self.thresholds.push(threshold);
        self
    }

    /// Renders the chart as an `<svg>` element.
    pub fn render(&self) -> String {
        const WIDTH: f64 = 800.0;
        const LABEL: f64 = 300.0;
        const RIGHT: f64 = 80.0;
        const ROW: f64 = 26.0;
        let top = if self.thresholds.is_empty() {
            10.0
        } else {
            30.0
        };
        let max = if self.max.is_finite() && self.max > 0.0 {
            self.max
        } else {
            1.0
        };
        let min = if self.min.is_finite() && self.min > 0.0 && self.min < max {
            self.min
        } else {
            0.0
        };
        let (x0, x1) = (LABEL, WIDTH - RIGHT);
        let scale = |v: f64| x0 + ((v.clamp(min, max) - min) / (max - min)) * (x1 - x0);
        let bottom = top + ROW * self.rows.len() as f64;
        // Thresholds whose span lies below the scale are left out; the first one shown starts
        // where the scale does.
        let shown: Vec<Threshold> = self
            .thresholds
            .iter()
            .enumerate()
            .filter(|(i, _)| self.thresholds.get(i + 1).is_none_or(|next| next.at > min))
            .map(|(_, t)| Threshold::new(t.at.max(min), t.label.clone()))
            .collect();
        let mut out = String::new();
        open(
            &mut out,
            &self.id,
            WIDTH,
            bottom + 24.0,
            &self.title,
            &self.description,
        );
        axis(&mut out, min, max, &scale, top, bottom);
        thresholds(&mut out, &shown, min, max, &scale, top, bottom);
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + ROW * i as f64;
            let middle = y + ROW / 2.0;
            let _ = write!(
                out,
                "<g class=\"row\"><title>{}: {} / {} / {} / {} / {}{}</title>",
                escape(&row.label),
                n(row.low),
                n(row.q1),
                n(row.median),
                n(row.q3),
                n(row.high),
                row.mean
                    .map_or_else(String::new, |m| format!(", mean {}", n(m)))
            );
            text_at(
                &mut out,
                8.0,
                middle + 4.0,
                "start",
                "",
                &truncate(&row.label, 44),
            );
            let _ = write!(
                out,
                "<line x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\" stroke=\"#1a1a1a\"/>",
                n(scale(row.low)),
                n(scale(row.high)),
                m = n(middle)
            );
            let _ = write!(
                out,
                "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" \
                 stroke=\"#1a1a1a\"/>",
                n(scale(row.q1)),
                n(y + 6.0),
                n((scale(row.q3) - scale(row.q1)).max(1.0)),
                n(ROW - 12.0),
                fill(1)
            );
            let _ = write!(
                out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"3\"/>",
                n(y + 4.0),
                n(y + ROW - 4.0),
                x = n(scale(row.median))
            );
            if let Some(mean) = row.mean {
                // A diamond, white with a dark edge: a shape, not a colour, tells it apart.
                let x = scale(mean);
                let _ = write!(
                    out,
                    "<path class=\"mean\" d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"#ffffff\" \
                     stroke=\"#1a1a1a\" stroke-width=\"1.5\"/>",
                    n(x),
                    n(middle - 5.0),
                    n(x + 5.0),
                    n(middle),
                    n(x),
                    n(middle + 5.0),
                    n(x - 5.0),
                    n(middle)
                );
            }
            text_at(
                &mut out,
                x1 + 8.0,
                middle + 4.0,
                "start",
                "",
                &format!("{:.2}", row.median),
            );
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap()
    }

    fn assert_accessible(svg: &str) {
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        let id = root.attribute("id").unwrap();
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        let first: Vec<&str> = root
            .children()
            .filter(|c| c.is_element())
            .take(2)
            .map(|c| c.tag_name().name())
            .collect();
        assert_eq!(first, ["title", "desc"]);
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(escape("bell\u{7}"), "bell");
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("éééééé", 4), "ééé…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn palette_lightness_falls_monotonically() {
        // Relative luminance (sRGB, Rec. 709 weights) of each fill, computed here from the hex
        // codes: it must fall from one step to the next so the order survives greyscale.
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let values: Vec<f64> = PALETTE.iter().map(|h| luminance(h)).collect();
        for pair in values.windows(2) {
            assert!(pair[0] > pair[1] + 0.05, "{values:?}");
        }
    }

    #[test]
    fn steps_spread_levels_over_the_palette() {
        // Five levels map one to one; three levels take the ends and the middle.
        assert_eq!(
            (0..5).map(|i| step_of(i, 5)).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!((0..3).map(|i| step_of(i, 3)).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(step_of_value(0.0, 10.0), 0);
        assert_eq!(step_of_value(10.0, 10.0), 4);
        assert_eq!(step_of_value(5.0, 10.0), 2);
        assert_eq!(step_of_value(f64::NAN, 10.0), 0);
    }

    #[test]
    fn ticks_are_round_and_cover_the_scale() {
        assert_eq!(ticks(100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(7.3, 5), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(ticks(0.0, 5), [0.0]);
    }

    #[test]
    fn bar_chart_draws_one_bar_per_value_and_escapes_labels() {
        let svg = BarChart::new("c", "T <1>", "D & d")
            .threshold(Threshold::new(0.0, "low"))
            .threshold(Threshold::new(50.0, "high"))
            .row(BarRow::new("a<b", Some(50.0)).value_label("50"))
            .row(BarRow::new("none", None).value_label("n/a"))
            .row(BarRow::new("flag", Some(100.0)).flagged(true))
            .flag_legend("critical")
            .render();
        assert_accessible(&svg);
        let doc = parse(&svg);
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .collect();
        assert_eq!(bars.len(), 2);
        // The bar area runs from x = 300 to x = 670 for 0..100: 50 is 185 wide, 100 is 370.
        assert_eq!(bars[0].attribute("width"), Some("185"));
        assert_eq!(bars[1].attribute("width"), Some("370"));
        assert!(svg.contains("a&lt;b"));
        assert!(svg.contains("T &lt;1&gt;"));
        assert!(svg.contains(">critical</text>"));
    }

    #[test]
    fn strip_hatches_cells_without_value() {
        let svg = CellStrip::new("s", "Strip", "Cells")
            .group(StripGroup::new(
                "G",
                vec![
                    StripCell::new("1", "80", Some(4), "one"),
                    StripCell::new("2", "", None, "two"),
                ],
            ))
            .legend(LegendEntry::new(None, "not served"))
            .render();
        assert_accessible(&svg);
        let doc = parse(&svg);
        let marks: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("mark"))
            .collect();
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[0].attribute("fill"), Some(PALETTE[4]));
        assert_eq!(marks[1].attribute("fill"), Some("url(#s-hatch)"));
        assert!(svg.contains(">–</text>"));
    }

    #[test]
    fn heat_map_shades_by_value_and_skips_cells_outside_the_grid() {
        let svg = HeatMap::new(
            "h",
            "Heat",
            "Severity by likelihood",
            vec!["high".into(), "low".into()],
            vec!["rare".into(), "likely".into()],
        )
        .axes("severity", "likelihood")
        .cell(HeatCell::new(0, 1, 4.0, "4"))
        .cell(HeatCell::new(1, 0, 1.0, "1"))
        .cell(HeatCell::new(5, 5, 9.0, "9"))
        .render();
        assert_accessible(&svg);
        let doc = parse(&svg);
        let marks: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("mark"))
            .collect();
        assert_eq!(marks.len(), 2);
        // 4 is the maximum (darkest); 1 is a quarter of it, in the second slice of five.
        assert_eq!(marks[0].attribute("fill"), Some(PALETTE[4]));
        assert_eq!(marks[1].attribute("fill"), Some(PALETTE[1]));
        assert!(!svg.contains(">9</text>"));
    }

    #[test]
    fn flow_widths_grow_with_weight_and_bad_edges_are_skipped() {
        let svg = LayeredFlow::new("f", "Flow", "Technology to right")
            .layer(FlowLayer::new(
                "technology",
                vec![FlowNode::new("t", "Face")],
            ))
            .layer(FlowLayer::new(
                "end-use",
                vec![FlowNode::new("u1", "Police"), FlowNode::new("u2", "Shops")],
            ))
            .layer(FlowLayer::new("right", vec![FlowNode::new("r", "Privacy")]))
            .edge(FlowEdge::new("t", "u1", 10.0))
            .edge(FlowEdge::new("t", "u2", 5.0))
            .edge(FlowEdge::new("u1", "r", 10.0))
            .edge(FlowEdge::new("t", "r", 10.0)) // skips a layer
            .edge(FlowEdge::new("t", "missing", 1.0))
            .render();
        assert_accessible(&svg);
        let doc = parse(&svg);
        let widths: Vec<f64> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "path")
            .map(|n| n.attribute("stroke-width").unwrap().parse().unwrap())
            .collect();
        // Drawn lightest first: 5 of a maximum of 10 is 1 + 9 * 0.5 = 5.5 wide; 10 is 10 wide.
        assert_eq!(widths, [5.5, 10.0, 10.0]);
    }

    #[test]
    fn box_plot_places_the_box_between_the_quartiles() {
        // Mixed-up numbers are sorted: low 1, q1 2, median 5, q3 8, high 10 on a 0..10 scale
        // over x = 300..720 (42 per unit): the box runs from 384 to 636.
        let svg = BoxPlot::new("b", "Priority", "Spread of priority", 10.0)
            .row(BoxRow::new("risk", 8.0, 2.0, 5.0, 1.0, 10.0))
            .render();
        assert_accessible(&svg);
        let doc = parse(&svg);
        let mark = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("mark"))
            .unwrap();
        assert_eq!(mark.attribute("x"), Some("384"));
        assert_eq!(mark.attribute("width"), Some("252"));
        assert!(svg.contains(">5.00</text>"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let chart = || {
            BarChart::new("c", "T", "D")
                .row(BarRow::new("a", Some(33.333)))
                .render()
        };
        assert_eq!(chart(), chart());
        assert!(chart().contains("width=\"123.33\""));
    }
}
