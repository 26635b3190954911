//! Reference data as administrators keep it: the four kinds (local areas,
//! committees, topics, industry sections), the key that names an entry of
//! each, and the checking of a new entry and of its names.
//!
//! A code never changes once an entry exists, so it is checked strictly
//! here: whether it is free is the store's to say. Committees have no code:
//! the store gives each a new id.

use crate::hearing_info::TopicCode;
use crate::ids::CommitteeId;
use crate::input::{Errors, FieldError, Problem, required_text};
use crate::organisation::{AreaCode, Classification, IndustryCode, IndustryError, named_enum};
use crate::register::SectionRef;

named_enum!(
    /// A kind of reference data; the stable name is the one in URLs
    /// (`/admin/reference/topics`, `/api/v1/reference/topics`).
    ReferenceKind {
        /// Local areas (`bymidten`), used by hearings and organisations.
        Area => "areas",
        /// Standing committees, used by hearings; named by an id.
        Committee => "committees",
        /// Topics (`handel`), used by hearings.
        Topic => "topics",
        /// Industry sections of DB07 and DB25 (`DB25:G`), used by organisations.
        Section => "sections",
    }
);

/// The key of one entry within its kind: a code, a committee's id, or a
/// section of a classification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReferenceKey {
    /// A local area.
    Area(AreaCode),
    /// A committee.
    Committee(CommitteeId),
    /// A topic.
    Topic(TopicCode),
    /// An industry section.
    Section(SectionRef),
}

impl ReferenceKey {
    /// Reads the key of an entry of `kind` as [`ReferenceKey::to_string`]
    /// writes it (`bymidten`, a UUID, `handel`, `DB25:G`). `None` when it
    /// cannot name an entry of that kind.
    pub fn parse(kind: ReferenceKind, raw: &str) -> Option<Self> {
        match kind {
            ReferenceKind::Area => AreaCode::parse(raw).ok().map(Self::Area),
            ReferenceKind::Committee => raw
                .trim()
                .parse()
                .ok()
                .map(|id| Self::Committee(CommitteeId(id))),
            ReferenceKind::Topic => TopicCode::parse(raw).ok().map(Self::Topic),
            ReferenceKind::Section => SectionRef::parse(raw).ok().map(Self::Section),
        }
    }

    /// The kind of entry it names.
    pub fn kind(&self) -> ReferenceKind {
        match self {
            Self::Area(_) => ReferenceKind::Area,
            Self::Committee(_) => ReferenceKind::Committee,
            Self::Topic(_) => ReferenceKind::Topic,
            Self::Section(_) => ReferenceKind::Section,
        }
    }
}

impl std::fmt::Display for ReferenceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Area(c) => c.fmt(f),
            Self::Committee(c) => c.fmt(f),
            Self::Topic(c) => c.fmt(f),
            Self::Section(s) => s.fmt(f),
        }
    }
}

/// The longest name of an entry, in either language.
pub const REFERENCE_NAME_MAX: usize = 200;
/// The shortest code of a new area or topic.
pub const CODE_MIN: usize = 2;
/// The longest code of a new area or topic.
pub const CODE_MAX: usize = 40;

/// An entry's names in Danish and English, both required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceNames {
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

impl ReferenceNames {
    /// Parses both names (trimmed, 1 to [`REFERENCE_NAME_MAX`] characters),
    /// reporting each problem under `name_da` or `name_en`.
    pub fn parse(name_da: &str, name_en: &str) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::default();
        let names = Self::parse_into(&mut e, name_da, name_en);
        match names {
            Some(n) if e.is_empty() => Ok(n),
            _ => Err(e.0),
        }
    }

    fn parse_into(e: &mut Errors, name_da: &str, name_en: &str) -> Option<Self> {
        let da = e.check("name_da", required_text(name_da, REFERENCE_NAME_MAX));
        let en = e.check("name_en", required_text(name_en, REFERENCE_NAME_MAX));
        Some(Self {
            name_da: da?,
            name_en: en?,
        })
    }
}

/// The code of a new area or topic: [`CODE_MIN`] to [`CODE_MAX`]
/// characters of lowercase `a`–`z`, digits and single hyphens, starting
/// with a letter and not ending with a hyphen (`glostrup-nord`). Stricter
/// than [`AreaCode::parse`], which reads codes already kept.
pub fn new_code(raw: &str) -> Result<String, Problem> {
    let c = raw.trim();
    if c.is_empty() {
        return Err(Problem::Required);
    }
    let n = c.chars().count();
    let shape = c
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && c.starts_with(|ch: char| ch.is_ascii_lowercase())
        && !c.ends_with('-')
        && !c.contains("--");
    if shape && (CODE_MIN..=CODE_MAX).contains(&n) {
        Ok(c.to_string())
    } else {
        Err(Problem::CodeFormat)
    }
}

