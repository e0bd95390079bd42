//! Pins the synthetic fixtures `tests/data/syn_*` (written by `make_synthetic.py`, see the README):
//! the 2019 trial layout of 表二, 表四 transposed and vertical, page metadata, site chrome, PDF
//! text noise, agency names that differ between years, fee statements and late publication.

use gongkai_check::{FileReport, Severity, check_batch, check_bytes};
use gongkai_domain::report::{
    CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, ReportFormat, RequestColumn, RequestRow,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn load(name: &str) -> (String, Vec<u8>) {
    let bytes = std::fs::read(format!("{DATA}/{name}")).unwrap_or_default();
    assert!(!bytes.is_empty(), "missing test file {name}");
    (name.to_owned(), bytes)
}

fn check(name: &str) -> FileReport {
    let (n, b) = load(name);
    check_bytes(&n, &b)
}

fn has(r: &FileReport, rule: &str, needle: &str) -> bool {
    r.findings.iter().any(|f| f.rule == rule && (f.evidence.contains(needle) || f.message.contains(needle)))
}

fn errors(r: &FileReport) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}: {} [{}]", f.rule, f.message, f.evidence))
        .collect()
}

#[test]
fn trial_2019_town_page() {
    let r = check("syn_2020_trial_town.html");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.agency.as_deref(), Some("示例县青石镇人民政府"));
    assert_eq!(r.format, Some(ReportFormat::Trial2019));
    // The 落款 date; the page's 发布日期 is what the deadline is judged by.
    assert_eq!(r.published.as_deref(), Some("2021-01-28"));
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    let t = r.tables.clone().unwrap_or_default();
    let t2 = t.table2.clone().unwrap_or_default();
    assert_eq!(t2.get(ProactiveRow::NormativeDocuments, ProactiveColumn::PublishedTotal), Some(15.0));
    assert_eq!(t2.get(ProactiveRow::Licensing, ProactiveColumn::Change), Some(-2.0));
    assert_eq!(t2.get(ProactiveRow::OtherServices, ProactiveColumn::Change), Some(1.0));
    assert_eq!(t2.get(ProactiveRow::Enforcement, ProactiveColumn::Change), Some(-1.0));
    assert_eq!(t2.get(ProactiveRow::Enforcement, ProactiveColumn::Decisions), Some(2.0));
    assert_eq!(t2.get(ProactiveRow::FeesCollected, ProactiveColumn::PreviousItems), Some(4.0));
    assert_eq!(t2.get(ProactiveRow::Procurement, ProactiveColumn::AmountYuan), Some(1234.5));
    let t3 = t.table3.clone().unwrap_or_default();
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Total), Some(5));
    assert_eq!(t3.get(RequestRow::Other, RequestColumn::Total), Some(1));
    assert_eq!(t3.get(RequestRow::ResultsTotal, RequestColumn::Total), Some(5));
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Research), None, "— is blank");
    let t4 = t.table4.clone().unwrap_or_default();
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Upheld), Some(1));
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Pending), Some(1));
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Total), Some(2));
    assert_eq!(t4.get(CaseBlock::LitigationDirect, CaseColumn::Pending), Some(1));
    assert_eq!(t4.get(CaseBlock::LitigationDirect, CaseColumn::Total), Some(1));
    assert_eq!(t4.get(CaseBlock::LitigationAfterReconsideration, CaseColumn::Total), Some(0));
    // The trial layout is right for 2020: no template complaint about 表二 or （六）.
    assert!(!has(&r, "table.template_deviation", "表二"), "{:?}", r.findings);
    assert!(!has(&r, "table.template_deviation", "其他处理"), "{:?}", r.findings);
    // Published 2021-02-05 (page metadata), after the township's 1月31日.
    assert!(
        has(&r, "period.late", "2021-02-05") || has(&r, "period.late", "2021年2月5日"),
        "{:?}",
        r.findings
    );
    // Chrome and the link to last year's report are not text: no year or copy complaints.
    assert!(!r.findings.iter().any(|f| f.rule == "year.wrong"), "{:?}", r.findings);
    assert!(!r.findings.iter().any(|f| f.evidence.contains("打印") || f.evidence.contains("上一篇")));
}

