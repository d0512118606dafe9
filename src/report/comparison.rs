//! The comparison report: what moved between two scorecards of one subject (Principle 20,
//! tracking whether the response works), as plain text, Markdown, and one self-contained HTML
//! page with a before-and-after chart.
//!
//! The comparison document names sections, questions and bands by id; given the questionnaire
//! and the profile, the report uses their titles, prompts and band labels instead, and groups
//! sections under their pillars. Its own words are English, like the risk register report's.

use std::fmt::Write as _;

use super::html::{self, figure, open_section, open_table};
use super::labels::EN;
use super::markdown::{self, escape as md, table_head, table_row};
use super::svg::{BarChart, BarRow, Threshold, escape, step_of, step_of_value};
use super::text::points;
use super::{Column, percent, principle_list, ranges, score_text};
use crate::catalog::{self, Pillar, Principle};
use crate::comparison::{AnswerState, Delta, GapChange, ScorecardComparison, Standing};
use crate::id::{BandId, SectionId};
use crate::questionnaire::CheckedQuestionnaire;
use crate::scoring::{QuestionStatus, ScoringProfile};

const CHART_TITLE: &str = "Scores before and after";

const CHART_DESC: &str = "Horizontal bars in pairs, one pair for the whole, for each pillar and \
     for each section, on a scale from 0 to 100: the upper bar, an outline with a dashed edge, is \
     the score before; the lower, filled bar is the score after. Each row ends with both scores \
     and the change in points; a hatched placeholder marks a part without a score. The table \
     below gives the same numbers.";

const READING: [&str; 4] = [
    "Scores run from 0 to 100; a change is the later score minus the earlier one, in points, \
     worked out before rounding.",
    "Coverage is the share of applicable questions answered and evidence the share whose answer \
     cites evidence; both are kept apart from the score, so a higher score with less evidence is \
     a claim that has grown, not a finding.",
    "A gap closed is a question that held the score back before and no longer does; a gap opened \
     is one that did not before and does now. Its gain is what closing it was, or is, worth to \
     the overall score.",
    "Both scorecards answer the same questionnaire version and were scored with the same \
     profile, so every change comes from the answers.",
];

/// A comparison ready to render, with the questionnaire and the profile it was scored with when
/// they are known (for titles, prompts, pillars and band labels).
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::comparison::compare;
/// use hrdd::questionnaire::builtin_version;
/// use hrdd::report::ComparisonReport;
/// use hrdd::scoring::{score, ScoringProfile};
/// let text = include_str!("../../examples/data/harbourline-investor.assessment.json");
/// let assessment = Assessment::from_json(text).unwrap();
/// let questionnaire = builtin_version("btech-investor", &assessment.questionnaire.version).unwrap();
/// let profile = ScoringProfile::default_profile();
/// let card = score(&assessment.check(questionnaire).unwrap(), &profile);
/// let comparison = compare(&card, &card).unwrap();
/// let report = ComparisonReport::new(&comparison)
///     .with_questionnaire(questionnaire)
///     .with_profile(&profile);
/// assert!(report.text().contains("no change"));
/// assert!(report.markdown().contains("## Scores by pillar and section"));
/// assert!(report.html().contains("<svg"));
/// ```
#[derive(Debug, Clone)]
pub struct ComparisonReport<'a> {
    comparison: &'a ScorecardComparison,
    questionnaire: Option<&'a CheckedQuestionnaire>,
    profile: Option<&'a ScoringProfile>,
}

/// One part of the scorecard as the tables and the chart show it.
struct Part<'a> {
    name: String,
    /// The whole or a pillar (a heading row), rather than a section.
    heading: bool,
    /// The pillar a section serves, when the questionnaire says.
    pillar: Option<Pillar>,
    delta: &'a Delta,
}

/// The standing's score, if it has one.
fn score_of(standing: Option<&Standing>) -> Option<f64> {
    standing.and_then(|s| s.score)
}

/// A change in points with its sign, one decimal ("0.0" when it rounds to nothing), or "n/a".
fn change_text(change: Option<f64>) -> String {
    match change {
        None => "n/a".to_owned(),
        Some(v) if (v * 10.0).round() == 0.0 => "0.0".to_owned(),
        Some(v) => format!("{v:+.1}"),
    }
}

