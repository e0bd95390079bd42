//! The annual report pages: the staff overview (status and deadlines, supervisors' roll-up and
//! who has not published), the report editor (tables with clickable cells, generated sentences,
//! written sections, pre-publication checks, lock and correct, versions with diffs, exports),
//! the narrative registers, and the public page of a published report.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::view::content_disposition;
use crate::view::{agency_json, site_json};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::access::{readable_agencies, require_read};
use gongkai_app::annual::{self, REGISTERS};
use gongkai_app::requests::today;
use gongkai_domain::report::{CaseBlock, CaseColumn, RequestColumn, RequestRow};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, Agency, NewRegisterEntry, User};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    pub year: Option<i32>,
    pub agency: Option<i64>,
    pub rollup: Option<String>,
    pub key: Option<String>,
    pub saved: Option<String>,
    pub published: Option<String>,
}

use annual::{may_publish, may_write};

/// The agency a page is about: the user's own, or (`agency=`) one they may read.
async fn target(state: &AppState, user: &User, q: &ReportQuery) -> Result<(Agency, Vec<Agency>), AppError> {
    let all = state.store.list_agencies().await?;
    let id = q.agency.unwrap_or(user.agency_id);
    require_read(&all, user, id)?;
    let agency = all.iter().find(|a| a.id == id).cloned().ok_or_else(AppError::not_found)?;
    Ok((agency, all))
}

fn status_json(doc: Option<&gongkai_store::ReportDoc>) -> Value {
    match doc {
        None => json!({"key": "none", "label": "未开始"}),
        Some(d) if d.locked => {
            json!({"key": "published", "label": format!("已发布（第{}版，{}）", d.version, d.published_on.map(|p| p.to_string()).unwrap_or_default()), "version": d.version})
        }
        Some(d) => {
            json!({"key": "draft", "label": format!("草稿（第{}版）", d.version), "version": d.version})
        }
    }
}

/// Overview: this agency's reports by year; for supervisors, every agency below and whether it
/// has published the year's report.
pub async fn overview(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let user = staff.user();
    let today = today(&state);
    let year = q.year.unwrap_or_else(|| annual::default_year(today));
    annual::check_year_begun(year, today)?;
    let all = state.store.list_agencies().await?;
    let own = all.iter().find(|a| a.id == user.agency_id).cloned().ok_or_else(AppError::not_found)?;
    let mut years = Vec::new();
    for y in (year - 4..=year).rev() {
        let doc = state.store.annual_report(own.id, y).await?;
        let deadline = annual::deadline(&own, y);
        let late = deadline.is_some_and(|d| today > d) && !doc.as_ref().is_some_and(|d| d.locked);
        years.push(json!({"year": y, "status": status_json(doc.as_ref()), "deadline": deadline.map(|d| d.to_string()), "late": late}));
    }
    let mut subordinates = Vec::new();
    if user.has(Role::Supervisor) {
        let ids = readable_agencies(&all, user);
        for a in all.iter().filter(|a| ids.contains(&a.id) && a.id != user.agency_id) {
            let doc = state.store.annual_report(a.id, year).await?;
            let deadline = annual::deadline(a, year);
            subordinates.push(json!({
                "id": a.id, "name": a.name, "status": status_json(doc.as_ref()),
                "deadline": deadline.map(|d| d.to_string()),
                "late": deadline.is_some_and(|d| today > d) && !doc.as_ref().is_some_and(|d| d.locked),
            }));
        }
    }
    let missing = subordinates.iter().filter(|s| s["status"]["key"] != "published").count();
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({"nav": "reports", "year": year, "years": years, "subordinates": subordinates, "missing": missing,
               "is_supervisor": user.has(Role::Supervisor), "today": today.to_string()}),
    );
    Ok(state.templates.render("staff_reports.html", ctx)?)
}

