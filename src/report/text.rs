//! The plain-text summary for terminals.

use std::fmt::Write as _;

use super::{ScorecardReport, percent};

/// A score right-aligned in five columns, or "  n/a".
pub(crate) fn points(score: Option<f64>) -> String {
    score.map_or_else(|| "  n/a".to_owned(), |s| format!("{s:5.1}"))
}

/// `text` padded with spaces to `width` characters (by characters, not bytes).
fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(count)));
    out
}

impl ScorecardReport<'_> {
    /// A summary a reader understands at a glance in a terminal: overall and per pillar, the
    /// weakest sections, the gaps whose closing would add the most with what to do, and how many
    /// actions each function owns.
    pub fn text(&self) -> String {
        let words = self.words();
        let card = self.card;
        let mut out = String::new();
        let _ = writeln!(out, "{} — {}", card.subject.name, self.title());
        let _ = writeln!(
            out,
            "{} {} {}, {} {} {}{}",
            words.questionnaire.to_lowercase(),
            card.questionnaire.id,
            card.questionnaire.version,
            words.profile.to_lowercase(),
            card.profile.id,
            card.profile.version,
            card.date.as_ref().map_or(String::new(), |d| format!(
                ", {} {d}",
                words.assessed.to_lowercase()
            ))
        );
        let _ = writeln!(out);
        let rows: Vec<(String, &crate::scoring::Summary)> =
            std::iter::once((words.overall.to_owned(), &card.overall))
                .chain(
                    card.pillars
                        .iter()
                        .map(|p| (words.pillar(p.pillar).to_owned(), &p.summary)),
                )
                .collect();
        let name_width = rows
            .iter()
            .map(|(name, _)| name.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        let _ = writeln!(
            out,
            "  {} {:>5}  {} {:>8}  {:>8}",
            pad("", name_width),
            words.score.to_lowercase(),
            pad(&words.band.to_lowercase(), 13),
            words.coverage.to_lowercase(),
            words.evidence.to_lowercase()
        );
        for (name, summary) in &rows {
            let _ = writeln!(
                out,
                "  {} {}  {} {:>8}  {:>8}",
                pad(name, name_width),
                points(summary.score),
                pad(&self.band_label(summary.band.as_ref()), 13),
                percent(summary.coverage),
                percent(summary.confidence)
            );
        }
        let overall = &card.overall;
        if overall.unknown + overall.unanswered > 0 {
            let _ = writeln!(
                out,
                "  ({})",
                words
                    .not_demonstrated(overall.unknown, overall.unanswered, overall.applicable)
                    .trim_end_matches('.')
            );
        }

        let mut weakest: Vec<_> = card
            .sections
            .iter()
            .filter_map(|s| s.summary.score.map(|score| (score, s)))
            .collect();
        weakest.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| a.1.section.cmp(&b.1.section))
        });
        let _ = writeln!(out, "\n{}", words.weakest);
        for (score, section) in weakest.iter().take(3) {
            let title = self
                .questionnaire
                .questionnaire()
                .sections
                .iter()
                .find(|s| s.id == section.section)
                .map_or_else(|| self.local(&section.title), |s| self.local(&s.title));
            let _ = write!(
                out,
                "  {} {} {}",
                points(Some(*score)),
                pad(&self.band_label(section.summary.band.as_ref()), 13),
                title
            );
            if let Some(cap) = &section.cap {
                let ids: Vec<String> = cap.questions.iter().map(|q| format!("`{q}`")).collect();
                let _ = write!(
                    out,
                    " ({} {}: {} {} {})",
                    words.capped,
                    self.band_label(Some(&cap.band)),
                    words.critical,
                    ids.join(", "),
                    words.at_bottom
                );
            }
            let _ = writeln!(out);
        }

        if card.gaps.is_empty() {
            let _ = writeln!(out, "\n{}", words.no_gaps);
            return out;
        }
        let _ = writeln!(out, "\n{}", words.top_gaps);
        for (n, gap) in card.gaps.iter().take(5).enumerate() {
            let item = gap
                .item
                .as_ref()
                .map_or(String::new(), |i| format!(" [{i}]"));
            let state = match gap.status {
                crate::scoring::QuestionStatus::Unknown
                | crate::scoring::QuestionStatus::Unanswered => {
                    format!(" ({})", self.status(gap.status))
                }
                _ => String::new(),
            };
            let critical = if gap.critical {
                format!(" [{}]", words.critical)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {}. +{:.1}  {}{}{}{} — {}",
                n + 1,
                gap.gain,
                self.prompt(gap.question.as_str()),
                item,
                state,
                critical,
                super::principles_phrase(words.principle, gap.principles)
            );
            if let Some(action) = &gap.action {
                let _ = writeln!(
                    out,
                    "         {}: {}",
                    words.action.to_lowercase(),
                    self.local(action)
                );
            }
        }

        let plan = self.action_plan();
        let _ = writeln!(
            out,
            "\n{} ({})",
            words.plan_heading,
            words.count_actions(plan.actions.len())
        );
        let groups = plan.by_owner();
        let owner_width = groups
            .iter()
            .map(|(owner, _)| words.owner(*owner).chars().count())
            .max()
            .unwrap_or(0);
        for (owner, actions) in &groups {
            let gain: f64 = actions.iter().map(|a| a.gain).sum();
            let critical = actions.iter().filter(|a| a.critical).count();
            let _ = write!(
                out,
                "  {}  {:>11}, +{:.1} {}",
                pad(words.owner(*owner), owner_width),
                words.count_actions(actions.len()),
                gain,
                words.points
            );
            if critical > 0 {
                let _ = write!(out, ", {critical} {}", words.critical);
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "  {}", words.full_plan_hint);
        out
    }
}
