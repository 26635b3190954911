//! The secretariat's analysis of the responses: a short summary and an
//! assessment of each response and each comment on a section, and themes
//! that responses (or passages of them) are tagged with. The hearing memo
//! and the outcome notices are built from this work.

use crate::input::{Errors, FieldError, Problem};
use crate::organisation::named_enum;
use crate::response_parts::Location;

named_enum!(
    /// How the administration assessed a point made in a response.
    Assessment {
        /// The point is accommodated: the proposal changes accordingly.
        Accommodated => "accommodated",
        /// Partly accommodated.
        Partly => "partly",
        /// Not accommodated.
        NotAccommodated => "not_accommodated",
        /// Not relevant to the proposal.
        NotRelevant => "not_relevant",
    }
);

/// The longest summary staff write of a response or comment.
pub const ANALYSIS_SUMMARY_MAX: usize = 2_000;
/// The longest reason for an assessment.
pub const ANALYSIS_REASON_MAX: usize = 4_000;
/// The longest name of a theme.
pub const THEME_NAME_MAX: usize = 120;
/// The longest text of a theme (views, comment, change).
pub const THEME_TEXT_MAX: usize = 20_000;
/// The longest passage quoted when tagging a theme.
pub const TAG_PASSAGE_MAX: usize = 4_000;

/// Staff's analysis of a response or of a comment on a section, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAnalysis {
    /// A short summary.
    pub summary: String,
    /// `accommodated`, `partly`, `not_accommodated`, `not_relevant`, or ""
    /// for not yet assessed.
    pub assessment: String,
    /// Why.
    pub reason: String,
}

/// Staff's analysis, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// A short summary (may be empty: not yet summarised).
    pub summary: String,
    /// The assessment, once made.
    pub assessment: Option<Assessment>,
    /// Why (required with an assessment).
    pub reason: String,
}

fn limited(e: &mut Errors, field: &str, text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() > max {
        e.push(field, Problem::TooLong { max });
    }
    t.to_string()
}

impl RawAnalysis {
    /// Checks the analysis: limits on the texts, a known assessment, and a
    /// reason whenever there is an assessment (the respondent is told it).
    pub fn parse(&self) -> Result<Analysis, Vec<FieldError>> {
        let mut e = Errors::default();
        let summary = limited(&mut e, "summary", &self.summary, ANALYSIS_SUMMARY_MAX);
        let reason = limited(&mut e, "reason", &self.reason, ANALYSIS_REASON_MAX);
        let assessment = match self.assessment.trim() {
            "" => None,
            raw => e.check("assessment", Assessment::parse(raw)),
        };
        if assessment.is_some() && reason.is_empty() {
            e.push("reason", Problem::Required);
        }
        if e.is_empty() {
            Ok(Analysis {
                summary,
                assessment,
                reason,
            })
        } else {
            Err(e.0)
        }
    }
}

/// A theme as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTheme {
    /// Its name.
    pub name: String,
    /// A summary of the views on it (for the memo).
    pub views: String,
    /// The administration's comment and recommendation.
    pub comment: String,
    /// The resulting change to the proposal, if any.
    pub change: String,
}

/// A checked theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// Its name (1 to [`THEME_NAME_MAX`] characters).
    pub name: String,
    /// A summary of the views on it.
    pub views: String,
    /// The administration's comment and recommendation.
    pub comment: String,
    /// The resulting change to the proposal.
    pub change: String,
}

impl RawTheme {
    /// Checks a theme: a name is required; every text is limited.
    pub fn parse(&self) -> Result<Theme, Vec<FieldError>> {
        let mut e = Errors::default();
        let name = limited(&mut e, "name", &self.name, THEME_NAME_MAX);
        if name.is_empty() {
            e.push("name", Problem::Required);
        }
        let views = limited(&mut e, "views", &self.views, THEME_TEXT_MAX);
        let comment = limited(&mut e, "comment", &self.comment, THEME_TEXT_MAX);
        let change = limited(&mut e, "change", &self.change, THEME_TEXT_MAX);
        if e.is_empty() {
            Ok(Theme {
                name,
                views,
                comment,
                change,
            })
        } else {
            Err(e.0)
        }
    }
}

/// A tag of a theme on a response, or on a passage of it, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTag {
    /// `answer:<question id>`, `comment:<section id>`, or "" for the whole response.
    pub location: String,
    /// A passage quoted from that answer or comment ("" for all of it).
    pub passage: String,
}

/// A checked tag: where in the response, and the passage, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Where; `None` for the whole response.
    pub location: Option<Location>,
    /// The passage quoted; empty for the whole answer, comment or response.
    pub passage: String,
}

