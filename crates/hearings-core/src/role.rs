//! Who may do what.

use crate::organisation::named_enum;

named_enum!(
    /// A user's role. A visitor is anyone not signed in.
    Role {
        /// Not signed in.
        Visitor => "visitor",
        /// Acts for one organisation.
        Respondent => "respondent",
        /// The council secretariat.
        Staff => "staff",
        /// Reads; never writes.
        Politician => "politician",
        /// Manages users and settings.
        Admin => "admin",
    }
);

impl Role {
    /// Prepares, publishes and runs hearings.
    pub fn manages_hearings(&self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }

    /// Reads summaries and non-public responses.
    pub fn reads_summaries(&self) -> bool {
        matches!(self, Role::Staff | Role::Politician | Role::Admin)
    }

    /// Answers hearings for an organisation.
    pub fn responds(&self) -> bool {
        matches!(self, Role::Respondent)
    }

    /// Reads the audit log of staff actions.
    pub fn reads_audit_log(&self) -> bool {
        matches!(self, Role::Admin)
    }

    /// Adds, renames, retires and restores the reference data (local
    /// areas, committees, topics, industry sections).
    pub fn manages_reference_data(&self) -> bool {
        matches!(self, Role::Admin)
    }

    /// The roles an operator may give an account from the command line.
    pub fn is_operator_assignable(&self) -> bool {
        matches!(self, Role::Staff | Role::Politician | Role::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_and_admins_manage_hearings() {
        let managers: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(Role::manages_hearings)
            .collect();
        assert_eq!(managers, vec![Role::Staff, Role::Admin]);
    }

    #[test]
    fn politicians_read_summaries_but_respondents_and_visitors_do_not() {
        assert!(Role::Politician.reads_summaries());
        assert!(!Role::Respondent.reads_summaries());
        assert!(!Role::Visitor.reads_summaries());
        assert!(!Role::Politician.manages_hearings());
    }

    #[test]
    fn only_admins_read_the_audit_log() {
        let r: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(Role::reads_audit_log)
            .collect();
        assert_eq!(r, vec![Role::Admin]);
    }

    #[test]
    fn only_admins_manage_the_reference_data() {
        let r: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(Role::manages_reference_data)
            .collect();
        assert_eq!(r, vec![Role::Admin]);
    }

    #[test]
    fn only_respondents_respond() {
        let r: Vec<Role> = Role::ALL.iter().copied().filter(Role::responds).collect();
        assert_eq!(r, vec![Role::Respondent]);
        assert!(!Role::Respondent.is_operator_assignable());
    }
}
