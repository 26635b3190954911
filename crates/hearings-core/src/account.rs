//! Account security: the one-time links sent by e-mail (verifying an
//! address, resetting a password) and when such a link may be used.

use chrono::{DateTime, Duration, Utc};

use crate::organisation::named_enum;

named_enum!(
    /// What a one-time link is for.
    TokenPurpose {
        /// Confirms that the account's e-mail address reaches its owner.
        Verify => "verify",
        /// Sets a new password.
        Reset => "reset",
    }
);

impl TokenPurpose {
    /// How long a link of this purpose works: 48 hours to verify an
    /// address, 1 hour to reset a password.
    pub fn lifetime(&self) -> Duration {
        match self {
            TokenPurpose::Verify => Duration::hours(48),
            TokenPurpose::Reset => Duration::hours(1),
        }
    }
}

/// Why a one-time link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// No such link (mistyped, or of another purpose).
    #[error("unknown link")]
    Unknown,
    /// The link was used already.
    #[error("link already used")]
    Used,
    /// The link's time ran out.
    #[error("link expired")]
    Expired,
}

/// Whether a link that expires at `expires_at` (and was used at `used_at`,
/// if at all) may be used at `now`. A link works until, not at, its expiry.
pub fn check_token(
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), TokenError> {
    if used_at.is_some() {
        Err(TokenError::Used)
    } else if now >= expires_at {
        Err(TokenError::Expired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_verification_link_lasts_two_days_and_a_reset_link_one_hour() {
        assert_eq!(TokenPurpose::Verify.lifetime(), Duration::hours(48));
        assert_eq!(TokenPurpose::Reset.lifetime(), Duration::hours(1));
    }

    #[test]
    fn a_link_works_until_its_expiry_and_only_once() {
        let expires = at("2026-06-01T10:00:00Z");
        let before = expires - Duration::milliseconds(1);
        assert_eq!(check_token(expires, None, before), Ok(()));
        assert_eq!(
            check_token(expires, None, expires),
            Err(TokenError::Expired)
        );
        assert_eq!(
            check_token(expires, Some(before), before),
            Err(TokenError::Used)
        );
    }
}