/// A new entry as typed by an administrator. `code` is the area's or
/// topic's code, or the section's letter; `classification` (`DB07`,
/// `DB25`) is for a section only; a committee uses neither.
#[derive(Debug, Clone, Default)]
pub struct RawReferenceEntry {
    /// Code or section letter.
    pub code: String,
    /// A section's classification.
    pub classification: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
}

/// What names a new entry: its code, or nothing for a committee (the store
/// makes its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewCode {
    /// A local area's code.
    Area(AreaCode),
    /// A committee.
    Committee,
    /// A topic's code.
    Topic(TopicCode),
    /// An industry section of a classification.
    Section(SectionRef),
}

impl NewCode {
    /// The kind of entry.
    pub fn kind(&self) -> ReferenceKind {
        match self {
            Self::Area(_) => ReferenceKind::Area,
            Self::Committee => ReferenceKind::Committee,
            Self::Topic(_) => ReferenceKind::Topic,
            Self::Section(_) => ReferenceKind::Section,
        }
    }
}

/// A checked new entry, ready to be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferenceEntry {
    /// Its code.
    pub code: NewCode,
    /// Its names.
    pub names: ReferenceNames,
}

impl RawReferenceEntry {
    /// Parses a new entry of `kind`, reporting every problem at once under
    /// `code`, `classification`, `name_da` and `name_en`. A section's
    /// letter must be one of its classification's sections (DB07 has A–U,
    /// DB25 A–V): the classifications are national and fixed.
    pub fn parse(&self, kind: ReferenceKind) -> Result<NewReferenceEntry, Vec<FieldError>> {
        let mut e = Errors::default();
        let code = match kind {
            ReferenceKind::Area => e
                .check("code", new_code(&self.code))
                .and_then(|c| AreaCode::parse(&c).ok())
                .map(NewCode::Area),
            ReferenceKind::Topic => e
                .check("code", new_code(&self.code))
                .and_then(|c| TopicCode::parse(&c).ok())
                .map(NewCode::Topic),
            ReferenceKind::Committee => Some(NewCode::Committee),
            ReferenceKind::Section => {
                let classification = if self.classification.trim().is_empty() {
                    e.push("classification", Problem::Required);
                    None
                } else {
                    e.check(
                        "classification",
                        Classification::parse(&self.classification),
                    )
                };
                let letter = self.code.trim();
                if letter.is_empty() {
                    e.push("code", Problem::Required);
                    None
                } else {
                    classification.and_then(|c| {
                        e.check("code", section_letter(c, letter)).map(|section| {
                            NewCode::Section(SectionRef {
                                classification: c,
                                section,
                            })
                        })
                    })
                }
            }
        };
        let names = ReferenceNames::parse_into(&mut e, &self.name_da, &self.name_en);
        match (code, names) {
            (Some(code), Some(names)) if e.is_empty() => Ok(NewReferenceEntry { code, names }),
            _ => Err(e.0),
        }
    }
}

