//! Synthetic variants of reports whose tables are known (the dev-set reports, read exactly):
//! the same 表三/表四 written out the ways real pages arrive — Markdown pipe tables (also with line
//! breaks inside cells and a header over three rows), text flattened one cell per line (also with
//! blank cells collapsed away), rows with six applicant cells where the page shows seven, two cells
//! run together, a page cut off inside 表三, sections in another order, an injected typo, one
//! perturbed cell (a real error), and 表三 present as a heading or as labels without numbers.
//!
//! Shared by `tests/synthetic.rs` and `examples/accuracy.rs` (`#[path]`); deterministic.
#![allow(dead_code)]

use gongkai_domain::report::{CaseBlock, CaseColumn, CaseTable, RequestColumn, RequestRow, RequestTable};

/// A report whose tables are known.
#[derive(Debug, Clone)]
pub struct Source {
    /// Short name for the variants' file names.
    pub name: String,
    /// Agency (title line and 落款).
    pub agency: String,
    /// Report year.
    pub year: i32,
    /// 表三 (2021 rows).
    pub t3: RequestTable,
    /// 表四.
    pub t4: CaseTable,
}

/// How a variant was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Markdown pipe tables, one row per line.
    Markdown,
    /// Markdown with `<br>` and raw line breaks inside label cells and a three-row header.
    MarkdownBreaks,
    /// One cell per line (`58 |`), every cell kept.
    Flattened,
    /// One cell per line with blank (zero) cells collapsed away.
    FlattenedCollapsed,
    /// Text rows with six applicant cells of seven (a blank column lost).
    SixColumns,
    /// Text rows where two adjacent figures run together.
    RunTogether,
    /// The page stops inside 表三.
    Truncated,
    /// 表四 section before 表三, 表二 last.
    Reordered,
    /// A typo from the curated list injected in the narrative.
    Typo,
    /// One outcome cell changed: a real T3-2/T3-3 error.
    Perturbed,
    /// 表三 is its heading and nothing else.
    HeadingOnly,
    /// 表三 labels without numbers.
    LabelsOnly,
}

impl Kind {
    /// All kinds, in report order.
    pub const ALL: [Self; 12] = [
        Self::Markdown,
        Self::MarkdownBreaks,
        Self::Flattened,
        Self::FlattenedCollapsed,
        Self::SixColumns,
        Self::RunTogether,
        Self::Truncated,
        Self::Reordered,
        Self::Typo,
        Self::Perturbed,
        Self::HeadingOnly,
        Self::LabelsOnly,
    ];

    /// Name used in file names and the accuracy table.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::MarkdownBreaks => "markdown_breaks",
            Self::Flattened => "flattened",
            Self::FlattenedCollapsed => "flattened_collapsed",
            Self::SixColumns => "six_columns",
            Self::RunTogether => "run_together",
            Self::Truncated => "truncated",
            Self::Reordered => "reordered",
            Self::Typo => "typo",
            Self::Perturbed => "perturbed",
            Self::HeadingOnly => "heading_only",
            Self::LabelsOnly => "labels_only",
        }
    }
}

/// One generated report and what a checker should make of it.
#[derive(Debug, Clone)]
pub struct Variant {
    /// `syn_<source>_<kind>.md` / `.txt`.
    pub file: String,
    /// How it was written.
    pub kind: Kind,
    /// The text.
    pub text: String,
    /// 表三 as printed (`None` when the table cannot be read back: truncated, heading only).
    pub t3: Option<RequestTable>,
    /// 表四 as printed.
    pub t4: Option<CaseTable>,
    /// Whether a blank cell may read back as 0 and a 0 as blank (collapsed blanks).
    pub zero_is_blank: bool,
    /// Rule ids that must be reported (with the quoted needle).
    pub expect: Vec<(&'static str, String)>,
    /// Error-severity rules allowed (real errors of the printed tables).
    pub allowed_errors: Vec<&'static str>,
}

/// Typos injected into the narrative, each from the curated list (`check::text`).
pub const TYPOS: [(&str, &str); 4] = [
    ("推进行政决策公开", "推进行决策公开"),
    ("政府信息公开工作", "信息公开公开工作"),
    ("《中华人民共和国政府信息公开条例》", "《中华人民共和国信息公开条例》"),
    ("畅通依申请公开受理渠道", "畅通依申请公开受理渠，"),
];

const COLUMNS: [&str; 7] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];

