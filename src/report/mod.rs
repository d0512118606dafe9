//! Reports people want to read: a scorecard as plain text for terminals, as Markdown, and as one
//! self-contained HTML file with inline SVG charts and an action plan ([`ScorecardReport`]); the
//! same for a risk register ([`RegisterReport`]), for the comparison of two scorecards
//! ([`ComparisonReport`]) and for a simulation's outcome ([`SimulationReport`]). Behind the
//! `report` feature (on by default). Every HTML report shares one page skeleton and style sheet.
//!
//! Renderers return a `String` and do no I/O. Numbers are rounded here, and only here: one
//! decimal for scores and gains, whole percentages for coverage and evidence. Texts come from the
//! questionnaire in the requested language (falling back to its default language); the report's
//! own words exist in English and French.
//!
//! ```
//! use hrdd::assessment::Assessment;
//! use hrdd::questionnaire::builtin;
//! use hrdd::report::ScorecardReport;
//! use hrdd::scoring::{ScoringProfile, score};
//!
//! let questionnaire = builtin("ungp-respect-company").unwrap();
//! let assessment: Assessment = serde_json::from_str(r#"{
//!   "document": "assessment",
//!   "questionnaire": { "id": "ungp-respect-company", "version": "1.0.0" },
//!   "subject": { "kind": "organisation", "name": "Example Ltd" },
//!   "responses": { "policy-exists": { "status": "answered", "answer": { "kind": "yes_no", "value": true } } }
//! }"#).unwrap();
//! let profile = ScoringProfile::default_profile();
//! let card = score(&assessment.check(questionnaire).unwrap(), &profile);
//! let report = ScorecardReport::new(&card, questionnaire, &profile);
//! assert!(report.markdown().starts_with("# Example Ltd"));
//! assert!(report.html().contains("<svg"));
//! ```

mod comparison;
mod html;
mod labels;
mod markdown;
mod plan;
mod register;
mod simulation;
pub mod svg;
mod text;

pub use comparison::ComparisonReport;
pub use plan::{Action, ActionPlan};
pub use register::RegisterReport;
pub use simulation::SimulationReport;

use crate::catalog::{self, Pillar, Principle};
use crate::id::BandId;
use crate::questionnaire::{CheckedQuestionnaire, Question, Section};
use crate::scoring::{QuestionStatus, Scorecard, ScoringProfile, SectionScore, Summary};
use crate::text::{LanguageTag, Text};

use labels::{Labels, labels};
use svg::{BarChart, BarRow, CellStrip, LegendEntry, StripCell, StripGroup, Threshold, step_of};

/// How many gaps the gap chart and the "top gaps" lists show.
const TOP_GAPS: usize = 12;

/// A scorecard ready to render, with the questionnaire it was scored against (for prompts,
/// titles, actions and owners) and the profile (for the bands' labels and thresholds).
#[derive(Debug, Clone)]
pub struct ScorecardReport<'a> {
    card: &'a Scorecard,
    questionnaire: &'a CheckedQuestionnaire,
    profile: &'a ScoringProfile,
    language: LanguageTag,
}

impl<'a> ScorecardReport<'a> {
    /// A report of `card` in the questionnaire's default language.
    pub fn new(
        card: &'a Scorecard,
        questionnaire: &'a CheckedQuestionnaire,
        profile: &'a ScoringProfile,
    ) -> Self {
        ScorecardReport {
            card,
            questionnaire,
            profile,
            language: questionnaire.questionnaire().default_language.clone(),
        }
    }

    /// The same report in `language`; texts the questionnaire lacks in it fall back to its
    /// default language.
    pub fn with_language(mut self, language: LanguageTag) -> Self {
        self.language = language;
        self
    }

    /// The action plan.
    pub fn action_plan(&self) -> ActionPlan {
        ActionPlan::new(self.card, self.questionnaire)
    }

