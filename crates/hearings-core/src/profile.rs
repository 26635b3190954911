//! An organisation's profile as its administrators keep it: the CVR
//! number, name, industry code with its classification, size class,
//! address, local area and respondent type. Field names are the API's JSON
//! paths (`cvr`, `industry.code`, `address.postcode` …).

use crate::cvr::Cvr;
use crate::input::{Errors, FieldError, Problem, RawOrganisation, optional_text, required_text};
use crate::organisation::{AreaCode, Classification, IndustryCode, RespondentType, SizeClass};

/// The longest name of an organisation.
pub const NAME_MAX: usize = 200;
/// The longest street address.
pub const STREET_MAX: usize = 300;
/// The longest town name.
pub const TOWN_MAX: usize = 100;

/// A profile as typed: the organisation's fields and its address.
#[derive(Debug, Clone, Default)]
pub struct RawProfile {
    /// CVR number, name, industry, size, area and respondent type. An
    /// empty CVR number keeps the one the organisation has.
    pub organisation: RawOrganisation,
    /// Street and number.
    pub street: String,
    /// Postcode (four digits) or empty.
    pub postcode: String,
    /// Town.
    pub town: String,
}

/// An address; each part may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// Four digits.
    pub postcode: Option<String>,
    /// Town.
    pub town: Option<String>,
}

/// A checked profile. Whether its CVR number may be kept is decided with
/// the organisation's current one (`membership::resolve_cvr`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileUpdate {
    /// The CVR number given, if any.
    pub cvr: Option<Cvr>,
    /// Name.
    pub name: String,
    /// Industry code with its classification.
    pub industry: IndustryCode,
    /// Size class.
    pub size_class: SizeClass,
    /// Local area (its existence is checked by the store).
    pub area: AreaCode,
    /// Respondent type.
    pub respondent_type: RespondentType,
    /// Address.
    pub address: Address,
}

/// A Danish postcode: four digits, or nothing.
pub fn postcode(raw: &str) -> Result<Option<String>, Problem> {
    let p = raw.trim();
    if p.is_empty() {
        Ok(None)
    } else if p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(p.to_string()))
    } else {
        Err(Problem::Postcode)
    }
}

fn optional(raw: &str, max: usize) -> Result<Option<String>, Problem> {
    optional_text(raw, max).map(|t| (!t.is_empty()).then_some(t))
}

impl RawProfile {
    /// Parses every field, reporting every problem at once.
    pub fn parse(&self) -> Result<ProfileUpdate, Vec<FieldError>> {
        let mut e = Errors::default();
        let o = &self.organisation;
        let cvr = if o.cvr.trim().is_empty() {
            Some(None)
        } else {
            e.check("cvr", Cvr::parse(&o.cvr)).map(Some)
        };
        let name = e.check("name", required_text(&o.name, NAME_MAX));
        let industry = match Classification::parse(&o.classification) {
            Ok(c) => e.check("industry.code", IndustryCode::parse(c, &o.industry_code)),
            Err(err) => {
                e.push("industry.classification", err);
                None
            }
        };
        let size_class = e.check("size_class", SizeClass::parse(&o.size_class));
        let street = e.check("address.street", optional(&self.street, STREET_MAX));
        let postcode = e.check("address.postcode", postcode(&self.postcode));
        let town = e.check("address.town", optional(&self.town, TOWN_MAX));
        let area = e.check("area", AreaCode::parse(&o.area));
        let respondent_type = e.check("respondent_type", RespondentType::parse(&o.respondent_type));
        match (
            cvr,
            name,
            industry,
            size_class,
            street,
            postcode,
            town,
            area,
            respondent_type,
        ) {
            (
                Some(cvr),
                Some(name),
                Some(industry),
                Some(size_class),
                Some(street),
                Some(postcode),
                Some(town),
                Some(area),
                Some(respondent_type),
            ) if e.is_empty() => Ok(ProfileUpdate {
                cvr,
                name,
                industry,
                size_class,
                area,
                respondent_type,
                address: Address {
                    street,
                    postcode,
                    town,
                },
            }),
            _ => Err(e.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw() -> RawProfile {
        RawProfile {
            organisation: RawOrganisation {
                cvr: "".into(),
                name: " Bageriet ApS ".into(),
                classification: "DB07".into(),
                industry_code: "10.71".into(),
                size_class: "small".into(),
                area: "ejby".into(),
                respondent_type: "company".into(),
            },
            street: "Hovedvejen 1".into(),
            postcode: "2600".into(),
            town: "Glostrup".into(),
        }
    }

    #[test]
    fn a_good_profile_parses_with_its_address_and_an_empty_cvr_means_none_given() {
        let p = raw().parse().unwrap();
        assert_eq!(p.cvr, None);
        assert_eq!(p.name, "Bageriet ApS");
        assert_eq!(p.industry.section(), 'C');
        assert_eq!(p.address.postcode.as_deref(), Some("2600"));
        let mut blank = raw();
        blank.street = " ".into();
        blank.postcode = "".into();
        blank.town = "".into();
        assert_eq!(blank.parse().unwrap().address, Address::default());
    }

    #[test]
    fn every_bad_field_of_a_profile_is_named_by_its_json_path() {
        let mut r = raw();
        r.organisation.cvr = "12345678".into();
        r.organisation.name = "".into();
        r.organisation.classification = "DB99".into();
        r.organisation.size_class = "huge".into();
        r.postcode = "26000".into();
        r.town = "x".repeat(TOWN_MAX + 1);
        r.organisation.area = "".into();
        r.organisation.respondent_type = "king".into();
        let fields: Vec<String> = r
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            [
                "cvr",
                "name",
                "industry.classification",
                "size_class",
                "address.postcode",
                "address.town",
                "area",
                "respondent_type"
            ]
        );
    }

    #[test]
    fn a_postcode_is_four_digits_or_nothing() {
        assert_eq!(postcode(" 2600 "), Ok(Some("2600".into())));
        assert_eq!(postcode(""), Ok(None));
        for bad in ["260", "26000", "26a0", "DK-2600"] {
            assert_eq!(postcode(bad), Err(Problem::Postcode), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn profile_parse_never_panics(cvr in "\\PC*", code in "\\PC*", postcode in "\\PC*") {
            let mut r = raw();
            r.organisation.cvr = cvr;
            r.organisation.industry_code = code;
            r.postcode = postcode;
            let _ = r.parse();
        }
    }
}
