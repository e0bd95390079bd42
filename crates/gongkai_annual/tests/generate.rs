//! Sections per format, narrative numbers, zero data, years before 2008, and the lint.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use gongkai_annual::{
    AnnualError, RecordsSummary, ReportHeader, SectionKey, Severity, demo_township_2017, demo_township_2025,
    format_for_year, generate, lint, sections_for, sections_for_year,
};
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, ReportFormat, RequestColumn, RequestRow, RequestTable,
};

fn header(year: i32) -> ReportHeader {
    ReportHeader {
        agency_name: "示例县城关镇人民政府".to_owned(),
        agency_level: AgencyLevel::Township,
        agency_kind: AgencyKind::Government,
        year,
        format: None,
        published_on: NaiveDate::from_ymd_opt(year + 1, 1, 20),
    }
}

fn headings(format: ReportFormat) -> Vec<&'static str> {
    sections_for(format).iter().map(|s| s.heading_zh).collect()
}

#[test]
fn national_2021_has_the_six_headings_and_five_overview_parts() {
    assert_eq!(
        headings(ReportFormat::National2021),
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    );
    let overview = &sections_for(ReportFormat::National2021)[0];
    let parts: Vec<&str> = overview.parts.iter().map(|p| p.heading_zh).collect();
    assert_eq!(
        parts,
        [
            "（一）主动公开",
            "（二）依申请公开",
            "（三）政府信息管理",
            "（四）政府信息公开平台建设",
            "（五）监督保障"
        ]
    );
}

#[test]
fn trial_2019_uses_the_same_headings() {
    assert_eq!(headings(ReportFormat::Trial2019), headings(ReportFormat::National2021));
}

#[test]
fn legacy_has_the_seven_customary_parts() {
    assert_eq!(
        headings(ReportFormat::Legacy2008),
        [
            "一、概述",
            "二、主动公开政府信息情况",
            "三、依申请公开政府信息情况",
            "四、政府信息公开的收费及减免情况",
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            "六、政府信息公开工作存在的主要问题及改进情况",
            "七、其他需要报告的事项",
        ]
    );
}

#[test]
fn years_map_to_formats_and_before_2008_is_refused() {
    assert_eq!(format_for_year(2008).unwrap(), ReportFormat::Legacy2008);
    assert_eq!(format_for_year(2018).unwrap(), ReportFormat::Legacy2008);
    assert_eq!(format_for_year(2020).unwrap(), ReportFormat::Trial2019);
    assert_eq!(format_for_year(2021).unwrap(), ReportFormat::National2021);
    let err = sections_for_year(2007).unwrap_err();
    assert!(matches!(err, AnnualError::BeforeRegulation { year: 2007 }));
    assert!(err.to_string().contains("2008年5月1日"), "{err}");
    let err = generate(header(2005), AnnualReport::default(), RecordsSummary::default()).unwrap_err();
    assert!(matches!(err, AnnualError::BeforeRegulation { year: 2005 }));
}

#[test]
fn narrative_states_the_table_numbers() {
    let doc = demo_township_2025().unwrap();
    let requests = doc.section(SectionKey::Requests).unwrap().generated.join("");
    assert!(
        requests.contains(
            "2025年，本机关共收到政府信息公开申请8件（其中自然人6件，法人或其他组织2件），上年结转1件；\
             办结8件，其中予以公开4件，部分公开1件，不予公开1件，无法提供2件；结转下年度继续办理1件。"
        ),
        "{requests}"
    );
    assert!(requests.contains("保护第三方合法权益1件"), "{requests}");
    let cases = doc.section(SectionKey::Cases).unwrap().generated.join("");
    assert_eq!(
        cases,
        "2025年，本机关因政府信息公开工作被申请行政复议1件，其中结果维持1件；未被提起行政诉讼。"
    );
    let other = doc.section(SectionKey::Other).unwrap().generated.join("");
    assert!(other.contains("2025年本机关未发出信息处理费收费通知，未收取信息处理费。"), "{other}");
    let plans = doc.section(SectionKey::Problems).unwrap().generated.join("");
    assert!(plans.contains("2026年，本机关将重点做好以下工作：一是"), "{plans}");
    assert!(!plans.contains("2025年，本机关将"), "{plans}");
    let proactive = doc.section(SectionKey::OverviewProactive).unwrap().generated.join("");
    assert!(
        proactive.contains("主动公开政府信息212条；制发行政规范性文件2件，废止1件，现行有效9件"),
        "{proactive}"
    );
    let supervision = doc.section(SectionKey::OverviewSupervision).unwrap().generated.join("");
    assert!(supervision.contains("共召开政府信息公开工作会议和培训3次，参加86人次"), "{supervision}");
    // Derived cells: （七）总计 and 结转下年度 computed, the table balanced.
    let t3 = doc.tables.table3.as_ref().unwrap();
    assert_eq!(t3.get(RequestRow::ResultsTotal, RequestColumn::Total), Some(8));
    assert_eq!(t3.get(RequestRow::CarriedForward, RequestColumn::NaturalPerson), Some(1));
    assert_eq!(
        doc.tables.table4.as_ref().unwrap().get(CaseBlock::Reconsideration, CaseColumn::Total),
        Some(1)
    );
    assert!(doc.tables.violations().is_empty());
}

