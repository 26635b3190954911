//! What is true about hearings: the domain types and rules of the product
//! (CVR numbers, industry codes, hearing kinds and their minimum periods,
//! hearing states, questions and answers, stances, roles, an organisation's
//! profile and the rules of its membership).
//!
//! This crate is pure: it knows no database, no HTTP, no templates, no clock
//! and no randomness. Rules that depend on time take `now` as an argument.

pub mod account;
pub mod analysis;
pub mod audit;
pub mod calendar;
pub mod cvr;
pub mod files;
pub mod hearing;
pub mod hearing_info;
pub mod ids;
pub mod input;
pub mod inquiry;
pub mod membership;
pub mod organisation;
pub mod outcome;
pub mod profile;
pub mod question;
pub mod reference;
pub mod register;
pub mod response;
pub mod response_parts;
pub mod role;
pub mod time;

pub use cvr::{Cvr, CvrError};
pub use hearing::{HearingKind, HearingState, HearingStatus, PeriodError, TransitionError};
pub use ids::{
    CampaignId, CommitteeId, DocumentId, FileId, HearingId, InquiryId, JoinRequestId,
    MemberInvitationId, MessageId, OrganisationId, QuestionId, ResponseId, SectionId, TagId,
    ThemeId, UserId,
};
pub use membership::MemberRole;
pub use organisation::{
    AreaCode, Classification, IndustryCode, IndustryError, ParseEnumError, RespondentType,
    SizeClass,
};
pub use question::{Answer, AnswerError, QuestionKind, QuestionSpec, RawValue};
pub use response::{Publication, Stance};
pub use role::Role;
