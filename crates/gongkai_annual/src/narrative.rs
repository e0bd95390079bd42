//! Chinese sentences computed from the tables and records. Every number printed in generated
//! text comes from the same [`AnnualReport`] the tables are drawn from, so text and tables cannot
//! disagree (the mismatch CASS and regulation.md §2.6 X-4 describe). Zero data gives sentences
//! such as “本年度未收到…”, never an error.

use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, CaseTable, Fees, LegacyFigures, ProactiveColumn, ProactiveRow,
    ProactiveTable, ReportFormat, RequestColumn, RequestRow, RequestTable,
};

use crate::model::RecordsSummary;

/// Chinese ordinal for list clauses: 一是, 二是 …
fn ordinal(i: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match i {
        0..=9 => D[i].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[i - 10]),
        _ => i.to_string(),
    }
}

/// `一是…；二是…。` from clauses (trailing punctuation of each clause dropped).
#[must_use]
pub fn enumerate_clauses(items: &[String]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|s| s.trim().trim_end_matches(['。', '；', ';', '，', ',']).to_owned())
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, s)| format!("{}是{s}", ordinal(i + 1)))
        .collect();
    if parts.is_empty() { String::new() } else { format!("{}。", parts.join("；")) }
}

/// A money or 万元 amount without needless decimals: `380`, `0.25`.
#[must_use]
pub fn amount(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn t3(t: &RequestTable, row: RequestRow) -> i64 {
    t.get(row, RequestColumn::Total).unwrap_or(0)
}

fn t3_sum(t: &RequestTable, rows: &[RequestRow]) -> i64 {
    rows.iter().map(|r| t3(t, *r)).sum()
}

const WITHHELD: [RequestRow; 8] = [
    RequestRow::WithheldStateSecret,
    RequestRow::WithheldProhibitedByLaw,
    RequestRow::WithheldThreeSecurities,
    RequestRow::WithheldThirdPartyRights,
    RequestRow::WithheldInternalAffairs,
    RequestRow::WithheldProcessInformation,
    RequestRow::WithheldEnforcementFile,
    RequestRow::WithheldAdministrativeQuery,
];
const UNAVAILABLE: [RequestRow; 3] = [
    RequestRow::UnavailableNotHeld,
    RequestRow::UnavailableNeedsCreation,
    RequestRow::UnavailableStillUnclear,
];
const NOT_PROCESSED: [RequestRow; 5] = [
    RequestRow::NotProcessedPetition,
    RequestRow::NotProcessedDuplicate,
    RequestRow::NotProcessedPublication,
    RequestRow::NotProcessedExcessive,
    RequestRow::NotProcessedConfirmation,
];
const OTHER: [RequestRow; 4] = [
    RequestRow::OtherCorrectionLapsed,
    RequestRow::OtherFeeUnpaid,
    RequestRow::OtherOther,
    RequestRow::Other,
];

/// The sub-row label without its group prefix: `属于国家秘密`.
fn short_label(row: RequestRow) -> &'static str {
    let l = row.label_zh();
    l.split_once('.').map_or(l, |(_, rest)| rest)
}

/// Outcome counts by group: (label, count), in form order.
fn outcome_groups(t: &RequestTable) -> Vec<(&'static str, i64)> {
    vec![
        ("予以公开", t3(t, RequestRow::Granted)),
        ("部分公开", t3(t, RequestRow::PartlyGranted)),
        ("不予公开", t3_sum(t, &WITHHELD)),
        ("无法提供", t3_sum(t, &UNAVAILABLE)),
        ("不予处理", t3_sum(t, &NOT_PROCESSED)),
        ("其他处理", t3_sum(t, &OTHER)),
    ]
}

