//! "My organisation's responses": the organisation's responses across
//! hearings, for its members; the versions of each are on its receipt.

use axum::extract::State;
use axum::response::Response;

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::views::{Layout, MyDraftRow, MyResponseRow, MyResponsesPage};
use crate::{WebState, render};

/// `GET /responses`: the responses of the signed-in respondent's organisation.
pub async fn page(State(s): State<WebState>, c: Ctx) -> Result<Response, PageError> {
    let account = c.require_account()?;
    if !account.role.responds() {
        return Err(PageError::forbidden(c.lang));
    }
    let now = s.clock.now();
    let items = s
        .store
        .my_responses(account, now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?;
    let lang = c.lang;
    let rows = items
        .into_iter()
        .map(|r| MyResponseRow {
            hearing_href: format!("/hearings/{}", r.hearing),
            hearing_title: r.hearing_title,
            state: lang.t(&format!("state.{}", r.hearing_state.as_str())),
            deadline: r.closes_at.map(|t| lang.datetime(t)),
            reference: r.reference,
            version: r.version,
            submitted_at: lang.datetime(r.submitted_at),
            submitted_at_iso: r.submitted_at.to_rfc3339(),
            submitted_by: r.submitted_by,
            receipt_href: format!("/receipts/{}", r.id),
            response_href: format!("/responses/{}", r.id),
            outcome_href: matches!(
                r.hearing_state,
                hearings_core::HearingState::Decided | hearings_core::HearingState::Archived
            )
            .then(|| format!("/responses/{}/outcome", r.id)),
        })
        .collect();
    let drafts = s
        .store
        .my_drafts(account, now)
        .await
        .map_err(|e| PageError::from_store(c.lang, e))?
        .into_iter()
        .map(|d| MyDraftRow {
            form_href: format!("/hearings/{}/respond", d.hearing),
            hearing_title: d.hearing_title,
            state: lang.t(&format!("state.{}", d.hearing_state.as_str())),
            deadline: d.closes_at.map(|t| lang.datetime(t)),
            saved_at: lang.datetime(d.updated_at),
            saved_by: d.updated_by,
            submitted_before: d.submitted_before,
        })
        .collect();
    render(
        lang,
        MyResponsesPage {
            l: Layout::new(&c, lang.t("my_responses.title")),
            rows,
            drafts,
        },
    )
}
