//! Page metadata and agency identity.
//!
//! Government portals print a metadata block above an article (`索引号 | 主题分类 | 发布机构 |
//! 成文日期 | 名称 | 文号 | 发布日期`), as a table or as `键：值` lines, and it survives into
//! saved pages, Word copies and PDF prints. [`split_page_meta`] takes such blocks out of the
//! document and reads them as metadata (title, agency, dates), so that a label like `名称` never
//! becomes part of the agency and the block's dates and numbers are not read as report text.
//!
//! [`agency_key`] normalises an agency name for pairing one agency's reports across years
//! (`淮安市洪泽区人民政府` and `洪泽区人民政府` are the same agency).

use crate::read::{Block, Document, GridCell};

/// Labels of page-metadata fields.
pub const META_KEYS: &[&str] = &[
    "索引号",
    "主题分类",
    "体裁分类",
    "组配分类",
    "服务对象分类",
    "信息分类",
    "分类",
    "发文机关",
    "发布机构",
    "公开机构",
    "发布单位",
    "发文单位",
    "公开责任部门",
    "责任部门",
    "生成日期",
    "成文日期",
    "发布日期",
    "公开日期",
    "发布时间",
    "印发日期",
    "名称",
    "标题",
    "文号",
    "发文字号",
    "主题词",
    "关键词",
    "有效性",
    "公开方式",
    "公开范围",
    "公开时限",
    "信息来源",
    "来源",
    "内容概述",
    "组织机构代码",
];

/// Keys that only count as metadata next to other keys (they also start ordinary sentences).
const WEAK_KEYS: &[&str] = &["名称", "标题", "来源", "分类", "文号", "关键词", "主题词", "有效性"];

/// What a page-metadata block says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `名称` / `标题`.
    pub title: Option<String>,
    /// `发布机构` / `发文机关` / `公开机构` / `发布单位`.
    pub agency: Option<String>,
    /// `发布日期` / `公开日期` / `发布时间`.
    pub published: Option<(i32, u32, u32)>,
    /// `成文日期` / `生成日期` / `印发日期`.
    pub written: Option<(i32, u32, u32)>,
    /// `索引号`.
    pub index_no: Option<String>,
    /// Every key and value read, in order.
    pub fields: Vec<(String, String)>,
}

impl PageMeta {
    fn add(&mut self, key: &str, value: &str) {
        let value = value.trim().trim_matches(|c| matches!(c, '：' | ':')).trim().to_owned();
        if value.is_empty() || META_KEYS.contains(&value.as_str()) {
            return;
        }
        match key {
            "名称" | "标题" => {
                self.title.get_or_insert(value.clone());
            }
            "发布机构" | "发文机关" | "公开机构" | "发布单位" | "发文单位" | "公开责任部门" =>
            {
                self.agency.get_or_insert(value.clone());
            }
            "发布日期" | "公开日期" | "发布时间" => {
                if let Some(d) = parse_date(&value) {
                    self.published.get_or_insert(d);
                }
            }
            "成文日期" | "生成日期" | "印发日期" => {
                if let Some(d) = parse_date(&value) {
                    self.written.get_or_insert(d);
                }
            }
            "索引号" => {
                self.index_no.get_or_insert(value.clone());
            }
            _ => {}
        }
        self.fields.push((key.to_owned(), value));
    }

