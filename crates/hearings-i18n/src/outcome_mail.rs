//! The e-mail that tells a respondent the outcome of a hearing it answered:
//! what was decided, and how each of its own points was assessed, with the
//! administration's reason. Danish first, then English, like every e-mail.

use chrono::NaiveDate;
use hearings_core::analysis::Assessment;

use crate::Lang;

/// A point of a response and how it was assessed.
#[derive(Debug, Clone, Copy)]
pub struct AssessedPoint<'a> {
    /// The section of the proposal the point is about (number, heading), or
    /// `None` for the response as a whole.
    pub section: Option<(i32, &'a str)>,
    /// The assessment and its reason, if staff made one.
    pub assessment: Option<(Assessment, &'a str)>,
}

/// What an outcome e-mail tells.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeEmail<'a> {
    /// The hearing's title.
    pub hearing_title: &'a str,
    /// The organisation that answered.
    pub organisation_name: &'a str,
    /// The response's reference number.
    pub reference: &'a str,
    /// When it was decided.
    pub decided_on: NaiveDate,
    /// Who decided.
    pub body: &'a str,
    /// What was decided.
    pub text: &'a str,
    /// A link to the minutes.
    pub minutes_url: Option<&'a str>,
    /// The response's points: the whole response first, then each comment.
    pub points: &'a [AssessedPoint<'a>],
    /// Where the outcome page is (an absolute URL, or a path).
    pub link: &'a str,
}

const SEPARATOR: &str = "----------------------------------------";

/// The name of a point in a language: "Høringssvaret som helhed", "§ 3 Parkering".
pub fn point_name(l: Lang, section: Option<(i32, &str)>) -> String {
    match section {
        None => l.t("outcome.point_whole").to_string(),
        Some((n, "")) => format!("§ {n}"),
        Some((n, heading)) => format!("§ {n} {heading}"),
    }
}

/// The subject and plain-text body of the outcome e-mail.
pub fn outcome_email(o: &OutcomeEmail<'_>) -> (String, String) {
    let subject = format!(
        "{} / {}: {}",
        Lang::Da.t("mail.outcome.subject"),
        Lang::En.t("mail.outcome.subject"),
        o.hearing_title
    );
    let part = |l: Lang| {
        let mut s = format!(
            "{title}\n\n{intro}\n\n{hearing}: {hearing_title}\n{org}: {org_name}\n{reference}: {reference_value}\n\n\
             {decided}: {date}, {body}\n\n{text}\n",
            title = l.t("mail.outcome.subject"),
            intro = l.t("mail.outcome.intro"),
            hearing = l.t("receipt.hearing"),
            hearing_title = o.hearing_title,
            org = l.t("mail.receipt.organisation"),
            org_name = o.organisation_name,
            reference = l.t("receipt.reference"),
            reference_value = o.reference,
            decided = l.t("outcome.decided_on"),
            date = l.date(o.decided_on),
            body = o.body,
            text = o.text,
        );
        if let Some(url) = o.minutes_url {
            s.push_str(&format!("\n{}:\n  {url}\n", l.t("outcome.minutes")));
        }
        s.push_str(&format!("\n{}\n", l.t("outcome.your_points")));
        for p in o.points {
            s.push_str(&format!("\n* {}: ", point_name(l, p.section)));
            match p.assessment {
                Some((a, reason)) => {
                    s.push_str(l.t(&format!("assessment.{a}")));
                    if !reason.is_empty() {
                        s.push_str(&format!("\n  {reason}"));
                    }
                }
                None => s.push_str(l.t("outcome.not_assessed")),
            }
            s.push('\n');
        }
        s.push_str(&format!(
            "\n{}\n  {}\n\n{}\n",
            l.t("mail.outcome.link"),
            o.link,
            l.t("mail.automatic")
        ));
        s
    };
    let body = format!("{}\n{SEPARATOR}\n\n{}", part(Lang::Da), part(Lang::En));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_email_tells_the_decision_and_each_point_in_both_languages() {
        let points = [
            AssessedPoint {
                section: None,
                assessment: Some((Assessment::Partly, "Vejen flyttes 20 meter.")),
            },
            AssessedPoint {
                section: Some((3, "Parkering")),
                assessment: Some((Assessment::NotAccommodated, "Normen følger politikken.")),
            },
            AssessedPoint {
                section: Some((4, "")),
                assessment: None,
            },
        ];
        let (subject, body) = outcome_email(&OutcomeEmail {
            hearing_title: "Lokalplan for Hovedvejen",
            organisation_name: "Bageriet (fiktiv)",
            reference: "GLO-1A2B-3C4D",
            decided_on: NaiveDate::from_ymd_opt(2027, 1, 14).unwrap(),
            body: "Kommunalbestyrelsen",
            text: "Lokalplanen vedtages endeligt.",
            minutes_url: Some("https://www.glostrup.dk/referat"),
            points: &points,
            link: "https://hoeringer.example/responses/1/outcome",
        });
        assert!(subject.ends_with(": Lokalplan for Hovedvejen"), "{subject}");
        let (da, en) = body.split_once(SEPARATOR).unwrap();
        for (part, l) in [(da, Lang::Da), (en, Lang::En)] {
            for needle in [
                "GLO-1A2B-3C4D",
                "Kommunalbestyrelsen",
                "Lokalplanen vedtages endeligt.",
                "https://www.glostrup.dk/referat",
                "Vejen flyttes 20 meter.",
                "Normen følger politikken.",
                "https://hoeringer.example/responses/1/outcome",
                &l.date(NaiveDate::from_ymd_opt(2027, 1, 14).unwrap()),
                &format!("§ 3 Parkering: {}", l.t("assessment.not_accommodated")),
                &format!("§ 4: {}", l.t("outcome.not_assessed")),
                &format!(
                    "{}: {}",
                    l.t("outcome.point_whole"),
                    l.t("assessment.partly")
                ),
            ] {
                assert!(part.contains(needle), "{l:?} lacks {needle}:\n{part}");
            }
        }
    }
}
