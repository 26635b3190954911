//! The Danish business register number (CVR-nummer).

use std::fmt;

/// A CVR number: 8 digits, the first not 0, whose weighted sum with the
/// weights 2,7,6,5,4,3,2,1 is divisible by 11. A valid check digit does not
/// prove the company exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cvr(u32);

/// Why a text is not a CVR number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CvrError {
    /// Nothing was given.
    #[error("a CVR number is required")]
    Empty,
    /// Something other than digits and spaces.
    #[error("a CVR number has only digits")]
    NotDigits,
    /// Not eight digits.
    #[error("a CVR number has 8 digits, not {0}")]
    WrongLength(usize),
    /// Starts with 0.
    #[error("a CVR number does not start with 0")]
    LeadingZero,
    /// The modulus-11 check fails.
    #[error("the check digit of the CVR number does not match")]
    CheckDigit,
}

const WEIGHTS: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];

impl Cvr {
    /// Parses a CVR number. Spaces are ignored, as is a leading "DK"
    /// (the VAT form of the number).
    pub fn parse(raw: &str) -> Result<Self, CvrError> {
        let trimmed = raw.trim();
        let trimmed = trimmed
            .strip_prefix("DK")
            .or_else(|| trimmed.strip_prefix("dk"))
            .unwrap_or(trimmed);
        let digits: Vec<char> = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(CvrError::Empty);
        }
        if !digits.iter().all(|c| c.is_ascii_digit()) {
            return Err(CvrError::NotDigits);
        }
        if digits.len() != 8 {
            return Err(CvrError::WrongLength(digits.len()));
        }
        if digits[0] == '0' {
            return Err(CvrError::LeadingZero);
        }
        let mut sum = 0u32;
        let mut value = 0u32;
        for (c, w) in digits.iter().zip(WEIGHTS) {
            let d = c.to_digit(10).ok_or(CvrError::NotDigits)?;
            sum += d * w;
            value = value * 10 + d;
        }
        if !sum.is_multiple_of(11) {
            return Err(CvrError::CheckDigit);
        }
        Ok(Cvr(value))
    }

    /// The check digit that completes seven leading digits, if there is one
    /// (about one in eleven seven-digit prefixes has none).
    pub fn check_digit_for(first_seven: u32) -> Option<u32> {
        let mut sum = 0u32;
        let mut rest = first_seven;
        for w in WEIGHTS[..7].iter().rev() {
            sum += (rest % 10) * w;
            rest /= 10;
        }
        let check = (11 - sum % 11) % 11;
        (check < 10).then_some(check)
    }

    /// The number as a `u32`.
    pub fn value(&self) -> u32 {
        self.0
    }
}

impl fmt::Display for Cvr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_known_valid_number_parses() {
        assert_eq!(
            Cvr::parse("13748136").map(|c| c.to_string()),
            Ok("13748136".into())
        );
    }

    #[test]
    fn spaces_and_a_dk_prefix_are_ignored() {
        assert_eq!(
            Cvr::parse(" DK 1374 8136 ").map(|c| c.value()),
            Ok(13_748_136)
        );
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(Cvr::parse("13748137"), Err(CvrError::CheckDigit));
    }

    #[test]
    fn each_kind_of_bad_input_says_why() {
        assert_eq!(Cvr::parse(""), Err(CvrError::Empty));
        assert_eq!(Cvr::parse("1374813a"), Err(CvrError::NotDigits));
        assert_eq!(Cvr::parse("1374813"), Err(CvrError::WrongLength(7)));
        assert_eq!(Cvr::parse("01374813"), Err(CvrError::LeadingZero));
    }

    #[test]
    fn the_check_digit_helper_completes_a_known_number() {
        assert_eq!(Cvr::check_digit_for(1_374_813), Some(6));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = Cvr::parse(&s);
        }

        #[test]
        fn every_completed_prefix_parses_and_round_trips(prefix in 1_000_000u32..10_000_000) {
            if let Some(check) = Cvr::check_digit_for(prefix) {
                let n = prefix * 10 + check;
                let parsed = Cvr::parse(&n.to_string());
                prop_assert_eq!(parsed.map(|c| c.value()), Ok(n));
            }
        }

        #[test]
        fn changing_one_digit_breaks_the_check(prefix in 1_000_000u32..10_000_000, pos in 1usize..8, delta in 1u32..10) {
            if let Some(check) = Cvr::check_digit_for(prefix) {
                let mut digits: Vec<u32> = format!("{}{}", prefix, check).chars().filter_map(|c| c.to_digit(10)).collect();
                digits[pos] = (digits[pos] + delta) % 10;
                let s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
                // Weights are all non-zero mod 11 and 11 is prime, so one changed digit always breaks the sum.
                prop_assert_eq!(Cvr::parse(&s), Err(CvrError::CheckDigit));
            }
        }
    }
}