#[test]
fn fee_sentence_with_notices() {
    let tables = AnnualReport {
        fees: Some(gongkai_domain::report::Fees {
            notices: Some(2),
            amount_notified_yuan: Some(500.0),
            amount_collected_yuan: Some(380.0),
        }),
        ..AnnualReport::default()
    };
    let doc = generate(header(2025), tables, RecordsSummary::default()).unwrap();
    let other = doc.section(SectionKey::Other).unwrap().generated.join("");
    assert!(
        other.contains("共发出信息处理费收费通知2件，通知收取金额500元，实际收取信息处理费380元"),
        "{other}"
    );
}

#[test]
fn zero_data_gives_a_valid_report_of_zeros() {
    let doc = generate(header(2025), AnnualReport::default(), RecordsSummary::default()).unwrap();
    assert_eq!(doc.format, ReportFormat::National2021);
    assert_eq!(doc.sections.len(), 6);
    let t3 = doc.tables.table3.as_ref().unwrap();
    assert_eq!(t3.0.len(), RequestRow::national2021().len());
    assert!(t3.0.values().all(|r| r.len() == 7 && r.values().all(|v| *v == Some(0))));
    assert!(doc.tables.violations().is_empty());
    let requests = doc.section(SectionKey::Requests).unwrap().generated.join("");
    assert!(requests.contains("2025年，本机关未收到政府信息公开申请"), "{requests}");
    let cases = doc.section(SectionKey::Cases).unwrap().generated.join("");
    assert!(cases.contains("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况"), "{cases}");
    // Nothing is wrong with the numbers; the lint only asks for the text staff must write.
    let findings = lint(&doc);
    assert!(findings.iter().all(|f| f.severity != Severity::Error), "{findings:#?}");
    assert!(findings.iter().any(|f| f.rule == "section.empty" && f.section == Some(SectionKey::Problems)));
}

#[test]
fn trial_2019_tables_have_the_single_other_row() {
    let mut t3 = RequestTable::default();
    t3.set(RequestRow::NewReceived, RequestColumn::NaturalPerson, Some(2));
    t3.set(RequestRow::Granted, RequestColumn::NaturalPerson, Some(1));
    t3.set(RequestRow::OtherCorrectionLapsed, RequestColumn::NaturalPerson, Some(1));
    let tables = AnnualReport { table3: Some(t3), ..AnnualReport::default() };
    let doc = generate(header(2020), tables, RecordsSummary::default()).unwrap();
    assert_eq!(doc.format, ReportFormat::Trial2019);
    let t3 = doc.tables.table3.as_ref().unwrap();
    assert_eq!(t3.get(RequestRow::Other, RequestColumn::Total), Some(1));
    assert!(!t3.0.contains_key(&RequestRow::OtherCorrectionLapsed));
    assert!(doc.tables.violations().is_empty(), "{:?}", doc.tables.violations());
    let t2 = doc.tables.table2.as_ref().unwrap();
    assert!(t2.0.contains_key(&gongkai_domain::report::ProactiveRow::Procurement));
}

#[test]
fn demo_reports_pass_the_lint_cleanly() {
    for doc in [demo_township_2025().unwrap(), demo_township_2017().unwrap()] {
        let findings = lint(&doc);
        assert!(findings.is_empty(), "{}: {findings:#?}", doc.year);
    }
}

#[test]
fn lint_catches_the_plan_dated_in_the_report_year() {
    let mut doc = demo_township_2017().unwrap();
    doc.set_written(SectionKey::Problems, "2017年，我们将继续加强信息公开工作，规范信息公开程序。");
    let findings = lint(&doc);
    let f = findings.iter().find(|f| f.rule == "year.wrong").unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("2018"), "{f:?}");
    assert!(f.evidence.contains("2017年，我们将继续"), "{f:?}");
}

#[test]
fn lint_catches_a_missing_and_an_empty_section() {
    let mut doc = demo_township_2017().unwrap();
    doc.sections.retain(|s| s.key != SectionKey::Fees);
    let findings = lint(&doc);
    assert!(
        findings.iter().any(|f| f.rule == "section.missing"
            && f.severity == Severity::Error
            && f.message.contains("收费及减免")),
        "{findings:#?}"
    );
    let mut doc = demo_township_2025().unwrap();
    doc.records.problems.clear();
    doc.records.plans.clear();
    doc.regenerate();
    let findings = lint(&doc);
    assert!(findings.iter().any(|f| f.rule == "section.empty" && f.section == Some(SectionKey::Problems)));
}

