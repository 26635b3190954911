//! Raw input from either front door, parsed into typed commands or into a
//! list of field errors. Field names are the API's JSON paths
//! (`organisation.cvr`, `questions[0].prompt`, `answers.<question id>`);
//! the HTML front door maps them to its own form fields.

use chrono::{DateTime, Utc};

use crate::cvr::{Cvr, CvrError};
use crate::hearing::{HearingKind, PeriodError};
use crate::hearing_info::{HearingInfo, RawHearingInfo};
use crate::ids::QuestionId;
use crate::organisation::{
    AreaCode, Classification, IndustryCode, IndustryError, ParseEnumError, RespondentType,
    SizeClass,
};
use crate::question::{Answer, AnswerError, QuestionError, QuestionKind, QuestionSpec, RawValue};
use crate::response::{Publication, Stance};
use crate::time::LocalTimeError;

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// Nothing was given.
    #[error("required")]
    Required,
    /// Too long.
    #[error("at most {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Not an e-mail address.
    #[error("not an e-mail address")]
    Email,
    /// The password is too short.
    #[error("at least {min} characters")]
    PasswordTooShort {
        /// The minimum.
        min: usize,
    },
    /// The e-mail address has an account already.
    #[error("e-mail address already registered")]
    EmailTaken,
    /// The CVR number has an organisation already.
    #[error("organisation already registered")]
    CvrTaken,
    /// An organisation's CVR number cannot change once set.
    #[error("the CVR number cannot change")]
    CvrFixed,
    /// Not a Danish postcode (four digits).
    #[error("not a postcode of four digits")]
    Postcode,
    /// The address belongs to a member of the organisation already.
    #[error("already a member")]
    AlreadyMember,
    /// Not a known local area.
    #[error("unknown local area")]
    UnknownArea,
    /// Not a known committee.
    #[error("unknown committee")]
    UnknownCommittee,
    /// Not a known topic.
    #[error("unknown topic")]
    UnknownTopic,
    /// The council meeting is before the hearing's deadline.
    #[error("the council meeting is before the deadline")]
    MeetingBeforeDeadline,
    /// Not a telephone number.
    #[error("not a telephone number")]
    Phone,
    /// A CVR number problem.
    #[error(transparent)]
    Cvr(#[from] CvrError),
    /// An industry code problem.
    #[error(transparent)]
    Industry(#[from] IndustryError),
    /// Not one of the allowed values.
    #[error(transparent)]
    NotOneOf(#[from] ParseEnumError),
    /// A date or time problem.
    #[error(transparent)]
    Time(#[from] LocalTimeError),
    /// A moment that is not RFC 3339.
    #[error("not an RFC 3339 date-time")]
    Timestamp,
    /// A hearing period problem.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// A question problem.
    #[error(transparent)]
    Question(#[from] QuestionError),
    /// An answer problem.
    #[error(transparent)]
    Answer(#[from] AnswerError),
    /// A hearing needs at least one question.
    #[error("at least one question")]
    NoQuestions,
    /// Not a cursor of a list page.
    #[error("not a page cursor")]
    Cursor,
    /// A submission key that is not 1 to 200 visible ASCII characters.
    #[error("not a submission key")]
    SubmissionKey,
    /// A submission key used before for a different submission.
    #[error("submission key used for different content")]
    SubmissionKeyReused,
    /// A published hearing's start has passed, so it cannot move.
    #[error("the start has passed and cannot move")]
    StartPassed,
    /// A published hearing's deadline may only move later.
    #[error("the deadline may only move later")]
    DeadlineEarlier,
    /// The questions cannot change once a response exists.
    #[error("the questions cannot change once a response exists")]
    QuestionsLocked,
    /// A published hearing keeps its kind and its number of sections.
    #[error("cannot change after publication")]
    FixedAfterPublication,
    /// A file that is refused (not a PDF, too large, missing).
    #[error(transparent)]
    File(#[from] crate::files::FileProblem),
    /// Not a section of the hearing's proposal.
    #[error("not a section of this hearing")]
    UnknownSection,
    /// More files than allowed.
    #[error("at most {max} files")]
    TooManyFiles {
        /// The limit.
        max: usize,
    },
    /// More confidential passages than allowed.
    #[error("at most {max} confidential passages")]
    TooManyPassages {
        /// The limit.
        max: usize,
    },
    /// A confidential passage that is not in the answer or comment named.
    #[error("the passage is not in the text named")]
    PassageNotFound,
    /// A confidential passage must name a text answer or a section comment.
    #[error("choose the answer or comment the passage is in")]
    PassageLocation,
    /// A decision dated before the hearing's deadline.
    #[error("the decision is dated before the deadline")]
    DecisionBeforeDeadline,
    /// Not an http or https link.
    #[error("not an http(s) link")]
    Url,
    /// A draft saved meanwhile by someone else (the version is not the one edited).
    #[error("the draft was changed by someone else")]
    DraftChanged,
    /// Not a code for reference data (lowercase `a`–`z`, digits, hyphens).
    #[error(
        "not a code: 2 to 40 lowercase letters a-z, digits and hyphens, starting with a letter"
    )]
    CodeFormat,
    /// Another entry of the reference data has this code.
    #[error("the code is taken")]
    CodeTaken,
    /// Another entry of the reference data has this name.
    #[error("the name is taken")]
    NameTaken,
    /// An entry of the reference data that administrators have retired: it
    /// stays on what uses it but is not offered for new choices.
    #[error("retired: no longer offered")]
    Retired,
    /// A response that is not in the campaign named.
    #[error("not in this campaign")]
    NotInCampaign,
    /// Not a response of this hearing.
    #[error("not a response of this hearing")]
    UnknownResponse,
    /// Not a theme of this hearing.
    #[error("not a theme of this hearing")]
    UnknownTheme,
    /// Nothing was chosen from a list.
    #[error("choose at least one")]
    NoneChosen,
    /// More chosen than one action may change.
    #[error("at most {max} at a time")]
    TooManyChosen {
        /// The limit.
        max: usize,
    },
    /// A bulk action with neither a theme nor an assessment to apply.
    #[error("choose a theme or an assessment")]
    NothingToApply,
}

/// A problem with a named field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field, as a JSON path.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

impl FieldError {
    /// A problem with a field.
    pub fn new(field: impl Into<String>, problem: impl Into<Problem>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Collects field errors while parsing.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Keeps the value, or records the problem under `field`.
    pub fn check<T, E: Into<Problem>>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, e));
                None
            }
        }
    }

    /// Records a problem.
    pub fn push(&mut self, field: impl Into<String>, problem: impl Into<Problem>) {
        self.0.push(FieldError::new(field, problem));
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A required text of at most `max` characters, trimmed.
pub fn required_text(raw: &str, max: usize) -> Result<String, Problem> {
    let t = raw.trim();
    if t.is_empty() {
        Err(Problem::Required)
    } else if t.chars().count() > max {
        Err(Problem::TooLong { max })
    } else {
        Ok(t.to_string())
    }
}

/// An optional text of at most `max` characters, trimmed.
pub fn optional_text(raw: &str, max: usize) -> Result<String, Problem> {
    let t = raw.trim();
    if t.chars().count() > max {
        Err(Problem::TooLong { max })
    } else {
        Ok(t.to_string())
    }
}

/// A plausible e-mail address, lower-cased: one `@`, something before it,
/// a dot in the domain, no spaces, at most 254 characters.
pub fn email(raw: &str) -> Result<String, Problem> {
    let e = raw.trim().to_lowercase();
    if e.is_empty() {
        return Err(Problem::Required);
    }
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok { Ok(e) } else { Err(Problem::Email) }
}

/// The shortest password accepted.
pub const PASSWORD_MIN: usize = 10;

/// A password: at least [`PASSWORD_MIN`] characters, at most 200.
pub fn password(raw: &str) -> Result<String, Problem> {
    let n = raw.chars().count();
    if n == 0 {
        Err(Problem::Required)
    } else if n < PASSWORD_MIN {
        Err(Problem::PasswordTooShort { min: PASSWORD_MIN })
    } else if n > 200 {
        Err(Problem::TooLong { max: 200 })
    } else {
        Ok(raw.to_string())
    }
}

/// An organisation as typed by a registering respondent.
#[derive(Debug, Clone, Default)]
pub struct RawOrganisation {
    /// CVR number (may be empty for a private person).
    pub cvr: String,
    /// Name.
    pub name: String,
    /// `DB07` or `DB25`.
    pub classification: String,
    /// A section letter or a full code.
    pub industry_code: String,
    /// Size class name.
    pub size_class: String,
    /// Local area code.
    pub area: String,
    /// Respondent type name.
    pub respondent_type: String,
}

/// A checked organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganisation {
    /// CVR number; only a private person may lack one.
    pub cvr: Option<Cvr>,
    /// Name.
    pub name: String,
    /// Industry code with its classification.
    pub industry: IndustryCode,
    /// Size class.
    pub size_class: SizeClass,
    /// Local area (its existence is checked by the store).
    pub area: AreaCode,
    /// Respondent type.
    pub respondent_type: RespondentType,
}

/// A registration as typed.
#[derive(Debug, Clone, Default)]
pub struct RawRegistration {
    /// The person's name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
    /// The organisation.
    pub organisation: RawOrganisation,
}

/// A checked registration.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRegistration {
    /// The person's name.
    pub name: String,
    /// E-mail address, lower-cased.
    pub email: String,
    /// Password.
    pub password: String,
    /// The organisation.
    pub organisation: NewOrganisation,
}