    fn words(&self) -> &'static Labels {
        labels(&self.language)
    }

    fn local<'t>(&self, text: &'t Text) -> &'t str {
        text.get(
            &self.language,
            &self.questionnaire.questionnaire().default_language,
        )
    }

    fn title(&self) -> &str {
        self.local(&self.questionnaire.questionnaire().title)
    }

    fn question(&self, id: &str) -> Option<&'a Question> {
        self.questionnaire.question(id).map(|(q, _)| q)
    }

    fn prompt(&self, id: &str) -> String {
        self.question(id)
            .map_or_else(|| id.to_owned(), |q| self.local(&q.prompt).to_owned())
    }

    /// The sections in the questionnaire's order, each with its score (if the scorecard has it).
    fn sections(&self) -> Vec<(&'a Section, Option<&'a SectionScore>)> {
        self.questionnaire
            .questionnaire()
            .sections
            .iter()
            .map(|s| (s, self.card.sections.iter().find(|c| c.section == s.id)))
            .collect()
    }

    fn band_label(&self, band: Option<&BandId>) -> String {
        let Some(band) = band else {
            return "–".to_owned();
        };
        let words = self.words();
        self.profile
            .bands
            .iter()
            .find(|b| &b.id == band)
            .map_or_else(
                || band.to_string(),
                |b| match words.band(b.id.as_str()) {
                    // The profile has no translation of its own for this language (the built-in
                    // profiles' labels are plain English), but the report knows the band.
                    Some(own) if !translated(&b.label, &self.language) => own.to_owned(),
                    _ => self.local(&b.label).to_owned(),
                },
            )
    }

    /// The palette step of a band: bands spread over the palette in the profile's order.
    fn band_step(&self, band: Option<&BandId>) -> Option<usize> {
        let bands = &self.profile.bands;
        let index = bands.iter().position(|b| Some(&b.id) == band)?;
        Some(step_of(index, bands.len()))
    }

    /// The band a bare score falls in (for principles, which have no band of their own).
    fn band_of_score(&self, score: f64) -> Option<&BandId> {
        self.profile
            .bands
            .iter()
            .rev()
            .find(|b| b.min_score <= score)
            .map(|b| &b.id)
    }

    fn status(&self, status: QuestionStatus) -> &'static str {
        let words = self.words();
        match status {
            QuestionStatus::Unknown => words.status_unknown,
            QuestionStatus::Unanswered => words.status_unanswered,
            _ => words.status_answered,
        }
    }

    /// Notes on a section: the cap on its band and its items' scores. `markdown` chooses the
    /// markup (Markdown or HTML); either way the result is escaped for it.
    fn section_note(&self, score: &SectionScore, markdown: bool) -> String {
        let words = self.words();
        let code = |id: &str| {
            if markdown {
                format!("`{id}`")
            } else {
                format!("<code>{}</code>", svg::escape(id))
            }
        };
        let plain = |text: &str| {
            if markdown {
                markdown::escape(text)
            } else {
                svg::escape(text)
            }
        };
        let mut notes = Vec::new();
        if let Some(cap) = &score.cap {
            let ids: Vec<String> = cap.questions.iter().map(|q| code(q.as_str())).collect();
            notes.push(format!(
                "{} {} ({} {} {})",
                words.capped,
                plain(&self.band_label(Some(&cap.band))),
                words.critical,
                ids.join(", "),
                words.at_bottom
            ));
        }
        if !score.items.is_empty() {
            let items: Vec<String> = score
                .items
                .iter()
                .map(|i| format!("{} {}", code(i.item.as_str()), score_text(i.summary.score)))
                .collect();
            notes.push(format!(
                "{} {}: {}",
                score.items.len(),
                words.items,
                items.join(", ")
            ));
        }
        notes.join("; ")
    }

    /// The scores per pillar and per section, with the bands' thresholds, as an SVG chart.
    pub fn score_chart(&self) -> String {
        let words = self.words();
        let mut chart = BarChart::new(
            "chart-scores",
            words.chart_scores_title,
            words.chart_scores_desc,
        );
        for band in &self.profile.bands {
            chart = chart.threshold(Threshold::new(
                band.min_score,
                self.band_label(Some(&band.id)),
            ));
        }
        let row = |label: String, summary: &Summary| {
            BarRow::new(label, summary.score)
                .level(self.band_step(summary.band.as_ref()).unwrap_or(0))
                .value_label(format!(
                    "{} {}",
                    score_text(summary.score),
                    self.band_label(summary.band.as_ref())
                ))
        };
        chart = chart.row(
            row(words.overall.to_owned(), &self.card.overall)
                .heading(true)
                .indent(0),
        );
        for pillar in &self.card.pillars {
            chart = chart
                .row(row(words.pillar(pillar.pillar).to_owned(), &pillar.summary).heading(true));
            for (section, score) in self.sections() {
                if section.pillar != pillar.pillar {
                    continue;
                }
                if let Some(score) = score {
                    let mut label = self.local(&section.title).to_owned();
                    if score.cap.is_some() {
                        label.push_str(" *");
                    }
                    chart = chart.row(row(label, &score.summary).indent(1));
                }
            }
        }
        chart.render()
    }

    /// The 31 Guiding Principles in their pillars, each shaded by its score, as an SVG chart.
    pub fn principle_chart(&self) -> String {
        let words = self.words();
        let mut strip = CellStrip::new(
            "chart-principles",
            words.chart_principles_title,
            words.chart_principles_desc,
        );
        for pillar in Pillar::ALL {
            let cells = pillar
                .principles()
                .map(|principle| {
                    let info = catalog::principle(principle);
                    let found = self.principle_score(principle);
                    let tooltip = format!(
                        "{} {}: {}{}",
                        words.principle,
                        principle.number(),
                        info.title,
                        found.map_or_else(
                            || format!(" ({})", words.not_served.to_lowercase()),
                            |s| format!(" — {}", score_text(s.score))
                        )
                    );
                    match found {
                        // A principle served only by unscored questions has no score: "n/a",
                        // not the dash of a principle the questionnaire does not serve.
                        Some(summary) => StripCell::new(
                            principle.number().to_string(),
                            summary
                                .score
                                .map_or_else(|| "n/a".to_owned(), |s| format!("{s:.0}")),
                            summary
                                .score
                                .and_then(|s| self.band_step(self.band_of_score(s))),
                            tooltip,
                        ),
                        None => StripCell::new(principle.number().to_string(), "", None, tooltip),
                    }
                })
                .collect();
            strip = strip.group(StripGroup::new(words.pillar(pillar), cells));
        }
        let count = self.profile.bands.len();
        for (i, band) in self.profile.bands.iter().enumerate() {
            let next = self.profile.bands.get(i + 1).map(|b| b.min_score);
            let range = match next {
                Some(next) => format!("{:.0}–{:.0}", band.min_score, next),
                None => format!("{:.0}–100", band.min_score),
            };
            strip = strip.legend(LegendEntry::new(
                Some(step_of(i, count)),
                format!("{} ({range})", self.band_label(Some(&band.id))),
            ));
        }
        strip
            .legend(LegendEntry::new(None, words.not_served))
            .render()
    }

    fn principle_score(&self, principle: Principle) -> Option<&'a Summary> {
        self.card
            .principles
            .iter()
            .find(|p| p.principle == principle)
            .map(|p| &p.summary)
    }

    /// The largest gaps, as bars as long as their gain, as an SVG chart.
    pub fn gap_chart(&self) -> String {
        let words = self.words();
        let gaps: Vec<_> = self.card.gaps.iter().take(TOP_GAPS).collect();
        let max = gaps.iter().map(|g| g.gain).fold(0.0, f64::max);
        let mut chart = BarChart::new("chart-gaps", words.chart_gaps_title, words.chart_gaps_desc)
            .max(if max > 0.0 { max } else { 1.0 })
            .label_width(440.0)
            .flag_legend(words.critical);
        for (n, gap) in gaps.into_iter().enumerate() {
            let mut label = self.prompt(gap.question.as_str());
            if let Some(item) = &gap.item {
                label = format!("[{item}] {label}");
            }
            // Numbered like the rows of the data table under the chart.
            let label = format!("{}. {label}", n + 1);
            let mut value = format!("+{:.1}", gap.gain);
            if gap.critical {
                value.push_str(&format!(" ({})", words.critical));
            }
            chart = chart.row(
                BarRow::new(label, Some(gap.gain))
                    .level(3)
                    .flagged(gap.critical)
                    .value_label(value),
            );
        }
        chart.render()
    }
}

