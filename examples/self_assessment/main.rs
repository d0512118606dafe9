//! Run a human rights self-assessment against the UN Guiding Principles.
//!
//! ```text
//! cargo run --example self_assessment                      # score the bundled sample company
//! cargo run --example self_assessment -- list [--json]     # the built-in questionnaires
//! cargo run --example self_assessment -- show <id>         # a questionnaire as JSON
//! cargo run --example self_assessment -- template <id>     # a blank assessment to fill in
//! cargo run --example self_assessment -- score <assessment.json> [--questionnaire <file-or-id>]
//!     [--profile <file-or-id>] [--format text|json|markdown|html] [--out FILE] [--lang L]
//! cargo run --example self_assessment -- interactive <questionnaire-id-or-file> [--save FILE]
//!     [--lang L] [--profile <file-or-id>]                # answer in the terminal, resumable
//! cargo run --example self_assessment -- validate <file> [--questionnaire <file-or-id>]
//! cargo run --example self_assessment -- migrate <assessment.json> [--to <version>] [--report]
//! cargo run --example self_assessment -- compare <old-assessment-or-scorecard> <new-...>
//!     [--format text|json|markdown|html] [--out FILE]
//! ```
//!
//! `--out FILE` writes a report to a file instead of stdout; for `compare` it goes with
//! `--format markdown` or `html` only.
//!
//! Exit codes: 0 success, 1 usage error, 2 invalid input (each problem on stderr as
//! `<json-pointer>: <message>`) or a file that cannot be read or written.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::indexing_slicing,
    reason = "an example prints, and indexes positional arguments only after counting them"
)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hrdd::Stage;
use hrdd::assessment::Assessment;
use hrdd::comparison::compare;
use hrdd::document::{Document, read};
use hrdd::migration::{Outcome, builtin_migration, migrate};
use hrdd::questionnaire::{
    AnswerKind, CheckedQuestionnaire, Questionnaire, builtin, builtin_version, builtin_versions,
    builtins,
};
use hrdd::report::{ComparisonReport, ScorecardReport};
use hrdd::scoring::{Scorecard, ScoringProfile, builtin_profile, score};
use hrdd::{LanguageTag, Limits, Problems};

#[path = "../common/cli.rs"]
mod cli;
mod interactive;

use cli::exit_code;
pub(crate) use cli::{Command, Failure, read_file};

const USAGE: &str = "usage: self_assessment [list [--json] | show <questionnaire-id> | template <questionnaire-id> |
       score <assessment.json> [--questionnaire <file-or-id>] [--profile <file-or-id>] [--format text|json|markdown|html] [--out FILE] [--lang L] |
       interactive <questionnaire-id-or-file> [--save FILE] [--lang L] [--profile <file-or-id>] |
       validate <file> [--questionnaire <file-or-id>] |
       migrate <assessment.json> [--to <version>] [--report] |
       compare <old-assessment-or-scorecard> <new-assessment-or-scorecard> [--format text|json|markdown|html] [--out FILE]]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    exit_code(run(&args), USAGE)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((name, rest)) = args.split_first() else {
        return demo();
    };
    match name.as_str() {
        "list" => {
            let command = Command::parse(rest, &[], &["json"])?;
            expect_positional(&command, 0)?;
            list(command.has_flag("json"))
        }
        "show" => {
            let command = Command::parse(rest, &[], &[])?;
            expect_positional(&command, 1)?;
            let questionnaire = builtin_or_usage(&command.positional[0])?;
            print_json(questionnaire.questionnaire());
            Ok(())
        }
        "template" => {
            let command = Command::parse(rest, &[], &[])?;
            expect_positional(&command, 1)?;
            let questionnaire = builtin_or_usage(&command.positional[0])?;
            print_json(&template(questionnaire.questionnaire()));
            Ok(())
        }
        "score" => {
            let command = Command::parse(
                rest,
                &["questionnaire", "profile", "format", "lang", "out"],
                &[],
            )?;
            expect_positional(&command, 1)?;
            score_command(&command)
        }
        "interactive" => {
            let command = Command::parse(rest, &["save", "lang", "profile"], &[])?;
            expect_positional(&command, 1)?;
            interactive::run(&command)
        }
        "validate" => {
            let command = Command::parse(rest, &["questionnaire"], &[])?;
            expect_positional(&command, 1)?;
            validate(&command)
        }
        "migrate" => {
            let command = Command::parse(rest, &["to"], &["report"])?;
            expect_positional(&command, 1)?;
            migrate_command(&command)
        }
        "compare" => {
            let command = Command::parse(rest, &["format", "out"], &[])?;
            expect_positional(&command, 2)?;
            compare_command(&command)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

fn expect_positional(command: &Command, count: usize) -> Result<(), Failure> {
    if command.positional.len() == count {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "expected {count} argument(s), found {}",
            command.positional.len()
        )))
    }
}

