//! What a response says overall, and how it may be published.

use crate::organisation::named_enum;

named_enum!(
    /// The respondent's overall stance on the proposal.
    Stance {
        /// Supports the proposal.
        Supports => "supports",
        /// Supports it with changes.
        SupportsWithChanges => "supports_with_changes",
        /// Neither for nor against.
        Neutral => "neutral",
        /// Opposes the proposal.
        Opposes => "opposes",
    }
);

named_enum!(
    /// How a response may be published after the deadline.
    Publication {
        /// With the organisation's name (never a private person's).
        Named => "named",
        /// Without names.
        Anonymous => "anonymous",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stances_and_publication_choices_round_trip() {
        for s in Stance::ALL {
            assert_eq!(Stance::parse(s.as_str()), Ok(*s));
        }
        assert_eq!(Publication::parse("anonymous"), Ok(Publication::Anonymous));
        assert!(Stance::parse("maybe").is_err());
    }
}
