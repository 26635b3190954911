//! The e-mails about an organisation's members: to its administrators when
//! someone asks to join, to the one who asked with the answer, and the
//! invitation an administrator sends a colleague. Like every e-mail of the
//! product they carry both languages, Danish first; a link stands alone on
//! its line.

use chrono::{DateTime, Utc};

use crate::Lang;

const SEPARATOR: &str = "----------------------------------------";

/// Both languages of a message: its subject, then each line given by
/// `lines(lang)`, then the link alone on its line, then `after(lang)`.
fn two_languages(
    subject_key: &str,
    lines: impl Fn(Lang) -> Vec<String>,
    link: &str,
    after: impl Fn(Lang) -> Vec<String>,
) -> (String, String) {
    let subject = format!("{} / {}", Lang::Da.t(subject_key), Lang::En.t(subject_key));
    let part = |l: Lang| {
        let mut text = format!("{}\n\n", l.t(subject_key));
        for line in lines(l) {
            text.push_str(&line);
            text.push_str("\n\n");
        }
        text.push_str(&format!("  {link}\n\n"));
        for line in after(l) {
            text.push_str(&line);
            text.push_str("\n\n");
        }
        text.push_str(l.t("mail.automatic"));
        text.push('\n');
        text
    };
    let body = format!("{}\n{SEPARATOR}\n\n{}", part(Lang::Da), part(Lang::En));
    (subject, body)
}

/// To an administrator of `organisation`: `name` (`email`) registered with
/// its CVR number and asks to join; `link` leads to the organisation's page
/// where the request is accepted or refused.
pub fn join_request_email(
    organisation: &str,
    name: &str,
    email: &str,
    link: &str,
) -> (String, String) {
    two_languages(
        "mail.join_request.subject",
        |l| {
            vec![
                format!(
                    "{} {organisation}: {name} <{email}>",
                    l.t("mail.join_request.intro")
                ),
                l.t("mail.join_request.what").to_string(),
            ]
        },
        link,
        |l| vec![l.t("mail.join_request.not_known").to_string()],
    )
}

/// To the one who asked to join `organisation`: accepted or refused.
pub fn join_decision_email(organisation: &str, accepted: bool, link: &str) -> (String, String) {
    let (subject, line) = if accepted {
        ("mail.join_accepted.subject", "mail.join_accepted.intro")
    } else {
        ("mail.join_refused.subject", "mail.join_refused.intro")
    };
    two_languages(
        subject,
        |l| vec![format!("{} {organisation}.", l.t(line))],
        link,
        |_| vec![],
    )
}

/// The invitation from `inviter` to join `organisation`, with the link
/// that works once until `expires_at`.
pub fn member_invitation_email(
    organisation: &str,
    inviter: &str,
    link: &str,
    expires_at: DateTime<Utc>,
) -> (String, String) {
    two_languages(
        "mail.member_invitation.subject",
        |l| {
            vec![
                format!(
                    "{inviter} {} {organisation}.",
                    l.t("mail.member_invitation.intro")
                ),
                l.t("mail.member_invitation.how").to_string(),
            ]
        },
        link,
        |l| {
            vec![
                format!(
                    "{} {}.",
                    l.t("mail.link_valid_until"),
                    l.datetime(expires_at)
                ),
                l.t("mail.member_invitation.not_you").to_string(),
            ]
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_membership_emails_carry_the_organisation_and_the_link_in_danish_and_english() {
        let at = DateTime::parse_from_rfc3339("2026-06-08T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let link = "https://hoeringer.example/organisation";
        for (subject, body) in [
            join_request_email("Bageriet ApS", "Ole", "ole@b.example", link),
            join_decision_email("Bageriet ApS", true, link),
            join_decision_email("Bageriet ApS", false, link),
            member_invitation_email("Bageriet ApS", "Anna", link, at),
        ] {
            assert!(subject.contains(" / "), "{subject}");
            let (da, en) = body.split_once(SEPARATOR).unwrap();
            for part in [da, en] {
                assert!(part.contains(&format!("\n  {link}\n")), "{part}");
                assert!(part.contains("Bageriet ApS"), "{part}");
            }
        }
        let (_, invitation) = member_invitation_email("Bageriet ApS", "Anna", link, at);
        assert!(
            invitation.contains("8. juni 2026 kl. 10:00"),
            "{invitation}"
        );
        assert!(invitation.contains("8 June 2026, 10:00"), "{invitation}");
        let (accepted, _) = join_decision_email("B", true, link);
        let (refused, _) = join_decision_email("B", false, link);
        assert_ne!(accepted, refused);
    }
}
