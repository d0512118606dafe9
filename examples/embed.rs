//! The shortest program a compliance-tool developer would write: load a questionnaire and an
//! assessment from JSON, score, print the scorecard as JSON.
//!
//! ```text
//! cargo run --example embed -- <questionnaire.json> <assessment.json>
//! cargo run --example embed            # the bundled sample company
//! ```

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::indexing_slicing,
    reason = "an example prints, and indexes positional arguments only after counting them"
)]

use hrdd::assessment::Assessment;
use hrdd::questionnaire::Questionnaire;
use hrdd::scoring::{ScoringProfile, score};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (questionnaire_text, assessment_text) = match args.as_slice() {
        [questionnaire, assessment] => (
            std::fs::read_to_string(questionnaire)?,
            std::fs::read_to_string(assessment)?,
        ),
        _ => {
            let data = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/");
            let questionnaire = hrdd::questionnaire::builtin("ungp-respect-company")
                .ok_or("no built-in questionnaire")?;
            (
                serde_json::to_string(questionnaire.questionnaire())?,
                std::fs::read_to_string(format!("{data}meridian-respect.assessment.json"))?,
            )
        }
    };

    // Every step reports all the problems it finds, each with its JSON pointer.
    let questionnaire = Questionnaire::from_json(&questionnaire_text)?.check()?;
    let assessment = Assessment::from_json(&assessment_text)?;
    let checked = assessment.check(&questionnaire)?;
    let scorecard = score(&checked, &ScoringProfile::default_profile());

    println!("{}", serde_json::to_string_pretty(&scorecard)?);
    Ok(())
}
