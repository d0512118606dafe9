//! Validation of a migration, alone and against the two questionnaire versions it connects, and
//! the plan it compiles to.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Problems, Stage, push_token};
use crate::id::{OptionId, QuestionId, SectionId};
use crate::questionnaire::{AnswerKind, CheckedQuestionnaire, Question};

use super::{Change, MergeRule, Migration, SplitMode};

/// What happens to the answer of one question of the old version.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fate {
    /// Carried to `to` (the same id, or renamed).
    Keep {
        to: QuestionId,
        reason: Option<String>,
    },
    Split {
        into: Vec<QuestionId>,
        mode: SplitMode,
        reason: Option<String>,
    },
    Merge {
        from: Vec<QuestionId>,
        into: QuestionId,
        rule: MergeRule,
        reason: Option<String>,
    },
    Remove {
        reason: String,
    },
}

impl Fate {
    /// The questions of the new version the answer may go to.
    pub(crate) fn targets(&self) -> Vec<&QuestionId> {
        match self {
            Fate::Keep { to, .. } => vec![to],
            Fate::Split { into, .. } => into.iter().collect(),
            Fate::Merge { into, .. } => vec![into],
            Fate::Remove { .. } => Vec::new(),
        }
    }
}

/// A migration resolved against its two questionnaire versions.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Plan {
    /// The fate of every question of the old version.
    pub(crate) fates: BTreeMap<QuestionId, Fate>,
    /// Option renames by question of the old version, with their reason.
    pub(crate) options: BTreeMap<QuestionId, (BTreeMap<OptionId, OptionId>, Option<String>)>,
    /// The new id of every section of the old version that is renamed.
    pub(crate) sections: BTreeMap<SectionId, SectionId>,
    /// The questions new in the new version.
    pub(crate) added: Vec<QuestionId>,
}

impl Plan {
    pub(crate) fn section(&self, id: &SectionId) -> SectionId {
        self.sections.get(id).cloned().unwrap_or_else(|| id.clone())
    }
}

fn at(base: &str, token: &str) -> String {
    let mut pointer = base.to_owned();
    push_token(&mut pointer, token);
    pointer
}

