//! Demo data: Glostrup-flavoured hearings and clearly fictitious
//! organisations, loaded into an empty database.

use chrono::{DateTime, Duration, Utc};
use hearings_core::hearing_info::RawHearingInfo;
use hearings_core::input::{
    AnswerInput, NewOrganisation, NewRegistration, RawHearing, RawQuestion, RawSection,
};
use hearings_core::{
    AreaCode, Classification, Cvr, HearingId, IndustryCode, QuestionKind, RawValue, RespondentType,
    Role, SizeClass,
};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::demo_content::{self, DemoHearing};
use crate::entity::{committee, hearing};
use crate::{Account, Store, StoreError};

/// A demo account and its password, printed at start.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Role.
    pub role: Role,
    /// E-mail address.
    pub email: &'static str,
    /// Password.
    pub password: &'static str,
}

/// The demo accounts.
pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        role: Role::Staff,
        email: "sekretariat@glostrup.example",
        password: "Demo-Sekretariat-1",
    },
    DemoAccount {
        role: Role::Politician,
        email: "politiker@glostrup.example",
        password: "Demo-Politiker-1",
    },
    DemoAccount {
        role: Role::Admin,
        email: "admin@glostrup.example",
        password: "Demo-Admin-1",
    },
    DemoAccount {
        role: Role::Respondent,
        email: "virksomhed@bageri.example",
        password: "Demo-Virksomhed-1",
    },
];

fn internal<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Internal(format!("demo data: {e}"))
}

fn demo_cvr(prefix: u32) -> Result<Cvr, StoreError> {
    (prefix..prefix + 20)
        .find_map(|p| Cvr::check_digit_for(p).map(|c| p * 10 + c))
        .ok_or_else(|| internal("no CVR check digit"))
        .and_then(|n| Cvr::parse(&n.to_string()).map_err(internal))
}