#[test]
fn lint_catches_the_other_seed_defects() {
    let mut doc = demo_township_2017().unwrap();
    doc.set_written(
        SectionKey::Overview,
        "2017年，我镇牢固树立七大统计工作新理念，及时宣传报道我镇人力社保工作动态。\n\n\
         二是继续推进行决策公开，结合民政实际，加强经信网站建设，提高经信信息公开工作水平。",
    );
    let rules: Vec<String> = lint(&doc).into_iter().map(|f| f.rule).collect();
    assert!(rules.iter().any(|r| r == "text.foreign_agency"), "{rules:?}");
    assert!(rules.iter().any(|r| r == "text.typo"), "{rules:?}");
}

#[test]
fn lint_catches_other_years_wrong_numbers_and_broken_tables() {
    let mut doc = demo_township_2025().unwrap();
    doc.set_written(
        SectionKey::OverviewRequests,
        "全年共收到政府信息公开申请5件。2023年以来，本机关持续推进。",
    );
    doc.published_on = NaiveDate::from_ymd_opt(2025, 12, 30);
    let t3 = doc.tables.table3.as_mut().unwrap();
    t3.set(RequestRow::ResultsTotal, RequestColumn::Total, Some(9));
    let findings = lint(&doc);
    let has = |rule: &str| findings.iter().any(|f| f.rule == rule);
    assert!(has("narrative.table_mismatch"), "{findings:#?}");
    assert!(has("year.other"), "{findings:#?}");
    assert!(has("year.wrong"), "{findings:#?}");
    assert!(has("table3.row_sum") || has("table3.results_sum"), "{findings:#?}");
    // Citations are not report years.
    let mut doc = demo_township_2025().unwrap();
    doc.set_written(SectionKey::Other, "依据《2019年修订条例解读》和国办函〔2020〕109号办理。");
    assert!(!lint(&doc).iter().any(|f| f.rule == "year.other"));
}

#[test]
fn regenerate_follows_changed_tables() {
    let mut doc = demo_township_2025().unwrap();
    doc.tables.table4.as_mut().unwrap().set(CaseBlock::LitigationDirect, CaseColumn::Pending, Some(1));
    doc.tables.table4.as_mut().unwrap().set(CaseBlock::LitigationDirect, CaseColumn::Total, Some(1));
    doc.regenerate();
    let cases = doc.section(SectionKey::Cases).unwrap().generated.join("");
    assert!(
        cases.contains("被提起行政诉讼1件（未经复议直接起诉1件，复议后起诉0件），其中尚未审结1件"),
        "{cases}"
    );
}

/// Issue 13, defect 4: the seed township's 2017 report said “本机关未主动公开政府信息” next to
/// “通过…专栏发布信息63条”. Generated text states the fact from one source, and the lint catches
/// two sentences that contradict each other.
#[test]
fn one_fact_one_source_and_contradictions_are_errors() {
    let mut doc = demo_township_2017().unwrap();
    // No catalog and no 统计表 figure, only the outlets' counts: the sentence uses them.
    doc.records.publications_total = None;
    if let Some(l) = doc.tables.legacy.as_mut() {
        l.active_disclosed = None;
    }
    doc.records.outlets =
        vec![gongkai_annual::Outlet::new("示例县人民政府门户网站“政府信息公开”专栏", Some(63))];
    doc.regenerate();
    let text: String = doc.sections.iter().flat_map(|s| s.paragraphs()).collect();
    assert!(text.contains("主动公开政府信息共63条") && !text.contains("未主动公开"), "{text}");
    assert!(lint(&doc).iter().all(|f| f.rule != "narrative.contradiction"), "generated text is consistent");
    // Written text that contradicts it: an error with both sentences.
    doc.set_written(SectionKey::Overview, "2017年，本机关未主动公开政府信息。");
    let findings = lint(&doc);
    let f = findings.iter().find(|f| f.rule == "narrative.contradiction").expect("contradiction found");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("未主动公开政府信息") && f.message.contains("63条"), "{f:?}");
    // The same for applications: the generated “未收到政府信息公开申请” against a written count.
    let mut doc = generate(header(2025), AnnualReport::default(), RecordsSummary::default()).unwrap();
    assert!(lint(&doc).iter().all(|f| f.rule != "narrative.contradiction"));
    doc.set_written(SectionKey::Overview, "本年度共收到政府信息公开申请5件，均按期答复。");
    let findings = lint(&doc);
    let f = findings.iter().find(|f| f.rule == "narrative.contradiction").expect("contradiction found");
    assert!(f.message.contains("依申请公开") && f.message.contains("申请5件"), "{f:?}");
}
