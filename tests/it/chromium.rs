//! The HTML report in a real browser: headless Chromium lays the page out and a probe script
//! (added to a copy of the page here; the report itself has no script) writes the bounding boxes
//! of the charts and of their marks into the DOM, which `--dump-dom` prints.
//!
//! Without `chromium` on the `PATH` the test is skipped with a notice, unless the `CI`
//! environment variable is set: then it fails, because CI must run it (`.ci/run` installs it).
//!
//! With `HRDD_BLESS_SCREENSHOTS=1` it also rewrites the screenshots under `examples/output/`
//! that the README shows.

#![cfg(feature = "report")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::report::{reference_register_html, sample_html};
use super::report_comparison::fixture_comparison_html;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chromium");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs Chromium headless on `page` with a fresh profile directory, with `extra` arguments.
fn run_chromium(exe: &Path, page: &Path, name: &str, extra: &[String]) -> std::process::Output {
    let profile = scratch().join(format!("profile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let output = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    output
}

const PROBE: &str = r#"<script>//<![CDATA[
(function () {
  var boxes = [];
  var svgs = document.querySelectorAll('svg');
  for (var i = 0; i < svgs.length; i++) {
    var svg = svgs[i];
    var r = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('.bar, .mark');
    var drawn = 0;
    for (var j = 0; j < marks.length; j++) {
      var m = marks[j];
      var b = m.getBBox();
      // A horizontal line has a flat box: a path counts when it has length.
      var shown = m.tagName === 'path' ? m.getTotalLength() > 0 : (b.width > 0 && b.height > 0);
      if (shown) { drawn++; }
    }
    boxes.push({ id: svg.id, width: r.width, height: r.height, marks: marks.length, drawn: drawn });
  }
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({ svgs: boxes, height: document.documentElement.scrollHeight });
  document.body.appendChild(pre);
})();
//]]></script>"#;

#[test]
fn the_html_report_draws_its_charts_in_headless_chromium() {
    let Some(exe) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `chromium` is not on the PATH: .ci/run should have installed it"
        );
        eprintln!("skipped: `chromium` is not on the PATH (install it to run this test)");
        return;
    };
    let html = sample_html();
    let page = scratch().join("probe.html");
    std::fs::write(&page, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let output = run_chromium(&exe, &page, "probe", &["--dump-dom".to_owned()]);
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| {
        panic!(
            "no probe output; chromium said:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    }) + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let probe: Value = serde_json::from_str(&json).unwrap();
    let svgs = probe["svgs"].as_array().unwrap();
    let ids: Vec<&str> = svgs.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["chart-scores", "chart-principles", "chart-gaps"]);
    for svg in svgs {
        let id = svg["id"].as_str().unwrap();
        assert!(svg["width"].as_f64().unwrap() > 300.0, "{id}: {svg}");
        assert!(svg["height"].as_f64().unwrap() > 50.0, "{id}: {svg}");
        assert!(svg["marks"].as_u64().unwrap() > 0, "{id}: {svg}");
        // Every mark (bar or cell) has a non-empty box: nothing collapsed to zero size.
        assert_eq!(svg["drawn"], svg["marks"], "{id}: {svg}");
    }
    // One cell per principle.
    assert_eq!(svgs[1]["marks"], 31);

    // The risk register: the heat map's 25 cells and the flow's lines are drawn.
    let register = reference_register_html();
    let page = scratch().join("register-probe.html");
    std::fs::write(
        &page,
        register.replace("</body>", &format!("{PROBE}</body>")),
    )
    .unwrap();
    let output = run_chromium(&exe, &page, "register", &["--dump-dom".to_owned()]);
    let probe = probe_of(&String::from_utf8_lossy(&output.stdout));
    let svgs = probe["svgs"].as_array().unwrap();
    assert_eq!(svgs.len(), 2);
    assert_eq!(svgs[0]["marks"], 25);
    for svg in svgs {
        assert!(svg["width"].as_f64().unwrap() > 300.0, "{svg}");
        assert!(svg["marks"].as_u64().unwrap() > 0, "{svg}");
        assert_eq!(svg["drawn"], svg["marks"], "{svg}");
    }

    // The comparison: one row of paired bars per part, every bar drawn (placeholders included).
    let comparison = fixture_comparison_html();
    let page = scratch().join("comparison-probe.html");
    std::fs::write(
        &page,
        comparison.replace("</body>", &format!("{PROBE}</body>")),
    )
    .unwrap();
    let output = run_chromium(&exe, &page, "comparison", &["--dump-dom".to_owned()]);
    let probe = probe_of(&String::from_utf8_lossy(&output.stdout));
    let svgs = probe["svgs"].as_array().unwrap();
    assert_eq!(svgs.len(), 1);
    // 5 parts, two bars each.
    assert_eq!(svgs[0]["marks"], 10);
    assert!(svgs[0]["width"].as_f64().unwrap() > 300.0, "{}", svgs[0]);
    assert_eq!(svgs[0]["drawn"], svgs[0]["marks"], "{}", svgs[0]);

    if std::env::var_os("HRDD_BLESS_SCREENSHOTS").is_some_and(|v| v == "1") {
        screenshots(&exe, &html, &register);
    }
}

/// The probe's JSON in a dumped DOM.
fn probe_of(dom: &str) -> Value {
    let start =
        dom.find("<pre id=\"probe\">").expect("no probe output") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// Screenshots of the sample company's report for the README: the top of the page, then the
/// principles and gaps, then the start of the action plan, each cut to its own page by hiding the
/// other sections.
fn screenshots(exe: &Path, html: &str, register: &str) {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/output");
    std::fs::create_dir_all(&out).unwrap();
    let shots = [
        (
            "scorecard-summary.png",
            "#principles, #gaps, #plan, #reading, footer { display: none; }",
            1480,
        ),
        (
            "scorecard-principles-gaps.png",
            "header, #summary, #scores, #plan, #reading, footer { display: none; } \
             #principles table { display: none; } #principles .note { display: none; }",
            1100,
        ),
        (
            "scorecard-action-plan.png",
            "header, #summary, #scores, #principles, #gaps, #reading, footer { display: none; }",
            1350,
        ),
    ];
    let register_shot = [(
        "risk-register.png",
        "header .subtitle, #plan, footer { display: none; } #heat-map table { display: none; }",
        1500,
    )];
    for (source, (name, hide, height)) in shots
        .into_iter()
        .map(|shot| (html, shot))
        .chain(register_shot.into_iter().map(|shot| (register, shot)))
    {
        let page = scratch().join(format!("{name}.html"));
        std::fs::write(
            &page,
            source.replace("</head>", &format!("<style>{hide}</style></head>")),
        )
        .unwrap();
        let target = out.join(name);
        let output = run_chromium(
            exe,
            &page,
            name,
            &[
                format!("--screenshot={}", target.display()),
                format!("--window-size=1060,{height}"),
            ],
        );
        assert!(
            target.is_file(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
