//! The hearing memo (høringsnotat): composed as Markdown from the staff's
//! work, following the government template (Lovkvalitetsvejledningen
//! 9.1.6): the hearing period; the parties consulted, alphabetically,
//! marking who answered; per theme the views, the administration's comment
//! and the resulting change, each with links to the responses behind it;
//! campaigns as one text with their count; the other responses with staff's
//! summary. It quotes no respondent's own text except a campaign's shared
//! text, with its withheld passages taken out, so confidential passages are
//! never quoted.
//!
//! Staff edit the Markdown; the exports read it back as blocks (headings,
//! paragraphs, list items, quotes, with bold, italic and links) and write
//! DOCX (docx-rs), PDF (Typst, the blocks as data) and HTML (the safe
//! Markdown renderer).

use std::fmt::Write as _;
use std::sync::LazyLock;

use docx_rs::{
    Docx, Hyperlink, HyperlinkType, IndentLevel, NumberingId, Paragraph, Run, RunFonts, Style,
    StyleType,
};
use hearings_i18n::Lang;
use hearings_store::MemoData;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Value, json};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

use crate::ExportError;

/// Escapes text so Markdown shows it as typed.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '<'
                | '>'
                | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The key that sorts names in Danish alphabetical order (æ, ø, å last).
pub fn danish_key(name: &str) -> Vec<u32> {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

fn response_link(d: &MemoData, i: usize, lang: Lang) -> String {
    let r = &d.responses[i];
    let who = r
        .name
        .as_deref()
        .map(md_escape)
        .unwrap_or_else(|| lang.t("memo.anonymous").to_string());
    format!("[{}]({}) ({who})", r.reference, r.href)
}

fn links(d: &MemoData, ids: &[usize], lang: Lang) -> String {
    ids.iter()
        .map(|i| response_link(d, *i, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A staff text as a Markdown block: kept as written (it is Markdown), or
/// the given placeholder when empty.
fn staff_text(s: &str, empty: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        format!("*{empty}*")
    } else {
        t.to_string()
    }
}

/// Composes the memo in `lang` from the staff's work, the campaigns
/// confirmed by staff each as one text with its count.
pub fn compose(lang: Lang, d: &MemoData) -> String {
    let h = &d.hearing;
    let campaigns = &d.campaigns;
    let mut m = String::new();
    let _ = writeln!(m, "# {}: {}\n", lang.t("memo.title"), md_escape(&h.title));

    // 1. The hearing.
    let _ = writeln!(m, "## 1. {}\n", lang.t("memo.hearing"));
    let closes = h
        .closes_at
        .map(|c| lang.datetime(c))
        .unwrap_or_else(|| lang.t("hearing.no_deadline").to_string());
    let _ = writeln!(
        m,
        "{}\n",
        lang.t("memo.period")
            .replace("%kind%", lang.t(&format!("kind.{}", h.kind)))
            .replace("%opens%", &lang.datetime(h.opens_at))
            .replace("%closes%", &closes)
    );
    let in_campaigns: usize = campaigns.iter().map(|c| c.responses.len()).sum();
    let mut count = lang
        .t("memo.count")
        .replace("%n%", &d.responses.len().to_string());
    if !campaigns.is_empty() {
        count.push(' ');
        count.push_str(
            &lang
                .t("memo.count_campaigns")
                .replace("%m%", &in_campaigns.to_string())
                .replace("%k%", &campaigns.len().to_string()),
        );
    }
    let _ = writeln!(m, "{count}\n");
    if let Some(meeting) = &h.council_meeting {
        let _ = writeln!(
            m,
            "{}\n",
            lang.t("memo.meeting")
                .replace("%date%", &lang.date(meeting.date))
                .replace("%title%", &md_escape(&meeting.agenda_title))
        );
    }

    // 2. The parties consulted.
    let _ = writeln!(m, "## 2. {}\n", lang.t("memo.parties"));
    let mut named: Vec<(&str, bool)> = d
        .parties
        .iter()
        .filter_map(|p| p.name.as_deref().map(|n| (n, p.responded)))
        .collect();
    named.sort_by_key(|(n, _)| danish_key(n));
    let others = d.parties.iter().filter(|p| p.name.is_none()).count();
    if named.is_empty() && others == 0 {
        let _ = writeln!(m, "{}\n", lang.t("memo.no_parties"));
    } else {
        let _ = writeln!(m, "{}\n", lang.t("memo.parties_intro"));
        for (n, responded) in &named {
            let mark = if *responded {
                format!(" — **{}**", lang.t("memo.responded"))
            } else {
                String::new()
            };
            let _ = writeln!(m, "- {}{mark}", md_escape(n));
        }
        if others > 0 {
            let _ = writeln!(
                m,
                "- {}",
                lang.t("memo.other_parties")
                    .replace("%n%", &others.to_string())
            );
        }
        m.push('\n');
    }

    // 3. The responses, by theme.
    let _ = writeln!(m, "## 3. {}\n", lang.t("memo.responses"));
    let mut themed = vec![false; d.responses.len()];
    for (n, t) in d.themes.iter().enumerate() {
        let _ = writeln!(m, "### 3.{} {}\n", n + 1, md_escape(&t.theme.name));
        for &i in &t.responses {
            themed[i] = true;
        }
        let _ = writeln!(
            m,
            "**{}** {}\n",
            lang.t("memo.views"),
            staff_text(&t.theme.views, lang.t("memo.empty"))
        );
        let _ = writeln!(
            m,
            "**{}** {}\n",
            lang.t("memo.comment"),
            staff_text(&t.theme.comment, lang.t("memo.empty"))
        );
        let _ = writeln!(
            m,
            "**{}** {}\n",
            lang.t("memo.change"),
            staff_text(&t.theme.change, lang.t("memo.no_change"))
        );
        if t.responses.is_empty() {
            let _ = writeln!(m, "*{}*\n", lang.t("memo.no_responses"));
        } else {
            let _ = writeln!(
                m,
                "{} ({}): {}\n",
                lang.t("memo.behind"),
                t.responses.len(),
                links(d, &t.responses, lang)
            );
        }
    }
    let mut section = d.themes.len();
    if !campaigns.is_empty() {
        section += 1;
        let _ = writeln!(m, "### 3.{section} {}\n", lang.t("memo.campaigns"));
        for c in campaigns {
            for &i in &c.responses {
                themed[i] = true;
            }
            let _ = writeln!(
                m,
                "{}\n",
                lang.t("memo.campaign_count")
                    .replace("%n%", &c.responses.len().to_string())
            );
            for line in c.text.lines() {
                let _ = writeln!(m, "> {}", md_escape(line));
            }
            let _ = writeln!(
                m,
                "\n{} ({}): {}\n",
                lang.t("memo.behind"),
                c.responses.len(),
                links(d, &c.responses, lang)
            );
        }
    }
    let rest: Vec<usize> = (0..d.responses.len()).filter(|i| !themed[*i]).collect();
    if !rest.is_empty() {
        section += 1;
        let _ = writeln!(m, "### 3.{section} {}\n", lang.t("memo.other"));
        for i in rest {
            let r = &d.responses[i];
            let mut line = format!("- {}", response_link(d, i, lang));
            if !r.summary.trim().is_empty() {
                let _ = write!(line, ": {}", md_escape(r.summary.trim()));
            }
            if let Some(a) = r.assessment {
                let _ = write!(line, " — *{}*", lang.t(&format!("assessment.{a}")));
                if !r.reason.trim().is_empty() {
                    let _ = write!(line, ": {}", md_escape(r.reason.trim()));
                }
            }
            let _ = writeln!(m, "{line}");
        }
        m.push('\n');
    }

    // 4. The changes to the proposal.
    let _ = writeln!(m, "## 4. {}\n", lang.t("memo.changes"));
    let changes: Vec<_> = d
        .themes
        .iter()
        .filter(|t| !t.theme.change.trim().is_empty())
        .collect();
    if changes.is_empty() {
        let _ = writeln!(m, "{}\n", lang.t("memo.no_changes"));
    } else {
        for t in changes {
            let _ = writeln!(
                m,
                "- **{}**: {}",
                md_escape(&t.theme.name),
                t.theme.change.trim().replace('\n', " ")
            );
        }
        m.push('\n');
    }
    if let Some(dec) = &d.decision {
        let _ = writeln!(m, "## 5. {}\n", lang.t("outcome.we_did"));
        let _ = writeln!(
            m,
            "{}\n\n{}\n",
            lang.t("outcome.decided_by")
                .replace("%body%", &md_escape(&dec.body))
                .replace("%date%", &lang.date(dec.decided_on)),
            dec.text.trim()
        );
    }
    m
}

/// A run of text in a block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inline {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// The link target, if a link.
    pub link: Option<String>,
}

/// A block of the memo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list item, with its depth from 0.
    Item(u8, Vec<Inline>),
    /// A quoted paragraph.
    Quote(Vec<Inline>),
}

/// Reads Markdown as blocks. Only `http`, `https`, `mailto` and relative
/// links are kept as links; anything else (HTML, images) becomes text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Vec<Inline> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut link: Option<String> = None;
    let mut depth: u8 = 0;
    let mut quote = 0u32;
    let mut heading: Option<u8> = None;
    let mut in_item = false;
    let push =
        |cur: &mut Vec<Inline>, text: &str, bold: u32, italic: u32, link: &Option<String>| {
            if text.is_empty() {
                return;
            }
            if let Some(last) = cur.last_mut()
                && last.bold == (bold > 0)
                && last.italic == (italic > 0)
                && last.link == *link
            {
                last.text.push_str(text);
                return;
            }
            cur.push(Inline {
                text: text.to_string(),
                bold: bold > 0,
                italic: italic > 0,
                link: link.clone(),
            });
        };
    let flush = |out: &mut Vec<Block>,
                 cur: &mut Vec<Inline>,
                 heading: Option<u8>,
                 in_item: bool,
                 depth: u8,
                 quote: u32| {
        if cur.is_empty() {
            return;
        }
        let inl = std::mem::take(cur);
        out.push(match heading {
            Some(l) => Block::Heading(l, inl),
            None if in_item => Block::Item(depth.saturating_sub(1), inl),
            None if quote > 0 => Block::Quote(inl),
            None => Block::Paragraph(inl),
        });
    };
    for ev in Parser::new(markdown) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                heading = None;
            }
            Event::Start(Tag::Paragraph) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
            }
            Event::End(TagEnd::Paragraph) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
            }
            Event::Start(Tag::List(_)) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                depth = depth.saturating_add(1);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                depth = depth.saturating_sub(1);
                in_item = depth > 0;
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                in_item = true;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut out, &mut cur, heading, in_item, depth, quote);
                quote = quote.saturating_sub(1);
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let u = dest_url.to_string();
                let safe = u.starts_with("https://")
                    || u.starts_with("http://")
                    || u.starts_with("mailto:")
                    || u.starts_with('/');
                link = safe.then_some(u);
            }
            Event::End(TagEnd::Link) => link = None,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut cur, &t, bold, italic, &link);
            }
            Event::SoftBreak | Event::HardBreak => push(&mut cur, " ", bold, italic, &link),
            _ => {}
        }
    }
    flush(&mut out, &mut cur, heading, in_item, depth, quote);
    out
}

