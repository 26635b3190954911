//! The particulars of a hearing beyond its text and form: the responsible
//! committee, the council meeting that decides it, its local areas and
//! topics, and a contact person. All are optional; whether a committee, an
//! area or a topic exists is the store's to say.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ids::CommitteeId;
use crate::input::{Errors, Problem, email, optional_text, required_text};
use crate::organisation::{AreaCode, ParseEnumError};
use crate::time::{LocalTimeError, in_copenhagen};

/// A topic's code (e.g. `handel`), as kept in the reference data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicCode(String);

impl TopicCode {
    /// Parses a topic code: 1 to 40 lowercase letters, digits and hyphens.
    pub fn parse(raw: &str) -> Result<Self, ParseEnumError> {
        AreaCode::parse(raw)
            .map(|a| TopicCode(a.as_str().to_string()))
            .map_err(|e| ParseEnumError {
                given: e.given,
                expected: "a topic code",
            })
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TopicCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The council meeting where a hearing's proposal will be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilMeeting {
    /// The meeting's date (in Copenhagen).
    pub date: NaiveDate,
    /// The title of the item on its agenda (may be empty until known).
    pub agenda_title: String,
}

/// Whom to ask about a hearing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// A person's or an office's name.
    pub name: String,
    /// E-mail address, lower-cased.
    pub email: String,
    /// Telephone number, as typed.
    pub phone: Option<String>,
}

/// The particulars as typed by staff; every field may be blank.
#[derive(Debug, Clone, Default)]
pub struct RawHearingInfo {
    /// The committee's id, or blank.
    pub committee: String,
    /// The council meeting's date (YYYY-MM-DD), or blank.
    pub council_meeting_date: String,
    /// The agenda title at that meeting.
    pub council_meeting_agenda_title: String,
    /// Local area codes.
    pub areas: Vec<String>,
    /// Topic codes.
    pub topics: Vec<String>,
    /// The contact's name.
    pub contact_name: String,
    /// The contact's e-mail address.
    pub contact_email: String,
    /// The contact's telephone number.
    pub contact_phone: String,
}

/// Checked particulars.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HearingInfo {
    /// The responsible committee.
    pub committee: Option<CommitteeId>,
    /// The council meeting that decides it.
    pub council_meeting: Option<CouncilMeeting>,
    /// Local areas, without repeats, in the order given.
    pub areas: Vec<AreaCode>,
    /// Topics, without repeats, in the order given.
    pub topics: Vec<TopicCode>,
    /// The contact person.
    pub contact: Option<Contact>,
}

/// The longest agenda title.
pub const AGENDA_TITLE_MAX: usize = 200;
/// The longest contact name.
pub const CONTACT_NAME_MAX: usize = 200;
/// The longest telephone number.
pub const PHONE_MAX: usize = 30;

/// A telephone number: digits, spaces, `+`, `-`, `(` and `)`, with 8 to 15
/// digits (a Danish number has 8; an international one at most 15).
pub fn phone(raw: &str) -> Result<String, Problem> {
    let p = raw.trim();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let shape = p
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    if p.chars().count() > PHONE_MAX {
        Err(Problem::TooLong { max: PHONE_MAX })
    } else if shape && (8..=15).contains(&digits) {
        Ok(p.to_string())
    } else {
        Err(Problem::Phone)
    }
}

