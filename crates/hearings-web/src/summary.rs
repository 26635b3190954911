//! The summary of a hearing's responses, for staff and politicians: every
//! figure as a chart drawn on the server (SVG, no script) with the same
//! figures in a table beside it, and every figure a link to the responses
//! behind it in the analysis workspace. The charts are hidden from screen
//! readers (`aria-hidden`); the tables are the accessible version. Colours
//! and sizes come from classes and SVG presentation attributes, never from
//! inline style, which the Content-Security-Policy forbids.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use hearings_core::{HearingId, Stance};
use hearings_i18n::Lang;
use hearings_store::{Dimension, ReferenceData, ResponseRate, Summary, ThemeView};

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::pages::{area_name, parse_id};
use crate::views::Layout;
use crate::{WebState, render};

/// The most responses the summary page lists; the rest are one link away,
/// in the analysis workspace.
pub const LISTED_RESPONSES: u64 = 100;

/// A cell of a figure's table, perhaps a link to the responses behind it.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub num: bool,
}

impl Cell {
    fn text(t: impl Into<String>) -> Self {
        Self {
            text: t.into(),
            href: None,
            num: false,
        }
    }
    fn num(t: impl Into<String>, href: Option<String>) -> Self {
        Self {
            text: t.into(),
            href,
            num: true,
        }
    }
}

/// A row of a figure's table: its header cell and its cells.
#[derive(Debug, Clone)]
pub struct FigRow {
    pub label: String,
    pub cells: Vec<Cell>,
}

/// A figure: a chart (SVG markup made here, every text escaped) and the
/// table with the same figures.
#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    pub caption: String,
    pub note: String,
    pub svg: String,
    pub head: Vec<(String, bool)>,
    pub rows: Vec<FigRow>,
}

/// A response in the summary's list.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub href: String,
    pub reference: String,
    pub organisation: String,
    pub rtype: String,
    pub stance: String,
    pub submitted: String,
}

/// The summary of a hearing's responses.
#[derive(Template)]
#[template(path = "summary.html")]
pub struct SummaryPage {
    pub l: Layout,
    pub hearing_href: String,
    pub hearing_title: String,
    pub total: i64,
    pub all_href: String,
    /// The response rate and the stances.
    pub headline: Vec<Figure>,
    pub breakdowns: Vec<Figure>,
    pub scales: Vec<Figure>,
    /// The number questions (one table, or none).
    pub numbers: Vec<Figure>,
    /// The themes (one figure, or none).
    pub themes: Vec<Figure>,
    pub responses: Vec<ResponseRow>,
    pub more_responses: bool,
    /// Where the downloads are (`/hearings/{id}/export`).
    pub exports: String,
}

/// Escapes text for SVG (XML) markup.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A label cut to fit the chart (the table has it in full).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

const WIDTH: i64 = 560;
const LABEL_W: i64 = 190;
const BAR_W: i64 = 300;
const ROW_H: i64 = 28;

fn svg_open(height: i64) -> String {
    format!(
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">"#
    )
}

/// A horizontal bar per label, its length by its count.
pub fn bar_chart(lang: Lang, bars: &[(String, i64)], class: &str) -> String {
    let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = ROW_H * bars.len().max(1) as i64 + 8;
    let mut s = svg_open(height);
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = 4 + ROW_H * i as i64;
        let w = if *n > 0 { (n * BAR_W / max).max(2) } else { 0 };
        s.push_str(&format!(
            r#"<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text><rect class="bar {class}" x="{LABEL_W}" y="{}" width="{w}" height="18"/><text class="chart-value" x="{}" y="{}">{}</text>"#,
            LABEL_W - 8,
            y + 14,
            esc(&short(label, 26)),
            y + 1,
            LABEL_W + w + 6,
            y + 14,
            esc(&whole(lang, *n)),
        ));
    }
    s.push_str("</svg>");
    s
}

