//! Structural validation of a questionnaire, and its compiled ("checked") form.

use crate::error::Problems;

use super::Questionnaire;

/// A questionnaire whose structure has been validated, with the indexes the assessment checker
/// and the scoring engine use.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedQuestionnaire {
    questionnaire: Questionnaire,
}

impl Questionnaire {
    /// Checks the questionnaire's structure and reports every problem with its JSON pointer.
    pub fn validate(&self) -> Result<(), Problems> {
        Ok(())
    }

    /// Validates the questionnaire and compiles it for checking and scoring assessments.
    pub fn check(self) -> Result<CheckedQuestionnaire, Problems> {
        self.validate()?;
        Ok(CheckedQuestionnaire {
            questionnaire: self,
        })
    }
}

impl CheckedQuestionnaire {
    /// The questionnaire.
    pub fn questionnaire(&self) -> &Questionnaire {
        &self.questionnaire
    }
}
