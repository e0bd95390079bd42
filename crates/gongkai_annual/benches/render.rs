//! Rendering one report (the demo township's 2025 report, national format) in every format.
//! `cargo bench -p gongkai_annual --bench render`
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai_annual::{demo_township_2025, lint, to_docx, to_html, to_json, to_markdown, to_pdf, to_xlsx};

fn render(c: &mut Criterion) {
    let doc = demo_township_2025().unwrap();
    // Warm the PDF engine (font unpacking, typst library) outside the measurement.
    to_pdf(&doc).unwrap();
    c.bench_function("generate", |b| b.iter(|| black_box(demo_township_2025().unwrap())));
    c.bench_function("html", |b| b.iter(|| black_box(to_html(&doc))));
    c.bench_function("markdown", |b| b.iter(|| black_box(to_markdown(&doc))));
    c.bench_function("json", |b| b.iter(|| black_box(to_json(&doc).unwrap())));
    c.bench_function("xlsx", |b| b.iter(|| black_box(to_xlsx(&doc).unwrap())));
    c.bench_function("docx", |b| b.iter(|| black_box(to_docx(&doc).unwrap())));
    c.bench_function("pdf", |b| b.iter(|| black_box(to_pdf(&doc).unwrap())));
    c.bench_function("lint", |b| b.iter(|| black_box(lint(&doc))));
    c.bench_function("all_formats", |b| {
        b.iter(|| {
            black_box(to_html(&doc));
            black_box(to_markdown(&doc));
            black_box(to_json(&doc).unwrap());
            black_box(to_xlsx(&doc).unwrap());
            black_box(to_docx(&doc).unwrap());
            black_box(to_pdf(&doc).unwrap());
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = render
}
criterion_main!(benches);