/// The 依申请公开 paragraph (section 三 of the 2019/2021 formats), from 表三.
#[must_use]
pub fn requests_paragraphs(year: i32, t: &RequestTable) -> Vec<String> {
    let n = t3(t, RequestRow::NewReceived);
    let k = t3(t, RequestRow::CarriedOver);
    let m = t3(t, RequestRow::ResultsTotal);
    let f = t3(t, RequestRow::CarriedForward);
    if n == 0 && k == 0 && m == 0 && f == 0 {
        return vec![format!(
            "{year}年，本机关未收到政府信息公开申请，无上年结转申请，无结转下年度继续办理的申请。"
        )];
    }
    let mut s = format!("{year}年，本机关");
    if n > 0 {
        let person = t.get(RequestRow::NewReceived, RequestColumn::NaturalPerson).unwrap_or(0);
        s.push_str(&format!(
            "共收到政府信息公开申请{n}件（其中自然人{person}件，法人或其他组织{}件）",
            n - person
        ));
    } else {
        s.push_str("未收到新的政府信息公开申请");
    }
    if k > 0 {
        s.push_str(&format!("，上年结转{k}件"));
    } else {
        s.push_str("，无上年结转申请");
    }
    if m > 0 {
        let groups: Vec<String> =
            outcome_groups(t).into_iter().filter(|(_, v)| *v > 0).map(|(l, v)| format!("{l}{v}件")).collect();
        s.push_str(&format!("；办结{m}件，其中{}", groups.join("，")));
    } else {
        s.push_str("；本年度无办结的申请");
    }
    if f > 0 {
        s.push_str(&format!("；结转下年度继续办理{f}件。"));
    } else {
        s.push_str("；无结转下年度继续办理的申请。");
    }
    let mut out = vec![s];
    // Reasons within the groups that carry numbers (不予公开, 无法提供, 不予处理, 其他处理).
    let mut reasons: Vec<String> = Vec::new();
    for (group, rows) in
        [("不予公开", &WITHHELD[..]), ("无法提供", &UNAVAILABLE[..]), ("不予处理", &NOT_PROCESSED[..])]
    {
        let items: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                let v = t3(t, *r);
                (v > 0).then(|| format!("{}{v}件", short_label(*r)))
            })
            .collect();
        if !items.is_empty() {
            reasons.push(format!("{group}的申请中，{}", items.join("，")));
        }
    }
    let other: Vec<String> = OTHER[..3]
        .iter()
        .filter_map(|r| {
            let v = t3(t, *r);
            let label = match r {
                RequestRow::OtherCorrectionLapsed => "申请人逾期不补正的",
                RequestRow::OtherFeeUnpaid => "申请人逾期未缴纳信息处理费的",
                _ => "其他情形",
            };
            (v > 0).then(|| format!("{label}{v}件"))
        })
        .collect();
    if !other.is_empty() {
        reasons.push(format!("其他处理的申请中，{}", other.join("，")));
    }
    if !reasons.is_empty() {
        out.push(format!("{}。", reasons.join("；")));
    }
    out
}

/// A one-sentence summary of 表三 for 总体情况（二）依申请公开.
#[must_use]
pub fn requests_summary(year: i32, t: &RequestTable) -> String {
    let n = t3(t, RequestRow::NewReceived);
    let m = t3(t, RequestRow::ResultsTotal);
    if n == 0 && t3(t, RequestRow::CarriedOver) == 0 {
        return format!("{year}年，本机关未收到政府信息公开申请。");
    }
    format!("{year}年，本机关共收到政府信息公开申请{n}件，办结{m}件，办理情况见本报告第三部分。")
}

fn case_results(t: &CaseTable, blocks: &[CaseBlock]) -> Vec<String> {
    CaseColumn::PARTS
        .iter()
        .filter_map(|c| {
            let v: i64 = blocks.iter().map(|b| t.get(*b, *c).unwrap_or(0)).sum();
            (v > 0).then(|| format!("{}{v}件", c.label_zh()))
        })
        .collect()
}

/// The 行政复议、行政诉讼 sentence (section 四), from 表四.
#[must_use]
pub fn cases_paragraph(year: i32, t: &CaseTable) -> String {
    let total = |b: CaseBlock| t.get(b, CaseColumn::Total).unwrap_or(0);
    let r = total(CaseBlock::Reconsideration);
    let ld = total(CaseBlock::LitigationDirect);
    let la = total(CaseBlock::LitigationAfterReconsideration);
    if r == 0 && ld == 0 && la == 0 {
        return format!("{year}年，本机关未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。");
    }
    let mut s = format!("{year}年，本机关因政府信息公开工作");
    if r > 0 {
        s.push_str(&format!(
            "被申请行政复议{r}件，其中{}",
            case_results(t, &[CaseBlock::Reconsideration]).join("，")
        ));
    } else {
        s.push_str("未被申请行政复议");
    }
    let l = ld + la;
    if l > 0 {
        s.push_str(&format!(
            "；被提起行政诉讼{l}件（未经复议直接起诉{ld}件，复议后起诉{la}件），其中{}。",
            case_results(t, &[CaseBlock::LitigationDirect, CaseBlock::LitigationAfterReconsideration])
                .join("，")
        ));
    } else {
        s.push_str("；未被提起行政诉讼。");
    }
    s
}

