//! Search benchmark: a generated corpus of catalog items indexed with tantivy + jieba (this crate)
//! and with SQLite FTS5 (`trigram` tokenizer) as a baseline; indexing rate, query latency p50/p99
//! for typical queries, single-item publish (upsert + commit) latency, index size, peak memory,
//! and the sensitive-content scanner's throughput.
//!
//! ```sh
//! export CARGO_TARGET_DIR=/root/.cache/gk-search
//! cargo run --release -j 1 -p gongkai_search --example search_bench -- 100000
//! ```
//!
//! Arguments: `[COUNT] [SEED]` (default 100000, 2026). Prints Markdown.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use gongkai_search::{Query, SearchDoc, SearchIndex, WriterSettings, corpus, query_words};
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Row, SqlitePool};

struct Case {
    label: &'static str,
    query: Query,
}

fn query(q: Option<&str>) -> Query {
    Query { q: q.map(str::to_owned), page: 1, per_page: 20, ..Query::default() }
}

fn cases(docs: &[SearchDoc]) -> Vec<Case> {
    let with_number = docs.iter().find(|d| d.id > 777 && d.doc_number.is_some()).unwrap();
    let by_index = &docs[docs.len() / 2];
    let mut c = vec![
        Case { label: "单词 补贴", query: query(Some("补贴")) },
        Case { label: "词中词 营商", query: query(Some("营商")) },
        Case { label: "词 营商环境", query: query(Some("营商环境")) },
        Case { label: "长词 耕地地力保护补贴", query: query(Some("耕地地力保护补贴")) },
        Case { label: "词 高标准农田建设", query: query(Some("高标准农田建设")) },
        Case { label: "词 最低生活保障", query: query(Some("最低生活保障")) },
        Case { label: "两词 安全生产 检查", query: query(Some("安全生产 检查")) },
        Case { label: "短语 关于做好 通知", query: query(Some("关于做好 通知")) },
        Case { label: "短语 乡村振兴衔接资金", query: query(Some("乡村振兴衔接资金")) },
        Case { label: "短语 政务公开工作总结", query: query(Some("政务公开工作总结")) },
        Case { label: "稀有词 秸秆综合利用", query: query(Some("秸秆综合利用")) },
        Case { label: "中华人民共和国", query: query(Some("中华人民共和国")) },
        Case { label: "文号（精确）", query: query(Some(with_number.doc_number.as_deref().unwrap())) },
        Case { label: "索引号（精确）", query: query(Some(&by_index.index_number)) },
    ];
    c.push(Case {
        label: "垃圾分类 + 3 个机关",
        query: Query { agencies: Some(vec![1, 14, 29]), ..query(Some("生活垃圾分类")) },
    });
    c.push(Case { label: "补贴 + 2024 年", query: Query { year: Some(2024), ..query(Some("补贴")) } });
    c.push(Case {
        label: "医疗保险 + 主题分类",
        query: Query { category: Some("劳动、人事、监察".to_owned()), ..query(Some("医疗保险")) },
    });
    c.push(Case {
        label: "森林防火 + 有效",
        query: Query { validity: Some("有效".to_owned()), ..query(Some("森林防火")) },
    });
    c.push(Case { label: "无词，最新在前", query: query(None) });
    c.push(Case {
        label: "无词 + 10 个机关，第 5 页",
        query: Query { agencies: Some((1..=10).collect()), page: 5, ..query(None) },
    });
    c.push(Case { label: "通知，第 50 页", query: Query { page: 50, ..query(Some("通知")) } });
    c
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or("?".to_owned(), |kb| format!("{:.0}", kb / 1024.0))
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
}

