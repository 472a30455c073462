//! The reference day every date-dependent status is judged on.
//!
//! FORMAT.md: `--today` when given, else `[programme] as_of`, else the day of
//! `SOURCE_DATE_EPOCH` (reproducible builds), else the clock; never later than
//! `[programme] end`. One function, so `check`, `build` and `new entry` agree.

use jiff::civil::Date;

use crate::model::Config;

/// The day a status ("late", "overdue check-in") is judged on.
pub fn reference_day(flag: Option<Date>, config: &Config) -> Date {
    let day = flag.or(config.programme.as_of).unwrap_or_else(current_date);
    match &config.programme.end {
        Some(end) if end.value < day => end.value,
        _ => day,
    }
}

/// Today by the calendar: `SOURCE_DATE_EPOCH`'s day when set, else the
/// system clock's local date.
pub fn current_date() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .map(|ts| ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}
