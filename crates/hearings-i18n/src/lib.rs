//! Every string the user sees, in Danish (the default) and English, and
//! times shown in Europe/Copenhagen. Both front doors (pages and API) use
//! this crate, so a message reads the same wherever it appears.
//!
//! Pure: no I/O, no templates, no HTTP.

mod account_mail;
mod hearing_list_mail;
mod mail;
mod membership_mail;
mod messages;
mod outcome_mail;
mod warnings;

use chrono::{DateTime, Datelike, Utc};
use hearings_core::files::FileProblem;
use hearings_core::input::Problem;
use hearings_core::organisation::IndustryError;
use hearings_core::time::{LocalTimeError, in_copenhagen};
use hearings_core::{AnswerError, CvrError, PeriodError, question::QuestionError};

pub use account_mail::{reset_email, verification_email};
pub use hearing_list_mail::{HearingListEmail, invitation_email, reminder_email};
pub use mail::{ReceiptEmail, receipt_email};
pub use membership_mail::{join_decision_email, join_request_email, member_invitation_email};
pub use messages::MESSAGES;
pub use outcome_mail::{AssessedPoint, OutcomeEmail, outcome_email, point_name};

/// A language of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Danish, the default.
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// The language code (`da`, `en`).
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The other language.
    pub fn other(&self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    /// Reads a language code.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of Danish or English in an `Accept-Language` header, by weight.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or_default().trim();
            let q = bits
                .find_map(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Lang::from_code(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// The text of a message key. An unknown key is shown as itself (and a
    /// test makes sure every key used exists).
    pub fn t(&self, key: &str) -> &'static str {
        match MESSAGES.binary_search_by(|(k, _, _)| (*k).cmp(key)) {
            Ok(i) => match self {
                Lang::Da => MESSAGES[i].1,
                Lang::En => MESSAGES[i].2,
            },
            Err(_) => "??",
        }
    }

    /// Whether a message key exists.
    pub fn has(key: &str) -> bool {
        MESSAGES.binary_search_by(|(k, _, _)| (*k).cmp(key)).is_ok()
    }

    /// A date and time in Copenhagen, e.g. "2. december 2026 kl. 12:00" or
    /// "2 December 2026, 12:00".
    pub fn datetime(&self, at: DateTime<Utc>) -> String {
        let local = in_copenhagen(at);
        let month = self.month(local.month());
        match self {
            Lang::Da => format!(
                "{}. {} {} kl. {}",
                local.day(),
                month,
                local.year(),
                local.format("%H:%M")
            ),
            Lang::En => format!(
                "{} {} {}, {}",
                local.day(),
                month,
                local.year(),
                local.format("%H:%M")
            ),
        }
    }

    /// A time of day in Copenhagen, e.g. "kl. 10:32" or "at 10:32".
    pub fn time_of_day(&self, at: DateTime<Utc>) -> String {
        let local = in_copenhagen(at);
        match self {
            Lang::Da => format!("kl. {}", local.format("%H:%M")),
            Lang::En => format!("at {}", local.format("%H:%M")),
        }
    }

    /// A date and time with seconds and milliseconds in Copenhagen (for receipts).
    pub fn precise(&self, at: DateTime<Utc>) -> String {
        let local = in_copenhagen(at);
        let zone = local.format("%:z");
        match self {
            Lang::Da => format!(
                "{} kl. {} (UTC{zone})",
                local.format("%d-%m-%Y"),
                local.format("%H:%M:%S%.3f")
            ),
            Lang::En => format!(
                "{} at {} (UTC{zone})",
                local.format("%Y-%m-%d"),
                local.format("%H:%M:%S%.3f")
            ),
        }
    }

    fn month(&self, m: u32) -> &'static str {
        const DA: [&str; 12] = [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (m.clamp(1, 12) - 1) as usize;
        match self {
            Lang::Da => DA[i],
            Lang::En => EN[i],
        }
    }

    /// A problem with a field, as a sentence.
    pub fn problem(&self, p: &Problem) -> String {
        let da = *self == Lang::Da;
        match p {
            Problem::Required => self.t("err.required").into(),
            Problem::TooLong { max } => format!("{} {max}", self.t("err.too_long")),
            Problem::Email => self.t("err.email").into(),
            Problem::PasswordTooShort { min } => format!("{} {min}", self.t("err.password_short")),
            Problem::EmailTaken => self.t("err.email_taken").into(),
            Problem::CvrTaken => self.t("err.cvr_taken").into(),
            Problem::CvrFixed => self.t("err.cvr_fixed").into(),
            Problem::Postcode => self.t("err.postcode").into(),
            Problem::AlreadyMember => self.t("err.already_member").into(),
            Problem::UnknownArea => self.t("err.unknown_area").into(),
            Problem::UnknownCommittee => self.t("err.unknown_committee").into(),
            Problem::UnknownTopic => self.t("err.unknown_topic").into(),
            Problem::MeetingBeforeDeadline => self.t("err.meeting_before_deadline").into(),
            Problem::Phone => self.t("err.phone").into(),
            Problem::Cvr(e) => match e {
                CvrError::Empty => self.t("err.required").into(),
                CvrError::NotDigits => self.t("err.cvr_digits").into(),
                CvrError::WrongLength(n) => format!("{} ({n})", self.t("err.cvr_length")),
                CvrError::LeadingZero => self.t("err.cvr_zero").into(),
                CvrError::CheckDigit => self.t("err.cvr_check").into(),
            },
            Problem::Industry(e) => match e {
                IndustryError::Empty => self.t("err.required").into(),
                IndustryError::UnknownSection {
                    classification,
                    section,
                } => {
                    format!(
                        "{} {classification}: {section}",
                        self.t("err.industry_section")
                    )
                }
                IndustryError::Malformed(s) => format!("{} ({s})", self.t("err.industry_code")),
                IndustryError::UnknownDivision {
                    classification,
                    division,
                } => {
                    format!(
                        "{} {classification}: {division:02}",
                        self.t("err.industry_division")
                    )
                }
            },
            Problem::NotOneOf(e) => format!(
                "{} {}",
                self.t("err.not_one_of"),
                e.expected.trim().replace(' ', ", ")
            ),
            Problem::Time(e) => match e {
                LocalTimeError::BadDate(_) => self.t("err.date").into(),
                LocalTimeError::BadTime(_) => self.t("err.time").into(),
                LocalTimeError::Skipped(_) => self.t("err.time_skipped").into(),
            },
            Problem::Timestamp => self.t("err.timestamp").into(),
            Problem::Period(e) => match e {
                PeriodError::ClosesBeforeOpening => self.t("err.closes_before").into(),
                PeriodError::DeadlineRequired => self.t("err.deadline_required").into(),
                PeriodError::TooShort {
                    kind,
                    minimum_weeks,
                } => {
                    let kind = self.t(&format!("kind.{kind}"));
                    if da {
                        format!(
                            "En høring af typen {kind} skal vare mindst {minimum_weeks} uger (Planloven § 24)."
                        )
                    } else {
                        format!(
                            "A hearing of kind {kind} must run at least {minimum_weeks} weeks (Planning Act § 24)."
                        )
                    }
                }
            },
            Problem::Question(e) => match e {
                QuestionError::UnknownKind(_) => self.t("err.question_kind").into(),
                QuestionError::EmptyPrompt => self.t("err.required").into(),
                QuestionError::PromptTooLong => format!(
                    "{} {}",
                    self.t("err.too_long"),
                    hearings_core::question::PROMPT_MAX
                ),
                QuestionError::TooFewOptions => self.t("err.too_few_options").into(),
                QuestionError::MissingUnit => self.t("err.missing_unit").into(),
                QuestionError::HelpTooLong => format!(
                    "{} {}",
                    self.t("err.too_long"),
                    hearings_core::question::HELP_MAX
                ),
            },
            Problem::Answer(e) => match e {
                AnswerError::Required => self.t("err.required").into(),
                AnswerError::WrongType { .. } => self.t("err.answer_type").into(),
                AnswerError::TooLong { max } => format!("{} {max}", self.t("err.too_long")),
                AnswerError::NotAnOption(_) => self.t("err.not_an_option").into(),
                AnswerError::OutOfScale => self.t("err.scale").into(),
                AnswerError::NotANumber => self.t("err.number").into(),
                AnswerError::NotAFile => self.t("err.not_a_file").into(),
            },
            Problem::NoQuestions => self.t("err.no_questions").into(),
            Problem::Cursor => self.t("err.cursor").into(),
            Problem::SubmissionKey => self.t("err.submission_key").into(),
            Problem::SubmissionKeyReused => self.t("err.submission_key_reused").into(),
            Problem::StartPassed => self.t("err.start_passed").into(),
            Problem::DeadlineEarlier => self.t("err.deadline_earlier").into(),
            Problem::QuestionsLocked => self.t("err.questions_locked").into(),
            Problem::FixedAfterPublication => self.t("err.fixed_after_publication").into(),
            Problem::UnknownSection => self.t("err.unknown_section").into(),
            Problem::TooManyFiles { max } => format!("{} {max}.", self.t("err.too_many_files")),
            Problem::TooManyPassages { max } => {
                format!("{} {max}.", self.t("err.too_many_passages"))
            }
            Problem::PassageNotFound => self.t("err.passage_not_found").into(),
            Problem::NotInCampaign => self.t("err.not_in_campaign").into(),
            Problem::UnknownResponse => self.t("err.unknown_response").into(),
            Problem::UnknownTheme => self.t("err.unknown_theme").into(),
            Problem::NoneChosen => self.t("err.none_chosen").into(),
            Problem::TooManyChosen { max } => {
                format!("{} {max}.", self.t("err.too_many_chosen"))
            }
            Problem::NothingToApply => self.t("err.nothing_to_apply").into(),
            Problem::PassageLocation => self.t("err.passage_location").into(),
            Problem::DraftChanged => self.t("err.draft_changed").into(),
            Problem::DecisionBeforeDeadline => self.t("err.decision_before_deadline").into(),
            Problem::Url => self.t("err.url").into(),
            Problem::File(e) => match e {
                FileProblem::Missing => self.t("err.file_missing").into(),
                FileProblem::NotPdf => self.t("err.file_not_pdf").into(),
                FileProblem::TooLarge { max_bytes } => format!(
                    "{} {}.",
                    self.t("err.file_too_large"),
                    hearings_core::files::human_size(*max_bytes as u64, *self == Lang::Da)
                ),
            },
            Problem::CodeFormat => self.t("err.code_format").into(),
            Problem::CodeTaken => self.t("err.code_taken").into(),
            Problem::NameTaken => self.t("err.name_taken").into(),
            Problem::Retired => self.t("err.retired").into(),
        }
    }

    /// Why a change of an organisation's membership is refused, as a sentence.
    pub fn membership_problem(
        &self,
        e: hearings_core::membership::MembershipError,
    ) -> &'static str {
        use hearings_core::membership::MembershipError as E;
        self.t(match e {
            E::LastAdministrator => "err.last_admin",
            E::HasOrganisation => "err.has_organisation",
            E::RequestPending => "err.request_pending",
            E::OtherAddress => "err.invitation_other_address",
            E::AlreadyDecided => "err.request_decided",
        })
    }

    /// Why a hearing takes no responses now, with its times.
    pub fn not_open(
        &self,
        state: hearings_core::HearingState,
        opens_at: DateTime<Utc>,
        closes_at: Option<DateTime<Utc>>,
    ) -> String {
        use hearings_core::HearingState as S;
        match (state, closes_at) {
            (S::Scheduled, _) => format!(
                "{} {}.",
                self.t("err.not_yet_open"),
                self.datetime(opens_at)
            ),
            (S::Closed | S::InReview | S::Decided | S::Archived, Some(c)) => {
                format!("{} {}.", self.t("err.deadline_passed"), self.datetime(c))
            }
            (S::Withdrawn, _) => self.t("err.withdrawn").into(),
            _ => self.t("err.not_open").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_table_is_sorted_unique_and_complete_in_both_languages() {
        for w in MESSAGES.windows(2) {
            assert!(
                w[0].0 < w[1].0,
                "not sorted or duplicated: {} / {}",
                w[0].0,
                w[1].0
            );
        }
        for (k, da, en) in MESSAGES {
            assert!(!da.is_empty() && !en.is_empty(), "{k} lacks a language");
        }
    }

    #[test]
    fn every_enumeration_value_has_a_label() {
        use hearings_core::*;
        let mut keys: Vec<String> = Vec::new();
        keys.extend(HearingKind::ALL.iter().map(|k| format!("kind.{k}")));
        keys.extend(HearingState::ALL.iter().map(|k| format!("state.{k}")));
        keys.extend(Stance::ALL.iter().map(|k| format!("stance.{k}")));
        keys.extend(Publication::ALL.iter().map(|k| format!("publication.{k}")));
        keys.extend(SizeClass::ALL.iter().map(|k| format!("size.{k}")));
        keys.extend(RespondentType::ALL.iter().map(|k| format!("rtype.{k}")));
        keys.extend(Role::ALL.iter().map(|k| format!("role.{k}")));
        keys.extend(MemberRole::ALL.iter().map(|k| format!("member_role.{k}")));
        keys.extend(
            hearings_core::question::KIND_NAMES
                .iter()
                .map(|k| format!("qkind.{k}")),
        );
        for k in hearings_core::reference::ReferenceKind::ALL {
            keys.push(format!("reference.kind.{k}"));
            keys.push(format!("reference.intro.{k}"));
        }
        keys.extend(
            hearings_core::audit::AuditAction::ALL
                .iter()
                .map(|a| format!("audit.action.{a}")),
        );
        for k in keys {
            assert!(Lang::has(&k), "missing label {k}");
        }
    }

    #[test]
    fn dates_are_shown_in_copenhagen_time_in_each_language() {
        let summer = DateTime::parse_from_rfc3339("2026-07-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Lang::Da.datetime(summer), "1. juli 2026 kl. 12:00");
        let winter = DateTime::parse_from_rfc3339("2026-12-02T11:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Lang::En.datetime(winter), "2 December 2026, 12:00");
    }

    #[test]
    fn accept_language_picks_the_preferred_of_danish_and_english() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,da;q=0.8"),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language("de,da;q=0.5,en;q=0.4"), Lang::Da);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Da);
        assert_eq!(Lang::from_accept_language(""), Lang::Da);
    }

    #[test]
    fn a_too_short_period_names_the_minimum_in_both_languages() {
        let p = Problem::Period(PeriodError::TooShort {
            kind: hearings_core::HearingKind::Lokalplanforslag,
            minimum_weeks: 4,
        });
        assert!(Lang::Da.problem(&p).contains("mindst 4 uger"));
        assert!(Lang::En.problem(&p).contains("at least 4 weeks"));
    }
}