impl RawRegistration {
    /// Parses every field, reporting every problem at once.
    pub fn parse(&self) -> Result<NewRegistration, Vec<FieldError>> {
        let mut e = Errors::default();
        let name = e.check("name", required_text(&self.name, 200));
        let email = e.check("email", email(&self.email));
        let password = e.check("password", password(&self.password));
        let o = &self.organisation;
        let respondent_type = e.check(
            "organisation.respondent_type",
            RespondentType::parse(&o.respondent_type),
        );
        let cvr = if o.cvr.trim().is_empty() && respondent_type.is_some_and(|t| !t.requires_cvr()) {
            Some(None)
        } else {
            e.check("organisation.cvr", Cvr::parse(&o.cvr)).map(Some)
        };
        let org_name = e.check("organisation.name", required_text(&o.name, 200));
        let industry = match Classification::parse(&o.classification) {
            Ok(c) => e.check(
                "organisation.industry.code",
                IndustryCode::parse(c, &o.industry_code),
            ),
            Err(err) => {
                e.push("organisation.industry.classification", err);
                None
            }
        };
        let size_class = e.check("organisation.size_class", SizeClass::parse(&o.size_class));
        let area = e.check("organisation.area", AreaCode::parse(&o.area));
        match (
            name,
            email,
            password,
            cvr,
            org_name,
            industry,
            size_class,
            area,
            respondent_type,
        ) {
            (
                Some(name),
                Some(email),
                Some(password),
                Some(cvr),
                Some(oname),
                Some(industry),
                Some(size_class),
                Some(area),
                Some(respondent_type),
            ) if e.is_empty() => Ok(NewRegistration {
                name,
                email,
                password,
                organisation: NewOrganisation {
                    cvr,
                    name: oname,
                    industry,
                    size_class,
                    area,
                    respondent_type,
                },
            }),
            _ => Err(e.0),
        }
    }
}

