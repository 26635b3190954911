//! Typed identifiers: never a bare `Uuid` across a crate boundary.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The inner UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// A hearing.
    HearingId
);
typed_id!(
    /// A numbered section of a hearing's proposal.
    SectionId
);
typed_id!(
    /// A question of a hearing's form.
    QuestionId
);
typed_id!(
    /// A submitted response.
    ResponseId
);
typed_id!(
    /// An organisation (a business, an association, an authority, or a private person's own record).
    OrganisationId
);
typed_id!(
    /// A user account.
    UserId
);
typed_id!(
    /// A message in the e-mail outbox.
    MessageId
);
typed_id!(
    /// A question asked on a hearing (an inquiry).
    InquiryId
);
typed_id!(
    /// A row of the audit log.
    AuditEntryId
);
typed_id!(
    /// A standing committee (udvalg) of the council.
    CommitteeId
);
typed_id!(
    /// A stored file: a hearing's document or a respondent's upload.
    FileId
);
typed_id!(
    /// A document attached to a hearing.
    DocumentId
);
typed_id!(
    /// A request to join an organisation, made by registering with its CVR number.
    JoinRequestId
);
typed_id!(
    /// An invitation by e-mail to join an organisation as a member.
    MemberInvitationId
);
typed_id!(
    /// A theme of a hearing's analysis.
    ThemeId
);
typed_id!(
    /// A tag of a theme on a response or a passage of it.
    TagId
);
typed_id!(
    /// A campaign: a group of near-identical responses to a hearing.
    CampaignId
);