/// The 信息处理费 sentence for section 六 (regulation.md §2.7; 条例 第四十二条; 国办函〔2020〕109号
/// from the 2021 reports on, when the 信息处理费管理办法 took effect).
#[must_use]
pub fn fees_paragraph(year: i32, format: ReportFormat, fees: &Fees, t: &RequestTable) -> String {
    let notices = fees.notices.unwrap_or(0);
    let notified = fees.amount_notified_yuan.unwrap_or(0.0);
    let collected = fees.amount_collected_yuan.unwrap_or(0.0);
    let basis = if format == ReportFormat::National2021 {
        "依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"
    } else {
        "依据《中华人民共和国政府信息公开条例》第四十二条"
    };
    if notices == 0 && collected.abs() < 1e-9 {
        return format!("{basis}，{year}年本机关未发出信息处理费收费通知，未收取信息处理费。");
    }
    let mut s = format!(
        "{basis}，{year}年本机关共发出信息处理费收费通知{notices}件，通知收取金额{}元，实际收取信息处理费{}元",
        amount(notified),
        amount(collected)
    );
    let unpaid = t.get(RequestRow::OtherFeeUnpaid, RequestColumn::Total).unwrap_or(0);
    if unpaid > 0 {
        s.push_str(&format!("；申请人逾期未缴纳费用、本机关不再处理的申请{unpaid}件"));
    }
    s.push('。');
    s
}

fn p2(t: &ProactiveTable, r: ProactiveRow, c: ProactiveColumn) -> f64 {
    t.get(r, c).unwrap_or(0.0)
}

/// Sentences for 总体情况（一）主动公开 from 表二 and the records.
#[must_use]
pub fn proactive_paragraphs(
    year: i32,
    format: ReportFormat,
    t: &ProactiveTable,
    records: &RecordsSummary,
) -> Vec<String> {
    use ProactiveColumn as C;
    use ProactiveRow as R;
    let mut out = Vec::new();
    let mut s = String::new();
    if let Some(n) = records.publications_total {
        s.push_str(&format!("{year}年，本机关主动公开政府信息{n}条"));
    }
    let docs = match format {
        ReportFormat::National2021 => {
            let (i, r, f) = (
                p2(t, R::NormativeDocuments, C::Issued),
                p2(t, R::NormativeDocuments, C::Repealed),
                p2(t, R::NormativeDocuments, C::InForce),
            );
            format!("制发行政规范性文件{}件，废止{}件，现行有效{}件", amount(i), amount(r), amount(f))
        }
        _ => format!(
            "新制作规范性文件{}件，新公开{}件",
            amount(p2(t, R::NormativeDocuments, C::NewMade)),
            amount(p2(t, R::NormativeDocuments, C::NewPublished))
        ),
    };
    if s.is_empty() {
        s = format!("{year}年，本机关{docs}");
    } else {
        s.push_str(&format!("；{docs}"));
    }
    let decisions: Vec<String> =
        [(R::Licensing, "行政许可"), (R::Penalties, "行政处罚"), (R::Enforcement, "行政强制")]
            .iter()
            .filter_map(|(r, l)| {
                let v = p2(t, *r, C::Decisions);
                (v > 0.0).then(|| format!("{l}决定{}件", amount(v)))
            })
            .collect();
    if !decisions.is_empty() {
        s.push_str(&format!("；作出并公开{}", decisions.join("、")));
    }
    s.push('。');
    out.push(s);
    if let Some(i) = records.interpretations.filter(|i| *i > 0) {
        out.push(format!("本年度发布政策解读{i}篇。"));
    }
    out
}

/// Sentences on 公开渠道 and 群众留言 (总体情况（四）; legacy 主动公开).
#[must_use]
pub fn platform_paragraphs(records: &RecordsSummary) -> Vec<String> {
    let mut out = Vec::new();
    let named: Vec<String> = records
        .outlets
        .iter()
        .map(|o| match o.count {
            Some(c) => format!("通过{}发布信息{c}{}", o.name, o.unit),
            None => format!("通过{}发布信息", o.name),
        })
        .collect();
    if !named.is_empty() {
        out.push(format!("本机关{}。", named.join("，")));
    }
    if let Some(m) = records.messages {
        let mut s = if m.received == 0 {
            "本年度未收到群众网上留言".to_owned()
        } else {
            format!("本年度收到群众网上留言{}件，答复{}件", m.received, m.answered)
        };
        if let Some(d) = m.average_reply_days.filter(|_| m.received > 0) {
            s.push_str(&format!("，平均答复时间{}个工作日", amount((d * 10.0).round() / 10.0)));
        }
        s.push('。');
        out.push(s);
    }
    if let Some(c) = records.consultations.filter(|c| c.held > 0) {
        let mut s = format!("本年度公开征求意见{}次，收到意见{}条", c.held, c.comments);
        if c.feedback_published > 0 {
            s.push_str(&format!("，{}次征求意见已公布意见采纳情况", c.feedback_published));
        }
        s.push('。');
        out.push(s);
    }
    out
}

