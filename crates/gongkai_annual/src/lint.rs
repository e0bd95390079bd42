//! Pre-publication check (`lint`): the published-report checker (`gongkai_check::check_bytes`)
//! run on the rendered HTML — so our own report passes the checks evaluators run — plus direct
//! checks on the document model: every section of the format present and non-empty, years in
//! the text only the report year or the next, plans not dated in the report year, the
//! publication date after the year ends and by the deadline, numbers in staff text equal to the
//! tables, and the 勾稽关系 of the tables.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use gongkai_check::Severity;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::report::{CaseBlock, CaseColumn, ReportFormat, RequestColumn, RequestRow};
use regex::Regex;
use serde::Serialize;

use crate::model::{AnnualDocument, Section};
use crate::spec::{FIRST_REPORT_YEAR, SectionKey, SectionSpec, sections_for};

/// One problem to fix before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintFinding {
    /// Rule id; the checker's ids where the meaning is the same (`section.missing`,
    /// `year.wrong`, `table3.balance`, `text.foreign_agency`, …).
    pub rule: String,
    /// Severity (an `error` blocks publication in the console).
    pub severity: Severity,
    /// The section concerned, when known.
    pub section: Option<SectionKey>,
    /// Message in Chinese.
    pub message: String,
    /// The text or figures concerned.
    pub evidence: String,
    /// Whether the finding comes from the published-report checker run on the rendered HTML.
    pub from_checker: bool,
}

fn f(
    rule: &str,
    severity: Severity,
    section: Option<SectionKey>,
    message: String,
    evidence: String,
) -> LintFinding {
    LintFinding { rule: rule.to_owned(), severity, section, message, evidence, from_checker: false }
}

fn re(p: &str) -> Option<Regex> {
    Regex::new(p).ok()
}

static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"(\d{4})\s*年"));
/// A statement that nothing was disclosed proactively.
static NONE_PUBLISHED: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"未(?:主动)?(?:公开|发布)(?:任何)?(?:政府)?信息"));
/// A statement that items were published (by the catalog or an outlet).
static SOME_PUBLISHED: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:主动公开|发布|公开)(?:政府)?信息(?:共)?(\d+)\s*条"));
/// A statement that no application was received.
static NONE_RECEIVED: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|依申请公开|信息公开)?申请"));
/// A statement that applications were received.
static SOME_RECEIVED: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:收到|受理|接到)[^。；]{0,12}?申请(?:共)?(\d+)\s*件"));
/// A plan sentence naming a year (same pattern as the checker's `year.wrong` rule).
static PLAN: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(\d{4})\s*年度?[，,]?[^。，；\d]{0,8}?(?:将|要|计划|拟|准备)"));
static RECEIVED: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:收到|受理|新收)[^。；，\d]{0,16}?申请(?:共)?(\d+)件"));
static REVIEWS: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"行政复议(?:案件)?(?:共)?(\d+)件"));
static LAWSUITS: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"行政诉讼(?:案件)?(?:共)?(\d+)件"));
static PUBLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"主动公开(?:政府)?信息(?:共)?(\d+)条"));
static FEES: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"(?:实际收取|收取)[^。；，\d]{0,12}?(\d+(?:\.\d+)?)元"));
static TRAININGS: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"培训[^。；，\d]{0,6}?(\d+)次"));

fn flat_sections(doc: &AnnualDocument) -> Vec<&Section> {
    let mut out = Vec::new();
    for s in &doc.sections {
        out.push(s);
        out.extend(s.parts.iter());
    }
    out
}

fn structure(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let specs = sections_for(doc.format);
    let present: Vec<SectionKey> = doc.sections.iter().map(|s| s.key).collect();
    let mut last_index = None;
    for spec in &specs {
        match doc.sections.iter().position(|s| s.key == spec.key) {
            None => out.push(f(
                "section.missing",
                Severity::Error,
                Some(spec.key),
                format!("缺少“{}”部分（{}要求）", spec.heading_zh, doc.format.label_zh()),
                format!(
                    "现有部分：{}",
                    doc.sections.iter().map(|s| s.heading_zh.as_str()).collect::<Vec<_>>().join("｜")
                ),
            )),
            Some(i) => {
                if last_index.is_some_and(|l| i < l) {
                    out.push(f(
                        "structure.order",
                        Severity::Error,
                        Some(spec.key),
                        format!("“{}”部分的位置与格式规定的顺序不符", spec.heading_zh),
                        String::new(),
                    ));
                }
                last_index = Some(i);
                let s = &doc.sections[i];
                check_section(s, spec, out);
                for part in &spec.parts {
                    match s.parts.iter().find(|p| p.key == part.key) {
                        None => out.push(f(
                            "section.missing",
                            Severity::Warning,
                            Some(part.key),
                            format!("“{}”缺少“{}”", spec.heading_zh, part.heading_zh),
                            String::new(),
                        )),
                        Some(p) => check_section(p, part, out),
                    }
                }
            }
        }
    }
    for key in present {
        if !specs.iter().any(|s| s.key == key) {
            out.push(f(
                "section.extra",
                Severity::Warning,
                Some(key),
                format!("{}没有这一部分", doc.format.label_zh()),
                String::new(),
            ));
        }
    }
}