impl Migration {
    /// The checks that need no questionnaire: no question is the source of two changes or the
    /// target of two, splits and merges name at least two questions, removals say why, and
    /// renamed options and sections are renamed once.
    pub(crate) fn check_alone(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        let mut sources: BTreeMap<&QuestionId, String> = BTreeMap::new();
        let mut targets: BTreeMap<&QuestionId, String> = BTreeMap::new();
        let mut option_questions: BTreeMap<&QuestionId, String> = BTreeMap::new();
        let mut section_sources: BTreeMap<&SectionId, String> = BTreeMap::new();
        let mut section_targets: BTreeMap<&SectionId, String> = BTreeMap::new();
        for (n, change) in self.changes.iter().enumerate() {
            let base = at("/changes", &n.to_string());
            let mut new_sources: Vec<(&QuestionId, String)> = Vec::new();
            let mut new_targets: Vec<(&QuestionId, String)> = Vec::new();
            match change {
                Change::Rename { from, to, .. } => {
                    new_sources.push((from, at(&base, "from")));
                    new_targets.push((to, at(&base, "to")));
                }
                Change::Split { from, into, .. } => {
                    new_sources.push((from, at(&base, "from")));
                    let list = at(&base, "into");
                    if into.len() < 2 {
                        problems.push(
                            Stage::Semantic,
                            list.clone(),
                            "a split needs at least two questions",
                        );
                    }
                    for (k, id) in into.iter().enumerate() {
                        new_targets.push((id, at(&list, &k.to_string())));
                    }
                }
                Change::Merge { from, into, .. } => {
                    let list = at(&base, "from");
                    if from.len() < 2 {
                        problems.push(
                            Stage::Semantic,
                            list.clone(),
                            "a merge needs at least two questions",
                        );
                    }
                    for (k, id) in from.iter().enumerate() {
                        new_sources.push((id, at(&list, &k.to_string())));
                    }
                    new_targets.push((into, at(&base, "into")));
                }
                Change::Remove { question, reason } => {
                    new_sources.push((question, at(&base, "question")));
                    if reason.trim().is_empty() {
                        problems.push(
                            Stage::Semantic,
                            at(&base, "reason"),
                            "say why the question is removed",
                        );
                    }
                }
                Change::Add { question, .. } => new_targets.push((question, at(&base, "question"))),
                Change::RenameOptions {
                    question, options, ..
                } => {
                    if let Some(first) = option_questions.get(question) {
                        problems.push(
                            Stage::Semantic,
                            at(&base, "question"),
                            format!("the options of `{question}` are already renamed at `{first}`"),
                        );
                    } else {
                        option_questions.insert(question, base.clone());
                    }
                    let mut seen: BTreeMap<&OptionId, &OptionId> = BTreeMap::new();
                    for (old, new) in options {
                        if let Some(other) = seen.get(new) {
                            problems.push(
                                Stage::Semantic,
                                at(&at(&base, "options"), old.as_str()),
                                format!("options `{other}` and `{old}` both become `{new}`"),
                            );
                        } else {
                            seen.insert(new, old);
                        }
                    }
                }
                Change::RenameSection { from, to, .. } => {
                    for (map, id, field, what) in [
                        (&mut section_sources, from, "from", "renamed"),
                        (&mut section_targets, to, "to", "the new id of a section"),
                    ] {
                        if let Some(first) = map.get(id) {
                            problems.push(
                                Stage::Semantic,
                                at(&base, field),
                                format!("section `{id}` is already {what} at `{first}`"),
                            );
                        } else {
                            map.insert(id, base.clone());
                        }
                    }
                }
            }
            for (id, pointer) in new_sources {
                if let Some(first) = sources.get(id) {
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("question `{id}` is already mapped at `{first}`"),
                    );
                } else {
                    sources.insert(id, base.clone());
                }
            }
            for (id, pointer) in new_targets {
                if let Some(first) = targets.get(id) {
                    problems.push(
                        Stage::Semantic,
                        pointer,
                        format!("question `{id}` is already the target of `{first}`"),
                    );
                } else {
                    targets.insert(id, base.clone());
                }
            }
        }
        problems.into_result(())
    }

    /// Validates the migration against the version it migrates from and the version it migrates
    /// to, and reports every problem with its JSON pointer into the migration: another
    /// questionnaire or version, unknown questions, options or sections on either side, a
    /// question mapped twice or targeted twice, answers that cannot carry over (another kind of
    /// answer, or between a section asked once and a repeated one), old questions with no place
    /// in the new version and new questions that are not listed as added.
    ///
    /// ```
    /// use hrdd::migration::builtin_migration;
    /// use hrdd::questionnaire::builtin_version;
    /// use hrdd::Version;
    /// let (from, to) = (Version::new(1, 0, 0), Version::new(1, 1, 0));
    /// let migration = builtin_migration("btech-investor", &from, &to).unwrap();
    /// let old = builtin_version("btech-investor", &from).unwrap();
    /// let new = builtin_version("btech-investor", &to).unwrap();
    /// assert!(migration.validate(old, new).is_ok());
    /// // Backwards, it fits neither version.
    /// let problems = migration.validate(new, old).unwrap_err();
    /// assert!(problems.iter().any(|p| p.pointer == "/from"));
    /// ```
    pub fn validate(
        &self,
        from: &CheckedQuestionnaire,
        to: &CheckedQuestionnaire,
    ) -> Result<(), Problems> {
        self.plan(from, to).map(|_| ())
    }

    pub(crate) fn plan(
        &self,
        from: &CheckedQuestionnaire,
        to: &CheckedQuestionnaire,
    ) -> Result<Plan, Problems> {
        self.check_alone()?;
        let mut problems = Problems::new();
        let (old, new) = (from.questionnaire(), to.questionnaire());
        if self.questionnaire != old.id {
            problems.push(
                Stage::Semantic,
                "/questionnaire",
                format!(
                    "the migration is for `{}`, but the old questionnaire is `{}`",
                    self.questionnaire, old.id
                ),
            );
        } else if self.questionnaire != new.id {
            problems.push(
                Stage::Semantic,
                "/questionnaire",
                format!(
                    "the migration is for `{}`, but the new questionnaire is `{}`",
                    self.questionnaire, new.id
                ),
            );
        }
        if self.from != old.version {
            problems.push(
                Stage::Semantic,
                "/from",
                format!(
                    "the migration starts from version `{}`, but the old questionnaire is version `{}`",
                    self.from, old.version
                ),
            );
        }
        if self.to != new.version {
            problems.push(
                Stage::Semantic,
                "/to",
                format!(
                    "the migration leads to version `{}`, but the new questionnaire is version `{}`",
                    self.to, new.version
                ),
            );
        }
        if !problems.is_empty() {
            // Against the wrong questionnaires every id would be reported: only noise.
            return Err(problems);
        }

        let sides = Sides {
            from,
            to,
            from_version: self.from.to_string(),
            to_version: self.to.to_string(),
        };
        let mut plan = Plan::default();

        // Sections first: where a question is answered depends on them.
        for (n, change) in self.changes.iter().enumerate() {
            if let Change::RenameSection { from: a, to: b, .. } = change {
                let base = at("/changes", &n.to_string());
                let known_a = old.sections.iter().any(|s| &s.id == a);
                let known_b = new.sections.iter().any(|s| &s.id == b);
                if !known_a {
                    problems.push(
                        Stage::Semantic,
                        at(&base, "from"),
                        format!("unknown section `{a}` in version `{}`", sides.from_version),
                    );
                }
                if !known_b {
                    problems.push(
                        Stage::Semantic,
                        at(&base, "to"),
                        format!("unknown section `{b}` in version `{}`", sides.to_version),
                    );
                }
                plan.sections.insert(a.clone(), b.clone());
            }
        }
        for section in old.sections.iter().filter(|s| s.repeat.is_some()) {
            let mapped = plan.section(&section.id);
            let repeated = new
                .sections
                .iter()
                .any(|s| s.id == mapped && s.repeat.is_some());
            if !repeated && !plan.sections.contains_key(&section.id) {
                problems.push(
                    Stage::Semantic,
                    "/changes",
                    format!(
                        "the repeated section `{}` of version `{}` is not a repeated section of version `{}`: add a `rename_section` change",
                        section.id, sides.from_version, sides.to_version
                    ),
                );
            } else if !repeated && new.sections.iter().any(|s| s.id == mapped) {
                problems.push(
                    Stage::Semantic,
                    "/changes",
                    format!(
                        "the repeated section `{}` becomes `{mapped}`, which is not repeated: its answers cannot carry over",
                        section.id
                    ),
                );
            }
        }

        // Questions named by changes.
        let mut reached: BTreeMap<QuestionId, String> = BTreeMap::new();
        for (n, change) in self.changes.iter().enumerate() {
            let base = at("/changes", &n.to_string());
            match change {
                Change::Rename {
                    from: a,
                    to: b,
                    reason,
                } => {
                    let known_a = sides.source(&mut problems, a, at(&base, "from"));
                    let known_b = sides.target(&mut problems, b, at(&base, "to"));
                    if known_a && known_b {
                        sides.compatible(&mut problems, &plan, a, b, at(&base, "to"));
                    }
                    plan.fates.insert(
                        a.clone(),
                        Fate::Keep {
                            to: b.clone(),
                            reason: reason.clone(),
                        },
                    );
                    reached.insert(b.clone(), at(&base, "to"));
                }
                Change::Split {
                    from: a,
                    into,
                    mode,
                    reason,
                } => {
                    let known_a = sides.source(&mut problems, a, at(&base, "from"));
                    for (k, b) in into.iter().enumerate() {
                        let pointer = at(&at(&base, "into"), &k.to_string());
                        if sides.target(&mut problems, b, pointer.clone()) && known_a {
                            sides.compatible(&mut problems, &plan, a, b, pointer.clone());
                        }
                        reached.insert(b.clone(), pointer);
                    }
                    plan.fates.insert(
                        a.clone(),
                        Fate::Split {
                            into: into.clone(),
                            mode: *mode,
                            reason: reason.clone(),
                        },
                    );
                }
                Change::Merge {
                    from: sources,
                    into,
                    rule,
                    reason,
                } => {
                    let known_into = sides.target(&mut problems, into, at(&base, "into"));
                    for (k, a) in sources.iter().enumerate() {
                        let pointer = at(&at(&base, "from"), &k.to_string());
                        if sides.source(&mut problems, a, pointer.clone()) && known_into {
                            sides.compatible(&mut problems, &plan, a, into, pointer);
                        }
                        plan.fates.insert(
                            a.clone(),
                            Fate::Merge {
                                from: sources.clone(),
                                into: into.clone(),
                                rule: *rule,
                                reason: reason.clone(),
                            },
                        );
                    }
                    let unordered = to
                        .question(into.as_str())
                        .map(|(question, _)| &question.answer)
                        .filter(|kind| !orderable(kind));
                    if let (MergeRule::Min | MergeRule::Max, Some(kind)) = (rule, unordered) {
                        problems.push(
                            Stage::Semantic,
                            at(&base, "rule"),
                            format!(
                                "rule `{}` needs answers that can be ordered, and `{into}` is {} question: use `first` or `review`",
                                rule.name(),
                                kind_name(kind)
                            ),
                        );
                    }
                    reached.insert(into.clone(), at(&base, "into"));
                }
                Change::Remove { question, reason } => {
                    sides.source(&mut problems, question, at(&base, "question"));
                    plan.fates.insert(
                        question.clone(),
                        Fate::Remove {
                            reason: reason.clone(),
                        },
                    );
                }
                Change::Add { question, .. } => {
                    sides.target(&mut problems, question, at(&base, "question"));
                    plan.added.push(question.clone());
                    reached.insert(question.clone(), at(&base, "question"));
                }
                Change::RenameOptions { .. } | Change::RenameSection { .. } => {}
            }
        }

        // Questions no change names keep their id.
        for section in &old.sections {
            for question in &section.questions {
                let id = &question.id;
                if plan.fates.contains_key(id) {
                    continue;
                }
                if to.question(id.as_str()).is_none() {
                    problems.push(
                        Stage::Semantic,
                        "/changes",
                        format!(
                            "question `{id}` of version `{}` is not in version `{}`: rename, split, merge or remove it",
                            sides.from_version, sides.to_version
                        ),
                    );
                    continue;
                }
                if let Some(pointer) = reached.get(id) {
                    problems.push(
                        Stage::Semantic,
                        pointer.clone(),
                        format!(
                            "question `{id}` keeps its id because no change maps it, so no change may target it: map the old `{id}` too"
                        ),
                    );
                    continue;
                }
                sides.compatible(&mut problems, &plan, id, id, "/changes".to_owned());
                plan.fates.insert(
                    id.clone(),
                    Fate::Keep {
                        to: id.clone(),
                        reason: None,
                    },
                );
                reached.insert(id.clone(), String::new());
            }
        }
        for section in &new.sections {
            for question in &section.questions {
                if !reached.contains_key(&question.id) {
                    problems.push(
                        Stage::Semantic,
                        "/changes",
                        format!(
                            "question `{}` is new in version `{}`: list it in an `add` change",
                            question.id, sides.to_version
                        ),
                    );
                }
            }
        }

        // Options, once every question's targets are known.
        for (n, change) in self.changes.iter().enumerate() {
            let Change::RenameOptions {
                question,
                options,
                reason,
            } = change
            else {
                continue;
            };
            let base = at("/changes", &n.to_string());
            if !sides.source(&mut problems, question, at(&base, "question")) {
                continue;
            }
            let Some((source, _)) = from.question(question.as_str()) else {
                continue;
            };
            let Some(old_options) = choice_options(source) else {
                problems.push(
                    Stage::Semantic,
                    at(&base, "question"),
                    format!(
                        "`{question}` is {} question, not a choice question",
                        kind_name(&source.answer)
                    ),
                );
                continue;
            };
            let targets: Vec<QuestionId> = plan
                .fates
                .get(question)
                .map(|fate| fate.targets().into_iter().cloned().collect())
                .unwrap_or_default();
            for (old_option, new_option) in options {
                let pointer = at(&at(&base, "options"), old_option.as_str());
                if !old_options.contains(old_option) {
                    problems.push(
                        Stage::Semantic,
                        pointer.clone(),
                        format!(
                            "unknown option `{old_option}` of `{question}` in version `{}`",
                            sides.from_version
                        ),
                    );
                }
                for target in &targets {
                    let has = to
                        .question(target.as_str())
                        .and_then(|(q, _)| choice_options(q))
                        .is_some_and(|o| o.contains(new_option));
                    if !has {
                        problems.push(
                            Stage::Semantic,
                            pointer.clone(),
                            format!(
                                "`{new_option}` is not an option of `{target}` in version `{}`",
                                sides.to_version
                            ),
                        );
                    }
                }
            }
            plan.options
                .insert(question.clone(), (options.clone(), reason.clone()));
        }
        problems.into_result(plan)
    }
}