/// A question as typed by staff.
#[derive(Debug, Clone, Default)]
pub struct RawQuestion {
    /// Kind name.
    pub kind: String,
    /// The question.
    pub prompt: String,
    /// Required?
    pub required: bool,
    /// Options of a choice question.
    pub options: Vec<String>,
    /// Unit of a number question.
    pub unit: Option<String>,
    /// A hint shown under the question.
    pub help: String,
}

/// A numbered section as typed by staff.
#[derive(Debug, Clone, Default)]
pub struct RawSection {
    /// Heading (without the "§ n").
    pub heading: String,
    /// Text.
    pub body: String,
}

/// A hearing as typed by staff. Times are already read by the front door
/// (RFC 3339 on the API, Copenhagen date and time on the pages).
#[derive(Debug, Clone)]
pub struct RawHearing {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Kind name.
    pub kind: String,
    /// Start.
    pub opens_at: Result<DateTime<Utc>, Problem>,
    /// Deadline (`Ok(None)` for none).
    pub closes_at: Result<Option<DateTime<Utc>>, Problem>,
    /// Local area code, if any.
    pub area: Option<String>,
    /// The proposal's sections.
    pub sections: Vec<RawSection>,
    /// The form.
    pub questions: Vec<RawQuestion>,
}

/// A checked section.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSection {
    /// Heading.
    pub heading: String,
    /// Text.
    pub body: String,
}

