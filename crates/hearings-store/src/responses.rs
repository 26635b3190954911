//! Responses: submit (with a receipt given only after the commit), list, summarise.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use hearings_core::input::{AnswerInput, FieldError, Problem, parse_response_with, submission_key};
use hearings_core::response_parts::{Decision, Parts, RawParts, RawResponse};
use hearings_core::{
    Answer, FileId, HearingId, OrganisationId, Publication, QuestionId, ResponseId, SectionId,
    Stance,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entity::{
    answer, confidential_passage, hearing, organisation, response, response_attachment,
    response_comment, response_version, section, submission_key,
};
use crate::hearings::list_item;
use crate::outbox::{MessageKind, enqueue};
use crate::{Account, Store, StoreError, StoredFile};

/// Proof of a submission, issued only after it is durably stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The response.
    pub id: ResponseId,
    /// The hearing.
    pub hearing: HearingId,
    /// The hearing's title.
    pub hearing_title: String,
    /// The organisation that answered.
    pub organisation: OrganisationId,
    /// A short reference to quote.
    pub reference: String,
    /// Version, from 1; each edit before the deadline is a new version.
    pub version: i32,
    /// When this version was stored.
    pub submitted_at: DateTime<Utc>,
    /// SHA-256 (hex) of exactly what was submitted.
    pub digest: String,
}

/// A response in a list for staff and politicians.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseListItem {
    /// Id.
    pub id: ResponseId,
    /// Reference.
    pub reference: String,
    /// Organisation name.
    pub organisation_name: String,
    /// Respondent type.
    pub respondent_type: String,
    /// Stance.
    pub stance: Stance,
    /// Publication choice.
    pub publication: Publication,
    /// Industry section letter.
    pub industry_section: String,
    /// Size class.
    pub size_class: String,
    /// Local area.
    pub area: String,
    /// Latest version.
    pub version: i32,
    /// When the latest version was stored.
    pub submitted_at: DateTime<Utc>,
}

/// An answer as JSON, as kept and as digested.
pub(crate) fn answer_json(a: &Answer) -> Value {
    match a {
        Answer::Text(s) | Answer::Choice(s) => json!(s),
        Answer::Choices(v) => json!(v),
        Answer::Scale(n) => json!(n),
        Answer::Number(x) => json!(x),
        Answer::YesNo(b) => json!(b),
        Answer::File(id) => json!(id.to_string()),
    }
}

/// How [`Store::submit`] goes about a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Store it and e-mail the receipt.
    Receipt,
    /// Store it, without e-mail (the demo's fictitious respondents).
    Quiet,
    /// Only give the receipt already issued for its key, if the content is
    /// the same; store nothing.
    ReplayOnly,
}

/// What a respondent submits.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    /// Stance, as typed.
    pub stance: &'a str,
    /// Publication choice, as typed.
    pub publication: &'a str,
    /// Answers, as they arrived.
    pub answers: &'a [(QuestionId, AnswerInput)],
    /// Comments on sections, attachments, confidential passages.
    pub parts: &'a RawParts,
    /// The draft version the author started from (`Some(None)`: no draft
    /// yet); `None` does not check.
    pub expect_draft: Option<Option<i32>>,
}

/// The parts of a checked response as they are hashed for a submission key.
fn parts_json(p: &Parts, files: &HashMap<FileId, StoredFile>) -> Value {
    json!({
        "comments": p.comments.iter().map(|(s, t)| json!([s.0, t])).collect::<Vec<_>>(),
        "attachments": p.attachments.iter().map(|f| digested(&Answer::File(*f), files)).collect::<Vec<_>>(),
        "confidential": p.confidential.iter().map(|c| json!([c.location.to_string(), c.text, c.reason])).collect::<Vec<_>>(),
    })
}