/// One column of a data table: its heading, and whether it holds numbers (right-aligned).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a> {
    pub(crate) label: &'a str,
    pub(crate) numeric: bool,
}

impl<'a> Column<'a> {
    /// A column of text.
    pub(crate) const fn text(label: &'a str) -> Self {
        Column {
            label,
            numeric: false,
        }
    }

    /// A column of numbers.
    pub(crate) const fn num(label: &'a str) -> Self {
        Column {
            label,
            numeric: true,
        }
    }
}

/// Whether `text` has its own translation for `language` (plain text has none).
fn translated(text: &Text, language: &LanguageTag) -> bool {
    match text {
        Text::Translated(map) => map.contains_key(language),
        Text::Plain(_) => false,
    }
}

/// A score with one decimal, or "n/a".
fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_owned(), |s| format!("{s:.1}"))
}

/// A share as a whole percentage, or "n/a".
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "n/a".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

/// The principles of a set as "16, 19".
fn principle_list(set: crate::catalog::PrincipleSet) -> String {
    set.iter()
        .map(|p| p.number().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "principle 19" or "principles 15, 22" (the plural takes an `s` in English and French alike).
fn principles_phrase(word: &str, set: crate::catalog::PrincipleSet) -> String {
    let word = word.to_lowercase();
    if set.len() == 1 {
        format!("{word} {}", principle_list(set))
    } else {
        format!("{word}s {}", principle_list(set))
    }
}

/// Ranges of principle numbers, such as "1–10, 25–31".
fn ranges(numbers: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = numbers.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_join_consecutive_numbers() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn numbers_round_only_when_rendered() {
        assert_eq!(score_text(Some(62.449)), "62.4");
        assert_eq!(score_text(None), "n/a");
        assert_eq!(percent(Some(0.875)), "88%");
    }
}
