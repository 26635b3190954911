//! The texts of the e-mails the product sends. The store keeps no language
//! per person, so every e-mail carries both: Danish first, then English.

use chrono::{DateTime, Utc};

use crate::Lang;

/// What a receipt e-mail tells.
#[derive(Debug, Clone, Copy)]
pub struct ReceiptEmail<'a> {
    /// The hearing's title.
    pub hearing_title: &'a str,
    /// The organisation that answered.
    pub organisation_name: &'a str,
    /// The response's reference number.
    pub reference: &'a str,
    /// The version submitted, from 1.
    pub version: i32,
    /// When it was stored.
    pub submitted_at: DateTime<Utc>,
    /// SHA-256 (hex) of exactly what was submitted.
    pub digest: &'a str,
    /// Where the receipt page is (an absolute URL, or a path).
    pub link: &'a str,
}

/// The line between the Danish and the English text.
const SEPARATOR: &str = "----------------------------------------";

/// The subject and plain-text body of the receipt e-mail, in Danish and
/// English. Every value stands on a line short enough that a
/// quoted-printable encoder does not break it (the digest on a line of its own).
pub fn receipt_email(r: &ReceiptEmail<'_>) -> (String, String) {
    let subject = format!(
        "{} / {}: {}",
        Lang::Da.t("receipt.title"),
        Lang::En.t("receipt.title"),
        r.reference
    );
    let part = |l: Lang| {
        format!(
            "{title}\n\n{intro}\n\n\
             {hearing}: {hearing_title}\n\
             {org}: {org_name}\n\
             {reference}: {reference_value}\n\
             {version}: {version_value}\n\
             {time}: {time_value}\n\
             {digest}:\n  {digest_value}\n\n\
             {link}\n  {link_value}\n\n\
             {automatic}\n",
            title = l.t("receipt.title"),
            intro = l.t("receipt.intro"),
            hearing = l.t("receipt.hearing"),
            hearing_title = r.hearing_title,
            org = l.t("mail.receipt.organisation"),
            org_name = r.organisation_name,
            reference = l.t("receipt.reference"),
            reference_value = r.reference,
            version = l.t("receipt.version"),
            version_value = r.version,
            time = l.t("receipt.time"),
            time_value = l.precise(r.submitted_at),
            digest = l.t("receipt.digest"),
            digest_value = r.digest,
            link = l.t("mail.receipt.link"),
            link_value = r.link,
            automatic = l.t("mail.automatic"),
        )
    };
    let body = format!("{}\n{SEPARATOR}\n\n{}", part(Lang::Da), part(Lang::En));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_email_tells_everything_in_danish_and_then_in_english() {
        let at = DateTime::parse_from_rfc3339("2026-06-01T08:00:00.125Z")
            .unwrap()
            .with_timezone(&Utc);
        let digest = "ab".repeat(32);
        let (subject, body) = receipt_email(&ReceiptEmail {
            hearing_title: "Lokalplan for Hovedvejen",
            organisation_name: "Bageriet (fiktiv)",
            reference: "GLO-1A2B-3C4D",
            version: 2,
            submitted_at: at,
            digest: &digest,
            link: "https://hoeringer.example/receipts/1",
        });
        assert_eq!(
            subject,
            "Kvittering for høringssvar / Receipt for your response: GLO-1A2B-3C4D"
        );
        let (da, en) = body.split_once(SEPARATOR).unwrap();
        for (part, lang) in [(da, Lang::Da), (en, Lang::En)] {
            for needle in [
                "Lokalplan for Hovedvejen",
                "Bageriet (fiktiv)",
                "GLO-1A2B-3C4D",
                &format!("{}: 2", lang.t("receipt.version")),
                &lang.precise(at),
                &format!("\n  {digest}\n"),
                "https://hoeringer.example/receipts/1",
                lang.t("receipt.intro"),
                lang.t("mail.automatic"),
            ] {
                assert!(part.contains(needle), "{lang:?} lacks {needle}:\n{part}");
            }
        }
        assert!(da.contains("kl. 10:00:00.125 (UTC+02:00)"), "{da}");
        assert!(en.contains("at 10:00:00.125 (UTC+02:00)"), "{en}");
    }
}
