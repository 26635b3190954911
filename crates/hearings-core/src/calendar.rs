//! The Danish calendar as it matters to a hearing period: public holidays
//! (with Easter by the anonymous Gregorian algorithm) and the summer
//! holidays in July. Staff are warned, never refused, when a deadline falls
//! on such a day or a period overlaps July.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::organisation::named_enum;
use crate::time::in_copenhagen;

named_enum!(
    /// A Danish public holiday (helligdag), or one of the days around
    /// Christmas and New Year when offices are closed.
    Holiday {
        /// 1 January.
        Nytaarsdag => "nytaarsdag",
        /// Thursday before Easter.
        Skaertorsdag => "skaertorsdag",
        /// Friday before Easter.
        Langfredag => "langfredag",
        /// Easter Sunday.
        Paaskedag => "paaskedag",
        /// Easter Monday.
        AndenPaaskedag => "anden_paaskedag",
        /// 39 days after Easter.
        KristiHimmelfartsdag => "kristi_himmelfartsdag",
        /// 49 days after Easter.
        Pinsedag => "pinsedag",
        /// 50 days after Easter.
        AndenPinsedag => "anden_pinsedag",
        /// 24 December.
        Juleaftensdag => "juleaftensdag",
        /// 25 December.
        Juledag => "juledag",
        /// 26 December.
        AndenJuledag => "anden_juledag",
        /// 31 December.
        Nytaarsaftensdag => "nytaarsaftensdag",
    }
);

/// Easter Sunday of a year of the Gregorian calendar, by the anonymous
/// Gregorian algorithm (Meeus/Jones/Butcher). `None` only for a year
/// outside the range of dates that can be represented.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The holiday on a date, if any.
pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    match (date.month(), date.day()) {
        (1, 1) => return Some(Holiday::Nytaarsdag),
        (12, 24) => return Some(Holiday::Juleaftensdag),
        (12, 25) => return Some(Holiday::Juledag),
        (12, 26) => return Some(Holiday::AndenJuledag),
        (12, 31) => return Some(Holiday::Nytaarsaftensdag),
        _ => {}
    }
    let easter = easter_sunday(date.year())?;
    let offset = date.signed_duration_since(easter).num_days();
    match offset {
        -3 => Some(Holiday::Skaertorsdag),
        -2 => Some(Holiday::Langfredag),
        0 => Some(Holiday::Paaskedag),
        1 => Some(Holiday::AndenPaaskedag),
        39 => Some(Holiday::KristiHimmelfartsdag),
        49 => Some(Holiday::Pinsedag),
        50 => Some(Holiday::AndenPinsedag),
        _ => None,
    }
}

/// Why staff should think twice about a hearing period. A warning never
/// refuses the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineWarning {
    /// The deadline's Copenhagen date is a public holiday.
    DeadlineOnHoliday {
        /// Which.
        holiday: Holiday,
        /// The deadline's date in Copenhagen.
        date: NaiveDate,
    },
    /// The deadline falls in July, the summer holidays.
    DeadlineInJuly {
        /// The deadline's date in Copenhagen.
        date: NaiveDate,
    },
    /// The period includes days of July, though the deadline is not in July.
    PeriodOverlapsJuly,
}

impl DeadlineWarning {
    /// The stable code (`deadline_on_holiday`, `deadline_in_july`,
    /// `period_overlaps_july`).
    pub fn code(&self) -> &'static str {
        match self {
            DeadlineWarning::DeadlineOnHoliday { .. } => "deadline_on_holiday",
            DeadlineWarning::DeadlineInJuly { .. } => "deadline_in_july",
            DeadlineWarning::PeriodOverlapsJuly => "period_overlaps_july",
        }
    }
}

fn overlaps_july(first: NaiveDate, last: NaiveDate) -> bool {
    if last < first {
        return false;
    }
    // A span of two years or more always holds a July.
    let years = first.year()..=last.year().min(first.year().saturating_add(2));
    years.into_iter().any(|y| {
        match (
            NaiveDate::from_ymd_opt(y, 7, 1),
            NaiveDate::from_ymd_opt(y, 7, 31),
        ) {
            (Some(july_1), Some(july_31)) => first <= july_31 && last >= july_1,
            _ => false,
        }
    })
}

/// The warnings for a hearing period, on the Copenhagen calendar: the
/// deadline on a public holiday, the deadline in July, or (when the deadline
/// is not in July) a period that includes days of July. A hearing without
/// a deadline gets none.
pub fn deadline_warnings(
    opens_at: DateTime<Utc>,
    closes_at: Option<DateTime<Utc>>,
) -> Vec<DeadlineWarning> {
    let Some(closes_at) = closes_at else {
        return Vec::new();
    };
    let first = in_copenhagen(opens_at).date_naive();
    let date = in_copenhagen(closes_at).date_naive();
    let mut warnings = Vec::new();
    if let Some(holiday) = holiday_on(date) {
        warnings.push(DeadlineWarning::DeadlineOnHoliday { holiday, date });
    }
    if date.month() == 7 {
        warnings.push(DeadlineWarning::DeadlineInJuly { date });
    } else if overlaps_july(first, date) {
        warnings.push(DeadlineWarning::PeriodOverlapsJuly);
    }
    warnings
}

