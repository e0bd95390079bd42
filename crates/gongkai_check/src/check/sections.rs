//! Section rules: headings required by the format or promised by the preface, empty sections,
//! heading numbering, the statistics period and the dates against the report year.

use gongkai_domain::report::ReportFormat;

use super::{Finding, Severity};
use crate::extract::tables::truncate;
use crate::extract::{Extracted, Heading};

struct Topic {
    name: &'static str,
    heading_keys: &'static [&'static str],
    /// Evidence in the text that the topic is reported although it has no heading.
    text_pattern: Option<&'static str>,
}

const NATIONAL: &[Topic] = &[
    Topic { name: "总体情况", heading_keys: &["总体情况", "概述", "总体"], text_pattern: None },
    Topic { name: "主动公开政府信息情况", heading_keys: &["主动公开"], text_pattern: None },
    Topic {
        name: "收到和处理政府信息公开申请情况",
        heading_keys: &["收到和处理", "依申请", "申请情况", "申请的情况"],
        text_pattern: None,
    },
    Topic {
        name: "政府信息公开行政复议、行政诉讼情况",
        heading_keys: &["行政复议", "行政诉讼"],
        text_pattern: None,
    },
    Topic {
        name: "存在的主要问题及改进情况",
        heading_keys: &["主要问题", "存在问题", "存在的问题", "改进情况"],
        text_pattern: None,
    },
    Topic {
        name: "其他需要报告的事项",
        heading_keys: &["其他需要报告", "其他事项", "其他需报告"],
        text_pattern: None,
    },
];

const LEGACY: &[Topic] = &[
    Topic {
        name: "主动公开政府信息情况",
        heading_keys: &["主动公开"],
        text_pattern: Some(r"主动公开[^。；]{0,24}?\d+(?:条|件|项)"),
    },
    Topic {
        name: "依申请公开政府信息情况",
        heading_keys: &["依申请", "申请的办理", "申请办理", "收到和处理", "申请公开", "申请情况"],
        text_pattern: Some(r"(?:申请[^。；]{0,16}?\d+(?:件|条|份)|未(?:收到|受理|发生)[^。；]{0,24}?申请)"),
    },
    Topic {
        name: "政府信息公开的收费及减免情况",
        heading_keys: &["收费", "减免"],
        text_pattern: Some(r"收费|减免|未收取|费用"),
    },
    Topic {
        name: "因政府信息公开申请行政复议、提起行政诉讼的情况",
        heading_keys: &["复议", "诉讼"],
        text_pattern: Some(r"行政复议|行政诉讼"),
    },
    Topic {
        name: "政府信息公开工作存在的主要问题及改进情况",
        heading_keys: &["问题", "改进"],
        text_pattern: None,
    },
];

fn strip_generic(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !matches!(c, '“' | '”' | '、' | '，' | '（' | '）')).collect();
    for w in ["政府信息公开", "政府信息", "信息公开", "工作", "情况", "的", "有关", "本机关", "年度"]
    {
        t = t.replace(w, "");
    }
    t
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.iter().filter(|p| y.contains(p)).count();
    #[allow(clippy::cast_precision_loss)]
    let d = 2.0 * common as f64 / (x.len() + y.len()) as f64;
    d
}

/// Whether a promised item is delivered by some heading (or annex title) after the preface.
fn delivered(item: &str, heads: &[String]) -> bool {
    let it = strip_generic(item);
    if it.chars().count() < 2 {
        return true;
    }
    heads.iter().any(|h| {
        let hs = strip_generic(h);
        let window: String = hs.chars().take(it.chars().count() + 4).collect();
        hs.contains(&it)
            || (window.chars().count() >= 2 && it.contains(&window))
            || dice(&it, &window) >= 0.55
    })
}