/// Sentences on management (总体情况（三）): rules, 保密审查, 信息安全自查.
#[must_use]
pub fn management_paragraphs(year: i32, records: &RecordsSummary) -> Vec<String> {
    let mut parts = Vec::new();
    if !records.internal_rules.is_empty() {
        let names: Vec<String> = records.internal_rules.iter().map(|r| format!("“{}”", r.trim())).collect();
        parts.push(format!("执行{}等工作制度", names.join("、")));
    }
    if let Some(n) = records.secrecy_reviews.filter(|n| *n > 0) {
        parts.push(format!("对拟公开的{n}条政府信息进行了保密审查"));
    }
    if let Some(n) = records.security_self_checks {
        if n > 0 {
            parts.push(format!("开展信息安全自查{n}次"));
        } else {
            parts.push("本年度未开展信息安全自查".to_owned());
        }
    }
    if parts.is_empty() { Vec::new() } else { vec![format!("{year}年，本机关{}。", parts.join("，"))] }
}

/// Sentences on supervision (总体情况（五）; legacy 概述): leading group, trainings, accountability.
#[must_use]
pub fn supervision_paragraphs(year: i32, records: &RecordsSummary) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = &records.leading_group {
        let mut s = format!("本机关政府信息公开工作领导小组由{}任组长", g.head.trim());
        if g.adjusted_this_year {
            s.push_str("，本年度根据人事变动及时调整了领导小组成员");
        }
        s.push('。');
        out.push(s);
    }
    if let Some(t) = records.trainings {
        if t.sessions > 0 {
            out.push(format!(
                "{year}年，共召开政府信息公开工作会议和培训{}次，参加{}人次。",
                t.sessions, t.attendees
            ));
        } else {
            out.push(format!("{year}年，未召开政府信息公开工作会议和培训。"));
        }
    }
    if let Some(n) = records.accountability_cases {
        if n == 0 {
            out.push("本年度未发生因政府信息公开工作被追究责任的情况。".to_owned());
        } else {
            out.push(format!("本年度因政府信息公开工作追究责任{n}起。"));
        }
    }
    out
}

/// Problems and plans (section 五; legacy 六). The plan is for `year + 1`, never the report year.
#[must_use]
pub fn problems_paragraphs(year: i32, records: &RecordsSummary) -> Vec<String> {
    let mut out = Vec::new();
    let problems = enumerate_clauses(&records.problems);
    if !problems.is_empty() {
        out.push(format!("本年度政府信息公开工作还存在以下不足：{problems}"));
    }
    let plans = enumerate_clauses(&records.plans);
    if !plans.is_empty() {
        out.push(format!("{}年，本机关将重点做好以下工作：{plans}", year + 1));
    }
    out
}

/// Legacy (2008–2018) sentences: 主动公开.
#[must_use]
pub fn legacy_proactive(year: i32, l: &LegacyFigures, records: &RecordsSummary) -> Vec<String> {
    // One fact, one source (issue 13): the 统计表's figure, else the catalog's count; when both are
    // empty but the outlets were counted, their 条 are the only count there is — never
    // “未主动公开” next to “通过…发布信息63条”.
    let n = l.active_disclosed.or(records.publications_total.map(i64::from)).unwrap_or(0);
    let outlets: i64 =
        records.outlets.iter().filter(|o| o.unit == "条").filter_map(|o| o.count).map(i64::from).sum();
    let mut out = vec![if n > 0 {
        format!("{year}年，本机关主动公开政府信息{n}条。")
    } else if outlets > 0 {
        format!("{year}年，本机关通过下列渠道主动公开政府信息共{outlets}条。")
    } else {
        format!("{year}年，本机关未主动公开政府信息。")
    }];
    out.extend(platform_paragraphs(records));
    out
}

