//! The annual report service (issue 6), shared by the staff pages, the portal and the CLI: the
//! tables counted from the records (`gongkai_domain::report::records`), the narrative registers,
//! the staff-written sections, locking and versions, roll-ups, and the exports of
//! `gongkai_annual`.

use crate::App;
use crate::error::{Conflict, Error, Refusal, RefusalKind};
use chrono::{Datelike, NaiveDate};
use gongkai_annual::{
    AnnualDocument, LeadingGroup, Messages, Outlet, RecordsSummary, ReportHeader, Trainings,
};
use gongkai_domain::report::records::{self, CaseFact, Provenance};
use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, ProactiveTable,
};
use gongkai_store::{Actor, Agency, CaseKind, CaseResult, RegisterEntry, ReportDoc, Store};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A field of a register entry.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `number`, `date`, `textarea`.
    pub kind: &'static str,
    pub required: bool,
}

/// A narrative register: what the annual report's 总体情况 talks about.
#[derive(Debug, Clone, Copy)]
pub struct RegisterKind {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub fields: &'static [FieldSpec],
}

const fn f(name: &'static str, label: &'static str, kind: &'static str, required: bool) -> FieldSpec {
    FieldSpec { name, label, kind, required }
}

/// Every register, in the order of the page.
pub const REGISTERS: &[RegisterKind] = &[
    RegisterKind {
        key: "training",
        label: "会议和培训",
        hint: "政府信息公开工作会议、业务培训（总体情况·监督保障）。",
        fields: &[
            f("on", "日期", "date", true),
            f("title", "名称", "text", true),
            f("attendees", "参加人数", "number", true),
        ],
    },
    RegisterKind {
        key: "security_check",
        label: "信息安全自查",
        hint: "网站和公开信息的保密、个人信息保护自查及整改。",
        fields: &[
            f("on", "日期", "date", true),
            f("scope", "自查范围", "text", true),
            f("findings", "发现的问题", "textarea", false),
            f("rectified_on", "整改完成日期", "date", false),
        ],
    },
    RegisterKind {
        key: "messages",
        label: "公众留言办理",
        hint: "本年度通过网站、信箱等渠道收到和答复的群众留言（没有留言板系统时在此填写）。",
        fields: &[
            f("received", "收到留言（条）", "number", true),
            f("answered", "已答复（条）", "number", true),
            f("average_reply_days", "平均答复时间（工作日）", "number", false),
        ],
    },
    RegisterKind {
        key: "outlet",
        label: "公开渠道",
        hint: "政府网站、政务新媒体、公开栏、短信等渠道本年度发布的信息数量。",
        fields: &[
            f("name", "渠道名称", "text", true),
            f("count", "发布数量", "number", false),
            f("unit", "单位（条/期/次）", "text", false),
        ],
    },
    RegisterKind {
        key: "leading_group",
        label: "领导小组",
        hint: "政府信息公开工作领导小组及其调整情况。",
        fields: &[
            f("head", "组长（职务）", "text", true),
            f("adjusted", "本年度调整（是/否）", "text", false),
        ],
    },
    RegisterKind {
        key: "internal_rule",
        label: "工作制度",
        hint: "保密审查、依申请公开办理、信息发布等内部制度。",
        fields: &[f("title", "制度名称", "text", true), f("on", "印发日期", "date", false)],
    },
    RegisterKind {
        key: "table2",
        label: "表二中目录以外的数字",
        hint: "行政许可、行政处罚、行政强制的处理决定数量和行政事业性收费金额（万元），以及规章（有规章制定权的机关），写明来源。",
        fields: &[
            f("licensing", "行政许可处理决定（件）", "number", false),
            f("penalties", "行政处罚决定（件）", "number", false),
            f("enforcement", "行政强制决定（件）", "number", false),
            f("fees_wan", "行政事业性收费（万元）", "number", false),
            f("rules_issued", "本年制发规章（件）", "number", false),
            f("rules_in_force", "现行有效规章（件）", "number", false),
            f("source", "数据来源", "text", true),
        ],
    },
    RegisterKind {
        key: "problem",
        label: "存在的问题",
        hint: "一条一个问题，年度报告第五部分逐条列出。",
        fields: &[f("text", "问题", "textarea", true)],
    },
    RegisterKind {
        key: "plan",
        label: "下一年度工作计划",
        hint: "一条一项计划，报告中写为“下一年度，本机关将……”。",
        fields: &[f("text", "计划", "textarea", true)],
    },
];

