//! The demo township's 2017 report, rebuilt from the facts of the seed report
//! (`shared/seed/000_910d79ecf003d37e.txt`, 观水镇 2017) with a neutral agency name: one meeting
//! and training with 19 attendees, no fees, no reconsideration or litigation, no applications,
//! a leading group headed by the township's principal leader, two internal rules, one network
//! security self-check, the county portal and the notice boards as outlets. The publication counts
//! are invented (the seed states none).

use chrono::NaiveDate;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, CaseTable, Fees, LegacyFigures, ProactiveColumn, ProactiveRow,
    ProactiveTable, RequestColumn, RequestRow, RequestTable,
};

use crate::model::{AnnualDocument, LeadingGroup, Messages, Outlet, RecordsSummary, Trainings};
use crate::spec::SectionKey;
use crate::{AnnualError, ReportHeader, generate};

/// 示例县城关镇人民政府 2017年政府信息公开工作年度报告 (legacy 2008 format).
///
/// # Errors
/// Never in practice (2017 is a valid report year); the signature follows [`generate`].
pub fn demo_township_2017() -> Result<AnnualDocument, AnnualError> {
    let header = ReportHeader {
        agency_name: "示例县城关镇人民政府".to_owned(),
        agency_level: AgencyLevel::Township,
        agency_kind: AgencyKind::Government,
        year: 2017,
        format: None,
        published_on: NaiveDate::from_ymd_opt(2018, 1, 9),
    };
    let tables = AnnualReport {
        legacy: Some(LegacyFigures {
            active_disclosed: Some(86),
            applications: Some(0),
            answered: Some(0),
            granted: Some(0),
            partially_granted: Some(0),
            refused: Some(0),
            reviews: Some(0),
            lawsuits: Some(0),
            fees_yuan: Some(0),
            ..LegacyFigures::default()
        }),
        ..AnnualReport::default()
    };
    let records = RecordsSummary {
        publications_total: Some(86),
        outlets: vec![
            Outlet::new("示例县人民政府门户网站“政府信息公开”专栏", Some(86)),
            Outlet::new("镇村政务公开栏", Some(24)).unit("期"),
        ],
        trainings: Some(Trainings { sessions: 1, attendees: 19 }),
        security_self_checks: Some(1),
        leading_group: Some(LeadingGroup { head: "镇主要负责人".to_owned(), adjusted_this_year: true }),
        internal_rules: vec!["政府信息主动公开工作制度".to_owned(), "政府信息公开保密审查制度".to_owned()],
        problems: vec![
            "政府信息公开工作机制仍需完善，信息发布前的审核流程不够细".to_owned(),
            "部分信息公开不够及时，时效性有待提高".to_owned(),
            "工作人员信息安全意识有待加强".to_owned(),
        ],
        plans: vec![
            "对拟公开的信息逐条进行保密审查，规范发布流程".to_owned(),
            "对惠民政策、资金使用、工程建设等群众关注的信息做到随形成随公开".to_owned(),
            "每半年组织一次信息安全和保密培训".to_owned(),
            "把政务公开工作纳入镇年度目标考核，落实责任".to_owned(),
        ],
        ..RecordsSummary::default()
    };
    let mut doc = generate(header, tables, records)?;
    doc.set_written(
        SectionKey::Overview,
        "2017年，城关镇人民政府按照《中华人民共和国政府信息公开条例》和县政府关于政务公开工作的部署，\
         明确分管领导和经办人员，依托县政府门户网站和镇村政务公开栏公开政府信息，重点公开惠民政策、\
         财政资金使用和工程建设等群众关注的信息。",
    );
    doc.set_written(
        SectionKey::Proactive,
        "公开的信息以镇政府工作动态、惠民政策和村级事务为主。常规性工作定期公开，临时性工作随时公开。",
    );
    doc.set_written(SectionKey::Requests, "申请受理渠道在政府信息公开指南中列明，保持畅通。");
    doc.set_written(SectionKey::Other, "无其他需要报告的事项。");
    Ok(doc)
}

