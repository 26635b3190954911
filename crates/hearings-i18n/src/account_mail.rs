//! The e-mails about an account: the link that confirms an e-mail address,
//! and the link that sets a new password. Like every e-mail of the product
//! they carry both languages, Danish first (the store keeps no language per
//! person). The link stands alone on its line so that a quoted-printable
//! encoder does not break it where a reader would not join it again.

use chrono::{DateTime, Utc};

use crate::Lang;

impl Lang {
    /// Why a one-time link from an e-mail does not work, as a sentence.
    pub fn link_problem(&self, e: hearings_core::account::TokenError) -> &'static str {
        use hearings_core::account::TokenError as E;
        self.t(match e {
            E::Unknown => "account.link_unknown",
            E::Used => "account.link_used",
            E::Expired => "account.link_expired",
        })
    }
}

const SEPARATOR: &str = "----------------------------------------";

fn two_languages(
    subject_key: &str,
    parts: &[&str],
    link: &str,
    expires_at: DateTime<Utc>,
) -> (String, String) {
    let subject = format!("{} / {}", Lang::Da.t(subject_key), Lang::En.t(subject_key));
    let part = |l: Lang| {
        let mut text = format!("{}\n\n", l.t(subject_key));
        for key in parts {
            text.push_str(l.t(key));
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "  {link}\n\n{} {}.\n\n{}\n",
            l.t("mail.link_valid_until"),
            l.datetime(expires_at),
            l.t("mail.automatic")
        ));
        text
    };
    let body = format!("{}\n{SEPARATOR}\n\n{}", part(Lang::Da), part(Lang::En));
    (subject, body)
}

/// The subject and plain-text body of the e-mail with the link that
/// confirms an address (`link`, absolute or a path), working until `expires_at`.
pub fn verification_email(link: &str, expires_at: DateTime<Utc>) -> (String, String) {
    two_languages(
        "mail.verify.subject",
        &["mail.verify.intro", "mail.verify.not_you"],
        link,
        expires_at,
    )
}

/// The subject and plain-text body of the e-mail with the link that sets a
/// new password, working until `expires_at`.
pub fn reset_email(link: &str, expires_at: DateTime<Utc>) -> (String, String) {
    two_languages(
        "mail.reset.subject",
        &["mail.reset.intro", "mail.reset.not_you"],
        link,
        expires_at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_account_emails_carry_the_link_and_its_expiry_in_danish_and_english() {
        let at = DateTime::parse_from_rfc3339("2026-06-03T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let link = "https://hoeringer.example/verify?token=abc";
        for (subject, body) in [verification_email(link, at), reset_email(link, at)] {
            assert!(subject.contains(" / "), "{subject}");
            let (da, en) = body.split_once(SEPARATOR).unwrap();
            assert!(da.contains(&format!("\n  {link}\n")), "{da}");
            assert!(en.contains(&format!("\n  {link}\n")), "{en}");
            assert!(da.contains("3. juni 2026 kl. 10:00"), "{da}");
            assert!(en.contains("3 June 2026, 10:00"), "{en}");
        }
    }
}