pub fn register_kind(key: &str) -> Option<&'static RegisterKind> {
    REGISTERS.iter().find(|r| r.key == key)
}

/// A register entry's fields as the form shows them (numbers without a trailing `.0`).
pub fn register_strings(data_json: &str) -> std::collections::HashMap<String, String> {
    let m = serde_json::from_str::<Value>(data_json)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    m.into_iter()
        .map(|(k, v)| {
            let s = match v {
                Value::String(s) => s,
                Value::Number(n) => match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                    _ => n.to_string(),
                },
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, s)
        })
        .collect()
}

fn data(e: &RegisterEntry) -> Map<String, Value> {
    serde_json::from_str::<Value>(&e.data).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default()
}

fn num(m: &Map<String, Value>, k: &str) -> Option<f64> {
    m.get(k).and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
}

fn text(m: &Map<String, Value>, k: &str) -> String {
    m.get(k).and_then(Value::as_str).unwrap_or("").trim().to_owned()
}

/// The narrative facts of a year from the registers (and later the catalog).
pub fn records_summary(entries: &[RegisterEntry]) -> RecordsSummary {
    let mut r = RecordsSummary::default();
    let of = |k: &'static str| entries.iter().filter(move |e| e.kind == k).map(data);
    let trainings: Vec<_> = of("training").collect();
    if !trainings.is_empty() {
        r.trainings = Some(Trainings {
            sessions: u32::try_from(trainings.len()).unwrap_or(u32::MAX),
            attendees: trainings.iter().map(|m| num(m, "attendees").unwrap_or(0.0) as u32).sum(),
        });
    }
    let checks = of("security_check").count();
    if checks > 0 {
        r.security_self_checks = Some(u32::try_from(checks).unwrap_or(u32::MAX));
    }
    if let Some(m) = of("messages").next_back() {
        r.messages = Some(Messages {
            received: num(&m, "received").unwrap_or(0.0) as u32,
            answered: num(&m, "answered").unwrap_or(0.0) as u32,
            average_reply_days: num(&m, "average_reply_days"),
        });
    }
    r.outlets = of("outlet")
        .map(|m| {
            let unit = text(&m, "unit");
            Outlet::new(text(&m, "name"), num(&m, "count").map(|v| v as u32)).unit(if unit.is_empty() {
                "条".to_owned()
            } else {
                unit
            })
        })
        .collect();
    if let Some(m) = of("leading_group").next_back() {
        r.leading_group =
            Some(LeadingGroup { head: text(&m, "head"), adjusted_this_year: text(&m, "adjusted") == "是" });
    }
    r.internal_rules =
        of("internal_rule").map(|m| text(&m, "title").trim_matches(['《', '》']).to_owned()).collect();
    r.problems = of("problem").map(|m| text(&m, "text")).collect();
    r.plans = of("plan").map(|m| text(&m, "text")).collect();
    r
}

fn case_fact(c: &gongkai_store::Case) -> CaseFact {
    CaseFact {
        id: c.id,
        block: match c.kind {
            CaseKind::Reconsideration => CaseBlock::Reconsideration,
            CaseKind::LitigationDirect => CaseBlock::LitigationDirect,
            CaseKind::LitigationAfterReconsideration => CaseBlock::LitigationAfterReconsideration,
        },
        filed_on: c.filed_on,
        closed_on: c.closed_on,
        result: match c.result {
            CaseResult::Upheld => CaseColumn::Upheld,
            CaseResult::Corrected => CaseColumn::Corrected,
            CaseResult::Other => CaseColumn::Other,
            CaseResult::Pending => CaseColumn::Pending,
        },
    }
}

