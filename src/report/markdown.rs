//! The Markdown report (CommonMark with GitHub tables).

use std::fmt::Write as _;

use super::{
    Column, ScorecardReport, TOP_GAPS, percent, principle_list, principles_phrase, ranges,
    score_text,
};
use crate::catalog::{self, Principle};
use crate::scoring::Summary;

/// Escapes text for Markdown: characters that start markup, and table cell separators.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes a table's head row and its alignment row (numbers right-aligned). The headings are
/// the report's own words, written as they are.
pub(crate) fn table_head(out: &mut String, columns: &[Column<'_>]) {
    let labels: Vec<&str> = columns.iter().map(|c| c.label).collect();
    let rule: Vec<&str> = columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |\n|{}|", labels.join(" | "), rule.join("|"));
}

/// Writes one table row of cells already escaped.
pub(crate) fn table_row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// A whole table of plain-text cells (escaped here).
pub(crate) fn text_table(
    out: &mut String,
    columns: &[Column<'_>],
    rows: impl IntoIterator<Item = Vec<String>>,
) {
    table_head(out, columns);
    for cells in rows {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        table_row(out, &cells);
    }
}

/// A closing section of notes, each its own paragraph.
pub(crate) fn notes(out: &mut String, heading: &str, notes: &[&str]) {
    let _ = writeln!(out, "\n## {heading}");
    for note in notes {
        let _ = writeln!(out, "\n{}", escape(note));
    }
}

impl ScorecardReport<'_> {
    /// The scorecard as a Markdown document: summary, scores by pillar and section, principle
    /// coverage, the largest gaps, the action plan (in priority order, by owner and by
    /// principle) and how to read it.
    pub fn markdown(&self) -> String {
        let words = self.words();
        let card = self.card;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# {} — {}\n",
            escape(&card.subject.name),
            escape(self.title())
        );
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(
            out,
            "| {} | `{}` {} |",
            words.questionnaire, card.questionnaire.id, card.questionnaire.version
        );
        let _ = writeln!(
            out,
            "| {} | `{}` {} |",
            words.profile, card.profile.id, card.profile.version
        );
        if let Some(date) = &card.date {
            let _ = writeln!(out, "| {} | {} |", words.assessed, escape(date));
        }

        // Summary.
        let _ = writeln!(out, "\n## {}\n", words.summary);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            words.part,
            words.score,
            words.band,
            words.coverage,
            words.evidence,
            words.applicable,
            words.unknown,
            words.unanswered
        );
        let _ = writeln!(out, "|---|---:|---|---:|---:|---:|---:|---:|");
        let summary_row = |out: &mut String, name: &str, s: &Summary, bold: bool| {
            let strong = if bold { "**" } else { "" };
            let _ = writeln!(
                out,
                "| {strong}{}{strong} | {strong}{}{strong} | {} | {} | {} | {} | {} | {} |",
                escape(name),
                score_text(s.score),
                escape(&self.band_label(s.band.as_ref())),
                percent(s.coverage),
                percent(s.confidence),
                s.applicable,
                s.unknown,
                s.unanswered
            );
        };
        summary_row(&mut out, words.overall, &card.overall, true);
        for pillar in &card.pillars {
            summary_row(
                &mut out,
                words.pillar(pillar.pillar),
                &pillar.summary,
                false,
            );
        }
        let overall = &card.overall;
        if overall.unknown + overall.unanswered > 0 {
            let _ = writeln!(
                out,
                "\n{}",
                escape(&words.not_demonstrated(
                    overall.unknown,
                    overall.unanswered,
                    overall.applicable
                ))
            );
        }

        // Sections.
        let _ = writeln!(out, "\n## {}\n", words.scores_heading);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            words.section,
            words.pillar,
            words.score,
            words.band,
            words.coverage,
            words.evidence,
            words.note
        );
        let _ = writeln!(out, "|---|---|---:|---|---:|---:|---|");
        for (section, score) in self.sections() {
            let Some(score) = score else { continue };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                escape(self.local(&section.title)),
                escape(words.pillar(section.pillar)),
                score_text(score.summary.score),
                escape(&self.band_label(score.summary.band.as_ref())),
                percent(score.summary.coverage),
                percent(score.summary.confidence),
                self.section_note(score, true)
            );
        }

        // Principles.
        let _ = writeln!(out, "\n## {}\n", words.principles_heading);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            words.principle, words.title, words.score, words.band, words.coverage
        );
        let _ = writeln!(out, "|---:|---|---:|---|---:|");
        let mut unserved = Vec::new();
        for principle in Principle::all() {
            match self.principle_score(principle) {
                Some(summary) => {
                    let band = summary.score.and_then(|s| self.band_of_score(s));
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} |",
                        principle.number(),
                        escape(&catalog::principle(principle).title),
                        score_text(summary.score),
                        escape(&self.band_label(band)),
                        percent(summary.coverage)
                    );
                }
                None => unserved.push(principle.number()),
            }
        }
        if !unserved.is_empty() {
            let _ = writeln!(
                out,
                "\n{}{}{}.",
                words.not_served,
                words.colon,
                ranges(&unserved)
            );
        }

        // Gaps.
        let _ = writeln!(out, "\n## {}\n", words.gaps_heading);
        if card.gaps.is_empty() {
            let _ = writeln!(out, "{}", words.no_gaps);
        } else {
            let _ = writeln!(
                out,
                "| # | {} | {} | {} | {} | {} |",
                words.gain, words.question, words.status, words.score, words.principle
            );
            let _ = writeln!(out, "|---:|---:|---|---|---:|---|");
            for (n, gap) in card.gaps.iter().take(TOP_GAPS).enumerate() {
                let item = gap
                    .item
                    .as_ref()
                    .map_or(String::new(), |i| format!(" \\[`{i}`\\]"));
                let critical = if gap.critical {
                    format!(" **{}**", words.critical)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "| {} | +{:.1} | {}{}{} | {} | {:.1} | {} |",
                    n + 1,
                    gap.gain,
                    escape(&self.prompt(gap.question.as_str())),
                    item,
                    critical,
                    self.status(gap.status),
                    gap.score,
                    principle_list(gap.principles)
                );
            }
        }

        self.markdown_plan(&mut out);

        // How to read.
        let _ = writeln!(out, "\n## {}\n", words.reading_heading);
        let _ = writeln!(out, "{}{}\n", words.bands_intro, words.colon.trim_end());
        for band in &self.profile.bands {
            let _ = writeln!(
                out,
                "- **{}** ({} {:.0})",
                escape(&self.band_label(Some(&band.id))),
                words.from,
                band.min_score
            );
        }
        for note in words.reading_notes {
            let _ = writeln!(out, "\n{}", escape(note));
        }
        out
    }

    fn markdown_plan(&self, out: &mut String) {
        let words = self.words();
        let plan = self.action_plan();
        let _ = writeln!(out, "\n## {}\n", words.plan_heading);
        if plan.actions.is_empty() {
            let _ = writeln!(out, "{}", words.no_gaps);
            return;
        }
        let _ = writeln!(out, "{}\n", words.plan_intro);
        let _ = writeln!(out, "### {}\n", words.priority_order);
        for action in &plan.actions {
            let what = action.action.as_ref().map_or_else(
                || self.prompt(action.question.as_str()),
                |a| self.local(a).to_owned(),
            );
            let item = action
                .item
                .as_ref()
                .map_or(String::new(), |i| format!(" \\[`{i}`\\]"));
            let critical = if action.critical {
                format!("**{}** ", words.critical)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{}. {critical}{}{} — {}; {}; +{:.1} {} (`{}`, {})",
                action.rank,
                escape(&what),
                item,
                escape(words.owner(action.owner)),
                principles_phrase(words.principle, action.principles),
                action.gain,
                words.points,
                action.question,
                self.status(action.status)
            );
        }
        let _ = writeln!(out, "\n### {}\n", words.by_owner);
        for (owner, actions) in plan.by_owner() {
            let gain: f64 = actions.iter().map(|a| a.gain).sum();
            let _ = writeln!(
                out,
                "#### {} — {}, +{:.1} {}\n",
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
                let item = action
                    .item
                    .as_ref()
                    .map_or(String::new(), |i| format!(" \\[`{i}`\\]"));
                let _ = writeln!(
                    out,
                    "- #{} {}{} ({})",
                    action.rank,
                    escape(&what),
                    item,
                    principles_phrase(words.principle, action.principles)
                );
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "### {}\n", words.by_principle);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            words.principle, words.title, words.actions_heading, words.total_gain
        );
        let _ = writeln!(out, "|---:|---|---|---:|");
        for (principle, actions) in plan.by_principle() {
            let ranks: Vec<String> = actions.iter().map(|a| format!("#{}", a.rank)).collect();
            let gain: f64 = actions.iter().map(|a| a.gain).sum();
            let _ = writeln!(
                out,
                "| {} | {} | {} | +{:.1} |",
                principle.number(),
                escape(&catalog::principle(principle).title),
                ranks.join(", "),
                gain
            );
        }
    }
}
