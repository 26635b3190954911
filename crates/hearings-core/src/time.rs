//! Times are kept in UTC and shown and entered in Europe/Copenhagen.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use chrono_tz::Tz;

/// Why a local date and time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// The date is not of the form YYYY-MM-DD.
    #[error("'{0}' is not a date (YYYY-MM-DD)")]
    BadDate(String),
    /// The time is not of the form HH:MM.
    #[error("'{0}' is not a time of day (HH:MM)")]
    BadTime(String),
    /// The clock skips this time when summer time begins.
    #[error("{0} does not exist in Copenhagen: the clocks go forward at that hour")]
    Skipped(NaiveDateTime),
}

/// The moment as a Copenhagen wall-clock time.
pub fn in_copenhagen(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&Copenhagen)
}

/// Reads a Copenhagen wall-clock date and time (as typed into a form) as a
/// moment. When the clocks go back and the time occurs twice, the later one
/// is taken (the more generous reading of a deadline).
pub fn from_copenhagen(date: &str, time: &str) -> Result<DateTime<Utc>, LocalTimeError> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| LocalTimeError::BadDate(date.trim().to_string()))?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .map_err(|_| LocalTimeError::BadTime(time.trim().to_string()))?;
    local_to_utc(d.and_time(t))
}

/// A naive Copenhagen wall-clock time as a moment (see [`from_copenhagen`]).
pub fn local_to_utc(local: NaiveDateTime) -> Result<DateTime<Utc>, LocalTimeError> {
    match Copenhagen.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(_, later) => Ok(later.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Skipped(local)),
    }
}

/// The source of `now`. The server owns the one real clock; tests set their own.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current moment.
    fn now(&self) -> DateTime<Utc>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn winter_time_is_utc_plus_one_and_summer_time_utc_plus_two() {
        let winter = from_copenhagen("2026-01-15", "12:00").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-01-15T11:00:00+00:00");
        let summer = from_copenhagen("2026-07-15", "12:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-15T10:00:00+00:00");
    }

    #[test]
    fn a_time_skipped_in_march_is_refused() {
        assert!(matches!(
            from_copenhagen("2026-03-29", "02:30"),
            Err(LocalTimeError::Skipped(_))
        ));
    }

    #[test]
    fn a_time_repeated_in_october_takes_the_later() {
        let t = from_copenhagen("2026-10-25", "02:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T01:30:00+00:00");
    }

    #[test]
    fn bad_input_says_what_was_wrong() {
        assert_eq!(
            from_copenhagen("15/01/2026", "12:00"),
            Err(LocalTimeError::BadDate("15/01/2026".into()))
        );
        assert_eq!(
            from_copenhagen("2026-01-15", "noon"),
            Err(LocalTimeError::BadTime("noon".into()))
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(d in "\\PC*", t in "\\PC*") {
            let _ = from_copenhagen(&d, &t);
        }

        #[test]
        fn a_moment_shown_in_copenhagen_reads_back_the_same(secs in 1_700_000_000i64..1_900_000_000) {
            let at = DateTime::<Utc>::from_timestamp(secs - secs % 60, 0).unwrap();
            let local = in_copenhagen(at);
            let back = from_copenhagen(&local.format("%Y-%m-%d").to_string(), &local.format("%H:%M").to_string()).unwrap();
            // Only the repeated October hour may read back one hour later.
            let diff = (back - at).num_minutes();
            prop_assert!(diff == 0 || diff == 60);
        }
    }
}
