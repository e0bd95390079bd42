//! Which sections a report of each format has, in which order, under which heading.
//!
//! Sources (see `shared/domain/regulation.md`):
//! - 2021 and 2019: the six headings of 国办公开办函〔2021〕30号 (same under the 2019 试行 format
//!   国办公开办函〔2019〕60号), regulation.md §2.2; the five sub-parts of 一、总体情况 follow the
//!   FMT2021 guidance (“主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障”).
//! - 2008–2018: 2008《条例》第三十二条 items (一)–(六) with the customary 概述 first, §2.8.

use gongkai_domain::report::ReportFormat;
use serde::{Deserialize, Serialize};

use crate::AnnualError;

/// First year with an annual report: the 2008《政府信息公开条例》 took effect on 2008-05-01.
pub const FIRST_REPORT_YEAR: i32 = 2008;

/// Identifies a section or sub-part across formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKey {
    /// 一、总体情况 (2019/2021) or 概述 (legacy).
    Overview,
    /// 总体情况（一）主动公开.
    OverviewProactive,
    /// 总体情况（二）依申请公开.
    OverviewRequests,
    /// 总体情况（三）政府信息管理.
    OverviewManagement,
    /// 总体情况（四）政府信息公开平台建设.
    OverviewPlatforms,
    /// 总体情况（五）监督保障.
    OverviewSupervision,
    /// 主动公开政府信息情况 (表二 in 2019/2021).
    Proactive,
    /// 收到和处理政府信息公开申请情况 (表三) / 依申请公开政府信息情况 (legacy).
    Requests,
    /// 政府信息公开的收费及减免情况 (legacy only; later formats report fees in 六).
    Fees,
    /// 政府信息公开行政复议、行政诉讼情况 (表四).
    Cases,
    /// 存在的主要问题及改进情况.
    Problems,
    /// 其他需要报告的事项.
    Other,
}

/// Which statutory table a section carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 表二 主动公开政府信息情况.
    Proactive,
    /// 表三 收到和处理政府信息公开申请情况.
    Requests,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    Cases,
    /// Legacy key figures (附表), for 2008–2018 reports.
    LegacyFigures,
}

/// What a format expects in one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionSpec {
    /// Which section.
    pub key: SectionKey,
    /// Printed heading with its number, e.g. `三、收到和处理政府信息公开申请情况`.
    pub heading_zh: &'static str,
    /// The statutory table printed in this section, if any.
    pub table: Option<TableKind>,
    /// What staff are expected to write here (shown in the editor).
    pub guidance_zh: &'static str,
    /// The sub-parts, in order.
    pub parts: Vec<SectionSpec>,
}

fn leaf(key: SectionKey, heading_zh: &'static str, guidance_zh: &'static str) -> SectionSpec {
    SectionSpec { key, heading_zh, table: None, guidance_zh, parts: Vec::new() }
}

/// The sections of a report in `format`, in printed order.
#[must_use]
pub fn sections_for(format: ReportFormat) -> Vec<SectionSpec> {
    match format {
        ReportFormat::National2021 | ReportFormat::Trial2019 => vec![
            SectionSpec {
                key: SectionKey::Overview,
                heading_zh: "一、总体情况",
                table: None,
                guidance_zh: "对本机关贯彻落实《条例》情况进行综述；内容不能遗漏，也不宜泛化。",
                parts: vec![
                    leaf(
                        SectionKey::OverviewProactive,
                        "（一）主动公开",
                        "主动公开的重点领域、政策解读、回应关切等情况。",
                    ),
                    leaf(SectionKey::OverviewRequests, "（二）依申请公开", "申请办理的机制、渠道和效果。"),
                    leaf(
                        SectionKey::OverviewManagement,
                        "（三）政府信息管理",
                        "公开目录、保密审查、政策文件清理、信息安全等管理情况。",
                    ),
                    leaf(
                        SectionKey::OverviewPlatforms,
                        "（四）政府信息公开平台建设",
                        "政府网站专栏、政务新媒体、政务公开栏等平台建设和使用情况。",
                    ),
                    leaf(
                        SectionKey::OverviewSupervision,
                        "（五）监督保障",
                        "组织领导、制度建设、培训、考核评议和责任追究情况（条例第五十条第四项）。",
                    ),
                ],
            },
            SectionSpec {
                key: SectionKey::Proactive,
                heading_zh: "二、主动公开政府信息情况",
                table: Some(TableKind::Proactive),
                guidance_zh: "表格由系统根据目录数据生成。",
                parts: Vec::new(),
            },
            SectionSpec {
                key: SectionKey::Requests,
                heading_zh: "三、收到和处理政府信息公开申请情况",
                table: Some(TableKind::Requests),
                guidance_zh: "表格由系统根据申请办理记录生成。",
                parts: Vec::new(),
            },
            SectionSpec {
                key: SectionKey::Cases,
                heading_zh: "四、政府信息公开行政复议、行政诉讼情况",
                table: Some(TableKind::Cases),
                guidance_zh: "表格由系统根据复议诉讼记录生成。",
                parts: Vec::new(),
            },
            leaf(
                SectionKey::Problems,
                "五、存在的主要问题及改进情况",
                "写明本年度存在的具体问题、上一年度问题的整改情况和下一年度的改进措施。",
            ),
            leaf(
                SectionKey::Other,
                "六、其他需要报告的事项",
                "信息处理费收取情况由系统生成；人民政府还应报告年度政务公开工作要点落实情况等。",
            ),
        ],
        ReportFormat::Legacy2008 => vec![
            leaf(SectionKey::Overview, "一、概述", "组织领导、制度建设和工作开展的总体情况。"),
            leaf(SectionKey::Proactive, "二、主动公开政府信息情况", "主动公开的数量、内容和公开形式。"),
            leaf(SectionKey::Requests, "三、依申请公开政府信息情况", "申请的数量、办理和答复情况。"),
            leaf(
                SectionKey::Fees,
                "四、政府信息公开的收费及减免情况",
                "依2008年《条例》第二十七条收取检索、复制、邮寄等费用及减免情况。",
            ),
            leaf(
                SectionKey::Cases,
                "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
                "复议、诉讼的数量和结果。",
            ),
            leaf(
                SectionKey::Problems,
                "六、政府信息公开工作存在的主要问题及改进情况",
                "写明具体问题和下一年度的改进措施。",
            ),
            SectionSpec {
                key: SectionKey::Other,
                heading_zh: "七、其他需要报告的事项",
                table: Some(TableKind::LegacyFigures),
                guidance_zh: "如无其他事项，系统写明“无其他需要报告的事项”。",
                parts: Vec::new(),
            },
        ],
    }
}

/// The format for a report year, refusing years before the 2008《条例》.
///
/// # Errors
/// [`AnnualError::BeforeRegulation`] for years before 2008.
pub fn format_for_year(year: i32) -> Result<ReportFormat, AnnualError> {
    if year < FIRST_REPORT_YEAR {
        return Err(AnnualError::BeforeRegulation { year });
    }
    Ok(ReportFormat::expected_for_year(year))
}

/// The sections of a report for `year`, refusing years before 2008.
///
/// # Errors
/// [`AnnualError::BeforeRegulation`] for years before 2008.
pub fn sections_for_year(year: i32) -> Result<Vec<SectionSpec>, AnnualError> {
    format_for_year(year).map(sections_for)
}