#[test]
fn pdf_text_noise() {
    let r = check("syn_2022_pdftext_bureau.txt");
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.year, Some(2022));
    assert_eq!(r.agency.as_deref(), Some("示例县自然资源局"));
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    let t = r.tables.clone().unwrap_or_default();
    let t3 = t.table3.clone().unwrap_or_default();
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Total), Some(12));
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Company), Some(1));
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Research), None);
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::OtherOrg), Some(0), "0件");
    assert_eq!(t3.get(RequestRow::OtherFeeUnpaid, RequestColumn::Total), Some(2));
    assert_eq!(t3.get(RequestRow::CarriedForward, RequestColumn::Total), Some(1));
    let t4 = t.table4.clone().unwrap_or_default();
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Upheld), Some(1));
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Total), Some(1));
    assert_eq!(t4.get(CaseBlock::LitigationDirect, CaseColumn::Pending), Some(1));
    assert_eq!(t4.get(CaseBlock::LitigationDirect, CaseColumn::Total), Some(1));
    let t2 = t.table2.clone().unwrap_or_default();
    assert_eq!(t2.get(ProactiveRow::FeesCollected, ProactiveColumn::AmountWanYuan), Some(12.5));
    // Full-width digits and the wrapped period statement are read.
    assert!(!r.findings.iter().any(|f| f.rule == "period.missing"), "{:?}", r.findings);
    // The narrative 12 (full-width) matches the table.
    assert!(!r.findings.iter().any(|f| f.rule == "narrative.table_mismatch"), "{:?}", r.findings);
    // A typo broken over two lines is still found.
    assert!(has(&r, "text.typo", "推进行决策"), "{:?}", r.findings);
    // Fees: collected 200 元 and "未收取任何费用"; 表三 （六）2 = 2 against one notice.
    assert!(has(&r, "narrative.fee_mismatch", "200"), "{:?}", r.findings);
    assert!(has(&r, "narrative.fee_mismatch", "收费通知1件"), "{:?}", r.findings);
    let fees = t.fees.clone().unwrap_or_default();
    assert_eq!(fees.notices, Some(1));
    assert_eq!(fees.amount_collected_yuan, Some(200.0));
    // Dated 2023-03-10, after a department's 1月31日.
    assert!(has(&r, "period.late", "2023年3月10日"), "{:?}", r.findings);
    // Running headers and page counters are gone from the text.
    assert!(!r.findings.iter().any(|f| f.evidence.contains("第1页") || f.evidence.contains("专栏")));
}

#[test]
fn one_agency_under_two_names_is_paired_across_years() {
    let reports = check_batch(vec![load("syn_2021_county.md"), load("syn_2022_county_renamed.md")]);
    for r in &reports {
        assert!(r.error.is_none(), "{}: {:?}", r.file, r.error);
        assert!(errors(r).is_empty(), "{}: {:?}", r.file, errors(r));
        assert!(!r.findings.iter().any(|f| f.rule == "period.late"), "{:?}", r.findings);
    }
    assert_eq!(reports[0].agency.as_deref(), Some("示例县人民政府"));
    // The page-metadata block gives no `名称…` agency and is not text.
    assert_eq!(reports[1].agency.as_deref(), Some("某某省示例市示例县人民政府"));
    assert_eq!(reports[1].published.as_deref(), Some("2023-01-20"));
    // 2021 carried 2 forward, 2022 reports 1 carried over: X-1 across the two names.
    assert!(has(&reports[1], "cross_year.carry_over", "自然人"), "{:?}", reports[1].findings);
    // 现行有效 9 + 2 − 1 = 10 holds.
    assert!(
        !reports[1].findings.iter().any(|f| f.rule == "cross_year.in_force"),
        "{:?}",
        reports[1].findings
    );
    // Same agency: not reported as copying another agency.
    assert!(!reports[1].findings.iter().any(|f| f.message.contains("另一机关")), "{:?}", reports[1].findings);
}

#[test]
fn metadata_label_never_becomes_the_agency() {
    let text = "名称\n示例市示例区教育局2023年政府信息公开工作年度报告\n索引号\n001/2024-01\n发布机构\n示例市示例区教育局\n\
                发布日期\n2024-01-25\n示例市示例区教育局2023年政府信息公开工作年度报告\n一、总体情况\n本局收到申请0件。";
    let r = check_bytes("meta.txt", text.as_bytes());
    assert_eq!(r.agency.as_deref(), Some("示例市示例区教育局"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.published.as_deref(), Some("2024-01-25"));
    assert!(!r.findings.iter().any(|f| f.rule == "period.late"));
}

#[test]
fn noisy_cells_never_give_errors() {
    // A 表三 whose cells are "—", "/", "无", "－", "0件" and full-width digits: blanks are warned
    // about, identities over the numbers that are there hold, nothing is an error.
    let mut rows = String::new();
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开",
        "1.属于国家秘密",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let vals = ["３", "0件", "３", "—", "/", "３", "无"];
    for (l, v) in labels.iter().zip(vals) {
        rows.push_str(&format!("<tr><td>{l}</td><td>{v}</td><td>－</td><td>/</td><td>—</td><td>无</td><td>0件</td><td>{v}</td></tr>"));
    }
    let html = format!(
        "<p>某某局2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table>"
    );
    let r = check_bytes("noisy.html", html.as_bytes());
    assert!(r.error.is_none());
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    let t3 = r.tables.clone().unwrap_or_default().table3.unwrap_or_default();
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Total), Some(3));
    assert_eq!(t3.get(RequestRow::CarriedOver, RequestColumn::NaturalPerson), Some(0));
}

