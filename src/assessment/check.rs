//! Validation of an assessment against its questionnaire.

use crate::error::Problems;
use crate::questionnaire::CheckedQuestionnaire;

use super::Assessment;

/// An assessment that has been validated against its questionnaire, ready to be scored.
#[derive(Debug, Clone)]
pub struct CheckedAssessment<'a> {
    questionnaire: &'a CheckedQuestionnaire,
    assessment: &'a Assessment,
}

impl Assessment {
    /// Validates the assessment against `questionnaire` and reports every problem with its JSON
    /// pointer into the assessment.
    pub fn check<'a>(
        &'a self,
        questionnaire: &'a CheckedQuestionnaire,
    ) -> Result<CheckedAssessment<'a>, Problems> {
        Ok(CheckedAssessment {
            questionnaire,
            assessment: self,
        })
    }
}

impl<'a> CheckedAssessment<'a> {
    /// The questionnaire it answers.
    pub fn questionnaire(&self) -> &'a CheckedQuestionnaire {
        self.questionnaire
    }

    /// The assessment.
    pub fn assessment(&self) -> &'a Assessment {
        self.assessment
    }
}
