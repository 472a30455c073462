//! The rhythm of check-ins and reviews as consecutive periods from the
//! apprentice's start, each done or missed: a gap shows *where* it happened,
//! not only how long ago the last check-in was.
//!
//! Month periods are added from the start date each time (`started + k
//! months`), so a start on the 31st gives Feb 28, then Mar 31 — never drifts.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::derive::{Period, PeriodState, Regularity};
use crate::model::Rhythm;

/// Periods of `rhythm` from `started` through the one holding `today`;
/// `dates` (sorted) are the days an entry of the kind was logged.
pub fn regularity(started: Date, today: Date, rhythm: Rhythm, dates: &[Date]) -> Regularity {
    let step = step(rhythm);
    let mut next_starts = started.series(step).skip(1);
    let periods: Vec<Period> = started
        .series(step)
        .take_while(|start| *start <= today)
        .map(|start| {
            // The day before the next period; the last representable day if
            // the next one would fall off the calendar.
            let end = next_starts
                .next()
                .and_then(|next| next.yesterday().ok())
                .unwrap_or(Date::MAX);
            let state = if logged_between(dates, start, end) {
                PeriodState::Done
            } else if today <= end {
                PeriodState::Current
            } else {
                PeriodState::Missed
            };
            Period { start, end, state }
        })
        .collect();
    let count = |state| periods.iter().filter(|p| p.state == state).count();
    Regularity {
        done: count(PeriodState::Done),
        missed: count(PeriodState::Missed),
        periods,
    }
}

fn step(rhythm: Rhythm) -> Span {
    match rhythm {
        Rhythm::Week => 7.days(),
        Rhythm::Fortnight => 14.days(),
        Rhythm::Month => 1.month(),
    }
}

/// Whether a sorted `dates` holds a day within `start..=end`.
fn logged_between(dates: &[Date], start: Date, end: Date) -> bool {
    let first = dates.partition_point(|d| *d < start);
    dates.get(first).is_some_and(|d| *d <= end)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;

    fn spans(r: &Regularity) -> Vec<(Date, Date, PeriodState)> {
        r.periods
            .iter()
            .map(|p| (p.start, p.end, p.state))
            .collect()
    }

    use PeriodState::{Current, Done, Missed};

    #[test]
    fn weeks_run_from_the_start_through_today() {
        let r = regularity(
            date(2026, 9, 1),
            date(2026, 9, 20),
            Rhythm::Week,
            &[date(2026, 9, 7), date(2026, 9, 15)],
        );
        assert_eq!(
            spans(&r),
            vec![
                (date(2026, 9, 1), date(2026, 9, 7), Done),
                (date(2026, 9, 8), date(2026, 9, 14), Missed),
                (date(2026, 9, 15), date(2026, 9, 21), Done),
            ]
        );
        assert_eq!((r.done, r.missed), (2, 1));
    }

    #[test]
    fn the_period_holding_today_is_current_until_its_entry() {
        let r = regularity(date(2026, 9, 1), date(2026, 9, 21), Rhythm::Fortnight, &[]);
        assert_eq!(
            spans(&r),
            vec![
                (date(2026, 9, 1), date(2026, 9, 14), Missed),
                (date(2026, 9, 15), date(2026, 9, 28), Current),
            ]
        );
        assert_eq!((r.done, r.missed), (0, 1));
        // Its last day is still today's period, not yet missed.
        let r = regularity(date(2026, 9, 1), date(2026, 9, 14), Rhythm::Fortnight, &[]);
        assert_eq!(
            spans(&r),
            vec![(date(2026, 9, 1), date(2026, 9, 14), Current)]
        );
    }

    #[test]
    fn months_keep_the_day_of_the_start_clamped_to_short_months() {
        let r = regularity(
            date(2027, 1, 31),
            date(2027, 4, 30),
            Rhythm::Month,
            &[date(2027, 2, 27), date(2027, 3, 30)],
        );
        assert_eq!(
            spans(&r),
            vec![
                (date(2027, 1, 31), date(2027, 2, 27), Done),
                (date(2027, 2, 28), date(2027, 3, 30), Done),
                (date(2027, 3, 31), date(2027, 4, 29), Missed),
                (date(2027, 4, 30), date(2027, 5, 30), Current),
            ]
        );
    }

    #[test]
    fn a_leap_year_gives_february_its_29th() {
        let r = regularity(date(2028, 1, 30), date(2028, 3, 1), Rhythm::Month, &[]);
        assert_eq!(
            spans(&r),
            vec![
                (date(2028, 1, 30), date(2028, 2, 28), Missed),
                (date(2028, 2, 29), date(2028, 3, 29), Current),
            ]
        );
    }

    #[test]
    fn a_start_after_today_has_no_periods() {
        let r = regularity(date(2026, 10, 1), date(2026, 9, 30), Rhythm::Week, &[]);
        assert_eq!(r, Regularity::default());
    }

    #[test]
    fn entries_before_the_start_count_for_no_period() {
        let r = regularity(
            date(2026, 9, 1),
            date(2026, 9, 3),
            Rhythm::Week,
            &[date(2026, 8, 31)],
        );
        assert_eq!(
            spans(&r),
            vec![(date(2026, 9, 1), date(2026, 9, 7), Current)]
        );
    }

    fn arb_rhythm() -> impl Strategy<Value = Rhythm> {
        prop::sample::select(Rhythm::ALL.to_vec())
    }

    fn arb_day() -> impl Strategy<Value = Date> {
        // Four years around a leap day, starting on any day of the month.
        (0i64..1461).prop_map(|n| date(2027, 1, 1).saturating_add(n.days()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn periods_tile_the_days_from_the_start_through_today(
            started in arb_day(),
            today in arb_day(),
            rhythm in arb_rhythm(),
            mut dates in prop::collection::vec(arb_day(), 0..20),
        ) {
            dates.sort();
            let r = regularity(started, today, rhythm, &dates);
            if started > today {
                prop_assert!(r.periods.is_empty());
                return Ok(());
            }
            // Back to back, from the start, the last one holding today.
            prop_assert_eq!(r.periods[0].start, started);
            for pair in r.periods.windows(2) {
                prop_assert_eq!(pair[0].end.tomorrow().unwrap(), pair[1].start);
            }
            let last = r.periods.last().unwrap();
            prop_assert!(last.start <= today && today <= last.end);
            // Each one a period long.
            for p in &r.periods {
                let days = (p.end - p.start).get_days() + 1;
                match rhythm {
                    Rhythm::Week => prop_assert_eq!(days, 7),
                    Rhythm::Fortnight => prop_assert_eq!(days, 14),
                    Rhythm::Month => prop_assert!((28..=31).contains(&days)),
                }
            }
            // So they cover started..=today, and one fewer would not.
            let elapsed = (today - started).get_days() + 1;
            if rhythm != Rhythm::Month {
                let len = step(rhythm).get_days();
                let n = i32::try_from(r.periods.len()).unwrap();
                prop_assert!(n * len >= elapsed && (n - 1) * len < elapsed);
            }
            // Done exactly where an entry falls; the current one only at the end.
            for (i, p) in r.periods.iter().enumerate() {
                let logged = dates.iter().any(|d| p.start <= *d && *d <= p.end);
                prop_assert_eq!(p.state == Done, logged);
                prop_assert_eq!(p.state == Current, !logged && i + 1 == r.periods.len());
            }
            let current = usize::from(last.state == Current);
            prop_assert_eq!(r.done + r.missed + current, r.periods.len());
        }
    }
}