/// The two versions, for messages and lookups.
struct Sides<'a> {
    from: &'a CheckedQuestionnaire,
    to: &'a CheckedQuestionnaire,
    from_version: String,
    to_version: String,
}

impl Sides<'_> {
    /// Whether `id` is a question of the old version; reports it when not.
    fn source(&self, problems: &mut Problems, id: &QuestionId, pointer: String) -> bool {
        let known = self.from.question(id.as_str()).is_some();
        if !known {
            problems.push(
                Stage::Semantic,
                pointer,
                format!("unknown question `{id}` in version `{}`", self.from_version),
            );
        }
        known
    }

    /// Whether `id` is a question of the new version; reports it when not.
    fn target(&self, problems: &mut Problems, id: &QuestionId, pointer: String) -> bool {
        let known = self.to.question(id.as_str()).is_some();
        if !known {
            problems.push(
                Stage::Semantic,
                pointer,
                format!("unknown question `{id}` in version `{}`", self.to_version),
            );
        }
        known
    }

    /// Checks that an answer to `a` (old version) can be an answer to `b` (new version): the same
    /// kind of answer, and the corresponding place (a section asked once, or the same repeated
    /// section after renames).
    fn compatible(
        &self,
        problems: &mut Problems,
        plan: &Plan,
        a: &QuestionId,
        b: &QuestionId,
        pointer: String,
    ) {
        let (Some((qa, sa)), Some((qb, sb))) =
            (self.from.question(a.as_str()), self.to.question(b.as_str()))
        else {
            return;
        };
        if kind_name(&qa.answer) != kind_name(&qb.answer) {
            problems.push(
                Stage::Semantic,
                pointer,
                format!(
                    "`{a}` is {} question in version `{}` but `{b}` is {} question in version `{}`: the answer cannot carry over",
                    kind_name(&qa.answer),
                    self.from_version,
                    kind_name(&qb.answer),
                    self.to_version
                ),
            );
            return;
        }
        let place_a = self
            .from
            .questionnaire()
            .sections
            .get(sa)
            .filter(|s| s.repeat.is_some())
            .map(|s| plan.section(&s.id));
        let place_b = self
            .to
            .questionnaire()
            .sections
            .get(sb)
            .filter(|s| s.repeat.is_some())
            .map(|s| s.id.clone());
        if place_a != place_b {
            let describe = |place: &Option<SectionId>| match place {
                None => "a section asked once".to_owned(),
                Some(id) => format!("the repeated section `{id}`"),
            };
            problems.push(
                Stage::Semantic,
                pointer,
                format!(
                    "`{a}` is answered in {} and `{b}` in {}: answers cannot move between them",
                    describe(&place_a),
                    describe(&place_b)
                ),
            );
        }
    }
}

fn choice_options(question: &Question) -> Option<BTreeSet<&OptionId>> {
    match &question.answer {
        AnswerKind::SingleChoice { options } | AnswerKind::MultipleChoice { options, .. } => {
            Some(options.iter().map(|o| &o.id).collect())
        }
        _ => None,
    }
}

fn orderable(kind: &AnswerKind) -> bool {
    matches!(
        kind,
        AnswerKind::YesNo { .. }
            | AnswerKind::Maturity { .. }
            | AnswerKind::Number { .. }
            | AnswerKind::SingleChoice { .. }
    )
}

/// The answer kind's name as a person would say it.
pub(crate) fn kind_name(kind: &AnswerKind) -> &'static str {
    match kind {
        AnswerKind::YesNo { .. } => "a yes/no",
        AnswerKind::Maturity { .. } => "a maturity",
        AnswerKind::SingleChoice { .. } => "a single-choice",
        AnswerKind::MultipleChoice { .. } => "a multiple-choice",
        AnswerKind::Number { .. } => "a number",
        AnswerKind::Text => "a text",
        AnswerKind::List { .. } => "a list",
    }
}