fn codes<T: PartialEq>(
    e: &mut Errors,
    field: &str,
    raw: &[String],
    parse: impl Fn(&str) -> Result<T, ParseEnumError>,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        if r.trim().is_empty() {
            continue;
        }
        if let Some(c) = e.check(&format!("{field}[{i}]"), parse(r))
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

impl RawHearingInfo {
    /// Parses the particulars, recording every problem in `e` under the
    /// API's field paths (`committee`, `council_meeting.date`, `areas[1]`,
    /// `contact.email` …). `legacy_area` (the single `area` of older
    /// clients) is put first among the areas. The council meeting may not
    /// be before the deadline's day.
    pub(crate) fn parse_into(
        &self,
        e: &mut Errors,
        legacy_area: Option<&str>,
        closes_at: Option<DateTime<Utc>>,
    ) -> HearingInfo {
        let committee = match self.committee.trim() {
            "" => None,
            c => e.check(
                "committee",
                c.parse::<uuid::Uuid>()
                    .map(CommitteeId)
                    .map_err(|_| Problem::UnknownCommittee),
            ),
        };
        let date = self.council_meeting_date.trim();
        let title = e
            .check(
                "council_meeting.agenda_title",
                optional_text(&self.council_meeting_agenda_title, AGENDA_TITLE_MAX),
            )
            .unwrap_or_default();
        let council_meeting = if date.is_empty() {
            if !title.is_empty() {
                e.push("council_meeting.date", Problem::Required);
            }
            None
        } else {
            match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                Ok(d) => {
                    if closes_at.is_some_and(|c| d < in_copenhagen(c).date_naive()) {
                        e.push("council_meeting.date", Problem::MeetingBeforeDeadline);
                    }
                    Some(CouncilMeeting {
                        date: d,
                        agenda_title: title,
                    })
                }
                Err(_) => {
                    e.push(
                        "council_meeting.date",
                        LocalTimeError::BadDate(date.to_string()),
                    );
                    None
                }
            }
        };
        let mut raw_areas: Vec<String> = legacy_area.map(str::to_string).into_iter().collect();
        let legacy = raw_areas.len();
        raw_areas.extend(self.areas.iter().cloned());
        let areas = codes(e, "areas", &raw_areas, AreaCode::parse);
        if legacy == 1 {
            // Errors of the legacy field are reported under its own name.
            for f in e.0.iter_mut() {
                if f.field == "areas[0]" {
                    f.field = "area".into();
                }
            }
            for f in e.0.iter_mut() {
                if let Some(i) = f
                    .field
                    .strip_prefix("areas[")
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    f.field = format!("areas[{}]", i - 1);
                }
            }
        }
        let topics = codes(e, "topics", &self.topics, TopicCode::parse);
        let blank = |s: &str| s.trim().is_empty();
        let contact = if blank(&self.contact_name)
            && blank(&self.contact_email)
            && blank(&self.contact_phone)
        {
            None
        } else {
            let name = e.check(
                "contact.name",
                required_text(&self.contact_name, CONTACT_NAME_MAX),
            );
            let mail = e.check("contact.email", email(&self.contact_email));
            let phone = if blank(&self.contact_phone) {
                Some(None)
            } else {
                e.check("contact.phone", phone(&self.contact_phone))
                    .map(Some)
            };
            match (name, mail, phone) {
                (Some(name), Some(email), Some(phone)) => Some(Contact { name, email, phone }),
                _ => None,
            }
        };
        HearingInfo {
            committee,
            council_meeting,
            areas,
            topics,
            contact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_copenhagen;
    use proptest::prelude::*;

    fn parse(raw: &RawHearingInfo, legacy: Option<&str>) -> (HearingInfo, Vec<(String, Problem)>) {
        let mut e = Errors::default();
        let closes = from_copenhagen("2026-12-01", "12:00").ok();
        let info = raw.parse_into(&mut e, legacy, closes);
        (
            info,
            e.0.into_iter().map(|f| (f.field, f.problem)).collect(),
        )
    }

    #[test]
    fn blank_particulars_are_all_absent() {
        let (info, errs) = parse(&RawHearingInfo::default(), None);
        assert_eq!(info, HearingInfo::default());
        assert!(errs.is_empty());
    }

    #[test]
    fn good_particulars_parse_with_repeats_dropped_and_the_legacy_area_first() {
        let raw = RawHearingInfo {
            committee: "6f1c2d9e-0000-4000-8000-000000000001".into(),
            council_meeting_date: "2026-12-16".into(),
            council_meeting_agenda_title: " Lokalplan 312, endelig vedtagelse ".into(),
            areas: vec!["ejby".into(), "bymidten".into(), "ejby".into(), "".into()],
            topics: vec!["handel".into(), "handel".into(), "trafik".into()],
            contact_name: "Erhvervssekretariatet".into(),
            contact_email: "Erhverv@Glostrup.example".into(),
            contact_phone: "+45 43 23 60 00".into(),
        };
        let (info, errs) = parse(&raw, Some("bymidten"));
        assert!(errs.is_empty(), "{errs:?}");
        let areas: Vec<&str> = info.areas.iter().map(AreaCode::as_str).collect();
        assert_eq!(areas, ["bymidten", "ejby"]);
        let topics: Vec<&str> = info.topics.iter().map(TopicCode::as_str).collect();
        assert_eq!(topics, ["handel", "trafik"]);
        let meeting = info.council_meeting.unwrap();
        assert_eq!(meeting.agenda_title, "Lokalplan 312, endelig vedtagelse");
        let contact = info.contact.unwrap();
        assert_eq!(contact.email, "erhverv@glostrup.example");
        assert_eq!(contact.phone.as_deref(), Some("+45 43 23 60 00"));
    }

    #[test]
    fn every_bad_particular_is_reported_under_its_field() {
        let raw = RawHearingInfo {
            committee: "udvalget".into(),
            council_meeting_date: "".into(),
            council_meeting_agenda_title: "Punkt 7".into(),
            areas: vec!["ejby".into(), "Bad Area".into()],
            topics: vec!["ok".into(), "".into(), "NOPE".into()],
            contact_name: "".into(),
            contact_email: "ikke-en-adresse".into(),
            contact_phone: "ring til mig".into(),
        };
        let (_, errs) = parse(&raw, None);
        let fields: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "committee",
                "council_meeting.date",
                "areas[1]",
                "topics[2]",
                "contact.name",
                "contact.email",
                "contact.phone"
            ]
        );
        assert_eq!(errs[0].1, Problem::UnknownCommittee);
        assert_eq!(errs[6].1, Problem::Phone);
    }

    #[test]
    fn a_council_meeting_before_the_deadline_is_refused_but_on_its_day_is_not() {
        let mut raw = RawHearingInfo {
            council_meeting_date: "2026-11-30".into(),
            ..Default::default()
        };
        let (_, errs) = parse(&raw, None);
        assert_eq!(
            errs,
            vec![(
                "council_meeting.date".to_string(),
                Problem::MeetingBeforeDeadline
            )]
        );
        raw.council_meeting_date = "2026-12-01".into();
        assert!(parse(&raw, None).1.is_empty());
        raw.council_meeting_date = "1. december".into();
        assert!(matches!(
            parse(&raw, None).1[0].1,
            Problem::Time(LocalTimeError::BadDate(_))
        ));
    }

    #[test]
    fn a_bad_legacy_area_is_reported_as_area_and_the_others_keep_their_index() {
        let raw = RawHearingInfo {
            areas: vec!["ejby".into(), "X".into()],
            ..Default::default()
        };
        let (_, errs) = parse(&raw, Some("Y Y"));
        let fields: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["area", "areas[1]"]);
    }

    #[test]
    fn phones_are_checked_for_shape() {
        for good in ["43236000", "+45 43 23 60 00", "(+45) 4323-6000"] {
            assert!(phone(good).is_ok(), "{good}");
        }
        for bad in ["", "1234", "43 23 60 00 x", "1234567890123456"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_particulars_never_panics(a in "\\PC*", b in "\\PC*", c in "\\PC*", d in "\\PC*") {
            let raw = RawHearingInfo {
                committee: a.clone(),
                council_meeting_date: b,
                council_meeting_agenda_title: c.clone(),
                areas: vec![a, c.clone()],
                topics: vec![c],
                contact_name: d.clone(),
                contact_email: d.clone(),
                contact_phone: d,
            };
            let _ = parse(&raw, Some("x"));
        }
    }
}