fn check_section(s: &Section, spec: &SectionSpec, out: &mut Vec<LintFinding>) {
    if s.heading_zh.trim() != spec.heading_zh {
        out.push(f(
            "section.title",
            Severity::Warning,
            Some(s.key),
            format!("标题与格式不符，应为“{}”", spec.heading_zh),
            s.heading_zh.clone(),
        ));
    }
    let own_blank = s.generated.iter().all(|g| g.trim().is_empty()) && s.written.trim().is_empty();
    if own_blank && spec.table.is_none() && (s.parts.is_empty() || s.parts.iter().all(Section::is_blank)) {
        out.push(f(
            "section.empty",
            Severity::Warning,
            Some(s.key),
            format!("“{}”部分没有内容，需要撰写：{}", spec.heading_zh, spec.guidance_zh),
            String::new(),
        ));
    }
}

fn years(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let (y0, y1) = (doc.year, doc.year + 1);
    for s in flat_sections(doc) {
        for p in s.paragraphs() {
            if let Some(rx) = YEAR.as_ref() {
                for c in rx.captures_iter(&p) {
                    let (Some(m), Some(all)) = (c.get(1), c.get(0)) else { continue };
                    // Years inside a document number 〔2020〕 or a title 《…》 are citations.
                    let before = &p[..m.start()];
                    if before.ends_with('〔')
                        || before.ends_with('[')
                        || before.rfind('《') > before.rfind('》')
                    {
                        continue;
                    }
                    let Ok(y) = m.as_str().parse::<i32>() else { continue };
                    if y != y0 && y != y1 {
                        out.push(f(
                            "year.other",
                            Severity::Warning,
                            Some(s.key),
                            format!("正文出现“{y}年”：年度报告只应写报告年度{y0}年或下一年度{y1}年，请核对"),
                            context(&p, all.start(), all.end()),
                        ));
                    }
                }
            }
            if s.key == SectionKey::Problems
                && let Some(rx) = PLAN.as_ref()
            {
                for c in rx.captures_iter(&p) {
                    let (Some(m), Some(all)) = (c.get(1), c.get(0)) else { continue };
                    let Ok(y) = m.as_str().parse::<i32>() else { continue };
                    if y <= y0 {
                        out.push(f(
                            "year.wrong",
                            Severity::Error,
                            Some(s.key),
                            format!("改进计划写的是“{y}年”，但这是{y0}年度的报告，下一年度应为{y1}年"),
                            context(&p, all.start(), all.end()),
                        ));
                    }
                }
            }
        }
    }
}

fn context(p: &str, start: usize, end: usize) -> String {
    let pre: String = p[..start].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    let post: String = p[end..].chars().take(12).collect();
    format!("{pre}{}{post}", &p[start..end])
}

/// The statutory deadline for publishing the report of `year` (regulation.md §1.10): 2008《条例》
/// 第三十一条 3月31日; 2019《条例》第四十九条 1月31日 for departments (and, by default, townships),
/// 3月31日 for the government reports of 县级以上地方人民政府.
#[must_use]
pub fn deadline(year: i32, format: ReportFormat, level: AgencyLevel, kind: AgencyKind) -> Option<NaiveDate> {
    let march = NaiveDate::from_ymd_opt(year + 1, 3, 31);
    let january = NaiveDate::from_ymd_opt(year + 1, 1, 31);
    match format {
        ReportFormat::Legacy2008 => march,
        _ if kind == AgencyKind::Government && level != AgencyLevel::Township => march,
        _ => january,
    }
}