fn cell(v: Option<i64>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// The 表三 rows in form order with their group label and row label.
fn t3_rows() -> Vec<(RequestRow, &'static str, String)> {
    RequestRow::national2021()
        .into_iter()
        .map(|r| {
            let full = r.label_zh();
            let group = match r {
                RequestRow::NewReceived | RequestRow::CarriedOver | RequestRow::CarriedForward => "",
                _ => "三、本年度办理结果",
            };
            // Sub-rows keep their number only ("1.属于国家秘密"); the group prefix goes first.
            let label = match full.find('）') {
                Some(i)
                    if full.starts_with('（')
                        && full[i..].chars().nth(1).is_some_and(|c| c.is_ascii_digit()) =>
                {
                    let (g, rest) = full.split_at(i + '）'.len_utf8());
                    format!("{g}|{rest}")
                }
                _ => full.to_owned(),
            };
            (r, group, label)
        })
        .collect()
}

fn row_values(t: &RequestTable, r: RequestRow) -> Vec<Option<i64>> {
    RequestColumn::ALL.iter().map(|c| t.get(r, *c)).collect()
}

/// 表三 as a Markdown pipe table.
fn t3_markdown(t: &RequestTable, breaks: bool) -> String {
    let mut s = String::new();
    if breaks {
        s.push_str("| （本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和） | | | 申请人情况 | | | | | | |\n");
        s.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
        s.push_str("| | | | 自然人 | 法人或其他组织 | | | | | 总计 |\n");
        s.push_str(
            "| | | | | 商业<br>企业 | 科研<br>机构 | 社会公益<br>组织 | 法律服务<br>机构 | 其他 | |\n",
        );
    } else {
        s.push_str(
            "| 项目 | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n",
        );
        s.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
    }
    for (k, (r, group, label)) in t3_rows().into_iter().enumerate() {
        let (g, l) = label.split_once('|').map_or(("", label.as_str()), |(a, b)| (a, b));
        let mut l = l.to_owned();
        if breaks && l.chars().count() > 8 {
            // A line break inside the label cell: every other one as <br>, else a raw newline.
            let mid = l.char_indices().nth(l.chars().count() / 2).map_or(0, |(i, _)| i);
            let sep = if k % 2 == 0 { "<br>" } else { "\n" };
            l = format!("{}{sep}{}", &l[..mid], &l[mid..]);
        }
        let vals: Vec<String> = row_values(t, r).into_iter().map(cell).collect();
        s.push_str(&format!("| {group} | {g} | {l} | {} |\n", vals.join(" | ")));
    }
    s
}

/// 表三 as text flattened one cell per line, the way pages copied from a browser arrive.
fn t3_flattened(t: &RequestTable, collapse: bool) -> String {
    let mut s = String::from(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |\n申请人情况 |\n",
    );
    for c in COLUMNS {
        s.push_str(c);
        s.push_str(" |\n");
    }
    for (r, _, label) in t3_rows() {
        s.push_str(&label.replace('|', ""));
        s.push_str(" |\n");
        let mut blanks = 0;
        for v in row_values(t, r) {
            match v {
                Some(x) if !(collapse && x == 0) => {
                    if blanks > 0 {
                        s.push_str(&"|".repeat(blanks));
                        s.push('\n');
                        blanks = 0;
                    }
                    s.push_str(&format!("{x} |\n"));
                }
                _ if collapse => blanks += 1,
                _ => s.push_str(" |\n"),
            }
        }
        if blanks > 0 {
            s.push_str(&"|".repeat(blanks));
            s.push('\n');
        }
    }
    s
}

/// 表三 as text rows (`label a b c … total`), with `edit` applied to each row's cells.
fn t3_text_rows(t: &RequestTable, edit: &dyn Fn(RequestRow, Vec<String>) -> Vec<String>) -> String {
    let mut s = String::from("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n");
    for (r, _, label) in t3_rows() {
        let vals: Vec<String> = row_values(t, r)
            .into_iter()
            .map(|v| v.map_or_else(|| "—".to_owned(), |x| x.to_string()))
            .collect();
        s.push_str(&format!("{} {}\n", label.replace('|', ""), edit(r, vals).join(" ")));
    }
    s
}

fn t4_markdown(t: &CaseTable) -> String {
    let mut s = String::from(
        "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    s.push_str("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n");
    s.push_str("| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n");
    let vals: Vec<String> = CaseBlock::ALL
        .iter()
        .flat_map(|b| CaseColumn::ALL.iter().map(move |c| t.get(*b, *c).unwrap_or(0).to_string()))
        .collect();
    s.push_str(&format!("| {} |\n", vals.join(" | ")));
    s
}

fn t4_flattened(t: &CaseTable) -> String {
    let mut s = String::from("行政复议 |\n行政诉讼 |\n");
    for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
        s.push_str(&format!("{c} |\n"));
    }
    s.push_str("未经复议直接起诉 |\n复议后起诉 |\n");
    for b in CaseBlock::ALL {
        for c in CaseColumn::ALL {
            s.push_str(&format!("{} |\n", t.get(b, c).unwrap_or(0)));
        }
    }
    s
}

struct Parts {
    head: String,
    s2: String,
    s3: String,
    s4: String,
    tail: String,
}

fn parts(src: &Source, t3: &str, t4: &str, typo: Option<(&str, &str)>) -> Parts {
    let y = src.year;
    let new = src.t3.get(RequestRow::NewReceived, RequestColumn::Total).unwrap_or(0);
    let carried = src.t3.get(RequestRow::CarriedOver, RequestColumn::Total).unwrap_or(0);
    let mut narrative = format!(
        "{y}年，{a}深入贯彻《中华人民共和国政府信息公开条例》，推进行政决策公开，畅通依申请公开受理渠道，扎实做好政府信息公开工作。\n\
         全年共收到政府信息公开申请{new}件，上年结转{carried}件。\n",
        a = src.agency
    );
    if let Some((good, bad)) = typo {
        narrative = narrative.replacen(good, bad, 1);
    }
    Parts {
        head: format!(
            "# {a}{y}年政府信息公开工作年度报告\n\n本报告所列数据的统计期限为{y}年1月1日至{y}年12月31日。\n\n## 一、总体情况\n\n{narrative}\n",
            a = src.agency
        ),
        s2: "## 二、主动公开政府信息情况\n\n| 第二十条第（一）项 | | | |\n|---|---|---|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 9 |\n\n".to_owned(),
        s3: format!("## 三、收到和处理政府信息公开申请情况\n\n{t3}\n"),
        s4: format!("## 四、政府信息公开行政复议、行政诉讼情况\n\n{t4}\n"),
        tail: format!(
            "## 五、存在的主要问题及改进情况\n\n一是公开内容还不够全面。下一步，我们将持续规范公开内容。\n\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n\n{a}\n\n{}年1月20日\n",
            y + 1,
            a = src.agency
        ),
    }
}

fn join(p: &Parts) -> String {
    format!("{}{}{}{}{}", p.head, p.s2, p.s3, p.s4, p.tail)
}

/// Every variant of one source.
#[must_use]
pub fn variants(src: &Source) -> Vec<Variant> {
    let t3 = &src.t3;
    let t4 = &src.t4;
    let t4_errors = !gongkai_domain::report::check_case_table(t4).is_empty();
    let allowed = if t4_errors { vec!["table4.row_sum"] } else { vec![] };
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let mut v = Variant {
            file: format!("syn_{}_{}.md", src.name, kind.name()),
            kind,
            text: String::new(),
            t3: Some(t3.clone()),
            t4: Some(t4.clone()),
            zero_is_blank: false,
            expect: Vec::new(),
            allowed_errors: allowed.clone(),
        };
        let md4 = t4_markdown(t4);
        v.text = match kind {
            Kind::Markdown => join(&parts(src, &t3_markdown(t3, false), &md4, None)),
            Kind::MarkdownBreaks => join(&parts(src, &t3_markdown(t3, true), &md4, None)),
            Kind::Flattened => join(&parts(src, &t3_flattened(t3, false), &t4_flattened(t4), None)),
            Kind::FlattenedCollapsed => {
                v.zero_is_blank = true;
                join(&parts(src, &t3_flattened(t3, true), &t4_flattened(t4), None))
            }
            Kind::SixColumns => {
                // The 其他 column (blank on the page) is lost from every row.
                let mut printed = t3.clone();
                for r in RequestRow::national2021() {
                    printed.set(r, RequestColumn::OtherOrg, None);
                }
                let dropped = t3_text_rows(t3, &|_, mut vals| {
                    vals.remove(5);
                    vals
                });
                let balanced = RequestRow::national2021()
                    .iter()
                    .all(|r| t3.get(*r, RequestColumn::OtherOrg).unwrap_or(0) == 0);
                v.t3 = balanced.then_some(printed);
                v.zero_is_blank = true;
                join(&parts(src, &dropped, &md4, None))
            }
            Kind::RunTogether => {
                // The total runs into the cell before it ("61 43050" → "6143050" style).
                let text = t3_text_rows(t3, &|r, mut vals| {
                    if r == RequestRow::NewReceived || r == RequestRow::ResultsTotal {
                        let last = vals.pop().unwrap_or_default();
                        let prev = vals.pop().unwrap_or_default();
                        vals.push(format!("{prev}{last}"));
                    }
                    vals
                });
                join(&parts(src, &text, &md4, None))
            }
            Kind::Truncated => {
                let full = join(&parts(src, &t3_markdown(t3, false), &md4, None));
                // Cut inside the row 5.属于三类内部事务信息, after its third cell.
                let at = full.find("5.属于三类内部事务信息").unwrap_or(full.len());
                let row_end = full[at..].find('\n').map_or(full.len(), |e| at + e);
                let cut = full[at..row_end].match_indices('|').nth(3).map_or(row_end, |(i, _)| at + i);
                v.t3 = None;
                v.t4 = None;
                v.expect.push(("table.incomplete", "表三".to_owned()));
                v.allowed_errors.clear();
                full[..cut].to_owned()
            }
            Kind::Reordered => {
                let p = parts(src, &t3_markdown(t3, false), &md4, None);
                format!("{}{}{}{}{}", p.head, p.s4, p.s3, p.s2, p.tail)
            }
            Kind::Typo => {
                let k = src.name.bytes().map(usize::from).sum::<usize>() % TYPOS.len();
                let (good, bad) = TYPOS[k];
                let needle: String = bad.chars().take(5).collect();
                v.expect.push(if bad.contains("信息公开条例") {
                    ("text.law_title", "信息公开条例".to_owned())
                } else {
                    ("text.typo", needle)
                });
                join(&parts(src, &t3_markdown(t3, false), &md4, Some((good, bad))))
            }
            Kind::Perturbed => {
                let mut printed = t3.clone();
                let g = printed.get(RequestRow::Granted, RequestColumn::NaturalPerson).unwrap_or(0);
                printed.set(RequestRow::Granted, RequestColumn::NaturalPerson, Some(g + 1));
                v.expect.push(("table3.results_sum", "自然人".to_owned()));
                v.expect.push(("table3.row_sum", "予以公开".to_owned()));
                v.allowed_errors.extend(["table3.results_sum", "table3.row_sum"]);
                let text = t3_markdown(&printed, false);
                v.t3 = Some(printed);
                join(&parts(src, &text, &md4, None))
            }
            Kind::HeadingOnly => {
                v.t3 = None;
                v.expect.push(("table.missing", "表三".to_owned()));
                join(&parts(src, "", &md4, None))
            }
            Kind::LabelsOnly => {
                v.t3 = None;
                v.expect.push(("table.missing", "表三".to_owned()));
                let labels: String =
                    t3_rows().iter().map(|(_, _, l)| format!("| {} | | |\n", l.replace('|', ""))).collect();
                join(&parts(src, &labels, &md4, None))
            }
        };
        out.push(v);
    }
    out
}

/// Compare the cells of a variant with what was read: `(exact, total)`.
#[must_use]
pub fn score_cells(v: &Variant, t3: Option<&RequestTable>, t4: Option<&CaseTable>) -> (usize, usize) {
    let same = |want: Option<i64>, got: Option<i64>| {
        want == got || (v.zero_is_blank && want.unwrap_or(0) == got.unwrap_or(0))
    };
    let mut n = 0;
    let mut total = 0;
    if let Some(want) = &v.t3 {
        for r in RequestRow::national2021() {
            for c in RequestColumn::ALL {
                total += 1;
                n += usize::from(same(want.get(r, c), t3.and_then(|t| t.get(r, c))));
            }
        }
    }
    if let Some(want) = &v.t4 {
        for b in CaseBlock::ALL {
            for c in CaseColumn::ALL {
                total += 1;
                n += usize::from(same(want.get(b, c), t4.and_then(|t| t.get(b, c))));
            }
        }
    }
    (n, total)
}
