//! The comparison report: Markdown against a reviewed golden file with its numbers worked out by
//! hand, and the HTML parsed strictly and checked for its structure, accessibility and
//! self-containment (as `report.rs` does for the scorecard).
//!
//! Run with `HRDD_BLESS_GOLDEN=1` to rewrite the golden file after a deliberate change, then read
//! the diff before committing it.

#![cfg(feature = "report")]

use hrdd::assessment::{Answer, Assessment, Response};
use hrdd::comparison::{ScorecardComparison, compare};
use hrdd::report::ComparisonReport;
use hrdd::scoring::{ScoringProfile, score};

use super::report::{element_children, fixture_questionnaire, golden, read, root};

fn maturity(level: u8) -> Response {
    Response::Answered {
        answer: Answer::Maturity { level },
        evidence: Vec::new(),
        note: None,
    }
}

/// The fixture assessment, and six months later the same with two answers raised to level 4:
/// `policy-maturity` (was 3) and the `expression` item of `issue-action` (was unknown).
fn fixture_comparison() -> ScorecardComparison {
    let questionnaire = fixture_questionnaire();
    let before =
        Assessment::from_json(&read(&root().join("tests/fixtures/valid/assessment.json"))).unwrap();
    let mut after = before.clone();
    after.date = Some("2026-09-30".to_owned());
    after.responses.insert(
        hrdd::QuestionId::new("policy-maturity").unwrap(),
        maturity(4),
    );
    let expression = after
        .repeats
        .get_mut("per-issue")
        .and_then(|items| items.get_mut("expression"))
        .unwrap();
    expression.insert(hrdd::QuestionId::new("issue-action").unwrap(), maturity(4));
    let profile = ScoringProfile::default_profile();
    let card = |a: &Assessment| score(&a.check(&questionnaire).unwrap(), &profile);
    compare(&card(&before), &card(&after)).unwrap()
}

/// The numbers, by hand from the fixture (default profile; every weight 1; `report.rs` works out
/// the "before" side):
/// - policy: before 100, 75, 100, 66.67, 100 -> 441.67 / 5 = 88.33; the maturity answer goes
///   from 3 (75) to 4 (100), so after 466.67 / 5 = 93.33, +5.0; "Leading" both times (80 up);
/// - per-issue keeps its weakest item: before min(privacy 50, expression 0) = 0, after
///   min(50, 100) = 50, +50.0; band "Absent" (below 20) to "Developing" (40 to 60); coverage
///   1 of 2 items answered (50%) to 2 of 2 (100%);
/// - the salient-issues list is unscored: no score before or after, so it did not move;
/// - overall = mean of the two scored sections: 44.17 -> 71.67, +27.5; "Developing" to
///   "Established" (60 to 80); coverage 6 of 7 (86%) to 7 of 7 (100%); evidence 1 of 7 (14%);
/// - principle 16 follows the policy section (88.3 -> 93.3); principle 19 is the mean over
///   the items, (50 + 0) / 2 = 25 -> (50 + 100) / 2 = 75; 18 and 24 (unscored) do not move;
/// - gaps closed, by question id: `issue-action` [expression] (unknown, 0, worth +25.0 before:
///   it alone held the section's minimum at 0) and `policy-maturity` (answered, 75, worth
///   +2.5 = 25 / 5 / 2); none opened (the remaining gaps stay gaps).
#[test]
fn fixture_comparison_markdown_matches_its_golden_file_and_the_hand_computed_numbers() {
    let comparison = fixture_comparison();
    let questionnaire = fixture_questionnaire();
    let profile = ScoringProfile::default_profile();
    let markdown = ComparisonReport::new(&comparison)
        .with_questionnaire(&questionnaire)
        .with_profile(&profile)
        .markdown();

    assert!(markdown.starts_with("# Example Telecom: progress\n"));
    assert!(markdown.contains("| Before | 2026-03-31 |\n| After | 2026-09-30 |"));
    assert!(markdown.contains(
        "The overall score rose from 44.2 to 71.7 (+27.5 points); its band went from Developing \
         to Established. Of 3 sections, 2 rose, 0 fell and 1 did not move; 2 gaps closed, 0 \
         opened, and 2 answers changed."
    ));
    assert!(markdown.contains(
        "| **Overall** | 44.2 | 71.7 | +27.5 | Developing → Established | 86% → 100% | 14% |"
    ));
    assert!(markdown.contains(
        "| Policy commitment | Pillar II: Respect | 88.3 | 93.3 | +5.0 | Leading | 100% | 20% |"
    ));
    assert!(markdown.contains(
        "| Action on each salient issue | Pillar II: Respect | 0.0 | 50.0 | +50.0 | Absent → Developing | 50% → 100% | 0% |"
    ));
    assert!(
        markdown
            .contains("| Salient issues | Pillar II: Respect | n/a | n/a | n/a | – | n/a | n/a |")
    );
    assert!(
        markdown.contains("| 19 | Integrate the findings and act on them | 25.0 | 75.0 | +50.0 |")
    );
    assert!(markdown.contains("Unchanged: principles 18, 24."));
    assert!(markdown.contains("## Gaps closed (2)"));
    assert!(markdown.contains(
        "| Is action taken on the issue integrated across relevant functions? \\[`expression`\\] | Action on each salient issue | unknown | 0.0 | +25.0 | 19 |"
    ));
    assert!(markdown.contains(
        "| How far is the commitment embedded in operational policies? | Policy commitment | answered | 75.0 | +2.5 | 16 |"
    ));
    assert!(markdown.contains("## Gaps opened (0)\n\nNone."));
    assert!(markdown.contains(
        "| `policy-maturity` | answered, 75.0, no evidence | answered, 100.0, no evidence |"
    ));
    golden("fixture-respect-progress.md", &markdown);
}

