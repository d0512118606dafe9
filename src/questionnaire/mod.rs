//! Questionnaires: the model, its structural validation and the built-in questionnaires.

mod check;
mod model;

pub use model::{
    AnswerKind, Audience, ChoiceOption, Combine, Condition, NumberBand, Question, Questionnaire,
    Repeat, Section,
};