fn builtin_or_usage(id: &str) -> Result<&'static CheckedQuestionnaire, Failure> {
    builtin(id).ok_or_else(|| {
        let known: Vec<&str> = builtins()
            .iter()
            .map(|q| q.questionnaire().id.as_str())
            .collect();
        Failure::Usage(format!(
            "no built-in questionnaire `{id}`; the built-ins are {}",
            known.join(", ")
        ))
    })
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(error) => eprintln!("error: cannot write JSON: {error}"),
    }
}

fn read_document(path: &Path) -> Result<Document, Failure> {
    read(&read_file(path)?, &Limits::default()).map_err(Failure::Invalid)
}

/// A questionnaire named by a file path or a built-in id.
pub(crate) fn questionnaire_from(argument: &str) -> Result<CheckedQuestionnaire, Failure> {
    let path = Path::new(argument);
    if path.is_file() {
        let questionnaire =
            Questionnaire::from_json(&read_file(path)?).map_err(Failure::Invalid)?;
        questionnaire.check().map_err(Failure::Invalid)
    } else {
        builtin_or_usage(argument).cloned()
    }
}

/// The built-in questionnaire an assessment answers: the version it names when that version is
/// built in, else the newest (whose check then reports the version difference).
fn answered_questionnaire(assessment: &Assessment) -> Result<CheckedQuestionnaire, Failure> {
    let reference = &assessment.questionnaire;
    match builtin_version(reference.id.as_str(), &reference.version) {
        Some(questionnaire) => Ok(questionnaire.clone()),
        None => questionnaire_from(reference.id.as_str()),
    }
}

/// A scoring profile named by a file path or a built-in id.
pub(crate) fn profile_from(argument: &str) -> Result<ScoringProfile, Failure> {
    let path = Path::new(argument);
    if path.is_file() {
        ScoringProfile::from_json(&read_file(path)?).map_err(Failure::Invalid)
    } else {
        builtin_profile(argument).cloned().ok_or_else(|| {
            Failure::Usage(format!(
                "no built-in scoring profile `{argument}` and no such file"
            ))
        })
    }
}

fn list(json: bool) -> Result<(), Failure> {
    if json {
        let entries: Vec<serde_json::Value> = builtins()
            .iter()
            .map(|checked| {
                let q = checked.questionnaire();
                serde_json::json!({
                    "id": q.id, "version": q.version, "title": q.title, "audience": q.audience,
                    "languages": q.languages, "sections": q.sections.len(), "questions": checked.question_count(),
                })
            })
            .collect();
        print_json(&entries);
    } else {
        for checked in builtins() {
            let q = checked.questionnaire();
            println!(
                "{:<24} {:<8} {:>3} questions  {}",
                q.id.as_str(),
                q.version.to_string(),
                checked.question_count(),
                q.title.english()
            );
        }
    }
    Ok(())
}

/// A blank assessment: every question of the sections asked once, marked unknown, with its
/// prompt and the kind of answer it expects as a note. Repeated sections are left for the person
/// answering, who names the items first.
fn template(questionnaire: &Questionnaire) -> serde_json::Value {
    let mut responses = serde_json::Map::new();
    for section in questionnaire.sections.iter().filter(|s| s.repeat.is_none()) {
        for question in &section.questions {
            let note = format!(
                "{} [{}]",
                question.prompt.english(),
                answer_hint(&question.answer)
            );
            responses.insert(
                question.id.to_string(),
                serde_json::json!({ "status": "unknown", "note": note }),
            );
        }
    }
    serde_json::json!({
        "document": "assessment",
        "questionnaire": { "id": questionnaire.id, "version": questionnaire.version },
        "subject": { "kind": "organisation", "name": "" },
        "responses": responses,
    })
}

