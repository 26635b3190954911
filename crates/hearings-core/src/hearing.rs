//! Hearings: kinds, minimum periods, states and transitions.

use chrono::{DateTime, Days, Utc};

use crate::organisation::named_enum;
use crate::time::in_copenhagen;

named_enum!(
    /// What is being consulted on; sets the minimum hearing period.
    HearingKind {
        /// Lokalplanforslag: 4 weeks (Planloven § 24).
        Lokalplanforslag => "lokalplanforslag",
        /// A lokalplan of minor importance: 2 weeks.
        LokalplanMinor => "lokalplan_minor",
        /// Kommuneplan: 8 weeks.
        Kommuneplan => "kommuneplan",
        /// A minor change to the kommuneplan: 4 weeks.
        KommuneplanMinor => "kommuneplan_minor",
        /// A policy: no legal minimum.
        Policy => "policy",
        /// A regulation: no legal minimum.
        Regulation => "regulation",
        /// Anything else: no legal minimum.
        Other => "other",
        /// An open call (ideas, solutions, sign-ups); may have no deadline.
        OpenCall => "open_call",
        /// A pulse survey to the business panel.
        PulseSurvey => "pulse_survey",
    }
);

impl HearingKind {
    /// The legal minimum period in weeks (0 where the law sets none).
    pub fn minimum_weeks(&self) -> u32 {
        match self {
            HearingKind::Lokalplanforslag => 4,
            HearingKind::LokalplanMinor => 2,
            HearingKind::Kommuneplan => 8,
            HearingKind::KommuneplanMinor => 4,
            HearingKind::Policy
            | HearingKind::Regulation
            | HearingKind::Other
            | HearingKind::OpenCall
            | HearingKind::PulseSurvey => 0,
        }
    }

    /// Whether a hearing of this kind may run without a deadline.
    pub fn may_have_no_deadline(&self) -> bool {
        matches!(self, HearingKind::OpenCall)
    }

    /// Checks a hearing period against this kind. Weeks are counted in
    /// Copenhagen calendar days, so a period across a summer-time change is
    /// neither an hour short nor an hour long.
    pub fn check_period(
        &self,
        opens_at: DateTime<Utc>,
        closes_at: Option<DateTime<Utc>>,
    ) -> Result<(), PeriodError> {
        let Some(closes_at) = closes_at else {
            return if self.may_have_no_deadline() {
                Ok(())
            } else {
                Err(PeriodError::DeadlineRequired)
            };
        };
        if closes_at <= opens_at {
            return Err(PeriodError::ClosesBeforeOpening);
        }
        let weeks = self.minimum_weeks();
        let earliest = in_copenhagen(opens_at)
            .checked_add_days(Days::new(u64::from(weeks) * 7))
            .ok_or(PeriodError::ClosesBeforeOpening)?;
        if in_copenhagen(closes_at) < earliest {
            return Err(PeriodError::TooShort {
                kind: *self,
                minimum_weeks: weeks,
            });
        }
        Ok(())
    }
}

/// Why a hearing period is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The deadline is not after the start.
    #[error("the deadline must be after the start")]
    ClosesBeforeOpening,
    /// Shorter than the kind's legal minimum.
    #[error("a {kind} hearing must run at least {minimum_weeks} weeks")]
    TooShort {
        /// The kind.
        kind: HearingKind,
        /// Its minimum.
        minimum_weeks: u32,
    },
    /// Only open calls may run without a deadline.
    #[error("this kind of hearing needs a deadline")]
    DeadlineRequired,
}

named_enum!(
    /// What staff have done to a hearing; kept in the database. Whether a
    /// published hearing is scheduled, open or closed follows from the clock.
    HearingStatus {
        /// Being prepared; only staff see it.
        Draft => "draft",
        /// Published: scheduled, open or closed by the clock.
        Published => "published",
        /// Closed, and staff are reviewing the responses.
        InReview => "in_review",
        /// The council has decided.
        Decided => "decided",
        /// Archived.
        Archived => "archived",
        /// Withdrawn before a decision.
        Withdrawn => "withdrawn",
    }
);

named_enum!(
    /// Where a hearing is, as a user sees it.
    HearingState {
        /// Being prepared.
        Draft => "draft",
        /// Published, not yet open.
        Scheduled => "scheduled",
        /// Taking responses.
        Open => "open",
        /// Past its deadline.
        Closed => "closed",
        /// Responses under review.
        InReview => "in_review",
        /// Decided.
        Decided => "decided",
        /// Archived.
        Archived => "archived",
        /// Withdrawn.
        Withdrawn => "withdrawn",
    }
);

