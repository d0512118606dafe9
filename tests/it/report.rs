//! The report renderers: Markdown against reviewed golden files (with the key numbers asserted
//! independently), the HTML parsed strictly and checked for its structure, accessibility and
//! self-containment, and the action plan's order and grouping.
//!
//! Run with `HRDD_BLESS_GOLDEN=1` to rewrite the golden files after a deliberate change, then
//! read the diff before committing it.

#![cfg(feature = "report")]

use std::path::{Path, PathBuf};

use hrdd::LanguageTag;
use hrdd::assessment::Assessment;
use hrdd::questionnaire::{CheckedQuestionnaire, Owner, Questionnaire, builtin};
use hrdd::report::ScorecardReport;
use hrdd::scoring::{Scorecard, ScoringProfile, score};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn fixture_questionnaire() -> CheckedQuestionnaire {
    Questionnaire::from_json(&read(
        &root().join("tests/fixtures/valid/questionnaire.json"),
    ))
    .unwrap()
    .check()
    .unwrap()
}

/// Scores an assessment file against a questionnaire with the default profile.
pub(crate) fn scored(questionnaire: &CheckedQuestionnaire, assessment: &str) -> Scorecard {
    let assessment = Assessment::from_json(&read(&root().join(assessment))).unwrap();
    let checked = assessment.check(questionnaire).unwrap();
    score(&checked, &ScoringProfile::default_profile())
}

/// The sample company's respect scorecard, in HTML (used by the Chromium test too).
pub(crate) fn sample_html() -> String {
    let questionnaire = builtin("ungp-respect-company").unwrap();
    let card = scored(
        questionnaire,
        "examples/data/meridian-respect.assessment.json",
    );
    ScorecardReport::new(&card, questionnaire, &ScoringProfile::default_profile()).html()
}

/// The reference risk graph's register, in HTML (used by the Chromium test).
pub(crate) fn reference_register_html() -> String {
    let graph = hrdd::risk::reference_graph();
    let register = graph
        .clone()
        .check()
        .unwrap()
        .analyse(&hrdd::risk::PrioritisationProfile::default());
    hrdd::report::RegisterReport::new(&register, graph).html()
}

#[test]
fn register_html_is_well_formed_with_two_accessible_charts_and_tables() {
    let html = reference_register_html();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).unwrap();
    let svgs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("svg"))
        .collect();
    assert_eq!(svgs.len(), 2);
    for svg in svgs {
        assert_eq!(svg.attribute("role"), Some("img"));
        let figure = svg.parent_element().unwrap();
        assert!(figure.next_sibling_element().unwrap().has_tag_name("table"));
    }
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    // The data table under the heat map counts every path risk once.
    let graph = hrdd::risk::reference_graph();
    let register = graph
        .clone()
        .check()
        .unwrap()
        .analyse(&hrdd::risk::PrioritisationProfile::default());
    let table = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("table-heat-map"))
        .unwrap();
    let total: usize = table
        .descendants()
        .filter(|n| n.attribute("class") == Some("num") && n.has_tag_name("td"))
        .map(|n| n.text().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, register.risk_count());
}

