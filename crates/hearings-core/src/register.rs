//! The organisation register: a row of an extract of the business register
//! (CVR, name, industry code and classification, employees or size class,
//! address, postcode, e-mail, and an optional local area), checked.

use crate::cvr::Cvr;
use crate::input::{FieldError, Problem, email, optional_text, required_text};
use crate::organisation::{AreaCode, Classification, IndustryCode, ParseEnumError, SizeClass};

/// The local area of an imported organisation when the file names none:
/// every address in Glostrup has postcode 2600, so a postcode does not tell
/// the local areas apart.
pub const DEFAULT_AREA: &str = "hele-kommunen";

/// Where an organisation in the register came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// It registered itself (a respondent made an account for it).
    Registered,
    /// It was imported from an extract of the business register.
    Imported,
}

impl Source {
    /// The stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Registered => "registered",
            Source::Imported => "imported",
        }
    }

    /// Parses a stable name; anything unknown reads as registered.
    pub fn parse(raw: &str) -> Self {
        if raw == "imported" {
            Source::Imported
        } else {
            Source::Registered
        }
    }
}

/// A row of the import file, as read (every field as text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRegisterRow {
    /// CVR number.
    pub cvr: String,
    /// Name.
    pub name: String,
    /// Industry code (a section letter or a code of 2 to 6 digits).
    pub industry_code: String,
    /// `DB07` or `DB25`.
    pub classification: String,
    /// A number of employees, or a size class (`micro`, `small`, `medium`, `large`).
    pub employees_or_size: String,
    /// Street address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// E-mail address (may be empty).
    pub email: String,
    /// Local area code (may be empty: then [`DEFAULT_AREA`]).
    pub area: String,
}

/// A checked row of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    /// CVR number.
    pub cvr: Cvr,
    /// Name.
    pub name: String,
    /// Industry code with its classification.
    pub industry: IndustryCode,
    /// Size class (given, or derived from the number of employees).
    pub size_class: SizeClass,
    /// Number of employees, when given.
    pub employees: Option<u32>,
    /// Street address (may be empty).
    pub address: String,
    /// Postcode: four digits, or empty.
    pub postcode: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Local area.
    pub area: AreaCode,
}

/// The longest name kept.
pub const NAME_MAX: usize = 200;
/// The longest address kept.
pub const ADDRESS_MAX: usize = 300;

fn postcode(raw: &str) -> Result<String, Problem> {
    let p = raw.trim();
    if p.is_empty() || (p.len() == 4 && p.chars().all(|c| c.is_ascii_digit())) {
        Ok(p.to_string())
    } else {
        Err(Problem::NotOneOf(ParseEnumError {
            given: p.to_string(),
            expected: "a postcode of 4 digits",
        }))
    }
}

fn size(raw: &str) -> Result<(SizeClass, Option<u32>), Problem> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    if let Ok(n) = t.parse::<u32>() {
        return Ok((SizeClass::from_employees(n), Some(n)));
    }
    Ok((SizeClass::parse(&t.to_lowercase())?, None))
}

impl RawRegisterRow {
    /// Checks every field, collecting every problem at once. Each error
    /// names its column (`cvr`, `name`, `classification` …).
    pub fn parse(&self) -> Result<RegisterEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut note = |field: &str, p: Problem| errors.push(FieldError::new(field, p));
        let cvr = Cvr::parse(&self.cvr)
            .map_err(|e| note("cvr", e.into()))
            .ok();
        let name = required_text(&self.name, NAME_MAX)
            .map_err(|p| note("name", p))
            .ok();
        let classification = Classification::parse(&self.classification.to_uppercase())
            .map_err(|e| note("classification", e.into()))
            .ok();
        let industry = classification.and_then(|c| {
            IndustryCode::parse(c, &self.industry_code)
                .map_err(|e| note("industry_code", e.into()))
                .ok()
        });
        let size = size(&self.employees_or_size)
            .map_err(|p| note("employees", p))
            .ok();
        let address = optional_text(&self.address, ADDRESS_MAX)
            .map_err(|p| note("address", p))
            .ok();
        let postcode = postcode(&self.postcode)
            .map_err(|p| note("postcode", p))
            .ok();
        let mail = if self.email.trim().is_empty() {
            Some(None)
        } else {
            email(&self.email)
                .map(Some)
                .map_err(|p| note("email", p))
                .ok()
        };
        let area_raw = if self.area.trim().is_empty() {
            DEFAULT_AREA
        } else {
            self.area.as_str()
        };
        let area = AreaCode::parse(area_raw)
            .map_err(|e| note("area", e.into()))
            .ok();
        match (cvr, name, industry, size, address, postcode, mail, area) {
            (
                Some(cvr),
                Some(name),
                Some(industry),
                Some((size_class, employees)),
                Some(address),
                Some(postcode),
                Some(email),
                Some(area),
            ) if errors.is_empty() => Ok(RegisterEntry {
                cvr,
                name,
                industry,
                size_class,
                employees,
                address,
                postcode,
                email,
                area,
            }),
            _ => Err(errors),
        }
    }
}