fn table3_json(doc: &gongkai_annual::AnnualDocument, year: i32, q: &ReportQuery) -> Option<Value> {
    let t = doc.tables.table3.as_ref()?;
    let rows = if doc.format == gongkai_domain::report::ReportFormat::Trial2019 {
        RequestRow::trial2019()
    } else {
        RequestRow::national2021()
    };
    let suffix = query_suffix(q);
    Some(json!(rows.iter().map(|r| json!({
        "label": r.label_zh(),
        "cells": RequestColumn::ALL.iter().map(|c| {
            let v = t.get(*r, *c);
            let key = format!("table3.{}.{}", r.key(), c.key());
            json!({"value": v, "link": v.filter(|v| *v > 0).map(|_| format!("/staff/reports/{year}/cells?key={key}{suffix}"))})
        }).collect::<Vec<_>>(),
    })).collect::<Vec<_>>()))
}

fn table4_json(doc: &gongkai_annual::AnnualDocument, year: i32, q: &ReportQuery) -> Option<Value> {
    let t = doc.tables.table4.as_ref()?;
    let suffix = query_suffix(q);
    let blocks =
        [CaseBlock::Reconsideration, CaseBlock::LitigationDirect, CaseBlock::LitigationAfterReconsideration];
    let columns = [
        CaseColumn::Upheld,
        CaseColumn::Corrected,
        CaseColumn::Other,
        CaseColumn::Pending,
        CaseColumn::Total,
    ];
    let rows: Vec<Value> = blocks
        .iter()
        .map(|b| {
            let cells: Vec<Value> = columns
                .iter()
                .map(|c| {
                    let v = t.get(*b, *c);
                    let key = format!("table4.{}.{}", b.key(), c.key());
                    let link = v
                        .filter(|v| *v > 0)
                        .map(|_| format!("/staff/reports/{year}/cells?key={key}{suffix}"));
                    json!({"value": v, "link": link})
                })
                .collect();
            json!({"label": b.label_zh(), "cells": cells})
        })
        .collect();
    Some(json!(rows))
}

fn query_suffix(q: &ReportQuery) -> String {
    let mut s = String::new();
    if let Some(a) = q.agency {
        s.push_str(&format!("&agency={a}"));
    }
    if q.rollup.is_some() {
        s.push_str("&rollup=1");
    }
    s
}

async fn render_editor(
    state: &AppState,
    staff: &Staff,
    year: i32,
    q: &ReportQuery,
    flash: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let (agency, _) = target(state, user, q).await?;
    let rollup = q.rollup.is_some();
    let c = annual::compute(state, &agency, year, rollup).await?;
    let own = agency.id == user.agency_id && !rollup;
    let locked = c.stored.as_ref().is_some_and(|s| s.locked);
    let editable = own && !locked && may_write(user);
    let sections: Vec<Value> = c
        .doc
        .sections
        .iter()
        .map(|s| {
            json!({
                "key": serde_json::to_value(s.key).ok(),
                "heading": s.heading_zh,
                "generated": s.generated,
                "written": s.written,
                "parts": s.parts.iter().map(|p| json!({"key": serde_json::to_value(p.key).ok(), "heading": p.heading_zh, "generated": p.generated, "written": p.written})).collect::<Vec<_>>(),
            })
        })
        .collect();
    // The latest 表二 register entry prefills the editor's 表二 fields.
    let t2_input = if editable {
        let entries = state.store.register_entries(agency.id, year).await?;
        entries.iter().rfind(|e| e.kind == "table2").map(|e| annual::register_strings(&e.data))
    } else {
        None
    };
    let deadline = annual::deadline(&agency, year);
    let today = today(state);
    let errors = c.lint.iter().filter(|f| f.severity == gongkai_annual::Severity::Error).count();
    let preview = gongkai_annual::to_html(&c.doc);
    let versions = if rollup { vec![] } else { state.store.annual_report_versions(agency.id, year).await? };
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "reports",
            "year": year,
            "title": c.doc.title(),
            "target": agency_json(&agency),
            "own": own, "rollup": rollup, "locked": locked, "editable": editable,
            "may_publish": own && may_publish(user),
            "status": status_json(c.stored.as_ref()),
            "deadline": deadline.map(|d| d.to_string()),
            "late": deadline.is_some_and(|d| today > d) && !locked,
            "format": c.doc.format.label_zh(),
            "sections": sections,
            "table3": table3_json(&c.doc, year, q),
            "table3_columns": RequestColumn::ALL.iter().map(|c| c.label_zh()).collect::<Vec<_>>(),
            "table4": table4_json(&c.doc, year, q),
            "table2": table2_json(&c.doc, year, q),
            "t2": t2_input,
            "lint": c.lint.iter().map(|f| json!({"rule": f.rule, "severity": format!("{:?}", f.severity).to_lowercase(), "message": f.message, "evidence": f.evidence})).collect::<Vec<_>>(),
            "lint_errors": errors,
            "preview": preview,
            "agencies_counted": c.agencies.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
            "versions": versions.iter().map(|v| json!({"version": v.version, "locked": v.locked, "published_on": v.published_on.map(|d| d.to_string())})).collect::<Vec<_>>(),
            "suffix": query_suffix(q),
            "today": today.to_string(),
            "public_url": locked.then(|| format!("/agencies/{}/annual-reports/{year}", agency.id)),
            "flash": flash, "error": error,
            "formats": ["docx", "pdf", "xlsx", "html", "md", "json"],
        }),
    );
    Ok((status, state.templates.render("staff_report.html", ctx)?).into_response())
}

