//! The wire format: what comes in and what goes out.

use chrono::{DateTime, SecondsFormat, Utc};
use hearings_core::calendar::DeadlineWarning;
use hearings_core::hearing_info::RawHearingInfo;
use hearings_core::question::QuestionKind;
use hearings_core::{HearingId, RawValue};
use hearings_i18n::Lang;
use hearings_store::{
    AuditEntry, AuditPage, Dimension, HearingDetail, HearingListItem, MeetingGroup, Receipt,
    ResponseListItem, ResponseRate, Summary, ThemeView,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// `POST /api/v1/auth/token`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

/// The industry of a registering organisation.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct IndustryDto {
    pub classification: String,
    pub code: String,
}

/// The organisation of a registration.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OrganisationDto {
    pub cvr: Option<String>,
    pub name: String,
    pub industry: IndustryDto,
    pub size_class: String,
    pub area: String,
    pub respondent_type: String,
}

/// `POST /api/v1/auth/register`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub name: String,
    pub organisation: OrganisationDto,
}

/// A question of a new hearing.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct QuestionDto {
    pub kind: String,
    pub prompt: String,
    pub required: bool,
    pub options: Vec<String>,
    pub unit: Option<String>,
    pub help: String,
}

/// A section of a new hearing's proposal.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SectionDto {
    pub heading: String,
    pub body: String,
}

/// `POST /api/v1/hearings`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct NewHearingRequest {
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub area: Option<String>,
    pub committee: Option<String>,
    pub council_meeting: Option<CouncilMeetingDto>,
    pub areas: Vec<String>,
    pub topics: Vec<String>,
    pub contact: Option<ContactDto>,
    pub sections: Vec<SectionDto>,
    pub questions: Vec<QuestionDto>,
    /// `PUT` only: what was corrected and why (required once published).
    pub note: Option<String>,
}

/// The council meeting of a new hearing.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CouncilMeetingDto {
    pub date: String,
    pub agenda_title: String,
}

/// The contact person of a new hearing.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ContactDto {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

impl NewHearingRequest {
    /// The particulars as typed.
    pub fn info(&self) -> RawHearingInfo {
        let meeting = self.council_meeting.as_ref();
        let contact = self.contact.as_ref();
        RawHearingInfo {
            committee: self.committee.clone().unwrap_or_default(),
            council_meeting_date: meeting.map(|m| m.date.clone()).unwrap_or_default(),
            council_meeting_agenda_title: meeting
                .map(|m| m.agenda_title.clone())
                .unwrap_or_default(),
            areas: self.areas.clone(),
            topics: self.topics.clone(),
            contact_name: contact.map(|c| c.name.clone()).unwrap_or_default(),
            contact_email: contact.map(|c| c.email.clone()).unwrap_or_default(),
            contact_phone: contact.and_then(|c| c.phone.clone()).unwrap_or_default(),
        }
    }
}

/// `POST /api/v1/hearings/{id}/withdraw`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct WithdrawRequest {
    pub reason: String,
}

/// An answer of a response.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AnswerDto {
    pub question_id: String,
    pub value: Value,
}

/// `POST /api/v1/hearings/{id}/responses`
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ResponseRequest {
    pub stance: String,
    pub publication: String,
    pub answers: Vec<AnswerDto>,
    /// Comments on sections: `[{"section_id", "text"}]`.
    pub comments: Vec<CommentDto>,
    /// Ids of the organisation's uploads to attach.
    pub attachments: Vec<String>,
    /// Passages to keep confidential.
    pub confidential: Vec<PassageDto>,
}

/// A comment on a section.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CommentDto {
    pub section_id: String,
    pub text: String,
}

/// A confidential passage: `location` is `answer:<question id>` or
/// `comment:<section id>`.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PassageDto {
    pub location: String,
    pub text: String,
    pub reason: String,
}

impl ResponseRequest {
    /// The comments, attachments and confidential passages as typed.
    pub fn parts(&self) -> hearings_core::response_parts::RawParts {
        hearings_core::response_parts::RawParts {
            comments: self
                .comments
                .iter()
                .map(|c| (c.section_id.clone(), c.text.clone()))
                .collect(),
            attachments: self.attachments.clone(),
            confidential: self
                .confidential
                .iter()
                .map(|p| hearings_core::response_parts::RawPassage {
                    location: p.location.clone(),
                    text: p.text.clone(),
                    reason: p.reason.clone(),
                })
                .collect(),
        }
    }
}