/// What a search of the register asks for: a name (any part, any case) or
/// the start of a CVR number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegisterQuery {
    /// The text, trimmed; empty finds every organisation.
    pub text: String,
    /// The page, from 1.
    pub page: u64,
}

impl RegisterQuery {
    /// A query from what was typed, at most 100 characters; the page is at least 1.
    pub fn new(text: &str, page: Option<u64>) -> Self {
        Self {
            text: text.trim().chars().take(100).collect(),
            page: page.unwrap_or(1).max(1),
        }
    }

    /// The digits of the text when it is only digits (spaces and a `DK`
    /// prefix ignored): a search by CVR number.
    pub fn cvr_prefix(&self) -> Option<String> {
        let t = self.text.trim();
        let t = t
            .strip_prefix("DK")
            .or_else(|| t.strip_prefix("dk"))
            .unwrap_or(t);
        let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
    }
}

/// An industry section of a classification, as a rule names it (`DB25:G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionRef {
    /// The classification.
    pub classification: Classification,
    /// The section letter.
    pub section: char,
}

impl SectionRef {
    /// Parses `DB25:G`.
    pub fn parse(raw: &str) -> Result<Self, ParseEnumError> {
        let bad = || ParseEnumError {
            given: raw.trim().to_string(),
            expected: "a section such as DB25:G",
        };
        let (c, s) = raw.trim().split_once(':').ok_or_else(bad)?;
        let classification = Classification::parse(c).map_err(|_| bad())?;
        let mut letters = s.chars();
        match (letters.next(), letters.next()) {
            (Some(l), None) if IndustryCode::sections(classification).contains(&l) => Ok(Self {
                classification,
                section: l,
            }),
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for SectionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.classification, self.section)
    }
}

/// A rule that picks parties for a hearing list from the register: an
/// organisation is picked when it is in one of the sections, one of the
/// size classes and one of the areas; a kind left empty picks any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteRule {
    /// Industry sections.
    pub sections: Vec<SectionRef>,
    /// Size classes.
    pub size_classes: Vec<SizeClass>,
    /// Local areas.
    pub areas: Vec<AreaCode>,
}

impl InviteRule {
    /// Reads a rule from the chosen values; every value must be known and
    /// at least one must be chosen (a rule that picks everyone is refused).
    pub fn parse(
        sections: &[String],
        size_classes: &[String],
        areas: &[String],
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut rule = InviteRule::default();
        for s in sections {
            match SectionRef::parse(s) {
                Ok(r) if !rule.sections.contains(&r) => rule.sections.push(r),
                Ok(_) => {}
                Err(e) => errors.push(FieldError::new("rule.sections", e)),
            }
        }
        for s in size_classes {
            match SizeClass::parse(s) {
                Ok(c) if !rule.size_classes.contains(&c) => rule.size_classes.push(c),
                Ok(_) => {}
                Err(e) => errors.push(FieldError::new("rule.size_classes", e)),
            }
        }
        for a in areas {
            match AreaCode::parse(a) {
                Ok(c) if !rule.areas.contains(&c) => rule.areas.push(c),
                Ok(_) => {}
                Err(e) => errors.push(FieldError::new("rule.areas", e)),
            }
        }
        if errors.is_empty() && rule.is_empty() {
            errors.push(FieldError::new("rule", Problem::Required));
        }
        if errors.is_empty() {
            Ok(rule)
        } else {
            Err(errors)
        }
    }