/// A horizontal bar per group, its length by its count, in segments by stance.
pub fn stance_chart(lang: Lang, rows: &[(String, Vec<(Stance, i64)>)]) -> String {
    let max = rows
        .iter()
        .map(|(_, v)| v.iter().map(|(_, n)| n).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let legend_y = ROW_H * rows.len().max(1) as i64 + 8;
    let height = legend_y + 26;
    let mut s = svg_open(height);
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = 4 + ROW_H * i as i64;
        s.push_str(&format!(
            r#"<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            LABEL_W - 8,
            y + 14,
            esc(&short(label, 26))
        ));
        let total: i64 = counts.iter().map(|(_, n)| n).sum();
        let mut x = LABEL_W;
        let mut acc = 0;
        for (stance, n) in counts {
            if *n == 0 {
                continue;
            }
            // Segments end where the running total ends, so rounding never
            // leaves a gap or overshoots.
            acc += n;
            let end = LABEL_W + acc * BAR_W / max;
            let w = (end - x).max(1);
            s.push_str(&format!(
                r#"<rect class="bar stance-{}" x="{x}" y="{}" width="{w}" height="18"/>"#,
                stance.as_str(),
                y + 1
            ));
            x += w;
        }
        s.push_str(&format!(
            r#"<text class="chart-value" x="{}" y="{}">{}</text>"#,
            x + 6,
            y + 14,
            esc(&whole(lang, total))
        ));
    }
    let mut lx = 8;
    for stance in Stance::ALL {
        let name = lang.t(&format!("stance.{stance}"));
        s.push_str(&format!(
            r#"<rect class="bar stance-{}" x="{lx}" y="{}" width="12" height="12"/><text class="chart-legend" x="{}" y="{}">{}</text>"#,
            stance.as_str(),
            legend_y + 4,
            lx + 16,
            legend_y + 14,
            esc(name)
        ));
        lx += 16 + 8 * name.chars().count() as i64 + 18;
    }
    s.push_str("</svg>");
    s
}

/// A whole number with the language's thousands separator.
pub fn whole(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Da { '.' } else { ',' };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A number with at most two decimals, in the language's notation
/// ("1.234,5" or "1,234.5").
pub fn decimal(lang: Lang, x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let int = whole(lang, cents / 100);
    let frac = (cents % 100).unsigned_abs();
    let int = if cents < 0 && cents / 100 == 0 {
        format!("-{int}")
    } else {
        int
    };
    if frac == 0 {
        int
    } else {
        let mark = if lang == Lang::Da { ',' } else { '.' };
        let f = format!("{frac:02}");
        format!("{int}{mark}{}", f.trim_end_matches('0'))
    }
}

fn percent(n: i64, total: i64) -> String {
    if total > 0 {
        format!("{} %", (n * 100 + total / 2) / total)
    } else {
        "–".into()
    }
}

/// The name of a group in a dimension, in the language.
pub fn group_name(lang: Lang, refs: &ReferenceData, d: Dimension, key: &str) -> String {
    match d {
        Dimension::RespondentType => lang.t(&format!("rtype.{key}")).into(),
        Dimension::SizeClass => lang.t(&format!("size.{key}")).into(),
        Dimension::Area => area_name(lang, refs, key),
        Dimension::IndustrySection => match refs.section(key) {
            Some(sec) => format!(
                "{} – {}",
                key,
                if lang == Lang::Da {
                    &sec.name_da
                } else {
                    &sec.name_en
                }
            ),
            None => key.to_string(),
        },
    }
}

/// The analysis workspace's filter parameter for a dimension.
pub fn param(d: Dimension) -> &'static str {
    match d {
        Dimension::RespondentType => "rtype",
        Dimension::IndustrySection => "section",
        Dimension::SizeClass => "size",
        Dimension::Area => "area",
    }
}

fn caption_key(d: Dimension) -> &'static str {
    match d {
        Dimension::RespondentType => "summary.by_rtype",
        Dimension::IndustrySection => "summary.by_section",
        Dimension::SizeClass => "summary.by_size",
        Dimension::Area => "summary.by_area",
    }
}

