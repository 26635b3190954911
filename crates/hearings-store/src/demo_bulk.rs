//! A closed hearing with any number of fictitious responses, for measuring
//! the summary (`hearings demo --responses N`). The organisations,
//! responses, answers and versions are written in batches of multi-row
//! inserts, one transaction per batch, so memory stays flat whatever N is.
//! The values are spread deterministically (a hash of each response's
//! number) over respondent types, industry sections, size classes, areas,
//! stances, scale values and numbers, so two runs make the same figures.

use chrono::{DateTime, Duration, Utc};
use hearings_core::input::{RawHearing, RawQuestion, RawSection};
use hearings_core::{Cvr, HearingId, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use crate::entity::{answer, invitation, organisation, response, response_version};
use crate::{Store, StoreError};

/// Responses written per transaction.
pub const BULK_BATCH: usize = 1_000;

/// What [`Store::demo_bulk`] made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkDemo {
    /// The closed hearing.
    pub hearing: HearingId,
    /// Its responses.
    pub responses: u64,
}

const TYPES: [&str; 5] = [
    "company",
    "company",
    "company",
    "business_association",
    "other_organisation",
];
const SECTIONS: [(&str, &str); 6] = [
    ("47.24", "G"),
    ("10.71", "C"),
    ("41.20", "F"),
    ("62.01", "K"),
    ("56.10", "I"),
    ("69.20", "N"),
];
const SIZES: [&str; 4] = ["micro", "small", "medium", "large"];
const AREAS: [&str; 6] = [
    "bymidten",
    "ejby",
    "sydvest",
    "hvissinge",
    "kirkebjerg",
    "hele-kommunen",
];
const STANCES: [&str; 4] = ["supports", "supports_with_changes", "neutral", "opposes"];
/// The text answers: four form letters of a dozen words or more, so that
/// finding campaigns groups them.
const TEXTS: [&str; 4] = [
    "Vi ønsker bedre parkering ved butikkerne, så vores kunder fortsat kan handle i bymidten.",
    "Flere og bredere cykelstier vil gavne vores kunder og medarbejdere, der cykler til og fra arbejde.",
    "Byggeriet bør ikke forsinke leverancer til virksomhederne, og vejene skal holdes åbne for lastbiler hele dagen.",
    "Vi støtter forslaget, men ønsker en løbende dialog med kommunen om støj fra byggepladsen i anlægsperioden.",
];

/// A 64-bit hash of a number (splitmix64): the same spread every run.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn pick<T: Copy>(items: &[T], h: u64) -> T {
    items[(h % items.len() as u64) as usize]
}

/// The valid CVR numbers from a seven-digit start up (about nine in ten
/// starts have a check digit; the others are skipped).
struct Cvrs(u32);

impl Iterator for Cvrs {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        while self.0 < 9_999_999 {
            let p = self.0;
            self.0 += 1;
            if let Some(c) = Cvr::check_digit_for(p) {
                return Some(format!("{}", p * 10 + c));
            }
        }
        None
    }
}

fn internal<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Internal(e.to_string())
}

