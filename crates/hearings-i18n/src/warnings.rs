//! Warnings about a hearing period, and dates and holidays, in each language.

use chrono::{Datelike, NaiveDate};
use hearings_core::calendar::{DeadlineWarning, Holiday};

use crate::Lang;

impl Lang {
    /// A date, e.g. "25. december 2026" or "25 December 2026".
    pub fn date(&self, d: NaiveDate) -> String {
        let month = self.month(d.month());
        match self {
            Lang::Da => format!("{}. {} {}", d.day(), month, d.year()),
            Lang::En => format!("{} {} {}", d.day(), month, d.year()),
        }
    }

    /// The name of a public holiday.
    pub fn holiday(&self, h: Holiday) -> &'static str {
        self.t(&format!("holiday.{h}"))
    }

    /// A warning about a hearing period, as a sentence.
    pub fn warning(&self, w: &DeadlineWarning) -> String {
        match w {
            DeadlineWarning::DeadlineOnHoliday { holiday, date } => format!(
                "{} {}, {}.",
                self.t("warn.deadline_on_holiday"),
                self.holiday(*holiday),
                self.date(*date)
            ),
            DeadlineWarning::DeadlineInJuly { date } => {
                format!("{} {}.", self.t("warn.deadline_in_july"), self.date(*date))
            }
            DeadlineWarning::PeriodOverlapsJuly => self.t("warn.period_overlaps_july").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearings_core::audit::AuditAction;

    #[test]
    fn every_holiday_and_audit_action_has_a_name_in_both_languages() {
        for h in Holiday::ALL {
            assert!(Lang::has(&format!("holiday.{h}")), "{h}");
        }
        for a in AuditAction::ALL {
            assert!(Lang::has(&format!("audit.action.{a}")), "{a}");
        }
    }

    #[test]
    fn a_deadline_on_christmas_day_is_named_in_each_language() {
        let w = DeadlineWarning::DeadlineOnHoliday {
            holiday: Holiday::Juledag,
            date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
        };
        assert_eq!(
            Lang::Da.warning(&w),
            "Fristen falder på en helligdag: Juledag, 25. december 2026."
        );
        assert_eq!(
            Lang::En.warning(&w),
            "The deadline falls on a public holiday: Christmas Day, 25 December 2026."
        );
        assert!(
            Lang::Da
                .warning(&DeadlineWarning::PeriodOverlapsJuly)
                .contains("juli")
        );
    }
}
