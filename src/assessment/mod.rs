//! Assessments: answers to a questionnaire, and their validation against it.

mod check;
mod model;

pub use check::CheckedAssessment;
pub use model::{Answer, Assessment, QuestionnaireRef, Response, Subject, SubjectKind};
