//! sea-orm entities: the rows as kept. They never leave this crate.

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}
        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod area {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "areas")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_da: String,
        pub name_en: String,
        pub position: i32,
        pub retired_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod committee {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "committees")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name_da: String,
        pub name_en: String,
        pub position: i32,
        pub retired_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod topic {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "topics")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub name_da: String,
        pub name_en: String,
        pub position: i32,
        pub retired_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod hearing_area {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_areas")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hearing_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub area_code: String,
    }
    no_relations!();
}

pub mod hearing_topic {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_topics")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hearing_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub topic_code: String,
    }
    no_relations!();
}

pub mod industry_section {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "industry_sections")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub classification: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub section: String,
        pub name_da: String,
        pub name_en: String,
        pub retired_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod setting {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
    }
    no_relations!();
}

pub mod organisation {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "organisations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub cvr: Option<String>,
        pub name: String,
        pub industry_classification: String,
        pub industry_code: String,
        pub industry_section: String,
        pub size_class: String,
        pub area_code: String,
        pub respondent_type: String,
        pub created_at: DateTimeUtc,
        pub source: String,
        pub email: Option<String>,
        pub address: Option<String>,
        pub postcode: Option<String>,
        pub employees: Option<i32>,
        pub updated_at: Option<DateTimeUtc>,
        pub town: Option<String>,
    }
    no_relations!();
}

pub mod user {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub name: String,
        pub password_hash: String,
        pub role: String,
        pub organisation_id: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub email_verified_at: Option<DateTimeUtc>,
        pub token_generation: i32,
        /// `admin` or `member` while `organisation_id` is set; none otherwise.
        pub organisation_role: Option<String>,
    }
    no_relations!();
}

pub mod account_token {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "account_tokens")]
    pub struct Model {
        /// SHA-256 (hex) of the secret in the link; the secret itself is never kept.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub purpose: String,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod join_request {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "join_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub organisation_id: Uuid,
        pub user_id: Uuid,
        pub requested_at: DateTimeUtc,
        /// None while the request waits for an administrator.
        pub decided_at: Option<DateTimeUtc>,
        pub decided_by: Option<Uuid>,
        /// `accepted` or `refused`.
        pub outcome: Option<String>,
    }
    no_relations!();
}

pub mod member_invitation {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "member_invitations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub organisation_id: Uuid,
        pub email: String,
        /// SHA-256 (hex) of the secret in the link; the secret itself is never kept.
        pub token_hash: String,
        pub invited_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub accepted_at: Option<DateTimeUtc>,
        pub accepted_by: Option<Uuid>,
        pub revoked_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod session {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: Uuid,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod hearing {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub status: String,
        pub title: String,
        pub summary: String,
        pub area_code: Option<String>,
        pub committee_id: Option<Uuid>,
        pub opens_at: DateTimeUtc,
        pub closes_at: Option<DateTimeUtc>,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub published_at: Option<DateTimeUtc>,
        pub withdrawn_at: Option<DateTimeUtc>,
        pub withdrawal_reason: Option<String>,
        pub council_meeting_date: Option<Date>,
        pub council_meeting_title: Option<String>,
        pub contact_name: Option<String>,
        pub contact_email: Option<String>,
        pub contact_phone: Option<String>,
    }
    no_relations!();
}

pub mod section {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_sections")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub number: i32,
        pub heading: String,
        pub body: String,
    }
    no_relations!();
}

pub mod question {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "questions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub position: i32,
        pub kind: String,
        pub prompt: String,
        pub required: bool,
        pub options: String,
        pub unit: Option<String>,
        pub help: String,
    }
    no_relations!();
}

pub mod response {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "responses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub organisation_id: Uuid,
        pub reference: String,
        pub version: i32,
        pub stance: String,
        pub publication: String,
        pub digest: String,
        pub submitted_by: Uuid,
        pub submitted_at: DateTimeUtc,
        pub first_submitted_at: DateTimeUtc,
        pub respondent_type: String,
        pub industry_section: String,
        pub size_class: String,
        pub area_code: String,
    }
    no_relations!();
}

pub mod answer {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "answers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub question_id: Uuid,
        pub value: String,
    }
    no_relations!();
}

pub mod response_version {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "response_versions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub response_id: Uuid,
        pub version: i32,
        pub content: String,
        pub digest: String,
        pub submitted_by: Uuid,
        pub submitted_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod outbox {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub to_address: String,
        pub subject: String,
        pub body_text: String,
        pub created_at: DateTimeUtc,
        pub next_attempt_at: DateTimeUtc,
        pub attempts: i32,
        pub sent_at: Option<DateTimeUtc>,
        pub last_error: Option<String>,
    }
    no_relations!();
}