#[test]
fn page_laid_out_in_a_table_reads_like_the_plain_page() {
    // Older portals put the whole article (paragraphs and the statutory tables) in layout-table
    // cells; the tables must still be tables and the paragraphs paragraphs.
    let (_, bytes) = load("syn_2020_trial_town.html");
    let html = String::from_utf8(bytes).unwrap_or_default();
    let (head, rest) = html.split_once("<body>").unwrap_or_default();
    let (body, _) = rest.split_once("</body>").unwrap_or_default();
    let wrapped = format!(
        "{head}<body><table width=\"100%\"><tr><td class=\"logo\">示例县人民政府门户网站</td></tr>\
         <tr><td><table><tr><td>{body}</td></tr></table></td></tr></table></body></html>"
    );
    let plain = check("syn_2020_trial_town.html");
    let r = check_bytes("wrapped.html", wrapped.as_bytes());
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.agency, plain.agency);
    assert_eq!(r.year, plain.year);
    assert_eq!(r.published, plain.published);
    assert_eq!(r.tables, plain.tables);
    let rules =
        |r: &FileReport| r.findings.iter().map(|f| (f.rule.clone(), f.message.clone())).collect::<Vec<_>>();
    assert_eq!(rules(&r), rules(&plain));
}

#[test]
fn late_publication_from_page_date_or_signature() {
    let report = |meta: &str, sig: &str| {
        format!(
            "{meta}示例县民政局2023年政府信息公开工作年度报告\n一、总体情况\n本局2023年收到申请0件。\n\
             六、其他需要报告的事项\n无。\n示例县民政局\n{sig}\n"
        )
    };
    let late = |text: String| {
        let r = check_bytes("late.txt", text.as_bytes());
        r.findings.iter().filter(|f| f.rule == "period.late").map(|f| f.evidence.clone()).collect::<Vec<_>>()
    };
    // A department signing on 2024-01-30: on time; on 2024-02-02: late.
    assert!(late(report("", "2024年1月30日")).is_empty());
    assert_eq!(late(report("", "2024年2月2日")).len(), 1);
    // The page's 发布日期 counts over the 落款 …
    let meta = "索引号：0001/2024-01\n发布机构：示例县民政局\n发布日期：2024-02-20\n";
    let found = late(report(meta, "2024年1月20日"));
    assert!(found.iter().any(|e| e.contains("2024年2月20日") && e.contains("2024年1月20日")), "{found:?}");
    // … unless it is years later (a re-posted or migrated page): then the 落款 decides.
    let meta = "索引号：0001/2024-01\n发布机构：示例县民政局\n发布日期：2026-05-01\n";
    assert!(late(report(meta, "2024年1月20日")).is_empty());
    // A county government has until 3月31日.
    let gov = "示例县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本县收到申请0件。\n示例县人民政府\n2024年3月20日\n";
    assert!(late(gov.to_owned()).is_empty());
}

#[test]
fn fee_rules_are_not_taken_for_the_regulation_mis_cited() {
    let text = "示例区人民政府2024年政府信息公开工作年度报告\n六、其他需要报告的事项\n\
                严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。\n\
                依据《政府信息公开法》开展工作。\n";
    let r = check_bytes("law.txt", text.as_bytes());
    let titles: Vec<&str> =
        r.findings.iter().filter(|f| f.rule == "text.law_title").map(|f| f.evidence.as_str()).collect();
    assert_eq!(titles, vec!["《政府信息公开法》"]);
    let fees = r.tables.clone().unwrap_or_default().fees.unwrap_or_default();
    assert_eq!(fees.amount_collected_yuan, Some(0.0));
    assert!(!r.findings.iter().any(|f| f.rule == "narrative.fee_mismatch"));
}