fn parse_year(y: &str) -> Result<i32, AppError> {
    y.parse().map_err(|_| AppError::not_found())
}

pub async fn editor(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    let flash = if q.published.is_some() {
        Some("已发布。公众可在门户网站本机关页面查看".to_owned())
    } else {
        q.saved.as_ref().map(|_| "已保存".to_owned())
    };
    render_editor(&state, &staff, year, &q, flash, None, StatusCode::OK).await
}

/// 表二 as the editor shows it (issue 13: its figures were hidden in the registers): each row
/// and column of the 2021 form with its value and where it comes from.
fn table2_json(doc: &gongkai_annual::AnnualDocument, year: i32, q: &ReportQuery) -> Option<Value> {
    use gongkai_domain::report::{ProactiveColumn as C, ProactiveRow as R};
    let t = doc.tables.table2.as_ref()?;
    let suffix = query_suffix(q);
    // (row, column, provenance key of a cell counted from the catalog)
    let cells: [(R, C, Option<&str>); 9] = [
        (R::Rules, C::Issued, None),
        (R::Rules, C::InForce, None),
        (R::NormativeDocuments, C::Issued, Some("table2.normative_documents.issued")),
        (R::NormativeDocuments, C::Repealed, Some("table2.normative_documents.repealed")),
        (R::NormativeDocuments, C::InForce, Some("table2.normative_documents.in_force")),
        (R::Licensing, C::Decisions, None),
        (R::Penalties, C::Decisions, None),
        (R::Enforcement, C::Decisions, None),
        (R::FeesCollected, C::AmountWanYuan, None),
    ];
    Some(json!(
        cells
            .iter()
            .map(|(r, c, key)| {
                json!({
                    "row": r.label_zh(), "column": c.label_zh(),
            // Counts as whole numbers; an amount in 万元 as written.
            "value": t.get(*r, *c).map(|v| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }),
                    "from": if key.is_some() { "公开目录" } else { "工作台账" },
                    "link": key.map(|k| format!("/staff/reports/{year}/cells?key={k}{suffix}")),
                })
            })
            .collect::<Vec<_>>()
    ))
}

/// The 表二 figures the editor's form posts (`t2_<field>`), saved as a new `table2` register
/// entry when they differ from the latest one (the latest entry is the one the report uses).
async fn save_table2(
    state: &AppState,
    user: &User,
    year: i32,
    f: &HashMap<String, String>,
) -> Result<bool, String> {
    let Some(kind) = annual::register_kind("table2") else { return Ok(false) };
    let posted: HashMap<String, String> = kind
        .fields
        .iter()
        .filter_map(|fd| f.get(&format!("t2_{}", fd.name)).map(|v| (fd.name.to_owned(), v.trim().to_owned())))
        .collect();
    if posted.is_empty() || posted.values().all(String::is_empty) {
        return Ok(false);
    }
    let entries = state.store.register_entries(user.agency_id, year).await.map_err(|e| e.to_string())?;
    let latest = entries.iter().rfind(|e| e.kind == "table2").map(|e| annual::register_strings(&e.data));
    if latest.as_ref().is_some_and(|l| {
        kind.fields.iter().all(|fd| {
            l.get(fd.name).map(String::as_str).unwrap_or("")
                == posted.get(fd.name).map(String::as_str).unwrap_or("")
        })
    }) {
        return Ok(false);
    }
    let (data, on) = annual::register_fields(kind, &posted, today(state))?;
    let entry = NewRegisterEntry {
        agency_id: user.agency_id,
        kind: "table2".to_owned(),
        year,
        on,
        data: Value::Object(data).to_string(),
    };
    state.store.add_register_entry(&Actor::user(user), entry).await.map_err(|e| e.to_string())?;
    Ok(true)
}