/// A 2025 report of the same township in the national 2021 format, with requests, one
/// reconsideration and every narrative fact filled — for previews, tests and the benchmark.
/// Totals (总计, （七）总计, 结转下年度) are left to [`generate`] to derive.
///
/// # Errors
/// Never in practice; the signature follows [`generate`].
pub fn demo_township_2025() -> Result<AnnualDocument, AnnualError> {
    use RequestColumn::{Company, NaturalPerson};
    let header = ReportHeader {
        agency_name: "示例县城关镇人民政府".to_owned(),
        agency_level: AgencyLevel::Township,
        agency_kind: AgencyKind::Government,
        year: 2025,
        format: None,
        published_on: NaiveDate::from_ymd_opt(2026, 1, 20),
    };
    let mut t2 = ProactiveTable::default();
    for (c, v) in
        [(ProactiveColumn::Issued, 2.0), (ProactiveColumn::Repealed, 1.0), (ProactiveColumn::InForce, 9.0)]
    {
        t2.set(ProactiveRow::NormativeDocuments, c, Some(v));
    }
    t2.set(ProactiveRow::Penalties, ProactiveColumn::Decisions, Some(12.0));
    let mut t3 = RequestTable::default();
    for (row, col, v) in [
        (RequestRow::NewReceived, NaturalPerson, 6),
        (RequestRow::NewReceived, Company, 2),
        (RequestRow::CarriedOver, NaturalPerson, 1),
        (RequestRow::Granted, NaturalPerson, 3),
        (RequestRow::Granted, Company, 1),
        (RequestRow::PartlyGranted, NaturalPerson, 1),
        (RequestRow::WithheldThirdPartyRights, Company, 1),
        (RequestRow::UnavailableNotHeld, NaturalPerson, 2),
    ] {
        t3.set(row, col, Some(v));
    }
    let mut t4 = CaseTable::default();
    t4.set(CaseBlock::Reconsideration, CaseColumn::Upheld, Some(1));
    let tables = AnnualReport {
        table2: Some(t2),
        table3: Some(t3),
        table4: Some(t4),
        fees: Some(Fees {
            notices: Some(0),
            amount_notified_yuan: Some(0.0),
            amount_collected_yuan: Some(0.0),
        }),
        ..AnnualReport::default()
    };
    let records = RecordsSummary {
        publications_total: Some(212),
        outlets: vec![
            Outlet::new("示例县人民政府门户网站“政府信息公开”专栏", Some(212)),
            Outlet::new("“城关镇发布”政务微信公众号", Some(158)),
            Outlet::new("镇村政务公开栏", Some(36)).unit("期"),
        ],
        interpretations: Some(2),
        trainings: Some(Trainings { sessions: 3, attendees: 86 }),
        security_self_checks: Some(2),
        secrecy_reviews: Some(212),
        messages: Some(Messages { received: 14, answered: 14, average_reply_days: Some(3.2) }),
        consultations: None,
        leading_group: Some(LeadingGroup { head: "镇长".to_owned(), adjusted_this_year: false }),
        internal_rules: vec!["政府信息公开保密审查制度".to_owned(), "依申请公开办理工作规程".to_owned()],
        accountability_cases: Some(0),
        problems: vec![
            "政策解读形式较为单一，图解、问答类解读偏少".to_owned(),
            "村级政务公开栏更新不够及时".to_owned(),
        ],
        plans: vec![
            "对镇政府出台的行政规范性文件同步发布图文解读".to_owned(),
            "每月检查一次村级政务公开栏的更新情况".to_owned(),
        ],
    };
    let mut doc = generate(header, tables, records)?;
    doc.set_written(
        SectionKey::Overview,
        "2025年，城关镇人民政府按照《中华人民共和国政府信息公开条例》和县政府政务公开工作要点，\
         围绕群众关注的惠民政策、财政资金和重大项目做好政府信息公开工作。",
    );
    doc.set_written(SectionKey::Other, "本年度无其他需要报告的事项。");
    Ok(doc)
}
