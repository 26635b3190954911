//! The politicians' briefing at `/briefing`: the hearings up for decision,
//! grouped by council meeting, each with its headline figures (responses,
//! stance, the hearing list's response rate, the top themes) and links to
//! its summary and to the responses behind each figure. For politicians,
//! staff and administrators; it only reads.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use hearings_i18n::Lang;

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::summary::{stance_chart, whole};
use crate::views::Layout;
use crate::{WebState, render};

/// A figure of a hearing's card with the link to the responses behind it.
pub struct Linked {
    pub label: String,
    pub count: String,
    pub href: String,
}

/// A top theme on a card.
pub struct ThemeLine {
    pub name: String,
    pub count: String,
    pub href: String,
    pub comment: String,
}

/// A hearing on the briefing.
pub struct HearingCard {
    pub id: String,
    pub title: String,
    pub href: String,
    pub summary_href: String,
    /// The hearing memo's page.
    pub memo_href: String,
    pub responses_href: String,
    pub agenda_title: String,
    pub state: String,
    pub responses: String,
    pub stance_svg: String,
    pub stances: Vec<Linked>,
    pub rate: String,
    pub themes: Vec<ThemeLine>,
}

/// A council meeting on the briefing.
pub struct MeetingView {
    pub id: String,
    pub heading: String,
    pub upcoming: bool,
    pub hearings: Vec<HearingCard>,
}

/// The briefing page.
#[derive(Template)]
#[template(path = "briefing.html")]
pub struct BriefingPage {
    pub l: Layout,
    pub meetings: Vec<MeetingView>,
}

fn heading(lang: Lang, date: chrono::NaiveDate, upcoming: bool) -> String {
    let key = if upcoming {
        "briefing.meeting"
    } else {
        "briefing.meeting_past"
    };
    lang.t(key).replace("{date}", &lang.date(date))
}

/// `GET /briefing`
pub async fn page(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    let account = c.require_account()?;
    if !account.role.reads_summaries() {
        return Err(PageError::forbidden(c.lang));
    }
    let lang = c.lang;
    let groups = s
        .store
        .briefing(account, s.clock.now())
        .await
        .map_err(|e| PageError::from_store(lang, e))?;
    let meetings = groups
        .into_iter()
        .map(|g| MeetingView {
            id: format!("meeting-{}", g.date),
            heading: heading(lang, g.date, g.upcoming),
            upcoming: g.upcoming,
            hearings: g
                .hearings
                .into_iter()
                .map(|b| {
                    let id = b.hearing.id;
                    let analysis = |q: &str| format!("/hearings/{id}/analysis?{q}#responses");
                    HearingCard {
                        id: id.to_string(),
                        title: b.hearing.title.clone(),
                        href: format!("/hearings/{id}"),
                        summary_href: format!("/hearings/{id}/summary"),
                        memo_href: format!("/hearings/{id}/memo"),
                        responses_href: format!("/hearings/{id}/analysis#responses"),
                        agenda_title: b
                            .hearing
                            .council_meeting
                            .as_ref()
                            .map(|m| m.agenda_title.clone())
                            .unwrap_or_default(),
                        state: lang.t(&format!("state.{}", b.hearing.state)).into(),
                        responses: whole(lang, b.responses),
                        stance_svg: stance_chart(
                            lang,
                            &[(lang.t("briefing.stance").to_string(), b.by_stance.clone())],
                        ),
                        stances: b
                            .by_stance
                            .iter()
                            .map(|(st, n)| Linked {
                                label: lang.t(&format!("stance.{st}")).into(),
                                count: whole(lang, *n),
                                href: analysis(&format!("stance={}", st.as_str())),
                            })
                            .collect(),
                        rate: match b.response_rate.percent() {
                            Some(p) => lang
                                .t("briefing.rate")
                                .replace("{responded}", &whole(lang, b.response_rate.responded))
                                .replace("{invited}", &whole(lang, b.response_rate.invited))
                                .replace("{percent}", &p.to_string()),
                            None => lang.t("summary.nobody_invited").into(),
                        },
                        themes: b
                            .top_themes
                            .iter()
                            .map(|t| ThemeLine {
                                name: t.theme.name.clone(),
                                count: whole(lang, t.responses),
                                href: analysis(&format!("theme={}", t.id)),
                                comment: t.theme.comment.clone(),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    render(
        lang,
        BriefingPage {
            l: Layout::new(&c, lang.t("briefing.title")),
            meetings,
        },
    )
}
