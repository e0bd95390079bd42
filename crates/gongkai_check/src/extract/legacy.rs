//! Legacy (2008-era) reports: key figures stated in the text and the flattened statistics
//! annex, whose run-together cells ("主动公开信息数条4251516" = 425 | 1516) are split so that
//! parent rows equal the sum of their `其中` rows where possible.

use std::sync::LazyLock;

use gongkai_domain::report::LegacyFigures;
use regex::Regex;

use super::stream::split_digits;

/// One row of a statistics annex after splitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatRow {
    /// Label as printed.
    pub label: String,
    /// Whether it is a `其中` sub-item.
    pub child: bool,
    /// Values per column (this year, cumulative…).
    pub values: Vec<i64>,
    /// The digits as printed.
    pub raw: String,
}

/// Legacy recognition result.
#[derive(Debug, Clone, Default)]
pub struct Legacy {
    /// Key figures.
    pub figures: LegacyFigures,
    /// Statistics annex rows, when present.
    pub stats: Vec<StatRow>,
    /// Number of value columns in the annex.
    pub columns: usize,
}

static ROW: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"([^\d条]{2,40}?)条(\d+)").ok());

fn first(flat: &str, pat: &'static str) -> Option<i64> {
    let re = crate::re::cached(pat)?;
    re.captures(flat)?.get(1)?.as_str().parse().ok()
}

/// Extract the legacy figures from whitespace-free text.
#[must_use]
pub fn extract(flat: &str) -> Legacy {
    let mut l = Legacy::default();
    let (stats, columns) = stats_table(flat);
    l.stats = stats;
    l.columns = columns;
    let stat = |keys: &[&str]| -> Option<i64> {
        l.stats
            .iter()
            .find(|r| keys.iter().any(|k| r.label.contains(k)))
            .and_then(|r| r.values.first().copied())
    };
    let f = &mut l.figures;
    f.active_disclosed = first(flat, r"其中主动公开[^。，；0-9]{0,12}?(\d+)条")
        .or_else(|| first(flat, r"主动公开政府信息(\d+)条"))
        .or_else(|| stat(&["主动公开信息数", "主动公开"]));
    f.produced_total = first(flat, r"(?:制作|获取)[^。，；0-9]{0,16}?总数(?:为)?(\d+)条");
    f.applications = first(flat, r"(?:收到|受理)[^。，；0-9]{0,20}?申请(?:共)?(\d+)(?:条|件|份)")
        .or_else(|| stat(&["受理依申请公开", "申请总数", "申请数"]))
        .or_else(|| flat.contains("未收到有关政府信息公开的申请").then_some(0))
        .or_else(|| {
            crate::re::cached(r"未(?:收到|受理)[^。，；]{0,20}?申请")
                .and_then(|re| re.is_match(flat).then_some(0))
        });
    f.answered = stat(&["答复数", "答复总数"]).or_else(|| first(flat, r"答复总数(\d+)"));
    f.granted = stat(&["同意公开答复数"]).or_else(|| first(flat, r"同意公开答复数(\d+)"));
    f.partially_granted = stat(&["同意部分公开"]);
    f.refused = stat(&["否决公开", "不予公开答复"]);
    f.reviews = stat(&["行政复议数"]).or_else(|| {
        crate::re::cached(r"未(?:收到|发生|有)[^。；]{0,30}?行政复议")
            .and_then(|re| re.is_match(flat).then_some(0))
    });
    f.lawsuits = stat(&["行政诉讼数"]).or_else(|| {
        crate::re::cached(r"未(?:收到|发生|有)[^。；]{0,30}?行政诉讼")
            .and_then(|re| re.is_match(flat).then_some(0))
    });
    f.table_active_cumulative = if columns >= 2 {
        l.stats.iter().find(|r| r.label.contains("主动公开")).and_then(|r| r.values.get(1).copied())
    } else {
        None
    };
    l
}

fn balanced_split(raw: &str, cols: usize) -> Vec<i64> {
    let sols = split_digits(raw, cols, &|v: &[i64]| v.windows(2).all(|w| w[0] <= w[1]), 64);
    // Prefer the split whose parts have the most similar digit counts.
    sols.into_iter()
        .min_by_key(|v| {
            let lens: Vec<usize> = v.iter().map(|x| x.to_string().len()).collect();
            lens.iter().max().unwrap_or(&0) - lens.iter().min().unwrap_or(&0)
        })
        .unwrap_or_default()
}

/// Parse a flattened statistics annex (`指标名称计量单位…`).
#[must_use]
pub fn stats_table(flat: &str) -> (Vec<StatRow>, usize) {
    let Some(start) = flat.find("指标名称").or_else(|| flat.find("统计表")) else {
        return (Vec::new(), 0);
    };
    let region = &flat[start..];
    let columns = if region.contains("历年累计") || region.contains("累计") { 2 } else { 1 };
    let Some(re) = ROW.as_ref() else { return (Vec::new(), 0) };
    let mut rows: Vec<StatRow> = Vec::new();
    let mut carry_marker = String::new();
    for c in re.captures_iter(region) {
        let (Some(label), Some(digits)) = (c.get(1), c.get(2)) else { continue };
        let mut raw = digits.as_str().to_owned();
        let after = region[digits.end()..].chars().next();
        let mut marker = String::new();
        if matches!(after, Some('.' | '、')) && raw.len() > 1 {
            marker = raw.split_off(raw.len() - 1);
        }
        let label = format!("{carry_marker}{}", label.as_str());
        carry_marker = marker;
        let child = label.starts_with("其中")
            || label.starts_with(['.', '、'])
            || label.chars().next().is_some_and(|c| c.is_ascii_digit());
        let label =
            label.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '、')).to_owned();
        rows.push(StatRow { label, child, values: Vec::new(), raw });
    }
    // Split each row; solve parent = sum(children) per column where possible.
    let cands: Vec<Vec<Vec<i64>>> = rows
        .iter()
        .map(|r| split_digits(&r.raw, columns, &|v: &[i64]| v.windows(2).all(|w| w[0] <= w[1]), 64))
        .collect();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i + 1;
        while j < rows.len() && rows[j].child {
            j += 1;
        }
        let kids = i + 1..j;
        let mut chosen: Option<Vec<Vec<i64>>> = None;
        if !kids.is_empty() && kids.len() <= 8 {
            // Enumerate combinations (bounded).
            let mut idx = vec![0usize; j - i];
            let mut tries = 0u32;
            'outer: loop {
                tries += 1;
                if tries > 200_000 {
                    break;
                }
                let ok = idx.iter().enumerate().all(|(k, x)| cands[i + k].get(*x).is_some());
                if ok {
                    let parent = &cands[i][idx[0]];
                    let sums_ok = (0..columns).all(|c| {
                        let s: i64 = (1..idx.len()).map(|k| cands[i + k][idx[k]][c]).sum();
                        s == parent[c]
                    });
                    if sums_ok {
                        chosen =
                            Some(idx.iter().enumerate().map(|(k, x)| cands[i + k][*x].clone()).collect());
                        break;
                    }
                }
                // Increment.
                let mut k = 0;
                loop {
                    if k == idx.len() {
                        break 'outer;
                    }
                    idx[k] += 1;
                    if idx[k] < cands[i + k].len().max(1) {
                        break;
                    }
                    idx[k] = 0;
                    k += 1;
                }
            }
        }
        for k in i..j {
            rows[k].values = match &chosen {
                Some(c) => c[k - i].clone(),
                None => balanced_split(&rows[k].raw, columns),
            };
        }
        i = j;
    }
    (rows, columns)
}
