//! The self-contained HTML report: inline CSS and SVG, no script, nothing fetched.
//!
//! The markup is also well-formed XML (every element closed, every attribute quoted), so that
//! XML tools can read it and tests can parse it strictly.

use std::fmt::Write as _;

use super::Column;
use super::svg::{escape, step_of};
use super::{
    ScorecardReport, TOP_GAPS, percent, principle_list, principles_phrase, ranges, score_text,
};
use crate::catalog::{self, Principle};
use crate::id::BandId;
use crate::scoring::Summary;

pub(crate) const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #555555; --rule: #d0d0d0; --accent: #253494; --paper: #ffffff; --tint: #f4f5f8; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: var(--tint); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 980px; margin: 0 auto; background: var(--paper); padding: 0 40px 32px; }
header.masthead { border-top: 8px solid var(--accent); padding: 28px 0 16px; border-bottom: 1px solid var(--rule); }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
h1 { margin: 4px 0 2px; font-size: 30px; line-height: 1.2; }
.subtitle { margin: 0 0 12px; font-size: 17px; color: #333333; }
dl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; font-size: 13px; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-weight: 600; }
nav.toc { margin: 16px 0 0; font-size: 13px; }
nav.toc h2 { display: inline; font-size: 13px; margin: 0 8px 0 0; border: 0; padding: 0; }
nav.toc ol { display: inline; margin: 0; padding: 0; list-style: none; }
nav.toc li { display: inline; margin-right: 14px; }
nav.toc a { color: var(--accent); }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 18px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 8px 0 18px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 12px 14px; background: var(--paper); }
.card.headline { border: 2px solid var(--ink); }
.card .label { margin: 0; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .value { margin: 2px 0; font-size: 30px; font-weight: 700; line-height: 1.1; }
.card .sub { margin: 0; font-size: 13px; color: #333333; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
caption { text-align: left; font-weight: 600; font-size: 13px; color: var(--muted); padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; vertical-align: top; text-align: left; }
th { border-bottom: 2px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.pillar td { font-weight: 700; background: var(--tint); }
.band { display: inline-block; padding: 0 7px; border: 1px solid var(--ink); border-radius: 10px; font-size: 12px; white-space: nowrap; }
.band-0 { background: #ffffcc; color: #1a1a1a; } .band-1 { background: #a1dab4; color: #1a1a1a; }
.band-2 { background: #41b6c4; color: #1a1a1a; } .band-3 { background: #2c7fb8; color: #ffffff; }
.band-4 { background: #253494; color: #ffffff; } .band-none { background: #ffffff; color: #1a1a1a; }
.flag { display: inline-block; padding: 0 5px; border: 1.5px solid var(--ink); font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
figure { margin: 8px 0 4px; }
figure svg { display: block; width: 100%; height: auto; max-width: 900px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--tint); padding: 0 3px; border-radius: 3px; }
ol.plan { padding-left: 0; list-style: none; counter-reset: none; }
ol.plan li { display: grid; grid-template-columns: 44px 1fr; gap: 0 10px; padding: 8px 0; border-bottom: 1px solid var(--rule); }
ol.plan .rank { font-weight: 700; font-size: 16px; text-align: right; }
ol.plan .what { margin: 0; }
ol.plan .facts { margin: 2px 0 0; font-size: 13px; color: #333333; }
.owners { columns: 2; column-gap: 28px; }
.owner { break-inside: avoid; }
.owner ul { margin: 0; padding-left: 18px; font-size: 13px; }
.note { font-size: 13px; color: #333333; }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #ffffff; font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  figure, tr, .card, ol.plan li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .owners { columns: 1; }
}
@media (max-width: 700px) { .page { padding: 0 14px 24px; } .cards { grid-template-columns: repeat(2, 1fr); } .owners { columns: 1; } }
"#;

/// Opens a report page: the document's head with the shared style sheet, then its body.
pub(crate) fn open_page(out: &mut String, language: &str, title: &str) {
    let lang = escape(language);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n\
         <meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta name=\"generator\" content=\"hrdd {}\" />\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<div class=\"page\">\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    );
}

/// Opens the masthead: the kicker, the heading and a subtitle. The caller adds the facts
/// ([`meta`]) and the contents ([`toc`]), then [`open_main`].
pub(crate) fn masthead(out: &mut String, kicker: &str, heading: &str, subtitle: Option<&str>) {
    let _ = write!(
        out,
        "<header class=\"masthead\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n",
        escape(kicker),
        escape(heading)
    );
    if let Some(subtitle) = subtitle {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(subtitle));
    }
}

/// The facts under the masthead's heading: each a name and its value, given as markup.
pub(crate) fn meta(out: &mut String, facts: &[(&str, String)]) {
    out.push_str("<dl class=\"meta\">");
    for (name, value) in facts {
        let _ = write!(out, "<div><dt>{}</dt><dd>{value}</dd></div>", escape(name));
    }
    out.push_str("</dl>\n");
}

/// The table of contents: each entry the id of a section and its heading.
pub(crate) fn toc(out: &mut String, label: &str, entries: &[(&str, &str)]) {
    let _ = write!(
        out,
        "<nav class=\"toc\" aria-label=\"{c}\"><h2>{c}</h2><ol>",
        c = escape(label)
    );
    for (id, heading) in entries {
        let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", escape(heading));
    }
    out.push_str("</ol></nav>\n");
}

/// Closes the masthead and opens the main part.
pub(crate) fn open_main(out: &mut String) {
    out.push_str("</header>\n<main>\n");
}

/// Opens a section of the main part with its heading (the section's id, and the heading's id
/// `<id>-h` that labels it).
pub(crate) fn open_section(out: &mut String, id: &str, heading: &str) {
    let _ = write!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n",
        escape(heading)
    );
}

/// A chart in a figure with its caption.
pub(crate) fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = writeln!(
        out,
        "<figure>{svg}<figcaption>{}</figcaption></figure>",
        escape(caption)
    );
}

/// Opens a data table: its caption and its head row. The caller writes the rows and then
/// `</tbody></table>`.
pub(crate) fn open_table(out: &mut String, id: &str, caption: &str, columns: &[Column<'_>]) {
    let _ = write!(
        out,
        "<table class=\"data\" id=\"{id}\"><caption>{}</caption><thead><tr>",
        escape(caption)
    );
    for column in columns {
        let class = if column.numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(column.label));
    }
    out.push_str("</tr></thead><tbody>");
}

/// Writes one table row (of `class`, unless empty): each cell's markup, numbers right-aligned
/// as their column says.
pub(crate) fn row(out: &mut String, class: &str, columns: &[Column<'_>], cells: &[String]) {
    if class.is_empty() {
        out.push_str("<tr>");
    } else {
        let _ = write!(out, "<tr class=\"{class}\">");
    }
    for (column, cell) in columns.iter().zip(cells) {
        let class = if column.numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<td{class}>{cell}</td>");
    }
    out.push_str("</tr>");
}

/// A whole data table of plain-text cells (escaped here), as [`open_table`] and [`row`] make it.
pub(crate) fn text_table(
    out: &mut String,
    id: &str,
    caption: &str,
    columns: &[Column<'_>],
    rows: impl IntoIterator<Item = Vec<String>>,
) {
    open_table(out, id, caption, columns);
    for cells in rows {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        row(out, "", columns, &cells);
    }
    out.push_str("</tbody></table>\n");
}

/// The closing section of notes on how to read a report, as a list.
pub(crate) fn notes(out: &mut String, id: &str, heading: &str, notes: &[&str]) {
    open_section(out, id, heading);
    out.push_str("<ul>");
    for note in notes {
        let _ = write!(out, "<li>{}</li>", escape(note));
    }
    out.push_str("</ul>\n</section>\n");
}

/// Closes the main part and the page, with a footer naming the crate's version and `note`.
pub(crate) fn close_page(out: &mut String, generated: &str, note: &str) {
    let _ = write!(
        out,
        "</main>\n<footer>{} {}.{}{}</footer>\n</div>\n</body>\n</html>\n",
        escape(generated),
        env!("CARGO_PKG_VERSION"),
        if note.is_empty() { "" } else { " " },
        escape(note)
    );
}

impl ScorecardReport<'_> {
    /// A badge with the band's label, shaded like the charts (the label carries the meaning).
    fn band_badge(&self, band: Option<&BandId>) -> String {
        let class = self
            .band_step(band)
            .map_or_else(|| "band-none".to_owned(), |s| format!("band-{s}"));
        format!(
            "<span class=\"band {class}\">{}</span>",
            escape(&self.band_label(band))
        )
    }

    fn summary_cells(&self, out: &mut String, summary: &Summary) {
        let _ = write!(
            out,
            "<td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            score_text(summary.score),
            self.band_badge(summary.band.as_ref()),
            percent(summary.coverage),
            percent(summary.confidence),
            summary.applicable,
            summary.unknown,
            summary.unanswered
        );
    }

    /// The scorecard as one self-contained HTML page: inline CSS and SVG charts, each chart with
    /// a data table, the action plan, and a print style sheet. It loads nothing and runs no script.
    pub fn html(&self) -> String {
        let words = self.words();
        let card = self.card;
        let plan = self.action_plan();
        let mut out = String::new();
        open_page(
            &mut out,
            self.language.as_str(),
            &format!("{} — {}", card.subject.name, self.title()),
        );
        masthead(
            &mut out,
            words.kicker,
            &card.subject.name,
            Some(self.title()),
        );
        let mut facts = vec![
            (
                words.questionnaire,
                format!(
                    "<code>{}</code> {}",
                    escape(card.questionnaire.id.as_str()),
                    escape(&card.questionnaire.version.to_string())
                ),
            ),
            (
                words.profile,
                format!(
                    "<code>{}</code> {}",
                    escape(card.profile.id.as_str()),
                    escape(&card.profile.version.to_string())
                ),
            ),
        ];
        if let Some(date) = &card.date {
            facts.push((words.assessed, escape(date)));
        }
        meta(&mut out, &facts);
        toc(
            &mut out,
            words.contents,
            &[
                ("summary", words.summary),
                ("scores", words.scores_heading),
                ("principles", words.principles_heading),
                ("gaps", words.gaps_heading),
                ("plan", words.plan_heading),
                ("reading", words.reading_heading),
            ],
        );
        open_main(&mut out);

        // Summary: headline cards and the pillar table.
        let overall = &card.overall;
        let critical = plan.actions.iter().filter(|a| a.critical).count();
        let _ = write!(
            out,
            "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">{}</h2>\n<div class=\"cards\">",
            words.summary
        );
        let _ = write!(
            out,
            "<div class=\"card headline\"><p class=\"label\">{}</p><p class=\"value\">{}</p><p class=\"sub\">{}</p></div>",
            words.overall,
            score_text(overall.score),
            self.band_badge(overall.band.as_ref())
        );
        let _ = write!(
            out,
            "<div class=\"card\"><p class=\"label\">{}</p><p class=\"value\">{}</p><p class=\"sub\">{} / {}</p></div>",
            words.coverage,
            percent(overall.coverage),
            overall.answered,
            overall.applicable
        );
        let _ = write!(
            out,
            "<div class=\"card\"><p class=\"label\">{}</p><p class=\"value\">{}</p><p class=\"sub\">{} / {}</p></div>",
            words.evidence,
            percent(overall.confidence),
            overall.evidenced,
            overall.applicable
        );
        let _ = write!(
            out,
            "<div class=\"card\"><p class=\"label\">{}</p><p class=\"value\">{}</p><p class=\"sub\">{} {}</p></div>",
            words.plan_heading,
            plan.actions.len(),
            critical,
            words.critical
        );
        out.push_str("</div>\n");
        let _ = write!(
            out,
            "<table class=\"data\" id=\"table-summary\"><caption>{}</caption><thead><tr><th>{}</th>\
             <th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
             <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            words.summary_table,
            words.part,
            words.score,
            words.band,
            words.coverage,
            words.evidence,
            words.applicable,
            words.unknown,
            words.unanswered
        );
        let _ = write!(out, "<tr class=\"pillar\"><td>{}</td>", words.overall);
        self.summary_cells(&mut out, overall);
        out.push_str("</tr>");
        for pillar in &card.pillars {
            let _ = write!(out, "<tr><td>{}</td>", escape(words.pillar(pillar.pillar)));
            self.summary_cells(&mut out, &pillar.summary);
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>\n");
        if overall.unknown + overall.unanswered > 0 {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                escape(&words.not_demonstrated(
                    overall.unknown,
                    overall.unanswered,
                    overall.applicable
                ))
            );
        }
        out.push_str("</section>\n");

        // Scores by pillar and section.
        let _ = write!(
            out,
            "<section id=\"scores\" aria-labelledby=\"scores-h\">\n<h2 id=\"scores-h\">{}</h2>\n<figure>{}<figcaption>{}</figcaption></figure>\n",
            words.scores_heading,
            self.score_chart(),
            escape(words.chart_scores_desc)
        );
        let _ = write!(
            out,
            "<table class=\"data\" id=\"table-scores\"><caption>{}: {}</caption><thead><tr><th>{}</th>\
             <th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
            words.data_table,
            escape(words.chart_scores_title),
            words.section,
            words.score,
            words.band,
            words.coverage,
            words.evidence,
            words.note
        );
        for pillar in &card.pillars {
            let s = &pillar.summary;
            let _ = write!(
                out,
                "<tr class=\"pillar\"><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td></td></tr>",
                escape(words.pillar(pillar.pillar)),
                score_text(s.score),
                self.band_badge(s.band.as_ref()),
                percent(s.coverage),
                percent(s.confidence)
            );
            for (section, score) in self.sections() {
                let Some(score) = score.filter(|_| section.pillar == pillar.pillar) else {
                    continue;
                };
                let s = &score.summary;
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    escape(self.local(&section.title)),
                    score_text(s.score),
                    self.band_badge(s.band.as_ref()),
                    percent(s.coverage),
                    percent(s.confidence),
                    self.section_note(score, false)
                );
            }
        }
        out.push_str("</tbody></table>\n</section>\n");

        // Principles.
        let _ = write!(
            out,
            "<section id=\"principles\" aria-labelledby=\"principles-h\">\n<h2 id=\"principles-h\">{}</h2>\n<figure>{}<figcaption>{}</figcaption></figure>\n",
            words.principles_heading,
            self.principle_chart(),
            escape(words.chart_principles_desc)
        );
        let _ = write!(
            out,
            "<table class=\"data\" id=\"table-principles\"><caption>{}: {}</caption><thead><tr><th class=\"num\">{}</th>\
             <th>{}</th><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            words.data_table,
            escape(words.chart_principles_title),
            words.principle,
            words.title,
            words.score,
            words.band,
            words.coverage
        );
        let mut unserved = Vec::new();
        for principle in Principle::all() {
            let Some(summary) = self.principle_score(principle) else {
                unserved.push(principle.number());
                continue;
            };
            let band = summary.score.and_then(|s| self.band_of_score(s));
            let _ = write!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                principle.number(),
                escape(&catalog::principle(principle).title),
                score_text(summary.score),
                self.band_badge(band),
                percent(summary.coverage)
            );
        }
        out.push_str("</tbody></table>\n");
        if !unserved.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}{}{}.</p>",
                escape(words.not_served),
                words.colon,
                ranges(&unserved)
            );
        }
        out.push_str("</section>\n");

        // Gaps.
        let _ = write!(
            out,
            "<section id=\"gaps\" aria-labelledby=\"gaps-h\">\n<h2 id=\"gaps-h\">{}</h2>\n",
            escape(words.gaps_heading)
        );
        if card.gaps.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(words.no_gaps));
        } else {
            let _ = writeln!(
                out,
                "<figure>{}<figcaption>{}</figcaption></figure>",
                self.gap_chart(),
                escape(words.chart_gaps_desc)
            );
            let _ = write!(
                out,
                "<table class=\"data\" id=\"table-gaps\"><caption>{}: {}</caption><thead><tr><th class=\"num\">#</th>\
                 <th class=\"num\">{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
                words.data_table,
                escape(words.chart_gaps_title),
                words.gain,
                words.question,
                words.status,
                words.score,
                words.principle
            );
            for (n, gap) in card.gaps.iter().take(TOP_GAPS).enumerate() {
                let item = gap.item.as_ref().map_or(String::new(), |i| {
                    format!(" <code>{}</code>", escape(i.as_str()))
                });
                let flag = if gap.critical {
                    format!(" <span class=\"flag\">{}</span>", words.critical)
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    "<tr><td class=\"num\">{}</td><td class=\"num\">+{:.1}</td><td>{}{}{}</td><td>{}</td><td class=\"num\">{:.1}</td><td>{}</td></tr>",
                    n + 1,
                    gap.gain,
                    escape(&self.prompt(gap.question.as_str())),
                    item,
                    flag,
                    self.status(gap.status),
                    gap.score,
                    principle_list(gap.principles)
                );
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</section>\n");

        self.html_plan(&mut out, &plan);

        // How to read.
        let _ = write!(
            out,
            "<section id=\"reading\" aria-labelledby=\"reading-h\">\n<h2 id=\"reading-h\">{}</h2>\n<p>{}{}</p><ul>",
            escape(words.reading_heading),
            escape(words.bands_intro),
            words.colon.trim_end()
        );
        let count = self.profile.bands.len();
        for (i, band) in self.profile.bands.iter().enumerate() {
            let _ = write!(
                out,
                "<li><span class=\"band band-{}\">{}</span> {} {:.0}</li>",
                step_of(i, count),
                escape(&self.band_label(Some(&band.id))),
                words.from,
                band.min_score
            );
        }
        out.push_str("</ul><ul>");
        for note in words.reading_notes {
            let _ = write!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul>\n</section>\n");
        close_page(&mut out, words.generated, &card.subject.name);
        out
    }

    fn html_plan(&self, out: &mut String, plan: &super::ActionPlan) {
        let words = self.words();
        let _ = write!(
            out,
            "<section id=\"plan\" aria-labelledby=\"plan-h\">\n<h2 id=\"plan-h\">{}</h2>\n",
            words.plan_heading
        );
        if plan.actions.is_empty() {
            let _ = write!(out, "<p>{}</p>\n</section>\n", escape(words.no_gaps));
            return;
        }
        let _ = write!(
            out,
            "<p>{}</p>\n<h3>{}</h3>\n<ol class=\"plan\">",
            escape(words.plan_intro),
            words.priority_order
        );
        for action in &plan.actions {
            let what = action.action.as_ref().map_or_else(
                || self.prompt(action.question.as_str()),
                |a| self.local(a).to_owned(),
            );
            let flag = if action.critical {
                format!("<span class=\"flag\">{}</span> ", words.critical)
            } else {
                String::new()
            };
            let item = action.item.as_ref().map_or(String::new(), |i| {
                format!(" <code>{}</code>", escape(i.as_str()))
            });
            let _ = write!(
                out,
                "<li id=\"action-{}\"><span class=\"rank\">{}</span><div><p class=\"what\">{flag}{}{item}</p>\
                 <p class=\"facts\">{}: <strong>{}</strong> · {} · +{:.1} {} · <code>{}</code> ({})</p></div></li>",
                action.rank,
                action.rank,
                escape(&what),
                words.owner,
                escape(words.owner(action.owner)),
                principles_phrase(words.principle, action.principles),
                action.gain,
                words.points,
                escape(action.question.as_str()),
                self.status(action.status)
            );
        }
        out.push_str("</ol>\n");

        let _ = write!(out, "<h3>{}</h3>\n<div class=\"owners\">", words.by_owner);
        for (owner, actions) in plan.by_owner() {
            let gain: f64 = actions.iter().map(|a| a.gain).sum();
            let _ = write!(
                out,
                "<div class=\"owner\"><h4>{} <span class=\"note\">({}, +{:.1} {})</span></h4><ul>",
                escape(words.owner(owner)),
                words.count_actions(actions.len()),
                gain,
                words.points
            );
            for action in actions {
                let what = action.action.as_ref().map_or_else(
                    || self.prompt(action.question.as_str()),
                    |a| self.local(a).to_owned(),
                );
                let item = action.item.as_ref().map_or(String::new(), |i| {
                    format!(" <code>{}</code>", escape(i.as_str()))
                });
                let _ = write!(
                    out,
                    "<li><a href=\"#action-{}\">#{}</a> {}{item}</li>",
                    action.rank,
                    action.rank,
                    escape(&what)
                );
            }
            out.push_str("</ul></div>");
        }
        out.push_str("</div>\n");

        let _ = write!(
            out,
            "<h3>{}</h3>\n<table class=\"data\" id=\"table-plan-principles\"><thead><tr><th class=\"num\">{}</th><th>{}</th>\
             <th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            words.by_principle,
            words.principle,
            words.title,
            words.actions_heading,
            words.total_gain
        );
        for (principle, actions) in plan.by_principle() {
            let ranks: Vec<String> = actions
                .iter()
                .map(|a| format!("<a href=\"#action-{}\">#{}</a>", a.rank, a.rank))
                .collect();
            let gain: f64 = actions.iter().map(|a| a.gain).sum();
            let _ = write!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">+{:.1}</td></tr>",
                principle.number(),
                escape(&catalog::principle(principle).title),
                ranks.join(", "),
                gain
            );
        }
        out.push_str("</tbody></table>\n</section>\n");
    }
}