async fn fts_setup(docs: &[SearchDoc]) -> (SqlitePool, Duration) {
    let pool = SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
    let started = Instant::now();
    for stmt in [
        "CREATE TABLE docs(id INTEGER PRIMARY KEY, agency INTEGER, category TEXT, year INTEGER, validity TEXT, \
         published TEXT, index_number TEXT, doc_number TEXT)",
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, attachments, tokenize='trigram')",
    ] {
        sqlx::query(stmt).execute(&pool).await.unwrap();
    }
    let mut tx = pool.begin().await.unwrap();
    for d in docs {
        sqlx::query("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(d.id)
            .bind(d.agency_id)
            .bind(&d.category)
            .bind(chrono::Datelike::year(&d.published_on))
            .bind(&d.validity)
            .bind(d.published_on.to_string())
            .bind(&d.index_number)
            .bind(d.doc_number.as_deref())
            .execute(&mut *tx)
            .await
            .unwrap();
        let title = match &d.doc_number {
            Some(n) => format!("{} {n}", d.title),
            None => d.title.clone(),
        };
        sqlx::query("INSERT INTO fts(rowid, title, body, attachments) VALUES (?, ?, ?, ?)")
            .bind(d.id)
            .bind(title)
            .bind(&d.body)
            .bind(&d.attachments_text)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    for stmt in [
        "CREATE INDEX docs_index_number ON docs(index_number)",
        "CREATE INDEX docs_doc_number ON docs(doc_number)",
        "CREATE INDEX docs_published ON docs(published DESC, id DESC)",
        "CREATE INDEX docs_agency ON docs(agency)",
    ] {
        sqlx::query(stmt).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    (pool, started.elapsed())
}

/// The same query on FTS5: exact 索引号/文号 lookup, words ≥ 3 characters through MATCH (the
/// trigram tokenizer cannot index shorter ones), shorter words through LIKE (a scan), filters on
/// the metadata table, bm25 with title weight 4, count for the total.
async fn fts_query(pool: &SqlitePool, q: &Query) -> (usize, Vec<i64>) {
    let mut ids = Vec::new();
    let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(t) = text {
        let exact = sqlx::query("SELECT id FROM docs WHERE index_number = ? OR doc_number = ?")
            .bind(t)
            .bind(t)
            .fetch_all(pool)
            .await
            .unwrap();
        ids.extend(exact.iter().map(|r| r.get::<i64, _>(0)));
    }
    let words = text.map(query_words).unwrap_or_default();
    let matches: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let likes: Vec<&String> = words.iter().filter(|w| w.chars().count() < 3).collect();
    let mut wh: Vec<String> = Vec::new();
    if !matches.is_empty() {
        wh.push("fts MATCH ?".to_owned());
    }
    for _ in &likes {
        wh.push("(fts.title LIKE ? OR fts.body LIKE ? OR fts.attachments LIKE ?)".to_owned());
    }
    if let Some(a) = &q.agencies {
        wh.push(format!("d.agency IN ({})", a.iter().map(i64::to_string).collect::<Vec<_>>().join(",")));
    }
    if q.category.is_some() {
        wh.push("(d.category = ? OR d.category LIKE ?)".to_owned());
    }
    if q.year.is_some() {
        wh.push("d.year = ?".to_owned());
    }
    if q.validity.is_some() {
        wh.push("d.validity = ?".to_owned());
    }
    let where_sql = if wh.is_empty() { String::new() } else { format!("WHERE {}", wh.join(" AND ")) };
    let (from, order) = if words.is_empty() {
        ("docs d".to_owned(), "d.published DESC, d.id DESC")
    } else if matches.is_empty() {
        ("fts JOIN docs d ON d.id = fts.rowid".to_owned(), "d.published DESC, d.id DESC")
    } else {
        ("fts JOIN docs d ON d.id = fts.rowid".to_owned(), "bm25(fts, 4.0, 1.0, 0.5)")
    };
    let per_page = q.per_page.clamp(1, 100);
    let offset = q.page.max(1).saturating_sub(1) * per_page;
    let list_sql =
        format!("SELECT d.id FROM {from} {where_sql} ORDER BY {order} LIMIT {per_page} OFFSET {offset}");
    let count_sql = format!("SELECT count(*) FROM {from} {where_sql}");
    let mut out = (0usize, ids);
    for (i, sql) in [list_sql, count_sql].iter().enumerate() {
        let mut query = sqlx::query(sql);
        if !matches.is_empty() {
            query = query.bind(matches.join(" AND "));
        }
        for w in &likes {
            let pat = format!("%{w}%");
            query = query.bind(pat.clone()).bind(pat.clone()).bind(pat);
        }
        if let Some(c) = &q.category {
            query = query.bind(c.clone()).bind(format!("{c}\\%"));
        }
        if let Some(y) = q.year {
            query = query.bind(y);
        }
        if let Some(v) = &q.validity {
            query = query.bind(v.clone());
        }
        let rows = query.fetch_all(pool).await.unwrap();
        if i == 0 {
            out.1.extend(rows.iter().map(|r| r.get::<i64, _>(0)));
        } else {
            out.0 = rows[0].get::<i64, _>(0) as usize;
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2026);
    let threads: usize = std::env::var("GK_BENCH_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(1);

    let t = Instant::now();
    let docs: Vec<SearchDoc> = corpus::generate(seed, count).collect();
    let chars: usize = docs
        .iter()
        .map(|d| d.title.chars().count() + d.body.chars().count() + d.attachments_text.chars().count())
        .sum();
    println!("## Corpus\n");
    println!(
        "{count} items, seed {seed}, {:.1} M characters, generated in {:.2} s\n",
        chars as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // Jieba's dictionary loads on first use; keep it out of the indexing figure.
    let t = Instant::now();
    let _ = query_words("预热");
    let jieba_load = t.elapsed();

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("search");
    let ws = WriterSettings { threads, heap_bytes: 64 * 1024 * 1024 * threads };
    let (index, _) = SearchIndex::open_with(&dir, ws).unwrap();
    let t = Instant::now();
    index.rebuild(docs.iter().cloned()).unwrap();
    let index_time = t.elapsed();
    let rss_after_index = peak_rss_mb();

    let mut publish = Vec::new();
    for d in docs.iter().step_by((count / 20).max(1)).take(20) {
        let mut changed = d.clone();
        changed.title.push_str("（修订）");
        let t = Instant::now();
        index.upsert(&changed).unwrap();
        index.commit().unwrap();
        publish.push(t.elapsed());
    }
    publish.sort();

    println!("## Indexing\n");
    println!("| engine | time | rate | size | notes |\n|---|---|---|---|---|");
    println!(
        "| tantivy + jieba + bigram (on disk, {threads} writer thread(s), {} MB heap) | {:.2} s | {:.0} docs/s | {:.1} MB | jieba dictionary load {:.0} ms (once per process); peak RSS {} MB |",
        ws.heap_bytes / (1024 * 1024),
        index_time.as_secs_f64(),
        count as f64 / index_time.as_secs_f64(),
        dir_size(&dir) as f64 / 1e6,
        jieba_load.as_secs_f64() * 1000.0,
        rss_after_index
    );

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (pool, fts_time) = rt.block_on(fts_setup(&docs));
    let fts_pages: i64 = rt.block_on(async {
        let pc: i64 = sqlx::query("PRAGMA page_count").fetch_one(&pool).await.unwrap().get(0);
        let ps: i64 = sqlx::query("PRAGMA page_size").fetch_one(&pool).await.unwrap().get(0);
        pc * ps
    });
    println!(
        "| SQLite FTS5 trigram (in memory, one transaction) | {:.2} s | {:.0} docs/s | {:.1} MB | metadata table + 4 B-tree indexes included |\n",
        fts_time.as_secs_f64(),
        count as f64 / fts_time.as_secs_f64(),
        fts_pages as f64 / 1e6
    );
    println!(
        "Publishing one item on the {count}-item index (upsert + commit + reader reload): p50 {} ms, max {} ms (20 runs).\n",
        ms(percentile(&publish, 0.5)),
        ms(percentile(&publish, 1.0))
    );

    println!(
        "## Queries (20 per page; latency includes the total count and, for tantivy, loading and highlighting the page)\n"
    );
    println!(
        "| query | tantivy total | p50 ms | p99 ms | FTS5 total | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|"
    );
    let runs = 50;
    let mut all_t = Vec::new();
    let mut all_f = Vec::new();
    for case in cases(&docs) {
        let mut tt = Vec::new();
        let mut total = 0;
        for i in 0..runs + 3 {
            let t = Instant::now();
            let hits = index.search(&case.query).unwrap();
            if i >= 3 {
                tt.push(t.elapsed());
            }
            total = hits.total;
        }
        tt.sort();
        let fruns = 15;
        let mut ft = Vec::new();
        let mut ftotal = 0;
        for i in 0..fruns + 1 {
            let t = Instant::now();
            let (n, _) = rt.block_on(fts_query(&pool, &case.query));
            if i >= 1 {
                ft.push(t.elapsed());
            }
            ftotal = n;
        }
        ft.sort();
        println!(
            "| {} | {total} | {} | {} | {ftotal} | {} | {} |",
            case.label,
            ms(percentile(&tt, 0.5)),
            ms(percentile(&tt, 0.99)),
            ms(percentile(&ft, 0.5)),
            ms(percentile(&ft, 0.99))
        );
        all_t.extend(tt);
        all_f.extend(ft);
    }
    all_t.sort();
    all_f.sort();
    println!(
        "| **all queries** | | **{}** | **{}** | | **{}** | **{}** |\n",
        ms(percentile(&all_t, 0.5)),
        ms(percentile(&all_t, 0.99)),
        ms(percentile(&all_f, 0.5)),
        ms(percentile(&all_f, 0.99))
    );

    let settings = gongkai_domain::pii::ScanSettings::default();
    let t = Instant::now();
    let mut found = 0;
    let mut scanned = 0usize;
    for d in &docs {
        found += gongkai_domain::pii::scan(&d.body, &settings).len();
        scanned += d.body.len();
    }
    let el = t.elapsed();
    println!(
        "## Sensitive-content scanner\n\n{:.1} MB of bodies scanned in {:.2} s ({:.0} MB/s), {found} findings (the corpus has no personal data).",
        scanned as f64 / 1e6,
        el.as_secs_f64(),
        scanned as f64 / 1e6 / el.as_secs_f64()
    );
}