    /// Whether nothing is chosen.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.size_classes.is_empty() && self.areas.is_empty()
    }
}

/// E-mail addresses typed one to a line (or separated by commas,
/// semicolons or spaces), lower-cased, without repeats; each bad one is an
/// error on `emails`.
pub fn email_list(raw: &str) -> Result<Vec<String>, Vec<FieldError>> {
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for part in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match email(part) {
            Ok(e) if !out.contains(&e) => out.push(e),
            Ok(_) => {}
            Err(p) => errors.push(FieldError::new("emails", p)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row() -> RawRegisterRow {
        RawRegisterRow {
            cvr: "13748136".into(),
            name: " Testbageriet (fiktiv) ".into(),
            industry_code: "47.24".into(),
            classification: "db25".into(),
            employees_or_size: "12".into(),
            address: "Hovedvejen 1".into(),
            postcode: "2600".into(),
            email: "Info@Bageri.example".into(),
            area: String::new(),
        }
    }

    #[test]
    fn a_good_row_is_read_with_its_size_class_from_the_employees_and_the_default_area() {
        let e = row().parse().unwrap();
        assert_eq!(e.name, "Testbageriet (fiktiv)");
        assert_eq!(e.size_class, SizeClass::Small);
        assert_eq!(e.employees, Some(12));
        assert_eq!(e.industry.section(), 'G');
        assert_eq!(e.email.as_deref(), Some("info@bageri.example"));
        assert_eq!(e.area.as_str(), DEFAULT_AREA);
    }

    #[test]
    fn a_size_class_may_stand_instead_of_the_employees() {
        let e = RawRegisterRow {
            employees_or_size: "Medium".into(),
            email: String::new(),
            ..row()
        }
        .parse()
        .unwrap();
        assert_eq!(
            (e.size_class, e.employees, e.email),
            (SizeClass::Medium, None, None)
        );
    }

    #[test]
    fn every_problem_of_a_bad_row_is_named_by_its_column() {
        let bad = RawRegisterRow {
            cvr: "13748137".into(),
            name: " ".into(),
            classification: "DB93".into(),
            postcode: "26000".into(),
            ..row()
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["cvr", "name", "classification", "postcode"]);
    }

    #[test]
    fn a_search_of_digits_is_a_search_by_cvr() {
        assert_eq!(
            RegisterQuery::new(" DK 1374 ", None)
                .cvr_prefix()
                .as_deref(),
            Some("1374")
        );
        assert_eq!(RegisterQuery::new("Bageri", Some(0)).cvr_prefix(), None);
        assert_eq!(RegisterQuery::new("", Some(0)).page, 1);
    }

    #[test]
    fn a_rule_needs_a_choice_and_known_values() {
        let rule =
            InviteRule::parse(&["DB25:G".into(), "DB25:G".into()], &["micro".into()], &[]).unwrap();
        assert_eq!(rule.sections.len(), 1);
        assert_eq!(rule.sections[0].to_string(), "DB25:G");
        assert_eq!(
            InviteRule::parse(&[], &[], &[]).unwrap_err()[0].field,
            "rule"
        );
        assert!(
            InviteRule::parse(&["DB07:V".into()], &[], &[]).is_err(),
            "V is DB25 only"
        );
        assert!(InviteRule::parse(&[], &["huge".into()], &[]).is_err());
    }

    #[test]
    fn e_mail_addresses_may_be_typed_one_to_a_line_or_with_commas() {
        assert_eq!(
            email_list("A@b.example\n c@d.example, a@b.example").unwrap(),
            ["a@b.example", "c@d.example"]
        );
        assert_eq!(email_list("  ").unwrap(), Vec::<String>::new());
        assert_eq!(email_list("nope").unwrap_err()[0].field, "emails");
    }

    proptest! {
        #[test]
        fn parse_never_panics(a in "\\PC*", b in "\\PC*", c in "\\PC*", d in "\\PC*") {
            let _ = RawRegisterRow { cvr: a.clone(), name: b, industry_code: c, classification: d.clone(), employees_or_size: a, address: String::new(), postcode: d, email: String::new(), area: String::new() }.parse();
        }
    }
}
