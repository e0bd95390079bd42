//! Unit tests of the calendar against the State Council notices.
#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

#[test]
fn official_data_parses_and_covers_2008_to_2026() {
    let years = parse_arrangements(OFFICIAL_DATA).unwrap();
    let ys: Vec<i32> = years.iter().map(|y| y.year).collect();
    assert_eq!(ys, (2008..=2026).collect::<Vec<_>>());
    assert!(years.iter().all(|y| !y.sources.is_empty()));
    let cal = WorkCalendar::official();
    assert_eq!(cal.loaded_years(), (2008..=2026).collect::<Vec<_>>());
}

#[test]
fn cum_is_consistent_with_is_workday() {
    let cal = WorkCalendar::official();
    let mut day = d("2006-06-01");
    let end = d("2028-06-01");
    let mut count = 0;
    let start = day;
    while day < end {
        day = day.succ_opt().unwrap();
        if cal.is_workday(day) {
            count += 1;
        }
        assert_eq!(cal.is_workday(day), cal.day_kind(day).is_workday(), "{day}");
        assert_eq!(cal.workdays_between(start, day), count, "{day}");
    }
}

#[test]
fn parse_errors_name_the_line() {
    let e =
        parse_arrangements("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n").unwrap_err();
    assert!(e.to_string().contains("第3行"), "{e}");
    let e = parse_arrangements("2027-01-04,workday,元旦\n").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
    let e = parse_arrangements("2027-01-02,off,元旦\n").unwrap_err();
    assert!(e.to_string().contains("holiday"), "{e}");
    let e = parse_arrangements("2027-01-02,holiday\n").unwrap_err();
    assert!(e.to_string().contains("3"), "{e}");
    assert_eq!(parse_arrangements("# nothing\n"), Err(CalendarError::Empty));
}
