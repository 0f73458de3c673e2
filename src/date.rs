//! Calendar dates for scenarios that set `start_date`.
//!
//! Only proleptic Gregorian dates in `YYYY-MM-DD` form are needed, so this is
//! a few lines of arithmetic rather than a date-time dependency. The day
//! counting is Howard Hinnant's `days_from_civil` / `civil_from_days`
//! (<https://howardhinnant.github.io/date_algorithms.html>).

use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Format,
    /// Well formed, but no such day (e.g. `2025-02-30`).
    NoSuchDay,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format => f.write_str("expected a date written YYYY-MM-DD"),
            DateError::NoSuchDay => f.write_str("no such day in the calendar"),
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if it exists. Years are limited to 1..=9999 so that every
    /// date prints as four digits and round-trips through [`Date::parse`].
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(DateError::NoSuchDay);
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Format);
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(DateError::Format);
        };
        Date::new(year as i32, month as u8, day as u8)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn to_days(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if it lies in years 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day).ok()
    }

    /// The date `days` later, if it lies in years 1..=9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_day_zero() {
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
    }

    #[test]
    fn known_day_counts() {
        // 2000-03-01: 30 years of 365 days plus 7 leap days (1972..1996) = 10957
        // days to 2000-01-01, then 31 (Jan) + 29 (Feb, 2000 is leap) = 11017.
        assert_eq!(Date::parse("2000-03-01").unwrap().to_days(), 11_017);
        // 2025-07-10 + 30 days: 21 days left in July, 9 into August.
        let d = Date::parse("2025-07-10").unwrap();
        assert_eq!(d.add_days(30).unwrap().to_string(), "2025-08-09");
        // Across a leap day: 2024-02-28 + 2 = 2024-03-01.
        let d = Date::parse("2024-02-28").unwrap();
        assert_eq!(d.add_days(2).unwrap().to_string(), "2024-03-01");
        // 1900 is not a leap year: 1900-02-28 + 1 = 1900-03-01.
        let d = Date::parse("1900-02-28").unwrap();
        assert_eq!(d.add_days(1).unwrap().to_string(), "1900-03-01");
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        assert_eq!(Date::parse("2025-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-04-31"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-00-10"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("0000-01-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2025-7-10"), Err(DateError::Format));
        assert_eq!(Date::parse("10/07/2025"), Err(DateError::Format));
        assert_eq!(Date::parse("2025-07-1x"), Err(DateError::Format));
        assert_eq!(Date::parse("+025-07-10"), Err(DateError::Format));
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn round_trip_every_day_of_four_centuries() {
        let start = Date::parse("1800-01-01").unwrap().to_days();
        for days in start..start + 146_097 {
            let date = Date::from_days(days).unwrap();
            assert_eq!(date.to_days(), days);
            assert_eq!(Date::parse(&date.to_string()).unwrap(), date);
        }
    }
}