/// 表二 (条例 第二十条 items): 行政规范性文件 counted from the catalog — published items filed under
/// 第二十条（一） (本年制发: published in the year; 本年废止: repealed in the year; 现行有效: published by
/// the year's end and not expired or repealed by then) — and the figures the catalog does not hold
/// from the `table2` register (its latest entry, with its stated source). Returns the table and
/// the number of items published in the year (for the narrative).
pub async fn table2(
    store: &dyn Store,
    agency_ids: &[i64],
    year: i32,
    entries: &[RegisterEntry],
    provenance: &mut Provenance,
) -> Result<(ProactiveTable, u32), Error> {
    use gongkai_domain::catalog::{PublicationState, Validity};
    let (start, end) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    );
    let filter = gongkai_store::PublicationFilter {
        agency_ids: agency_ids.to_vec(),
        states: vec![PublicationState::Published],
        limit: 100_000,
        ..Default::default()
    };
    let (_, items) = store.list_publications(&filter).await?;
    let (mut issued, mut repealed, mut in_force, mut published) = (0.0, 0.0, 0.0, 0u32);
    for item in &items {
        let Some(on) = item.published_on else { continue };
        if on >= start && on <= end {
            published += 1;
        }
        if on > end {
            continue;
        }
        let Some(rec) = store.get_publication(item.id).await? else { continue };
        if !rec.facts.content.statutory.iter().any(|k| k == "art20_01") {
            continue;
        }
        let ended = rec.facts.validity.ended_on.filter(|_| rec.facts.validity.status != Validity::InForce);
        if on >= start {
            issued += 1.0;
            provenance.0.entry("table2.normative_documents.issued".into()).or_default().push(item.id);
        }
        if rec.facts.validity.status == Validity::Repealed && ended.is_some_and(|d| d >= start && d <= end) {
            repealed += 1.0;
            provenance.0.entry("table2.normative_documents.repealed".into()).or_default().push(item.id);
        }
        if ended.is_none_or(|d| d > end) {
            in_force += 1.0;
            provenance.0.entry("table2.normative_documents.in_force".into()).or_default().push(item.id);
        }
    }
    let mut t = ProactiveTable::default();
    t.set(ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, Some(issued));
    t.set(ProactiveRow::NormativeDocuments, ProactiveColumn::Repealed, Some(repealed));
    t.set(ProactiveRow::NormativeDocuments, ProactiveColumn::InForce, Some(in_force));
    let figures = entries.iter().filter(|e| e.kind == "table2").map(data).next_back().unwrap_or_default();
    let n = |k: &str| Some(num(&figures, k).unwrap_or(0.0));
    t.set(ProactiveRow::Rules, ProactiveColumn::Issued, n("rules_issued"));
    t.set(ProactiveRow::Rules, ProactiveColumn::Repealed, Some(0.0));
    t.set(ProactiveRow::Rules, ProactiveColumn::InForce, n("rules_in_force"));
    t.set(ProactiveRow::Licensing, ProactiveColumn::Decisions, n("licensing"));
    t.set(ProactiveRow::Penalties, ProactiveColumn::Decisions, n("penalties"));
    t.set(ProactiveRow::Enforcement, ProactiveColumn::Decisions, n("enforcement"));
    t.set(ProactiveRow::FeesCollected, ProactiveColumn::AmountWanYuan, n("fees_wan"));
    Ok((t, published))
}

/// Why a year cannot be reported on.
pub fn check_year(year: i32) -> Result<(), Error> {
    if year < records::FIRST_YEAR {
        return Err(Error::invalid(
            "year",
            "before_regulation",
            format!("{year}年早于《政府信息公开条例》施行（2008年5月1日），没有政府信息公开工作年度报告。"),
        ));
    }
    if year > 2100 {
        return Err(Error::invalid("year", "invalid_year", "年份不正确。"));
    }
    Ok(())
}

