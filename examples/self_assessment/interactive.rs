//! `interactive`: ask every visible question in the terminal, save after every answer, print the
//! scorecard at the end.
//!
//! Which questions are visible, and which items a repeated section has, is not worked out here:
//! the partial assessment is scored after every answer and the scorecard says which questions are
//! hidden, so the session follows the library's rules exactly. Input is read line by line, so
//! answers can be piped in; at the end of the input the session saves and stops.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use hrdd::assessment::{Answer, Assessment, Response};
use hrdd::questionnaire::{AnswerKind, CheckedQuestionnaire, Question, Section};
use hrdd::report::ScorecardReport;
use hrdd::scoring::{QuestionStatus, Scorecard, score};
use hrdd::{ItemId, OptionId, QuestionId, SectionId, Text};

use super::{Command, Failure, language, profile_from, questionnaire_from, read_file};

/// One question to ask: a question of a section asked once, or of one item of a repeated one.
struct Slot<'q> {
    section: usize,
    question: &'q Question,
    item: Option<ItemId>,
    answered: bool,
}

pub(crate) fn run(command: &Command) -> Result<(), Failure> {
    let questionnaire = questionnaire_from(&command.positional[0])?;
    let q = questionnaire.questionnaire();
    let language = match command.options.get("lang") {
        Some(_) => language(command)?,
        None => q.default_language.clone(),
    };
    let profile = profile_from(
        command
            .options
            .get("profile")
            .map(String::as_str)
            .or(q.default_profile.as_ref().map(|p| p.as_str()))
            .unwrap_or("default"),
    )?;
    let save = command.options.get("save").map(PathBuf::from);
    let stdin = std::io::stdin();
    let mut input = stdin.lock().lines();
    let text = |t: &Text| t.get(&language, &q.default_language).to_owned();

    println!("{}", text(&q.title));
    let mut assessment = match save.as_deref().filter(|p| p.exists()) {
        Some(path) => {
            let assessment = Assessment::from_json(&read_file(path)?).map_err(Failure::Invalid)?;
            println!(
                "resuming {} from `{}`",
                assessment.subject.name,
                path.display()
            );
            assessment
        }
        None => {
            if save.is_none() {
                println!("answers are not saved: pass --save FILE to keep them and resume later");
            }
            print!("name of the organisation, product or deal assessed: ");
            flush();
            let Some(Ok(name)) = input.next() else {
                println!("\ninput ended before the first answer; nothing saved");
                return Ok(());
            };
            new_assessment(&questionnaire, name.trim())?
        }
    };
    println!(
        "answer each question; type `?` when you do not know, `na` (with a reason) when it does \
         not apply and the question allows it; add evidence after `@`, as in `yes @ policy.pdf`"
    );

    let mut last_section = None;
    loop {
        let checked = assessment.check(&questionnaire).map_err(Failure::Invalid)?;
        let card = score(&checked, &profile);
        let slots = slots(&questionnaire, &assessment, &card);
        let Some((position, slot)) = slots.iter().enumerate().find(|(_, s)| !s.answered) else {
            break;
        };
        let section = q.sections.get(slot.section).ok_or_else(|| {
            Failure::Unreadable("internal error: section out of range".to_owned())
        })?;
        if last_section != Some((slot.section, slot.item.clone())) {
            let item = slot
                .item
                .as_ref()
                .map_or(String::new(), |i| format!(" — item `{i}`"));
            println!(
                "\n== Section {} of {}: {}{item}",
                slot.section + 1,
                q.sections.len(),
                text(&section.title)
            );
            last_section = Some((slot.section, slot.item.clone()));
        }
        println!(
            "\n[question {} of {}] {}",
            position + 1,
            slots.len(),
            text(&slot.question.prompt)
        );
        if let Some(help) = &slot.question.help {
            println!("  {}", text(help));
        }
        if let Some(evidence) = &slot.question.evidence {
            println!("  evidence: {}", text(evidence));
        }
        println!("  {}", hint(slot.question, &text));
        loop {
            print!("> ");
            flush();
            let Some(Ok(line)) = input.next() else {
                let answered = slots.iter().filter(|s| s.answered).count();
                println!(
                    "\ninput ended: {answered} of {} questions answered",
                    slots.len()
                );
                match &save {
                    Some(path) => println!(
                        "saved to `{}`; run the same command again to resume",
                        path.display()
                    ),
                    None => println!("nothing saved (no --save FILE)"),
                }
                return Ok(());
            };
            let response = match parse(slot.question, line.trim()) {
                Ok(response) => response,
                Err(reason) => {
                    println!("  {reason}; try again");
                    continue;
                }
            };
            let mut candidate = assessment.clone();
            put(&mut candidate, section, slot, response);
            // The library checks the answer against the question (range, options, N/A); any
            // problem it finds is the reason to ask again.
            if let Err(problems) = candidate.check(&questionnaire) {
                let reasons: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
                println!("  {}; try again", reasons.join("; "));
                continue;
            }
            assessment = candidate;
            if let Some(path) = &save {
                write_atomically(path, &assessment)?;
            }
            break;
        }
    }

    let checked = assessment.check(&questionnaire).map_err(Failure::Invalid)?;
    let card = score(&checked, &profile);
    println!("\nall visible questions answered\n");
    print!(
        "{}",
        ScorecardReport::new(&card, &questionnaire, &profile)
            .with_language(language.clone())
            .text()
    );
    if let Some(path) = &save {
        println!("\nthe assessment is in `{}`", path.display());
    }
    Ok(())
}