/// Without the questionnaire and the profile the report still reads, by ids.
#[test]
fn a_comparison_without_its_questionnaire_names_parts_by_id() {
    let comparison = fixture_comparison();
    let markdown = ComparisonReport::new(&comparison).markdown();
    assert!(markdown.contains("| per-issue | – | 0.0 | 50.0 | +50.0 | absent → developing |"));
    assert!(markdown.contains("| issue-action \\[`expression`\\] | per-issue |"));
    let text = ComparisonReport::new(&comparison).text();
    assert!(text.contains("Gaps closed (2)"), "{text}");
    assert!(text.contains("  issue-action [expression]: unknown 0 -> answered 100"));
}

/// The comparison of the fixture in HTML (used by the Chromium test too).
pub(crate) fn fixture_comparison_html() -> String {
    let comparison = fixture_comparison();
    let questionnaire = fixture_questionnaire();
    let profile = ScoringProfile::default_profile();
    ComparisonReport::new(&comparison)
        .with_questionnaire(&questionnaire)
        .with_profile(&profile)
        .html()
}

/// Parses a report page strictly and checks what every report page must hold: nothing that runs
/// or is fetched, every internal link resolved, every chart an accessible image with a title and
/// a description, in a figure followed by its data table with a caption. Returns the ids of the
/// sections of `<main>`, in order, and of the charts.
pub(crate) fn check_page(html: &str) -> (Vec<String>, Vec<String>) {
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(html, options).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "html");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "link" | "img" | "iframe" | "object" | "embed"
            ),
            "{name}"
        );
        if let Some(target) = node.attribute("href") {
            let target = target.strip_prefix('#').expect("internal links only");
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(target)),
                "dangling link #{target}"
            );
        }
    }
    let main = doc.descendants().find(|n| n.has_tag_name("main")).unwrap();
    let mut sections = Vec::new();
    for section in element_children(main) {
        assert!(section.has_tag_name("section"));
        let id = section.attribute("id").unwrap();
        let heading = element_children(section)[0];
        assert!(heading.has_tag_name("h2"), "{id} starts with its heading");
        assert_eq!(
            section.attribute("aria-labelledby"),
            heading.attribute("id"),
            "{id}"
        );
        sections.push(id.to_owned());
    }
    let mut charts = Vec::new();
    for svg in doc.descendants().filter(|n| n.has_tag_name("svg")) {
        let id = svg.attribute("id").unwrap();
        assert_eq!(svg.attribute("role"), Some("img"));
        let kids = element_children(svg);
        assert!(kids[0].has_tag_name("title") && !kids[0].text().unwrap().is_empty());
        assert!(kids[1].has_tag_name("desc") && !kids[1].text().unwrap().is_empty());
        let figure = svg.parent_element().unwrap();
        assert!(figure.has_tag_name("figure"), "{id}");
        let table = figure.next_sibling_element().unwrap();
        assert!(
            table.has_tag_name("table"),
            "{id} has no data table after it"
        );
        assert!(table.descendants().any(|n| n.has_tag_name("caption")));
        charts.push(id.to_owned());
    }
    (sections, charts)
}

#[test]
fn comparison_html_is_well_formed_self_contained_and_accessible() {
    let html = fixture_comparison_html();
    let (sections, charts) = check_page(&html);
    assert_eq!(
        sections,
        [
            "summary",
            "scores",
            "principles",
            "gaps",
            "answers",
            "reading"
        ]
    );
    assert_eq!(charts, ["chart-comparison"]);
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap();
    // The chart pairs an earlier and a later bar for the whole, the pillar and the three
    // sections; the salient-issues list has no score either time, so its pair is two hatched
    // placeholders: 5 rows, 10 bars, 2 of them placeholders.
    let chart = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("chart-comparison"))
        .unwrap();
    let rows = chart
        .descendants()
        .filter(|n| n.attribute("class") == Some("row"))
        .count();
    assert_eq!(rows, 5);
    let bars: Vec<_> = chart
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').next() == Some("bar"))
        })
        .collect();
    assert_eq!(bars.len(), 10);
    assert_eq!(
        bars.iter()
            .filter(|b| b.attribute("class") == Some("bar none"))
            .count(),
        2
    );
    // The legend names both series: the earlier bar is an outline, so it reads in greyscale.
    assert!(
        html.contains(">Before (2026-03-31)</text>") && html.contains(">After (2026-09-30)</text>")
    );
    // The data table under the chart has one row per chart row.
    let table = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("table-scores"))
        .unwrap();
    let body_rows = table
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.parent_element().unwrap().has_tag_name("tbody"))
        .count();
    assert_eq!(body_rows, rows);
    // The two closed gaps are listed; no gap opened.
    let closed = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("table-gaps-closed"))
        .unwrap();
    assert_eq!(
        closed
            .descendants()
            .filter(|n| n.has_tag_name("tr"))
            .count(),
        3
    );
    assert!(html.contains("<h3>Gaps opened (0)</h3>\n<p>None.</p>"));
}

#[test]
fn comparison_html_escapes_user_text() {
    let mut comparison = fixture_comparison();
    comparison.subject.name = "<script>alert(1)</script> & Co".to_owned();
    let report = ComparisonReport::new(&comparison);
    let html = report.html();
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    assert!(
        report
            .markdown()
            .starts_with("# \\<script\\>alert(1)\\</script\\> & Co: progress")
    );
}