/// [`check_year`], and the year has begun: a report covers a calendar year and is published by
/// 1月31日 of the next (条例第五十条); one for a year not yet begun is refused (issue 13). The
/// year in progress may be drafted.
pub fn check_year_begun(year: i32, today: chrono::NaiveDate) -> Result<(), Error> {
    use chrono::Datelike;
    check_year(year)?;
    if year > today.year() {
        return Err(Error::invalid(
            "year",
            "year_not_begun",
            format!("{year}年尚未开始，不能生成该年度的政府信息公开工作年度报告。"),
        ));
    }
    Ok(())
}

/// The tables and provenance of `agencies` for `year` (one agency, or a roll-up).
pub async fn tables(
    store: &dyn Store,
    name: &str,
    agency_ids: &[i64],
    year: i32,
) -> Result<(AnnualReport, Provenance), Error> {
    check_year(year)?;
    let facts = store.report_request_facts(agency_ids, year).await?;
    let cases: Vec<CaseFact> = store.list_cases(agency_ids).await?.iter().map(case_fact).collect();
    records::build(name, year, &facts, &cases).map_err(|e| {
        tracing::error!(error = %e, "generated tables break an identity");
        Error::Internal { code: "inconsistent_tables", message: e.to_string() }
    })
}

/// A report as the page shows it.
pub struct Computed {
    pub doc: AnnualDocument,
    /// The latest stored version (draft or locked), if any.
    pub stored: Option<ReportDoc>,
    pub lint: Vec<gongkai_annual::LintFinding>,
    /// Agencies counted (more than one in a roll-up).
    pub agencies: Vec<Agency>,
}

/// Checks that a report is ready to publish (issue 13): a draft exists (an empty one is made), the
/// version is not locked, and the pre-publication check has no error and no empty section of the
/// format (the national format has no optional section; “无” is an answer, an empty section is
/// not). Answers the computed report that would become public.
pub async fn ready_to_publish(
    app: &App,
    actor: &Actor,
    agency: &Agency,
    year: i32,
) -> Result<Computed, Error> {
    if app.store.annual_report(agency.id, year).await?.is_none() {
        app.store.save_report_draft(actor, agency.id, year, "{}".into()).await?;
    }
    let c = compute(app, agency, year, false).await?;
    if c.stored.as_ref().is_some_and(|s| s.locked) {
        return Err(Error::Conflict(Conflict::ReportLocked));
    }
    let blocking: Vec<String> = c
        .lint
        .iter()
        .filter(|f| f.severity == gongkai_annual::Severity::Error || f.rule == "section.empty")
        .map(|f| f.message.trim_end_matches('。').to_owned())
        .collect();
    if !blocking.is_empty() {
        return Err(Error::Refused(Refusal {
            kind: RefusalKind::Rule,
            code: "report_not_ready",
            message: format!("发布前检查有 {} 个问题须先解决：{}", blocking.len(), blocking.join("；")),
        }));
    }
    Ok(c)
}

/// The 发布日期 must fall after the report's year and not after today (条例 第五十条: the report
/// covers a finished year).
pub fn check_publish_date(year: i32, published_on: NaiveDate, today: NaiveDate) -> Result<(), Error> {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    if published_on <= year_end || published_on > today {
        return Err(Error::invalid(
            "published_on",
            "publish_date",
            format!("发布日期应在{year}年结束之后、且不晚于今天。"),
        ));
    }
    Ok(())
}

/// 锁定并发布: locks the version as it is now, with its 发布日期, and indexes it for search.
pub async fn publish(
    app: &App,
    actor: &Actor,
    agency: &Agency,
    year: i32,
    published_on: NaiveDate,
) -> Result<Computed, Error> {
    check_year_begun(year, crate::requests::today(app))?;
    check_publish_date(year, published_on, crate::requests::today(app))?;
    let mut c = ready_to_publish(app, actor, agency, year).await?;
    c.doc.published_on = Some(published_on);
    let snapshot = serde_json::to_string(&c.doc).map_err(|_| Error::internal())?;
    app.store.lock_report(actor, agency.id, year, snapshot, published_on).await?;
    crate::catalog::index_report_after_lock(app, agency.id, year).await;
    Ok(c)
}

