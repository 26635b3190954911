//! Files people upload: the documents of a hearing and the files
//! respondents attach. Only PDF is taken, recognised by its bytes (never by
//! its name or the type the browser claims), within a size limit; the name
//! is cleaned so it is safe in a download header and on any file system.

/// The largest document staff attach to a hearing, in bytes (20 MB).
pub const DOCUMENT_MAX_BYTES: usize = 20_000_000;
/// The largest file a respondent uploads, in bytes (10 MB).
pub const UPLOAD_MAX_BYTES: usize = 10_000_000;
/// The longest file name kept, in characters.
pub const FILENAME_MAX: usize = 150;
/// The longest document title, in characters.
pub const DOCUMENT_TITLE_MAX: usize = 200;

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// No file was chosen, or it is empty.
    #[error("no file")]
    Missing,
    /// Over the size limit.
    #[error("larger than {max_bytes} bytes")]
    TooLarge {
        /// The limit.
        max_bytes: usize,
    },
    /// Its bytes are not a PDF document.
    #[error("not a PDF document")]
    NotPdf,
}

/// A file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPdf {
    /// The cleaned file name, ending in `.pdf`.
    pub filename: String,
}

/// Checks that `bytes` are a PDF document of at most `max_bytes` and cleans
/// its name. A PDF starts with `%PDF-` and a version digit (readers accept
/// up to 1024 bytes of junk before it; we do not) and ends, apart from
/// trailing white space, within its last 1024 bytes with `%%EOF`.
pub fn check_pdf(name: &str, bytes: &[u8], max_bytes: usize) -> Result<CheckedPdf, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Missing);
    }
    if bytes.len() > max_bytes {
        return Err(FileProblem::TooLarge { max_bytes });
    }
    let header = bytes.starts_with(b"%PDF-") && bytes.get(5).is_some_and(u8::is_ascii_digit);
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let trailer = tail.windows(5).any(|w| w == b"%%EOF");
    if !header || !trailer {
        return Err(FileProblem::NotPdf);
    }
    Ok(CheckedPdf {
        filename: clean_filename(name, "pdf"),
    })
}

/// A file name safe for a `Content-Disposition` header and any file system:
/// the last path component, control characters and `"\/:*?<>|` replaced,
/// white space collapsed, at most [`FILENAME_MAX`] characters, ending in
/// `.{extension}` (added if missing). An empty name becomes `document.pdf`.
pub fn clean_filename(name: &str, extension: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut cleaned = String::new();
    for c in last.chars() {
        let c = if c.is_control() || "\"/\\:*?<>|".contains(c) {
            '_'
        } else {
            c
        };
        if c.is_whitespace() {
            if !cleaned.ends_with(' ') && !cleaned.is_empty() {
                cleaned.push(' ');
            }
        } else {
            cleaned.push(c);
        }
    }
    let mut stem = cleaned.trim().to_string();
    let suffix = format!(".{extension}");
    let cut = stem.len().saturating_sub(suffix.len());
    if stem.is_char_boundary(cut) && stem[cut..].eq_ignore_ascii_case(&suffix) {
        stem.truncate(cut);
    }
    let stem: String = stem
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(FILENAME_MAX - suffix.len())
        .collect();
    let stem = if stem.trim().is_empty() {
        "document".to_string()
    } else {
        stem.trim().to_string()
    };
    format!("{stem}{suffix}")
}

/// How long a download may be kept by the browser that fetched it; shared
/// caches never keep one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Made for this reader at this moment (an export, a memo, a PDF copy):
    /// never stored.
    Never,
    /// A stored file that does not change: kept, but asked for again each
    /// time, so a withdrawn right to read it takes effect at once.
    AskAgain,
}