/// A checked hearing, ready to be kept as a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHearing {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Kind.
    pub kind: HearingKind,
    /// Start.
    pub opens_at: DateTime<Utc>,
    /// Deadline.
    pub closes_at: Option<DateTime<Utc>>,
    /// Local area: the first of `info.areas`, kept for older clients.
    pub area: Option<AreaCode>,
    /// Committee, council meeting, areas, topics and contact.
    pub info: HearingInfo,
    /// Sections, numbered from 1 in this order.
    pub sections: Vec<NewSection>,
    /// Questions, in this order.
    pub questions: Vec<QuestionSpec>,
}

/// The longest title.
pub const TITLE_MAX: usize = 200;
/// The longest summary.
pub const SUMMARY_MAX: usize = 5_000;
/// The longest section text.
pub const SECTION_MAX: usize = 50_000;

impl RawHearing {
    /// Parses every field, reporting every problem at once. Sections and
    /// questions that are wholly blank are skipped.
    pub fn parse(&self) -> Result<NewHearing, Vec<FieldError>> {
        self.parse_with(&RawHearingInfo::default())
    }

    /// [`RawHearing::parse`], with the hearing's particulars (committee,
    /// council meeting, areas, topics, contact); `area` is put first among
    /// the areas.
    pub fn parse_with(&self, info: &RawHearingInfo) -> Result<NewHearing, Vec<FieldError>> {
        let mut e = Errors::default();
        let title = e.check("title", required_text(&self.title, TITLE_MAX));
        let summary = e.check("summary", required_text(&self.summary, SUMMARY_MAX));
        let kind = e.check("kind", HearingKind::parse(&self.kind));
        let opens_at = e.check("opens_at", self.opens_at.clone());
        let closes_at = e.check("closes_at", self.closes_at.clone());
        if let (Some(kind), Some(opens), Some(closes)) = (kind, opens_at, closes_at) {
            e.check("closes_at", kind.check_period(opens, closes));
        }
        let info = info.parse_into(&mut e, self.area.as_deref(), closes_at.flatten());
        let area = Some(info.areas.first().cloned());
        let mut sections = Vec::new();
        for (i, s) in self.sections.iter().enumerate() {
            if s.heading.trim().is_empty() && s.body.trim().is_empty() {
                continue;
            }
            let heading = e.check(
                &format!("sections[{i}].heading"),
                required_text(&s.heading, TITLE_MAX),
            );
            let body = e.check(
                &format!("sections[{i}].body"),
                optional_text(&s.body, SECTION_MAX),
            );
            if let (Some(heading), Some(body)) = (heading, body) {
                sections.push(NewSection { heading, body });
            }
        }
        let questions = questions_into(&mut e, &self.questions);
        match (title, summary, kind, opens_at, closes_at, area) {
            (
                Some(title),
                Some(summary),
                Some(kind),
                Some(opens_at),
                Some(closes_at),
                Some(area),
            ) if e.is_empty() => Ok(NewHearing {
                title,
                summary,
                kind,
                opens_at,
                closes_at,
                area,
                info,
                sections,
                questions,
            }),
            _ => Err(e.0),
        }
    }
}