/// The written sections of a stored version.
pub fn written_sections(doc: &ReportDoc) -> BTreeMap<String, String> {
    serde_json::from_str(&doc.sections).unwrap_or_default()
}

/// The agency's report for the year: a locked version from its snapshot (it never changes),
/// otherwise computed now from the records plus the draft's written text.
pub async fn compute(app: &App, agency: &Agency, year: i32, rollup: bool) -> Result<Computed, Error> {
    check_year_begun(year, crate::requests::today(app))?;
    let all = app.store.list_agencies().await?;
    let agencies: Vec<Agency> = if rollup {
        let ids = crate::access::subtree(&all, agency.id);
        all.iter().filter(|a| ids.contains(&a.id)).cloned().collect()
    } else {
        vec![agency.clone()]
    };
    let stored = if rollup { None } else { app.store.annual_report(agency.id, year).await? };
    // A locked version is shown as published; its numbers are not counted again.
    if let Some(s) = &stored
        && s.locked
        && let Some(snap) = &s.snapshot
        && let Ok(doc) = serde_json::from_str::<AnnualDocument>(snap)
    {
        let lint = gongkai_annual::lint(&doc);
        return Ok(Computed { doc, stored, lint, agencies });
    }
    let ids: Vec<i64> = agencies.iter().map(|a| a.id).collect();
    // The page links cells to `cell`, which recomputes provenance for the one cell asked for.
    let (mut tables, mut provenance) = tables(app.store.as_ref(), &agency.name, &ids, year).await?;
    let entries = app.store.register_entries(agency.id, year).await?;
    let (t2, published) = table2(app.store.as_ref(), &ids, year, &entries, &mut provenance).await?;
    if tables.format != Some(gongkai_domain::report::ReportFormat::Legacy2008) {
        tables.table2 = Some(t2);
    }
    let header = ReportHeader {
        agency_name: if rollup {
            format!("{}（含所属机关汇总）", agency.name)
        } else {
            agency.name.clone()
        },
        agency_level: agency.level,
        agency_kind: agency.kind,
        year,
        format: None,
        published_on: stored.as_ref().and_then(|s| s.published_on),
    };
    let mut summary = records_summary(&entries);
    summary.publications_total = Some(published);
    engagement_from_records(app, &ids, year, &mut summary).await?;
    let mut doc = gongkai_annual::generate(header, tables, summary)
        .map_err(|e| Error::invalid("year", "invalid_year", e.to_string()))?;
    if let Some(s) = &stored {
        for (key, text) in written_sections(s) {
            if let Ok(k) = serde_json::from_value::<gongkai_annual::SectionKey>(Value::String(key)) {
                doc.set_written(k, text);
            }
        }
    }
    let lint = gongkai_annual::lint(&doc);
    Ok(Computed { doc, stored, lint, agencies })
}

/// 留言 and 意见征集 counted from the records (issue 16): the system's 留言 are added to any
/// hand-entered `messages` register (channels outside the system: letters, the hotline), and
/// the average reply time is the system's when nothing was entered by hand.
async fn engagement_from_records(
    app: &App,
    ids: &[i64],
    year: i32,
    summary: &mut gongkai_annual::RecordsSummary,
) -> Result<(), Error> {
    let (mut received, mut answered, mut day_sum) = (0i64, 0i64, 0f64);
    let (mut held, mut comments, mut fed_back) = (0usize, 0usize, 0usize);
    for id in ids {
        let s = crate::messages::year_stats(app, *id, year).await?;
        received += s.received;
        answered += s.answered;
        day_sum += s.average_days.unwrap_or(0.0) * s.answered as f64;
        let (h, c, f) = crate::consultations::year_counts(app, *id, year).await?;
        held += h;
        comments += c;
        fed_back += f;
    }
    if received > 0 {
        let by_hand = summary.messages.take();
        let to_u32 = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        let average = if answered > 0 { Some(day_sum / answered as f64) } else { None };
        summary.messages = Some(match by_hand {
            Some(m) => gongkai_annual::Messages {
                received: m.received + to_u32(received),
                answered: m.answered + to_u32(answered),
                average_reply_days: m.average_reply_days.or(average),
            },
            None => gongkai_annual::Messages {
                received: to_u32(received),
                answered: to_u32(answered),
                average_reply_days: average,
            },
        });
    }
    if held > 0 {
        let to_u32 = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        summary.consultations = Some(gongkai_annual::PublicConsultations {
            held: to_u32(held),
            comments: to_u32(comments),
            feedback_published: to_u32(fed_back),
        });
    }
    Ok(())
}