fn answer_hint(kind: &AnswerKind) -> String {
    let options = |options: &[hrdd::questionnaire::ChoiceOption]| {
        options
            .iter()
            .map(|o| o.id.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match kind {
        AnswerKind::YesNo { .. } => "yes_no: value true or false".to_owned(),
        AnswerKind::Maturity { .. } => "maturity: level 0 to 4".to_owned(),
        AnswerKind::SingleChoice { options: o } => format!("single_choice: option {}", options(o)),
        AnswerKind::MultipleChoice { options: o, .. } => {
            format!("multiple_choice: options from {}", options(o))
        }
        AnswerKind::Number { min, max, .. } => format!("number: value from {min} to {max}"),
        AnswerKind::Text => "text".to_owned(),
        AnswerKind::List { .. } => "list: items as ids".to_owned(),
        _ => "see the questionnaire".to_owned(),
    }
}

fn score_command(command: &Command) -> Result<(), Failure> {
    let path = PathBuf::from(&command.positional[0]);
    let assessment = Assessment::from_json(&read_file(&path)?).map_err(Failure::Invalid)?;
    let questionnaire = match command.options.get("questionnaire") {
        Some(argument) => questionnaire_from(argument)?,
        None => answered_questionnaire(&assessment)?,
    };
    let profile = match command.options.get("profile") {
        Some(argument) => profile_from(argument)?,
        None => profile_from(
            questionnaire
                .questionnaire()
                .default_profile
                .as_ref()
                .map_or("default", |p| p.as_str()),
        )?,
    };
    let language = language(command)?;
    let checked = assessment.check(&questionnaire).map_err(Failure::Invalid)?;
    let card = score(&checked, &profile);
    let report = ScorecardReport::new(&card, &questionnaire, &profile).with_language(language);
    let output = match command.options.get("format").map(String::as_str) {
        None | Some("text") => report.text(),
        Some("json") => json(&card)?,
        Some("markdown" | "md") => report.markdown(),
        Some("html") => report.html(),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "unknown format `{other}`; use text, json, markdown or html"
            )));
        }
    };
    emit(&output, command.options.get("out"))
}

/// Writes `output` to the file `out` names (saying so on stderr), or to stdout.
fn emit(output: &str, out: Option<&String>) -> Result<(), Failure> {
    match out {
        Some(path) => {
            std::fs::write(path, output)
                .map_err(|e| Failure::Unreadable(format!("cannot write `{path}`: {e}")))?;
            eprintln!("wrote {path}");
        }
        None => print!("{output}"),
    }
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|e| Failure::Unreadable(format!("cannot write JSON: {e}")))
}

pub(crate) fn language(command: &Command) -> Result<LanguageTag, Failure> {
    match command.options.get("lang") {
        None => Ok(LanguageTag::english()),
        Some(tag) => LanguageTag::new(tag).map_err(|e| Failure::Usage(e.to_string())),
    }
}

fn validate(command: &Command) -> Result<(), Failure> {
    let document = read_document(Path::new(&command.positional[0]))?;
    if let Document::Assessment(assessment) = &document {
        let questionnaire = match command.options.get("questionnaire") {
            Some(argument) => questionnaire_from(argument),
            None => answered_questionnaire(assessment),
        };
        match questionnaire {
            Ok(questionnaire) => {
                assessment.check(&questionnaire).map_err(Failure::Invalid)?;
            }
            // An assessment of a questionnaire we do not have can only be checked on its own.
            Err(Failure::Usage(_)) if !command.options.contains_key("questionnaire") => {
                println!(
                    "valid assessment (not checked against `{}`, which is not built in)",
                    assessment.questionnaire.id
                );
                return Ok(());
            }
            Err(failure) => return Err(failure),
        }
    }
    if let Document::Migration(migration) = &document {
        let id = migration.questionnaire.as_str();
        match (
            builtin_version(id, &migration.from),
            builtin_version(id, &migration.to),
        ) {
            (Some(from), Some(to)) => migration.validate(from, to).map_err(Failure::Invalid)?,
            _ => {
                println!(
                    "valid migration (not checked against `{id}` {} and {}, which are not both built in)",
                    migration.from, migration.to
                );
                return Ok(());
            }
        }
    }
    println!("valid {}", document.kind());
    Ok(())
}

/// The bundled sample company's assessments.
fn demo() -> Result<(), Failure> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let language = LanguageTag::english();
    for file in [
        "meridian-respect.assessment.json",
        "meridian-remedy.assessment.json",
    ] {
        let assessment =
            Assessment::from_json(&read_file(&data.join(file))?).map_err(Failure::Invalid)?;
        let questionnaire = questionnaire_from(assessment.questionnaire.id.as_str())?;
        let profile = profile_from("default")?;
        let checked = assessment.check(&questionnaire).map_err(Failure::Invalid)?;
        let card = score(&checked, &profile);
        let report =
            ScorecardReport::new(&card, &questionnaire, &profile).with_language(language.clone());
        print!("{}", report.text());
        println!();
    }
    println!(
        "Score your own: `cargo run --example self_assessment -- template ungp-respect-company > mine.json`,"
    );
    println!("fill it in, then `cargo run --example self_assessment -- score mine.json`.");
    Ok(())
}

