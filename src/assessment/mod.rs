//! Assessments: answers to a questionnaire, and their validation against it.

pub(crate) mod check;
mod model;

pub use check::CheckedAssessment;
pub use model::{Answer, Assessment, QuestionnaireRef, Response, Subject, SubjectKind};