/// `days` from `now`, at a Copenhagen wall-clock time (deadlines at noon, starts at 8).
fn at_local(now: DateTime<Utc>, days: i64, time: &str) -> DateTime<Utc> {
    let day = hearings_core::time::in_copenhagen(now + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string();
    hearings_core::time::from_copenhagen(&day, time).unwrap_or(now + Duration::days(days))
}

/// A demo hearing's particulars: its committee is set afterwards by name.
fn raw_info(h: &DemoHearing, now: DateTime<Utc>) -> RawHearingInfo {
    let Some(p) = demo_content::PARTICULARS.iter().find(|p| p.key == h.key) else {
        return RawHearingInfo::default();
    };
    let meeting = match (p.council_meeting, h.closes_days_from_now) {
        (Some((after, title)), Some(closes)) => Some((
            hearings_core::time::in_copenhagen(at_local(now, closes + after, "12:00"))
                .format("%Y-%m-%d")
                .to_string(),
            title.to_string(),
        )),
        _ => None,
    };
    let (date, title) = meeting.unwrap_or_default();
    RawHearingInfo {
        committee: String::new(),
        council_meeting_date: date,
        council_meeting_agenda_title: title,
        areas: p.more_areas.iter().map(|a| a.to_string()).collect(),
        topics: p.topics.iter().map(|t| t.to_string()).collect(),
        contact_name: demo_content::CONTACT.0.into(),
        contact_email: demo_content::CONTACT.1.into(),
        contact_phone: String::new(),
    }
}

fn raw_hearing(h: &DemoHearing, now: DateTime<Utc>) -> RawHearing {
    RawHearing {
        title: h.title.to_string(),
        summary: h.summary.to_string(),
        kind: h.kind.to_string(),
        opens_at: Ok(at_local(now, h.opens_days_from_now, "08:00")),
        closes_at: Ok(h.closes_days_from_now.map(|d| at_local(now, d, "12:00"))),
        area: Some(h.area.to_string()),
        sections: h
            .sections
            .iter()
            .map(|s| RawSection {
                heading: s.heading.into(),
                body: s.body.into(),
            })
            .collect(),
        questions: h
            .questions
            .iter()
            .map(|q| RawQuestion {
                kind: q.kind.into(),
                prompt: q.prompt.into(),
                required: q.required,
                options: q.options.iter().map(|o| o.to_string()).collect(),
                unit: q.unit.map(str::to_string),
                help: q.help.to_string(),
            })
            .collect(),
    }
}

impl Store {
    /// Loads the demo data (accounts, organisations, four hearings, and the
    /// responses to the closed policy hearing). Times are set around `now`.
    pub async fn load_demo(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut staff = None;
        for a in ACCOUNTS.iter().filter(|a| a.role != Role::Respondent) {
            let name = match a.role {
                Role::Staff => "Sekretariatet (demo)",
                Role::Politician => "Politiker (demo)",
                _ => "Administrator (demo)",
            };
            let id = self
                .create_user(a.email, name, a.password, a.role, now)
                .await?;
            if a.role == Role::Staff {
                staff = Some(id);
            }
        }
        let staff = self
            .account(staff.ok_or_else(|| internal("no staff account"))?)
            .await?;

        // The organisations; the first is the demo respondent's bakery.
        let mut respondents: Vec<Account> = Vec::new();
        // The other organisations' contacts cannot sign in: they share one hash of a password nobody knows.
        let unusable = crate::accounts::hash_password(&crate::accounts::new_token())?;
        for (i, o) in demo_content::ORGANISATIONS.iter().enumerate() {
            let classification = Classification::parse(o.classification).map_err(internal)?;
            let respondent_type = RespondentType::parse(o.respondent_type).map_err(internal)?;
            let org = NewOrganisation {
                cvr: if respondent_type != RespondentType::PrivatePerson {
                    Some(demo_cvr(o.cvr_prefix)?)
                } else {
                    None
                },
                name: o.name.to_string(),
                industry: IndustryCode::parse(classification, &o.section.to_string())
                    .map_err(internal)?,
                size_class: SizeClass::parse(o.size_class).map_err(internal)?,
                area: AreaCode::parse(o.area).map_err(internal)?,
                respondent_type,
            };
            let name = format!("Kontaktperson {} (demo)", i + 1);
            let account = match ACCOUNTS.iter().find(|a| a.role == Role::Respondent) {
                Some(a) if i == 0 => {
                    let reg = NewRegistration {
                        name,
                        email: a.email.into(),
                        password: a.password.into(),
                        organisation: org,
                    };
                    self.register(reg, now).await?
                }
                _ => {
                    let reg = NewRegistration {
                        name,
                        email: format!("kontakt{i}@demo-virksomhed.example"),
                        password: String::new(),
                        organisation: org,
                    };
                    self.register_hashed(reg, unusable.clone(), now).await?
                }
            };
            respondents.push(account);
        }

        for h in demo_content::HEARINGS {
            let new = raw_hearing(h, now)
                .parse_with(&raw_info(h, now))
                .map_err(|e| internal(format!("{}: {e:?}", h.key)))?;
            let id = self.create_hearing(&staff, new, now).await?;
            self.set_committee(id, h.committee).await?;
            self.publish_hearing(&staff, id, now).await?;
            if h.key == "policy" {
                self.answer_policy(&respondents, id, h, now).await?;
                // The campaigns among its responses, as suggestions to confirm.
                self.detect_campaigns(&staff, id, now).await?;
            }
        }
        Ok(())
    }

    async fn set_committee(&self, id: HearingId, name_da: &str) -> Result<(), StoreError> {
        let found = committee::Entity::find()
            .filter(committee::Column::NameDa.eq(name_da))
            .one(&self.db)
            .await?;
        if let Some(c) = found {
            hearing::Entity::update_many()
                .col_expr(
                    hearing::Column::CommitteeId,
                    sea_orm::sea_query::Expr::value(c.id),
                )
                .filter(hearing::Column::Id.eq(id.0))
                .exec(&self.db)
                .await?;
        }
        Ok(())
    }

    /// The responses to the policy hearing, given while it was open.
    async fn answer_policy(
        &self,
        respondents: &[Account],
        id: HearingId,
        h: &DemoHearing,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let questions = self.questions(id).await?;
        // Make the hearing open for a moment in the past, as it was.
        let opened = at_local(now, h.opens_days_from_now, "08:00");
        let closes = h
            .closes_days_from_now
            .map(|d| at_local(now, d, "12:00"))
            .ok_or_else(|| internal("policy has no deadline"))?;
        for (i, (account, answer)) in respondents
            .iter()
            .zip(demo_content::POLICY_RESPONSES)
            .enumerate()
        {
            let at = opened
                + (closes - opened) * (i as i32 + 1)
                    / (demo_content::POLICY_RESPONSES.len() as i32 + 2);
            let mut answers = Vec::new();
            for q in &questions {
                let value = match &q.spec.kind {
                    QuestionKind::Scale => Some(RawValue::Integer(match answer.stance {
                        "supports" => 5 - (i as i64 % 2),
                        "supports_with_changes" => 3 + (i as i64 % 2),
                        "neutral" => 3,
                        _ => 1 + (i as i64 % 2),
                    })),
                    QuestionKind::MultipleChoice(options) => Some(RawValue::List(
                        options
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| (i + j) % 3 != 0)
                            .map(|(_, o)| o.clone())
                            .collect(),
                    )),
                    QuestionKind::LongText | QuestionKind::ShortText => {
                        Some(RawValue::Text(answer.text.to_string()))
                    }
                    QuestionKind::Number(_) => {
                        Some(RawValue::Integer([3, 8, 25, 120, 4, 15][i % 6]))
                    }
                    QuestionKind::SingleChoice(options) => options
                        .get(i % options.len())
                        .map(|o| RawValue::Text(o.clone())),
                    QuestionKind::YesNo => Some(RawValue::Bool(i % 2 == 0)),
                    // The demo's responses attach no files.
                    QuestionKind::File => None,
                };
                if let Some(v) = value {
                    answers.push((q.id, AnswerInput::Json(v)));
                }
            }
            // Fictitious respondents: no receipt e-mails.
            let parts = hearings_core::response_parts::RawParts::default();
            let sub = crate::Submission {
                stance: answer.stance,
                publication: answer.publication,
                answers: &answers,
                parts: &parts,
                expect_draft: None,
            };
            self.submit(account, id, &sub, at, crate::responses::Mode::Quiet, None)
                .await?;
        }
        Ok(())
    }
}