/// Migrates an assessment of a built-in questionnaire to a newer built-in version (the newest
/// unless `--to` names one), following the built-in migrations one version at a time. Prints the
/// new assessment, or with `--report` what happened to every answer.
fn migrate_command(command: &Command) -> Result<(), Failure> {
    let path = PathBuf::from(&command.positional[0]);
    let mut assessment = Assessment::from_json(&read_file(&path)?).map_err(Failure::Invalid)?;
    let id = assessment.questionnaire.id.to_string();
    let versions = builtin_versions(&id);
    let Some(newest) = versions.last() else {
        return Err(Failure::Usage(format!("no built-in questionnaire `{id}`")));
    };
    let target = match command.options.get("to") {
        Some(version) => version
            .parse::<hrdd::Version>()
            .map_err(|e| Failure::Usage(e.to_string()))?,
        None => newest.questionnaire().version.clone(),
    };
    let mut reports = Vec::new();
    while assessment.questionnaire.version < target {
        let from = assessment.questionnaire.version.clone();
        let Some(next) = versions
            .iter()
            .map(|q| &q.questionnaire().version)
            .find(|v| **v > from && builtin_migration(&id, &from, v).is_some())
        else {
            return Err(Failure::Usage(format!(
                "no built-in migration of `{id}` from version {from} towards {target}"
            )));
        };
        let (Some(old), Some(new), Some(migration)) = (
            builtin_version(&id, &from),
            builtin_version(&id, next),
            builtin_migration(&id, &from, next),
        ) else {
            return Err(Failure::Usage(format!(
                "no built-in version {next} of `{id}`"
            )));
        };
        let checked = assessment.check(old).map_err(Failure::Invalid)?;
        let migrated = migrate(&checked, migration, new).map_err(Failure::Invalid)?;
        assessment = migrated.assessment;
        reports.push(migrated.report);
    }
    if assessment.questionnaire.version != target {
        return Err(Failure::Usage(format!(
            "the assessment answers version {} of `{id}`, which is not older than {target}",
            assessment.questionnaire.version
        )));
    }
    if command.has_flag("report") {
        print_json(&reports);
    } else {
        print_json(&assessment);
        for report in &reports {
            let count = |outcome| report.with_outcome(outcome).count();
            eprintln!(
                "migrated {} -> {}: {} carried, {} transformed, {} dropped, {} to review, {} new questions (see --report)",
                report.from,
                report.to,
                count(Outcome::Carried),
                count(Outcome::Transformed),
                count(Outcome::Dropped),
                count(Outcome::NeedsReview),
                report.new_questions.len()
            );
        }
    }
    Ok(())
}

/// A scorecard read from a file, or made by scoring an assessment read from a file (against
/// the built-in questionnaire version it names, with that questionnaire's default profile).
fn scorecard_from(path: &Path) -> Result<Scorecard, Failure> {
    match read_document(path)? {
        Document::Scorecard(card) => Ok(*card),
        Document::Assessment(assessment) => {
            let questionnaire = answered_questionnaire(&assessment)?;
            let profile = profile_from(
                questionnaire
                    .questionnaire()
                    .default_profile
                    .as_ref()
                    .map_or("default", |p| p.as_str()),
            )?;
            let checked = assessment.check(&questionnaire).map_err(Failure::Invalid)?;
            Ok(score(&checked, &profile))
        }
        other => Err(Failure::Invalid(Problems::one(
            Stage::Schema,
            "/document",
            format!(
                "expected an `assessment` or a `scorecard` document, found `{}`",
                other.kind()
            ),
        ))),
    }
}

/// Compares two assessments or scorecards of one subject. The report names sections, questions
/// and bands by their titles when the questionnaire version and the profile are built in.
fn compare_command(command: &Command) -> Result<(), Failure> {
    let format = command.options.get("format").map_or("text", String::as_str);
    if !matches!(format, "text" | "json" | "markdown" | "md" | "html") {
        return Err(Failure::Usage(format!(
            "unknown format `{format}`; use text, json, markdown or html"
        )));
    }
    let out = command.options.get("out");
    if out.is_some() && !matches!(format, "markdown" | "md" | "html") {
        return Err(Failure::Usage(
            "`--out` goes with `--format markdown` or `html`".to_owned(),
        ));
    }
    let old = scorecard_from(Path::new(&command.positional[0]))?;
    let new = scorecard_from(Path::new(&command.positional[1]))?;
    let comparison = compare(&old, &new).map_err(Failure::Invalid)?;
    let questionnaire = builtin_version(
        comparison.questionnaire.id.as_str(),
        &comparison.questionnaire.version,
    );
    let profile = builtin_profile(comparison.profile.id.as_str())
        .filter(|p| p.version == comparison.profile.version);
    let mut report = ComparisonReport::new(&comparison);
    if let Some(questionnaire) = questionnaire {
        report = report.with_questionnaire(questionnaire);
    }
    if let Some(profile) = profile {
        report = report.with_profile(profile);
    }
    let output = match format {
        "json" => json(&comparison)?,
        "markdown" | "md" => report.markdown(),
        "html" => report.html(),
        _ => report.text(),
    };
    emit(&output, out)
}
