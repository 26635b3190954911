//! Who answers: industry codes, size classes, local areas and respondent types.

use std::fmt;

/// A text that is not one of an enumeration's names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not one of: {expected}")]
pub struct ParseEnumError {
    /// What was given.
    pub given: String,
    /// The accepted names, comma-separated.
    pub expected: &'static str,
}

/// Defines an enumeration with stable names (used on the wire and in the database).
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in their natural order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a stable name.
            pub fn parse(raw: &str) -> Result<Self, $crate::organisation::ParseEnumError> {
                match raw.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::organisation::ParseEnumError {
                        given: other.to_string(),
                        expected: concat!($($text, " "),+),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum!(
    /// The version of the Danish industry classification a code belongs to.
    Classification {
        /// Dansk Branchekode 2007 (NACE Rev. 2), sections A–U.
        Db07 => "DB07",
        /// Dansk Branchekode 2025 (NACE Rev. 2.1), sections A–V.
        Db25 => "DB25",
    }
);

named_enum!(
    /// EU size class by staff headcount.
    SizeClass {
        /// Fewer than 10 staff.
        Micro => "micro",
        /// Fewer than 50 staff.
        Small => "small",
        /// Fewer than 250 staff.
        Medium => "medium",
        /// 250 staff or more.
        Large => "large",
    }
);

impl SizeClass {
    /// The size class of an organisation with this many staff.
    pub fn from_employees(employees: u32) -> Self {
        match employees {
            0..10 => SizeClass::Micro,
            10..50 => SizeClass::Small,
            50..250 => SizeClass::Medium,
            _ => SizeClass::Large,
        }
    }
}

named_enum!(
    /// What kind of body answers.
    RespondentType {
        /// A company with a CVR number.
        Company => "company",
        /// A business association.
        BusinessAssociation => "business_association",
        /// A public authority.
        PublicAuthority => "public_authority",
        /// Another organisation.
        OtherOrganisation => "other_organisation",
        /// A private person; their name is never published.
        PrivatePerson => "private_person",
    }
);

impl RespondentType {
    /// Whether this type of respondent must give a CVR number.
    pub fn requires_cvr(&self) -> bool {
        matches!(self, RespondentType::Company)
    }
}

/// Why a text is not an industry code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndustryError {
    /// Nothing was given.
    #[error("an industry code is required")]
    Empty,
    /// A letter outside the classification's sections.
    #[error("{classification} has no section '{section}'")]
    UnknownSection {
        /// The classification.
        classification: Classification,
        /// The letter given.
        section: String,
    },
    /// Digits that are not a code (2 to 6 digits, dots allowed).
    #[error("'{0}' is not an industry code: give a section letter or a code of 2 to 6 digits")]
    Malformed(String),
    /// A division that does not exist in the classification.
    #[error("{classification} has no division {division:02}")]
    UnknownDivision {
        /// The classification.
        classification: Classification,
        /// The two leading digits.
        division: u32,
    },
}

/// An industry code together with its classification: either a section
/// letter ("G") or a full code ("47.11", "471100"), from which the section
/// is derived.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndustryCode {
    classification: Classification,
    code: String,
    section: char,
}