    /// Whether anything was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// A date written as `2024-01-17`, `2024/1/17`, `2024.01.17` or `2024年1月17日` (a time after it
/// is ignored).
#[must_use]
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let re = crate::re::cached(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")?;
    let c = re.captures(s)?;
    let y: i32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    let d: u32 = c.get(3)?.as_str().parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The key a cell or line starts with, and the rest after the key and its colon.
fn leading_key(t: &str) -> Option<(&'static str, &str)> {
    let t = t.trim_start();
    let key = META_KEYS.iter().filter(|k| t.starts_with(*k)).max_by_key(|k| k.len()).copied()?;
    let rest = &t[key.len()..];
    let rest_trim = rest.trim_start();
    // The key must be followed by a colon, whitespace or nothing (not `名称为…`).
    let sep = rest.is_empty()
        || rest_trim.starts_with(['：', ':'])
        || rest.starts_with(|c: char| c.is_whitespace());
    sep.then(|| (key, rest_trim.trim_start_matches(['：', ':']).trim_start()))
}

/// Split a line into `(key, value)` pairs (`索引号：X 分类：Y`); `None` unless it starts with a key.
fn line_pairs(line: &str) -> Option<Vec<(&'static str, String)>> {
    let (first, _) = leading_key(line)?;
    let mut pairs = Vec::new();
    // Positions of every `key：` (or key at the start) in the line.
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    for k in META_KEYS {
        let mut from = 0;
        while let Some(i) = line[from..].find(k) {
            let s = from + i;
            let e = s + k.len();
            from = e;
            let after = line[e..].trim_start();
            let before_ok = s == 0 || line[..s].ends_with(|c: char| c.is_whitespace() || c == '|');
            let at_start_alone = s == 0 && (line[e..].starts_with(char::is_whitespace) || after.is_empty());
            if before_ok && (after.starts_with(['：', ':']) || at_start_alone) {
                marks.push((s, e, k));
            }
        }
    }
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    marks.dedup_by_key(|m| m.0);
    // Drop keys inside a longer key (`分类` inside `主题分类`).
    let mut kept: Vec<(usize, usize, &'static str)> = Vec::new();
    for m in marks {
        if kept.last().is_none_or(|l| m.0 >= l.1) {
            kept.push(m);
        }
    }
    if kept.first().is_none_or(|m| m.0 != 0 || m.2 != first) {
        return None;
    }
    for (i, (_, e, k)) in kept.iter().enumerate() {
        let end = kept.get(i + 1).map_or(line.len(), |n| n.0);
        let v = line[*e..end].trim().trim_start_matches(['：', ':']).trim();
        pairs.push((*k, v.to_owned()));
    }
    Some(pairs)
}

/// Read a table as page metadata when at least two of its cells are metadata keys (and it
/// has no statutory-table words).
fn table_meta(rows: &[Vec<GridCell>], page: &mut PageMeta) -> bool {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .filter_map(|c| match c {
                    GridCell::Origin(t) => Some(t.trim().to_owned()),
                    GridCell::Covered => None,
                })
                .collect()
        })
        .collect();
    let strong = cells
        .iter()
        .flatten()
        .filter(|c| leading_key(c).is_some_and(|(k, _)| !WEAK_KEYS.contains(&k)))
        .count();
    let keys = cells.iter().flatten().filter(|c| leading_key(c).is_some()).count();
    let statutory = cells.iter().flatten().any(|c| {
        ["本年新收", "信息内容", "行政复议", "申请人情况", "第二十条"].iter().any(|w| c.contains(w))
    });
    if strong < 1 || keys < 2 || statutory || cells.iter().map(Vec::len).sum::<usize>() > 40 {
        return false;
    }
    for r in &cells {
        let mut i = 0;
        while i < r.len() {
            let c = &r[i];
            match leading_key(c) {
                Some((k, "")) => {
                    if let Some(v) = r.get(i + 1)
                        && leading_key(v).is_none()
                    {
                        page.add(k, v);
                        i += 2;
                        continue;
                    }
                }
                Some(_) => {
                    if let Some(pairs) = line_pairs(c) {
                        for (k, v) in pairs {
                            page.add(k, &v);
                        }
                    }
                }
                None => {}
            }
            i += 1;
        }
    }
    true
}

/// Take page-metadata blocks out of a document: tables of metadata cells, and clusters of
/// `键：值` lines (two or more keys, at least one not an ordinary word like `名称`), also with
/// the key alone on a line and its value on the next (a printed page table).
#[must_use]
pub fn split_page_meta(doc: &Document) -> (PageMeta, Document) {
    let mut page = PageMeta::default();
    let mut out = Vec::with_capacity(doc.blocks.len());
    let blocks = &doc.blocks;
    let mut i = 0;
    while i < blocks.len() {
        match &blocks[i] {
            Block::Table(rows) => {
                if !table_meta(rows, &mut page) {
                    out.push(blocks[i].clone());
                }
                i += 1;
            }
            Block::Para(_) => {
                // A run of metadata lines starting here.
                let mut j = i;
                let mut pairs: Vec<(&'static str, String)> = Vec::new();
                while let Some(Block::Para(p)) = blocks.get(j) {
                    let t = p.trim();
                    if let Some(ps) = line_pairs(t) {
                        // A key alone, value on the next line.
                        if ps.len() == 1
                            && ps[0].1.is_empty()
                            && let Some(Block::Para(next)) = blocks.get(j + 1)
                            && leading_key(next).is_none()
                            && next.chars().count() <= 60
                        {
                            pairs.push((ps[0].0, next.trim().to_owned()));
                            j += 2;
                            continue;
                        }
                        if t.chars().count() > 160 || ps.iter().any(|(_, v)| v.chars().count() > 100) {
                            break;
                        }
                        pairs.extend(ps);
                        j += 1;
                    } else {
                        break;
                    }
                }
                let strong = pairs.iter().filter(|(k, _)| !WEAK_KEYS.contains(k)).count();
                if pairs.len() >= 2 && strong >= 1 {
                    for (k, v) in &pairs {
                        page.add(k, v);
                    }
                    i = j;
                } else {
                    out.push(blocks[i].clone());
                    i += 1;
                }
            }
        }
    }
    if page.title.as_deref().is_some_and(|t| squeeze(t).is_empty()) {
        page.title = None;
    }
    (
        page,
        Document {
            kind: doc.kind,
            blocks: out,
            title: doc.title.clone(),
            skipped_tables: doc.skipped_tables,
        },
    )
}

/// Characters that name an administrative unit at the end of a place name.
const UNITS: &[char] = &['省', '市', '区', '县', '旗', '州', '盟', '镇', '乡'];

/// Words that contain a unit character without being a place (`城市管理局`, `市场监督…`,
/// `住房和城乡建设局`).
const NOT_PLACES: &[&str] = &["城市", "城乡", "市场", "市政", "和", "管理", "社区", "街区", "园区"];

/// The place name an agency name starts with (`洪泽区` in `洪泽区人民政府`), if any.
fn leading_place(name: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    for (n, (i, c)) in chars.iter().enumerate().take(12) {
        let unit_len = if UNITS.contains(c) {
            c.len_utf8()
        } else if name[*i..].starts_with("街道") {
            "街道".len()
        } else {
            continue;
        };
        if n == 0 {
            return None;
        }
        let end = i + unit_len;
        let place = &name[..end];
        if NOT_PLACES.iter().any(|w| place.contains(w)) {
            return None;
        }
        return Some(end);
    }
    None
}

/// Normalised agency name for pairing reports of one agency: whitespace removed, full-width
/// ASCII folded, `人民政府` written `政府`, and leading province/city names dropped while what
/// remains still starts with a place (`江苏省淮安市洪泽区人民政府` → `洪泽区政府`; `淮安市人民政府`
/// and `淮安市发展和改革委员会` keep their city).
#[must_use]
pub fn agency_key(name: &str) -> String {
    let mut t: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect();
    t = t.replace("人民政府", "政府");
    while let Some(end) = leading_place(&t) {
        let rest = &t[end..];
        match leading_place(rest) {
            Some(e2) if e2 < rest.len() => t = rest.to_owned(),
            _ => break,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{self, SourceKind};

    #[test]
    fn agency_keys() {
        assert_eq!(agency_key("淮安市洪泽区人民政府"), agency_key("洪泽区人民政府"));
        assert_eq!(agency_key("江苏省淮安市洪泽区政府"), "洪泽区政府");
        assert_eq!(agency_key("淮安市人民政府"), "淮安市政府");
        assert_eq!(agency_key("淮安市发展和改革委员会"), "淮安市发展和改革委员会");
        assert_eq!(agency_key("沭阳县 住房和城乡建设局"), "沭阳县住房和城乡建设局");
        assert_eq!(agency_key("宿迁市沭阳县市场监督管理局"), "沭阳县市场监督管理局");
        assert_eq!(agency_key("烟台市牟平区观水镇人民政府"), "观水镇政府");
        assert_eq!(agency_key("沭阳县城市管理局"), "沭阳县城市管理局");
        assert_ne!(agency_key("淮安市人民政府"), agency_key("洪泽区人民政府"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-01-17 09:30"), Some((2024, 1, 17)));
        assert_eq!(parse_date("2024年1月7日"), Some((2024, 1, 7)));
        assert_eq!(parse_date("2024/1/7"), Some((2024, 1, 7)));
        assert_eq!(parse_date("014314799/2024-00002"), None);
    }

    #[test]
    fn metadata_lines_and_tables_are_taken_out() {
        let text = "索引号：014314799/2024-00002  主题分类：信息公开年报\n发布机构：沭阳县发展和改革局\n\
                    名称：沭阳县发展和改革局2023年政府信息公开年度报告\n发布日期：2024-01-17\n\
                    沭阳县发展和改革局2023年政府信息公开年度报告\n一、总体情况\n名称很重要。";
        let doc = read::text::read(text);
        let (page, rest) = split_page_meta(&doc);
        assert_eq!(page.agency.as_deref(), Some("沭阳县发展和改革局"));
        assert_eq!(page.published, Some((2024, 1, 17)));
        assert_eq!(page.index_no.as_deref(), Some("014314799/2024-00002"));
        assert!(page.title.as_deref().is_some_and(|t| t.ends_with("年度报告")));
        assert_eq!(rest.lines().len(), 3, "{:?}", rest.lines());

        let html = "<table><tr><td>名称</td><td colspan=3>某某镇2020年政府信息公开工作年度报告</td></tr>\
                    <tr><td>索引号</td><td>0001/2021-1</td><td>发布机构</td><td>某某镇人民政府</td></tr>\
                    <tr><td>成文日期</td><td>2021年1月20日</td><td>发布日期</td><td>2021-02-03</td></tr></table>\
                    <p>某某镇2020年政府信息公开工作年度报告</p>";
        let doc = read::html::read(html);
        let (page, rest) = split_page_meta(&doc);
        assert_eq!(page.agency.as_deref(), Some("某某镇人民政府"));
        assert_eq!(page.written, Some((2021, 1, 20)));
        assert_eq!(page.published, Some((2021, 2, 3)));
        assert_eq!(rest.blocks.len(), 1);
        assert_eq!(rest.kind, SourceKind::Html);

        // Key alone on a line, value on the next (a printed page table).
        let doc = read::text::read("索引号\n11320000/2024-001\n发布机构\n某某局\n正文开始。");
        let (page, rest) = split_page_meta(&doc);
        assert_eq!(page.agency.as_deref(), Some("某某局"));
        assert_eq!(rest.lines(), vec!["正文开始。".to_owned()]);

        // Ordinary sentences starting with a weak key stay text.
        let doc = read::text::read("名称：无\n来源：本网\n一、总体情况");
        let (page, rest) = split_page_meta(&doc);
        assert!(page.is_empty());
        assert_eq!(rest.lines().len(), 3);
    }
}