pub(crate) fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("HRDD_BLESS_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = read(&path);
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {} (rerun with HRDD_BLESS_GOLDEN=1 and review the diff):\n\
             expected: {:?}\nactual:   {:?}",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// The fixture assessment, worked out by hand (default profile: question score =
/// 100 * (points - worst) / (best - worst); sections are plain means here, all weights being 1):
/// - policy: has-policy yes 100, maturity 3 75, approval `board` 2/2 100, audiences 2 of 3 points
///   66.67, review every 365 days (band from 0, 2 of 2 points) 100: mean 441.67 / 5 = 88.33,
///   band "leading" (80 and up);
/// - per-issue combines its items by their minimum: privacy level 2 = 50, expression unknown = 0,
///   so 0, band "absent";
/// - overall = mean of the two scored sections = 44.17, band "developing" (40 to 60);
/// - 7 applicable scored questions (5 + one per item), 6 answered (86%), 1 evidenced (14%);
/// - gains: expression 0 -> 100 lifts the section's minimum to 50, overall +25; audiences
///   66.67 -> 100 lifts the policy mean by 6.67, overall +3.33; maturity 75 -> 100: +2.5;
///   privacy 50 -> 100 leaves the minimum at 0: +0.
#[test]
fn fixture_markdown_matches_its_golden_file_and_the_hand_computed_numbers() {
    let questionnaire = fixture_questionnaire();
    let card = scored(&questionnaire, "tests/fixtures/valid/assessment.json");
    let profile = ScoringProfile::default_profile();
    let markdown = ScorecardReport::new(&card, &questionnaire, &profile).markdown();

    assert!(markdown.contains("| **Overall** | **44.2** | Developing | 86% | 14% | 7 | 1 | 0 |"));
    assert!(
        markdown
            .contains("| Policy commitment | Pillar II: Respect | 88.3 | Leading | 100% | 20% |")
    );
    assert!(markdown.contains(
        "| Action on each salient issue | Pillar II: Respect | 0.0 | Absent | 50% | 0% | 2 items: `expression` 0.0, `privacy` 50.0 |"
    ));
    // Gaps in order of gain, and the plan in the same order (no critical gap here).
    let gains: Vec<&str> = markdown
        .lines()
        .filter(|l| {
            l.starts_with("| 1 | +")
                || l.starts_with("| 2 | +")
                || l.starts_with("| 3 | +")
                || l.starts_with("| 4 | +")
        })
        .map(|l| l.split(" | ").nth(1).unwrap())
        .collect();
    assert_eq!(gains, ["+25.0", "+3.3", "+2.5", "+0.0"]);
    assert!(markdown.contains("1. Is action taken on the issue integrated across relevant functions? \\[`expression`\\] — Unassigned; principle 19; +25.0 points"));
    assert!(markdown.contains("Not served by this questionnaire: 1–15, 17, 20–23, 25–31."));
    golden("fixture-respect.md", &markdown);
}

/// The sample company, in full: the golden file was read line by line when it was written. The
/// numbers asserted here come from the scorecard itself, so that the report is checked to show
/// them, rounded to one decimal.
#[test]
fn sample_company_markdown_matches_its_golden_file() {
    let questionnaire = builtin("ungp-respect-company").unwrap();
    let card = scored(
        questionnaire,
        "examples/data/meridian-respect.assessment.json",
    );
    let profile = ScoringProfile::default_profile();
    let report = ScorecardReport::new(&card, questionnaire, &profile);
    let markdown = report.markdown();
    let overall = card.overall.score.unwrap();
    assert!(markdown.contains(&format!("| **Overall** | **{overall:.1}** |")));
    // Every gap becomes exactly one action, and every action is listed once in priority order.
    let plan = report.action_plan();
    assert_eq!(plan.actions.len(), card.gaps.len());
    let last = plan.actions.len();
    assert!(markdown.contains(&format!("\n{last}. ")));
    assert!(!markdown.contains(&format!("\n{}. ", last + 1)));
    golden("meridian-respect.md", &markdown);
}

#[test]
fn french_report_uses_the_questionnaire_s_french_texts_and_french_words() {
    let questionnaire = builtin("ungp-remedy").unwrap();
    let card = scored(
        questionnaire,
        "examples/data/meridian-remedy.assessment.json",
    );
    let profile = ScoringProfile::default_profile();
    let report = ScorecardReport::new(&card, questionnaire, &profile)
        .with_language(LanguageTag::new("fr").unwrap());
    let markdown = report.markdown();
    let title = questionnaire
        .questionnaire()
        .title
        .get(&LanguageTag::new("fr").unwrap(), &LanguageTag::english());
    assert_ne!(title, questionnaire.questionnaire().title.english());
    assert!(markdown.contains(title));
    assert!(markdown.contains("## Plan d'action"));
    assert!(markdown.contains("| Partie | Note | Niveau |"));
    golden("meridian-remedy.fr.md", &markdown);
    let html = report.html();
    assert!(html.contains("lang=\"fr\""));
}

#[test]
fn the_action_plan_puts_critical_gaps_first_then_orders_by_gain() {
    let questionnaire = builtin("ungp-remedy").unwrap();
    let card = scored(
        questionnaire,
        "examples/data/meridian-remedy.assessment.json",
    );
    let profile = ScoringProfile::default_profile();
    let plan = ScorecardReport::new(&card, questionnaire, &profile).action_plan();
    let critical = plan.actions.iter().take_while(|a| a.critical).count();
    assert!(critical > 0);
    assert!(plan.actions.iter().skip(critical).all(|a| !a.critical));
    for pair in plan.actions[..critical]
        .windows(2)
        .chain(plan.actions[critical..].windows(2))
    {
        // Equal up to floating-point noise counts as a tie (broken by question id).
        assert!(pair[0].gain >= pair[1].gain - 1e-9, "{pair:?}");
    }
    assert!(
        plan.actions
            .iter()
            .enumerate()
            .all(|(i, a)| a.rank == i + 1)
    );
    // Owners come from the data: `end-use-grievance-channel` sits in a section owned by trust and
    // safety and names no owner of its own.
    let channel = plan
        .actions
        .iter()
        .find(|a| a.question.as_str() == "end-use-grievance-channel")
        .unwrap();
    assert_eq!(channel.owner, Some(Owner::TrustAndSafety));
    // Grouping by owner loses nothing and keeps the plan's order inside each group.
    let groups = plan.by_owner();
    assert_eq!(
        groups.iter().map(|(_, list)| list.len()).sum::<usize>(),
        plan.actions.len()
    );
    for (_, list) in &groups {
        assert!(list.windows(2).all(|w| w[0].rank < w[1].rank));
    }
    // By principle: each action under every principle it serves.
    let listed: usize = plan.by_principle().iter().map(|(_, l)| l.len()).sum();
    let served: usize = plan.actions.iter().map(|a| a.principles.len()).sum();
    assert_eq!(listed, served);
}

#[test]
fn every_builtin_question_has_an_owner_from_its_section_or_itself() {
    for checked in hrdd::questionnaire::builtins() {
        for section in &checked.questionnaire().sections {
            assert!(section.owner.is_some(), "{}", section.id);
            for question in &section.questions {
                // An owner named on a question differs from its section's (else it is noise).
                assert_ne!(question.owner, section.owner, "{}", question.id);
            }
        }
    }
}

pub(crate) fn element_children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children().filter(|c| c.is_element()).collect()
}