fn flush() {
    let _ = std::io::stdout().flush();
}

fn new_assessment(questionnaire: &CheckedQuestionnaire, name: &str) -> Result<Assessment, Failure> {
    let q = questionnaire.questionnaire();
    let kind = match serde_json::to_value(q.audience)
        .ok()
        .as_ref()
        .and_then(|v| v.as_str())
    {
        Some("state") => "state",
        Some("investor") => "investor",
        _ => "organisation",
    };
    let document = serde_json::json!({
        "document": "assessment",
        "questionnaire": { "id": q.id, "version": q.version },
        "subject": { "kind": kind, "name": name },
    });
    Assessment::from_json(&document.to_string()).map_err(Failure::Invalid)
}

/// Every visible question in the order it is asked, with whether it has a response.
fn slots<'q>(
    questionnaire: &'q CheckedQuestionnaire,
    assessment: &Assessment,
    card: &Scorecard,
) -> Vec<Slot<'q>> {
    let mut slots = Vec::new();
    for (index, section) in questionnaire.questionnaire().sections.iter().enumerate() {
        if section.repeat.is_some() {
            // The items the scorecard knows (those of the answered list), in its order.
            let mut items: Vec<&ItemId> = card
                .questions
                .iter()
                .filter(|s| s.section == section.id)
                .filter_map(|s| s.item.as_ref())
                .collect();
            items.dedup();
            // Ask them in the order the person listed them.
            let listed = listed_items(section, assessment);
            items.sort_by_key(|item| listed.iter().position(|l| l.as_str() == item.as_str()));
            for item in items {
                for question in &section.questions {
                    let shown = card.questions.iter().any(|s| {
                        s.question == question.id
                            && s.item.as_ref() == Some(item)
                            && s.status != QuestionStatus::Hidden
                    });
                    if shown {
                        let answered = assessment
                            .repeats
                            .get(&section.id)
                            .and_then(|items| items.get(item))
                            .is_some_and(|responses| responses.contains_key(&question.id));
                        slots.push(Slot {
                            section: index,
                            question,
                            item: Some(item.clone()),
                            answered,
                        });
                    }
                }
            }
        } else {
            for question in &section.questions {
                let shown = card.questions.iter().any(|s| {
                    s.question == question.id
                        && s.item.is_none()
                        && s.status != QuestionStatus::Hidden
                });
                if shown {
                    slots.push(Slot {
                        section: index,
                        question,
                        item: None,
                        answered: assessment.responses.contains_key(&question.id),
                    });
                }
            }
        }
    }
    slots
}

/// The items of the answer a repeated section repeats over, in the order given.
fn listed_items(section: &Section, assessment: &Assessment) -> Vec<String> {
    let Some(repeat) = &section.repeat else {
        return Vec::new();
    };
    match assessment.responses.get(&repeat.over) {
        Some(Response::Answered {
            answer: Answer::List { items },
            ..
        }) => items.iter().map(|i| i.to_string()).collect(),
        Some(Response::Answered {
            answer: Answer::MultipleChoice { options },
            ..
        }) => options.iter().map(|o| o.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn put(assessment: &mut Assessment, section: &Section, slot: &Slot<'_>, response: Response) {
    let id: QuestionId = slot.question.id.clone();
    match &slot.item {
        None => {
            assessment.responses.insert(id, response);
        }
        Some(item) => {
            let section_id: SectionId = section.id.clone();
            assessment
                .repeats
                .entry(section_id)
                .or_default()
                .entry(item.clone())
                .or_default()
                .insert(id, response);
        }
    }
}

/// Writes the assessment next to `path` and renames it over `path`, so that an interrupted write
/// never leaves half a file.
fn write_atomically(path: &Path, assessment: &Assessment) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(assessment)
        .map_err(|e| Failure::Unreadable(format!("cannot write JSON: {e}")))?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text + "\n")
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| Failure::Unreadable(format!("cannot write `{}`: {e}", path.display())))
}

