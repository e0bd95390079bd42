//! Benchmarks of the statutory clock: working-day arithmetic and a full deadline computation.
//!
//! Run: `cargo bench -p gongkai_domain --bench clock`.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::clock::{
    Channel, ClockSettings, Consultation, ConsultationKind, Extension, RequestTimeline, compute,
    compute_quiet,
};
use std::hint::black_box;

fn dates(n: usize) -> Vec<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2019, 5, 15).unwrap();
    (0..n).map(|i| start + Duration::days((i * 37 % 2700) as i64)).collect()
}

fn bench(c: &mut Criterion) {
    let cal = WorkCalendar::official();
    let ds = dates(1024);
    let settings = ClockSettings::default();

    c.bench_function("add_workdays(date, 20)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(cal.add_workdays(black_box(ds[i]), 20).unwrap())
        })
    });
    c.bench_function("workdays_between", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(cal.workdays_between(black_box(ds[i]), black_box(ds[(i + 7) & 1023])))
        })
    });
    c.bench_function("is_workday", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(cal.is_workday(black_box(ds[i])))
        })
    });

    let plain: Vec<RequestTimeline> =
        ds.iter().map(|d| RequestTimeline::new(Channel::InPerson, *d)).collect();
    c.bench_function("compute: plain request", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(compute(&plain[i], &cal, &settings, ds[i] + Duration::days(10)).unwrap())
        })
    });
    let busy: Vec<RequestTimeline> = ds
        .iter()
        .map(|d| {
            let mut t = RequestTimeline::new(Channel::Online, *d);
            let from = cal.add_workdays(*d, 3).unwrap().date;
            t.consultations.push(Consultation {
                kind: ConsultationKind::ThirdParty,
                from,
                to: Some(from + Duration::days(12)),
            });
            t.extensions.push(Extension::default());
            t
        })
        .collect();
    c.bench_function("compute: consultation + extension", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(compute(&busy[i], &cal, &settings, ds[i] + Duration::days(10)).unwrap())
        })
    });
    c.bench_function("compute_quiet: plain request", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(compute_quiet(&plain[i], &cal, &settings, ds[i] + Duration::days(10)).unwrap())
        })
    });
    c.bench_function("compute_quiet: consultation + extension", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            black_box(compute_quiet(&busy[i], &cal, &settings, ds[i] + Duration::days(10)).unwrap())
        })
    });
    c.bench_function("official calendar load", |b| b.iter(|| black_box(WorkCalendar::official())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
