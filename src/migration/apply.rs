//! Applying a migration to an assessment, and the report of what happened to every answer.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{Answer, Assessment, CheckedAssessment, QuestionnaireRef, Response};
use crate::error::{Problems, Stage, push_token};
use crate::id::{ItemId, OptionId, QuestionId, QuestionnaireId, SectionId};
use crate::questionnaire::{AnswerKind, CheckedQuestionnaire};
use crate::version::Version;

use super::check::{Fate, Plan};
use super::{MergeRule, Migration, SplitMode};

/// The result of [`migrate`]: the assessment of the new version, and what happened to each answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Migrated {
    /// The assessment, answering the new version; it passes
    /// [`Assessment::check`] against it.
    pub assessment: Assessment,
    /// What happened to every response of the old assessment.
    pub report: MigrationReport,
}

/// What a migration did to every response of an assessment.
///
/// Every response of the old assessment has exactly one entry, so nothing is lost silently: an
/// answer is carried, transformed, dropped with the reason, or flagged for review with the
/// original response kept here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MigrationReport {
    /// The questionnaire.
    pub questionnaire: QuestionnaireId,
    /// The version migrated from.
    pub from: Version,
    /// The version migrated to.
    pub to: Version,
    /// One entry per response of the old assessment, sorted by pointer.
    pub entries: Vec<MigrationEntry>,
    /// Questions new in the new version, left unanswered.
    pub new_questions: Vec<QuestionId>,
}

impl MigrationReport {
    /// The entries with the outcome `outcome`.
    pub fn with_outcome(&self, outcome: Outcome) -> impl Iterator<Item = &MigrationEntry> {
        self.entries.iter().filter(move |e| e.outcome == outcome)
    }
}

/// What happened to one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MigrationEntry {
    /// The JSON pointer of the response in the old assessment.
    pub pointer: String,
    /// The question, by its id in the old version.
    pub question: QuestionId,
    /// The item, for a question of a repeated section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    /// What happened to it.
    pub outcome: Outcome,
    /// The JSON pointers of the responses it became in the new assessment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    /// Why: the change that moved, transformed or dropped it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The old response, for one that was dropped or needs review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Response>,
}

/// What happened to one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Carried over unchanged, under the same or a new question id.
    Carried,
    /// Carried over changed: options renamed, copied to the questions of a split, or kept by the
    /// rule of a merge.
    Transformed,
    /// Not carried over; the reason says why.
    Dropped,
    /// Not carried over: a person must answer the new questions, looking at the old response.
    NeedsReview,
}

