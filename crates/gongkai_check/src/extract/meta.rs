//! Metadata: agency, year, publication date, statistics period, numbered headings and the
//! contents list a preface promises.

use std::sync::LazyLock;

use regex::Regex;

use crate::read::Document;

use super::page::META_KEYS;
pub use super::page::{PageMeta, agency_key};

/// A top-level numbered heading (`三、…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its number (三 → 3).
    pub number: u32,
    /// Its text after the numeral (a window of at most 40 characters in flattened text).
    pub text: String,
    /// Byte offset of the heading in the whitespace-free text.
    pub offset: usize,
}

/// Recognised metadata.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title line, when found.
    pub title: Option<String>,
    /// Reporting agency.
    pub agency: Option<String>,
    /// Reported year.
    pub year: Option<i32>,
    /// Publication date (year, month, day): the signature date, else the page metadata's.
    pub published: Option<(i32, u32, u32)>,
    /// The date under the signature (落款), when found, with the text it was read from.
    pub signed: Option<((i32, u32, u32), String)>,
    /// Page metadata found in the document (索引号, 发布机构, 发布日期 …).
    pub page: PageMeta,
    /// The quoted statement of the statistics period, with the years it names.
    pub period: Option<(String, Vec<i32>)>,
    /// Numbered top-level headings in order.
    pub headings: Vec<Heading>,
    /// Items of the contents list in the preface (`报告全文包括…`), with the offset after it.
    pub preface_items: Vec<String>,
    /// Offset in the flat text where the preface list ends.
    pub preface_end: usize,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new($pat).ok());
    };
}

re!(TITLE, r"(\d{4})年度?(?:[^。\n]{0,16}?)(?:政府信息公开|政务公开|信息公开)[^。\n]{0,10}?报告");
re!(DATE_ARABIC, r"(\d{4})年(\d{1,2})月(\d{1,2})日");
re!(
    DATE_CN,
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
);
re!(
    PERIOD,
    r"(?:统计期限|统计时限|统计期间|统计时间|统计区间|数据统计期|统计周期)[^。]{0,40}?(\d{4})年(?:1月1日[^。]{0,10}?(?:(\d{4})年)?12月31日|度)"
);
re!(HEADING, r"(?:^|[。\n：:；）])([一二三四五六七八九十]{1,3})[、．.]");
re!(
    PREFACE,
    r"(?:报告全文包括|报告包括|报告由|报告分为|报告内容包括|报告主要包括|全文包括|报告共分)([^。]{4,300}?)(?:等?(?:共|计)?[一二三四五六七八九十\d]*(?:个)?部分组成|等?(?:几|[一二三四五六七八九十])?个?部分|。)"
);
re!(
    AGENCY_SIG,
    r"^(.{2,30}?(?:人民政府|办事处|委员会|局|厅|办公室|中心|管委会|镇|乡|街道|院|署|会|所|站|队))$"
);

/// Chinese numeral (一 … 九十九) → number.
#[must_use]
pub fn cn_number(s: &str) -> Option<u32> {
    let d = |c: char| {
        "〇一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or(match c {
            '○' | '零' => Some(0),
            _ => None,
        })
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        [a] => d(*a),
        many => many.iter().try_fold(0u32, |acc, c| Some(acc * 10 + d(*c)?)),
    }
}