/// The plain text of a list of runs.
pub fn plain(inl: &[Inline]) -> String {
    inl.iter().map(|i| i.text.as_str()).collect()
}

fn runs(p: Paragraph, inl: &[Inline], base: &str) -> Paragraph {
    let mut p = p;
    for i in inl {
        let mut run = Run::new().add_text(i.text.clone());
        if i.bold {
            run = run.bold();
        }
        if i.italic {
            run = run.italic();
        }
        match &i.link {
            Some(url) => {
                let target = if url.starts_with('/') {
                    format!("{base}{url}")
                } else {
                    url.clone()
                };
                let run = run.color("1F4E79").underline("single");
                p = p.add_hyperlink(Hyperlink::new(target, HyperlinkType::External).add_run(run));
            }
            None => p = p.add_run(run),
        }
    }
    p
}

/// The memo as a Word document. `base` is put before links that are paths
/// (the server's public address, or "").
pub fn memo_docx(title: &str, markdown: &str, base: &str) -> Result<Vec<u8>, ExportError> {
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(22);
    for (id, name, size) in [
        ("Heading1", "heading 1", 36),
        ("Heading2", "heading 2", 30),
        ("Heading3", "heading 3", 26),
        ("Heading4", "heading 4", 24),
    ] {
        doc = doc.add_style(
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .size(size)
                .bold(),
        );
    }
    doc = doc.add_style(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .italic()
            .indent(Some(720), None, None, None),
    );
    doc = doc.add_abstract_numbering(
        docx_rs::AbstractNumbering::new(1)
            .add_level(
                docx_rs::Level::new(
                    0,
                    docx_rs::Start::new(1),
                    docx_rs::NumberFormat::new("bullet"),
                    docx_rs::LevelText::new("•"),
                    docx_rs::LevelJc::new("left"),
                )
                .indent(
                    Some(720),
                    Some(docx_rs::SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            )
            .add_level(
                docx_rs::Level::new(
                    1,
                    docx_rs::Start::new(1),
                    docx_rs::NumberFormat::new("bullet"),
                    docx_rs::LevelText::new("◦"),
                    docx_rs::LevelJc::new("left"),
                )
                .indent(
                    Some(1440),
                    Some(docx_rs::SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
    );
    doc = doc.add_numbering(docx_rs::Numbering::new(1, 1));
    for b in blocks(markdown) {
        let p = match &b {
            Block::Heading(l, inl) => runs(
                Paragraph::new().style(&format!("Heading{}", (*l).min(4))),
                inl,
                base,
            ),
            Block::Paragraph(inl) => runs(Paragraph::new(), inl, base),
            Block::Quote(inl) => runs(Paragraph::new().style("Quote"), inl, base),
            Block::Item(depth, inl) => runs(
                Paragraph::new().numbering(
                    NumberingId::new(1),
                    IndentLevel::new((*depth).min(1) as usize),
                ),
                inl,
                base,
            ),
        };
        doc = doc.add_paragraph(p);
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| ExportError::Typeset(format!("docx: {e}")))?;
    let _ = title;
    Ok(buf.into_inner())
}

const MEMO_TEMPLATE: &str = include_str!("../templates/memo.typ");

static MEMO_ENGINE: LazyLock<TypstEngine<TypstTemplateMainFile>> = LazyLock::new(|| {
    TypstEngine::builder()
        .main_file(MEMO_TEMPLATE)
        .fonts(typst_assets::fonts())
        .build()
});

fn inline_json(inl: &[Inline], base: &str) -> Value {
    Value::Array(
        inl.iter()
            .map(|i| {
                json!({
                    "text": i.text,
                    "bold": i.bold,
                    "italic": i.italic,
                    "link": i.link.as_ref().map(|u| if u.starts_with('/') { format!("{base}{u}") } else { u.clone() }),
                })
            })
            .collect(),
    )
}

/// The data the memo's Typst template reads.
pub fn memo_data(lang: Lang, title: &str, footer: &str, markdown: &str, base: &str) -> Value {
    json!({
        "lang": lang.code(),
        "title": title,
        "footer": footer,
        "blocks": blocks(markdown).iter().map(|b| match b {
            Block::Heading(l, inl) => json!({"kind": "heading", "level": l, "inlines": inline_json(inl, base)}),
            Block::Paragraph(inl) => json!({"kind": "par", "inlines": inline_json(inl, base)}),
            Block::Quote(inl) => json!({"kind": "quote", "inlines": inline_json(inl, base)}),
            Block::Item(d, inl) => json!({"kind": "item", "level": d, "inlines": inline_json(inl, base)}),
        }).collect::<Vec<_>>(),
    })
}

/// The memo as a tagged PDF.
pub fn memo_pdf(
    lang: Lang,
    title: &str,
    footer: &str,
    markdown: &str,
    base: &str,
) -> Result<Vec<u8>, ExportError> {
    crate::typeset(
        &MEMO_ENGINE,
        &memo_data(lang, title, footer, markdown, base),
    )
}

/// The memo as HTML that is safe to insert into a page.
pub fn memo_html(markdown: &str) -> String {
    hearings_markdown::to_safe_html(markdown)
}

/// A format the memo is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoFormat {
    /// Word.
    Docx,
    /// Tagged PDF.
    Pdf,
    /// A standalone HTML page.
    Html,
    /// The Markdown as written.
    Markdown,
}

impl MemoFormat {
    /// From the name in a URL: `docx`, `pdf`, `html`, `md`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "docx" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            "html" => Some(Self::Html),
            "md" => Some(Self::Markdown),
            _ => None,
        }
    }

    /// Every format, with its name in URLs.
    pub const ALL: [(&'static str, MemoFormat); 4] = [
        ("docx", MemoFormat::Docx),
        ("pdf", MemoFormat::Pdf),
        ("html", MemoFormat::Html),
        ("md", MemoFormat::Markdown),
    ];

    /// The media type.
    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
            Self::Html => "text/html; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
        }
    }

    /// The file name's extension.
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::Html => "html",
            Self::Markdown => "md",
        }
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One version of a memo as a file: its name and bytes. Typesetting is CPU
/// work; call it off the async threads.
pub fn memo_file(
    lang: Lang,
    memo: &hearings_store::MemoView,
    format: MemoFormat,
    base: &str,
) -> Result<(String, Vec<u8>), ExportError> {
    let title = blocks(&memo.markdown)
        .into_iter()
        .find_map(|b| match b {
            Block::Heading(1, inl) => Some(plain(&inl)),
            _ => None,
        })
        .unwrap_or_else(|| lang.t("memo.title").to_string());
    let footer = lang
        .t("memo.footer")
        .replace("%v%", &memo.version.to_string());
    let name = format!(
        "hoeringsnotat-v{}{}.{}",
        memo.version,
        if memo.finalised_at.is_some() {
            ""
        } else {
            "-kladde"
        },
        format.extension()
    );
    let bytes = match format {
        MemoFormat::Docx => memo_docx(&title, &memo.markdown, base)?,
        MemoFormat::Pdf => memo_pdf(lang, &title, &footer, &memo.markdown, base)?,
        MemoFormat::Markdown => memo.markdown.clone().into_bytes(),
        MemoFormat::Html => format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<main>\n{}\n</main>\n<footer><p>{}</p></footer>\n</body>\n</html>\n",
            lang.code(),
            escape_html(&title),
            memo_html(&memo.markdown),
            escape_html(&footer)
        )
        .into_bytes(),
    };
    Ok((name, bytes))
}