/// Writes a submission's comments, attachments and confidential passages
/// inside its transaction, replacing those of the version before. A passage
/// asked for again (same place, same text) keeps staff's decision on it;
/// one no longer asked for is dropped; a new one waits for a decision.
async fn store_parts(
    txn: &sea_orm::DatabaseTransaction,
    response_id: Uuid,
    parts: &Parts,
    replacing: bool,
) -> Result<(), StoreError> {
    if replacing {
        response_comment::Entity::delete_many()
            .filter(response_comment::Column::ResponseId.eq(response_id))
            .exec(txn)
            .await?;
        response_attachment::Entity::delete_many()
            .filter(response_attachment::Column::ResponseId.eq(response_id))
            .exec(txn)
            .await?;
    }
    if !parts.comments.is_empty() {
        let rows = parts
            .comments
            .iter()
            .map(|(s, t)| response_comment::ActiveModel {
                response_id: Set(response_id),
                section_id: Set(s.0),
                text: Set(t.clone()),
            });
        response_comment::Entity::insert_many(rows.collect::<Vec<_>>())
            .exec_without_returning(txn)
            .await?;
    }
    if !parts.attachments.is_empty() {
        let rows =
            parts
                .attachments
                .iter()
                .enumerate()
                .map(|(i, f)| response_attachment::ActiveModel {
                    response_id: Set(response_id),
                    file_id: Set(f.0),
                    position: Set(i as i32),
                });
        response_attachment::Entity::insert_many(rows.collect::<Vec<_>>())
            .exec_without_returning(txn)
            .await?;
    }
    let existing = confidential_passage::Entity::find()
        .filter(confidential_passage::Column::ResponseId.eq(response_id))
        .all(txn)
        .await?;
    for old in &existing {
        let still = parts
            .confidential
            .iter()
            .any(|p| p.location.to_string() == old.location && p.text == old.text);
        if !still {
            confidential_passage::Entity::delete_by_id(old.id)
                .exec(txn)
                .await?;
        }
    }
    for p in &parts.confidential {
        let location = p.location.to_string();
        match existing
            .iter()
            .find(|o| o.location == location && o.text == p.text)
        {
            Some(old) if old.reason != p.reason => {
                confidential_passage::Entity::update_many()
                    .col_expr(
                        confidential_passage::Column::Reason,
                        p.reason.clone().into(),
                    )
                    .filter(confidential_passage::Column::Id.eq(old.id))
                    .exec(txn)
                    .await?;
            }
            Some(_) => {}
            None => {
                confidential_passage::Entity::insert(confidential_passage::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    response_id: Set(response_id),
                    location: Set(location),
                    text: Set(p.text.clone()),
                    reason: Set(p.reason.clone()),
                    decision: Set(Decision::Pending.as_str().to_string()),
                    decision_reason: Set(None),
                    decided_by: Set(None),
                    decided_at: Set(None),
                })
                .exec_without_returning(txn)
                .await?;
            }
        }
    }
    Ok(())
}

/// An answer as digested: a file by its id, name and SHA-256, so the
/// receipt proves the bytes too.
fn digested(a: &Answer, files: &HashMap<FileId, StoredFile>) -> Value {
    match a {
        Answer::File(id) => match files.get(id) {
            Some(f) => json!({"file": id.to_string(), "filename": f.filename, "sha256": f.sha256}),
            None => answer_json(a),
        },
        other => answer_json(other),
    }
}

fn reference_of(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("GLO-{}-{}", &hex[..4], &hex[4..8])
}

fn internal<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Internal(e.to_string())
}