/// Checks a form's questions, collecting every problem; blank rows are
/// skipped, and at least one question is needed.
fn questions_into(e: &mut Errors, raw: &[RawQuestion]) -> Vec<QuestionSpec> {
    let mut questions = Vec::new();
    for (i, q) in raw.iter().enumerate() {
        if q.prompt.trim().is_empty()
            && q.help.trim().is_empty()
            && q.options.iter().all(|o| o.trim().is_empty())
        {
            continue;
        }
        let kind = e.check(
            &format!("questions[{i}].kind"),
            QuestionKind::build(&q.kind, &q.options, q.unit.as_deref()),
        );
        if let Some(kind) = kind
            && let Some(spec) = e.check(
                &format!("questions[{i}].prompt"),
                QuestionSpec::new(kind, &q.prompt, q.required),
            )
            && let Some(spec) = e.check(&format!("questions[{i}].help"), spec.with_help(&q.help))
        {
            questions.push(spec);
        }
    }
    if questions.is_empty() && !e.0.iter().any(|f| f.field.starts_with("questions")) {
        e.push("questions", Problem::NoQuestions);
    }
    questions
}

/// Checks only the questions of a hearing's form (for a preview of the
/// form before the rest is filled in); fields as in [`RawHearing::parse`].
pub fn parse_questions(raw: &[RawQuestion]) -> Result<Vec<QuestionSpec>, Vec<FieldError>> {
    let mut e = Errors::default();
    let questions = questions_into(&mut e, raw);
    if e.is_empty() {
        Ok(questions)
    } else {
        Err(e.0)
    }
}

/// The longest public reason for withdrawing a hearing.
pub const WITHDRAWAL_REASON_MAX: usize = 2_000;

/// A checked withdrawal of a hearing: the reason is shown to the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// Why, in 1 to [`WITHDRAWAL_REASON_MAX`] characters, trimmed.
    pub reason: String,
}

impl Withdrawal {
    /// Parses the reason as typed; the field is `reason`.
    pub fn parse(reason: &str) -> Result<Self, Vec<FieldError>> {
        required_text(reason, WITHDRAWAL_REASON_MAX)
            .map(|reason| Withdrawal { reason })
            .map_err(|p| vec![FieldError::new("reason", p)])
    }
}

/// An answer as it arrived.
#[derive(Debug, Clone)]
pub enum AnswerInput {
    /// A JSON value from the API.
    Json(RawValue),
    /// The values of a form field from the pages.
    Form(Vec<String>),
}

/// A checked response (the organisation and time are added by the store).
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    /// Overall stance.
    pub stance: Stance,
    /// Publication choice.
    pub publication: Publication,
    /// Answers, in question order; blank optional questions are left out.
    pub answers: Vec<(QuestionId, Answer)>,
    /// Comments on sections, attachments and confidential passages.
    pub parts: crate::response_parts::Parts,
}

/// Parses a response against the hearing's questions. `answers` maps
/// question ids to what arrived; an answer to an unknown question is refused.
pub fn parse_response(
    questions: &[(QuestionId, QuestionSpec)],
    stance: &str,
    publication: &str,
    answers: &[(QuestionId, AnswerInput)],
) -> Result<NewResponse, Vec<FieldError>> {
    parse_response_with(
        questions,
        &[],
        stance,
        publication,
        answers,
        &crate::response_parts::RawParts::default(),
    )
}