impl IndustryCode {
    /// Parses a code in a classification.
    pub fn parse(classification: Classification, raw: &str) -> Result<Self, IndustryError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(IndustryError::Empty);
        }
        let mut chars = raw.chars();
        if let (Some(letter), None) = (chars.next(), chars.next())
            && letter.is_ascii_alphabetic()
        {
            let section = letter.to_ascii_uppercase();
            if Self::sections(classification).contains(&section) {
                return Ok(Self {
                    classification,
                    code: section.to_string(),
                    section,
                });
            }
            return Err(IndustryError::UnknownSection {
                classification,
                section: raw.to_string(),
            });
        }
        let digits: String = raw.chars().filter(|c| *c != '.').collect();
        if !(2..=6).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(IndustryError::Malformed(raw.to_string()));
        }
        let division: u32 = digits[..2]
            .parse()
            .map_err(|_| IndustryError::Malformed(raw.to_string()))?;
        let section = section_of_division(classification, division).ok_or(
            IndustryError::UnknownDivision {
                classification,
                division,
            },
        )?;
        Ok(Self {
            classification,
            code: raw.to_string(),
            section,
        })
    }

    /// The classification.
    pub fn classification(&self) -> Classification {
        self.classification
    }

    /// The code as given (a section letter or the full code).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The section letter.
    pub fn section(&self) -> char {
        self.section
    }

    /// The section letters of a classification.
    pub fn sections(classification: Classification) -> &'static [char] {
        const DB07: &[char] = &[
            'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q',
            'R', 'S', 'T', 'U',
        ];
        const DB25: &[char] = &[
            'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q',
            'R', 'S', 'T', 'U', 'V',
        ];
        match classification {
            Classification::Db07 => DB07,
            Classification::Db25 => DB25,
        }
    }
}

impl fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.classification, self.code)
    }
}

/// The section of a two-digit division (NACE Rev. 2 for DB07, Rev. 2.1 for DB25).
fn section_of_division(classification: Classification, division: u32) -> Option<char> {
    // (first division, last division, section)
    const DB07: &[(u32, u32, char)] = &[
        (1, 3, 'A'),
        (5, 9, 'B'),
        (10, 33, 'C'),
        (35, 35, 'D'),
        (36, 39, 'E'),
        (41, 43, 'F'),
        (45, 47, 'G'),
        (49, 53, 'H'),
        (55, 56, 'I'),
        (58, 63, 'J'),
        (64, 66, 'K'),
        (68, 68, 'L'),
        (69, 75, 'M'),
        (77, 82, 'N'),
        (84, 84, 'O'),
        (85, 85, 'P'),
        (86, 88, 'Q'),
        (90, 93, 'R'),
        (94, 96, 'S'),
        (97, 98, 'T'),
        (99, 99, 'U'),
    ];
    const DB25: &[(u32, u32, char)] = &[
        (1, 3, 'A'),
        (5, 9, 'B'),
        (10, 33, 'C'),
        (35, 35, 'D'),
        (36, 39, 'E'),
        (41, 43, 'F'),
        (46, 47, 'G'),
        (49, 53, 'H'),
        (55, 56, 'I'),
        (58, 60, 'J'),
        (61, 63, 'K'),
        (64, 66, 'L'),
        (68, 68, 'M'),
        (69, 75, 'N'),
        (77, 82, 'O'),
        (84, 84, 'P'),
        (85, 85, 'Q'),
        (86, 88, 'R'),
        (90, 93, 'S'),
        (94, 96, 'T'),
        (97, 98, 'U'),
        (99, 99, 'V'),
    ];
    let table = match classification {
        Classification::Db07 => DB07,
        Classification::Db25 => DB25,
    };
    table
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&division))
        .map(|(_, _, s)| *s)
}

/// A local area's code (e.g. `bymidten`), as kept in the reference data.
/// The format is checked here; whether the area exists is the store's to say.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaCode(String);