/// A DOCX holding `body` (WordprocessingML paragraphs and tables).
fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let ok = w.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).is_ok()
        && w.write_all(xml.as_bytes()).is_ok();
    assert!(ok);
    w.finish().map(std::io::Cursor::into_inner).unwrap_or_default()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tbl(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| {
            format!("<w:tr>{}</w:tr>", r.iter().map(|c| format!("<w:tc>{}</w:tc>", p(c))).collect::<String>())
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

#[test]
fn docx_with_page_metadata_table_and_transposed_table4() {
    // A portal page saved as Word: the metadata table stays in the body.
    let body = [
        tbl(&[
            &["名称", "示例县统计局2023年政府信息公开工作年度报告"],
            &["索引号", "0001/2024-00003", "发布机构", "示例县统计局"],
            &["成文日期", "2024-01-10", "发布日期", "2024-01-12"],
        ]),
        p("示例县统计局2023年政府信息公开工作年度报告"),
        p("一、总体情况"),
        p("本局2023年收到政府信息公开申请0件。"),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        tbl(&[
            &["", "行政复议", "未经复议直接起诉", "复议后起诉"],
            &["结果维持", "2", "1", "0"],
            &["结果纠正", "1", "0", "0"],
            &["其他结果", "0", "0", "1"],
            &["尚未审结", "0", "0", "0"],
            &["总计", "3", "1", "1"],
        ]),
        p("五、存在的主要问题及改进情况"),
        p("示例县统计局"),
        p("2024年1月10日"),
    ]
    .concat();
    let r = check_bytes("meta.docx", &docx(&body));
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.agency.as_deref(), Some("示例县统计局"));
    assert_eq!(r.year, Some(2023));
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    let t4 = r.tables.clone().unwrap_or_default().table4.unwrap_or_default();
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Upheld), Some(2));
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Corrected), Some(1));
    assert_eq!(t4.get(CaseBlock::Reconsideration, CaseColumn::Total), Some(3));
    assert_eq!(t4.get(CaseBlock::LitigationDirect, CaseColumn::Total), Some(1));
    assert_eq!(t4.get(CaseBlock::LitigationAfterReconsideration, CaseColumn::Other), Some(1));
    assert!(!r.findings.iter().any(|f| f.evidence.contains("索引号") || f.evidence.contains("名称")));
}

#[test]
fn chinese_numeral_dates_and_short_period_statements() {
    let text = "示例县人民政府\n二〇二三年度政府信息公开工作年度报告\n\
                本报告所列数据的统计期限为2023年1月1日至12月31日。\n一、总体情况\n本县收到申请0件。\n\
                示例县人民政府\n二〇二四年三月二十日\n";
    let r = check_bytes("cn.txt", text.as_bytes());
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.agency.as_deref(), Some("示例县人民政府"));
    assert_eq!(r.published.as_deref(), Some("2024-03-20"));
    assert!(
        !r.findings.iter().any(|f| f.rule == "period.missing" || f.rule == "year.wrong"),
        "{:?}",
        r.findings
    );
    assert!(!r.findings.iter().any(|f| f.rule == "period.late"), "a county government has until 3月31日");
}

#[test]
fn docx_laid_out_in_a_table_reads_like_the_plain_docx() {
    let inner = [
        tbl(&[
            &["索引号", "0001/2024-00009", "发布机构", "示例县统计局"],
            &["发布日期", "2024-01-12", "名称", "示例县统计局2023年政府信息公开工作年度报告"],
        ]),
        p("示例县统计局2023年政府信息公开工作年度报告"),
        p("一、总体情况"),
        p("本局2023年收到政府信息公开申请0件。"),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        tbl(&[
            &["", "行政复议", "未经复议直接起诉", "复议后起诉"],
            &["结果维持", "2", "1", "0"],
            &["结果纠正", "1", "0", "0"],
            &["其他结果", "0", "0", "1"],
            &["尚未审结", "0", "0", "0"],
            &["总计", "3", "1", "1"],
        ]),
        p("示例县统计局"),
        p("2024年1月10日"),
    ]
    .concat();
    let plain = check_bytes("plain.docx", &docx(&inner));
    let wrapped = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>",
        p("示例县人民政府")
    );
    let r = check_bytes("wrapped.docx", &docx(&wrapped));
    assert_eq!(r.error, None);
    assert_eq!(r.agency.as_deref(), Some("示例县统计局"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.published, plain.published);
    assert_eq!(r.tables, plain.tables);
    assert!(r.tables.clone().unwrap_or_default().table4.is_some());
}