/// The statutory publication deadline of this agency's report (条例 第四十九条; regulation.md
/// §1.10): 1月31日 for departments and townships, 3月31日 for a government's compiled report.
pub fn deadline(agency: &Agency, year: i32) -> Option<NaiveDate> {
    gongkai_annual::deadline(
        year,
        gongkai_domain::report::ReportFormat::expected_for_year(year),
        agency.level,
        agency.kind,
    )
}

/// The export of a document by file extension.
pub fn export(doc: &AnnualDocument, ext: &str) -> Result<(Vec<u8>, &'static str), Error> {
    let fail = |e: gongkai_annual::AnnualError| {
        tracing::error!(error = %e, "export failed");
        Error::internal()
    };
    Ok(match ext {
        "html" => (standalone_html(doc).into_bytes(), "text/html; charset=utf-8"),
        "md" => (gongkai_annual::to_markdown(doc).into_bytes(), "text/markdown; charset=utf-8"),
        "json" => (gongkai_annual::to_json(doc).map_err(fail)?.into_bytes(), "application/json"),
        "docx" => (
            gongkai_annual::to_docx(doc).map_err(fail)?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "xlsx" => (
            gongkai_annual::to_xlsx(doc).map_err(fail)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "pdf" => (gongkai_annual::to_pdf(doc).map_err(fail)?, "application/pdf"),
        _ => {
            return Err(Error::invalid(
                "format",
                "unknown_format",
                "导出格式应为 html、docx、pdf、xlsx、md 或 json",
            ));
        }
    })
}

/// A complete HTML file of the report (for download; the portal embeds the fragment).
pub fn standalone_html(doc: &AnnualDocument) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        esc(&doc.title()),
        gongkai_annual::HTML_STYLE,
        gongkai_annual::to_html(doc)
    )
}

/// The year a report is usually being written for: last year until the deadlines pass.
pub fn default_year(today: NaiveDate) -> i32 {
    today.year() - 1
}