/// Which way a change goes, in words (so that it reads without colour or arrows).
fn direction(change: Option<f64>) -> &'static str {
    match change {
        Some(v) if (v * 10.0).round() > 0.0 => "up",
        Some(v) if (v * 10.0).round() < 0.0 => "down",
        Some(_) => "same",
        None => "n/a",
    }
}

/// The name a status has in documents, in words.
fn status_text(status: QuestionStatus) -> &'static str {
    match status {
        QuestionStatus::Answered => "answered",
        QuestionStatus::NotApplicable => "not applicable",
        QuestionStatus::Unknown => "unknown",
        QuestionStatus::Unanswered => "unanswered",
        QuestionStatus::Hidden => "hidden",
        QuestionStatus::Unscored => "unscored",
    }
}

/// "before → after", or the one value when both are the same.
fn transition(before: &str, after: &str) -> String {
    if before == after {
        after.to_owned()
    } else {
        format!("{before} → {after}")
    }
}

impl<'a> ComparisonReport<'a> {
    /// A report of `comparison` that names sections, questions and bands by their ids.
    pub fn new(comparison: &'a ScorecardComparison) -> Self {
        ComparisonReport {
            comparison,
            questionnaire: None,
            profile: None,
        }
    }

    /// Uses the questionnaire both scorecards answer for section titles and pillars and for
    /// question prompts (in its default language).
    pub fn with_questionnaire(mut self, questionnaire: &'a CheckedQuestionnaire) -> Self {
        self.questionnaire = Some(questionnaire);
        self
    }

    /// Uses the profile both were scored with for band labels and thresholds.
    pub fn with_profile(mut self, profile: &'a ScoringProfile) -> Self {
        self.profile = Some(profile);
        self
    }