/// The holidays of a year, in date order (for showing a calendar).
pub fn holidays_of(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let Some(mut day) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while day.year() == year {
        if let Some(h) = holiday_on(day) {
            out.push((day, h));
        }
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_copenhagen;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_follows_the_anonymous_gregorian_algorithm() {
        for (year, month, day) in [
            (1818, 3, 22), // the earliest possible
            (1943, 4, 25), // the latest possible
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
    }

    #[test]
    fn the_danish_holidays_of_2026_are_the_twelve_expected() {
        let got = holidays_of(2026);
        let expected = vec![
            (d(2026, 1, 1), Holiday::Nytaarsdag),
            (d(2026, 4, 2), Holiday::Skaertorsdag),
            (d(2026, 4, 3), Holiday::Langfredag),
            (d(2026, 4, 5), Holiday::Paaskedag),
            (d(2026, 4, 6), Holiday::AndenPaaskedag),
            (d(2026, 5, 14), Holiday::KristiHimmelfartsdag),
            (d(2026, 5, 24), Holiday::Pinsedag),
            (d(2026, 5, 25), Holiday::AndenPinsedag),
            (d(2026, 12, 24), Holiday::Juleaftensdag),
            (d(2026, 12, 25), Holiday::Juledag),
            (d(2026, 12, 26), Holiday::AndenJuledag),
            (d(2026, 12, 31), Holiday::Nytaarsaftensdag),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn the_moving_holidays_of_2027_follow_easter_on_28_march() {
        assert_eq!(holiday_on(d(2027, 3, 25)), Some(Holiday::Skaertorsdag));
        assert_eq!(holiday_on(d(2027, 3, 26)), Some(Holiday::Langfredag));
        assert_eq!(holiday_on(d(2027, 3, 29)), Some(Holiday::AndenPaaskedag));
        assert_eq!(
            holiday_on(d(2027, 5, 6)),
            Some(Holiday::KristiHimmelfartsdag)
        );
        assert_eq!(holiday_on(d(2027, 5, 17)), Some(Holiday::AndenPinsedag));
        assert_eq!(holiday_on(d(2027, 3, 27)), None, "påskelørdag is not one");
        assert_eq!(holiday_on(d(2027, 6, 5)), None, "Grundlovsdag is not one");
    }

    fn at(date: &str, time: &str) -> DateTime<Utc> {
        from_copenhagen(date, time).unwrap()
    }

    #[test]
    fn a_deadline_on_christmas_day_is_warned_about() {
        let w = deadline_warnings(at("2026-11-20", "08:00"), Some(at("2026-12-25", "12:00")));
        assert_eq!(
            w,
            vec![DeadlineWarning::DeadlineOnHoliday {
                holiday: Holiday::Juledag,
                date: d(2026, 12, 25)
            }]
        );
        assert_eq!(w[0].code(), "deadline_on_holiday");
    }

    #[test]
    fn a_deadline_is_read_on_the_copenhagen_calendar() {
        // 23:30 on 24 December in Copenhagen is 22:30 UTC the same day;
        // 00:30 on 1 January in Copenhagen is still 31 December in UTC.
        let w = deadline_warnings(at("2026-12-01", "08:00"), Some(at("2027-01-01", "00:30")));
        assert_eq!(
            w,
            vec![DeadlineWarning::DeadlineOnHoliday {
                holiday: Holiday::Nytaarsdag,
                date: d(2027, 1, 1)
            }]
        );
    }

    #[test]
    fn a_deadline_in_july_is_warned_about_once() {
        let w = deadline_warnings(at("2026-06-01", "08:00"), Some(at("2026-07-14", "12:00")));
        assert_eq!(
            w,
            vec![DeadlineWarning::DeadlineInJuly {
                date: d(2026, 7, 14)
            }]
        );
    }

    #[test]
    fn a_period_across_july_is_warned_about() {
        let w = deadline_warnings(at("2026-06-20", "08:00"), Some(at("2026-08-17", "12:00")));
        assert_eq!(w, vec![DeadlineWarning::PeriodOverlapsJuly]);
        let w = deadline_warnings(at("2026-07-31", "23:00"), Some(at("2026-08-31", "12:00")));
        assert_eq!(
            w,
            vec![DeadlineWarning::PeriodOverlapsJuly],
            "one day is enough"
        );
        let w = deadline_warnings(at("2025-08-01", "08:00"), Some(at("2027-03-02", "12:00")));
        assert_eq!(
            w,
            vec![DeadlineWarning::PeriodOverlapsJuly],
            "a long period"
        );
    }

    #[test]
    fn an_ordinary_tuesday_in_march_gets_no_warning() {
        // 10 March 2026 is a Tuesday.
        let w = deadline_warnings(at("2026-02-02", "08:00"), Some(at("2026-03-10", "12:00")));
        assert!(w.is_empty(), "{w:?}");
        let w = deadline_warnings(at("2026-08-01", "08:00"), Some(at("2026-09-01", "12:00")));
        assert!(w.is_empty(), "starting on 1 August is after July");
        assert!(deadline_warnings(at("2026-06-01", "08:00"), None).is_empty());
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..4000) {
            let e = easter_sunday(year).unwrap();
            prop_assert_eq!(e.weekday(), chrono::Weekday::Sun);
            prop_assert!(e >= d(year, 3, 22) && e <= d(year, 4, 25));
        }

        #[test]
        fn warnings_never_panic(a in -10_000_000_000i64..10_000_000_000, b in -10_000_000_000i64..10_000_000_000) {
            let (Some(a), Some(b)) = (DateTime::from_timestamp(a, 0), DateTime::from_timestamp(b, 0)) else {
                return Ok(());
            };
            let _ = deadline_warnings(a, Some(b));
        }
    }
}
