//! Calendar tests against the State Council notices: day kinds around Spring Festival, National
//! Day and 调休 weekends, year boundaries, per-year counts of the exported data, import/export.
#![allow(clippy::unwrap_used)]

use gongkai_domain::calendar::{
    CalendarError, DayKind, WorkCalendar, parse_arrangements, parse_count, parse_date,
};
use rstest::rstest;

fn d(s: &str) -> chrono::NaiveDate {
    parse_date(s).unwrap()
}

#[rstest]
// 2008: first year with 清明/端午/中秋; 元旦 block starts in 2007
#[case("2007-12-29", "makeup-workday 元旦")]
#[case("2007-12-31", "holiday 元旦")]
#[case("2008-02-02", "makeup-workday 春节")]
#[case("2008-02-06", "holiday 春节")]
#[case("2008-02-12", "holiday 春节")]
#[case("2008-02-13", "workday")]
#[case("2008-04-04", "holiday 清明节")]
#[case("2008-06-09", "holiday 端午节")]
#[case("2008-09-15", "holiday 中秋节")]
#[case("2008-09-28", "makeup-workday 国庆节")]
#[case("2008-10-05", "holiday 国庆节")]
#[case("2008-10-06", "workday")]
// 2015 抗战胜利70周年纪念日 (国发明电〔2015〕1号)
#[case("2015-09-03", "holiday 抗战胜利70周年纪念日")]
#[case("2015-09-06", "makeup-workday 抗战胜利70周年纪念日")]
// 2019 劳动节 adjusted by 国办发明电〔2019〕3号
#[case("2019-04-28", "makeup-workday 劳动节")]
#[case("2019-05-02", "holiday 劳动节")]
#[case("2019-05-05", "makeup-workday 劳动节")]
#[case("2019-05-15", "workday")]
// 2020 Spring Festival extended by 国办发明电〔2020〕1号
#[case("2020-01-19", "makeup-workday 春节")]
#[case("2020-01-31", "holiday 春节")]
#[case("2020-02-01", "holiday 春节")]
#[case("2020-02-02", "holiday 春节")]
#[case("2020-02-03", "workday")]
#[case("2020-10-08", "holiday 国庆节、中秋节")]
#[case("2020-10-10", "makeup-workday 国庆节、中秋节")]
// 2023 元旦 starts 2022-12-31
#[case("2022-12-31", "holiday 元旦")]
#[case("2023-01-02", "holiday 元旦")]
#[case("2023-01-28", "makeup-workday 春节")]
#[case("2023-10-07", "makeup-workday 中秋节、国庆节")]
// 2024
#[case("2024-02-04", "makeup-workday 春节")]
#[case("2024-02-10", "holiday 春节")]
#[case("2024-02-17", "holiday 春节")]
#[case("2024-02-18", "makeup-workday 春节")]
#[case("2024-09-29", "makeup-workday 国庆节")]
#[case("2024-10-07", "holiday 国庆节")]
#[case("2024-10-12", "makeup-workday 国庆节")]
// 2025: 除夕 a day off under 国务院令第795号
#[case("2025-01-28", "holiday 春节")]
#[case("2025-01-26", "makeup-workday 春节")]
#[case("2025-02-08", "makeup-workday 春节")]
#[case("2025-05-05", "holiday 劳动节")]
#[case("2025-10-08", "holiday 国庆节、中秋节")]
#[case("2025-10-11", "makeup-workday 国庆节、中秋节")]
// 2026
#[case("2026-01-04", "makeup-workday 元旦")]
#[case("2026-02-14", "makeup-workday 春节")]
#[case("2026-02-23", "holiday 春节")]
#[case("2026-02-28", "makeup-workday 春节")]
#[case("2026-09-20", "makeup-workday 国庆节")]
#[case("2026-10-10", "makeup-workday 国庆节")]
// ordinary days and beyond the data
#[case("2026-12-31", "workday")]
#[case("2027-01-02", "weekend")]
#[case("2014-04-06", "weekend")]
fn day_kinds(#[case] date: &str, #[case] expected: &str) {
    let cal = WorkCalendar::official();
    assert_eq!(cal.day_kind(d(date)).cli_label(), expected);
}

#[rstest]
// across Spring Festival 2024: 2024-02-08 (Thu) + 1 → 02-09 (Fri); +2 → skips 02-10..17, 02-18 is a makeup Sunday
#[case("2024-02-08", 1, "2024-02-09")]
#[case("2024-02-08", 2, "2024-02-18")]
#[case("2024-02-09", 1, "2024-02-18")]
#[case("2024-02-09", 2, "2024-02-19")]
// National Day 2024: 09-27 (Fri) + 1 → 09-29 makeup Sunday; +2 → 09-30; +3 → 10-08
#[case("2024-09-27", 1, "2024-09-29")]
#[case("2024-09-27", 2, "2024-09-30")]
#[case("2024-09-27", 3, "2024-10-08")]
// Spring Festival 2025
#[case("2025-01-24", 1, "2025-01-26")]
#[case("2025-01-26", 1, "2025-01-27")]
#[case("2025-01-27", 1, "2025-02-05")]
// National Day 2025 (8 days with 中秋)
#[case("2025-09-30", 1, "2025-10-09")]
#[case("2025-10-09", 1, "2025-10-10")]
#[case("2025-10-10", 1, "2025-10-11")]
// Spring Festival 2020 with the COVID extension: Feb 1 is no longer a working day
#[case("2020-01-23", 1, "2020-02-03")]
// National Day 2019 and the 2019-05-15 switch
#[case("2019-09-27", 1, "2019-09-29")]
#[case("2019-09-30", 1, "2019-10-08")]
#[case("2019-05-14", 20, "2019-06-12")]
#[case("2019-05-15", 20, "2019-06-13")]
// year boundaries
#[case("2022-12-30", 1, "2023-01-03")]
#[case("2018-12-28", 1, "2018-12-29")]
#[case("2018-12-29", 1, "2019-01-02")]
#[case("2007-12-28", 1, "2007-12-29")]
#[case("2026-12-31", 1, "2027-01-01")]
// start day itself is not counted; n = 0 is the start day
#[case("2024-05-06", 0, "2024-05-06")]
#[case("2024-05-06", 1, "2024-05-07")]
fn add_workdays_cases(#[case] from: &str, #[case] n: i64, #[case] expected: &str) {
    let cal = WorkCalendar::official();
    let r = cal.add_workdays(d(from), n).unwrap();
    assert_eq!(r.date, d(expected));
    assert_eq!(cal.workdays_between(d(from), r.date), n);
}

