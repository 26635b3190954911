//! The e-mails of the hearing list: the invitation to answer a hearing,
//! and the reminder before its deadline. Danish first, then English, in
//! one message, as every e-mail of the product.

use chrono::{DateTime, Utc};

use crate::Lang;

/// What an invitation or a reminder tells.
#[derive(Debug, Clone, Copy)]
pub struct HearingListEmail<'a> {
    /// The hearing's title.
    pub hearing_title: &'a str,
    /// Its deadline, if it has one.
    pub closes_at: Option<DateTime<Utc>>,
    /// Where the hearing is (an absolute URL, or a path).
    pub link: &'a str,
}

const SEPARATOR: &str = "----------------------------------------";

fn email(kind: &str, m: &HearingListEmail<'_>) -> (String, String) {
    let subject = format!(
        "{} / {}: {}",
        Lang::Da.t(&format!("mail.{kind}.subject")),
        Lang::En.t(&format!("mail.{kind}.subject")),
        m.hearing_title
    );
    let part = |l: Lang| {
        let deadline = match m.closes_at {
            Some(t) => format!("{}: {}\n", l.t("hearing.deadline"), l.datetime(t)),
            None => String::new(),
        };
        format!(
            "{intro}\n\n{hearing}: {title}\n{deadline}\n{link}\n  {link_value}\n\n{automatic}\n",
            intro = l.t(&format!("mail.{kind}.intro")),
            hearing = l.t("receipt.hearing"),
            title = m.hearing_title,
            link = l.t("mail.hearing_list.link"),
            link_value = m.link,
            automatic = l.t("mail.automatic"),
        )
    };
    let body = format!("{}\n{SEPARATOR}\n\n{}", part(Lang::Da), part(Lang::En));
    (subject, body)
}

/// The subject and plain-text body of an invitation to answer a hearing.
pub fn invitation_email(m: &HearingListEmail<'_>) -> (String, String) {
    email("invitation", m)
}

/// The subject and plain-text body of a reminder before the deadline.
pub fn reminder_email(m: &HearingListEmail<'_>) -> (String, String) {
    email("reminder", m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_and_a_reminder_tell_the_hearing_its_deadline_and_link_in_both_languages() {
        let at = DateTime::parse_from_rfc3339("2026-06-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let m = HearingListEmail {
            hearing_title: "Lokalplan for Hovedvejen",
            closes_at: Some(at),
            link: "https://hoeringer.example/hearings/1",
        };
        for (kind, (subject, body)) in [
            ("invitation", invitation_email(&m)),
            ("reminder", reminder_email(&m)),
        ] {
            assert!(subject.ends_with(": Lokalplan for Hovedvejen"), "{subject}");
            let (da, en) = body.split_once(SEPARATOR).unwrap();
            for (part, lang) in [(da, Lang::Da), (en, Lang::En)] {
                for needle in [
                    lang.t(&format!("mail.{kind}.intro")),
                    "Lokalplan for Hovedvejen",
                    &lang.datetime(at),
                    "https://hoeringer.example/hearings/1",
                ] {
                    assert!(
                        part.contains(needle),
                        "{lang:?} {kind} lacks {needle}:\n{part}"
                    );
                }
            }
        }
    }
}