/// A line diff (longest common subsequence) of two texts, for comparing versions.
pub fn line_diff(old: &str, new: &str) -> Vec<(char, String)> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    if n * m > 4_000_000 {
        return vec![('!', "两个版本差异过大，未逐行比较。".into())];
    }
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if a[i] == b[j] { dp[i + 1][j + 1] + 1 } else { dp[i + 1][j].max(dp[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((' ', a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || dp[i][j + 1] >= dp[i + 1][j]) {
            out.push(('+', b[j].to_owned()));
            j += 1;
        } else {
            out.push(('-', a[i].to_owned()));
            i += 1;
        }
    }
    out
}

/// Who may write a report draft: an editor (信息员), approver or admin of the agency.
pub fn may_write(user: &gongkai_store::User) -> bool {
    use gongkai_domain::role::Role;
    user.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
}

/// Who may lock and publish a report, or start a corrected version: an approver or admin.
pub fn may_publish(user: &gongkai_store::User) -> bool {
    use gongkai_domain::role::Role;
    user.roles.iter().any(|r| matches!(r, Role::Approver | Role::Admin))
}

/// Longest written part of a report, in characters.
pub const SECTION_MAX_CHARS: usize = 20_000;

/// The written parts as typed (section key → text): line ends normalised, blanks dropped, each
/// within [`SECTION_MAX_CHARS`].
pub fn clean_sections<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<BTreeMap<String, String>, Error> {
    let mut sections = BTreeMap::new();
    for (key, text) in parts {
        let text = text.replace("\r\n", "\n").trim().to_owned();
        if text.chars().count() > SECTION_MAX_CHARS {
            return Err(Error::invalid("sections", "section_too_long", "每一部分不超过 20000 字"));
        }
        if !text.is_empty() {
            sections.insert(key.to_owned(), text);
        }
    }
    Ok(sections)
}

/// Saves the written parts of the user's agency's draft for `year` (creating the draft).
pub async fn save_sections(
    app: &App,
    user: &gongkai_store::User,
    year: i32,
    sections: &BTreeMap<String, String>,
) -> Result<(), Error> {
    if !may_write(user) {
        return Err(Error::Forbidden);
    }
    check_year_begun(year, crate::requests::today(app))?;
    let json = serde_json::to_string(sections).map_err(|_| Error::internal())?;
    match app.store.save_report_draft(&Actor::user(user), user.agency_id, year, json).await {
        Ok(_) => Ok(()),
        Err(gongkai_store::StoreError::Conflict("locked")) => Err(Error::Conflict(Conflict::ReportLocked)),
        Err(e) => Err(e.into()),
    }
}

/// A register entry's fields as typed, checked by the kind's field list: required fields, numbers,
/// dates (plausible, `on` kept), text within 2000 characters. The error is for people.
pub fn register_fields(
    kind: &RegisterKind,
    f: &std::collections::HashMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<(Map<String, Value>, Option<NaiveDate>), String> {
    let mut data = serde_json::Map::new();
    let mut on = None;
    for field in kind.fields {
        let v = f.get(field.name).map(|s| s.trim().to_owned()).unwrap_or_default();
        if field.required && v.is_empty() {
            return Err(format!("{}：请填写“{}”", kind.label, field.label));
        }
        let value = match field.kind {
            "number" if !v.is_empty() => match v.parse::<f64>() {
                Ok(n) if (0.0..1e9).contains(&n) => serde_json::json!(n),
                _ => return Err(format!("{}：“{}”应为非负数字", kind.label, field.label)),
            },
            "date" if !v.is_empty() => {
                let d = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|_| format!("{}：“{}”的日期格式应为 年-月-日", kind.label, field.label))?;
                let d = gongkai_domain::dates::check(&format!("“{}”", field.label), d, today)
                    .map_err(|e| format!("{}：{}", kind.label, e.message))?;
                if field.name == "on" {
                    on = Some(d);
                }
                serde_json::json!(v)
            }
            // Without characters XML cannot hold: registers reach the annual report's exports.
            _ => serde_json::json!(
                gongkai_domain::text::strip_xml_invalid(&v).chars().take(2000).collect::<String>()
            ),
        };
        data.insert(field.name.to_owned(), value);
    }
    Ok((data, on))
}

/// Adds an entry to one of the agency's registers for `year` (editor, approver or admin).
pub async fn add_register(
    app: &App,
    user: &gongkai_store::User,
    year: i32,
    kind: &str,
    fields: &std::collections::HashMap<String, String>,
) -> Result<RegisterEntry, Error> {
    if !may_write(user) {
        return Err(Error::Forbidden);
    }
    check_year(year)?;
    let kind =
        register_kind(kind).ok_or_else(|| Error::invalid("kind", "unknown_register", "未知的登记簿"))?;
    let (data, on) = register_fields(kind, fields, crate::requests::today(app))
        .map_err(|m| Error::invalid("fields", "invalid_register", m))?;
    let entry = gongkai_store::NewRegisterEntry {
        agency_id: user.agency_id,
        kind: kind.key.to_owned(),
        year,
        on,
        data: Value::Object(data).to_string(),
    };
    Ok(app.store.add_register_entry(&Actor::user(user), entry).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_added_and_removed_lines() {
        let d = line_diff("甲\n乙\n丙", "甲\n丁\n丙");
        assert_eq!(d, vec![(' ', "甲".into()), ('+', "丁".into()), ('-', "乙".into()), (' ', "丙".into())]);
    }
}