impl Store {
    /// Makes a closed hearing (policy, decided at a council meeting 14
    /// days after `now`) with `n` responses from as many new fictitious
    /// organisations, each answering a scale question, two number questions
    /// (cost in DKK, jobs) and a text question; one organisation in ten is
    /// on the hearing list, with one address in forty that never answers.
    /// `progress` is told the
    /// number of responses written after each batch.
    pub async fn demo_bulk(
        &self,
        n: u64,
        now: DateTime<Utc>,
        mut progress: impl FnMut(u64),
    ) -> Result<BulkDemo, StoreError> {
        let run = Uuid::new_v4().simple().to_string();
        let staff_id = self
            .create_user(
                &format!("bulk-{}@demo.example", &run[..8]),
                "Masseprøve (fiktiv)",
                &format!("masse-{run}"),
                Role::Staff,
                now,
            )
            .await?;
        let staff = self.account(staff_id).await?;
        let question = |kind: &str, prompt: &str, unit: Option<&str>| RawQuestion {
            kind: kind.into(),
            prompt: prompt.into(),
            required: kind == "scale",
            options: vec![],
            unit: unit.map(str::to_string),
            help: String::new(),
        };
        let meeting = hearings_core::time::in_copenhagen(now + Duration::days(14))
            .date_naive()
            .to_string();
        let raw = RawHearing {
            title: format!("Masseprøve med {n} høringssvar (fiktiv)"),
            summary: "En lukket høring med mange fiktive høringssvar til måling af opgørelsen."
                .into(),
            kind: "policy".into(),
            opens_at: Ok(now - Duration::days(35)),
            closes_at: Ok(Some(now - Duration::days(7))),
            area: Some("hele-kommunen".into()),
            sections: vec![RawSection {
                heading: "Formål".into(),
                body: "Forslaget til måling.".into(),
            }],
            questions: vec![
                question("scale", "Hvor enig er I i forslaget?", None),
                question(
                    "number",
                    "Forventede omkostninger for virksomheden",
                    Some("kr."),
                ),
                question("number", "Berørte arbejdspladser", Some("job")),
                question("long_text", "Bemærkninger", None),
            ],
        };
        let info = hearings_core::hearing_info::RawHearingInfo {
            council_meeting_date: meeting,
            council_meeting_agenda_title: "Masseprøve – beslutning".into(),
            ..Default::default()
        };
        let new = raw
            .parse_with(&info)
            .map_err(|e| internal(format!("{e:?}")))?;
        let created = now - Duration::days(36);
        let id = self.create_hearing(&staff, new, created).await?;
        self.publish_hearing(&staff, id, created).await?;
        let questions = self.questions(id).await?;
        let [scale, cost, jobs, text] = [0, 1, 2, 3].map(|i| questions[i].id.0);
        // CVR numbers above every one in use, so a second run never collides.
        let highest: Option<Option<String>> = organisation::Entity::find()
            .select_only()
            .column_as(organisation::Column::Cvr.max(), "max")
            .into_tuple()
            .one(&self.db)
            .await?;
        let start = highest
            .flatten()
            .and_then(|c| c.parse::<u32>().ok())
            .map_or(2_000_000, |c| (c / 10 + 1).max(2_000_000));
        let mut cvrs = Cvrs(start);
        let mut written = 0u64;
        let opened = now - Duration::days(35);
        while written < n {
            let batch = (n - written).min(BULK_BATCH as u64);
            let mut orgs = Vec::with_capacity(batch as usize);
            let mut responses = Vec::with_capacity(batch as usize);
            let mut answers = Vec::with_capacity(batch as usize * 4);
            let mut versions = Vec::with_capacity(batch as usize);
            let mut invitations = Vec::new();
            for i in written..written + batch {
                let h = mix(i);
                let org_id = Uuid::new_v4();
                let response_id = Uuid::new_v4();
                let rtype = pick(&TYPES, h);
                let (code, section) = pick(&SECTIONS, h >> 8);
                let size = pick(&SIZES, h >> 16);
                let area = pick(&AREAS, h >> 24);
                let stance = pick(&STANCES, h >> 32);
                let cvr = if rtype == "company" {
                    Some(cvrs.next().ok_or_else(|| internal("out of CVR numbers"))?)
                } else {
                    None
                };
                let at = opened + Duration::seconds((i % 2_000_000) as i64);
                orgs.push(organisation::ActiveModel {
                    id: Set(org_id),
                    cvr: Set(cvr),
                    name: Set(format!("Masseprøve {i} ApS (fiktiv)")),
                    industry_classification: Set("DB25".into()),
                    industry_code: Set(code.into()),
                    industry_section: Set(section.into()),
                    size_class: Set(size.into()),
                    area_code: Set(area.into()),
                    respondent_type: Set(rtype.into()),
                    created_at: Set(at),
                    source: Set("imported".into()),
                    email: Set(None),
                    address: Set(None),
                    postcode: Set(None),
                    employees: Set(None),
                    updated_at: Set(None),
                    town: Set(None),
                });
                // One in ten is on the hearing list; so is one address in
                // forty that never answers.
                let invite = |org: Option<Uuid>, email: String| invitation::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    hearing_id: Set(id.0),
                    organisation_id: Set(org),
                    email: Set(email),
                    invited_at: Set(opened),
                    invited_by: Set(Some(staff.id.0)),
                    reminded_at: Set(None),
                };
                if i.is_multiple_of(10) {
                    invitations.push(invite(
                        Some(org_id),
                        format!("kontakt{i}@masseproeve.example"),
                    ));
                }
                if i.is_multiple_of(40) {
                    invitations.push(invite(None, format!("ingen{i}@masseproeve.example")));
                }
                // Numbered within the run ("GLO-M<run>-<n>"), so a million
                // references never collide, nor meet a real one (GLO-XXXX-XXXX).
                let reference = format!("GLO-M{}-{i:07}", &run[..6].to_uppercase());
                let scale_value = 1 + ((h >> 40) % 5) as i64;
                let cost_value = ((h >> 12) % 2_000_000) as f64 / 4.0;
                let jobs_value = ((h >> 44) % 50) as f64;
                let comment = pick(&TEXTS, h >> 48);
                let content = json!({
                    "hearing": id.0, "organisation": org_id, "reference": reference,
                    "version": 1, "stance": stance, "publication": "named",
                    "answers": [
                        {"question": scale, "value": scale_value},
                        {"question": cost, "value": cost_value},
                        {"question": jobs, "value": jobs_value},
                        {"question": text, "value": comment},
                    ],
                })
                .to_string();
                let digest =
                    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(content.as_bytes()));
                responses.push(response::ActiveModel {
                    id: Set(response_id),
                    hearing_id: Set(id.0),
                    organisation_id: Set(org_id),
                    reference: Set(reference),
                    version: Set(1),
                    stance: Set(stance.into()),
                    publication: Set("named".into()),
                    digest: Set(digest.clone()),
                    submitted_by: Set(staff.id.0),
                    submitted_at: Set(at),
                    first_submitted_at: Set(at),
                    respondent_type: Set(rtype.into()),
                    industry_section: Set(section.into()),
                    size_class: Set(size.into()),
                    area_code: Set(area.into()),
                });
                for (q, v) in [
                    (scale, json!(scale_value)),
                    (cost, json!(cost_value)),
                    (jobs, json!(jobs_value)),
                    (text, json!(comment)),
                ] {
                    answers.push(answer::ActiveModel {
                        response_id: Set(response_id),
                        question_id: Set(q),
                        value: Set(v.to_string()),
                    });
                }
                versions.push(response_version::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    response_id: Set(response_id),
                    version: Set(1),
                    content: Set(content),
                    digest: Set(digest),
                    submitted_by: Set(staff.id.0),
                    submitted_at: Set(at),
                });
            }
            let txn = self.begin_write().await?;
            organisation::Entity::insert_many(orgs)
                .exec_without_returning(&txn)
                .await?;
            response::Entity::insert_many(responses)
                .exec_without_returning(&txn)
                .await?;
            // Four answers a response: in two statements, to stay within
            // SQLite's limit of bound values per statement.
            let rest = answers.split_off(answers.len() / 2);
            answer::Entity::insert_many(answers)
                .exec_without_returning(&txn)
                .await?;
            answer::Entity::insert_many(rest)
                .exec_without_returning(&txn)
                .await?;
            response_version::Entity::insert_many(versions)
                .exec_without_returning(&txn)
                .await?;
            if !invitations.is_empty() {
                invitation::Entity::insert_many(invitations)
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            written += batch;
            progress(written);
        }
        tracing::info!(hearing_id = %id, responses = n, "bulk demo hearing made");
        Ok(BulkDemo {
            hearing: id,
            responses: n,
        })
    }
}