/// [`parse_response`] with the parts beyond the answers: comments on the
/// hearing's `sections`, attachments and confidential passages (see
/// [`crate::response_parts::parse_parts`]).
pub fn parse_response_with(
    questions: &[(QuestionId, QuestionSpec)],
    sections: &[crate::SectionId],
    stance: &str,
    publication: &str,
    answers: &[(QuestionId, AnswerInput)],
    parts: &crate::response_parts::RawParts,
) -> Result<NewResponse, Vec<FieldError>> {
    let mut e = Errors::default();
    let stance = e.check(
        "stance",
        if stance.trim().is_empty() {
            Err(Problem::Required)
        } else {
            Stance::parse(stance).map_err(Problem::from)
        },
    );
    let publication = e.check(
        "publication",
        if publication.trim().is_empty() {
            Err(Problem::Required)
        } else {
            Publication::parse(publication).map_err(Problem::from)
        },
    );
    for (id, _) in answers {
        if !questions.iter().any(|(q, _)| q == id) {
            e.push(
                format!("answers.{id}"),
                Problem::Answer(AnswerError::WrongType {
                    expected: "a question of this hearing",
                }),
            );
        }
    }
    let mut checked = Vec::new();
    for (id, spec) in questions {
        let given = answers.iter().find(|(q, _)| q == id).map(|(_, a)| a);
        let result = match given {
            None => spec.answer(None),
            Some(AnswerInput::Json(v)) => spec.answer(Some(v)),
            Some(AnswerInput::Form(values)) => {
                let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                spec.answer_form(&refs)
            }
        };
        if let Some(Some(answer)) = e.check(&format!("answers.{id}"), result) {
            checked.push((*id, answer));
        }
    }
    let parts = crate::response_parts::parse_parts(&mut e, sections, &checked, parts);
    match (stance, publication) {
        (Some(stance), Some(publication)) if e.is_empty() => Ok(NewResponse {
            stance,
            publication,
            answers: checked,
            parts,
        }),
        _ => Err(e.0),
    }
}