impl Store {
    /// Submits (or, before the deadline, replaces with a new version) the
    /// response of the account's organisation. The answers are checked
    /// against the hearing's questions; the deadline against `now`.
    ///
    /// The receipt e-mail to the submitter (in Danish and English) is put in
    /// the outbox in the same transaction as the response, so it goes out
    /// exactly when the response is stored.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn submit_response(
        &self,
        by: &Account,
        hearing_id: HearingId,
        stance: &str,
        publication: &str,
        answers: &[(QuestionId, AnswerInput)],
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let parts = RawParts::default();
        let sub = Submission {
            stance,
            publication,
            answers,
            parts: &parts,
            expect_draft: None,
        };
        self.submit(by, hearing_id, &sub, now, Mode::Receipt, None)
            .await
    }

    /// The receipt already issued for this submission key and this same
    /// content, if any; nothing is stored either way. A page that finds its
    /// draft changed meanwhile asks this first: a double click or a retry of
    /// a submission that went through gets its receipt, not a conflict.
    pub async fn replayed_submission(
        &self,
        by: &Account,
        hearing_id: HearingId,
        key: &str,
        sub: &Submission<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<Receipt>, StoreError> {
        let Ok(key) = submission_key(key) else {
            return Ok(None);
        };
        let sub = Submission {
            expect_draft: None,
            ..*sub
        };
        match self
            .submit(by, hearing_id, &sub, now, Mode::ReplayOnly, Some(&key))
            .await
        {
            Ok(r) => Ok(Some(r)),
            Err(StoreError::Internal(e)) => Err(StoreError::Internal(e)),
            Err(_) => Ok(None),
        }
    }

    /// Submits a whole response: answers, comments on sections,
    /// attachments and confidential passages, with a submission key if
    /// given (see [`Store::submit_response_once`]). When
    /// `sub.expect_draft` is given and the organisation's draft is no longer
    /// at that version (a colleague saved or submitted meanwhile), nothing
    /// is submitted (`Invalid` with the field `draft_version`). The draft
    /// becomes the submitted content, at a new version.
    #[tracing::instrument(skip_all, fields(hearing_id = %hearing_id))]
    pub async fn submit_full(
        &self,
        by: &Account,
        hearing_id: HearingId,
        key: Option<&str>,
        sub: &Submission<'_>,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let key =
            match key {
                Some(k) => Some(submission_key(k).map_err(|p| {
                    StoreError::Invalid(vec![FieldError::new("idempotency_key", p)])
                })?),
                None => None,
            };
        self.submit(by, hearing_id, sub, now, Mode::Receipt, key.as_deref())
            .await
    }

    /// [`Store::submit_response`] with a submission key: the same key with
    /// the same content gives the receipt already issued (no new version, no
    /// second e-mail), whether it is a double click, a retry after a timeout
    /// or a replayed API call; the same key with other content is refused.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit_response_once(
        &self,
        by: &Account,
        hearing_id: HearingId,
        key: &str,
        stance: &str,
        publication: &str,
        answers: &[(QuestionId, AnswerInput)],
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let key = submission_key(key)
            .map_err(|p| StoreError::Invalid(vec![FieldError::new("idempotency_key", p)]))?;
        let parts = RawParts::default();
        let sub = Submission {
            stance,
            publication,
            answers,
            parts: &parts,
            expect_draft: None,
        };
        self.submit(by, hearing_id, &sub, now, Mode::Receipt, Some(&key))
            .await
    }

    /// The receipt of one version of a response, as it was issued.
    async fn receipt_of(&self, response_id: Uuid, version: i32) -> Result<Receipt, StoreError> {
        let r = response::Entity::find_by_id(response_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let v = response_version::Entity::find()
            .filter(response_version::Column::ResponseId.eq(response_id))
            .filter(response_version::Column::Version.eq(version))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let h = hearing::Entity::find_by_id(r.hearing_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Receipt {
            id: ResponseId(r.id),
            hearing: HearingId(r.hearing_id),
            hearing_title: h.title,
            organisation: OrganisationId(r.organisation_id),
            reference: r.reference,
            version,
            submitted_at: v.submitted_at,
            digest: v.digest,
        })
    }

    /// The receipt already issued for a submission key, if the content is
    /// the same; a refusal if it is not.
    async fn replay(
        &self,
        org: Uuid,
        key: &str,
        request_hash: &str,
    ) -> Result<Option<Receipt>, StoreError> {
        let found = submission_key::Entity::find_by_id((org, key.to_string()))
            .one(&self.db)
            .await?;
        match found {
            None => Ok(None),
            Some(k) if k.request_hash == request_hash => {
                self.receipt_of(k.response_id, k.version).await.map(Some)
            }
            Some(_) => Err(StoreError::Invalid(vec![FieldError::new(
                "idempotency_key",
                Problem::SubmissionKeyReused,
            )])),
        }
    }

    /// [`Store::submit_response`], with or without the receipt e-mail (the
    /// demo data's fictitious respondents get none).
    pub(crate) async fn submit(
        &self,
        by: &Account,
        hearing_id: HearingId,
        sub: &Submission<'_>,
        now: DateTime<Utc>,
        mode: Mode,
        key: Option<&str>,
    ) -> Result<Receipt, StoreError> {
        let h = hearing::Entity::find_by_id(hearing_id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let item = list_item(h, now)?;
        if !item.state.is_public() && !by.role.manages_hearings() {
            return Err(StoreError::NotFound);
        }
        let (true, Some(org_id)) = (by.role.responds(), by.organisation) else {
            return Err(StoreError::Forbidden);
        };
        // A respondent submits only once their e-mail address is confirmed.
        if !by.email_verified {
            return Err(StoreError::EmailUnverified);
        }
        if !item.state.accepts_responses() {
            return Err(StoreError::NotOpen {
                state: item.state,
                opens_at: item.opens_at,
                closes_at: item.closes_at,
            });
        }
        let questions: Vec<_> = self
            .questions(hearing_id)
            .await?
            .into_iter()
            .map(|q| (q.id, q.spec))
            .collect();
        let sections: Vec<SectionId> = section::Entity::find()
            .filter(section::Column::HearingId.eq(hearing_id.0))
            .order_by_asc(section::Column::Number)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| SectionId(s.id))
            .collect();
        let checked = parse_response_with(
            &questions,
            &sections,
            sub.stance,
            sub.publication,
            sub.answers,
            sub.parts,
        )
        .map_err(StoreError::Invalid)?;
        // A file answer and an attachment must be the organisation's own uploads.
        let file_ids: Vec<FileId> = checked
            .answers
            .iter()
            .filter_map(|(_, a)| match a {
                Answer::File(id) => Some(*id),
                _ => None,
            })
            .chain(checked.parts.attachments.iter().copied())
            .collect();
        let files = self.own_uploads(org_id, &file_ids).await?;
        let mut strangers: Vec<FieldError> = checked
            .answers
            .iter()
            .filter(|(_, a)| matches!(a, Answer::File(id) if !files.contains_key(id)))
            .map(|(q, _)| {
                FieldError::new(
                    format!("answers.{q}"),
                    Problem::Answer(hearings_core::AnswerError::NotAFile),
                )
            })
            .collect();
        if checked
            .parts
            .attachments
            .iter()
            .any(|f| !files.contains_key(f))
        {
            strangers.push(FieldError::new(
                "attachments",
                Problem::Answer(hearings_core::AnswerError::NotAFile),
            ));
        }
        if !strangers.is_empty() {
            return Err(StoreError::Invalid(strangers));
        }
        let org = organisation::Entity::find_by_id(org_id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::Forbidden)?;

        // What the key stands for: the checked content, not the bytes sent.
        let request_hash = {
            let canonical = json!({
                "hearing": hearing_id.0,
                "stance": checked.stance.as_str(),
                "publication": checked.publication.as_str(),
                "answers": checked.answers.iter().map(|(q, a)| json!({"question": q.0, "value": answer_json(a)})).collect::<Vec<_>>(),
                "parts": parts_json(&checked.parts, &files),
            });
            hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
        };
        if let Some(key) = key
            && let Some(receipt) = self.replay(org_id.0, key, &request_hash).await?
        {
            return Ok(receipt);
        }
        let receipt_email = match mode {
            Mode::Receipt => true,
            Mode::Quiet => false,
            Mode::ReplayOnly => return Err(StoreError::NotFound),
        };
        match self
            .store_submission(
                by,
                &item,
                org_id,
                &org,
                &checked,
                &files,
                now,
                receipt_email,
                key,
                &request_hash,
                sub.expect_draft,
            )
            .await
        {
            Ok(receipt) => Ok(receipt),
            // Two submissions with one key at once: the second finds the first's receipt.
            Err(e) => match key {
                Some(key) => match self.replay(org_id.0, key, &request_hash).await? {
                    Some(receipt) => Ok(receipt),
                    None => Err(e),
                },
                None => Err(e),
            },
        }
    }

    /// Writes a checked submission, its answers, its version, its receipt
    /// e-mail and its key in one transaction.
    #[allow(clippy::too_many_arguments)]
    async fn store_submission(
        &self,
        by: &Account,
        item: &crate::HearingListItem,
        org_id: OrganisationId,
        org: &organisation::Model,
        checked: &hearings_core::input::NewResponse,
        files: &HashMap<FileId, StoredFile>,
        now: DateTime<Utc>,
        receipt_email: bool,
        key: Option<&str>,
        request_hash: &str,
        expect_draft: Option<Option<i32>>,
    ) -> Result<Receipt, StoreError> {
        let hearing_id = item.id;
        let txn = self.begin_write().await?;
        let draft_now = crate::entity::draft::Entity::find()
            .filter(crate::entity::draft::Column::HearingId.eq(hearing_id.0))
            .filter(crate::entity::draft::Column::OrganisationId.eq(org_id.0))
            .one(&txn)
            .await?
            .map(|d| d.version);
        if let Some(expected) = expect_draft
            && expected != draft_now
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "draft_version",
                Problem::DraftChanged,
            )]));
        }
        let existing = response::Entity::find()
            .filter(response::Column::HearingId.eq(hearing_id.0))
            .filter(response::Column::OrganisationId.eq(org_id.0))
            .one(&txn)
            .await?;
        let (id, version, reference, first) = match &existing {
            Some(r) => (
                r.id,
                r.version + 1,
                r.reference.clone(),
                r.first_submitted_at,
            ),
            None => {
                let id = Uuid::new_v4();
                (id, 1, reference_of(id), now)
            }
        };
        let content = json!({
            "hearing": hearing_id.0,
            "organisation": org_id.0,
            "reference": reference,
            "version": version,
            "submitted_by": by.id.0,
            "submitted_at": now.to_rfc3339_opts(SecondsFormat::Millis, true),
            "stance": checked.stance.as_str(),
            "publication": checked.publication.as_str(),
            "answers": checked.answers.iter().map(|(q, a)| json!({"question": q.0, "value": digested(a, files)})).collect::<Vec<_>>(),
            "comments": checked.parts.comments.iter().map(|(s, t)| json!({"section": s.0, "text": t})).collect::<Vec<_>>(),
            "attachments": checked.parts.attachments.iter().map(|f| digested(&Answer::File(*f), files)).collect::<Vec<_>>(),
            "confidential": checked.parts.confidential.iter().map(|p| json!({"location": p.location.to_string(), "text": p.text, "reason": p.reason})).collect::<Vec<_>>(),
        });
        let content = serde_json::to_string(&content).map_err(internal)?;
        let digest = hex::encode(Sha256::digest(content.as_bytes()));
        let row = response::ActiveModel {
            id: Set(id),
            hearing_id: Set(hearing_id.0),
            organisation_id: Set(org_id.0),
            reference: Set(reference.clone()),
            version: Set(version),
            stance: Set(checked.stance.as_str().to_string()),
            publication: Set(checked.publication.as_str().to_string()),
            digest: Set(digest.clone()),
            submitted_by: Set(by.id.0),
            submitted_at: Set(now),
            first_submitted_at: Set(first),
            respondent_type: Set(org.respondent_type.clone()),
            industry_section: Set(org.industry_section.clone()),
            size_class: Set(org.size_class.clone()),
            area_code: Set(org.area_code.clone()),
        };
        if existing.is_some() {
            response::Entity::update(row).exec(&txn).await?;
            answer::Entity::delete_many()
                .filter(answer::Column::ResponseId.eq(id))
                .exec(&txn)
                .await?;
        } else {
            response::Entity::insert(row).exec(&txn).await?;
        }
        if !checked.answers.is_empty() {
            let rows = checked.answers.iter().map(|(q, a)| answer::ActiveModel {
                response_id: Set(id),
                question_id: Set(q.0),
                value: Set(answer_json(a).to_string()),
            });
            answer::Entity::insert_many(rows.collect::<Vec<_>>())
                .exec(&txn)
                .await?;
        }
        store_parts(&txn, id, &checked.parts, existing.is_some()).await?;
        // The draft becomes what was submitted, at a new version, so an
        // editor who started earlier is told.
        let raw = RawResponse::of_checked(
            checked.stance.as_str(),
            checked.publication.as_str(),
            &checked.answers,
            &checked.parts,
        );
        if crate::drafts::write(&txn, by, hearing_id, org_id, draft_now, &raw, false, now)
            .await?
            .is_none()
        {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "draft_version",
                Problem::DraftChanged,
            )]));
        }
        response_version::Entity::insert(response_version::ActiveModel {
            id: Set(Uuid::new_v4()),
            response_id: Set(id),
            version: Set(version),
            content: Set(content),
            digest: Set(digest.clone()),
            submitted_by: Set(by.id.0),
            submitted_at: Set(now),
        })
        .exec(&txn)
        .await?;
        let message = if receipt_email {
            let (subject, body) = hearings_i18n::receipt_email(&hearings_i18n::ReceiptEmail {
                hearing_title: &item.title,
                organisation_name: &org.name,
                reference: &reference,
                version,
                submitted_at: now,
                digest: &digest,
                link: &self.link(&format!("/receipts/{id}")),
            });
            Some(enqueue(&txn, MessageKind::Receipt, &by.email, subject, body, now).await?)
        } else {
            None
        };
        if let Some(key) = key {
            submission_key::Entity::insert(submission_key::ActiveModel {
                organisation_id: Set(org_id.0),
                key: Set(key.to_string()),
                response_id: Set(id),
                version: Set(version),
                request_hash: Set(request_hash.to_string()),
                created_at: Set(now),
            })
            .exec(&txn)
            .await?;
        }
        txn.commit().await?;
        match message {
            Some(message_id) => tracing::info!(
                response_id = %id, version, message_id = %message_id,
                "response stored, receipt e-mail queued"
            ),
            None => tracing::info!(response_id = %id, version, "response stored"),
        }
        Ok(Receipt {
            id: ResponseId(id),
            hearing: hearing_id,
            hearing_title: item.title.clone(),
            organisation: org_id,
            reference,
            version,
            submitted_at: now,
            digest,
        })
    }

    /// The receipt of a response: for members of its organisation and for staff.
    pub async fn receipt(&self, viewer: &Account, id: ResponseId) -> Result<Receipt, StoreError> {
        let r = response::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own = viewer
            .organisation
            .is_some_and(|o| o.0 == r.organisation_id);
        if !own && !viewer.role.manages_hearings() {
            return Err(StoreError::NotFound);
        }
        let h = hearing::Entity::find_by_id(r.hearing_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Receipt {
            id,
            hearing: HearingId(r.hearing_id),
            hearing_title: h.title,
            organisation: OrganisationId(r.organisation_id),
            reference: r.reference,
            version: r.version,
            submitted_at: r.submitted_at,
            digest: r.digest,
        })
    }

    pub(crate) async fn readable_hearing(
        &self,
        viewer: &Account,
        id: HearingId,
    ) -> Result<(), StoreError> {
        if !viewer.role.reads_summaries() {
            return Err(StoreError::Forbidden);
        }
        hearing::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(())
    }

    /// A hearing's responses, for staff and politicians (two queries).
    pub async fn list_responses(
        &self,
        viewer: &Account,
        id: HearingId,
    ) -> Result<Vec<ResponseListItem>, StoreError> {
        self.first_responses(viewer, id, None).await
    }

    /// A hearing's first responses (all of them without a limit), first
    /// submitted first, for staff and politicians (two queries).
    pub async fn first_responses(
        &self,
        viewer: &Account,
        id: HearingId,
        limit: Option<u64>,
    ) -> Result<Vec<ResponseListItem>, StoreError> {
        self.readable_hearing(viewer, id).await?;
        let rows = response::Entity::find()
            .filter(response::Column::HearingId.eq(id.0))
            .order_by_asc(response::Column::FirstSubmittedAt)
            .order_by_asc(response::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        let org_ids: Vec<Uuid> = rows.iter().map(|r| r.organisation_id).collect();
        let orgs = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(org_ids))
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|r| {
                let name = orgs
                    .iter()
                    .find(|o| o.id == r.organisation_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                Ok(ResponseListItem {
                    id: ResponseId(r.id),
                    reference: r.reference,
                    organisation_name: name,
                    respondent_type: r.respondent_type,
                    stance: Stance::parse(&r.stance).map_err(internal)?,
                    publication: Publication::parse(&r.publication).map_err(internal)?,
                    industry_section: r.industry_section,
                    size_class: r.size_class,
                    area: r.area_code,
                    version: r.version,
                    submitted_at: r.submitted_at,
                })
            })
            .collect()
    }
}
