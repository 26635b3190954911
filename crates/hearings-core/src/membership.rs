//! Who belongs to an organisation, and the rules of its membership.
//!
//! Every member of an organisation has a role in it: administrator or
//! member. The first person to register the organisation is its
//! administrator; administrators keep its profile, accept or refuse those
//! who ask to join, invite colleagues by e-mail, remove members and make
//! another member administrator. An organisation always keeps at least one
//! administrator.

use chrono::Duration;

use crate::cvr::Cvr;
use crate::input::Problem;
use crate::organisation::{RespondentType, named_enum};

named_enum!(
    /// A person's role in their organisation.
    MemberRole {
        /// Keeps the profile and manages the members.
        Admin => "admin",
        /// Drafts and submits responses for the organisation.
        Member => "member",
    }
);

impl MemberRole {
    /// Whether this role manages the organisation's profile and members.
    pub fn manages_organisation(&self) -> bool {
        matches!(self, MemberRole::Admin)
    }
}

named_enum!(
    /// How a request to join was decided.
    JoinOutcome {
        /// The requester became a member.
        Accepted => "accepted",
        /// The requester was refused.
        Refused => "refused",
    }
);

/// How long an invitation link works: 7 days.
pub const INVITATION_LIFETIME: Duration = Duration::days(7);

/// Why a change of membership is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    /// It would leave the organisation without an administrator.
    #[error("the last administrator cannot be removed or made a member")]
    LastAdministrator,
    /// The account belongs to an organisation already.
    #[error("the account belongs to an organisation already")]
    HasOrganisation,
    /// The account waits for an answer to a request to join.
    #[error("the account has a request to join waiting")]
    RequestPending,
    /// The invitation was sent to another e-mail address than the account's.
    #[error("the invitation is for another e-mail address")]
    OtherAddress,
    /// The request to join was answered already.
    #[error("the request was answered already")]
    AlreadyDecided,
}

/// Whether a member whose role is `current` may take the role `next`
/// (`None`: leave the organisation), when the organisation has `admins`
/// administrators: the last administrator may neither leave nor become a
/// plain member.
pub fn check_admin_remains(
    current: MemberRole,
    next: Option<MemberRole>,
    admins: u64,
) -> Result<(), MembershipError> {
    let stops_being_admin = current == MemberRole::Admin && next != Some(MemberRole::Admin);
    if stops_being_admin && admins <= 1 {
        Err(MembershipError::LastAdministrator)
    } else {
        Ok(())
    }
}

/// The CVR number an organisation has after its profile is saved with
/// `given` (none: the field was left out or empty), when it has `current`.
/// The CVR number is the organisation's identity: once set it never
/// changes, so leaving it out keeps it and another number is refused; an
/// organisation without one may get one; a company must have one.
pub fn resolve_cvr(
    current: Option<Cvr>,
    given: Option<Cvr>,
    respondent_type: RespondentType,
) -> Result<Option<Cvr>, Problem> {
    match (current, given) {
        (Some(c), None) => Ok(Some(c)),
        (Some(c), Some(g)) if c == g => Ok(Some(c)),
        (Some(_), Some(_)) => Err(Problem::CvrFixed),
        (None, Some(g)) => Ok(Some(g)),
        (None, None) if respondent_type.requires_cvr() => {
            Err(Problem::Cvr(crate::cvr::CvrError::Empty))
        }
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_administrator_can_neither_leave_nor_become_a_member() {
        use MemberRole::*;
        assert_eq!(
            check_admin_remains(Admin, None, 1),
            Err(MembershipError::LastAdministrator)
        );
        assert_eq!(
            check_admin_remains(Admin, Some(Member), 1),
            Err(MembershipError::LastAdministrator)
        );
        assert_eq!(check_admin_remains(Admin, Some(Admin), 1), Ok(()));
        assert_eq!(check_admin_remains(Admin, None, 2), Ok(()));
        assert_eq!(check_admin_remains(Admin, Some(Member), 2), Ok(()));
        assert_eq!(check_admin_remains(Member, None, 1), Ok(()));
        assert_eq!(check_admin_remains(Member, Some(Admin), 1), Ok(()));
    }

    #[test]
    fn a_cvr_number_once_set_never_changes_but_may_be_set_once() {
        let a = Cvr::parse("13748136").unwrap();
        let b = Cvr::parse("12345674").unwrap();
        let company = RespondentType::Company;
        let person = RespondentType::PrivatePerson;
        assert_eq!(resolve_cvr(Some(a), None, company), Ok(Some(a)));
        assert_eq!(resolve_cvr(Some(a), Some(a), company), Ok(Some(a)));
        assert_eq!(
            resolve_cvr(Some(a), Some(b), company),
            Err(Problem::CvrFixed)
        );
        assert_eq!(
            resolve_cvr(Some(a), Some(b), person),
            Err(Problem::CvrFixed)
        );
        assert_eq!(resolve_cvr(None, Some(b), person), Ok(Some(b)));
        assert_eq!(resolve_cvr(None, None, person), Ok(None));
        assert!(resolve_cvr(None, None, company).is_err());
    }

    #[test]
    fn only_administrators_manage_the_organisation() {
        assert!(MemberRole::Admin.manages_organisation());
        assert!(!MemberRole::Member.manages_organisation());
        assert_eq!(MemberRole::parse("admin"), Ok(MemberRole::Admin));
        assert!(MemberRole::parse("owner").is_err());
    }
}