/// Run the section rules.
pub fn check(ex: &Extracted, out: &mut Vec<Finding>) {
    let heads = &ex.meta.headings;
    let after_preface: Vec<&Heading> = heads.iter().filter(|h| h.offset >= ex.meta.preface_end).collect();
    let mut head_texts: Vec<String> = after_preface.iter().map(|h| h.text.clone()).collect();
    // Annex titles count as delivered parts.
    if let Some(re) = crate::re::cached(r"附件\d*[：:]([^\n]{2,60})") {
        for c in re.captures_iter(&ex.flat) {
            if let Some(m) = c.get(1) {
                head_texts.push(m.as_str().to_owned());
            }
        }
    }
    let mut missing_from_preface: Vec<String> = Vec::new();
    for item in &ex.meta.preface_items {
        if !delivered(item, &head_texts) {
            out.push(Finding::new(
                "section.missing",
                Severity::Warning,
                format!("报告开头列明包括“{item}”，但正文没有这一部分"),
                truncate(item, 60),
            ));
            missing_from_preface.push(item.clone());
        }
    }
    let topics = match ex.format {
        Some(ReportFormat::Legacy2008) => LEGACY,
        Some(_) => NATIONAL,
        None => &[],
    };
    for t in topics {
        let has_heading = head_texts.iter().any(|h| t.heading_keys.iter().any(|k| h.contains(k)));
        if has_heading {
            continue;
        }
        let in_text = t.text_pattern.and_then(crate::re::cached).is_some_and(|re| re.is_match(&ex.flat));
        if in_text {
            continue;
        }
        if missing_from_preface.iter().any(|m| t.heading_keys.iter().any(|k| m.contains(k))) {
            continue;
        }
        let basis = if ex.format == Some(ReportFormat::Legacy2008) {
            "2008年《条例》第三十二条"
        } else {
            "年度报告格式"
        };
        out.push(Finding::new(
            "section.missing",
            Severity::Warning,
            format!("缺少“{}”部分（{basis}要求）", t.name),
            format!(
                "正文标题：{}",
                after_preface.iter().map(|h| truncate(&h.text, 16)).collect::<Vec<_>>().join("｜")
            ),
        ));
    }
    // Canonical titles of the 2021 format.
    if ex.format == Some(ReportFormat::National2021) {
        for h in &after_preface {
            if h.text.contains("主要问题") && (h.text.contains("整改措施") || h.text.contains("改进措施"))
            {
                out.push(Finding::new(
                    "section.title",
                    Severity::Info,
                    "第五部分标题与2021年格式不符（格式：存在的主要问题及改进情况）",
                    truncate(&h.text, 40),
                ));
            }
        }
    }
    chain_checks(ex, &after_preface, out);
    let period_malformed = super::outline::check(ex, out);
    period_and_dates(ex, period_malformed, out);
}

fn chain_checks(ex: &Extracted, heads: &[&Heading], out: &mut Vec<Finding>) {
    let mut expected = 1;
    let mut chain: Vec<&Heading> = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        if h.number == expected {
            chain.push(h);
            expected += 1;
        } else if h.number > expected
            && h.number <= expected + 2
            && !heads[i..].iter().any(|x| x.number == expected)
            && !chain.is_empty()
        {
            let prev = chain.last().map_or(String::new(), |p| truncate(&p.text, 16));
            out.push(Finding::new(
                "structure.numbering",
                Severity::Warning,
                format!("一级标题编号不连续：第{}部分之后直接是第{}部分", expected - 1, h.number),
                format!("{prev} → {}", truncate(&h.text, 16)),
            ));
            chain.push(h);
            expected = h.number + 1;
        }
    }
    for w in chain.windows(2) {
        let body = &ex.flat[w[0].offset..w[1].offset];
        let content: usize =
            body.split_once('\n').map_or(0, |(_, rest)| rest.chars().filter(|c| !c.is_whitespace()).count());
        let inline = !body.contains('\n');
        if !inline && content < 8 {
            out.push(Finding::new(
                "section.empty",
                Severity::Warning,
                format!("“{}”部分没有内容", truncate(&w[0].text, 30)),
                truncate(body, 60),
            ));
        }
    }
}