/// The memo for the archive bundle: its newest final version (or, if none
/// is final, its newest draft) the viewer may read, as DOCX, PDF and
/// Markdown; nothing if there is no memo. Typeset off the async threads.
pub async fn memo_extras(
    store: &hearings_store::Store,
    viewer: &hearings_store::Account,
    hearing: hearings_core::HearingId,
    lang: Lang,
) -> Result<Vec<crate::ExtraFile>, ExportError> {
    let versions = store.memo_versions(Some(viewer), hearing).await?;
    let Some(memo) = versions
        .iter()
        .find(|m| m.finalised_at.is_some())
        .or(versions.first())
        .cloned()
    else {
        return Ok(Vec::new());
    };
    let base = store.public_url().to_string();
    tokio::task::spawn_blocking(move || {
        [MemoFormat::Docx, MemoFormat::Pdf, MemoFormat::Markdown]
            .into_iter()
            .map(|f| {
                memo_file(lang, &memo, f, &base)
                    .map(|(name, bytes)| crate::ExtraFile { name, bytes })
            })
            .collect()
    })
    .await
    .map_err(|e| ExportError::Write(format!("memo: {e}")))?
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use chrono::TimeZone;
    use hearings_core::analysis::{Assessment, Theme};
    use hearings_core::{HearingId, HearingKind, HearingState, ResponseId};
    use hearings_store::{HearingListItem, MemoCampaign, MemoParty, MemoResponse, MemoTheme};
    use uuid::Uuid;

    fn data() -> MemoData {
        let r = |n: u128, name: Option<&str>, summary: &str| MemoResponse {
            id: ResponseId(Uuid::from_u128(n)),
            reference: format!("GLO-{n:04}"),
            name: name.map(str::to_string),
            href: format!("https://hoeringer.example/responses/{n}"),
            summary: summary.into(),
            assessment: (n == 4).then_some(Assessment::NotAccommodated),
            reason: if n == 4 {
                "Normen følger politikken.".into()
            } else {
                String::new()
            },
        };
        MemoData {
            hearing: HearingListItem {
                id: HearingId(Uuid::from_u128(9)),
                kind: HearingKind::Lokalplanforslag,
                state: HearingState::InReview,
                title: "Lokalplan for *Hovedvejen*".into(),
                summary: String::new(),
                area: None,
                opens_at: chrono::Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap(),
                closes_at: Some(chrono::Utc.with_ymd_and_hms(2026, 11, 5, 11, 0, 0).unwrap()),
                committee: None,
                council_meeting: None,
                areas: vec![],
                topics: vec![],
                contact: None,
            },
            parties: vec![
                MemoParty {
                    name: Some("Åbrinken ApS".into()),
                    responded: false,
                },
                MemoParty {
                    name: Some("Bageriet A/S".into()),
                    responded: true,
                },
                MemoParty {
                    name: Some("Ørsted Handel".into()),
                    responded: true,
                },
                MemoParty {
                    name: Some("Zebra IVS".into()),
                    responded: false,
                },
                MemoParty {
                    name: None,
                    responded: false,
                },
            ],
            responses: vec![
                r(1, Some("Bageriet A/S"), "Ønsker parkering."),
                r(2, None, "Anonym om parkering."),
                r(3, Some("Kampagne 1"), ""),
                r(4, Some("Ørsted Handel"), "Vil have lavere p-norm."),
            ],
            themes: vec![MemoTheme {
                theme: Theme {
                    name: "Parkering".into(),
                    views: "Flere ønsker **flere** pladser.".into(),
                    comment: "Forvaltningen anbefaler 20 pladser.".into(),
                    change: "§ 4 får 20 nye pladser.".into(),
                },
                responses: vec![0, 1],
            }],
            campaigns: vec![],
            decision: None,
        }
    }

    #[test]
    fn the_memo_follows_the_template_and_every_statement_links_to_its_responses() {
        let mut d = data();
        d.campaigns = vec![MemoCampaign {
            text: "Bevar Hovedvejens træer [...]".into(),
            responses: vec![2],
        }];
        let m = compose(Lang::Da, &d);
        assert!(
            m.starts_with("# Høringsnotat: Lokalplan for \\*Hovedvejen\\*\n"),
            "{m}"
        );
        // The parties in Danish alphabetical order, who answered marked.
        let order: Vec<usize> = ["Bageriet", "Zebra", "Ørsted", "Åbrinken"]
            .iter()
            .map(|n| m.find(n).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{m}");
        assert!(
            m.contains("- Bageriet A/S — **har afgivet høringssvar**"),
            "{m}"
        );
        assert!(m.contains("- Zebra IVS\n"));
        assert!(m.contains("1 andre parter"));
        // A theme with its views, comment, change and the responses behind it.
        assert!(m.contains("### 3.1 Parkering"));
        assert!(m.contains("Flere ønsker **flere** pladser."));
        assert!(m.contains("§ 4 får 20 nye pladser."));
        assert!(m.contains("Høringssvar (2): [GLO-0001](https://hoeringer.example/responses/1) (Bageriet A/S), [GLO-0002](https://hoeringer.example/responses/2) (anonym)"), "{m}");
        // A campaign as one text with its count.
        assert!(m.contains("1 høringssvar med denne enslydende tekst:"));
        assert!(
            m.contains("> Bevar Hovedvejens træer \\[\\.\\.\\.\\]"),
            "{m}"
        );
        assert!(m.contains("Heraf er 1 enslydende høringssvar i 1 kampagner"));
        // The rest with staff's summary and assessment.
        assert!(m.contains("- [GLO-0004](https://hoeringer.example/responses/4) (Ørsted Handel): Vil have lavere p\\-norm\\. — *Ikke imødekommet*: Normen følger politikken\\."), "{m}");
        assert!(m.contains("## 4. Ændringer af forslaget"));
        assert!(m.contains("- **Parkering**: § 4 får 20 nye pladser."));
        d.campaigns.clear();
        let en = compose(Lang::En, &d);
        assert!(en.starts_with("# Hearing memo: "));
        assert!(en.contains("### 3.2 Other responses"), "{en}");
    }

    #[test]
    fn the_markdown_is_read_back_as_blocks_with_safe_links_only() {
        let b = blocks(
            "# Titel\n\nEn **fed** og *kursiv* [link](https://x.example) og [slem](javascript:alert(1)).\n\n- et\n  - to\n\n> citat\n\n<script>x</script>",
        );
        assert_eq!(
            b[0],
            Block::Heading(
                1,
                vec![Inline {
                    text: "Titel".into(),
                    ..Inline::default()
                }]
            )
        );
        let Block::Paragraph(p) = &b[1] else {
            panic!("{b:?}")
        };
        assert!(p.iter().any(|i| i.bold && i.text == "fed"));
        assert!(p.iter().any(|i| i.italic && i.text == "kursiv"));
        assert!(
            p.iter()
                .any(|i| i.link.as_deref() == Some("https://x.example"))
        );
        assert!(
            p.iter()
                .all(|i| i.link.as_deref() != Some("javascript:alert(1)"))
        );
        assert!(b.contains(&Block::Item(
            0,
            vec![Inline {
                text: "et".into(),
                ..Inline::default()
            }]
        )));
        assert!(b.contains(&Block::Item(
            1,
            vec![Inline {
                text: "to".into(),
                ..Inline::default()
            }]
        )));
        assert!(b.contains(&Block::Quote(vec![Inline {
            text: "citat".into(),
            ..Inline::default()
        }])));
        assert!(
            matches!(b.last(), Some(Block::Paragraph(p)) if plain(p).contains("<script>")),
            "HTML stays text: {b:?}"
        );
    }

    fn docx_text(bytes: &[u8]) -> String {
        let doc = docx_rs::read_docx(bytes).unwrap();
        format!(
            "{} {:?} {:?}",
            serde_json::to_string(&doc.document).unwrap(),
            doc.hyperlinks,
            doc.document_rels
        )
    }

    #[test]
    fn the_docx_and_the_pdf_hold_the_memo() {
        let m = compose(Lang::Da, &data());
        let docx = memo_docx("Høringsnotat", &m, "").unwrap();
        assert_eq!(&docx[..2], b"PK");
        let text = docx_text(&docx);
        for needle in [
            "Høringsnotat: Lokalplan for *Hovedvejen*",
            "Bageriet A/S",
            "Forvaltningen anbefaler 20 pladser.",
            "https://hoeringer.example/responses/1",
            "Åbrinken ApS",
        ] {
            assert!(text.contains(needle), "the DOCX lacks {needle}");
        }
        let pdf = memo_pdf(Lang::Da, "Høringsnotat", "Høringsnotat, version 1", &m, "").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 5_000);
    }
}