impl RawTag {
    /// Checks a tag against the text at its location (`text_at` gives the
    /// text of an answer or comment of the response, if it has one): the
    /// passage must stand in it word for word.
    pub fn parse<'a>(
        &self,
        text_at: impl Fn(&Location) -> Option<&'a str>,
    ) -> Result<Tag, Vec<FieldError>> {
        let mut e = Errors::default();
        let passage = limited(&mut e, "passage", &self.passage, TAG_PASSAGE_MAX);
        let location = match self.location.trim() {
            "" => None,
            raw => match Location::parse(raw) {
                Some(l) if text_at(&l).is_some() => Some(l),
                _ => {
                    e.push("location", Problem::PassageLocation);
                    None
                }
            },
        };
        if !passage.is_empty() {
            match &location {
                None if e.is_empty() => e.push("location", Problem::PassageLocation),
                Some(l) if !text_at(l).is_some_and(|t| t.contains(passage.as_str())) => {
                    e.push("passage", Problem::PassageNotFound)
                }
                _ => {}
            }
        }
        if e.is_empty() {
            Ok(Tag { location, passage })
        } else {
            Err(e.0)
        }
    }
}

/// The most responses one bulk action may change.
pub const BULK_MAX: usize = 10_000;

/// One action on several responses of a hearing at once, as typed: tag
/// them with a theme, assess them with one reason, or both. What a form
/// letter's senders get is typically the same assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawBulk {
    /// The responses' ids.
    pub responses: Vec<String>,
    /// A theme's id, or "" for none.
    pub theme: String,
    /// An assessment, or "" to leave the assessments as they are.
    pub assessment: String,
    /// Why (required with an assessment).
    pub reason: String,
}

/// A checked bulk action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulk {
    /// The responses, each once, in the order given.
    pub responses: Vec<crate::ResponseId>,
    /// Tag each with this theme (the whole response).
    pub theme: Option<crate::ThemeId>,
    /// Give each this assessment, keeping its summary.
    pub assessment: Option<Assessment>,
    /// The reason of the assessment.
    pub reason: String,
}

impl RawBulk {
    /// Checks the action: at least one response (at most [`BULK_MAX`]),
    /// a theme or an assessment to apply, and a reason with an assessment.
    pub fn parse(&self) -> Result<Bulk, Vec<FieldError>> {
        let mut e = Errors::default();
        let mut responses = Vec::new();
        for raw in &self.responses {
            match raw.trim().parse::<crate::ResponseId>() {
                Ok(id) if !responses.contains(&id) => responses.push(id),
                Ok(_) => {}
                Err(_) => {
                    e.push("responses", Problem::UnknownResponse);
                    break;
                }
            }
        }
        if responses.is_empty() && e.is_empty() {
            e.push("responses", Problem::NoneChosen);
        }
        if responses.len() > BULK_MAX {
            e.push("responses", Problem::TooManyChosen { max: BULK_MAX });
        }
        let theme = match self.theme.trim() {
            "" => None,
            raw => match raw.parse::<crate::ThemeId>() {
                Ok(t) => Some(t),
                Err(_) => {
                    e.push("theme", Problem::UnknownTheme);
                    None
                }
            },
        };
        // The assessment and its reason follow the rules of one response's.
        let (assessment, reason) = match (RawAnalysis {
            summary: String::new(),
            assessment: self.assessment.clone(),
            reason: self.reason.clone(),
        })
        .parse()
        {
            Ok(a) => (a.assessment, a.reason),
            Err(errors) => {
                e.0.extend(errors);
                (None, String::new())
            }
        };
        if theme.is_none() && assessment.is_none() && e.is_empty() {
            e.push("action", Problem::NothingToApply);
        }
        if e.is_empty() {
            Ok(Bulk {
                responses,
                theme,
                assessment,
                reason,
            })
        } else {
            Err(e.0)
        }
    }
}

/// How far the analysis of a hearing has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Responses in all.
    pub total: i64,
    /// With a summary.
    pub summarised: i64,
    /// With an assessment.
    pub assessed: i64,
}

impl Progress {
    /// The share assessed, in whole per cent (none without responses).
    pub fn percent_assessed(&self) -> Option<i64> {
        (self.total > 0).then(|| self.assessed * 100 / self.total)
    }
}

