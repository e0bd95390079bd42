//! Reports per second on one core: text/HTML reports and PDF reports.
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn load(names: &[&str]) -> Vec<(String, Vec<u8>)> {
    names
        .iter()
        .map(|n| ((*n).to_owned(), std::fs::read(format!("{DATA}/{n}")).unwrap_or_default()))
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = load(&[
        "000_910d79ecf003d37e.txt",
        "005_shuyang-xian-fagaiju_2023.html",
        "015_pingtan-xian-zhengfu_2011.txt",
        "017_pingtan-xian-zhengfu_2012.txt",
    ]);
    let pdf = load(&["001_huaian-shi_2024.pdf", "002_hongze-qu_2023.pdf", "003_hongze-qu_2024.pdf"]);
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.throughput(Throughput::Elements(text.len() as u64));
    g.bench_function("text_html_4_reports", |b| {
        b.iter(|| {
            for (n, bytes) in &text {
                std::hint::black_box(gongkai_check::check_bytes(n, bytes));
            }
        });
    });
    g.throughput(Throughput::Elements(pdf.len() as u64));
    g.bench_function("pdf_3_reports", |b| {
        b.iter(|| {
            for (n, bytes) in &pdf {
                std::hint::black_box(gongkai_check::check_bytes(n, bytes));
            }
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
