//! Batch rules: between consecutive years of one agency, and copied text — a
//! report ≥ 80 % the same as the agency's previous year, or largely the same as another
//! agency's report in the batch.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use gongkai_domain::report::{check_carry_over, check_in_force};

use super::{FileReport, Finding, Severity};
use crate::extract::page::agency_key;

/// Shingle length in characters.
const SHINGLE: usize = 12;
/// Keep one shingle in this many (by hash) to bound the work.
const SAMPLE: u64 = 4;

fn shingles(flat: &str) -> HashSet<u64> {
    let chars: Vec<char> = flat.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = HashSet::new();
    for w in chars.windows(SHINGLE) {
        let mut h = DefaultHasher::new();
        w.hash(&mut h);
        let v = h.finish();
        if v.is_multiple_of(SAMPLE) {
            out.insert(v);
        }
    }
    out
}

/// Run the batch rules, appending findings to the reports concerned.
pub fn check(reports: &mut [FileReport]) {
    // Cross-year pairs.
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let (Some(a), Some(_)) = (&r.agency, r.year) {
            groups.entry(agency_key(a)).or_default().push(i);
        }
    }
    let sets: Vec<HashSet<u64>> = reports.iter().map(|r| shingles(&r.flat)).collect();
    let sim = |a: usize, b: usize| -> f64 {
        let (x, y) = (&sets[a], &sets[b]);
        let small = x.len().min(y.len());
        if small < 20 {
            return 0.0;
        }
        let common = x.intersection(y).count();
        #[allow(clippy::cast_precision_loss)]
        let s = common as f64 / small as f64;
        s
    };
    let mut same_agency_pairs: HashSet<(usize, usize)> = HashSet::new();
    for idx in groups.values() {
        let mut idx = idx.clone();
        idx.sort_by_key(|i| reports[*i].year);
        for w in idx.windows(2) {
            let (p, c) = (w[0], w[1]);
            same_agency_pairs.insert((p.min(c), p.max(c)));
            let (Some(py), Some(cy)) = (reports[p].year, reports[c].year) else { continue };
            if cy != py + 1 {
                continue;
            }
            let prev_file = reports[p].file.clone();
            let mut found = Vec::new();
            if let (Some(pt), Some(ct)) = (&reports[p].tables, &reports[c].tables) {
                if let (Some(a), Some(b)) = (&pt.table3, &ct.table3) {
                    for v in check_carry_over(a, b) {
                        found.push(Finding::new(
                            v.invariant.rule(),
                            Severity::Warning,
                            format!(
                                "与{py}年度报告（{prev_file}）衔接不上 {}：{}",
                                v.invariant.id(),
                                v.detail
                            ),
                            v.detail.clone(),
                        ));
                    }
                }
                if let (Some(a), Some(b)) = (&pt.table2, &ct.table2) {
                    for v in check_in_force(a, b) {
                        found.push(Finding::new(
                            v.invariant.rule(),
                            Severity::Warning,
                            format!(
                                "与{py}年度报告的现行有效件数衔接不上 {}（修订等情形可能导致，请核对）：{}",
                                v.invariant.id(),
                                v.detail
                            ),
                            v.detail.clone(),
                        ));
                    }
                }
            }
            let s = sim(p, c);
            if s >= 0.8 {
                found.push(Finding::new(
                    "text.copied",
                    Severity::Warning,
                    format!(
                        "与本机关{py}年度报告（{prev_file}）的文字重合度约 {:.0}%，疑似照搬上年报告",
                        s * 100.0
                    ),
                    format!("对比文件：{prev_file}"),
                ));
            }
            reports[c].findings.extend(found);
        }
    }
    // Copies across agencies.
    for a in 0..reports.len() {
        for b in a + 1..reports.len() {
            if same_agency_pairs.contains(&(a, b)) || reports[a].error.is_some() || reports[b].error.is_some()
            {
                continue;
            }
            let same_agency = match (&reports[a].agency, &reports[b].agency) {
                (Some(x), Some(y)) => agency_key(x) == agency_key(y),
                _ => false,
            };
            if same_agency {
                continue;
            }
            let s = sim(a, b);
            if s >= 0.6 {
                for (me, other) in [(a, b), (b, a)] {
                    let of = reports[other].file.clone();
                    let oa = reports[other].agency.clone().unwrap_or_default();
                    reports[me].findings.push(Finding::new(
                        "text.copied",
                        Severity::Warning,
                        format!("与另一机关（{oa}）的报告文字重合度约 {:.0}%，疑似互相套用", s * 100.0),
                        format!("对比文件：{of}"),
                    ));
                }
            }
        }
    }
}
