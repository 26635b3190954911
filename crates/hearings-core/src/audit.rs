//! The audit log of staff and administrator actions: what may be recorded, and the cursor
//! that pages through it, newest first.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::ids::AuditEntryId;
use crate::input::Problem;
use crate::organisation::named_enum;

named_enum!(
    /// A staff action recorded in the audit log. The stable name is
    /// `<object type>.<verb>`.
    AuditAction {
        /// A hearing was saved as a draft.
        HearingCreate => "hearing.create",
        /// A draft was published.
        HearingPublish => "hearing.publish",
        /// A hearing was withdrawn with a public reason.
        HearingWithdraw => "hearing.withdraw",
        /// A draft was edited.
        HearingEdit => "hearing.edit",
        /// A published hearing was corrected (logged and shown publicly).
        HearingCorrect => "hearing.correct",
        /// A closed hearing was taken into review.
        HearingReview => "hearing.review",
        /// The decision on a hearing was recorded; respondents are told.
        HearingDecide => "hearing.decide",
        /// The hearing memo was saved (a new draft, or the draft changed).
        MemoSave => "memo.save",
        /// The hearing memo was made final (frozen).
        MemoFinalise => "memo.finalise",
        /// A document (PDF) was attached to a hearing.
        HearingDocumentAdd => "hearing.document_add",
        /// A document was taken off a hearing.
        HearingDocumentRemove => "hearing.document_remove",
        /// Parties were invited to a hearing (its hearing list).
        HearingInvite => "hearing.invite",
        /// The reminder before a hearing's deadline was set or removed.
        HearingReminder => "hearing.reminder",
        /// The responses of a hearing were exported (XLSX, CSV or the archive bundle).
        HearingExport => "hearing.export",
        /// Staff summarised or assessed a response (or a comment on a section).
        ResponseAssess => "response.assess",
        /// A theme of a hearing was created.
        ThemeCreate => "theme.create",
        /// A theme was renamed or its texts changed.
        ThemeUpdate => "theme.update",
        /// A theme was deleted.
        ThemeDelete => "theme.delete",
        /// A response or a passage of it was tagged with a theme.
        ThemeTag => "theme.tag",
        /// A tag was taken off.
        ThemeUntag => "theme.untag",
        /// Staff had a hearing's campaigns found again (the suggestions replaced).
        CampaignDetect => "campaign.detect",
        /// Staff confirmed a suggested campaign.
        CampaignConfirm => "campaign.confirm",
        /// Staff took responses out of a campaign (fewer than two left dissolve it).
        CampaignSplit => "campaign.split",
        /// Staff decided on a passage a respondent asked to keep confidential.
        ResponseConfidentiality => "response.confidentiality",
        /// A question on a hearing was answered (or its answer corrected).
        InquiryAnswer => "inquiry.answer",
        /// A question on a hearing was hidden with a reason.
        InquiryHide => "inquiry.hide",
        /// An administrator added an entry to the reference data.
        ReferenceCreate => "reference.create",
        /// An administrator renamed an entry of the reference data.
        ReferenceUpdate => "reference.update",
        /// An administrator retired an entry of the reference data.
        ReferenceRetire => "reference.retire",
        /// An administrator brought a retired entry back into use.
        ReferenceRestore => "reference.restore",
        /// An administrator deleted an entry that nothing used.
        ReferenceDelete => "reference.delete",
        /// Staff, a politician or an administrator read a response in full
        /// (its page, its PDF, or through the API): more than is public.
        ResponseRead => "response.read",
    }
);

/// Where a page of the audit log ends: the time and id of its last (oldest)
/// row. The next page holds the rows strictly older, in the order
/// (time, id) descending, so rows made at the same moment are neither
/// repeated nor skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditCursor {
    /// The time of the last row shown.
    pub at: DateTime<Utc>,
    /// Its id.
    pub id: AuditEntryId,
}

impl AuditCursor {
    /// Reads a cursor as [`AuditCursor::to_string`] writes it
    /// (`2026-06-01T08:00:00.123456Z_<uuid>`).
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let (at, id) = raw.trim().rsplit_once('_').ok_or(Problem::Cursor)?;
        let at = DateTime::parse_from_rfc3339(at)
            .map_err(|_| Problem::Cursor)?
            .with_timezone(&Utc);
        let id = id.parse().map_err(|_| Problem::Cursor)?;
        Ok(Self { at, id })
    }
}

impl std::fmt::Display for AuditCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}_{}",
            self.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            self.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    #[test]
    fn a_cursor_reads_back_to_the_nanosecond() {
        let at = DateTime::parse_from_rfc3339("2026-06-01T08:00:00.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = AuditCursor {
            at,
            id: AuditEntryId(Uuid::from_u128(7)),
        };
        let text = c.to_string();
        assert_eq!(
            text,
            "2026-06-01T08:00:00.123456789Z_00000000-0000-0000-0000-000000000007"
        );
        assert_eq!(AuditCursor::parse(&text), Ok(c));
    }

    #[test]
    fn a_bad_cursor_is_refused() {
        for bad in [
            "",
            "x",
            "2026-06-01_nope",
            "yesterday_00000000-0000-0000-0000-000000000007",
        ] {
            assert_eq!(AuditCursor::parse(bad), Err(Problem::Cursor), "{bad}");
        }
    }

    #[test]
    fn every_action_is_named_object_dot_verb() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Ok(*a));
            assert_eq!(a.as_str().split('.').count(), 2, "{a}");
        }
    }

    proptest! {
        #[test]
        fn cursor_parse_never_panics(s in "\\PC*") {
            let _ = AuditCursor::parse(&s);
        }
    }
}
