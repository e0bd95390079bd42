//! Clean-up applied to every document after reading: character normalisation (full-width
//! digits, thousands separators), web-page chrome (打印本页, 关闭窗口, 分享到, breadcrumbs,
//! 上一篇/下一篇), page numbers and running headers repeated on every page, and lines that a
//! PDF or a hard-wrapped text file broke inside a paragraph (so words and numbers are whole again).

use super::{Block, Document, GridCell, SourceKind};

/// Apply every clean-up step to a document.
pub fn tidy(doc: &mut Document) {
    if let Some(t) = doc.title.as_mut() {
        *t = normalize(t);
    }
    for b in &mut doc.blocks {
        match b {
            Block::Para(p) => *p = normalize(p),
            Block::Table(rows) => {
                for r in rows.iter_mut() {
                    for c in r.iter_mut() {
                        if let GridCell::Origin(t) = c {
                            *t = normalize(t);
                        }
                    }
                }
            }
        }
    }
    doc.blocks.retain(|b| match b {
        Block::Para(p) => !is_chrome(p) && !is_page_number(p),
        Block::Table(_) => true,
    });
    if matches!(doc.kind, SourceKind::Pdf | SourceKind::Text) {
        drop_running_headers(&mut doc.blocks);
        join_wrapped_lines(&mut doc.blocks);
    }
}

/// Full-width digits and decimal points to ASCII, thousands separators (`1,234`) removed,
/// no-break and ideographic spaces to plain spaces.
#[must_use]
pub fn normalize(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '\u{a0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
            _ => c,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = if chars.contains(&'年') && chars.iter().any(|c| matches!(c, '〇' | '○' | '零'))
    {
        arabic_dates(&chars.iter().collect::<String>()).chars().collect()
    } else {
        chars
    };
    for (i, &c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        match c {
            // 12．5 → 12.5
            '．' if digit_before && digit_after => out.push('.'),
            // 1,234 / 12,345,678 → digits only (a comma followed by exactly three digits).
            ',' if digit_before && is_thousands_group(&chars[i + 1..]) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Dates in Chinese numerals (`二〇二四年一月十五日`, `二〇二三年度`) in Arabic digits.
fn arabic_dates(s: &str) -> String {
    fn digit(c: char) -> Option<u32> {
        match c {
            '〇' | '○' | '零' => Some(0),
            _ => "一二三四五六七八九".chars().position(|d| d == c).and_then(|p| u32::try_from(p + 1).ok()),
        }
    }
    fn small(s: &str) -> Option<u32> {
        let c: Vec<char> = s.chars().collect();
        match c.as_slice() {
            ['十'] => Some(10),
            ['十', b] => Some(10 + digit(*b)?),
            [a, '十'] => Some(digit(*a)? * 10),
            [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
            [a] => digit(*a),
            _ => None,
        }
    }
    let Some(re) = crate::re::cached(
        r"([〇○零一二三四五六七八九]{4})年(?:([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?)?",
    ) else {
        return s.to_owned();
    };
    re.replace_all(s, |c: &regex::Captures<'_>| {
        let all = c.get(0).map_or("", |m| m.as_str());
        let year: Option<String> =
            c.get(1).map_or("", |m| m.as_str()).chars().map(|ch| digit(ch).map(|d| d.to_string())).collect();
        let Some(year) = year else { return all.to_owned() };
        let month = c.get(2).map(|m| small(m.as_str()).filter(|v| (1..=12).contains(v)));
        let day = c.get(3).map(|m| small(m.as_str()).filter(|v| (1..=31).contains(v)));
        match (month, day) {
            (None, _) => format!("{year}年"),
            (Some(Some(m)), None) => format!("{year}年{m}月"),
            (Some(Some(m)), Some(Some(d))) => format!("{year}年{m}月{d}日"),
            _ => all.to_owned(),
        }
    })
    .into_owned()
}

fn is_thousands_group(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(char::is_ascii_digit)
        && rest.get(3).is_none_or(|c| !c.is_ascii_digit())
}

/// Words that make up web-page chrome (navigation, sharing, printing, font size).
const CHROME_WORDS: &[&str] = &[
    "扫一扫在手机打开当前页",
    "扫一扫在手机上打开当前页",
    "在手机上打开当前页",
    "打印本页",
    "打印此页",
    "关闭窗口",
    "关闭本页",
    "返回顶部",
    "返回首页",
    "保存本页",
    "分享到",
    "扫一扫",
    "收藏",
    "打印",
    "关闭",
    "分享",
    "字号",
    "字体",
    "默认",
    "微信",
    "微博",
    "QQ空间",
    "大",
    "中",
    "小",
];

/// Prefixes of chrome lines (breadcrumbs, links to other articles, visit counters).
const CHROME_PREFIXES: &[&str] = &[
    "当前位置",
    "您当前的位置",
    "您现在的位置",
    "您的位置",
    "当前所在位置",
    "上一篇",
    "下一篇",
    "相关链接",
    "相关文章",
    "相关阅读",
    "浏览次数",
    "访问次数",
    "阅读次数",
];

/// Whether a paragraph is web-page chrome rather than report text.
#[must_use]
pub fn is_chrome(line: &str) -> bool {
    if is_breadcrumb(line) {
        return true;
    }
    let t: String = line
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '【' | '】'
                        | '['
                        | ']'
                        | '|'
                        | '｜'
                        | '/'
                        | '：'
                        | ':'
                        | '（'
                        | '）'
                        | '('
                        | ')'
                        | '>'
                        | '»'
                )
        })
        .collect();
    if t.is_empty() {
        return false;
    }
    if CHROME_PREFIXES.iter().any(|p| t.starts_with(p)) && t.chars().count() <= 120 {
        return true;
    }
    // Entirely made of chrome words (greedy, longest first).
    let mut rest = t.as_str();
    let mut words = 0;
    'outer: while !rest.is_empty() {
        for w in CHROME_WORDS {
            if let Some(r) = rest.strip_prefix(w) {
                rest = r;
                words += 1;
                continue 'outer;
            }
        }
        return false;
    }
    // A lone 大/中/小 is not chrome; "打印" or "大中小" is.
    words >= 2 || t.chars().count() >= 2
}