impl HearingState {
    /// The state at `now`: opening and closing follow from the times alone,
    /// with nobody pressing a button. A hearing is open from `opens_at`
    /// (inclusive) until `closes_at` (exclusive).
    pub fn at(
        status: HearingStatus,
        opens_at: DateTime<Utc>,
        closes_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Self {
        match status {
            HearingStatus::Draft => HearingState::Draft,
            HearingStatus::InReview => HearingState::InReview,
            HearingStatus::Decided => HearingState::Decided,
            HearingStatus::Archived => HearingState::Archived,
            HearingStatus::Withdrawn => HearingState::Withdrawn,
            HearingStatus::Published => {
                if now < opens_at {
                    HearingState::Scheduled
                } else if closes_at.is_some_and(|c| now >= c) {
                    HearingState::Closed
                } else {
                    HearingState::Open
                }
            }
        }
    }

    /// Whether responses are taken.
    pub fn accepts_responses(&self) -> bool {
        matches!(self, HearingState::Open)
    }

    /// Whether the public may see the hearing.
    pub fn is_public(&self) -> bool {
        !matches!(self, HearingState::Draft)
    }
}

/// Why a hearing cannot move as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The move is not allowed from the current state.
    #[error("a hearing that is {from} cannot be {action}")]
    NotAllowed {
        /// The current state.
        from: HearingState,
        /// What was asked.
        action: &'static str,
    },
}

/// A hearing's moves between statuses.
pub mod transition {
    use super::*;

    fn refuse(from: HearingState, action: &'static str) -> TransitionError {
        TransitionError::NotAllowed { from, action }
    }

    /// Publish a draft (the period must already have been checked).
    pub fn publish(state: HearingState) -> Result<HearingStatus, TransitionError> {
        match state {
            HearingState::Draft => Ok(HearingStatus::Published),
            other => Err(refuse(other, "published")),
        }
    }

    /// Start reviewing a closed hearing.
    pub fn begin_review(state: HearingState) -> Result<HearingStatus, TransitionError> {
        match state {
            HearingState::Closed => Ok(HearingStatus::InReview),
            other => Err(refuse(other, "reviewed")),
        }
    }

    /// Record the council's decision.
    pub fn decide(state: HearingState) -> Result<HearingStatus, TransitionError> {
        match state {
            HearingState::Closed | HearingState::InReview => Ok(HearingStatus::Decided),
            other => Err(refuse(other, "decided")),
        }
    }

    /// Archive a decided hearing.
    pub fn archive(state: HearingState) -> Result<HearingStatus, TransitionError> {
        match state {
            HearingState::Decided => Ok(HearingStatus::Archived),
            other => Err(refuse(other, "archived")),
        }
    }

