//! The outcome of a hearing: the decision of the council (or the body it
//! delegated to), recorded by staff, after which every respondent is told
//! what was decided and how each of its own points was assessed.

use chrono::NaiveDate;

use crate::input::{Errors, FieldError, Problem};

/// The longest name of the body that decided.
pub const BODY_MAX: usize = 200;
/// The longest text of a decision.
pub const DECISION_TEXT_MAX: usize = 20_000;
/// The longest link to the minutes.
pub const MINUTES_URL_MAX: usize = 500;

/// A decision as typed by staff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawDecision {
    /// The date of the decision, `YYYY-MM-DD`.
    pub decided_on: String,
    /// Who decided, e.g. "Kommunalbestyrelsen".
    pub body: String,
    /// What was decided.
    pub text: String,
    /// A link to the minutes (`http` or `https`), or "".
    pub minutes_url: String,
}

/// A checked decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilDecision {
    /// The date of the decision.
    pub decided_on: NaiveDate,
    /// Who decided.
    pub body: String,
    /// What was decided.
    pub text: String,
    /// A link to the minutes.
    pub minutes_url: Option<String>,
}

impl RawDecision {
    /// Checks the decision: a date not before `earliest` (the day the
    /// hearing closed), a body, a text, and an `http(s)` link if any.
    pub fn parse(&self, earliest: Option<NaiveDate>) -> Result<CouncilDecision, Vec<FieldError>> {
        let mut e = Errors::default();
        let decided_on = match NaiveDate::parse_from_str(self.decided_on.trim(), "%Y-%m-%d") {
            Ok(d) if earliest.is_some_and(|x| d < x) => {
                e.push("decided_on", Problem::DecisionBeforeDeadline);
                None
            }
            Ok(d) => Some(d),
            Err(_) if self.decided_on.trim().is_empty() => {
                e.push("decided_on", Problem::Required);
                None
            }
            Err(_) => {
                e.push(
                    "decided_on",
                    Problem::Time(crate::time::LocalTimeError::BadDate(
                        self.decided_on.trim().to_string(),
                    )),
                );
                None
            }
        };
        let text = |e: &mut Errors, field: &str, raw: &str, max: usize| {
            let t = raw.trim();
            if t.is_empty() {
                e.push(field, Problem::Required);
            } else if t.chars().count() > max {
                e.push(field, Problem::TooLong { max });
            }
            t.to_string()
        };
        let body = text(&mut e, "body", &self.body, BODY_MAX);
        let decision = text(&mut e, "text", &self.text, DECISION_TEXT_MAX);
        let url = self.minutes_url.trim();
        let minutes_url = if url.is_empty() {
            None
        } else if url.chars().count() > MINUTES_URL_MAX
            || !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            e.push("minutes_url", Problem::Url);
            None
        } else {
            Some(url.to_string())
        };
        match decided_on {
            Some(decided_on) if e.is_empty() => Ok(CouncilDecision {
                decided_on,
                body,
                text: decision,
                minutes_url,
            }),
            _ => Err(e.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawDecision {
        RawDecision {
            decided_on: "2027-01-14".into(),
            body: " Kommunalbestyrelsen ".into(),
            text: "Lokalplanen vedtages med de ændringer, der fremgår af høringsnotatet.".into(),
            minutes_url: "https://www.glostrup.dk/referat/2027-01-14".into(),
        }
    }

    #[test]
    fn a_decision_has_a_date_a_body_a_text_and_maybe_a_link() {
        let d = raw().parse(NaiveDate::from_ymd_opt(2026, 12, 1)).unwrap();
        assert_eq!(d.body, "Kommunalbestyrelsen");
        assert_eq!(d.decided_on.to_string(), "2027-01-14");
        let no_link = RawDecision {
            minutes_url: String::new(),
            ..raw()
        };
        assert_eq!(no_link.parse(None).unwrap().minutes_url, None);
    }

    #[test]
    fn a_decision_before_the_deadline_or_without_its_parts_is_refused_by_field() {
        let fields = |r: RawDecision, earliest| -> Vec<String> {
            r.parse(earliest)
                .unwrap_err()
                .into_iter()
                .map(|f| f.field)
                .collect()
        };
        assert_eq!(
            fields(raw(), NaiveDate::from_ymd_opt(2027, 2, 1)),
            ["decided_on"]
        );
        assert_eq!(
            fields(RawDecision::default(), None),
            ["decided_on", "body", "text"]
        );
        assert_eq!(
            fields(
                RawDecision {
                    minutes_url: "javascript:alert(1)".into(),
                    ..raw()
                },
                None
            ),
            ["minutes_url"]
        );
        assert_eq!(
            fields(
                RawDecision {
                    decided_on: "14/1".into(),
                    ..raw()
                },
                None
            ),
            ["decided_on"]
        );
    }
}