/// The headers of a download, by name: its type, `Content-Disposition` as an
/// attachment under its name, and `Cache-Control` private to the reader.
/// Both front doors send every download with these.
pub fn download_headers(
    content_type: &str,
    filename: &str,
    keep: Keep,
) -> [(&'static str, String); 3] {
    let cache = match keep {
        Keep::Never => "private, no-store",
        Keep::AskAgain => "private, no-cache",
    };
    [
        ("content-type", content_type.to_string()),
        ("content-disposition", attachment_disposition(filename)),
        ("cache-control", cache.to_string()),
    ]
}

/// The `Content-Disposition` value that makes a browser download a file
/// (never show it inline) under its name: an ASCII fallback and the
/// UTF-8 name (RFC 6266, RFC 8187).
pub fn attachment_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A size in bytes as people read it, with a decimal comma or point:
/// "812 B", "14 kB", "2,4 MB".
pub fn human_size(bytes: u64, decimal_comma: bool) -> String {
    let (value, unit) = match bytes {
        b if b < 1_000 => return format!("{b} B"),
        b if b < 1_000_000 => (b as f64 / 1_000.0, "kB"),
        b => (b as f64 / 1_000_000.0, "MB"),
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let text = if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

    #[test]
    fn a_download_is_an_attachment_kept_by_no_shared_cache() {
        let [t, d, c] = download_headers("application/pdf", "Høringssvar 1.pdf", Keep::Never);
        assert_eq!(t, ("content-type", "application/pdf".to_string()));
        assert_eq!(
            d,
            (
                "content-disposition",
                "attachment; filename=\"H_ringssvar 1.pdf\"; filename*=UTF-8''H%C3%B8ringssvar%201.pdf"
                    .to_string()
            )
        );
        assert_eq!(c, ("cache-control", "private, no-store".to_string()));
        let [.., c] = download_headers("application/pdf", "plan.pdf", Keep::AskAgain);
        assert_eq!(c.1, "private, no-cache");
    }

    #[test]
    fn a_pdf_is_recognised_by_its_bytes_whatever_its_name() {
        assert_eq!(
            check_pdf("plan.PDF", PDF, 1_000),
            Ok(CheckedPdf {
                filename: "plan.pdf".into()
            })
        );
        assert_eq!(
            check_pdf("billede.png", PDF, 1_000).map(|c| c.filename),
            Ok("billede.png.pdf".into())
        );
    }

    #[test]
    fn other_bytes_named_pdf_are_refused() {
        assert_eq!(
            check_pdf("plan.pdf", b"<html><script>x</script></html>", 1_000),
            Err(FileProblem::NotPdf)
        );
        assert_eq!(
            check_pdf("plan.pdf", b"%PDF-1.7 but cut off", 1_000),
            Err(FileProblem::NotPdf)
        );
        assert_eq!(
            check_pdf("plan.pdf", b"  %PDF-1.7\n%%EOF", 1_000),
            Err(FileProblem::NotPdf)
        );
        assert_eq!(check_pdf("plan.pdf", b"", 1_000), Err(FileProblem::Missing));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit() {
        assert_eq!(
            check_pdf("plan.pdf", PDF, 10),
            Err(FileProblem::TooLarge { max_bytes: 10 })
        );
        assert!(check_pdf("plan.pdf", PDF, PDF.len()).is_ok());
    }

    #[test]
    fn file_names_lose_paths_and_dangerous_characters() {
        assert_eq!(
            clean_filename("C:\\Users\\x\\Høring.pdf", "pdf"),
            "Høring.pdf"
        );
        assert_eq!(clean_filename("../../etc/passwd", "pdf"), "passwd.pdf");
        assert_eq!(clean_filename("a\"b\r\nc.pdf", "pdf"), "a_b__c.pdf");
        assert_eq!(
            clean_filename("  lokal   plan .pdf", "pdf"),
            "lokal plan.pdf"
        );
        assert_eq!(clean_filename("", "pdf"), "document.pdf");
        assert_eq!(clean_filename(".pdf", "pdf"), "document.pdf");
        let long = clean_filename(&"x".repeat(500), "pdf");
        assert_eq!(long.chars().count(), FILENAME_MAX);
        assert!(long.ends_with(".pdf"));
    }

    #[test]
    fn a_download_keeps_its_danish_name_and_an_ascii_fallback() {
        assert_eq!(
            attachment_disposition("Høring 1.pdf"),
            "attachment; filename=\"H_ring 1.pdf\"; filename*=UTF-8''H%C3%B8ring%201.pdf"
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(812, true), "812 B");
        assert_eq!(human_size(14_200, true), "14 kB");
        assert_eq!(human_size(2_400_000, true), "2,4 MB");
        assert_eq!(human_size(2_400_000, false), "2.4 MB");
    }

    proptest! {
        #[test]
        fn a_cleaned_name_is_never_empty_nor_has_a_separator(name in "\\PC*") {
            let n = clean_filename(&name, "pdf");
            prop_assert!(n.ends_with(".pdf"));
            prop_assert!(n.len() > 4);
            prop_assert!(!n.contains(['/', '\\', '"', '\n', '\r']));
            prop_assert!(n.chars().count() <= FILENAME_MAX);
        }

        #[test]
        fn check_pdf_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = check_pdf("x.pdf", &bytes, 1024);
        }
    }
}
