//! Issue 15 rules on the outline and the dates as printed: a statistics period with dropped
//! characters (`period.malformed`), other dates with dropped 年/月 (`date.malformed`), an outline
//! of the wrong era for the year (`structure.outdated_format`) and top-level headings that lost
//! their numeral (`structure.numbering`).

use super::{Finding, Severity};
use crate::extract::Extracted;
use crate::extract::tables::truncate;

/// A statement of a period `A至B` whose bounds are dates as printed (possibly malformed).
const RANGE: &str = r"(\d[\d年月日]{1,14}日)起?(?:至|到|—|－|~|～)(\d[\d年月日]{1,14}日)止?";
/// A well-formed bound: `2023年1月1日` or (the second year left out) `12月31日`.
const BOUND: &str = r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$";
/// Words that introduce the statistics period.
const PERIOD_KEYS: [&str; 8] =
    ["统计期限", "统计时限", "统计期间", "统计时间", "统计区间", "数据统计期", "统计周期", "统计数据期限"];

fn well_formed(side: &str) -> bool {
    let Some(c) = crate::re::cached(BOUND).and_then(|re| re.captures(side)) else { return false };
    let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
    num(2).is_some_and(|m| (1..=12).contains(&m)) && num(3).is_some_and(|d| (1..=31).contains(&d))
}

fn longest_digit_run(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0)
}

/// The malformed date ranges of the text, as `(start, end, quote, is_the_period)`.
fn malformed_ranges(flat: &str) -> Vec<(usize, usize, String, bool)> {
    let Some(re) = crate::re::cached(RANGE) else { return Vec::new() };
    let mut out = Vec::new();
    for c in re.captures_iter(flat) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let (a, b) = (a.as_str(), b.as_str());
        if well_formed(a) && well_formed(b) {
            continue;
        }
        // Dropped characters leave a run of five or more digits (`20221月`, `201911日`), or a
        // bound of three or four digits before 日 (`1231日`) next to a year.
        let run = longest_digit_run(a).max(longest_digit_run(b));
        let bare =
            |s: &str| s.len() >= 4 && s.len() <= 7 && s[..s.len() - 3].bytes().all(|x| x.is_ascii_digit());
        if run < 5 && !((bare(a) || bare(b)) && (a.contains('年') || b.contains('年') || run >= 4)) {
            continue;
        }
        let lead = &flat[..m.start()];
        let lead_start = lead.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let is_period = PERIOD_KEYS.iter().any(|k| lead[lead_start..].contains(k));
        out.push((m.start(), m.end(), m.as_str().to_owned(), is_period));
    }
    out
}

/// Run the outline and date-form rules. Returns whether a malformed statement of the
/// statistics period was reported (then it is not also "missing").
pub fn check(ex: &Extracted, out: &mut Vec<Finding>) -> bool {
    let flat = &ex.flat;
    let ranges = malformed_ranges(flat);
    let mut period_reported = false;
    for (_, _, quote, is_period) in ranges.iter().take(3) {
        let (rule, what) = if *is_period && !period_reported {
            period_reported = true;
            ("period.malformed", "统计期限")
        } else {
            ("date.malformed", "日期")
        };
        out.push(Finding::new(
            rule,
            Severity::Warning,
            format!("{what}书写不完整（缺“年”“月”或数字），无法确定所指日期：“{quote}”"),
            quote.clone(),
        ));
    }
    // Other dates with a dropped 年 (`20198月`) or 月 (`2018年45日`).
    let mut n = 0;
    for pat in [r"(?:^|[^\d])((20[0-4]\d)(\d{1,2})月)", r"(?:^|[^\d])((20[0-4]\d)年(\d{2,4})日)"] {
        let Some(re) = crate::re::cached(pat) else { continue };
        for c in re.captures_iter(flat) {
            let Some(m) = c.get(1) else { continue };
            if ranges.iter().any(|(s, e, _, _)| m.start() < *e && m.end() > *s) {
                continue;
            }
            if n < 5 {
                let s = flat[..m.start()].char_indices().rev().nth(8).map_or(0, |(i, _)| i);
                let e = flat[m.end()..].char_indices().nth(8).map_or(flat.len(), |(i, _)| m.end() + i);
                out.push(Finding::new(
                    "date.malformed",
                    Severity::Warning,
                    format!("日期书写不完整（缺“年”或“月”）：“{}”", m.as_str()),
                    truncate(&flat[s..e].replace('\n', ""), 40),
                ));
            }
            n += 1;
        }
    }
    outdated_outline(ex, out);
    dropped_numerals(ex, out);
    period_reported
}