/// Percent-encodes a query value (the codes are plain, but a section letter
/// or an area code typed by an administrator is never trusted).
fn q(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The response rate as a figure.
pub fn rate_figure(lang: Lang, id: HearingId, r: ResponseRate) -> Figure {
    let bars = vec![
        (lang.t("summary.invited").to_string(), r.invited),
        (lang.t("summary.invited_responded").to_string(), r.responded),
    ];
    Figure {
        id: "response-rate".into(),
        caption: lang.t("summary.response_rate").into(),
        note: match r.percent() {
            Some(p) => format!("{}: {p} %", lang.t("summary.response_rate")),
            None => lang.t("summary.nobody_invited").into(),
        },
        svg: bar_chart(lang, &bars, "bar-plain"),
        head: vec![
            (lang.t("summary.group").into(), false),
            (lang.t("summary.count").into(), true),
        ],
        rows: vec![
            FigRow {
                label: lang.t("summary.invited").into(),
                cells: vec![Cell::num(
                    whole(lang, r.invited),
                    Some(format!("/hearings/{id}#hearing-list")),
                )],
            },
            FigRow {
                label: lang.t("summary.invited_responded").into(),
                cells: vec![Cell::num(
                    whole(lang, r.responded),
                    Some(format!("/hearings/{id}#hearing-list")),
                )],
            },
            FigRow {
                label: lang.t("summary.response_rate").into(),
                cells: vec![Cell::num(
                    r.percent()
                        .map(|p| format!("{p} %"))
                        .unwrap_or_else(|| "–".into()),
                    None,
                )],
            },
        ],
    }
}

fn analysis(id: HearingId, query: &str) -> String {
    if query.is_empty() {
        format!("/hearings/{id}/analysis#responses")
    } else {
        format!("/hearings/{id}/analysis?{query}#responses")
    }
}

/// The figures of a summary, as the summary page shows them.
pub struct Figures {
    pub rate: Figure,
    pub stance: Figure,
    pub breakdowns: Vec<Figure>,
    pub scales: Vec<Figure>,
    pub numbers: Option<Figure>,
    pub themes: Option<Figure>,
}

/// Every figure of a summary.
pub fn figures(lang: Lang, refs: &ReferenceData, id: HearingId, s: &Summary) -> Figures {
    let t = s.total;
    let stance_rows: Vec<(Stance, i64)> = Stance::ALL
        .iter()
        .map(|st| {
            (
                *st,
                s.by_stance
                    .iter()
                    .find(|(k, _)| k == st.as_str())
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    let stance = Figure {
        id: "by-stance".into(),
        caption: lang.t("summary.by_stance").into(),
        note: String::new(),
        svg: stance_chart(
            lang,
            &stance_rows
                .iter()
                .map(|(st, n)| (lang.t(&format!("stance.{st}")).to_string(), vec![(*st, *n)]))
                .collect::<Vec<_>>(),
        ),
        head: vec![
            (lang.t("field.stance").into(), false),
            (lang.t("summary.count").into(), true),
            (lang.t("summary.share").into(), true),
        ],
        rows: stance_rows
            .iter()
            .map(|(st, n)| FigRow {
                label: lang.t(&format!("stance.{st}")).into(),
                cells: vec![
                    Cell::num(
                        whole(lang, *n),
                        Some(analysis(id, &format!("stance={}", st.as_str()))),
                    ),
                    Cell::num(percent(*n, t), None),
                ],
            })
            .collect(),
    };
    let breakdowns = s
        .breakdowns
        .iter()
        .map(|b| {
            let p = param(b.dimension);
            let mut head = vec![
                (lang.t("summary.group").to_string(), false),
                (lang.t("summary.count").to_string(), true),
                (lang.t("summary.share").to_string(), true),
            ];
            head.extend(
                Stance::ALL
                    .iter()
                    .map(|st| (lang.t(&format!("stance.{st}")).to_string(), true)),
            );
            Figure {
                id: format!("by-{}", b.dimension.as_str().replace('_', "-")),
                caption: lang.t(caption_key(b.dimension)).into(),
                note: lang.t("summary.by_group_note").into(),
                svg: stance_chart(
                    lang,
                    &b.groups
                        .iter()
                        .map(|g| {
                            (
                                group_name(lang, refs, b.dimension, &g.key),
                                g.by_stance.clone(),
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
                head,
                rows: b
                    .groups
                    .iter()
                    .map(|g| {
                        let key = q(&g.key);
                        let mut cells = vec![
                            Cell::num(
                                whole(lang, g.total),
                                Some(analysis(id, &format!("{p}={key}"))),
                            ),
                            Cell::num(percent(g.total, t), None),
                        ];
                        cells.extend(g.by_stance.iter().map(|(st, n)| {
                            Cell::num(
                                whole(lang, *n),
                                Some(analysis(id, &format!("{p}={key}&stance={}", st.as_str()))),
                            )
                        }));
                        FigRow {
                            label: group_name(lang, refs, b.dimension, &g.key),
                            cells,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let scales = s
        .scales
        .iter()
        .enumerate()
        .map(|(i, sc)| {
            let bars: Vec<(String, i64)> =
                sc.counts.iter().map(|(v, n)| (v.to_string(), *n)).collect();
            Figure {
                id: format!("scale-{}", i + 1),
                caption: sc.prompt.clone(),
                note: format!(
                    "{}: {} · {}: {}",
                    lang.t("summary.answered"),
                    whole(lang, sc.answered),
                    lang.t("summary.median"),
                    sc.median
                        .map(|m| decimal(lang, m))
                        .unwrap_or_else(|| "–".into())
                ),
                svg: bar_chart(lang, &bars, "bar-plain"),
                head: vec![
                    (lang.t("summary.value").into(), false),
                    (lang.t("summary.count").into(), true),
                    (lang.t("summary.share").into(), true),
                ],
                rows: sc
                    .counts
                    .iter()
                    .map(|(v, n)| FigRow {
                        label: v.to_string(),
                        cells: vec![
                            Cell::num(
                                whole(lang, *n),
                                Some(analysis(id, &format!("question={}&value={v}", sc.question))),
                            ),
                            Cell::num(percent(*n, sc.answered), None),
                        ],
                    })
                    .chain(std::iter::once(FigRow {
                        label: lang.t("summary.median").into(),
                        cells: vec![
                            Cell::num(
                                sc.median
                                    .map(|m| decimal(lang, m))
                                    .unwrap_or_else(|| "–".into()),
                                None,
                            ),
                            Cell::text(""),
                        ],
                    }))
                    .collect(),
            }
        })
        .collect();
    let numbers = (!s.numbers.is_empty()).then(|| Figure {
        id: "numbers".into(),
        caption: lang.t("summary.numbers").into(),
        note: String::new(),
        svg: String::new(),
        head: vec![
            (lang.t("summary.question").into(), false),
            (lang.t("summary.unit").into(), false),
            (lang.t("summary.answered").into(), true),
            (lang.t("summary.sum").into(), true),
            (lang.t("summary.median").into(), true),
        ],
        rows: s
            .numbers
            .iter()
            .map(|n| FigRow {
                label: n.prompt.clone(),
                cells: vec![
                    Cell::text(n.unit.clone()),
                    Cell::num(
                        whole(lang, n.answered),
                        Some(analysis(id, &format!("question={}", n.question))),
                    ),
                    Cell::num(decimal(lang, n.sum), None),
                    Cell::num(
                        n.median
                            .map(|m| decimal(lang, m))
                            .unwrap_or_else(|| "–".into()),
                        None,
                    ),
                ],
            })
            .collect(),
    });
    let themes = (!s.themes.is_empty()).then(|| theme_figure(lang, id, &s.themes));
    Figures {
        rate: rate_figure(lang, id, s.response_rate),
        stance,
        breakdowns,
        scales,
        numbers,
        themes,
    }
}

fn theme_figure(lang: Lang, id: HearingId, themes: &[ThemeView]) -> Figure {
    Figure {
        id: "themes".into(),
        caption: lang.t("summary.themes").into(),
        note: String::new(),
        svg: bar_chart(
            lang,
            &themes
                .iter()
                .map(|t| (t.theme.name.clone(), t.responses))
                .collect::<Vec<_>>(),
            "bar-plain",
        ),
        head: vec![
            (lang.t("analysis.theme").into(), false),
            (lang.t("summary.count").into(), true),
            (lang.t("analysis.theme_comment").into(), false),
            (lang.t("analysis.theme_change").into(), false),
        ],
        rows: themes
            .iter()
            .map(|t| FigRow {
                label: t.theme.name.clone(),
                cells: vec![
                    Cell::num(
                        whole(lang, t.responses),
                        Some(analysis(id, &format!("theme={}", t.id))),
                    ),
                    Cell::text(t.theme.comment.clone()),
                    Cell::text(t.theme.change.clone()),
                ],
            })
            .collect(),
    }
}

/// `GET /hearings/{id}/summary`
pub async fn page(
    State(s): State<WebState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(c.lang, &id)?;
    let account = c.require_account()?;
    if !account.role.reads_summaries() {
        return Err(PageError::forbidden(c.lang));
    }
    let err = |e| PageError::from_store(c.lang, e);
    let now = s.clock.now();
    let d = s.store.hearing(id, Some(account), now).await.map_err(err)?;
    let summary = s.store.summary(account, id).await.map_err(err)?;
    let responses = s
        .store
        .first_responses(account, id, Some(LISTED_RESPONSES))
        .await
        .map_err(err)?;
    let refs = s.store.reference_data().await.map_err(err)?;
    let lang = c.lang;
    let f = figures(lang, &refs, id, &summary);
    let page = SummaryPage {
        l: Layout::new(
            &c,
            format!("{}: {}", lang.t("summary.title"), d.hearing.title),
        ),
        hearing_href: format!("/hearings/{id}"),
        exports: format!("/hearings/{id}/export"),
        hearing_title: d.hearing.title.clone(),
        total: summary.total,
        all_href: analysis(id, ""),
        headline: vec![f.rate, f.stance],
        breakdowns: f.breakdowns,
        scales: f.scales,
        numbers: f.numbers.into_iter().collect(),
        themes: f.themes.into_iter().collect(),
        more_responses: summary.total > responses.len() as i64,
        responses: responses
            .into_iter()
            .map(|r| ResponseRow {
                href: format!("/responses/{}", r.id),
                reference: r.reference,
                organisation: r.organisation_name,
                rtype: lang.t(&format!("rtype.{}", r.respondent_type)).into(),
                stance: lang.t(&format!("stance.{}", r.stance)).into(),
                submitted: lang.datetime(r.submitted_at),
            })
            .collect(),
    };
    render(lang, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_each_languages_notation() {
        assert_eq!(whole(Lang::Da, 1_234_567), "1.234.567");
        assert_eq!(whole(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(whole(Lang::Da, 999), "999");
        assert_eq!(decimal(Lang::Da, 1234.5), "1.234,5");
        assert_eq!(decimal(Lang::En, 2.25), "2.25");
        assert_eq!(decimal(Lang::En, 3.0), "3");
        assert_eq!(decimal(Lang::Da, -0.5), "-0,5");
    }

    #[test]
    fn chart_labels_are_escaped_and_the_chart_is_hidden_from_screen_readers() {
        let svg = bar_chart(Lang::Da, &[("<script>&".into(), 3)], "bar-plain");
        assert!(svg.contains("&lt;script&gt;&amp;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(r#"aria-hidden="true""#));
        assert!(!svg.contains("style="));
    }
}