    /// Withdraw a hearing from any state before it is decided.
    pub fn withdraw(state: HearingState) -> Result<HearingStatus, TransitionError> {
        match state {
            HearingState::Draft
            | HearingState::Scheduled
            | HearingState::Open
            | HearingState::Closed
            | HearingState::InReview => Ok(HearingStatus::Withdrawn),
            other => Err(refuse(other, "withdrawn")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_copenhagen;
    use chrono::Duration;

    fn t(date: &str, time: &str) -> DateTime<Utc> {
        from_copenhagen(date, time).unwrap()
    }

    #[test]
    fn minimum_periods_follow_planloven() {
        let weeks: Vec<u32> = HearingKind::ALL.iter().map(|k| k.minimum_weeks()).collect();
        assert_eq!(weeks, vec![4, 2, 8, 4, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn a_lokalplanforslag_of_exactly_four_weeks_is_allowed_and_a_minute_less_is_not() {
        let opens = t("2026-01-05", "09:00");
        let k = HearingKind::Lokalplanforslag;
        assert_eq!(
            k.check_period(opens, Some(t("2026-02-02", "09:00"))),
            Ok(())
        );
        assert_eq!(
            k.check_period(opens, Some(t("2026-02-02", "08:59"))),
            Err(PeriodError::TooShort {
                kind: k,
                minimum_weeks: 4
            })
        );
    }

    #[test]
    fn four_weeks_across_the_spring_change_are_counted_in_calendar_days() {
        // 27 days 23 hours of real time, but 4 weeks on the Copenhagen calendar.
        let opens = t("2026-03-16", "12:00");
        let closes = t("2026-04-13", "12:00");
        assert_eq!(closes - opens, Duration::days(28) - Duration::hours(1));
        assert_eq!(
            HearingKind::Lokalplanforslag.check_period(opens, Some(closes)),
            Ok(())
        );
    }

    #[test]
    fn four_weeks_across_the_autumn_change_are_counted_in_calendar_days() {
        let opens = t("2026-10-12", "12:00");
        let closes = t("2026-11-09", "11:59");
        assert!(closes - opens > Duration::days(28));
        assert!(
            HearingKind::Lokalplanforslag
                .check_period(opens, Some(closes))
                .is_err()
        );
        assert!(
            HearingKind::Lokalplanforslag
                .check_period(opens, Some(t("2026-11-09", "12:00")))
                .is_ok()
        );
    }

    #[test]
    fn a_deadline_must_come_after_the_start_and_only_open_calls_may_lack_one() {
        let opens = t("2026-01-05", "09:00");
        assert_eq!(
            HearingKind::Policy.check_period(opens, Some(opens)),
            Err(PeriodError::ClosesBeforeOpening)
        );
        assert_eq!(
            HearingKind::Policy.check_period(opens, None),
            Err(PeriodError::DeadlineRequired)
        );
        assert_eq!(HearingKind::OpenCall.check_period(opens, None), Ok(()));
    }

    #[test]
    fn a_published_hearing_opens_and_closes_by_the_clock() {
        let opens = t("2026-10-01", "00:00");
        let closes = t("2026-10-29", "12:00");
        let at = |now| HearingState::at(HearingStatus::Published, opens, Some(closes), now);
        assert_eq!(
            at(opens - Duration::milliseconds(1)),
            HearingState::Scheduled
        );
        assert_eq!(at(opens), HearingState::Open);
        assert_eq!(at(closes - Duration::milliseconds(1)), HearingState::Open);
        assert_eq!(at(closes), HearingState::Closed);
    }

    #[test]
    fn a_deadline_after_the_october_change_closes_at_the_copenhagen_hour() {
        let opens = t("2026-10-01", "00:00");
        let closes = t("2026-10-29", "12:00");
        // After the change Copenhagen is UTC+1: 12:00 local is 11:00 UTC.
        assert_eq!(closes.to_rfc3339(), "2026-10-29T11:00:00+00:00");
        let ten_fifty_nine_utc = closes - Duration::minutes(1);
        assert_eq!(
            HearingState::at(
                HearingStatus::Published,
                opens,
                Some(closes),
                ten_fifty_nine_utc
            ),
            HearingState::Open
        );
    }

    #[test]
    fn an_open_call_without_deadline_stays_open() {
        let opens = t("2026-01-01", "00:00");
        let later = opens + Duration::days(3650);
        assert_eq!(
            HearingState::at(HearingStatus::Published, opens, None, later),
            HearingState::Open
        );
    }

    #[test]
    fn stored_statuses_other_than_published_are_their_own_state() {
        let opens = t("2026-01-01", "00:00");
        for (status, state) in [
            (HearingStatus::Draft, HearingState::Draft),
            (HearingStatus::InReview, HearingState::InReview),
            (HearingStatus::Decided, HearingState::Decided),
            (HearingStatus::Archived, HearingState::Archived),
            (HearingStatus::Withdrawn, HearingState::Withdrawn),
        ] {
            assert_eq!(HearingState::at(status, opens, None, opens), state);
        }
        assert!(!HearingState::Draft.is_public());
        assert!(HearingState::Open.accepts_responses());
        assert!(!HearingState::Closed.accepts_responses());
    }

    #[test]
    fn transitions_follow_the_life_of_a_hearing() {
        use transition::*;
        assert_eq!(publish(HearingState::Draft), Ok(HearingStatus::Published));
        assert!(publish(HearingState::Open).is_err());
        assert_eq!(
            begin_review(HearingState::Closed),
            Ok(HearingStatus::InReview)
        );
        assert!(begin_review(HearingState::Open).is_err());
        assert_eq!(decide(HearingState::InReview), Ok(HearingStatus::Decided));
        assert!(decide(HearingState::Open).is_err());
        assert_eq!(archive(HearingState::Decided), Ok(HearingStatus::Archived));
        assert!(archive(HearingState::Closed).is_err());
        assert_eq!(withdraw(HearingState::Open), Ok(HearingStatus::Withdrawn));
        assert!(withdraw(HearingState::Decided).is_err());
        assert!(withdraw(HearingState::Withdrawn).is_err());
    }
}

/// Checks how a published hearing's start and deadline may move in a
/// correction, returning each refused field (`opens_at`, `closes_at`) with
/// why: a start that has passed cannot move, and a future start cannot move
/// into the past; a deadline may only move later (no deadline counts as the
/// latest), and the period must still meet the kind's minimum.
pub fn check_corrected_period(
    kind: HearingKind,
    old: (DateTime<Utc>, Option<DateTime<Utc>>),
    new: (DateTime<Utc>, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
) -> Vec<(&'static str, crate::input::Problem)> {
    use crate::input::Problem;
    let mut refused = Vec::new();
    if new.0 != old.0 && (old.0 <= now || new.0 <= now) {
        refused.push(("opens_at", Problem::StartPassed));
    }
    let earlier = match (old.1, new.1) {
        (Some(o), Some(n)) => n < o,
        (None, Some(_)) => true,
        (_, None) => false,
    };
    if earlier {
        refused.push(("closes_at", Problem::DeadlineEarlier));
    } else if let Err(e) = kind.check_period(new.0, new.1) {
        refused.push(("closes_at", Problem::Period(e)));
    }
    refused
}

#[cfg(test)]
mod correction_tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 11, 0, 0).unwrap()
    }

    #[test]
    fn a_published_deadline_moves_only_later_and_a_passed_start_stays() {
        let k = HearingKind::Lokalplanforslag;
        let old = (at(1), Some(at(30)));
        assert!(check_corrected_period(k, old, (at(1), Some(at(31))), at(2)).is_empty());
        let earlier = check_corrected_period(k, old, (at(1), Some(at(29))), at(2));
        assert_eq!(earlier[0].0, "closes_at");
        let moved = check_corrected_period(k, old, (at(3), Some(at(31))), at(2));
        assert_eq!(moved[0].0, "opens_at");
    }
}