fn dates(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let Some(d) = doc.published_on else {
        out.push(f(
            "date.missing",
            Severity::Info,
            None,
            "尚未填写发布日期（落款日期）".to_owned(),
            String::new(),
        ));
        return;
    };
    if d.year() <= doc.year {
        out.push(f(
            "year.wrong",
            Severity::Error,
            None,
            format!("落款日期{}早于{}年度结束", d, doc.year),
            d.to_string(),
        ));
    } else if let Some(dl) = deadline(doc.year, doc.format, doc.agency_level, doc.agency_kind)
        && d > dl
    {
        out.push(f(
            "date.late",
            Severity::Warning,
            None,
            format!("发布日期{d}晚于法定公布期限{dl}（《条例》第四十九条）"),
            d.to_string(),
        ));
    }
}

struct Figures {
    received: Vec<i64>,
    reviews: i64,
    lawsuits: i64,
    published: Option<i64>,
    fees_collected: f64,
    trainings: Option<i64>,
}

fn figures(doc: &AnnualDocument) -> Figures {
    let t = &doc.tables;
    let trainings = doc.records.trainings.map(|t| i64::from(t.sessions));
    let published_rec = doc.records.publications_total.map(i64::from);
    if let Some(l) = &t.legacy {
        return Figures {
            received: vec![l.applications.unwrap_or(0)],
            reviews: l.reviews.unwrap_or(0),
            lawsuits: l.lawsuits.unwrap_or(0),
            published: l.active_disclosed.or(published_rec),
            #[allow(clippy::cast_precision_loss)]
            fees_collected: l.fees_yuan.unwrap_or(0) as f64,
            trainings,
        };
    }
    let t3 = t.table3.clone().unwrap_or_default();
    let t4 = t.table4.clone().unwrap_or_default();
    let n = t3.get(RequestRow::NewReceived, RequestColumn::Total).unwrap_or(0);
    let k = t3.get(RequestRow::CarriedOver, RequestColumn::Total).unwrap_or(0);
    let tot = |b: CaseBlock| t4.get(b, CaseColumn::Total).unwrap_or(0);
    Figures {
        received: vec![n, n + k],
        reviews: tot(CaseBlock::Reconsideration),
        lawsuits: tot(CaseBlock::LitigationDirect) + tot(CaseBlock::LitigationAfterReconsideration),
        published: published_rec,
        fees_collected: t.fees.as_ref().and_then(|f| f.amount_collected_yuan).unwrap_or(0.0),
        trainings,
    }
}

fn numbers(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let fig = figures(doc);
    for s in flat_sections(doc) {
        for p in s.written_paragraphs() {
            let mut check = |rx: &Option<Regex>, ok: &dyn Fn(f64) -> bool, what: &str, table: String| {
                let Some(rx) = rx.as_ref() else { return };
                for c in rx.captures_iter(&p) {
                    let (Some(m), Some(all)) = (c.get(1), c.get(0)) else { continue };
                    let Ok(v) = m.as_str().parse::<f64>() else { continue };
                    if !ok(v) {
                        out.push(f(
                            "narrative.table_mismatch",
                            Severity::Error,
                            Some(s.key),
                            format!("正文写的{what}“{}”与统计数据不一致（{table}）", m.as_str()),
                            context(&p, all.start(), all.end()),
                        ));
                    }
                }
            };
            #[allow(clippy::cast_precision_loss)]
            let eq = |a: i64| move |v: f64| (v - a as f64).abs() < 1e-9;
            let rec = fig.received.clone();
            #[allow(clippy::cast_precision_loss)]
            check(
                &RECEIVED,
                &|v| rec.iter().any(|r| (v - *r as f64).abs() < 1e-9),
                "申请数",
                format!("表中新收{}件", fig.received[0]),
            );
            check(&REVIEWS, &eq(fig.reviews), "行政复议数", format!("表中{}件", fig.reviews));
            check(&LAWSUITS, &eq(fig.lawsuits), "行政诉讼数", format!("表中{}件", fig.lawsuits));
            if let Some(pb) = fig.published {
                check(&PUBLISHED, &eq(pb), "主动公开数", format!("统计为{pb}条"));
            }
            let fee = fig.fees_collected;
            check(
                &FEES,
                &|v| (v - fee).abs() < 1e-6,
                "收费金额",
                format!("统计为{}元", crate::narrative::amount(fee)),
            );
            if let Some(tr) = fig.trainings {
                check(&TRAININGS, &eq(tr), "培训次数", format!("登记为{tr}次"));
            }
        }
    }
}