impl AreaCode {
    /// Parses an area code: 1 to 40 lowercase letters, digits and hyphens.
    pub fn parse(raw: &str) -> Result<Self, ParseEnumError> {
        let raw = raw.trim();
        let ok = !raw.is_empty()
            && raw.len() <= 40
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(AreaCode(raw.to_string()))
        } else {
            Err(ParseEnumError {
                given: raw.to_string(),
                expected: "a local area code",
            })
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_section_letter_is_its_own_section() {
        let code = IndustryCode::parse(Classification::Db07, "g").unwrap();
        assert_eq!((code.section(), code.code()), ('G', "G"));
    }

    #[test]
    fn section_v_exists_only_in_db25() {
        assert!(IndustryCode::parse(Classification::Db25, "V").is_ok());
        assert!(matches!(
            IndustryCode::parse(Classification::Db07, "V"),
            Err(IndustryError::UnknownSection { .. })
        ));
    }

    #[test]
    fn a_full_code_gives_its_section_per_classification() {
        assert_eq!(
            IndustryCode::parse(Classification::Db07, "47.11")
                .unwrap()
                .section(),
            'G'
        );
        assert_eq!(
            IndustryCode::parse(Classification::Db07, "620100")
                .unwrap()
                .section(),
            'J'
        );
        // Programming moved to section K in NACE Rev. 2.1.
        assert_eq!(
            IndustryCode::parse(Classification::Db25, "620100")
                .unwrap()
                .section(),
            'K'
        );
        assert_eq!(
            IndustryCode::parse(Classification::Db25, "68")
                .unwrap()
                .section(),
            'M'
        );
    }

    #[test]
    fn bad_codes_say_why() {
        assert_eq!(
            IndustryCode::parse(Classification::Db07, " "),
            Err(IndustryError::Empty)
        );
        assert!(matches!(
            IndustryCode::parse(Classification::Db07, "4"),
            Err(IndustryError::Malformed(_))
        ));
        assert!(matches!(
            IndustryCode::parse(Classification::Db07, "4x11"),
            Err(IndustryError::Malformed(_))
        ));
        assert!(matches!(
            IndustryCode::parse(Classification::Db07, "04"),
            Err(IndustryError::UnknownDivision { division: 4, .. })
        ));
        assert!(matches!(
            IndustryCode::parse(Classification::Db25, "45.20"),
            Err(IndustryError::UnknownDivision { division: 45, .. })
        ));
    }

    #[test]
    fn size_classes_follow_the_eu_limits() {
        assert_eq!(SizeClass::from_employees(0), SizeClass::Micro);
        assert_eq!(SizeClass::from_employees(9), SizeClass::Micro);
        assert_eq!(SizeClass::from_employees(10), SizeClass::Small);
        assert_eq!(SizeClass::from_employees(49), SizeClass::Small);
        assert_eq!(SizeClass::from_employees(50), SizeClass::Medium);
        assert_eq!(SizeClass::from_employees(249), SizeClass::Medium);
        assert_eq!(SizeClass::from_employees(250), SizeClass::Large);
    }

    #[test]
    fn named_enums_round_trip_and_refuse_unknown_names() {
        for t in RespondentType::ALL {
            assert_eq!(RespondentType::parse(t.as_str()), Ok(*t));
        }
        for s in SizeClass::ALL {
            assert_eq!(SizeClass::parse(s.as_str()), Ok(*s));
        }
        assert!(SizeClass::parse("huge").is_err());
        assert!(Classification::parse("DB93").is_err());
        assert!(RespondentType::Company.requires_cvr());
        assert!(!RespondentType::PrivatePerson.requires_cvr());
    }

    #[test]
    fn area_codes_are_slugs() {
        assert!(AreaCode::parse("hele-kommunen").is_ok());
        assert!(AreaCode::parse("Bymidten").is_err());
        assert!(AreaCode::parse("").is_err());
        assert!(AreaCode::parse("a b").is_err());
    }

    proptest! {
        #[test]
        fn industry_parse_never_panics(s in "\\PC*", db25 in any::<bool>()) {
            let c = if db25 { Classification::Db25 } else { Classification::Db07 };
            let _ = IndustryCode::parse(c, &s);
        }

        #[test]
        fn every_valid_code_has_a_section_of_its_classification(division in 1u32..100, rest in 0u32..10000, db25 in any::<bool>()) {
            let c = if db25 { Classification::Db25 } else { Classification::Db07 };
            if let Ok(code) = IndustryCode::parse(c, &format!("{division:02}{rest:04}")) {
                prop_assert!(IndustryCode::sections(c).contains(&code.section()));
            }
        }

        #[test]
        fn area_parse_never_panics(s in "\\PC*") {
            let _ = AreaCode::parse(&s);
        }
    }
}