fn valid_date(y: i32, m: u32, d: u32) -> bool {
    (2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// All dates in `text` with their byte offsets.
#[must_use]
pub fn dates(text: &str) -> Vec<(usize, (i32, u32, u32))> {
    let mut out = Vec::new();
    if let Some(re) = DATE_ARABIC.as_ref() {
        for c in re.captures_iter(text) {
            let (Some(m0), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if let (Ok(y), Ok(m), Ok(d)) = (y.as_str().parse(), m.as_str().parse(), d.as_str().parse())
                && valid_date(y, m, d)
            {
                out.push((m0.start(), (y, m, d)));
            }
        }
    }
    if let Some(re) = DATE_CN.as_ref() {
        for c in re.captures_iter(text) {
            let (Some(m0), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if let (Some(y), Some(m), Some(d)) =
                (cn_number(y.as_str()), cn_number(m.as_str()), cn_number(d.as_str()))
            {
                let y = i32::try_from(y).unwrap_or(0);
                if valid_date(y, m, d) {
                    out.push((m0.start(), (y, m, d)));
                }
            }
        }
    }
    out.sort_by_key(|(o, _)| *o);
    out
}

fn clean_agency(s: &str) -> String {
    let trim = |s: &str| -> String {
        s.trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(c, '：' | ':' | '，' | '。' | '\n' | '“' | '”' | '《' | '》' | '_' | '-' | '|')
        })
        .to_owned()
    };
    let mut s = trim(s);
    // A page-metadata label glued to the name (`名称沭阳县…`, `发布机构：…`) is not part of it.
    while let Some(k) = META_KEYS.iter().find(|k| s.starts_with(*k)) {
        s = trim(&s[k.len()..]);
    }
    if let Some(rest) = s.strip_prefix("关于") {
        s = trim(rest);
    }
    s.trim_end_matches("关于").to_owned()
}

/// Whether a cleaned agency name is usable: 2–40 characters, not a metadata label, no digits,
/// not a sentence (`根据《条例》…，现将我办`) and not page chrome (`首页>…`).
fn plausible_agency(a: &str) -> bool {
    let n = a.chars().count();
    (2..=40).contains(&n)
        && !META_KEYS.contains(&a)
        && !a.chars().any(|c| c.is_ascii_digit())
        && !a.contains(['《', '》', '，', ',', '。', '；', ';', '>', '＞', '»', '!', '！', '?', '？'])
        && !["根据", "按照", "依据", "现将", "现公布", "特向", "本年", "本报告", "我", "您", "当前"]
            .iter()
            .any(|p| a.starts_with(p))
}

/// Endings of an agency's name.
const AGENCY_SUFFIX: [&str; 19] = [
    "政府",
    "办事处",
    "委员会",
    "局",
    "厅",
    "办公室",
    "中心",
    "管委会",
    "镇",
    "乡",
    "街道",
    "院",
    "署",
    "委",
    "办",
    "所",
    "站",
    "队",
    "部",
];

/// The agency at a title whose year starts at `start`: the text just before the year on the same
/// line, or (`2023年某某局政府信息公开…报告`) the text between the year and the subject, or the
/// previous line, or the end of a sentence (`…，现将某某局2023年…报告`).
fn agency_at_title(src: &str, start: usize) -> Option<String> {
    let before = &src[..start];
    let same_line = clean_agency(before.rsplit('\n').next().unwrap_or(""));
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prev_line =
        clean_agency(before[..line_start].trim_end_matches('\n').rsplit('\n').next().unwrap_or(""));
    if plausible_agency(&same_line) {
        Some(same_line)
    } else if let Some(a) = agency_after_year(&src[start..]) {
        Some(a)
    } else if same_line.is_empty() && plausible_agency(&prev_line) {
        Some(prev_line)
    } else {
        agency_in_sentence(before)
    }
}

/// The agency in a sentence before the year: `…规定，现将某某局（以下简称某局）2023年…报告…`.
fn agency_in_sentence(before: &str) -> Option<String> {
    let last = before.rsplit(['，', ',', '。', '；', '：', ':', '\n']).next()?;
    let marked = ["现将", "特将", "兹将", "现就", "现把", "现公布", "特公布", "公布"]
        .iter()
        .find_map(|k| last.rsplit_once(k).map(|(_, r)| r));
    let last = marked.unwrap_or(last);
    let name = last.split(['（', '(']).next().unwrap_or(last);
    let a = clean_agency(name);
    // After 现将/现公布 a bare place (`现公布黄平县2022年…报告`) names its government.
    let place = marked.is_some() && ["县", "区", "市", "旗", "州", "盟"].iter().any(|x| a.ends_with(x));
    (plausible_agency(&a)
        && a.chars().count() >= 3
        && (place || AGENCY_SUFFIX.iter().any(|x| a.ends_with(x))))
    .then_some(a)
}

/// The agency opening the body: `2024年，某某局认真贯彻…`.
fn agency_opening_body(flat: &str) -> Option<String> {
    let re = crate::re::cached(
        r"\d{4}年(?:度|以来)?[，,]([^，,。；、\n]{3,30}?)(?:认真|深入|坚持|始终|持续|全面|高度|紧紧|严格|按照|围绕|以习近平|积极|不断|进一步|扎实|聚焦)",
    )?;
    re.captures_iter(head_or(flat, 1500)).find_map(|c| {
        let a = clean_agency(c.get(1)?.as_str());
        (plausible_agency(&a) && AGENCY_SUFFIX.iter().any(|x| a.ends_with(x)) && a != "人民政府").then_some(a)
    })
}

/// `年度?某某局政府信息公开…` → `某某局` when the title names the agency after the year.
fn agency_after_year(from_year: &str) -> Option<String> {
    let re = crate::re::cached(r"^\d{4}年度?(?:关于)?(.{2,30}?)(?:政府信息公开|政务公开|信息公开)")?;
    let c = re.captures(from_year)?;
    let a = clean_agency(c.get(1)?.as_str());
    let ok = plausible_agency(&a) && a.chars().count() >= 3 && a != "人民政府";
    (ok && AGENCY_SUFFIX.iter().any(|x| a.ends_with(x))).then_some(a)
}

/// Recognise metadata of a document.
#[must_use]
pub fn recognise(doc: &Document, page: &PageMeta, lines: &[String], flat: &str) -> Meta {
    let mut meta = Meta::default();
    // Title: the first line (or HTML title) naming a year and "…报告".
    let head_len = flat.char_indices().nth(400).map_or(flat.len(), |(i, _)| i);
    let head = &flat[..head_len];
    let title_src = doc.title.clone().map(|t| t.split_whitespace().collect::<String>());
    let page_title = page.title.as_deref().map(|t| t.split_whitespace().collect::<String>());
    let from_title = title_src
        .as_deref()
        .into_iter()
        .chain(page_title.as_deref())
        .find_map(|t| find_title(t).map(|x| (t.to_owned(), x)));
    let found = from_title.or_else(|| find_title(head).map(|x| (head.to_owned(), x)));
    if let Some((src, (start, year, _))) = found {
        meta.year = Some(year);
        meta.agency = agency_at_title(&src, start);
        // The title again further on (a page repeating its title under the agency's name).
        let mut from = 0;
        while meta.agency.is_none() {
            let Some((s, _, e)) = find_title(&head[from..]) else { break };
            meta.agency = agency_at_title(head, from + s);
            from += e;
        }
        let line_end = src[start..].find(['\n', '。']).map_or(src.len(), |e| start + e);
        meta.title = Some(src[..line_end].rsplit('\n').next().unwrap_or("").to_owned());
    }
    // Page metadata (article tables and `索引号：…` blocks): agency and date when the title
    // line gave none.
    meta.page = page.clone();
    if meta.agency.is_none() {
        meta.agency = page.agency.as_deref().map(clean_agency).filter(|a| plausible_agency(a));
    }
    // Signature: a short line naming an agency near the end, before the date.
    let tail: Vec<&String> = lines.iter().rev().take(8).collect();
    for l in &tail {
        let t: String = l.split_whitespace().collect();
        if let Some(c) = AGENCY_SIG.as_ref().and_then(|re| re.captures(&t)) {
            let sig = c.get(1).map_or("", |m| m.as_str()).to_owned();
            // The office that compiled a government's report signs it (`某县人民政府办公室`);
            // that does not make the report the office's own.
            let office = sig.strip_suffix("办公室").filter(|s| s.ends_with("政府")).map(str::to_owned);
            match &meta.agency {
                Some(a) if sig.starts_with(a.as_str()) && sig.len() > a.len() => {
                    if let Some(gov) = office {
                        if gov.len() > a.len() && !a.ends_with("政府") {
                            meta.agency = Some(gov);
                        }
                    } else {
                        meta.agency = Some(sig);
                    }
                }
                None => meta.agency = Some(office.unwrap_or(sig)),
                _ => {}
            }
            break;
        }
    }
    // Publication date: the last date in the final lines.
    let tail_text: String = lines
        .iter()
        .rev()
        .take(6)
        .rev()
        .map(|l| l.split_whitespace().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    // A bound of the statistics period (`2023年1月1日至2023年12月31日`) is not a 落款.
    let tail_dates: Vec<(usize, (i32, u32, u32))> =
        dates(&tail_text).into_iter().filter(|(o, _)| !period_bound(&tail_text, *o)).collect();
    if let Some((o, d)) = tail_dates.last() {
        meta.published = Some(*d);
        // The date's own line; a short one is the 落款 (a date inside a sentence is not).
        let line = tail_text[..*o].rsplit('\n').next().unwrap_or("");
        let end = tail_text[*o..].find('\n').map_or(tail_text.len(), |e| o + e);
        let whole = format!("{line}{}", &tail_text[*o..end]);
        if whole.chars().count() <= 32 && !whole.contains(['，', '。', '；']) {
            meta.signed = Some((*d, whole));
        }
    }
    if meta.published.is_none() {
        meta.published = page.published;
    }
    // Statistics period.
    if let Some(c) = PERIOD.as_ref().and_then(|re| re.captures(flat)) {
        let years: Vec<i32> =
            [c.get(1), c.get(2)].iter().flatten().filter_map(|m| m.as_str().parse().ok()).collect();
        // A page without a title line (the text starts at 一、总体情况): the year the period names.
        if meta.year.is_none() {
            meta.year = years.first().copied();
        }
        meta.period = Some((c.get(0).map_or("", |m| m.as_str()).to_owned(), years));
    }
    if meta.agency.is_none() {
        meta.agency = agency_opening_body(flat);
    }
    // Preface contents list.
    if let Some(c) = PREFACE.as_ref().and_then(|re| re.captures(head_or(flat, 1500)))
        && let Some(list) = c.get(1)
    {
        meta.preface_items = list
            .as_str()
            .split('、')
            .map(|s| s.trim_end_matches('等').trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if meta.preface_items.len() < 3 {
            meta.preface_items.clear();
        }
        meta.preface_end = c.get(0).map_or(0, |m| m.end());
    }
    meta.headings = headings(flat);
    meta
}

/// Whether the date starting at `o` is a bound of a period: `…至2023年12月31日`, `2023年1月1日至…`,
/// `2023年1月1日起`.
fn period_bound(text: &str, o: usize) -> bool {
    let before = text[..o].chars().next_back();
    let after = text[o..].find('日').map_or("", |i| &text[o + i + '日'.len_utf8()..]);
    matches!(before, Some('至' | '到' | '～' | '~' | '—' | '-' | '－'))
        || after.starts_with(['至', '到', '起', '止', '～', '~', '—', '-', '－'])
}

fn head_or(flat: &str, n: usize) -> &str {
    let end = flat.char_indices().nth(n).map_or(flat.len(), |(i, _)| i);
    &flat[..end]
}

fn find_title(text: &str) -> Option<(usize, i32, usize)> {
    let c = TITLE.as_ref()?.captures(text)?;
    let y = c.get(1)?;
    let year: i32 = y.as_str().parse().ok()?;
    if !(2000..=2100).contains(&year) {
        return None;
    }
    Some((y.start(), year, c.get(0)?.end()))
}

/// Top-level numbered headings in the whitespace-free text.
#[must_use]
pub fn headings(flat: &str) -> Vec<Heading> {
    let Some(re) = HEADING.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    for c in re.captures_iter(flat) {
        let (Some(num), Some(all)) = (c.get(1), c.get(0)) else { continue };
        let Some(number) = cn_number(num.as_str()) else { continue };
        let rest = &flat[all.end()..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let text: String = rest[..line_end].chars().take(40).collect();
        // Table rows of 表三 are not headings.
        if ["本年新收", "上年结转", "本年度办理结果", "结转下年", "申请数量"].iter().any(|k| text.contains(k))
        {
            continue;
        }
        if text.chars().next().is_none_or(|ch| ch.is_ascii_digit()) {
            continue;
        }
        out.push(Heading { number, text, offset: num.start() });
    }
    out
}