/// A submission key (the API's `Idempotency-Key`, or the key a response
/// form carries): 1 to 200 visible ASCII characters.
pub fn submission_key(raw: &str) -> Result<String, Problem> {
    let k = raw.trim();
    if !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(k.to_string())
    } else {
        Err(Problem::SubmissionKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_copenhagen;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn registration() -> RawRegistration {
        RawRegistration {
            name: "Anna Bager".into(),
            email: " Anna@Bageri.Example ".into(),
            password: "korrekt-hest-batteri".into(),
            organisation: RawOrganisation {
                cvr: "13748136".into(),
                name: "Bageriet (fiktiv)".into(),
                classification: "DB25".into(),
                industry_code: "G".into(),
                size_class: "micro".into(),
                area: "bymidten".into(),
                respondent_type: "company".into(),
            },
        }
    }

    #[test]
    fn a_good_registration_parses_with_the_email_lowercased() {
        let r = registration().parse().unwrap();
        assert_eq!(r.email, "anna@bageri.example");
        assert_eq!(r.organisation.cvr.map(|c| c.value()), Some(13_748_136));
    }

    #[test]
    fn every_bad_field_of_a_registration_is_reported_at_once() {
        let mut raw = registration();
        raw.email = "anna".into();
        raw.password = "kort".into();
        raw.organisation.cvr = "12345678".into();
        raw.organisation.size_class = "giant".into();
        let fields: Vec<String> = raw
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "email",
                "password",
                "organisation.cvr",
                "organisation.size_class"
            ]
        );
    }

    #[test]
    fn a_private_person_needs_no_cvr_but_a_company_does() {
        let mut raw = registration();
        raw.organisation.cvr = "".into();
        assert!(raw.parse().is_err());
        raw.organisation.respondent_type = "private_person".into();
        assert_eq!(raw.parse().unwrap().organisation.cvr, None);
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(email("a@b.dk").is_ok());
        for bad in [
            "", "a", "a@b", "@b.dk", "a b@c.dk", "a@b@c.dk", "a@.dk", "a@dk.",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    fn hearing() -> RawHearing {
        RawHearing {
            title: "Lokalplanforslag 123".into(),
            summary: "Butikker i stueetagen".into(),
            kind: "lokalplanforslag".into(),
            opens_at: Ok(from_copenhagen("2026-01-05", "09:00").unwrap()),
            closes_at: Ok(Some(from_copenhagen("2026-02-02", "09:00").unwrap())),
            area: Some("bymidten".into()),
            sections: vec![
                RawSection {
                    heading: "Formål".into(),
                    body: "Tekst".into(),
                },
                RawSection::default(),
            ],
            questions: vec![
                RawQuestion {
                    kind: "single_choice".into(),
                    prompt: "Hvad?".into(),
                    required: true,
                    options: vec!["A".into(), "B".into()],
                    unit: None,
                    help: String::new(),
                },
                RawQuestion::default(),
            ],
        }
    }

    #[test]
    fn a_good_hearing_parses_and_blank_rows_are_skipped() {
        let h = hearing().parse().unwrap();
        assert_eq!((h.sections.len(), h.questions.len()), (1, 1));
    }

    #[test]
    fn a_too_short_period_is_reported_on_the_deadline_with_the_minimum() {
        let mut raw = hearing();
        raw.closes_at = Ok(Some(from_copenhagen("2026-01-20", "09:00").unwrap()));
        let errs = raw.parse().unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "closes_at");
        assert!(matches!(
            errs[0].problem,
            Problem::Period(PeriodError::TooShort {
                minimum_weeks: 4,
                ..
            })
        ));
    }

    #[test]
    fn a_hearing_without_questions_or_with_a_bad_question_is_refused() {
        let mut raw = hearing();
        raw.questions = vec![];
        assert_eq!(raw.parse().unwrap_err()[0].problem, Problem::NoQuestions);
        let mut raw = hearing();
        raw.questions[0].options = vec!["A".into()];
        assert_eq!(raw.parse().unwrap_err()[0].field, "questions[0].kind");
    }

    fn questions() -> Vec<(QuestionId, QuestionSpec)> {
        vec![
            (
                QuestionId(Uuid::from_u128(1)),
                QuestionSpec::new(QuestionKind::Scale, "Hvor enig?", true).unwrap(),
            ),
            (
                QuestionId(Uuid::from_u128(2)),
                QuestionSpec::new(QuestionKind::LongText, "Kommentar", false).unwrap(),
            ),
        ]
    }

    #[test]
    fn a_response_is_checked_question_by_question() {
        let q = questions();
        let ok = parse_response(
            &q,
            "supports",
            "named",
            &[(q[0].0, AnswerInput::Json(RawValue::Integer(4)))],
        )
        .unwrap();
        assert_eq!(ok.answers, vec![(q[0].0, Answer::Scale(4))]);
        let errs = parse_response(
            &q,
            "",
            "named",
            &[(q[1].0, AnswerInput::Form(vec!["hej".into()]))],
        )
        .unwrap_err();
        let fields: Vec<String> = errs.into_iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            vec!["stance".to_string(), format!("answers.{}", q[0].0)]
        );
    }

    #[test]
    fn an_answer_to_a_question_of_another_hearing_is_refused() {
        let q = questions();
        let stranger = QuestionId(Uuid::from_u128(99));
        let errs = parse_response(
            &q,
            "neutral",
            "anonymous",
            &[
                (q[0].0, AnswerInput::Json(RawValue::Integer(3))),
                (stranger, AnswerInput::Json(RawValue::Integer(3))),
            ],
        )
        .unwrap_err();
        assert_eq!(errs[0].field, format!("answers.{stranger}"));
    }

    #[test]
    fn a_withdrawal_needs_a_reason_of_at_most_two_thousand_characters() {
        assert_eq!(
            Withdrawal::parse("  Forslaget er trukket af udvalget.  "),
            Ok(Withdrawal {
                reason: "Forslaget er trukket af udvalget.".into()
            })
        );
        let errs = Withdrawal::parse("   ").unwrap_err();
        assert_eq!(
            (errs[0].field.as_str(), &errs[0].problem),
            ("reason", &Problem::Required)
        );
        assert!(Withdrawal::parse(&"æ".repeat(2_000)).is_ok());
        assert_eq!(
            Withdrawal::parse(&"æ".repeat(2_001)).unwrap_err()[0].problem,
            Problem::TooLong { max: 2_000 }
        );
    }

    proptest! {
        #[test]
        fn email_parse_never_panics(s in "\\PC*") {
            let _ = email(&s);
        }

        #[test]
        fn registration_parse_never_panics(cvr in "\\PC*", code in "\\PC*", kind in "\\PC*") {
            let mut raw = registration();
            raw.organisation.cvr = cvr;
            raw.organisation.industry_code = code;
            raw.organisation.respondent_type = kind;
            let _ = raw.parse();
        }
    }
}