/// Migrates a checked assessment of one questionnaire version to the version `target`.
///
/// The migration is first validated against the assessment's questionnaire and `target` (see
/// [`Migration::validate`]); its problems are returned, with pointers into the migration. Then
/// every response goes where the migration says, and the report lists each one's outcome. An
/// answer that a change carries but that does not fit the new question (an option the new
/// question lacks, "not applicable" where it is no longer allowed, a number out of the new
/// range, items of a repeated section whose list is gone) is dropped and reported with the
/// checker's message, so the new assessment always passes [`Assessment::check`] against
/// `target`.
///
/// Takes time linear in the number of responses and questions.
///
/// ```
/// use hrdd::assessment::Assessment;
/// use hrdd::migration::{builtin_migration, migrate, Outcome};
/// use hrdd::questionnaire::builtin_version;
/// use hrdd::Version;
/// let (from, to) = (Version::new(1, 0, 0), Version::new(1, 1, 0));
/// let old = builtin_version("btech-investor", &from).unwrap();
/// let new = builtin_version("btech-investor", &to).unwrap();
/// let assessment = Assessment::from_json(r#"{
///   "document": "assessment", "questionnaire": { "id": "btech-investor", "version": "1.0.0" },
///   "subject": { "kind": "investor", "name": "Example Fund" },
///   "responses": {
///     "inv-severity-priority": { "status": "answered", "answer": { "kind": "maturity", "level": 3 } },
///     "stw-collaborative": { "status": "answered", "answer": { "kind": "maturity", "level": 2 } }
///   }
/// }"#).unwrap();
/// let checked = assessment.check(old).unwrap();
/// let migrated = migrate(&checked, builtin_migration("btech-investor", &from, &to).unwrap(), new).unwrap();
/// assert!(migrated.assessment.responses.contains_key("stw-severity-priority"));
/// let dropped: Vec<_> = migrated.report.with_outcome(Outcome::Dropped).collect();
/// assert_eq!(dropped[0].question.as_str(), "stw-collaborative");
/// assert!(migrated.assessment.check(new).is_ok());
/// ```
pub fn migrate(
    assessment: &CheckedAssessment<'_>,
    migration: &Migration,
    target: &CheckedQuestionnaire,
) -> Result<Migrated, Problems> {
    let plan = migration.plan(assessment.questionnaire(), target)?;
    let old = assessment.assessment();
    let new_questionnaire = target.questionnaire();
    let mut context = Context {
        plan: &plan,
        target,
        to_version: migration.to.to_string(),
        entries: Vec::new(),
    };

    let responses = context.group(&old.responses, "/responses", "/responses", None);
    let mut repeats: BTreeMap<SectionId, BTreeMap<ItemId, BTreeMap<QuestionId, Response>>> =
        BTreeMap::new();
    for (section, items) in &old.repeats {
        let new_section = plan.section(section);
        for (item, answers) in items {
            let mut from = String::from("/repeats");
            push_token(&mut from, section.as_str());
            push_token(&mut from, item.as_str());
            let mut to = String::from("/repeats");
            push_token(&mut to, new_section.as_str());
            push_token(&mut to, item.as_str());
            let migrated = context.group(answers, &from, &to, Some(item));
            repeats
                .entry(new_section.clone())
                .or_default()
                .insert(item.clone(), migrated);
        }
    }
    let mut entries = context.entries;

    let mut new = old.clone();
    new.questionnaire = QuestionnaireRef {
        id: new_questionnaire.id.clone(),
        version: new_questionnaire.version.clone(),
    };
    new.responses = responses;
    new.repeats = repeats;
    // Items and sections left without answers say nothing; keeping them would only make the
    // checker ask for a list the migration may have dropped.
    for items in new.repeats.values_mut() {
        items.retain(|_, answers| !answers.is_empty());
    }
    new.repeats.retain(|_, items| !items.is_empty());
    fit(&mut new, target, &mut entries, &migration.to)?;
    entries.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    Ok(Migrated {
        assessment: new,
        report: MigrationReport {
            questionnaire: migration.questionnaire.clone(),
            from: migration.from.clone(),
            to: migration.to.clone(),
            entries,
            new_questions: plan.added.clone(),
        },
    })
}

struct Context<'a> {
    plan: &'a Plan,
    target: &'a CheckedQuestionnaire,
    to_version: String,
    entries: Vec<MigrationEntry>,
}

fn pointer_to(base: &str, question: &QuestionId) -> String {
    let mut pointer = base.to_owned();
    push_token(&mut pointer, question.as_str());
    pointer
}