/// The written sections posted with the editor's form (`section_<key>`), trimmed; empty ones
/// left out.
fn written_sections(f: &HashMap<String, String>) -> Result<BTreeMap<String, String>, String> {
    annual::clean_sections(
        f.iter().filter_map(|(k, v)| k.strip_prefix("section_").map(|key| (key, v.as_str()))),
    )
    .map_err(|e| e.message())
}

/// Saves the written sections of the draft (creating it).
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !may_write(&user) {
        return Err(AppError::forbidden().into());
    }
    annual::check_year_begun(year, today(&state))?;
    let sections = match written_sections(&f) {
        Ok(s) => s,
        Err(msg) => {
            return render_editor(
                &state,
                &staff,
                year,
                &ReportQuery::default(),
                None,
                Some(msg),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let json = serde_json::to_string(&sections).map_err(|_| AppError::internal())?;
    match state.store.save_report_draft(&Actor::user(&user), user.agency_id, year, json).await {
        Ok(_) => match save_table2(&state, &user, year, &f).await {
            Ok(_) => Ok(Redirect::to(&format!("/staff/reports/{year}?saved=1")).into_response()),
            Err(msg) => {
                let msg = format!("已保存撰写的内容，但表二未保存：{msg}");
                render_editor(
                    &state,
                    &staff,
                    year,
                    &ReportQuery::default(),
                    None,
                    Some(msg),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
        },
        Err(gongkai_store::StoreError::Conflict("locked")) => {
            render_editor(
                &state,
                &staff,
                year,
                &ReportQuery::default(),
                None,
                Some("该年度报告已锁定发布，不能修改；如需更正，请先“生成更正版本”。".into()),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// 锁定并发布 (issue 13). The publish button belongs to the editor's form, so the text typed
/// there is saved first and never lost. Publishing is refused while the pre-publication check
/// has an error or a section of the format is empty (the national format has no optional
/// section; “无” is an answer, an empty section is not). The first post shows what becomes
/// public and asks to confirm; the confirmed post (`confirm=1`) locks and publishes.
pub async fn lock(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !may_publish(&user) {
        return Err(AppError::forbidden().into());
    }
    annual::check_year_begun(year, today(&state))?;
    let q = ReportQuery::default();
    let refuse = |msg: String, status: StatusCode| {
        let (state, staff, q) = (&state, &staff, &q);
        async move { render_editor(state, staff, year, q, None, Some(msg), status).await }
    };
    let typed = f.keys().any(|k| k.starts_with("section_"));
    if typed {
        let sections = match written_sections(&f) {
            Ok(s) => s,
            Err(msg) => return refuse(msg, StatusCode::UNPROCESSABLE_ENTITY).await,
        };
        let json = serde_json::to_string(&sections).map_err(|_| AppError::internal())?;
        match state.store.save_report_draft(&Actor::user(&user), user.agency_id, year, json).await {
            Ok(_) => {}
            Err(gongkai_store::StoreError::Conflict("locked")) => {
                return refuse("该版本已经锁定发布。".into(), StatusCode::CONFLICT).await;
            }
            Err(e) => return Err(AppError::from(e).into()),
        }
        if let Err(msg) = save_table2(&state, &user, year, &f).await {
            return refuse(
                format!("已保存撰写的内容，但表二未保存，不能发布：{msg}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    }
    let saved = if typed { "已保存草稿，但" } else { "" };
    let agency = state.store.get_agency(user.agency_id).await?.ok_or_else(AppError::not_found)?;
    let today = today(&state);
    let published_on = f
        .get("published_on")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .unwrap_or(today);
    let actor = Actor::user(&user);
    // Not ready (a bad date, locked, or checks that block): the editor again, with the reason.
    let not_ready = |e: gongkai_app::Error| {
        let e = AppError::from(e);
        let msg = if e.code == "report_locked" {
            e.message
        } else {
            format!("{saved}不能发布：{}", e.message)
        };
        (msg, e.status)
    };
    if f.get("confirm").map(String::as_str) != Some("1") {
        let ready = annual::check_publish_date(year, published_on, today);
        let c = match ready {
            Ok(()) => annual::ready_to_publish(&state, &actor, &agency, year).await,
            Err(e) => Err(e),
        };
        return match c {
            Ok(c) => confirm_page(&state, &staff, &agency, &c, published_on).await,
            Err(e) => {
                let (msg, status) = not_ready(e);
                refuse(msg, status).await
            }
        };
    }
    if let Err(e) = annual::publish(&state, &actor, &agency, year, published_on).await {
        let (msg, status) = not_ready(e);
        return refuse(msg, status).await;
    }
    Ok(Redirect::to(&format!("/staff/reports/{year}?published=1")).into_response())
}

/// What publishing makes public, with the button that confirms it.
async fn confirm_page(
    state: &AppState,
    staff: &Staff,
    agency: &Agency,
    c: &annual::Computed,
    published_on: chrono::NaiveDate,
) -> Result<Response, PageError> {
    let year = c.doc.year;
    let t3 = c.doc.tables.table3.as_ref();
    let cell = |r: RequestRow| t3.and_then(|t| t.get(r, RequestColumn::Total));
    let written = c
        .doc
        .sections
        .iter()
        .flat_map(|s| std::iter::once(s).chain(s.parts.iter()))
        .filter(|s| !s.written.trim().is_empty())
        .count();
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "reports",
            "year": year,
            "title": c.doc.title(),
            "published_on": published_on.to_string(),
            "public_url": format!("/agencies/{}/annual-reports/{year}", agency.id),
            "new_received": cell(RequestRow::NewReceived),
            "carried_forward": cell(RequestRow::CarriedForward),
            "sections": c.doc.sections.len(),
            "written": written,
            "warnings": c.lint.iter().filter(|f| f.severity != gongkai_annual::Severity::Error).map(|f| f.message.clone()).collect::<Vec<_>>(),
        }),
    );
    Ok(state.templates.render("staff_report_confirm.html", ctx)?.into_response())
}

/// Starts a correction: a new draft version after the locked one.
pub async fn new_version(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !may_publish(&user) {
        return Err(AppError::forbidden().into());
    }
    state.store.new_report_version(&Actor::user(&user), user.agency_id, year).await?;
    Ok(Redirect::to(&format!("/staff/reports/{year}?saved=1")).into_response())
}

/// An export of the report (`report.docx`, `.pdf`, `.xlsx`, `.html`, `.md`, `.json`).
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Path((year, file)): Path<(String, String)>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_owned()).unwrap_or_default();
    let (agency, _) = target(&state, staff.user(), &q).await?;
    let c = annual::compute(&state, &agency, year, q.rollup.is_some()).await?;
    let doc = c.doc;
    let ext2 = ext.clone();
    let (bytes, ct, title) = tokio::task::spawn_blocking(move || {
        let title = doc.title();
        annual::export(&doc, &ext2).map(|(b, ct)| (b, ct, title))
    })
    .await
    .map_err(|_| AppError::internal())??;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(header::CONTENT_DISPOSITION, content_disposition(&format!("{title}.{ext}")));
    Ok(resp)
}

/// The records behind one cell: the requests (or cases) it counts.
pub async fn cell(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let year = parse_year(&year)?;
    let (agency, all) = target(&state, staff.user(), &q).await?;
    let ids: Vec<i64> =
        if q.rollup.is_some() { gongkai_app::access::subtree(&all, agency.id) } else { vec![agency.id] };
    let (_, mut prov) = annual::tables(state.store.as_ref(), &agency.name, &ids, year).await?;
    let key = q.key.clone().unwrap_or_default();
    if key.starts_with("table2.") {
        let entries = state.store.register_entries(agency.id, year).await?;
        annual::table2(state.store.as_ref(), &ids, year, &entries, &mut prov).await?;
    }
    let record_ids = prov.ids(&key).to_vec();
    let mut rows = Vec::new();
    if key.starts_with("table2.") {
        for id in &record_ids {
            if let Some(p) = state.store.get_publication(*id).await? {
                rows.push(json!({"link": format!("/staff/catalog/{}", p.id), "number": p.index_number, "name": p.facts.content.title,
                                 "state": p.facts.content.document_number, "date": p.facts.published_on.map(|d| d.to_string()).unwrap_or_default()}));
            }
        }
    } else if key.starts_with("table4.") {
        for id in &record_ids {
            if let Some(c) = state.store.get_case(*id).await? {
                rows.push(json!({"link": format!("/staff/cases/{}", c.id), "number": c.case_number, "name": c.applicant, "state": c.result.label_zh(), "date": c.filed_on.to_string()}));
            }
        }
    } else {
        for id in &record_ids {
            if let Some(r) = state.store.get_request(*id).await? {
                rows.push(json!({"link": format!("/staff/requests/{}", r.id), "number": r.number, "name": r.facts.application.applicant.name,
                                 "state": r.facts.outcome().map(|o| o.short_zh()).unwrap_or(r.facts.state.label_zh()),
                                 "date": r.facts.received_on.map(|d| d.to_string()).unwrap_or_default()}));
            }
        }
    }
    let label = cell_label(&key);
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({"nav": "reports", "year": year, "key": key, "label": label, "rows": rows, "count": record_ids.len(),
               "back": format!("/staff/reports/{year}?{}", query_suffix(&q).trim_start_matches('&'))}),
    );
    Ok(state.templates.render("staff_report_cell.html", ctx)?)
}

fn cell_label(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["table3", row, col] => {
            let r = RequestRow::ALL.iter().find(|r| r.key() == *row).map(|r| r.label_zh()).unwrap_or("");
            let c = RequestColumn::ALL.iter().find(|c| c.key() == *col).map(|c| c.label_zh()).unwrap_or("");
            format!("表三 {r} · {c}")
        }
        ["table4", block, col] => format!("表四 {block} · {col}"),
        _ => key.to_owned(),
    }
}

/// Versions of the year's report and the line diff between consecutive ones.
pub async fn versions(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let year = parse_year(&year)?;
    let (agency, _) = target(&state, staff.user(), &q).await?;
    let versions = state.store.annual_report_versions(agency.id, year).await?;
    let text = |v: &gongkai_store::ReportDoc| {
        v.snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str::<gongkai_annual::AnnualDocument>(s).ok())
            .map(|d| gongkai_annual::to_markdown(&d))
    };
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    for v in &versions {
        let cur = text(v);
        let diff = match (&prev, &cur) {
            (Some(a), Some(b)) => Some(
                annual::line_diff(a, b)
                    .into_iter()
                    .filter(|(k, _)| *k != ' ')
                    .map(|(k, l)| json!({"kind": if k == '+' { "add" } else { "del" }, "line": l}))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        out.push(json!({"version": v.version, "locked": v.locked, "published_on": v.published_on.map(|d| d.to_string()),
                        "created_by": v.created_by, "diff": diff}));
        if cur.is_some() {
            prev = cur;
        }
    }
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({"nav": "reports", "year": year, "target": agency_json(&agency), "versions": out}),
    );
    Ok(state.templates.render("staff_report_versions.html", ctx)?)
}

/// The narrative registers of a year.
pub async fn registers(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Html<String>, PageError> {
    let year = parse_year(&year)?;
    render_registers(&state, &staff, year, None, None).await
}

async fn render_registers(
    state: &AppState,
    staff: &Staff,
    year: i32,
    flash: Option<String>,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let user = staff.user();
    let entries = state.store.register_entries(user.agency_id, year).await?;
    let kinds: Vec<Value> = REGISTERS
        .iter()
        .map(|k| {
            let rows: Vec<Value> = entries
                .iter()
                .filter(|e| e.kind == k.key)
                .map(|e| {
                    let d: serde_json::Map<String, Value> = serde_json::from_str(&e.data).unwrap_or_default();
                    json!({"id": e.id, "values": k.fields.iter().map(|f| d.get(f.name).map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).unwrap_or_default()).collect::<Vec<_>>()})
                })
                .collect();
            json!({"key": k.key, "label": k.label, "hint": k.hint,
                   "fields": k.fields.iter().map(|f| json!({"name": f.name, "label": f.label, "kind": f.kind, "required": f.required})).collect::<Vec<_>>(),
                   "rows": rows})
        })
        .collect();
    let ctx = merge(
        console_context(state, staff).await?,
        json!({"nav": "reports", "year": year, "kinds": kinds, "flash": flash, "error": error, "may_write": may_write(user)}),
    );
    Ok(state.templates.render("staff_report_registers.html", ctx)?)
}

/// The checked fields of a register entry and its date, or the Chinese message for the form.
pub async fn add_register(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !may_write(&user) {
        return Err(AppError::forbidden().into());
    }
    let kind = f.get("kind").and_then(|k| annual::register_kind(k)).ok_or_else(AppError::not_found)?;
    let (data, on) = match annual::register_fields(kind, &f, today(&state)) {
        Ok(v) => v,
        Err(msg) => {
            let page = render_registers(&state, &staff, year, None, Some(msg)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let entry = NewRegisterEntry {
        agency_id: user.agency_id,
        kind: kind.key.to_owned(),
        year,
        on,
        data: Value::Object(data).to_string(),
    };
    state.store.add_register_entry(&Actor::user(&user), entry).await?;
    Ok(Redirect::to(&format!("/staff/reports/{year}/registers")).into_response())
}

pub async fn delete_register(
    State(state): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    staff.verify_csrf(f.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let user = staff.user().clone();
    if !may_write(&user) {
        return Err(AppError::forbidden().into());
    }
    state.store.delete_register_entry(&Actor::user(&user), user.agency_id, id).await?;
    Ok(Redirect::to(&format!("/staff/reports/{year}/registers")).into_response())
}

/// A supervisor's per-agency breakdown of the year (XLSX): one row per agency with its 表三 and
/// 表四 totals and whether it has published.
/// The year's Excel 台账 (issue 19) of the user's agency, or (`agency=`) one they may read.
pub async fn ledger(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    let (agency, _) = target(&state, staff.user(), &q).await?;
    let bytes = gongkai_app::ledger::export(&state, &agency, year).await?;
    Ok(crate::view::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{}{year}年政府信息公开工作台账.xlsx", agency.name),
    ))
}

pub async fn breakdown(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, PageError> {
    let year = parse_year(&year)?;
    let user = staff.user();
    let all = state.store.list_agencies().await?;
    let ids = readable_agencies(&all, user);
    let mut rows = Vec::new();
    for a in all.iter().filter(|a| ids.contains(&a.id)) {
        let (t, _) = annual::tables(state.store.as_ref(), &a.name, &[a.id], year).await?;
        let doc = state.store.annual_report(a.id, year).await?;
        rows.push((a.name.clone(), t, doc.is_some_and(|d| d.locked)));
    }
    let bytes = tokio::task::spawn_blocking(move || breakdown_xlsx(year, &rows))
        .await
        .map_err(|_| AppError::internal())?
        .map_err(|e| {
            tracing::error!(error = %e, "breakdown workbook");
            AppError::internal()
        })?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    h.insert(header::CONTENT_DISPOSITION, content_disposition(&format!("{year}年度报告分机关汇总.xlsx")));
    Ok(resp)
}

fn breakdown_xlsx(
    year: i32,
    rows: &[(String, gongkai_domain::report::AnnualReport, bool)],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("{year}年"))?;
    let bold = Format::new().set_bold();
    let heads = [
        "机关",
        "已发布",
        "本年新收",
        "上年结转",
        "予以公开",
        "部分公开",
        "办结合计",
        "结转下年度",
        "行政复议",
        "行政诉讼",
    ];
    for (i, h) in heads.iter().enumerate() {
        ws.write_with_format(0, u16::try_from(i).unwrap_or(0), *h, &bold)?;
    }
    for (r, (name, t, published)) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        ws.write(r, 0, gongkai_domain::text::strip_xml_invalid(name))?;
        ws.write(r, 1, if *published { "是" } else { "否" })?;
        let t3 = t.table3.as_ref();
        let g = |row: RequestRow| t3.and_then(|t| t.get(row, RequestColumn::Total)).unwrap_or(0) as f64;
        for (i, row) in [
            RequestRow::NewReceived,
            RequestRow::CarriedOver,
            RequestRow::Granted,
            RequestRow::PartlyGranted,
            RequestRow::ResultsTotal,
            RequestRow::CarriedForward,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write(r, u16::try_from(i + 2).unwrap_or(0), g(row))?;
        }
        let t4 = t.table4.as_ref();
        let b = |blk: CaseBlock| t4.and_then(|t| t.get(blk, CaseColumn::Total)).unwrap_or(0) as f64;
        ws.write(r, 8, b(CaseBlock::Reconsideration))?;
        ws.write(r, 9, b(CaseBlock::LitigationDirect) + b(CaseBlock::LitigationAfterReconsideration))?;
    }
    ws.set_column_width(0, 28)?;
    wb.save_to_buffer()
}

// --- public ---

/// A published (locked) report on the portal.
/// The published (latest locked) version of an agency's report for a year, as the public sees it.
async fn published_report(
    state: &AppState,
    id: &str,
    year: &str,
) -> Result<(Vec<Agency>, Agency, gongkai_store::ReportDoc, gongkai_annual::AnnualDocument), PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let year = parse_year(year)?;
    let all = state.store.list_agencies().await?;
    let agency = all.iter().find(|a| a.id == id).cloned().ok_or_else(AppError::not_found)?;
    let doc = state.store.annual_report(agency.id, year).await?;
    // The latest locked version (a correction in progress does not hide the published one).
    let published = match doc {
        Some(d) if d.locked => Some(d),
        Some(_) => {
            state.store.annual_report_versions(agency.id, year).await?.into_iter().rev().find(|v| v.locked)
        }
        None => None,
    }
    .ok_or_else(AppError::not_found)?;
    let snap = published.snapshot.as_deref().unwrap_or("{}");
    let doc: gongkai_annual::AnnualDocument = serde_json::from_str(snap).map_err(|_| AppError::internal())?;
    Ok((all, agency, published, doc))
}

pub async fn public_report(
    State(state): State<AppState>,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (all, agency, published, doc) = published_report(&state, &id, &year).await?;
    let ctx = json!({
        "site": site_json(all.iter().find(|a| a.parent_id.is_none())),
        "agency": agency_json(&agency),
        "title": doc.title(),
        "year": doc.year,
        "version": published.version,
        "published_on": published.published_on.map(|d| d.to_string()),
        "body": gongkai_annual::to_html(&doc),
    });
    Ok(state.templates.render("portal_annual_report.html", ctx)?.into_response())
}

/// A published report as PDF, Word or Excel (issue 13: the public downloads what was published).
/// A published version never changes, so the answer may be cached.
pub async fn public_report_file(
    State(state): State<AppState>,
    Path((id, year, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let ext = match file.as_str() {
        "report.pdf" => "pdf",
        "report.docx" => "docx",
        "report.xlsx" => "xlsx",
        _ => return Err(AppError::not_found().into()),
    };
    let (_, _, published, doc) = published_report(&state, &id, &year).await?;
    let title = doc.title();
    // Typesetting and workbook writing are CPU work: off the async runtime.
    let (bytes, content_type) = tokio::task::spawn_blocking(move || annual::export(&doc, ext))
        .await
        .map_err(|_| AppError::internal())??;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(&format!("{title}（第{}版）.{ext}", published.version)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(resp)
}

/// The agency's published reports, for the portal's agency page.
pub async fn published_list(state: &AppState, agency_id: i64) -> Result<Vec<Value>, AppError> {
    Ok(state
        .store
        .published_reports(&[agency_id])
        .await?
        .iter()
        .map(|d| json!({"year": d.year, "version": d.version, "published_on": d.published_on.map(|p| p.to_string()),
                        "url": format!("/agencies/{}/annual-reports/{}", d.agency_id, d.year)}))
        .collect())
}
