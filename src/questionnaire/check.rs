//! Structural validation of a questionnaire, and its compiled ("checked") form.

use crate::error::Problems;

use super::Questionnaire;

impl Questionnaire {
    /// Checks the questionnaire's structure and reports every problem with its JSON pointer.
    pub fn validate(&self) -> Result<(), Problems> {
        Ok(())
    }
}