pub mod inquiry {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inquiries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub asked_by: Uuid,
        pub asker_role: String,
        pub asker_organisation: Option<String>,
        pub question: String,
        pub asked_at: DateTimeUtc,
        pub answer: Option<String>,
        pub answered_by: Option<Uuid>,
        pub answered_at: Option<DateTimeUtc>,
        pub hidden_at: Option<DateTimeUtc>,
        pub hidden_by: Option<Uuid>,
        pub hidden_reason: Option<String>,
    }
    no_relations!();
}

pub mod audit_log {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub at: DateTimeUtc,
        pub actor_id: Option<Uuid>,
        pub actor_email: String,
        pub action: String,
        pub object_type: String,
        pub object_id: String,
        pub before: Option<String>,
        pub after: Option<String>,
    }
    no_relations!();
}

pub mod submission_key {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "submission_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub organisation_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub response_id: Uuid,
        pub version: i32,
        pub request_hash: String,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod invitation {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "invitations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub organisation_id: Option<Uuid>,
        pub email: String,
        pub invited_at: DateTimeUtc,
        pub invited_by: Option<Uuid>,
        pub reminded_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod hearing_reminder {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_reminders")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hearing_id: Uuid,
        pub reminder_days_before: i32,
        pub set_at: DateTimeUtc,
        pub set_by: Option<Uuid>,
    }
    no_relations!();
}

pub mod hearing_correction {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_corrections")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub at: DateTimeUtc,
        pub by_user: Option<Uuid>,
        pub fields: String,
        pub note: String,
    }
    no_relations!();
}

pub mod file {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "files")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub filename: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub uploaded_by: Option<Uuid>,
        pub organisation_id: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod file_content {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "file_contents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub file_id: Uuid,
        pub content: Vec<u8>,
    }
    no_relations!();
}

pub mod hearing_document {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_documents")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub file_id: Uuid,
        pub title: String,
        pub position: i32,
        pub added_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod draft {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "drafts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub organisation_id: Uuid,
        pub version: i32,
        pub content: String,
        pub dirty: bool,
        pub updated_by: Option<Uuid>,
        pub updated_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod draft_revision {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "draft_revisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub draft_id: Uuid,
        pub version: i32,
        pub base_version: Option<i32>,
        pub conflict: bool,
        pub content: String,
        pub saved_by: Option<Uuid>,
        pub saved_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod response_comment {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "response_comments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub section_id: Uuid,
        pub text: String,
    }
    no_relations!();
}

pub mod response_attachment {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "response_attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub file_id: Uuid,
        pub position: i32,
    }
    no_relations!();
}

pub mod confidential_passage {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "confidential_passages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub response_id: Uuid,
        pub location: String,
        pub text: String,
        pub reason: String,
        pub decision: String,
        pub decision_reason: Option<String>,
        pub decided_by: Option<Uuid>,
        pub decided_at: Option<DateTimeUtc>,
    }
    no_relations!();
}

pub mod response_analysis {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "response_analyses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
        pub summary: String,
        pub assessment: Option<String>,
        pub reason: String,
        pub updated_by: Option<Uuid>,
        pub updated_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod comment_analysis {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "comment_analyses")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub section_id: Uuid,
        pub summary: String,
        pub assessment: Option<String>,
        pub reason: String,
        pub updated_by: Option<Uuid>,
        pub updated_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod theme {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "themes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub name: String,
        pub views: String,
        pub comment: String,
        pub change: String,
        pub position: i32,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod theme_tag {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "theme_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub theme_id: Uuid,
        pub response_id: Uuid,
        pub location: Option<String>,
        pub passage: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }
    no_relations!();
}

pub mod hearing_decision {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hearing_decisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hearing_id: Uuid,
        pub decided_on: Date,
        pub body: String,
        pub text: String,
        pub minutes_url: Option<String>,
        pub recorded_by: Uuid,
        pub recorded_at: DateTimeUtc,
        /// How many respondents were e-mailed the outcome.
        pub notified: i32,
    }
    no_relations!();
}

pub mod memo {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "memos")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub version: i32,
        pub markdown: String,
        pub updated_by: Uuid,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub finalised_at: Option<DateTimeUtc>,
        pub finalised_by: Option<Uuid>,
    }
    no_relations!();
}

pub mod campaign {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaigns")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub hearing_id: Uuid,
        pub shared_text: String,
        pub confirmed: bool,
        pub created_at: DateTimeUtc,
        pub created_by: Option<Uuid>,
        pub confirmed_at: Option<DateTimeUtc>,
        pub confirmed_by: Option<Uuid>,
    }
    no_relations!();
}

pub mod campaign_member {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub campaign_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub response_id: Uuid,
    }
    no_relations!();
}