/// What the person can type.
fn hint(question: &Question, text: &dyn Fn(&Text) -> String) -> String {
    let mut hint = match &question.answer {
        AnswerKind::YesNo { .. } => "answer: yes or no".to_owned(),
        AnswerKind::Maturity { labels } => {
            let standard = [
                "nothing in place",
                "ad hoc",
                "defined",
                "implemented",
                "embedded and reviewed",
            ];
            let levels: Vec<String> = (0..5)
                .map(|level| {
                    let label = labels.as_ref().and_then(|l| l.get(level)).map_or_else(
                        || standard.get(level).copied().unwrap_or("").to_owned(),
                        text,
                    );
                    format!("{level} = {label}")
                })
                .collect();
            format!("answer: a level from 0 to 4 ({})", levels.join("; "))
        }
        AnswerKind::SingleChoice { options } => {
            let options: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("\n    {}. {} [{}]", i + 1, text(&o.label), o.id))
                .collect();
            format!("answer: one option, by number or id{}", options.concat())
        }
        AnswerKind::MultipleChoice { options, .. } => {
            let options: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("\n    {}. {} [{}]", i + 1, text(&o.label), o.id))
                .collect();
            format!(
                "answer: any options, by number or id, separated by commas (`-` for none){}",
                options.concat()
            )
        }
        AnswerKind::Number { min, max, unit, .. } => format!(
            "answer: a number from {min} to {max}{}",
            unit.as_ref()
                .map_or(String::new(), |u| format!(" ({})", text(u)))
        ),
        AnswerKind::Text => "answer: free text on one line".to_owned(),
        AnswerKind::List { max_items } => format!(
            "answer: items as short ids (lowercase letters, digits, `-`), separated by commas{}",
            max_items.map_or(String::new(), |m| format!(", at most {m}"))
        ),
        _ => "answer: see the questionnaire".to_owned(),
    };
    hint.push_str(if question.allow_not_applicable {
        "\n  or `?` if unknown, `na <reason>` if not applicable"
    } else {
        "\n  or `?` if unknown"
    });
    hint
}

/// Reads one line as a response to `question`; the error says why it cannot be one.
fn parse(question: &Question, line: &str) -> Result<Response, String> {
    let (answer, evidence) = match line.split_once(" @ ") {
        Some((answer, evidence)) => (
            answer.trim(),
            evidence
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        None => (line, Vec::new()),
    };
    let lower = answer.to_lowercase();
    if lower == "?" || lower == "unknown" {
        return Ok(Response::Unknown { note: None });
    }
    if lower == "na" || lower == "n/a" || lower.starts_with("na ") || lower.starts_with("n/a ") {
        if !question.allow_not_applicable {
            return Err("this question cannot be marked not applicable".to_owned());
        }
        let reason = answer
            .split_once(' ')
            .map_or("", |(_, reason)| reason.trim());
        let reason = if reason.is_empty() {
            "marked not applicable in an interactive session"
        } else {
            reason
        };
        return Ok(Response::NotApplicable {
            reason: reason.to_owned(),
            note: None,
        });
    }
    if answer.is_empty() {
        return Err("no answer given".to_owned());
    }
    let answer = match &question.answer {
        AnswerKind::YesNo { .. } => match lower.as_str() {
            "y" | "yes" | "oui" | "o" | "true" => Answer::YesNo { value: true },
            "n" | "no" | "non" | "false" => Answer::YesNo { value: false },
            _ => return Err(format!("`{answer}` is not yes or no")),
        },
        AnswerKind::Maturity { .. } => match lower.parse::<u8>() {
            Ok(level) if level <= 4 => Answer::Maturity { level },
            _ => return Err(format!("`{answer}` is not a level from 0 to 4")),
        },
        AnswerKind::SingleChoice { options } => Answer::SingleChoice {
            option: option(options, &lower)?,
        },
        AnswerKind::MultipleChoice { options, .. } => {
            let chosen = if lower == "-" || lower == "none" {
                Vec::new()
            } else {
                let mut chosen = Vec::new();
                for part in lower.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let id = option(options, part)?;
                    if chosen.contains(&id) {
                        return Err(format!("`{part}` is chosen twice"));
                    }
                    chosen.push(id);
                }
                chosen
            };
            Answer::MultipleChoice { options: chosen }
        }
        AnswerKind::Number { .. } => match answer.parse::<f64>() {
            Ok(value) if value.is_finite() => Answer::Number { value },
            _ => return Err(format!("`{answer}` is not a number")),
        },
        AnswerKind::Text => Answer::Text {
            text: answer.to_owned(),
        },
        AnswerKind::List { .. } => {
            let mut items = Vec::new();
            for part in answer.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let item = ItemId::new(part).map_err(|e| format!("`{part}`: {e}"))?;
                if items.contains(&item) {
                    return Err(format!("`{part}` is listed twice"));
                }
                items.push(item);
            }
            Answer::List { items }
        }
        _ => return Err("this kind of question cannot be answered here".to_owned()),
    };
    Ok(Response::Answered {
        answer,
        evidence,
        note: None,
    })
}

/// An option by its number (from 1) or its id.
fn option(options: &[hrdd::questionnaire::ChoiceOption], text: &str) -> Result<OptionId, String> {
    if let Ok(number) = text.parse::<usize>() {
        return number
            .checked_sub(1)
            .and_then(|i| options.get(i))
            .map(|o| o.id.clone())
            .ok_or_else(|| format!("there is no option {number}"));
    }
    options
        .iter()
        .find(|o| o.id.as_str() == text)
        .map(|o| o.id.clone())
        .ok_or_else(|| format!("`{text}` is not one of the options"))
}