fn quoted(ids: &[QuestionId]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn with_reason(what: String, reason: &Option<String>) -> String {
    match reason {
        Some(reason) if !reason.trim().is_empty() => format!("{what}: {reason}"),
        _ => what,
    }
}

impl Context<'_> {
    /// Migrates the responses of one group: the sections asked once, or one item of a repeated
    /// section.
    fn group(
        &mut self,
        responses: &BTreeMap<QuestionId, Response>,
        from_base: &str,
        to_base: &str,
        item: Option<&ItemId>,
    ) -> BTreeMap<QuestionId, Response> {
        let mut out = BTreeMap::new();
        let mut merges: BTreeMap<QuestionId, (Vec<QuestionId>, MergeRule, Option<String>)> =
            BTreeMap::new();
        for (question, response) in responses {
            let entry = |outcome, to: Vec<String>, reason, original| MigrationEntry {
                pointer: pointer_to(from_base, question),
                question: question.clone(),
                item: item.cloned(),
                outcome,
                to,
                reason,
                original,
            };
            let Some(fate) = self.plan.fates.get(question) else {
                // The assessment was checked against the old version, and the plan has a fate
                // for each of its questions; keep the rule that nothing is lost silently anyway.
                self.entries.push(entry(
                    Outcome::Dropped,
                    Vec::new(),
                    Some(format!("`{question}` has no place in the migration")),
                    Some(response.clone()),
                ));
                continue;
            };
            let (renamed, options_reason) = self.rename_options(question, response);
            match fate {
                Fate::Keep { to, reason } => {
                    let (outcome, reason) = match options_reason {
                        Some(why) => (Outcome::Transformed, Some(why)),
                        None if to != question => (
                            Outcome::Carried,
                            Some(with_reason(format!("renamed to `{to}`"), reason)),
                        ),
                        None => (Outcome::Carried, reason.clone()),
                    };
                    out.insert(to.clone(), renamed);
                    self.entries
                        .push(entry(outcome, vec![pointer_to(to_base, to)], reason, None));
                }
                Fate::Split {
                    into,
                    mode: SplitMode::Copy,
                    reason,
                } => {
                    let mut why = with_reason(format!("split: copied to {}", quoted(into)), reason);
                    if let Some(options) = options_reason {
                        why = format!("{why}; {options}");
                    }
                    for to in into {
                        out.insert(to.clone(), renamed.clone());
                    }
                    let to = into.iter().map(|q| pointer_to(to_base, q)).collect();
                    self.entries
                        .push(entry(Outcome::Transformed, to, Some(why), None));
                }
                Fate::Split {
                    into,
                    mode: _,
                    reason,
                } => {
                    let why = with_reason(
                        format!(
                            "split into {}: answer them, using this response as a guide",
                            quoted(into)
                        ),
                        reason,
                    );
                    self.entries.push(entry(
                        Outcome::NeedsReview,
                        Vec::new(),
                        Some(why),
                        Some(response.clone()),
                    ));
                }
                Fate::Merge {
                    from,
                    into,
                    rule,
                    reason,
                } => {
                    merges.insert(into.clone(), (from.clone(), *rule, reason.clone()));
                }
                Fate::Remove { reason } => {
                    self.entries.push(entry(
                        Outcome::Dropped,
                        Vec::new(),
                        Some(format!(
                            "removed in version `{}`: {reason}",
                            self.to_version
                        )),
                        Some(response.clone()),
                    ));
                }
            }
        }
        for (into, (sources, rule, reason)) in merges {
            self.merge(
                responses, &sources, &into, rule, &reason, from_base, to_base, item, &mut out,
            );
        }
        out
    }

    /// The response with its options renamed, and what was renamed.
    fn rename_options(
        &self,
        question: &QuestionId,
        response: &Response,
    ) -> (Response, Option<String>) {
        let Some((renames, reason)) = self.plan.options.get(question) else {
            return (response.clone(), None);
        };
        let rename = |option: &OptionId| renames.get(option).cloned();
        let mut renamed = response.clone();
        let mut done: Vec<String> = Vec::new();
        if let Response::Answered { answer, .. } = &mut renamed {
            match answer {
                Answer::SingleChoice { option } => {
                    if let Some(new) = rename(option) {
                        done.push(format!("`{option}` to `{new}`"));
                        *option = new;
                    }
                }
                Answer::MultipleChoice { options } => {
                    for option in options.iter_mut() {
                        if let Some(new) = rename(option) {
                            done.push(format!("`{option}` to `{new}`"));
                            *option = new;
                        }
                    }
                }
                _ => {}
            }
        }
        if done.is_empty() {
            return (renamed, None);
        }
        let why = with_reason(format!("renamed option {}", done.join(", ")), reason);
        (renamed, Some(why))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one merge in one group; a struct would only rename them"
    )]
    fn merge(
        &mut self,
        responses: &BTreeMap<QuestionId, Response>,
        sources: &[QuestionId],
        into: &QuestionId,
        rule: MergeRule,
        reason: &Option<String>,
        from_base: &str,
        to_base: &str,
        item: Option<&ItemId>,
        out: &mut BTreeMap<QuestionId, Response>,
    ) {
        // The sources this group answers, in the order the change lists them.
        let present: Vec<(&QuestionId, Response, Option<String>)> = sources
            .iter()
            .filter_map(|q| {
                responses.get(q).map(|r| {
                    let (renamed, why) = self.rename_options(q, r);
                    (q, renamed, why)
                })
            })
            .collect();
        let entry = |question: &QuestionId, outcome, to: Vec<String>, why: String, original| {
            MigrationEntry {
                pointer: pointer_to(from_base, question),
                question: question.clone(),
                item: item.cloned(),
                outcome,
                to,
                reason: Some(why),
                original,
            }
        };
        if rule == MergeRule::Review {
            for (question, _, _) in &present {
                let why = with_reason(
                    format!(
                        "{} merged into `{into}`: answer it, using this response as a guide",
                        quoted(sources)
                    ),
                    reason,
                );
                let original = responses.get(*question).cloned();
                self.entries.push(entry(
                    question,
                    Outcome::NeedsReview,
                    Vec::new(),
                    why,
                    original,
                ));
            }
            return;
        }
        let kept = self.choose(&present, into, rule);
        let Some(kept) = kept else {
            return;
        };
        for (n, (question, response, options_why)) in present.iter().enumerate() {
            if n == kept {
                let mut why = with_reason(
                    format!(
                        "{} merged into `{into}`: rule `{}` kept this answer",
                        quoted(sources),
                        rule.name()
                    ),
                    reason,
                );
                if let Some(options) = options_why {
                    why = format!("{why}; {options}");
                }
                out.insert(into.clone(), response.clone());
                self.entries.push(entry(
                    question,
                    Outcome::Transformed,
                    vec![pointer_to(to_base, into)],
                    why,
                    None,
                ));
            } else {
                let winner = present.get(kept).map(|(q, _, _)| q.as_str()).unwrap_or("");
                let why = with_reason(
                    format!(
                        "{} merged into `{into}`: rule `{}` kept the answer of `{winner}`",
                        quoted(sources),
                        rule.name()
                    ),
                    reason,
                );
                let original = responses.get(*question).cloned();
                self.entries
                    .push(entry(question, Outcome::Dropped, Vec::new(), why, original));
            }
        }
    }

    /// The position in `present` of the response a merge keeps: by the rule among the answered
    /// ones; when none is answered, the first unknown, else the first "not applicable".
    fn choose(
        &self,
        present: &[(&QuestionId, Response, Option<String>)],
        into: &QuestionId,
        rule: MergeRule,
    ) -> Option<usize> {
        let target = self.target.question(into.as_str()).map(|(q, _)| q);
        let answered: Vec<(usize, f64)> = present
            .iter()
            .enumerate()
            .filter_map(|(n, (_, response, _))| match response {
                Response::Answered { answer, .. } => {
                    Some((n, target.map_or(0.0, |q| rank(&q.answer, answer))))
                }
                _ => None,
            })
            .collect();
        let first = answered.first().copied();
        let chosen = match rule {
            MergeRule::Min => answered
                .iter()
                .copied()
                .fold(first, |best, (n, v)| match best {
                    Some((_, b)) if b <= v => best,
                    _ => Some((n, v)),
                }),
            MergeRule::Max => answered
                .iter()
                .copied()
                .fold(first, |best, (n, v)| match best {
                    Some((_, b)) if b >= v => best,
                    _ => Some((n, v)),
                }),
            MergeRule::First | MergeRule::Review => first,
        };
        if let Some((n, _)) = chosen {
            return Some(n);
        }
        present
            .iter()
            .position(|(_, r, _)| matches!(r, Response::Unknown { .. }))
            .or_else(|| {
                present
                    .iter()
                    .position(|(_, r, _)| matches!(r, Response::NotApplicable { .. }))
            })
    }
}