/// One letter that is a section of the classification (either case).
fn section_letter(classification: Classification, raw: &str) -> Result<char, IndustryError> {
    let mut chars = raw.chars();
    match (chars.next(), chars.next()) {
        (Some(l), None)
            if IndustryCode::sections(classification).contains(&l.to_ascii_uppercase()) =>
        {
            Ok(l.to_ascii_uppercase())
        }
        _ => Err(IndustryError::UnknownSection {
            classification,
            section: raw.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw(code: &str, classification: &str, da: &str, en: &str) -> RawReferenceEntry {
        RawReferenceEntry {
            code: code.into(),
            classification: classification.into(),
            name_da: da.into(),
            name_en: en.into(),
        }
    }

    fn fields(r: Result<NewReferenceEntry, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.unwrap_err()
            .into_iter()
            .map(|f| (f.field, f.problem))
            .collect()
    }

    #[test]
    fn a_good_topic_parses_with_its_names_trimmed() {
        let t = raw(
            " groen-omstilling ",
            "",
            " Grøn omstilling ",
            "Green transition",
        )
        .parse(ReferenceKind::Topic)
        .unwrap();
        assert_eq!(
            t.code,
            NewCode::Topic(TopicCode::parse("groen-omstilling").unwrap())
        );
        assert_eq!(t.names.name_da, "Grøn omstilling");
        assert_eq!(t.code.kind(), ReferenceKind::Topic);
    }

    #[test]
    fn codes_are_lowercase_slugs_that_start_with_a_letter() {
        for good in ["ejby", "glostrup-nord", "omraade-2", "ab"] {
            assert_eq!(new_code(good).as_deref(), Ok(good), "{good}");
        }
        for bad in [
            "Ejby",
            "grøn",
            "a b",
            "-ejby",
            "ejby-",
            "ej--by",
            "2ejby",
            "a",
            "ejby_nord",
        ] {
            assert_eq!(new_code(bad), Err(Problem::CodeFormat), "{bad}");
        }
        assert_eq!(new_code("  "), Err(Problem::Required));
        assert_eq!(new_code(&"a".repeat(40)).map(|c| c.len()), Ok(40));
        assert_eq!(new_code(&"a".repeat(41)), Err(Problem::CodeFormat));
    }

    #[test]
    fn every_bad_field_of_a_new_area_is_reported_at_once() {
        let errs = fields(raw("Ny By", "", "", &"x".repeat(201)).parse(ReferenceKind::Area));
        assert_eq!(
            errs,
            vec![
                ("code".to_string(), Problem::CodeFormat),
                ("name_da".to_string(), Problem::Required),
                ("name_en".to_string(), Problem::TooLong { max: 200 }),
            ]
        );
    }

    #[test]
    fn a_committee_needs_only_its_names() {
        let c = raw("ignored", "", "Klimaudvalget", "Climate Committee")
            .parse(ReferenceKind::Committee)
            .unwrap();
        assert_eq!(c.code, NewCode::Committee);
    }

    #[test]
    fn a_section_letter_must_belong_to_its_classification() {
        let s = raw(
            "v",
            "DB25",
            "Ekstraterritoriale organisationer",
            "Extraterritorial",
        )
        .parse(ReferenceKind::Section)
        .unwrap();
        assert_eq!(
            s.code,
            NewCode::Section(SectionRef::parse("DB25:V").unwrap())
        );
        let errs = fields(raw("V", "DB07", "X", "X").parse(ReferenceKind::Section));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, "code");
        assert!(matches!(
            errs[0].1,
            Problem::Industry(IndustryError::UnknownSection { .. })
        ));
        let errs = fields(raw("GG", "DB93", "X", "X").parse(ReferenceKind::Section));
        assert_eq!(errs[0].0, "classification");
        assert_eq!(
            fields(raw("", "", "X", "X").parse(ReferenceKind::Section)),
            vec![
                ("classification".to_string(), Problem::Required),
                ("code".to_string(), Problem::Required)
            ]
        );
    }

    #[test]
    fn keys_read_back_as_they_are_written() {
        for (kind, text) in [
            (ReferenceKind::Area, "bymidten"),
            (ReferenceKind::Topic, "handel"),
            (
                ReferenceKind::Committee,
                "6f1c2d9e-0000-4000-8000-000000000001",
            ),
            (ReferenceKind::Section, "DB25:G"),
        ] {
            let key = ReferenceKey::parse(kind, text).unwrap();
            assert_eq!(key.to_string(), text);
            assert_eq!(key.kind(), kind);
        }
        assert_eq!(
            ReferenceKey::parse(ReferenceKind::Committee, "udvalg"),
            None
        );
        assert_eq!(ReferenceKey::parse(ReferenceKind::Section, "DB07:V"), None);
        assert_eq!(ReferenceKey::parse(ReferenceKind::Area, "By Midten"), None);
        assert_eq!(ReferenceKind::parse("topics"), Ok(ReferenceKind::Topic));
    }

    #[test]
    fn names_are_both_required() {
        assert_eq!(
            ReferenceNames::parse(" Ejby ", "Ejby"),
            Ok(ReferenceNames {
                name_da: "Ejby".into(),
                name_en: "Ejby".into()
            })
        );
        let errs: Vec<String> = ReferenceNames::parse("", " ")
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(errs, ["name_da", "name_en"]);
    }

    proptest! {
        #[test]
        fn parsing_a_new_entry_never_panics(a in "\\PC*", b in "\\PC*", c in "\\PC*") {
            for kind in ReferenceKind::ALL {
                let _ = raw(&a, &b, &c, &a).parse(*kind);
                let _ = ReferenceKey::parse(*kind, &a);
            }
        }

        #[test]
        fn every_accepted_code_is_also_a_valid_area_and_topic_code(a in "[a-z0-9-]{0,45}") {
            if let Ok(c) = new_code(&a) {
                prop_assert!(AreaCode::parse(&c).is_ok());
                prop_assert!(TopicCode::parse(&c).is_ok());
            }
        }
    }
}
