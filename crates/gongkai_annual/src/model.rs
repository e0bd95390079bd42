//! The document model of a generated 政府信息公开工作年度报告: the statutory tables
//! (`gongkai_domain::report::AnnualReport`) plus the numbered sections, each holding sentences
//! generated from the numbers and the text staff wrote.

use chrono::NaiveDate;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::report::{AnnualReport, ReportFormat};
use serde::{Deserialize, Serialize};

use crate::spec::SectionKey;

/// One agency's annual report, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualDocument {
    /// The reporting agency's full name, e.g. `示例县城关镇人民政府`.
    pub agency_name: String,
    /// 机关层级.
    pub agency_level: AgencyLevel,
    /// 机关类型.
    pub agency_kind: AgencyKind,
    /// The reported year (statistics period 1 January – 31 December).
    pub year: i32,
    /// The template generation the report follows.
    pub format: ReportFormat,
    /// Publication date printed under the signature; `None` while a draft.
    pub published_on: Option<NaiveDate>,
    /// The statutory tables (表二/表三/表四, fees; legacy key figures for 2008–2018).
    pub tables: AnnualReport,
    /// Facts from the registers that feed the narrative (kept so the text can be regenerated).
    pub records: RecordsSummary,
    /// The numbered sections in form order.
    pub sections: Vec<Section>,
}

/// One numbered section (一、…) or sub-part (（一）…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Which section.
    pub key: SectionKey,
    /// The heading as printed, with its number: `一、总体情况`, `（一）主动公开`.
    pub heading_zh: String,
    /// Sentences computed from the tables and records (regenerated, never edited by hand).
    pub generated: Vec<String>,
    /// Staff text: plain paragraphs separated by blank lines.
    pub written: String,
    /// Sub-parts, e.g. the five parts of 总体情况 in the 2019/2021 formats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Section>,
}

impl Section {
    /// The staff paragraphs (split at blank lines, trimmed, empty ones dropped).
    #[must_use]
    pub fn written_paragraphs(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for line in self.written.lines() {
            let t = line.trim();
            if t.is_empty() {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push_str(t);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    /// The paragraphs as printed: generated sentences, then the staff paragraphs — except in
    /// 总体情况/概述, whose staff text is the section's introduction and comes first.
    #[must_use]
    pub fn paragraphs(&self) -> Vec<String> {
        if self.key == SectionKey::Overview {
            let mut out = self.written_paragraphs();
            out.extend(self.generated.iter().cloned());
            return out;
        }
        let mut out = self.generated.clone();
        out.extend(self.written_paragraphs());
        out
    }

    /// Whether the section (with its parts) has no text at all.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.generated.iter().all(|s| s.trim().is_empty())
            && self.written.trim().is_empty()
            && self.parts.iter().all(Section::is_blank)
    }
}

/// Narrative facts that are not in the statutory tables. Everything is optional: a missing fact
/// is simply not mentioned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordsSummary {
    /// 主动公开政府信息 this year (catalog entries published), in 条.
    pub publications_total: Option<u32>,
    /// Where publications went out (`Outlet`s), in the order to print.
    #[serde(default)]
    pub outlets: Vec<Outlet>,
    /// 政策解读 published.
    pub interpretations: Option<u32>,
    /// 会议和培训 (`Training`).
    pub trainings: Option<Trainings>,
    /// 信息安全自查 (`SecuritySelfCheck`) carried out.
    pub security_self_checks: Option<u32>,
    /// Items that went through 保密审查 (`SecrecyReview`) before release.
    pub secrecy_reviews: Option<u32>,
    /// 群众留言 / 答复 (`PublicMessage` / `MessageReply`).
    pub messages: Option<Messages>,
    /// 意见征集 held in the year (issue 16), from the records.
    #[serde(default)]
    pub consultations: Option<PublicConsultations>,
    /// 领导小组 (`LeadingGroup`).
    pub leading_group: Option<LeadingGroup>,
    /// Names of internal rules (`WorkRule`), without book-title marks: `政府信息公开保密审查制度`.
    #[serde(default)]
    pub internal_rules: Vec<String>,
    /// 责任追究 cases about disclosure work (条例 第五十条第四项 for 人民政府).
    pub accountability_cases: Option<u32>,
    /// Problems found this year, one clause each (printed as 一是…；二是…).
    #[serde(default)]
    pub problems: Vec<String>,
    /// Plans for the next year, one clause each (printed under “{year+1}年，本机关将…”).
    #[serde(default)]
    pub plans: Vec<String>,
}

/// A 公开渠道 with the number of items it carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlet {
    /// Name as printed, e.g. `示例县人民政府门户网站“政府信息公开”专栏`, `政务公开栏`.
    pub name: String,
    /// Items carried this year, when counted.
    pub count: Option<u32>,
    /// Unit of `count`: `条`, `期`, `次`.
    pub unit: String,
}

impl Outlet {
    /// An outlet counting in 条.
    #[must_use]
    pub fn new(name: impl Into<String>, count: Option<u32>) -> Self {
        Self { name: name.into(), count, unit: "条".to_owned() }
    }

    /// The same outlet counting in another unit (`期`, `次`).
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }
}

/// Meetings and trainings on disclosure work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trainings {
    /// Sessions held.
    pub sessions: u32,
    /// Attendances (人次).
    pub attendees: u32,
}

/// Public messages received through the portal and their replies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Messages {
    /// Messages received.
    pub received: u32,
    /// Messages answered.
    pub answered: u32,
    /// Average working days to reply, when measured.
    pub average_reply_days: Option<f64>,
}

/// 意见征集 of the year: consultations opened, comments received, feedback published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConsultations {
    pub held: u32,
    pub comments: u32,
    pub feedback_published: u32,
}

/// The leading group (领导小组) for disclosure work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadingGroup {
    /// Who heads it, e.g. `镇主要负责人`, `镇长`.
    pub head: String,
    /// Whether it was set up or adjusted this year (after personnel changes).
    pub adjusted_this_year: bool,
}