    fn default_language(&self) -> Option<&'a crate::LanguageTag> {
        self.questionnaire
            .map(|q| &q.questionnaire().default_language)
    }

    fn local(&self, text: &'a crate::Text) -> &'a str {
        match self.default_language() {
            Some(language) => text.get(language, language),
            None => text.english(),
        }
    }

    fn section(&self, id: &SectionId) -> Option<&'a crate::questionnaire::Section> {
        self.questionnaire?
            .questionnaire()
            .sections
            .iter()
            .find(|s| &s.id == id)
    }

    fn section_title(&self, id: &SectionId) -> String {
        self.section(id)
            .map_or_else(|| id.to_string(), |s| self.local(&s.title).to_owned())
    }

    fn prompt(&self, id: &str) -> String {
        self.questionnaire
            .and_then(|q| q.question(id))
            .map_or_else(|| id.to_owned(), |(q, _)| self.local(&q.prompt).to_owned())
    }

    fn band_label(&self, band: Option<&BandId>) -> String {
        let Some(band) = band else {
            return "–".to_owned();
        };
        self.profile
            .and_then(|p| p.bands.iter().find(|b| &b.id == band))
            .map_or_else(|| band.to_string(), |b| self.local(&b.label).to_owned())
    }

    /// The palette step of a band (bands spread over the palette in the profile's order), or of
    /// a bare score when the profile is not known.
    fn step(&self, standing: Option<&Standing>) -> usize {
        let band = standing.and_then(|s| s.band.as_ref());
        let by_band = self.profile.and_then(|p| {
            let index = p.bands.iter().position(|b| Some(&b.id) == band)?;
            Some(step_of(index, p.bands.len()))
        });
        by_band.unwrap_or_else(|| step_of_value(score_of(standing).unwrap_or(0.0), 100.0))
    }

    fn bands(&self, delta: &Delta) -> String {
        transition(
            &self.band_label(delta.old.as_ref().and_then(|s| s.band.as_ref())),
            &self.band_label(delta.new.as_ref().and_then(|s| s.band.as_ref())),
        )
    }

    /// "75% → 88%" of a share (coverage or evidence) before and after.
    fn shares(delta: &Delta, pick: fn(&Standing) -> Option<f64>) -> String {
        transition(
            &percent(delta.old.as_ref().and_then(pick)),
            &percent(delta.new.as_ref().and_then(pick)),
        )
    }

    /// The whole, each pillar, and under each pillar its sections in the questionnaire's order
    /// (sections the questionnaire does not place come last, by id).
    fn parts(&self) -> Vec<Part<'a>> {
        let comparison = self.comparison;
        let mut parts = vec![Part {
            name: EN.overall.to_owned(),
            heading: true,
            pillar: None,
            delta: &comparison.overall,
        }];
        let mut placed = Vec::new();
        for pillar in &comparison.pillars {
            parts.push(Part {
                name: EN.pillar(pillar.pillar).to_owned(),
                heading: true,
                pillar: Some(pillar.pillar),
                delta: &pillar.delta,
            });
            let sections = self
                .questionnaire
                .map(|q| q.questionnaire().sections.as_slice())
                .unwrap_or_default();
            for section in sections.iter().filter(|s| s.pillar == pillar.pillar) {
                if let Some(found) = comparison.sections.iter().find(|s| s.section == section.id) {
                    placed.push(&found.section);
                    parts.push(Part {
                        name: self.local(&section.title).to_owned(),
                        heading: false,
                        pillar: Some(pillar.pillar),
                        delta: &found.delta,
                    });
                }
            }
        }
        for section in &comparison.sections {
            if !placed.contains(&&section.section) {
                parts.push(Part {
                    name: self.section_title(&section.section),
                    heading: false,
                    pillar: self.section(&section.section).map(|s| s.pillar),
                    delta: &section.delta,
                });
            }
        }
        parts
    }

    /// How many sections rose, fell and stayed.
    fn section_moves(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for section in &self.comparison.sections {
            match direction(section.delta.score) {
                "up" => counts.0 += 1,
                "down" => counts.1 += 1,
                _ => counts.2 += 1,
            }
        }
        counts
    }

    /// The headline: how the overall score moved, and how many parts, gaps and answers did.
    fn headline(&self) -> String {
        let c = self.comparison;
        let overall = &c.overall;
        let old = score_text(score_of(overall.old.as_ref()));
        let new = score_text(score_of(overall.new.as_ref()));
        let mut out = match direction(overall.score) {
            "up" => format!(
                "The overall score rose from {old} to {new} ({} points)",
                change_text(overall.score)
            ),
            "down" => format!(
                "The overall score fell from {old} to {new} ({} points)",
                change_text(overall.score)
            ),
            _ => format!("The overall score stayed at {new}"),
        };
        if overall.band_changed {
            let band =
                |s: &Option<Standing>| self.band_label(s.as_ref().and_then(|s| s.band.as_ref()));
            let _ = write!(
                out,
                "; its band went from {} to {}",
                band(&overall.old),
                band(&overall.new)
            );
        }
        let (up, down, same) = self.section_moves();
        let _ = write!(
            out,
            ". Of {} sections, {up} rose, {down} fell and {same} did not move; {} gaps closed, {} \
             opened, and {} answers changed.",
            c.sections.len(),
            c.gaps_closed.len(),
            c.gaps_opened.len(),
            c.answers.len()
        );
        out
    }

    /// The before-and-after chart of the whole, the pillars and the sections, as SVG, with the
    /// profile's bands as thresholds when the profile is known.
    pub fn chart(&self) -> String {
        let c = self.comparison;
        let before = format!("Before ({})", c.old_date.as_deref().unwrap_or("undated"));
        let after = format!("After ({})", c.new_date.as_deref().unwrap_or("undated"));
        let mut chart = BarChart::new("chart-comparison", CHART_TITLE, CHART_DESC)
            .paired(before, after)
            .max(100.0);
        if let Some(profile) = self.profile {
            for band in &profile.bands {
                chart = chart.threshold(Threshold::new(
                    band.min_score,
                    self.band_label(Some(&band.id)),
                ));
            }
        }
        for part in self.parts() {
            let delta = part.delta;
            let (old, new) = (score_of(delta.old.as_ref()), score_of(delta.new.as_ref()));
            chart = chart.row(
                BarRow::new(part.name, new)
                    .before(old)
                    .level(self.step(delta.new.as_ref()))
                    .heading(part.heading)
                    .indent(u8::from(!part.heading))
                    .value_label(format!(
                        "{} → {} ({})",
                        score_text(old),
                        score_text(new),
                        change_text(delta.score)
                    )),
            );
        }
        chart.render()
    }

    /// A summary a reader takes in at a glance in a terminal: the whole and each pillar before
    /// and after, then only what changed: sections, principles, gaps and answers, by id.
    pub fn text(&self) -> String {
        let comparison = self.comparison;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} — {} {}, profile {} {}",
            comparison.subject.name,
            comparison.questionnaire.id,
            comparison.questionnaire.version,
            comparison.profile.id,
            comparison.profile.version
        );
        let _ = writeln!(
            out,
            "from {} to {}",
            comparison.old_date.as_deref().unwrap_or("(undated)"),
            comparison.new_date.as_deref().unwrap_or("(undated)")
        );
        if comparison.is_unchanged() {
            let _ = writeln!(out, "\nno change");
            return out;
        }
        let _ = writeln!(
            out,
            "\n                                 old   new   change   coverage  band"
        );
        let _ = writeln!(out, "{}", delta_line("Overall", &comparison.overall));
        for pillar in &comparison.pillars {
            let _ = writeln!(out, "{}", delta_line(pillar.pillar.name(), &pillar.delta));
        }
        let sections: Vec<_> = comparison
            .sections
            .iter()
            .filter(|s| !s.delta.is_unchanged())
            .collect();
        if !sections.is_empty() {
            let _ = writeln!(out, "\nSections that changed");
            for section in sections {
                let _ = writeln!(
                    out,
                    "{}",
                    delta_line(section.section.as_str(), &section.delta)
                );
            }
        }
        let principles: Vec<_> = comparison
            .principles
            .iter()
            .filter(|p| !p.delta.is_unchanged())
            .collect();
        if !principles.is_empty() {
            let _ = writeln!(out, "\nPrinciples that changed");
            for principle in principles {
                let name = format!("Principle {}", principle.principle);
                let _ = writeln!(out, "{}", delta_line(&name, &principle.delta));
            }
        }
        for (title, gaps) in [
            ("Gaps closed", &comparison.gaps_closed),
            ("Gaps opened", &comparison.gaps_opened),
        ] {
            let _ = writeln!(out, "\n{title} ({})", gaps.len());
            for gap in gaps {
                let item = gap
                    .item
                    .as_ref()
                    .map_or(String::new(), |i| format!(" [{i}]"));
                let _ = writeln!(out, "  {}{} (worth {:.1})", gap.question, item, gap.gain);
            }
        }
        let _ = writeln!(out, "\nAnswers changed ({})", comparison.answers.len());
        let state = |s: &Option<AnswerState>| match s {
            None => "absent".to_owned(),
            Some(s) => {
                let score = s.score.map_or(String::new(), |v| format!(" {v:.0}"));
                let evidence = if s.evidenced { " with evidence" } else { "" };
                format!("{}{score}{evidence}", status_text(s.status))
            }
        };
        for answer in &comparison.answers {
            let item = answer
                .item
                .as_ref()
                .map_or(String::new(), |i| format!(" [{i}]"));
            let _ = writeln!(
                out,
                "  {}{}: {} -> {}",
                answer.question,
                item,
                state(&answer.old),
                state(&answer.new)
            );
        }
        out
    }

    /// The questionnaire's title, or its id when the questionnaire is not known.
    fn questionnaire_title(&self) -> String {
        self.questionnaire.map_or_else(
            || self.comparison.questionnaire.id.to_string(),
            |q| self.local(&q.questionnaire().title).to_owned(),
        )
    }

    /// The cells of a part's row: before, after, change, band, coverage, evidence.
    fn cells(&self, delta: &Delta) -> [String; 6] {
        [
            score_text(score_of(delta.old.as_ref())),
            score_text(score_of(delta.new.as_ref())),
            change_text(delta.score),
            self.bands(delta),
            Self::shares(delta, |s| s.coverage),
            Self::shares(delta, |s| s.confidence),
        ]
    }

    /// A gap's question as plain text: the prompt, the item in brackets.
    fn gap_question(&self, gap: &GapChange) -> String {
        let item = gap
            .item
            .as_ref()
            .map_or(String::new(), |i| format!(" [{i}]"));
        format!("{}{item}", self.prompt(gap.question.as_str()))
    }

    /// An answer's state as plain text: "answered, 25.0, with evidence".
    fn state_text(state: Option<&AnswerState>) -> String {
        let Some(state) = state else {
            return "absent".to_owned();
        };
        let mut out = status_text(state.status).to_owned();
        if let Some(score) = state.score {
            let _ = write!(out, ", {score:.1}");
        }
        out.push_str(if state.evidenced {
            ", with evidence"
        } else {
            ", no evidence"
        });
        out
    }

    /// The comparison as a Markdown document: the facts, the headline, the whole and each
    /// pillar, every section, the principles that moved, the gaps closed and opened, the answers
    /// that changed, and how to read it.
    pub fn markdown(&self) -> String {
        let c = self.comparison;
        let mut out = String::new();
        let _ = writeln!(out, "# {}: progress\n", md(&c.subject.name));
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(
            out,
            "| Questionnaire | {} (`{}` {}) |",
            md(&self.questionnaire_title()),
            c.questionnaire.id,
            c.questionnaire.version
        );
        let _ = writeln!(
            out,
            "| Scoring profile | `{}` {} |",
            c.profile.id, c.profile.version
        );
        for (name, date) in [("Before", &c.old_date), ("After", &c.new_date)] {
            let _ = writeln!(
                out,
                "| {name} | {} |",
                md(date.as_deref().unwrap_or("undated"))
            );
        }

        let _ = writeln!(out, "\n## Summary\n\n{}\n", md(&self.headline()));
        let columns = part_columns("Part");
        table_head(&mut out, &columns);
        let parts = self.parts();
        for part in parts.iter().filter(|p| p.heading) {
            let strong = if part.pillar.is_none() { "**" } else { "" };
            let mut cells = vec![format!("{strong}{}{strong}", md(&part.name))];
            cells.extend(self.cells(part.delta).iter().map(|c| md(c)));
            table_row(&mut out, &cells);
        }

        let _ = writeln!(out, "\n## Scores by pillar and section\n");
        if c.sections.is_empty() {
            let _ = writeln!(out, "No sections.");
        } else {
            let mut columns = part_columns("Section");
            columns.insert(1, Column::text("Pillar"));
            table_head(&mut out, &columns);
            for part in parts.iter().filter(|p| !p.heading) {
                let mut cells = vec![
                    md(&part.name),
                    md(part.pillar.map_or("–", |p| EN.pillar(p))),
                ];
                cells.extend(self.cells(part.delta).iter().map(|c| md(c)));
                table_row(&mut out, &cells);
            }
        }

        let _ = writeln!(out, "\n## Guiding Principles that moved\n");
        let (moved, still) = self.principles();
        if moved.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            table_head(&mut out, &PRINCIPLE_COLUMNS);
            for (principle, delta) in &moved {
                let [before, after, change, ..] = self.cells(delta);
                table_row(
                    &mut out,
                    &[
                        principle.number().to_string(),
                        md(&catalog::principle(*principle).title),
                        before,
                        after,
                        change,
                    ],
                );
            }
        }
        if !still.is_empty() {
            let _ = writeln!(out, "\nUnchanged: principles {}.", ranges(&still));
        }

        for (heading, gaps) in [
            ("Gaps closed", &c.gaps_closed),
            ("Gaps opened", &c.gaps_opened),
        ] {
            let _ = writeln!(out, "\n## {heading} ({})\n", gaps.len());
            if gaps.is_empty() {
                let _ = writeln!(out, "None.");
                continue;
            }
            table_head(&mut out, &GAP_COLUMNS);
            for gap in gaps {
                let critical = if gap.critical { " **critical**" } else { "" };
                let item = gap
                    .item
                    .as_ref()
                    .map_or(String::new(), |i| format!(" \\[`{i}`\\]"));
                table_row(
                    &mut out,
                    &[
                        format!(
                            "{}{item}{critical}",
                            md(&self.prompt(gap.question.as_str()))
                        ),
                        md(&self.section_title(&gap.section)),
                        status_text(gap.status).to_owned(),
                        format!("{:.1}", gap.score),
                        format!("+{:.1}", gap.gain),
                        principle_list(gap.principles),
                    ],
                );
            }
        }

        let _ = writeln!(out, "\n## Answers changed ({})\n", c.answers.len());
        if c.answers.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            table_head(&mut out, &ANSWER_COLUMNS);
            for answer in &c.answers {
                let item = answer
                    .item
                    .as_ref()
                    .map_or(String::new(), |i| format!(" \\[`{i}`\\]"));
                table_row(
                    &mut out,
                    &[
                        format!("{}{item}", md(&self.prompt(answer.question.as_str()))),
                        format!("`{}`", answer.question),
                        Self::state_text(answer.old.as_ref()),
                        Self::state_text(answer.new.as_ref()),
                    ],
                );
            }
        }

        markdown::notes(&mut out, "How to read this report", &READING);
        out
    }

    /// The principles whose standing moved, with their change, and the numbers of those that
    /// did not.
    fn principles(&self) -> (Vec<(Principle, &'a Delta)>, Vec<u8>) {
        let mut moved = Vec::new();
        let mut still = Vec::new();
        for principle in &self.comparison.principles {
            if principle.delta.is_unchanged() {
                still.push(principle.principle.number());
            } else {
                moved.push((principle.principle, &principle.delta));
            }
        }
        (moved, still)
    }

    /// The comparison as one self-contained HTML page: the headline and the whole and each
    /// pillar, the before-and-after chart with its data table, the principles that moved, the
    /// gaps closed and opened, and the answers that changed. It loads nothing and runs no script.
    pub fn html(&self) -> String {
        let c = self.comparison;
        let mut out = String::new();
        let subtitle = self.questionnaire_title();
        html::open_page(
            &mut out,
            "en",
            &format!("{}: progress — {subtitle}", c.subject.name),
        );
        html::masthead(
            &mut out,
            "Human rights due diligence · progress",
            &c.subject.name,
            Some(&subtitle),
        );
        let code = |id: &str, version: String| format!("<code>{}</code> {version}", escape(id));
        html::meta(
            &mut out,
            &[
                (
                    "Questionnaire",
                    code(
                        c.questionnaire.id.as_str(),
                        c.questionnaire.version.to_string(),
                    ),
                ),
                (
                    "Scoring profile",
                    code(c.profile.id.as_str(), c.profile.version.to_string()),
                ),
                ("Before", escape(c.old_date.as_deref().unwrap_or("undated"))),
                ("After", escape(c.new_date.as_deref().unwrap_or("undated"))),
            ],
        );
        html::toc(
            &mut out,
            "Contents",
            &[
                ("summary", "Summary"),
                ("scores", "Scores by pillar and section"),
                ("principles", "Guiding Principles that moved"),
                ("gaps", "Gaps closed and opened"),
                ("answers", "Answers changed"),
                ("reading", "How to read this report"),
            ],
        );
        html::open_main(&mut out);

        // Summary: headline cards, the sentence, the whole and each pillar.
        let overall = &c.overall;
        open_section(&mut out, "summary", "Summary");
        let _ = write!(
            out,
            "<div class=\"cards\"><div class=\"card headline\"><p class=\"label\">Overall</p>\
             <p class=\"value\">{}</p><p class=\"sub\">from {} ({} points, {})</p></div>",
            score_text(score_of(overall.new.as_ref())),
            score_text(score_of(overall.old.as_ref())),
            change_text(overall.score),
            direction(overall.score)
        );
        let _ = write!(
            out,
            "<div class=\"card\"><p class=\"label\">Band</p><p class=\"value\">{}</p>\
             <p class=\"sub\">{}</p></div>",
            self.badge(overall.new.as_ref()),
            if overall.band_changed {
                format!("from {}", self.badge(overall.old.as_ref()))
            } else {
                "unchanged".to_owned()
            }
        );
        for (label, count, sub) in [
            (
                "Gaps closed",
                c.gaps_closed.len(),
                "no longer hold the score back",
            ),
            ("Gaps opened", c.gaps_opened.len(), "hold it back anew"),
        ] {
            let _ = write!(
                out,
                "<div class=\"card\"><p class=\"label\">{label}</p><p class=\"value\">{count}</p>\
                 <p class=\"sub\">{sub}</p></div>"
            );
        }
        let _ = writeln!(out, "</div>\n<p>{}</p>", escape(&self.headline()));
        let parts = self.parts();
        let columns = part_columns("Part");
        open_table(
            &mut out,
            "table-summary",
            "The whole and each pillar",
            &columns,
        );
        for part in parts.iter().filter(|p| p.heading) {
            self.html_part_row(&mut out, part, &columns, None);
        }
        out.push_str("</tbody></table>\n</section>\n");

        // The chart and its data table.
        open_section(&mut out, "scores", "Scores by pillar and section");
        figure(&mut out, &self.chart(), CHART_DESC);
        let mut columns = part_columns("Part");
        columns.insert(1, Column::text("Pillar"));
        open_table(
            &mut out,
            "table-scores",
            &format!("Data table: {CHART_TITLE}"),
            &columns,
        );
        for part in &parts {
            // Heading rows are the pillars themselves (or the whole): no pillar to name.
            let pillar = if part.heading { None } else { part.pillar };
            self.html_part_row(&mut out, part, &columns, Some(pillar));
        }
        out.push_str("</tbody></table>\n</section>\n");

        // Principles.
        open_section(&mut out, "principles", "Guiding Principles that moved");
        let (moved, still) = self.principles();
        if moved.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            open_table(
                &mut out,
                "table-principles",
                "Guiding Principles whose standing changed",
                &PRINCIPLE_COLUMNS,
            );
            for (principle, delta) in &moved {
                let [before, after, change, ..] = self.cells(delta);
                html::row(
                    &mut out,
                    "",
                    &PRINCIPLE_COLUMNS,
                    &[
                        principle.number().to_string(),
                        escape(&catalog::principle(*principle).title),
                        before,
                        after,
                        format!("{change} ({})", direction(delta.score)),
                    ],
                );
            }
            out.push_str("</tbody></table>\n");
        }
        if !still.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"note\">Unchanged: principles {}.</p>",
                ranges(&still)
            );
        }
        out.push_str("</section>\n");

        // Gaps.
        open_section(&mut out, "gaps", "Gaps closed and opened");
        for (id, heading, gaps) in [
            ("table-gaps-closed", "Gaps closed", &c.gaps_closed),
            ("table-gaps-opened", "Gaps opened", &c.gaps_opened),
        ] {
            let _ = writeln!(out, "<h3>{heading} ({})</h3>", gaps.len());
            if gaps.is_empty() {
                out.push_str("<p>None.</p>\n");
                continue;
            }
            open_table(&mut out, id, heading, &GAP_COLUMNS);
            for gap in gaps {
                let critical = if gap.critical {
                    " <span class=\"flag\">critical</span>"
                } else {
                    ""
                };
                html::row(
                    &mut out,
                    "",
                    &GAP_COLUMNS,
                    &[
                        format!("{}{critical}", escape(&self.gap_question(gap))),
                        escape(&self.section_title(&gap.section)),
                        status_text(gap.status).to_owned(),
                        format!("{:.1}", gap.score),
                        format!("+{:.1}", gap.gain),
                        principle_list(gap.principles),
                    ],
                );
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</section>\n");

        // Answers.
        open_section(
            &mut out,
            "answers",
            &format!("Answers changed ({})", c.answers.len()),
        );
        if c.answers.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            open_table(
                &mut out,
                "table-answers",
                "Questions whose answer changed",
                &ANSWER_COLUMNS,
            );
            for answer in &c.answers {
                let item = answer.item.as_ref().map_or(String::new(), |i| {
                    format!(" <code>{}</code>", escape(i.as_str()))
                });
                html::row(
                    &mut out,
                    "",
                    &ANSWER_COLUMNS,
                    &[
                        format!("{}{item}", escape(&self.prompt(answer.question.as_str()))),
                        format!("<code>{}</code>", escape(answer.question.as_str())),
                        escape(&Self::state_text(answer.old.as_ref())),
                        escape(&Self::state_text(answer.new.as_ref())),
                    ],
                );
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</section>\n");

        html::notes(&mut out, "reading", "How to read this report", &READING);
        html::close_page(&mut out, "Generated by hrdd", &c.subject.name);
        out
    }

    /// A band badge shaded like the chart (the label carries the meaning).
    fn badge(&self, standing: Option<&Standing>) -> String {
        let band = standing.and_then(|s| s.band.as_ref());
        let class = if band.is_some() {
            format!("band-{}", self.step(standing))
        } else {
            "band-none".to_owned()
        };
        format!(
            "<span class=\"band {class}\">{}</span>",
            escape(&self.band_label(band))
        )
    }

    /// One part's row of an HTML table; `pillar` adds the pillar column (`Some(None)`: none).
    fn html_part_row(
        &self,
        out: &mut String,
        part: &Part<'_>,
        columns: &[Column<'_>],
        pillar: Option<Option<Pillar>>,
    ) {
        let mut cells = vec![escape(&part.name)];
        if let Some(pillar) = pillar {
            cells.push(escape(pillar.map_or("", |p| EN.pillar(p))));
        }
        let [before, after, change, _, coverage, evidence] = self.cells(part.delta);
        let bands = transition(
            &self.badge(part.delta.old.as_ref()),
            &self.badge(part.delta.new.as_ref()),
        );
        cells.extend([
            before,
            after,
            format!("{change} ({})", direction(part.delta.score)),
            bands,
            escape(&coverage),
            escape(&evidence),
        ]);
        let class = if part.heading { "pillar" } else { "" };
        html::row(out, class, columns, &cells);
    }
}

/// The columns of a part's row, after its name.
fn part_columns(name: &str) -> Vec<Column<'_>> {
    vec![
        Column::text(name),
        Column::num("Before"),
        Column::num("After"),
        Column::num("Change"),
        Column::text("Band"),
        Column::num("Coverage"),
        Column::num("Evidence"),
    ]
}

const PRINCIPLE_COLUMNS: [Column<'static>; 5] = [
    Column::num("Principle"),
    Column::text("Title"),
    Column::num("Before"),
    Column::num("After"),
    Column::num("Change"),
];

const GAP_COLUMNS: [Column<'static>; 6] = [
    Column::text("Question"),
    Column::text("Section"),
    Column::text("Status then"),
    Column::num("Score then"),
    Column::num("Gain then"),
    Column::text("Principles"),
];

const ANSWER_COLUMNS: [Column<'static>; 4] = [
    Column::text("Question"),
    Column::text("Id"),
    Column::text("Before"),
    Column::text("After"),
];

/// A line of the text summary: name, old and new score, change, coverage change, band(s).
fn delta_line(name: &str, delta: &Delta) -> String {
    let score = |s: &Option<Standing>| points(s.as_ref().and_then(|s| s.score));
    let band = |s: &Option<Standing>| {
        s.as_ref()
            .and_then(|s| s.band.as_ref())
            .map_or("-".to_owned(), ToString::to_string)
    };
    let signed = |value: Option<f64>, scale: f64, unit: &str| {
        value.map_or_else(|| "n/a".to_owned(), |v| format!("{:+.1}{unit}", v * scale))
    };
    let bands = if delta.band_changed {
        format!("{} -> {}", band(&delta.old), band(&delta.new))
    } else {
        band(&delta.new)
    };
    format!(
        "  {:<28} {} {} {:>7}  {:>9}  {}",
        name,
        score(&delta.old),
        score(&delta.new),
        signed(delta.score, 1.0, ""),
        signed(delta.coverage, 100.0, "%"),
        bands
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_to_a_signed_tenth() {
        assert_eq!(change_text(Some(13.84)), "+13.8");
        assert_eq!(change_text(Some(-0.04)), "0.0");
        assert_eq!(change_text(Some(-2.06)), "-2.1");
        assert_eq!(change_text(None), "n/a");
        assert_eq!(direction(Some(0.04)), "same");
        assert_eq!(direction(Some(-0.06)), "down");
    }
}
