//! Issue 15 rules on the outline and the dates as printed: a statistics period with dropped
//! characters (`period.malformed`), other dates with dropped 年/月 (`date.malformed`), an outline
//! of the wrong era for the year (`structure.outdated_format`) and top-level headings that lost
//! their numeral (`structure.numbering`).

use super::{Finding, Severity};
use crate::extract::Extracted;
use crate::extract::tables::truncate;

/// A well-formed bound: `2023年1月1日` or (the second year left out) `12月31日`.
const BOUND: &str = r"^(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日$";
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

fn is_date_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '年' | '月' | '日')
}

/// The date ranges `A至B` of the text (`A` and `B` runs of digits, 年, 月 and 日, each starting with a
/// digit and ending with 日; `起` may follow `A`), as `(start, end, A, B)`. A scan rather than a
/// regular expression: a counted repetition of such classes made the regex engine fall back to
/// its slowest mode on whole reports.
fn date_ranges(flat: &str) -> Vec<(usize, usize, &str, &str)> {
    let mut out = Vec::new();
    for (i, sep) in flat.char_indices().filter(|(_, c)| matches!(c, '至' | '到' | '～' | '~' | '—' | '－'))
    {
        let l_end = flat[..i].strip_suffix('起').map_or(i, str::len);
        let left = &flat[..l_end];
        if !left.ends_with('日') {
            continue;
        }
        let l_start = left
            .char_indices()
            .rev()
            .take(16)
            .take_while(|(_, c)| is_date_char(*c))
            .last()
            .map_or(l_end, |(k, _)| k);
        let a = flat[l_start..l_end].trim_start_matches(|c: char| !c.is_ascii_digit());
        let r_start = i + sep.len_utf8();
        let rest = &flat[r_start..];
        let r_len: usize = rest.chars().take(16).take_while(|c| is_date_char(*c)).map(char::len_utf8).sum();
        let Some(day) = rest[..r_len].find('日') else { continue };
        let b = &rest[..day + '日'.len_utf8()];
        if a.len() < 4 || !b.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        out.push((l_end - a.len(), r_start + b.len(), a, b));
    }
    out
}

/// The malformed date ranges of the text, as `(start, end, quote, is_the_period)`.
fn malformed_ranges(flat: &str) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    for (start, end, a, b) in date_ranges(flat) {
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
        let lead = &flat[..start];
        let lead_start = lead.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let is_period = PERIOD_KEYS.iter().any(|k| lead[lead_start..].contains(k));
        out.push((start, end, flat[start..end].to_owned(), is_period));
    }
    out
}

/// The digits right before byte `i` (as many as there are).
fn digits_before(flat: &str, i: usize) -> &str {
    let n = flat[..i].bytes().rev().take_while(u8::is_ascii_digit).count();
    &flat[i - n..i]
}

fn year_like(d: &str) -> bool {
    d.len() == 4 && d.starts_with("20") && d.as_bytes().get(2).is_some_and(|b| (b'0'..=b'4').contains(b))
}

/// Dates with a dropped 年 (`20198月`, `201912月`) or 月 (`2018年45日`), as `(start, end)`.
fn malformed_dates(flat: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, _) in flat.match_indices('月') {
        let run = digits_before(flat, i);
        if (5..=6).contains(&run.len()) && year_like(&run[..4]) {
            out.push((i - run.len(), i + '月'.len_utf8()));
        }
    }
    for (i, _) in flat.match_indices('日') {
        let day = digits_before(flat, i);
        let Some(before) = flat[..i - day.len()].strip_suffix('年') else { continue };
        let year = digits_before(flat, before.len());
        if (2..=4).contains(&day.len()) && year_like(year) {
            out.push((before.len() - year.len(), i + '日'.len_utf8()));
        }
    }
    out.sort_unstable();
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
    let dates: Vec<(usize, usize)> = malformed_dates(flat)
        .into_iter()
        .filter(|(ds, de)| !ranges.iter().any(|(s, e, _, _)| ds < e && de > s))
        .collect();
    for (ds, de) in dates.into_iter().take(5) {
        let s = flat[..ds].char_indices().rev().nth(8).map_or(0, |(i, _)| i);
        let e = flat[de..].char_indices().nth(8).map_or(flat.len(), |(i, _)| de + i);
        out.push(Finding::new(
            "date.malformed",
            Severity::Warning,
            format!("日期书写不完整（缺“年”或“月”）：“{}”", &flat[ds..de]),
            truncate(&flat[s..e].replace('\n', ""), 40),
        ));
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
    let flat = &ex.flat;
    let starts = std::iter::once(0).chain(flat.match_indices("\n、").map(|(i, _)| i + 1));
    for s in starts.filter(|s| flat[*s..].starts_with('、')).take(3) {
        let line = flat[s..].split('\n').next().unwrap_or("");
        let title = &line['、'.len_utf8()..];
        let n = title.chars().count();
        let han = title.chars().next().is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if han && (2..=31).contains(&n) {
            out.push(Finding::new(
                "structure.numbering",
                Severity::Warning,
                format!("标题缺少序号：“{}”", truncate(line, 30)),
                truncate(line, 30),
            ));
        }
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
        assert_eq!(
            malformed_dates("自20198月起，2018年45日印发；2019年8月、2018年4月5日"),
            vec![(3, 11), (17, 29)]
        );
    }
}
