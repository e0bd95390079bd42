//! Accuracy run of 年报体检 (issue 15):
//! `cargo run --release -p gongkai_check --example accuracy [-- DATA_DIR]`.
//!
//! Over the dev set (`tests/data`, `expected.jsonl`), the excerpts (`DATA_DIR/excerpts`,
//! default `../shared/data/reports` from the workspace root, with `manifest.jsonl`; every third
//! file by name is held out and reported separately) and synthetic variants of the dev-set
//! reports (`tests/synth`), it prints: cells exact (n/N), known errors found by family, false
//! error-level findings (must be 0 wherever the printed tables balance), plausible
//! agency/year/format on the excerpts, and single-thread throughput. `ACCURACY_DUMP=DIR` writes
//! the synthetic variants there.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::cast_precision_loss)]

#[path = "../tests/synth/mod.rs"]
mod synth;

use std::collections::BTreeMap;
use std::time::Instant;

use gongkai_check::{FileReport, Severity, check_bytes};
use gongkai_domain::report::{CaseBlock, CaseColumn, RequestColumn, RequestRow};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn key_cell(r: &FileReport, key: &str) -> Option<i64> {
    let t = r.tables.clone().unwrap_or_default();
    let t3 = t.table3.unwrap_or_default();
    let t4 = t.table4.unwrap_or_default();
    let total = RequestColumn::Total;
    match key {
        "t3_new_received_total" => t3.get(RequestRow::NewReceived, total),
        "t3_carried_over_total" => t3.get(RequestRow::CarriedOver, total),
        "t3_results_total" => t3.get(RequestRow::ResultsTotal, total),
        "t3_carried_forward_total" => t3.get(RequestRow::CarriedForward, total),
        "t3_granted_total" => t3.get(RequestRow::Granted, total),
        "t4_review_total" => t4.get(CaseBlock::Reconsideration, CaseColumn::Total),
        "t4_litigation_direct_total" => t4.get(CaseBlock::LitigationDirect, CaseColumn::Total),
        "t4_litigation_after_review_total" => {
            t4.get(CaseBlock::LitigationAfterReconsideration, CaseColumn::Total)
        }
        _ => None,
    }
}

/// The rule a dev-set `known_errors[].type` is found by.
fn rule_of(kind: &str, detail: &str) -> &'static str {
    match kind {
        "template_deviation" if detail.contains("blank") => "table.blank_cells",
        "table4_row_sum" => "table4.row_sum",
        "template_deviation" | "label_typo" => "table.template_deviation",
        "text_typo" => "text.typo",
        "category_sum" | "sum_mismatch" | "table_subitems" => "arithmetic.mismatch",
        "missing_section" => "section.missing",
        _ => "?",
    }
}

fn errors(r: &FileReport) -> Vec<&str> {
    r.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.rule.as_str()).collect()
}

#[derive(Default)]
struct Tally {
    cells: (usize, usize),
    found: BTreeMap<String, (usize, usize)>,
    false_errors: usize,
    files_with_false_errors: Vec<String>,
}

impl Tally {
    fn print(&self, title: &str) {
        println!("## {title}");
        println!("cells exact: {}/{}", self.cells.0, self.cells.1);
        for (k, (f, n)) in &self.found {
            println!("  found {k}: {f}/{n}");
        }
        println!("false error-level findings: {}", self.false_errors);
        for f in &self.files_with_false_errors {
            println!("  {f}");
        }
    }
}

fn dev_set(tally: &mut Tally) {
    let text = std::fs::read_to_string(format!("{DATA}/expected.jsonl")).unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = rec["file"].as_str().unwrap();
        let bytes = std::fs::read(format!("{DATA}/{file}")).unwrap();
        let r = check_bytes(file, &bytes);
        for (k, v) in rec["cells"].as_object().into_iter().flatten() {
            tally.cells.1 += 1;
            tally.cells.0 += usize::from(key_cell(&r, k) == v.as_i64());
        }
        let fig =
            serde_json::to_value(r.tables.clone().unwrap_or_default().legacy.unwrap_or_default()).unwrap();
        for (k, v) in rec["legacy_stats"].as_object().into_iter().flatten() {
            tally.cells.1 += 1;
            tally.cells.0 += usize::from(&fig[k] == v);
        }
        // Known errors per rule: found when the rule fires at least as often as the errors it covers.
        let mut want: BTreeMap<&str, usize> = BTreeMap::new();
        for e in rec["known_errors"].as_array().into_iter().flatten() {
            *want
                .entry(rule_of(e["type"].as_str().unwrap_or(""), e["detail"].as_str().unwrap_or("")))
                .or_default() += 1;
        }
        for (rule, n) in &want {
            let got = r.findings.iter().filter(|f| f.rule == *rule).count();
            let e = tally.found.entry((*rule).to_owned()).or_default();
            e.0 += got.min(*n);
            e.1 += n;
        }
        let bad: Vec<&str> = errors(&r).into_iter().filter(|e| !want.contains_key(e)).collect();
        if !bad.is_empty() {
            tally.false_errors += bad.len();
            tally.files_with_false_errors.push(format!("{file}: {bad:?}"));
        }
    }
}

