//! Questions asked on a hearing ("inquiries", to keep them apart from the
//! questions of a hearing's form), answered publicly by the secretariat.

use crate::input::{Problem, required_text};

/// The longest question.
pub const QUESTION_MAX: usize = 2_000;
/// The longest answer.
pub const ANSWER_MAX: usize = 5_000;
/// The longest reason for hiding a question.
pub const REASON_MAX: usize = 1_000;

/// Where an inquiry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InquiryState {
    /// Asked; not answered yet; visible to the asker and staff only.
    Pending,
    /// Answered; public together with its answer.
    Answered,
    /// Hidden by staff with a recorded reason; never public.
    Hidden,
}

impl InquiryState {
    /// The state from what is recorded: hiding wins over answering.
    pub fn of(answered: bool, hidden: bool) -> Self {
        match (answered, hidden) {
            (_, true) => InquiryState::Hidden,
            (true, false) => InquiryState::Answered,
            (false, false) => InquiryState::Pending,
        }
    }

    /// Whether the public sees it.
    pub fn is_public(&self) -> bool {
        matches!(self, InquiryState::Answered)
    }
}

/// A question's text, checked.
pub fn question(raw: &str) -> Result<String, Problem> {
    required_text(raw, QUESTION_MAX)
}

/// An answer's text, checked.
pub fn answer(raw: &str) -> Result<String, Problem> {
    required_text(raw, ANSWER_MAX)
}

/// A reason for hiding, checked.
pub fn reason(raw: &str) -> Result<String, Problem> {
    required_text(raw, REASON_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_answered_question_that_is_not_hidden_is_public() {
        assert!(InquiryState::of(true, false).is_public());
        assert!(!InquiryState::of(false, false).is_public());
        assert!(!InquiryState::of(true, true).is_public());
        assert_eq!(InquiryState::of(false, true), InquiryState::Hidden);
    }

    #[test]
    fn texts_are_required_and_limited() {
        assert_eq!(question("  "), Err(Problem::Required));
        assert_eq!(
            question(&"x".repeat(QUESTION_MAX + 1)),
            Err(Problem::TooLong { max: QUESTION_MAX })
        );
        assert_eq!(answer(" Svar "), Ok("Svar".to_string()));
        assert!(reason("Personoplysninger").is_ok());
    }
}