#[test]
fn beyond_loaded_years_warns() {
    let cal = WorkCalendar::official();
    let r = cal.add_workdays(d("2026-12-30"), 5).unwrap();
    assert_eq!(r.date, d("2027-01-06"));
    let w = r.warning().unwrap();
    assert!(w.contains("2027年"), "{w}");
    assert!(cal.add_workdays(d("2026-06-01"), 5).unwrap().warning().is_none());
    let early = cal.add_workdays(d("2007-06-01"), 3).unwrap();
    assert!(early.warning().unwrap().contains("2007年"));
}

#[test]
fn bad_counts_are_errors() {
    let cal = WorkCalendar::official();
    assert_eq!(cal.add_workdays(d("2024-01-01"), -1), Err(CalendarError::NegativeCount { n: -1 }));
    assert!(cal.add_workdays(d("2024-01-01"), 1_000_000).is_err());
    assert!(parse_count("-3").is_err());
    assert!(parse_count("x").is_err());
    assert_eq!(parse_count("12"), Ok(12));
    for bad in ["2024-13-01", "2024-02-30", "2024/01/01", "24-01-01", "", "2024-1-1"] {
        let e = parse_date(bad).unwrap_err();
        assert!(e.to_string().contains("YYYY-MM-DD"), "{bad}: {e}");
    }
}

/// Days off / weekend working days per year, counted by hand from each notice's text
/// (ranges "X日至Y日放假" count every day; "X日放假，与周末连休" counts only the named day).
const EXPECTED_COUNTS: [(i32, usize, usize); 19] = [
    (2008, 29, 6),
    (2009, 27, 6),
    (2010, 29, 8),
    (2011, 29, 5),
    (2012, 27, 7),
    (2013, 29, 12),
    (2014, 22, 5),
    (2015, 26, 5),
    (2016, 24, 6),
    (2017, 24, 5),
    (2018, 23, 6),
    (2019, 24, 7),
    (2020, 30, 6),
    (2021, 31, 7),
    (2022, 31, 7),
    (2023, 27, 7),
    (2024, 28, 8),
    (2025, 28, 5),
    (2026, 33, 6),
];

#[test]
fn exported_data_has_the_verified_counts_per_year() {
    let cal = WorkCalendar::official();
    let csv = cal.export_csv(2008, 2026);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("date,kind,name"));
    let rows: Vec<&str> = lines.collect();
    let total_h: usize = EXPECTED_COUNTS.iter().map(|c| c.1).sum();
    let total_w: usize = EXPECTED_COUNTS.iter().map(|c| c.2).sum();
    assert_eq!(rows.len(), total_h + total_w);
    // Re-import the plain export: same years, same counts (元旦 rows in December go to next year).
    let years = parse_arrangements(&csv).unwrap();
    assert_eq!(years.len(), 19);
    for (y, (year, h, w)) in years.iter().zip(EXPECTED_COUNTS) {
        assert_eq!(y.year, year);
        assert_eq!((y.holiday_count(), y.workday_count()), (h, w), "{year}");
        let official = cal.year(year).unwrap();
        assert_eq!(official.holiday_count(), h, "{year}");
        assert_eq!(official.workday_count(), w, "{year}");
    }
    // Spring Festival length per year: 7 days, 2020 10 days (extension), 2024/2025 8, 2026 9.
    for (year, len) in [(2008, 7), (2014, 7), (2020, 10), (2024, 8), (2025, 8), (2026, 9)] {
        let n = cal
            .year(year)
            .unwrap()
            .days
            .iter()
            .filter(|a| a.name == "春节" && a.kind.as_str() == "holiday")
            .count();
        assert_eq!(n, len, "{year}");
    }
    assert!(csv.contains("2007-12-29,workday,元旦\n"));
    assert!(csv.contains("2020-02-02,holiday,春节\n"));
    assert!(!csv.contains("2020-02-01,workday"));
    assert!(cal.export_csv(2027, 2030) == "date,kind,name\n");
}

#[test]
fn import_adds_a_year_and_round_trips_with_citations() {
    let text = "# @year 2027\n# @source test notice\ndate,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n";
    let extra = parse_arrangements(text).unwrap();
    let cal = WorkCalendar::with_years(extra).unwrap();
    assert!(cal.loaded_years().contains(&2027));
    assert_eq!(cal.day_kind(d("2027-02-06")), DayKind::MakeupWorkday { name: "春节".into() });
    assert!(cal.add_workdays(d("2027-01-05"), 3).unwrap().warning().is_none());
    let round = parse_arrangements(&cal.export_arrangements(2008, 2027)).unwrap();
    assert_eq!(round.len(), 20);
    assert_eq!(round[19].sources, vec!["test notice".to_string()]);
    assert_eq!(WorkCalendar::from_years(round).unwrap().export_csv(2008, 2027), cal.export_csv(2008, 2027));
}