/// Where an answer stands on the new question's scale, for `min` and `max`.
fn rank(kind: &AnswerKind, answer: &Answer) -> f64 {
    match (kind, answer) {
        (AnswerKind::YesNo { reversed }, Answer::YesNo { value }) => {
            f64::from(u8::from(*value != *reversed))
        }
        (AnswerKind::Maturity { .. }, Answer::Maturity { level }) => f64::from(*level),
        (AnswerKind::Number { .. }, Answer::Number { value }) => *value,
        (AnswerKind::SingleChoice { options }, Answer::SingleChoice { option }) => options
            .iter()
            .find(|o| &o.id == option)
            .and_then(|o| o.points)
            .unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Drops, and reports, every carried response the new version rejects, until the assessment
/// passes its check. Each round removes at least one response, so it ends.
fn fit(
    assessment: &mut Assessment,
    target: &CheckedQuestionnaire,
    entries: &mut [MigrationEntry],
    to: &Version,
) -> Result<(), Problems> {
    loop {
        let problems: Vec<(String, String)> = match assessment.check(target) {
            Ok(_) => return Ok(()),
            Err(problems) => problems
                .into_iter()
                .map(|p| (p.pointer, p.message))
                .collect(),
        };
        let mut removed = 0;
        for (pointer, message) in &problems {
            for (location, response) in remove_at(assessment, pointer) {
                removed += 1;
                let why = format!("the answer does not fit version `{to}`: {message}");
                for entry in entries.iter_mut().filter(|e| e.to.contains(&location)) {
                    entry.to.retain(|t| t != &location);
                    if entry.to.is_empty() {
                        entry.outcome = Outcome::Dropped;
                        entry.reason = Some(match entry.reason.take() {
                            Some(before) => format!("{before}; {why}"),
                            None => why.clone(),
                        });
                        entry.original.get_or_insert(response.clone());
                    } else {
                        entry.outcome = Outcome::Transformed;
                        let note = format!("not carried to `{location}`: {message}");
                        entry.reason = Some(match entry.reason.take() {
                            Some(before) => format!("{before}; {note}"),
                            None => note,
                        });
                    }
                }
            }
        }
        if removed == 0 {
            // A problem that is not about one response: the migration cannot fix it.
            return Err(Problems::from(
                problems
                    .into_iter()
                    .map(|(pointer, message)| {
                        crate::error::Problem::new(
                            Stage::Semantic,
                            pointer,
                            format!(
                                "the migrated assessment does not fit version `{to}`: {message}"
                            ),
                        )
                    })
                    .collect::<Vec<_>>(),
            ));
        }
    }
}

/// Removes the responses a problem pointer is about, and returns them with their pointers.
fn remove_at(assessment: &mut Assessment, pointer: &str) -> Vec<(String, Response)> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut removed = Vec::new();
    match tokens.as_slice() {
        [root, question, ..] if root == "responses" => {
            if let Some((key, response)) = QuestionId::new(question)
                .ok()
                .and_then(|key| assessment.responses.remove(&key).map(|r| (key, r)))
            {
                removed.push((pointer_to("/responses", &key), response));
            }
        }
        [root, section, rest @ ..] if root == "repeats" => {
            let Ok(section_id) = SectionId::new(section) else {
                return removed;
            };
            let mut base = String::from("/repeats");
            push_token(&mut base, section);
            let Some(items) = assessment.repeats.get_mut(&section_id) else {
                return removed;
            };
            let every_item: Vec<ItemId> = items.keys().cloned().collect();
            let mut take_item = |item: &ItemId, only: Option<&QuestionId>| {
                let mut item_base = base.clone();
                push_token(&mut item_base, item.as_str());
                let Some(answers) = items.get_mut(item) else {
                    return Vec::new();
                };
                let keys: Vec<QuestionId> = match only {
                    Some(q) => vec![q.clone()],
                    None => answers.keys().cloned().collect(),
                };
                keys.into_iter()
                    .filter_map(|k| answers.remove(&k).map(|r| (pointer_to(&item_base, &k), r)))
                    .collect::<Vec<_>>()
            };
            match rest {
                [] => {
                    for item in &every_item {
                        removed.extend(take_item(item, None));
                    }
                }
                [item] => {
                    if let Ok(item) = ItemId::new(item) {
                        removed.extend(take_item(&item, None));
                    }
                }
                [item, question, ..] => {
                    if let (Ok(item), Ok(question)) = (ItemId::new(item), QuestionId::new(question))
                    {
                        removed.extend(take_item(&item, Some(&question)));
                    }
                }
            }
            items.retain(|_, answers| !answers.is_empty());
            if items.is_empty() {
                assessment.repeats.remove(&section_id);
            }
        }
        _ => {}
    }
    removed
}
