//! Markdown as staff write it (summaries, the sections of a proposal),
//! rendered as HTML that is safe to put in a page whatever was typed:
//! pulldown-cmark turns it into HTML, ammonia keeps only an allow-list of
//! tags and attributes (no script, no event handlers, no `javascript:`
//! links, no images from other hosts, no raw HTML that escapes the list).
//!
//! Pure: no I/O. Both front doors use it, so a page and the API show the
//! same HTML.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "br",
            "strong",
            "em",
            "del",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow"))
            .generic_attributes(HashSet::new())
            .tag_attributes(std::iter::once(("a", ["href"].into_iter().collect())).collect())
            .strip_comments(true);
        b
    })
}

/// Markdown to safe HTML. Headings are shifted down to start at `<h3>`,
/// since a section's own heading is the page's `<h2>`/`<h3>` already.
pub fn to_safe_html(markdown: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(markdown, opts).map(|event| match event {
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(shift(level)))
        }
        other => other,
    });
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    cleaner().clean(&raw).to_string()
}

fn shift(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 | H2 | H3 => H3,
        H4 => H4,
        H5 => H5,
        H6 => H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_markdown_becomes_html() {
        let html = to_safe_html("Stk. 1. **Butikker** må ligge i *stueetagen*.\n\n- a\n- b");
        assert!(html.contains("<strong>Butikker</strong>"));
        assert!(html.contains("<em>stueetagen</em>"));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn no_script_survives_whatever_is_typed() {
        for attack in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[klik](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<scr<script>ipt>alert(1)</script>",
            "<a href=\"  JaVaScRiPt:alert(1)\">x</a>",
            "<details open ontoggle=alert(1)>",
            "<form action=\"https://evil.example\"><button>x</button></form>",
            "![x](https://tracker.example/pixel.png)",
        ] {
            let html = to_safe_html(attack).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "ontoggle",
                "javascript:",
                "<iframe",
                "style=",
                "<img",
                "<svg",
                "<form",
            ] {
                assert!(!html.contains(bad), "{attack:?} left {bad:?} in {html:?}");
            }
        }
    }

    #[test]
    fn links_to_the_web_are_kept_with_a_safe_rel() {
        let html = to_safe_html("[Planloven](https://www.retsinformation.dk)");
        assert!(html.contains("href=\"https://www.retsinformation.dk\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }

    #[test]
    fn headings_start_below_the_page_structure() {
        assert!(to_safe_html("# Stor").contains("<h3>Stor</h3>"));
        assert!(to_safe_html("#### Lille").contains("<h4>Lille</h4>"));
    }

    proptest! {
        #[test]
        fn the_output_never_holds_a_script_tag_or_handler(s in "\\PC*") {
            let html = to_safe_html(&s).to_lowercase();
            prop_assert!(!html.contains("<script"));
            prop_assert!(!html.contains("javascript:"));
        }

        #[test]
        fn angle_brackets_typed_as_text_stay_text(word in "[a-z]{1,8}") {
            let html = to_safe_html(&format!("<{word} onclick=x>"));
            prop_assert!(!html.contains("onclick"));
        }
    }
}