/// The median of values given as (value, how many) pairs, in any order:
/// the middle value, or the mean of the two middle ones when the count is
/// even; none without values. Pairs with a count of zero or less are left out.
pub fn median_of_counts(pairs: &[(f64, i64)]) -> Option<f64> {
    let mut v: Vec<(f64, i64)> = pairs.iter().copied().filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: i64 = v.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // 1-based positions of the middle values.
    let (lo, hi) = ((total + 1) / 2, (total + 2) / 2);
    let at = |pos: i64| {
        let mut seen = 0;
        for (x, n) in &v {
            seen += n;
            if seen >= pos {
                return *x;
            }
        }
        v.last().map_or(0.0, |(x, _)| *x)
    };
    Some((at(lo) + at(hi)) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::QuestionId;
    use uuid::Uuid;

    #[test]
    fn a_bulk_action_needs_responses_and_something_to_apply() {
        let a = Uuid::new_v4().to_string();
        let b = Uuid::new_v4().to_string();
        let theme = Uuid::new_v4().to_string();
        let ok = RawBulk {
            responses: vec![a.clone(), b.clone(), a.clone()],
            theme: theme.clone(),
            assessment: "not_accommodated".into(),
            reason: " Planen fastholdes. ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.responses.len(), 2, "each response once");
        assert_eq!(ok.assessment, Some(Assessment::NotAccommodated));
        assert_eq!(ok.reason, "Planen fastholdes.");
        assert_eq!(ok.theme.map(|t| t.to_string()), Some(theme));
        let problems = |raw: RawBulk| {
            raw.parse()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            problems(RawBulk::default()),
            vec![("responses".to_string(), Problem::NoneChosen)]
        );
        assert_eq!(
            problems(RawBulk {
                responses: vec![a.clone()],
                ..RawBulk::default()
            }),
            vec![("action".to_string(), Problem::NothingToApply)]
        );
        assert_eq!(
            problems(RawBulk {
                responses: vec![a.clone()],
                assessment: "partly".into(),
                ..RawBulk::default()
            }),
            vec![("reason".to_string(), Problem::Required)]
        );
        assert_eq!(
            problems(RawBulk {
                responses: vec!["SVAR-1".into()],
                theme: "nope".into(),
                ..RawBulk::default()
            }),
            vec![
                ("responses".to_string(), Problem::UnknownResponse),
                ("theme".to_string(), Problem::UnknownTheme)
            ]
        );
        let many = RawBulk {
            responses: (0..=BULK_MAX).map(|_| Uuid::new_v4().to_string()).collect(),
            theme: b,
            ..RawBulk::default()
        };
        assert_eq!(
            problems(many),
            vec![(
                "responses".to_string(),
                Problem::TooManyChosen { max: BULK_MAX }
            )]
        );
    }

    #[test]
    fn the_median_of_counts_is_the_middle_value_or_the_mean_of_the_two_middle_ones() {
        assert_eq!(median_of_counts(&[]), None);
        assert_eq!(median_of_counts(&[(3.0, 0)]), None);
        assert_eq!(median_of_counts(&[(4.0, 1)]), Some(4.0));
        // 1, 2, 2, 5: the mean of 2 and 2.
        assert_eq!(median_of_counts(&[(5.0, 1), (1.0, 1), (2.0, 2)]), Some(2.0));
        // 1, 1, 4, 5: the mean of 1 and 4.
        assert_eq!(median_of_counts(&[(1.0, 2), (4.0, 1), (5.0, 1)]), Some(2.5));
        // 1, 3, 5.
        assert_eq!(median_of_counts(&[(1.0, 1), (3.0, 1), (5.0, 1)]), Some(3.0));
    }

    #[test]
    fn an_assessment_needs_a_reason_and_a_known_name() {
        let ok = RawAnalysis {
            summary: " Ønsker flere p-pladser. ".into(),
            assessment: "partly".into(),
            reason: "Der etableres 20 pladser.".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.summary, "Ønsker flere p-pladser.");
        assert_eq!(ok.assessment, Some(Assessment::Partly));
        let fields = |r: RawAnalysis| -> Vec<String> {
            r.parse()
                .unwrap_err()
                .into_iter()
                .map(|f| f.field)
                .collect()
        };
        assert_eq!(
            fields(RawAnalysis {
                assessment: "accommodated".into(),
                ..RawAnalysis::default()
            }),
            ["reason"]
        );
        assert_eq!(
            fields(RawAnalysis {
                assessment: "maybe".into(),
                reason: "x".into(),
                ..RawAnalysis::default()
            }),
            ["assessment"]
        );
        assert_eq!(
            RawAnalysis {
                summary: "Kun et resumé".into(),
                ..RawAnalysis::default()
            }
            .parse()
            .unwrap()
            .assessment,
            None,
            "a summary may come before the assessment"
        );
    }

    #[test]
    fn a_theme_needs_a_name() {
        assert_eq!(RawTheme::default().parse().unwrap_err()[0].field, "name");
        assert_eq!(
            RawTheme {
                name: " Parkering ".into(),
                ..RawTheme::default()
            }
            .parse()
            .unwrap()
            .name,
            "Parkering"
        );
    }

    #[test]
    fn a_tagged_passage_must_stand_in_its_answer() {
        let q = QuestionId(Uuid::from_u128(1));
        let here = Location::Answer(q);
        let text = "Vi mangler parkering og cykelstier.";
        let at = |l: &Location| (*l == here).then_some(text);
        let whole = RawTag::default().parse(at).unwrap();
        assert_eq!(whole.location, None);
        let passage = RawTag {
            location: here.to_string(),
            passage: "parkering".into(),
        }
        .parse(at)
        .unwrap();
        assert_eq!(passage.passage, "parkering");
        let wrong = RawTag {
            location: here.to_string(),
            passage: "busser".into(),
        }
        .parse(at)
        .unwrap_err();
        assert_eq!(wrong[0].problem, Problem::PassageNotFound);
        let nowhere = RawTag {
            location: String::new(),
            passage: "parkering".into(),
        }
        .parse(at)
        .unwrap_err();
        assert_eq!(nowhere[0].field, "location");
    }

    #[test]
    fn progress_is_counted_in_whole_per_cent() {
        let p = Progress {
            total: 3,
            summarised: 2,
            assessed: 1,
        };
        assert_eq!(p.percent_assessed(), Some(33));
        assert_eq!(Progress::default().percent_assessed(), None);
    }
}
