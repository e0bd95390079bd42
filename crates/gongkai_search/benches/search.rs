//! Criterion benchmarks for regressions: queries on a 10,000-item in-memory index and the
//! sensitive-content scanner on a 1,000-row roster. The full figures (100,000 items, FTS5
//! baseline) come from `examples/search_bench.rs`; see docs/SEARCH.md.

#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai_search::{Query, SearchDoc, SearchIndex, corpus};

fn bench(c: &mut Criterion) {
    let docs: Vec<SearchDoc> = corpus::generate(2026, 10_000).collect();
    let exact = docs[5000].index_number.clone();
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(docs).unwrap();
    let q = |s: Option<&str>| Query { q: s.map(str::to_owned), page: 1, per_page: 20, ..Query::default() };
    let mut g = c.benchmark_group("search_10k");
    g.bench_function("word_inside_phrase", |b| b.iter(|| index.search(&q(Some("营商"))).unwrap()));
    g.bench_function("two_words", |b| b.iter(|| index.search(&q(Some("安全生产 检查"))).unwrap()));
    g.bench_function("exact_index_number", |b| b.iter(|| index.search(&q(Some(&exact))).unwrap()));
    g.bench_function("newest_first", |b| b.iter(|| index.search(&q(None)).unwrap()));
    g.finish();

    let mut roster = String::from("序号\t姓名\t身份证号\t联系电话\t家庭住址\n");
    for i in 0..1000 {
        roster.push_str(&format!(
            "{i}\t某某\t11010519491231002X\t1391234{:04}\t清流县嵩口镇东坑村{}组\n",
            i,
            i % 9 + 1
        ));
    }
    let settings = gongkai_domain::pii::ScanSettings::default();
    c.bench_function("pii_scan_roster_1000_rows", |b| {
        b.iter(|| gongkai_domain::pii::scan(&roster, &settings))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
