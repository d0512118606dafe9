//! Assessments: answers to a questionnaire, and their validation against it.

mod model;

pub use model::{Answer, Assessment, QuestionnaireRef, Response, Subject, SubjectKind};