struct Excerpt {
    file: String,
    bytes: Vec<u8>,
    rec: serde_json::Value,
}

fn excerpts(dir: &str) -> Vec<Excerpt> {
    let manifest = std::fs::read_to_string(format!("{dir}/excerpts/manifest.jsonl")).unwrap_or_default();
    let mut out: Vec<Excerpt> = manifest
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|rec| {
            let file = rec["file"].as_str()?.to_owned();
            let text = std::fs::read_to_string(format!("{dir}/excerpts/{file}")).ok()?;
            // The first line is the corpus's own comment (source, agency, year): not page text.
            let body = if text.starts_with("<!--") {
                text.find("-->").map_or(text.as_str(), |i| &text[i + 3..])
            } else {
                text.as_str()
            };
            let body = body.replace("[EXCERPT ENDS]", "");
            Some(Excerpt { file, bytes: body.into_bytes(), rec })
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

fn agency_core(s: &str) -> String {
    let s = s.split(['（', '(']).next().unwrap_or(s);
    s.replace("人民政府", "政府")
}

fn excerpt_tally(set: &[&Excerpt], tally: &mut Tally, meta: &mut (usize, usize, usize, usize, usize, usize)) {
    for e in set {
        let r = check_bytes(&e.file, &e.bytes);
        let src = e.rec["cells_source"].as_str().unwrap_or("");
        if src.contains("table") {
            for (k, v) in e.rec["cells"].as_object().into_iter().flatten() {
                if v.is_null()
                    || (src != "table" && !k.starts_with("t3_new") && !k.starts_with("t3_carried_over"))
                {
                    continue;
                }
                tally.cells.1 += 1;
                tally.cells.0 += usize::from(key_cell(&r, k) == v.as_i64());
            }
        }
        let errs = errors(&r);
        if !errs.is_empty() && e.rec["invariants_hold"].as_bool() != Some(false) {
            tally.false_errors += errs.len();
            tally.files_with_false_errors.push(format!("{}: {errs:?}", e.file));
        }
        // Year, format, agency where the excerpt names it.
        let year = e.rec["year"].as_i64();
        meta.1 += 1;
        meta.0 += usize::from(r.year.map(i64::from) == year);
        let fmt = e.rec["format"].as_str().unwrap_or("");
        let got_fmt = serde_json::to_value(r.format).unwrap_or_default();
        meta.3 += 1;
        meta.2 += usize::from(got_fmt.as_str() == Some(fmt));
        let agency = e.rec["agency"].as_str().unwrap_or("");
        let text = String::from_utf8_lossy(&e.bytes);
        let core = agency_core(agency);
        if !agency.contains('某') && text.contains(core.trim_end_matches("政府").trim_end_matches("人民"))
        {
            meta.5 += 1;
            let got = agency_core(r.agency.as_deref().unwrap_or(""));
            meta.4 += usize::from(!got.is_empty() && (core.contains(&got) || got.contains(&core)));
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/reports").to_owned());
    let mut dev = Tally::default();
    dev_set(&mut dev);
    dev.print("dev set (tests/data, expected.jsonl)");

    let all = excerpts(&dir);
    let held: Vec<&Excerpt> = all.iter().enumerate().filter(|(k, _)| k % 3 == 2).map(|(_, e)| e).collect();
    let seen: Vec<&Excerpt> = all.iter().enumerate().filter(|(k, _)| k % 3 != 2).map(|(_, e)| e).collect();
    for (title, set) in
        [("excerpts, development part", seen), ("excerpts, held out (every third by name)", held)]
    {
        let mut t = Tally::default();
        let mut meta = (0, 0, 0, 0, 0, 0);
        excerpt_tally(&set, &mut t, &mut meta);
        t.print(&format!("{title}: {} files", set.len()));
        println!(
            "year right: {}/{}; format right: {}/{}; agency plausible (where the excerpt names it): {}/{}",
            meta.0, meta.1, meta.2, meta.3, meta.4, meta.5
        );
    }

    // Synthetic variants of the 2021-format dev reports, their tables as read (exactly).
    let mut by_kind: BTreeMap<synth::Kind, Tally> = BTreeMap::new();
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    for (file, name) in [
        ("001_huaian-shi_2024.pdf", "001"),
        ("002_hongze-qu_2023.pdf", "002"),
        ("003_hongze-qu_2024.pdf", "003"),
        ("005_shuyang-xian-fagaiju_2023.html", "005"),
    ] {
        let bytes = std::fs::read(format!("{DATA}/{file}")).unwrap();
        let r = check_bytes(file, &bytes);
        let t = r.tables.clone().unwrap_or_default();
        let src = synth::Source {
            name: name.to_owned(),
            agency: r.agency.clone().unwrap_or_default(),
            year: r.year.unwrap_or(2023),
            t3: t.table3.unwrap_or_default(),
            t4: t.table4.unwrap_or_default(),
        };
        for v in synth::variants(&src) {
            let r = check_bytes(&v.file, v.text.as_bytes());
            let t = r.tables.clone().unwrap_or_default();
            let tally = by_kind.entry(v.kind).or_default();
            let (n, total) = synth::score_cells(&v, t.table3.as_ref(), t.table4.as_ref());
            tally.cells.0 += n;
            tally.cells.1 += total;
            for (rule, needle) in &v.expect {
                let e = tally.found.entry((*rule).to_owned()).or_default();
                e.1 += 1;
                e.0 += usize::from(r.findings.iter().any(|f| {
                    f.rule == *rule
                        && (f.evidence.contains(needle.as_str()) || f.message.contains(needle.as_str()))
                }));
            }
            let bad: Vec<&str> = errors(&r).into_iter().filter(|e| !v.allowed_errors.contains(e)).collect();
            if !bad.is_empty() {
                tally.false_errors += bad.len();
                tally.files_with_false_errors.push(format!("{}: {bad:?}", v.file));
            }
            if let Ok(dir) = std::env::var("ACCURACY_DUMP") {
                std::fs::write(format!("{dir}/{}", v.file), &v.text).unwrap();
            }
            texts.push((v.file.clone(), v.text.into_bytes()));
        }
    }
    println!("## synthetic variants (4 dev reports × {} kinds)", synth::Kind::ALL.len());
    let mut sum = Tally::default();
    for (kind, t) in &by_kind {
        let found: Vec<String> = t.found.iter().map(|(k, (f, n))| format!("{k} {f}/{n}")).collect();
        println!(
            "{:<20} cells {:>3}/{:<3} false errors {} {}",
            kind.name(),
            t.cells.0,
            t.cells.1,
            t.false_errors,
            found.join(", ")
        );
        for f in &t.files_with_false_errors {
            println!("    {f}");
        }
        sum.cells.0 += t.cells.0;
        sum.cells.1 += t.cells.1;
        sum.false_errors += t.false_errors;
        for (k, (f, n)) in &t.found {
            let e = sum.found.entry(k.clone()).or_default();
            e.0 += f;
            e.1 += n;
        }
    }
    sum.print("synthetic, all kinds");

    // Throughput, one thread: the text/HTML dev files, the excerpts and the variants.
    let mut inputs: Vec<(String, Vec<u8>)> = [
        "000_910d79ecf003d37e.txt",
        "005_shuyang-xian-fagaiju_2023.html",
        "015_pingtan-xian-zhengfu_2011.txt",
        "017_pingtan-xian-zhengfu_2012.txt",
    ]
    .iter()
    .map(|f| ((*f).to_owned(), std::fs::read(format!("{DATA}/{f}")).unwrap()))
    .collect();
    inputs.extend(all.iter().map(|e| (e.file.clone(), e.bytes.clone())));
    inputs.extend(texts);
    let rounds = 3;
    let start = Instant::now();
    for _ in 0..rounds {
        for (n, b) in &inputs {
            std::hint::black_box(check_bytes(n, b));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = inputs.len() * rounds;
    println!(
        "## throughput\n{n} text/HTML reports in {secs:.2} s on one thread: {:.0} reports/s",
        n as f64 / secs
    );
}