/// A breadcrumb trail: `首页 > 政务公开 > … > 某某区`, also behind a prefix the list above does not
/// know (`您当前所在位置:首页>…`): at least two `>` separators, the first crumb a home link or a
/// position label, no sentence punctuation.
fn is_breadcrumb(line: &str) -> bool {
    let t = line.trim();
    let mut crumbs = t.split(['>', '»', '＞']);
    let first = crumbs.next().unwrap_or("");
    crumbs.count() >= 2
        && first.chars().count() <= 16
        && ["首页", "主页", "位置"].iter().any(|h| first.contains(h))
        && !t.contains(['。', '，', '；'])
        && t.chars().count() <= 120
}

/// Page numbers and page counters: `- 3-`, `— 3 —`, `第 3 页 共 5 页`, `共5页 第3页`, `3 / 5`,
/// `Page 3 of 5`.
#[must_use]
pub fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–' | '·'));
    if core.len() < t.len() && !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if (t.starts_with('第') || t.starts_with('共')) && t.contains('页') && t.chars().count() <= 14 {
        let rest: String =
            t.chars().filter(|c| !matches!(c, '第' | '共' | '页' | '，' | ',' | '/' | '／')).collect();
        return rest.chars().all(|c| c.is_ascii_digit());
    }
    if let Some((a, b)) = t.split_once(['/', '／']) {
        return !a.is_empty()
            && !b.is_empty()
            && a.len() <= 3
            && b.len() <= 3
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
            && a.parse::<u32>().ok() <= b.parse::<u32>().ok();
    }
    let lower = t.to_ascii_lowercase();
    if let Some(r) = lower.strip_prefix("page") {
        return r.replace("of", "").chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// Words that table labels are made of; a repeated line holding one of them is table text, not
/// a running header.
const TABLE_WORDS: &[&str] =
    &["数量", "件数", "总计", "合计", "结果", "信息内容", "申请", "审结", "处理", "其他", "金额"];

/// Drop the second and later copies of a line repeated at least three times (running headers
/// and footers of a PDF: the agency's name, the report title, a site name).
fn drop_running_headers(blocks: &mut Vec<Block>) {
    use std::collections::HashMap;
    let key = |p: &str| -> String { p.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for b in blocks.iter() {
        if let Block::Para(p) = b {
            *counts.entry(key(p)).or_default() += 1;
        }
    }
    let repeated = |k: &str| {
        let n = k.chars().count();
        let cjk = k.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        counts.get(k).copied().unwrap_or(0) >= 3
            && (6..=40).contains(&n)
            && (cjk >= 6 || !k.chars().any(|c| c.is_ascii_digit()))
            && !is_tabular(k)
            && !TABLE_WORDS.iter().any(|w| k.contains(w))
    };
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    blocks.retain(|b| match b {
        Block::Para(p) => {
            let k = key(p);
            !repeated(&k) || seen.insert(k)
        }
        Block::Table(_) => true,
    });
}

/// Whether a line starts with a heading or list marker (`一、`, `（一）`, `1.`, `(1)`, `第一`).
fn starts_with_marker(t: &str) -> bool {
    let chars: Vec<char> = t.chars().take(6).collect();
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    match chars.as_slice() {
        [a, b, ..] if cn(*a) && matches!(b, '、' | '．' | '.') => true,
        [a, b, c, ..] if cn(*a) && cn(*b) && matches!(c, '、' | '．' | '.') => true,
        ['（' | '(', a, ..] if cn(*a) || a.is_ascii_digit() => true,
        [a, b, ..] if a.is_ascii_digit() && matches!(b, '.' | '、' | '．' | '）' | ')') => true,
        [a, b, c, ..] if a.is_ascii_digit() && b.is_ascii_digit() && matches!(c, '.' | '、' | '．') => true,
        ['第', ..] => true,
        ['附', '件', ..] => true,
        _ => false,
    }
}

/// Whether a line is a `label：value` field (`发布日期：…`, `电话：…`): a label of at most six
/// characters followed by a colon.
fn is_field(t: &str) -> bool {
    t.char_indices()
        .take(7)
        .find(|(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|(i, _)| i > 0 && !t[..i].contains(['，', '。', '、', '（', '(']))
}

/// Whether a line looks like a table row (three or more whitespace-separated cells: numbers,
/// `0件`, or blank markers such as `—` and `/`).
fn is_tabular(line: &str) -> bool {
    line.split_whitespace()
        .filter(|w| {
            let t = w.trim_end_matches(['件', '个', '条', '项', '元']);
            (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
                || matches!(*w, "—" | "－" | "-" | "/" | "／" | "——" | "无")
        })
        .count()
        >= 3
}

/// Join lines that a PDF (or a hard-wrapped text) broke inside a paragraph: a line close to the
/// full text width, not ending a sentence, followed by a line that does not start a heading or a
/// list item. Joined without a space between Chinese characters and with one between digits.
fn join_wrapped_lines(blocks: &mut Vec<Block>) {
    let len = |p: &str| p.chars().filter(|c| !c.is_whitespace()).count();
    // The text width: a high percentile of the lengths of lines that are not table rows.
    let mut lengths: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if !is_tabular(p) && len(p) >= 8 => Some(len(p)),
            _ => None,
        })
        .collect();
    if lengths.len() < 6 {
        return;
    }
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 4 / 5];
    if width < 20 {
        return;
    }
    // Lines this long are full-width lines (a paragraph going on).
    let full = width * 4 / 5;
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // The last physical line appended to `out` (a joined paragraph is judged by its last line).
    let mut last_line = String::new();
    for b in blocks.drain(..) {
        let Block::Para(next) = b else {
            out.push(b);
            last_line.clear();
            continue;
        };
        if let Some(Block::Para(prev)) = out.last_mut() {
            let prev_trim = last_line.trim_end();
            let next_trim = next.trim_start();
            let ends_sentence = prev_trim.ends_with(['。', '！', '？', '；', '：', ':', ';', '!', '?']);
            let starts_para = prev.trim_start() == last_line.trim_start();
            let heading_line =
                starts_para && starts_with_marker(prev_trim.trim_start()) && len(prev_trim) < full;
            let top_heading = starts_para && {
                let c: Vec<char> = prev.trim_start().chars().take(3).collect();
                matches!(c.as_slice(), [a, '、', ..] if "一二三四五六七八九十".contains(*a))
            };
            if len(prev_trim) >= full
                && !ends_sentence
                && !heading_line
                && !top_heading
                && !starts_with_marker(next_trim)
                && !is_field(prev_trim)
                && !is_field(next_trim)
                && !is_tabular(prev_trim)
                && !is_tabular(next_trim)
            {
                let a = prev.trim_end().chars().last();
                let z = next_trim.chars().next();
                let keep_space = a.is_some_and(|c| c.is_ascii_alphanumeric())
                    && z.is_some_and(|c| c.is_ascii_alphanumeric());
                let mut joined = prev.trim_end().to_owned();
                if keep_space {
                    joined.push(' ');
                }
                joined.push_str(next_trim);
                *prev = joined;
                last_line = next_trim.to_owned();
                continue;
            }
        }
        last_line = next.clone();
        out.push(Block::Para(next));
    }
    *blocks = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_digits_and_separators() {
        assert_eq!(normalize("共收到申请１２３件，金额1,234.5万元"), "共收到申请123件，金额1234.5万元");
        assert_eq!(normalize("１２．５"), "12.5");
        // Not a thousands group.
        assert_eq!(normalize("1,23"), "1,23");
        assert_eq!(normalize("1,2345"), "1,2345");
        assert_eq!(normalize("12,345,678"), "12345678");
        assert_eq!(normalize("二〇二四年一月十五日"), "2024年1月15日");
        assert_eq!(normalize("某镇二〇二三年度政府信息公开"), "某镇2023年度政府信息公开");
        assert_eq!(normalize("二零二三年十二月三十一日"), "2023年12月31日");
        assert_eq!(normalize("二〇二三年十三月"), "二〇二三年十三月");
    }

    #[test]
    fn breadcrumbs_without_a_prefix_are_chrome() {
        assert!(is_chrome(
            "首页 > 部门信息公开 > 市市场监督管理局龙华监管局 > 信息公开工作 > 信息公开年度报告"
        ));
        assert!(is_chrome("网站首页 » 政务公开 » 某某区"));
        assert!(is_chrome("您当前所在位置:首页>乡镇信息公开>中村乡>政务信息公开年报"));
        assert!(!is_chrome("首页 > 政务公开"), "one separator is not a trail");
        assert!(!is_chrome("首页改版后，栏目 > 专题 > 年报，访问量增加。"));
    }

    #[test]
    fn recognises_chrome_and_page_numbers() {
        for l in
            ["【打印本页】【关闭窗口】", "分享到：", "字号：大 中 小", "当前位置：首页 > 政务公开 > 年报"]
        {
            assert!(is_chrome(l), "{l}");
        }
        for l in ["上一篇：某某局2022年政府信息公开工作年度报告", "打印 关闭"] {
            assert!(is_chrome(l), "{l}");
        }
        for l in ["大", "中", "一、总体情况", "本机关未收取任何费用。"] {
            assert!(!is_chrome(l), "{l}");
        }
        for l in ["- 3 -", "第 3 页 共 9 页", "共9页 第3页", "3 / 9", "第3页，共9页", "Page 2 of 5"]
        {
            assert!(is_page_number(l), "{l}");
        }
        for l in ["第二十条第（一）项", "9/3", "21", "2023年"] {
            assert!(!is_page_number(l), "{l}");
        }
    }

    #[test]
    fn joins_wrapped_lines_but_not_headings_or_rows() {
        let lines = [
            "某某县人民政府",
            "2023年政府信息公开工作年度报告",
            "一、总体情况",
            "2023年，本县认真贯彻落实《条例》，不断完善政府信",
            "息公开制度，全年共受理政府信息公开申请1",
            "2件，均在法定期限内答复。",
            "二、主动公开政府信息情况",
            "本年新收政府信息公开申请数量 12 0 0 0 0 0 12",
            "（一）予以公开 10 0 0 0 0 0 10",
            "这一行也很长很长很长很长很长很长很长很长很长很长",
            "三、收到和处理政府信息公开申请情况",
        ];
        let mut blocks: Vec<Block> = lines.iter().map(|l| Block::Para((*l).to_owned())).collect();
        join_wrapped_lines(&mut blocks);
        let got: Vec<String> = blocks
            .iter()
            .filter_map(|b| if let Block::Para(p) = b { Some(p.clone()) } else { None })
            .collect();
        assert!(got.contains(
            &"2023年，本县认真贯彻落实《条例》，不断完善政府信息公开制度，全年共受理政府信息公开申请1 2件，均在法定期限内答复。"
                .to_owned()
        ));
        assert!(got.contains(&"二、主动公开政府信息情况".to_owned()));
        assert!(got.contains(&"本年新收政府信息公开申请数量 12 0 0 0 0 0 12".to_owned()));
        assert!(got.contains(&"三、收到和处理政府信息公开申请情况".to_owned()));
    }

    #[test]
    fn drops_repeated_running_headers_but_keeps_the_first() {
        let mut blocks = vec![];
        for i in 0..4 {
            blocks.push(Block::Para("某某县人民政府办公室".to_owned()));
            blocks.push(Block::Para("某某县2023年政府信息公开工作年度报告".to_owned()));
            blocks.push(Block::Para(format!("第{i}段正文内容")));
            blocks.push(Block::Para("结果维持".to_owned()));
        }
        drop_running_headers(&mut blocks);
        let n = |s: &str| blocks.iter().filter(|b| matches!(b, Block::Para(p) if p == s)).count();
        assert_eq!(n("某某县人民政府办公室"), 1);
        assert_eq!(n("某某县2023年政府信息公开工作年度报告"), 1);
        assert_eq!(n("结果维持"), 4);
    }
}