/// Legacy sentences: 依申请公开.
#[must_use]
pub fn legacy_requests(year: i32, l: &LegacyFigures) -> String {
    let a = l.applications.unwrap_or(0);
    if a == 0 {
        return format!("{year}年，本机关未收到政府信息公开申请。");
    }
    let b = l.answered.unwrap_or(0);
    let (g, p, r) = (l.granted.unwrap_or(0), l.partially_granted.unwrap_or(0), l.refused.unwrap_or(0));
    let mut items = vec![format!("同意公开{g}件"), format!("同意部分公开{p}件"), format!("不予公开{r}件")];
    let other = b - g - p - r;
    if other > 0 {
        items.push(format!("其他情形{other}件"));
    }
    format!("{year}年，本机关共收到政府信息公开申请{a}件，已答复{b}件，其中{}。", items.join("，"))
}

/// Legacy sentences: 收费及减免 (2008《条例》第二十七条、第二十八条).
#[must_use]
pub fn legacy_fees(year: i32, l: &LegacyFigures) -> String {
    match l.fees_yuan.unwrap_or(0) {
        0 => format!("{year}年，本机关未收取政府信息公开检索、复制、邮寄等费用，未发生收费减免情况。"),
        f => format!("{year}年，本机关依法收取政府信息公开检索、复制、邮寄等费用共计{f}元。"),
    }
}

/// Legacy sentences: 复议诉讼.
#[must_use]
pub fn legacy_cases(year: i32, l: &LegacyFigures) -> String {
    let (r, s) = (l.reviews.unwrap_or(0), l.lawsuits.unwrap_or(0));
    if r == 0 && s == 0 {
        return format!("{year}年，本机关未发生因政府信息公开申请提起行政复议、行政诉讼的情况。");
    }
    format!("{year}年，本机关因政府信息公开申请被提起行政复议{r}件、行政诉讼{s}件。")
}

/// The statistics-period statement and basis printed before section 一.
#[must_use]
pub fn preface(agency: &str, year: i32, format: ReportFormat) -> Vec<String> {
    let basis = match format {
        ReportFormat::National2021 => {
            "《中华人民共和国政府信息公开条例》（以下简称《条例》）第四十九条、第五十条和国务院办公厅政府信息与政务公开办公室印发的政府信息公开工作年度报告格式"
        }
        ReportFormat::Trial2019 => {
            "《中华人民共和国政府信息公开条例》（以下简称《条例》）第四十九条、第五十条和政府信息公开工作年度报告格式（试行）"
        }
        ReportFormat::Legacy2008 => {
            "《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十一条、第三十二条"
        }
    };
    vec![format!(
        "本报告由{agency}根据{basis}编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )]
}

/// All generated sentences for one section key (top-level sections and sub-parts).
#[must_use]
pub fn for_section(
    key: crate::spec::SectionKey,
    year: i32,
    format: ReportFormat,
    report: &AnnualReport,
    records: &RecordsSummary,
) -> Vec<String> {
    use crate::spec::SectionKey as K;
    let empty3 = RequestTable::default();
    let t3 = report.table3.as_ref().unwrap_or(&empty3);
    let legacy = report.legacy.clone().unwrap_or_default();
    let legacy_fmt = format == ReportFormat::Legacy2008;
    match key {
        K::Overview if legacy_fmt => {
            let mut v = supervision_paragraphs(year, records);
            v.extend(management_paragraphs(year, records));
            v
        }
        K::Overview => Vec::new(),
        K::OverviewProactive => {
            let empty = ProactiveTable::default();
            proactive_paragraphs(year, format, report.table2.as_ref().unwrap_or(&empty), records)
        }
        K::OverviewRequests => vec![requests_summary(year, t3)],
        K::OverviewManagement => management_paragraphs(year, records),
        K::OverviewPlatforms => platform_paragraphs(records),
        K::OverviewSupervision => supervision_paragraphs(year, records),
        K::Proactive if legacy_fmt => legacy_proactive(year, &legacy, records),
        K::Proactive => Vec::new(),
        K::Requests if legacy_fmt => vec![legacy_requests(year, &legacy)],
        K::Requests => requests_paragraphs(year, t3),
        K::Fees => vec![legacy_fees(year, &legacy)],
        K::Cases if legacy_fmt => vec![legacy_cases(year, &legacy)],
        K::Cases => {
            let empty = CaseTable::default();
            vec![cases_paragraph(year, report.table4.as_ref().unwrap_or(&empty))]
        }
        K::Problems => problems_paragraphs(year, records),
        K::Other if legacy_fmt => vec!["上表为本年度政府信息公开主要统计数据。".to_owned()],
        K::Other => {
            let fees = report.fees.clone().unwrap_or_default();
            vec![fees_paragraph(year, format, &fees, t3)]
        }
    }
}