#[test]
fn html_is_well_formed_self_contained_and_accessible() {
    let html = sample_html();
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(root.attribute("lang"), Some("en"));

    // Nothing runs and nothing is fetched: no script, no external resource of any kind.
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "link" | "img" | "iframe" | "object" | "embed"
            ),
            "{name}"
        );
        for attribute in node.attributes() {
            let value = attribute.value();
            if attribute.name() == "href" {
                assert!(value.starts_with('#'), "external link {value}");
            }
            assert!(!value.contains("javascript:"));
        }
    }
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(style.contains("@media print"));

    // The sections, in order, each with a heading.
    let main = doc.descendants().find(|n| n.has_tag_name("main")).unwrap();
    let ids: Vec<&str> = element_children(main)
        .iter()
        .filter_map(|s| s.attribute("id"))
        .collect();
    assert_eq!(
        ids,
        ["summary", "scores", "principles", "gaps", "plan", "reading"]
    );

    // Three charts, each an accessible image followed by its data table.
    let svgs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("svg"))
        .collect();
    assert_eq!(svgs.len(), 3);
    for svg in &svgs {
        let id = svg.attribute("id").unwrap();
        assert_eq!(svg.attribute("role"), Some("img"));
        assert_eq!(
            svg.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        let kids = element_children(*svg);
        assert!(kids[0].has_tag_name("title") && !kids[0].text().unwrap().is_empty());
        assert!(kids[1].has_tag_name("desc") && !kids[1].text().unwrap().is_empty());
        let figure = svg.parent_element().unwrap();
        assert!(figure.has_tag_name("figure"));
        let table = figure.next_sibling_element().unwrap();
        assert!(
            table.has_tag_name("table"),
            "{id} has no data table after it"
        );
        assert!(table.descendants().any(|n| n.has_tag_name("caption")));
    }

    // The principle strip has one cell per principle, 1 to 31.
    let strip = svgs
        .iter()
        .find(|s| s.attribute("id") == Some("chart-principles"))
        .unwrap();
    let cells = strip
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .count();
    assert_eq!(cells, 31);

    // The plan lists one item per gap.
    let questionnaire = builtin("ungp-respect-company").unwrap();
    let card = scored(
        questionnaire,
        "examples/data/meridian-respect.assessment.json",
    );
    let items = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("plan"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("li"))
        .count();
    assert_eq!(items, card.gaps.len());
    // Every internal link points at an element that exists.
    for node in doc.descendants() {
        if let Some(target) = node.attribute("href").and_then(|h| h.strip_prefix('#')) {
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(target)),
                "dangling link #{target}"
            );
        }
    }
}

#[test]
fn html_escapes_user_text() {
    let questionnaire = fixture_questionnaire();
    let mut assessment =
        Assessment::from_json(&read(&root().join("tests/fixtures/valid/assessment.json"))).unwrap();
    assessment.subject.name = "<script>alert(\"x\")</script> & Co".to_owned();
    let card = score(
        &assessment.check(&questionnaire).unwrap(),
        &ScoringProfile::default_profile(),
    );
    let profile = ScoringProfile::default_profile();
    let report = ScorecardReport::new(&card, &questionnaire, &profile);
    let html = report.html();
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"));
    let markdown = report.markdown();
    assert!(markdown.starts_with("# \\<script\\>alert(\"x\")\\</script\\> & Co"));
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(sample_html(), sample_html());
}

/// The fixture's `issues` section serves principles 18 and 24 with nothing but an unscored list:
/// their cells say "n/a", while the 27 principles the fixture never names show a dash.
#[test]
fn principle_strip_tells_unscored_from_unserved() {
    let questionnaire = fixture_questionnaire();
    let card = scored(&questionnaire, "tests/fixtures/valid/assessment.json");
    let profile = ScoringProfile::default_profile();
    let svg = ScorecardReport::new(&card, &questionnaire, &profile).principle_chart();
    assert_eq!(svg.matches(">n/a</text>").count(), 2);
    assert_eq!(svg.matches(">–</text>").count(), 27);
}
