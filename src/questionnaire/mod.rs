//! Questionnaires: the model, its structural validation and the built-in questionnaires.

mod builtin;
pub(crate) mod check;
mod model;

#[cfg(test)]
mod tests_company;

pub use builtin::{builtin, builtins};
pub use check::CheckedQuestionnaire;
pub use model::{
    AnswerKind, Audience, ChoiceOption, Combine, Condition, NumberBand, Owner, Question,
    Questionnaire, Repeat, Section,
};

#[cfg(test)]
mod tests_state;