fn period_and_dates(ex: &Extracted, period_malformed: bool, out: &mut Vec<Finding>) {
    let year = ex.meta.year;
    match &ex.meta.period {
        None if period_malformed => {}
        None => {
            let sev =
                if ex.format == Some(ReportFormat::Legacy2008) { Severity::Info } else { Severity::Warning };
            out.push(Finding::new(
                "period.missing",
                sev,
                "报告没有说明所列数据的统计期限（如“统计期限自某年1月1日起至12月31日止”）",
                String::new(),
            ));
        }
        Some((quote, years)) => {
            if let Some(y) = year
                && years.iter().any(|py| *py != y)
            {
                out.push(Finding::new(
                    "year.wrong",
                    Severity::Warning,
                    format!("统计期限的年份与报告年度 {y} 不一致"),
                    quote.clone(),
                ));
            }
        }
    }
    if let (Some(y), Some((py, pm, pd))) = (year, ex.meta.published)
        && py <= y
    {
        out.push(Finding::new(
            "year.wrong",
            Severity::Warning,
            format!("报告落款日期 {py}年{pm}月{pd}日 早于报告年度 {y} 结束"),
            format!("{py}年{pm}月{pd}日"),
        ));
    }
    late(ex, out);
}

/// The statutory deadline for publishing the report of `year` by this agency, with its basis.
fn deadline(ex: &Extracted, year: i32) -> ((i32, u32, u32), &'static str) {
    use super::text::{AgencyKind, agency_kind};
    if year <= 2018 {
        return ((year + 1, 3, 31), "2008年《条例》第三十一条：每年3月31日前公布");
    }
    let agency = ex.meta.agency.as_deref().unwrap_or("");
    let title = ex.meta.title.as_deref().unwrap_or("");
    let compiled = title.contains("本级政府") || title.contains("汇总");
    match agency_kind(agency) {
        AgencyKind::Department if !compiled => {
            ((year + 1, 1, 31), "《条例》第四十九条：县级以上人民政府部门应于每年1月31日前公布上一年度报告")
        }
        AgencyKind::Township if !compiled => (
            (year + 1, 1, 31),
            "乡镇（街道）按部门的1月31日期限掌握（《条例》第四十九条未明列乡镇，各地规定不一）",
        ),
        _ => ((year + 1, 3, 31), "《条例》第四十九条：本级人民政府年度报告应于每年3月31日前公布"),
    }
}

/// `period.late`: published (page 发布日期, else the 落款 date) after the statutory deadline. A page
/// date more than a year past the deadline is taken for a re-posting (site migrations re-date old
/// pages) and the 落款 is used instead.
fn late(ex: &Extracted, out: &mut Vec<Finding>) {
    let Some(year) = ex.meta.year else { return };
    let ((dy, dm, dd), basis) = deadline(ex, year);
    let deadline = (dy, dm, dd);
    let fmt = |d: (i32, u32, u32)| format!("{}年{}月{}日", d.0, d.1, d.2);
    let signed = ex.meta.signed.as_ref();
    let page = ex.meta.page.published.filter(|d| *d <= (dy + 1, dm, dd));
    let (date, evidence) = match (page, signed) {
        (Some(p), Some((s, line))) => (p, format!("页面发布日期：{}；落款：{line}（{}）", fmt(p), fmt(*s))),
        (Some(p), None) => (p, format!("页面发布日期：{}", fmt(p))),
        (None, Some((s, line))) => (*s, format!("落款：{line}")),
        (None, None) => return,
    };
    if date > deadline && date.0 > year {
        out.push(Finding::new(
            "period.late",
            Severity::Warning,
            format!("{year}年度报告的发布日期 {} 晚于法定期限 {}（{basis}）", fmt(date), fmt(deadline)),
            evidence,
        ));
    }
}