/// A JSON value as a raw answer.
pub fn raw_value(v: &Value) -> RawValue {
    match v {
        Value::Null => RawValue::Null,
        Value::Bool(b) => RawValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => RawValue::Integer(i),
            None => RawValue::Number(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => RawValue::Text(s.clone()),
        Value::Array(items) => {
            let strings: Option<Vec<String>> = items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect();
            match strings {
                Some(s) => RawValue::List(s),
                None => RawValue::Number(f64::NAN),
            }
        }
        Value::Object(_) => RawValue::Number(f64::NAN),
    }
}

/// A moment on the wire: RFC 3339 in UTC, with milliseconds.
pub fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn named(lang: Lang, da: &str, en: &str) -> String {
    if lang == Lang::Da { da } else { en }.to_string()
}

pub fn hearing_item(lang: Lang, h: &HearingListItem) -> Value {
    json!({
        "id": h.id.to_string(),
        "kind": h.kind.as_str(),
        "state": h.state.as_str(),
        "title": h.title,
        "summary": h.summary,
        "area": h.area,
        "opens_at": time(h.opens_at),
        "closes_at": h.closes_at.map(time),
        "committee": h.committee.as_ref().map(|c| json!({"id": c.id.to_string(), "name": named(lang, &c.name_da, &c.name_en)})),
        "council_meeting": h.council_meeting.as_ref().map(|m| json!({"date": m.date.to_string(), "agenda_title": m.agenda_title})),
        "areas": h.areas.iter().map(|a| json!({"code": a.code, "name": named(lang, &a.name_da, &a.name_en)})).collect::<Vec<_>>(),
        "topics": h.topics.iter().map(|t| json!({"code": t.code, "name": named(lang, &t.name_da, &t.name_en)})).collect::<Vec<_>>(),
        "contact": h.contact.as_ref().map(|k| json!({"name": k.name, "email": k.email, "phone": k.phone})),
    })
}

/// A warning about a hearing period: a stable `code`, its details, and a
/// `message` in the caller's language.
pub fn warning(lang: Lang, w: &DeadlineWarning) -> Value {
    let mut v = json!({"code": w.code(), "message": lang.warning(w)});
    match w {
        DeadlineWarning::DeadlineOnHoliday { holiday, date } => {
            v["holiday"] = json!(holiday.as_str());
            v["date"] = json!(date.to_string());
        }
        DeadlineWarning::DeadlineInJuly { date } => v["date"] = json!(date.to_string()),
        DeadlineWarning::PeriodOverlapsJuly => {}
    }
    v
}

pub fn hearing_detail(lang: Lang, d: &HearingDetail) -> Value {
    let mut v = hearing_item(lang, &d.hearing);
    v["summary_html"] = json!(hearings_markdown::to_safe_html(&d.hearing.summary));
    v["withdrawn_at"] = json!(d.withdrawn_at.map(time));
    v["withdrawal_reason"] = json!(d.withdrawal_reason);
    v["corrections"] = d
        .corrections
        .iter()
        .map(|k| json!({"at": time(k.at), "fields": k.fields, "note": k.note}))
        .collect();
    v["warnings"] = d.warnings.iter().map(|w| warning(lang, w)).collect();
    v["sections"] = d
        .sections
        .iter()
        .map(|s| json!({"id": s.id.to_string(), "number": s.number, "anchor": format!("s{}", s.number), "heading": s.heading, "body": s.body, "body_html": hearings_markdown::to_safe_html(&s.body)}))
        .collect();
    v["documents"] = d
        .documents
        .iter()
        .map(crate::files::document_json)
        .collect();
    v["questions"] = d
        .questions
        .iter()
        .map(|q| {
            let mut o = json!({
                "id": q.id.to_string(),
                "kind": q.spec.kind.name(),
                "prompt": q.spec.prompt,
                "required": q.spec.required,
                "options": q.spec.kind.options(),
                "help": q.spec.help,
            });
            if let QuestionKind::Number(unit) = &q.spec.kind {
                o["unit"] = json!(unit);
            }
            o
        })
        .collect();
    v
}

pub fn receipt(r: &Receipt) -> Value {
    json!({
        "id": r.id.to_string(),
        "hearing_id": r.hearing.to_string(),
        "reference": r.reference,
        "version": r.version,
        "digest": r.digest,
        "submitted_at": time(r.submitted_at),
    })
}

pub fn response_item(r: &ResponseListItem) -> Value {
    json!({
        "id": r.id.to_string(),
        "reference": r.reference,
        "organisation": r.organisation_name,
        "respondent_type": r.respondent_type,
        "stance": r.stance.as_str(),
        "publication": r.publication.as_str(),
        "industry_section": r.industry_section,
        "size_class": r.size_class,
        "area": r.area,
        "version": r.version,
        "submitted_at": time(r.submitted_at),
    })
}

fn counts(rows: &[(String, i64)]) -> Value {
    Value::Object(rows.iter().map(|(k, n)| (k.clone(), json!(n))).collect())
}

/// The analysis workspace's list filtered to the responses behind a figure.
fn drill(id: HearingId, query: &str) -> String {
    format!("/api/v1/hearings/{id}/analysis?{query}")
}

fn stances(v: &[(hearings_core::Stance, i64)]) -> Value {
    Value::Object(
        v.iter()
            .map(|(s, n)| (s.as_str().to_string(), json!(n)))
            .collect(),
    )
}

pub fn response_rate(r: &ResponseRate) -> Value {
    json!({"invited": r.invited, "responded": r.responded, "percent": r.percent()})
}

pub fn theme_figure(id: HearingId, t: &ThemeView) -> Value {
    json!({
        "id": t.id.to_string(),
        "name": t.theme.name,
        "responses": t.responses,
        "views": t.theme.views,
        "comment": t.theme.comment,
        "change": t.theme.change,
        "responses_href": drill(id, &format!("theme={}", t.id)),
    })
}

/// Every figure of a hearing's summary, each group, value and theme with
/// the link to the responses behind it (the analysis workspace, filtered).
pub fn summary(id: HearingId, s: &Summary) -> Value {
    let breakdowns: serde_json::Map<String, Value> = s
        .breakdowns
        .iter()
        .map(|b| {
            let param = match b.dimension {
                Dimension::RespondentType => "respondent_type",
                Dimension::IndustrySection => "section",
                Dimension::SizeClass => "size",
                Dimension::Area => "area",
            };
            (
                b.dimension.as_str().to_string(),
                json!(
                    b.groups
                        .iter()
                        .map(|g| json!({
                            "group": g.key,
                            "total": g.total,
                            "by_stance": stances(&g.by_stance),
                            "responses_href": drill(id, &format!("{param}={}", g.key)),
                        }))
                        .collect::<Vec<_>>()
                ),
            )
        })
        .collect();
    json!({
        "hearing": id.to_string(),
        "total": s.total,
        "by_stance": counts(&s.by_stance),
        "by_respondent_type": counts(&s.by_respondent_type),
        "by_industry_section": counts(&s.by_industry_section),
        "by_size_class": counts(&s.by_size_class),
        "by_area": counts(&s.by_area),
        "stance_by_group": breakdowns,
        "response_rate": response_rate(&s.response_rate),
        "scales": s.scales.iter().map(|q| json!({
            "question": q.question.to_string(),
            "prompt": q.prompt,
            "answered": q.answered,
            "distribution": Value::Object(q.counts.iter().map(|(v, n)| (v.to_string(), json!(n))).collect()),
            "median": q.median,
            "responses_href": drill(id, &format!("question={}", q.question)),
        })).collect::<Vec<_>>(),
        "numbers": s.numbers.iter().map(|q| json!({
            "question": q.question.to_string(),
            "prompt": q.prompt,
            "unit": q.unit,
            "answered": q.answered,
            "sum": q.sum,
            "median": q.median,
            "responses_href": drill(id, &format!("question={}", q.question)),
        })).collect::<Vec<_>>(),
        "themes": s.themes.iter().map(|t| theme_figure(id, t)).collect::<Vec<_>>(),
    })
}

/// The politicians' briefing: meetings with their hearings' headline figures.
pub fn briefing(groups: &[MeetingGroup]) -> Value {
    json!({
        "meetings": groups.iter().map(|g| json!({
            "date": g.date.to_string(),
            "upcoming": g.upcoming,
            "hearings": g.hearings.iter().map(|b| {
                let id = b.hearing.id;
                json!({
                    "id": id.to_string(),
                    "title": b.hearing.title,
                    "state": b.hearing.state.as_str(),
                    "agenda_title": b.hearing.council_meeting.as_ref().map(|m| m.agenda_title.clone()),
                    "responses": b.responses,
                    "by_stance": stances(&b.by_stance),
                    "response_rate": response_rate(&b.response_rate),
                    "top_themes": b.top_themes.iter().map(|t| theme_figure(id, t)).collect::<Vec<_>>(),
                    "summary_href": format!("/api/v1/hearings/{id}/summary"),
                    "responses_href": format!("/api/v1/hearings/{id}/analysis"),
                })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A JSON text kept by the store, as JSON (or as the text, should it not parse).
fn stored_json(text: Option<&str>) -> Value {
    match text {
        None => Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| json!(t)),
    }
}

pub fn audit_entry(e: &AuditEntry) -> Value {
    json!({
        "id": e.id.to_string(),
        "at": time(e.at),
        "actor_id": e.actor.map(|a| a.to_string()),
        "actor_email": e.actor_email,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "before": stored_json(e.before.as_deref()),
        "after": stored_json(e.after.as_deref()),
    })
}

pub fn audit_page(p: &AuditPage) -> Value {
    json!({
        "items": p.entries.iter().map(audit_entry).collect::<Vec<_>>(),
        "next": p.next.map(|c| c.to_string()),
    })
}