fn tables(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    for v in doc.tables.violations() {
        let section =
            if v.invariant.rule().starts_with("table4") { SectionKey::Cases } else { SectionKey::Requests };
        out.push(f(
            v.invariant.rule(),
            Severity::Error,
            Some(section),
            format!("统计表不满足勾稽关系{}", v.invariant.id()),
            v.detail,
        ));
    }
    let negative = doc
        .tables
        .table3
        .iter()
        .flat_map(|t| t.0.values().flat_map(|r| r.values()))
        .any(|c| c.is_some_and(|v| v < 0))
        || doc
            .tables
            .table4
            .iter()
            .flat_map(|t| t.0.values().flat_map(|r| r.values()))
            .any(|c| c.is_some_and(|v| v < 0));
    if negative {
        out.push(f("table.negative", Severity::Error, None, "统计表中有负数".to_owned(), String::new()));
    }
}

/// Map the checker's findings on the rendered HTML, skipping what the direct checks already said.
fn checker(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let html = crate::to_html(doc);
    let report = gongkai_check::check_bytes("annual-report.html", html.as_bytes());
    if let Some(e) = report.error {
        out.push(f(
            "checker.unreadable",
            Severity::Error,
            None,
            format!("体检程序无法读取生成的报告：{e}"),
            String::new(),
        ));
        return;
    }
    for x in report.findings {
        let dup = out.iter().any(|o| {
            o.rule == x.rule
                && (o.rule.starts_with("table")
                    || o.rule.starts_with("section")
                    || o.rule == "year.wrong"
                    || o.evidence == x.evidence)
        });
        if dup {
            continue;
        }
        out.push(LintFinding {
            rule: x.rule,
            severity: x.severity,
            section: None,
            message: x.message,
            evidence: x.evidence,
            from_checker: true,
        });
    }
}

/// Two sentences of the same report that cannot both be true (issue 13): “未主动公开政府信息”
/// next to “通过…发布信息63条”, “未收到政府信息公开申请” next to “收到申请5件”. Generated text
/// states each fact from one source; this catches what is written by hand or pasted in.
fn contradictions(doc: &AnnualDocument, out: &mut Vec<LintFinding>) {
    let mut paragraphs: Vec<(SectionKey, String)> = Vec::new();
    for s in flat_sections(doc) {
        for p in s.paragraphs() {
            paragraphs.push((s.key, p));
        }
    }
    let first_none = |rx: &Option<Regex>| {
        rx.as_ref().and_then(|rx| {
            paragraphs.iter().find_map(|(k, p)| rx.find(p).map(|m| (*k, m.as_str().to_owned())))
        })
    };
    let first_some = |rx: &Option<Regex>| {
        rx.as_ref().and_then(|rx| {
            paragraphs.iter().find_map(|(_, p)| {
                rx.captures_iter(p).find_map(|c| {
                    let n: u64 = c.get(1)?.as_str().parse().ok()?;
                    (n > 0).then(|| c.get(0).map(|m| m.as_str().to_owned())).flatten()
                })
            })
        })
    };
    for (none, some, what) in
        [(&NONE_PUBLISHED, &SOME_PUBLISHED, "主动公开"), (&NONE_RECEIVED, &SOME_RECEIVED, "依申请公开")]
    {
        if let (Some((key, said)), Some(other)) = (first_none(none), first_some(some)) {
            out.push(f(
                "narrative.contradiction",
                Severity::Error,
                Some(key),
                format!("报告中关于{what}的两处表述互相矛盾：“{said}”与“{other}”，请统一为同一来源的数字"),
                format!("{said} / {other}"),
            ));
        }
    }
}

/// Everything to fix before publishing `doc`, most severe first. An empty list means the report
/// passes the same checks evaluators run on published reports.
#[must_use]
pub fn lint(doc: &AnnualDocument) -> Vec<LintFinding> {
    let mut out = Vec::new();
    if doc.year < FIRST_REPORT_YEAR {
        out.push(f(
            "year.before_regulation",
            Severity::Error,
            None,
            crate::AnnualError::BeforeRegulation { year: doc.year }.to_string(),
            doc.year.to_string(),
        ));
    }
    let expected = ReportFormat::expected_for_year(doc.year);
    if doc.format != expected {
        out.push(f(
            "table.template_deviation",
            Severity::Warning,
            None,
            format!("{}年度报告应使用{}，现为{}", doc.year, expected.label_zh(), doc.format.label_zh()),
            String::new(),
        ));
    }
    structure(doc, &mut out);
    years(doc, &mut out);
    dates(doc, &mut out);
    numbers(doc, &mut out);
    contradictions(doc, &mut out);
    tables(doc, &mut out);
    checker(doc, &mut out);
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.rule.cmp(&b.rule)));
    out
}