/// Parts of the 2008-era outline (条例 of 2008, Art. 32: 咨询, 收费及减免, 申诉) and of the one in
/// use since 2019 (条例 of 2019, Art. 50, and the 年度报告格式).
const LEGACY_PARTS: [&str; 9] = [
    "咨询处理",
    "咨询情况",
    "收费及减免",
    "收费和减免",
    "支出与收费",
    "支出和收费",
    "相关费用情况",
    "诉讼和申诉",
    "申诉情况",
];
const NEW_PARTS: [&str; 3] =
    ["收到和处理政府信息公开申请", "行政复议、行政诉讼情况", "存在的主要问题及改进情况"];

fn outdated_outline(ex: &Extracted, out: &mut Vec<Finding>) {
    let Some(year) = ex.meta.year else { return };
    let mut parts: Vec<&str> = ex.meta.headings.iter().map(|h| h.text.as_str()).collect();
    parts.extend(ex.meta.preface_items.iter().map(String::as_str));
    if year >= 2019 {
        let old: Vec<&str> =
            LEGACY_PARTS.iter().copied().filter(|k| parts.iter().any(|p| p.contains(k))).collect();
        if let Some(first) = old.first() {
            let quote = parts.iter().find(|p| p.contains(first)).map_or("", |p| p);
            out.push(Finding::new(
                "structure.outdated_format",
                Severity::Warning,
                format!(
                    "{year}年度报告沿用了2008年《条例》时期的大纲（{}）；2019年起应按《条例》第五十条和年度报告格式，分总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分",
                    old.join("、")
                ),
                truncate(quote, 40),
            ));
        }
    } else if year <= 2018 {
        let new = NEW_PARTS.iter().filter(|k| parts.iter().any(|p| p.contains(*k))).count();
        if new >= 2 {
            out.push(Finding::new(
                "structure.outdated_format",
                Severity::Warning,
                format!(
                    "{year}年度报告使用了2019年以后的大纲；2008年《条例》第三十二条要求报告主动公开、依申请公开、收费及减免、行政复议和行政诉讼、存在的主要问题及改进措施等情况"
                ),
                NEW_PARTS.iter().filter(|k| parts.iter().any(|p| p.contains(*k))).copied().collect::<Vec<_>>().join("、"),
            ));
        }
    }
}

/// A top-level heading whose numeral was lost: a line starting with `、` and a part title.
fn dropped_numerals(ex: &Extracted, out: &mut Vec<Finding>) {
    let Some(re) = crate::re::cached(r"(?m)^、(\p{Han}[^\n]{1,30})$") else { return };
    for m in re.find_iter(&ex.flat).take(3) {
        out.push(Finding::new(
            "structure.numbering",
            Severity::Warning,
            format!("标题缺少序号：“{}”", truncate(m.as_str(), 30)),
            truncate(m.as_str(), 30),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_periods_and_dates() {
        let r = malformed_ranges("本报告所列数据的统计期限为20221月1日至202212月31日。");
        assert_eq!(r.len(), 1);
        assert!(r[0].3, "is the period");
        let r = malformed_ranges("统计期限自201911日至1231日止");
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(malformed_ranges("统计期限为2022年1月1日至2022年12月31日").is_empty());
        assert!(malformed_ranges("统计期限为2022年1月1日至12月31日").is_empty());
        assert!(malformed_ranges("每月1日至15日开放").is_empty());
    }
}
