//! The staff side of 主动公开: the catalog list with its counters (due soon, overdue, published
//! late, awaiting review), the draft editor, the review page (scanner findings with one-click
//! masking or an override with a reason), sign-off, scheduling, withdrawal, validity changes,
//! interpretation links, and the agency's 公开指南 / 索引号 settings.
//!
//! Permissions: editors draft, reviewers review, approvers sign off (the domain decides);
//! supervisors read subordinates' items read-only; other agencies' items answer 404.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::view::{attachment_response, publication_json};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_app::access::readable_agencies;
use gongkai_app::catalog::default_guide_text;
use gongkai_app::catalog::{self as svc, Change};
use gongkai_app::letters::zh_date;
use gongkai_app::requests::{current_calendar, today};
use gongkai_domain::agency::{AgencyLevel, FieldError};
use gongkai_domain::catalog::{
    self as dom, Action, ContentInput, Genre, Publication, PublicationState, Validity, allowed_actions,
    statutory_items_for, timeliness, topic_paths,
};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, PublicationFilter, PublicationOrder};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// A multipart form whose fields may repeat (checkboxes), with its files.
#[derive(Debug, Default)]
pub struct EditorForm {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl EditorForm {
    pub fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

fn too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "上传的内容过大：每个附件不超过 {} MB，每次最多 {} 个附件。",
            svc::MAX_ATTACHMENT_BYTES >> 20,
            svc::MAX_ATTACHMENTS
        ),
    )
}

/// Reads the editor's multipart form as it streams in: the CSRF token first, checked with
/// `verify` before anything else is read (see `requests::read_multipart`), then the fields,
/// refusing oversized files as soon as they are seen.
pub async fn read_editor_form(
    mut mp: Multipart,
    verify: impl FnOnce(&str) -> Result<(), AppError>,
) -> Result<EditorForm, AppError> {
    let mut out = EditorForm::default();
    let token = crate::multipart::read_csrf_field(&mut mp).await?;
    verify(&token)?;
    out.fields.push(("csrf_token".into(), token));
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else if crate::edge::is_over_budget(&e) {
            crate::edge::busy()
        } else {
            AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。")
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let mut data = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if data.len() + chunk.len() > svc::MAX_ATTACHMENT_BYTES {
                        return Err(too_large());
                    }
                    data.extend_from_slice(&chunk);
                }
                if file_name.is_empty() && data.is_empty() {
                    continue;
                }
                if out.files.len() >= svc::MAX_ATTACHMENTS {
                    return Err(too_large());
                }
                out.files.push((name, file_name, data));
            }
            None => {
                // The body (rich text) may be long; other fields are short.
                let max = if name == "body_html" { 1 << 20 } else { crate::edge::MAX_FORM_FIELD };
                let text = crate::multipart::read_text_field(field, max).await?;
                out.fields.push((name, text));
            }
        }
    }
    Ok(out)
}

fn content_input(f: &EditorForm) -> ContentInput {
    // Text without characters XML cannot hold: titles and 文号 reach the annual report's exports.
    let get = |k: &str| gongkai_domain::text::strip_xml_invalid(&f.get(k));
    ContentInput {
        title: get("title"),
        document_number: get("document_number"),
        formed_on: get("formed_on"),
        topic: get("topic"),
        genre: get("genre"),
        summary: get("summary"),
        keywords: get("keywords"),
        statutory: f.all("statutory"),
        body_html: svc::sanitize_body(&get("body_html")),
        interprets: get("interprets"),
        effective_on: get("effective_on"),
    }
}

async fn choices(state: &AppState, agency_id: i64) -> Result<Value, AppError> {
    let agency = state.store.get_agency(agency_id).await?.ok_or_else(AppError::not_found)?;
    let township = agency.level == AgencyLevel::Township;
    let (_, policies) = state
        .store
        .list_publications(&PublicationFilter {
            agency_ids: vec![agency_id],
            states: vec![PublicationState::Published],
            limit: 200,
            ..Default::default()
        })
        .await?;
    Ok(json!({
        "topics": topic_paths().into_iter().map(|t| json!({"key": t, "label": t.replace('\\', " › ")})).collect::<Vec<_>>(),
        "genres": Genre::ALL.iter().map(|g| json!({"key": g.key(), "label": g.label_zh()})).collect::<Vec<_>>(),
        "statutory": statutory_items_for(township).iter().map(|i| json!({"key": i.key, "label": i.label, "article": match i.article {
            dom::StatutoryArticle::Art20 => "条例第二十条",
            _ => "条例第二十一条",
        }})).collect::<Vec<_>>(),
        "policies": policies.iter().filter(|p| p.genre != Genre::Interpretation).map(|p| json!({"key": p.id.to_string(), "label": format!("{}（{}）", p.title, p.index_number.clone().unwrap_or_default())})).collect::<Vec<_>>(),
        "validities": Validity::ALL.iter().map(|v| json!({"key": v.key(), "label": v.label_zh()})).collect::<Vec<_>>(),
    }))
}

#[allow(clippy::too_many_arguments)]
async fn render_editor(
    state: &AppState,
    staff: &Staff,
    id: Option<i64>,
    version: i64,
    values: Value,
    attachments: Vec<Value>,
    errors: &[FieldError],
    top_error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut err_map = HashMap::new();
    for e in errors {
        err_map.entry(e.field).or_insert_with(|| e.message.clone());
    }
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "catalog",
            "id": id,
            "version": version,
            "v": values,
            "attachments": attachments,
            "errors": err_map,
            "error_list": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
            "top_error": top_error,
            "choices": choices(state, staff.user().agency_id).await?,
            "max_mb": svc::MAX_ATTACHMENT_BYTES >> 20,
        }),
    );
    Ok((status, state.templates.render("staff_publication_edit.html", ctx)?).into_response())
}

fn values_of(p: &Publication) -> Value {
    let c = &p.content;
    json!({
        "title": c.title, "document_number": c.document_number, "formed_on": c.formed_on.to_string(),
        "topic": c.topic, "genre": c.genre.key(), "summary": c.summary, "keywords": c.keywords.join(" "),
        "statutory": c.statutory, "body_html": c.body_html,
        "interprets": c.interprets.map(|i| i.to_string()).unwrap_or_default(),
        "effective_on": c.effective_on.map(|d| d.to_string()).unwrap_or_default(),
    })
}

fn form_values(f: &EditorForm) -> Value {
    json!({
        "title": f.get("title"), "document_number": f.get("document_number"), "formed_on": f.get("formed_on"),
        "topic": f.get("topic"), "genre": f.get("genre"), "summary": f.get("summary"), "keywords": f.get("keywords"),
        "statutory": f.all("statutory"), "body_html": f.get("body_html"), "interprets": f.get("interprets"),
        "effective_on": f.get("effective_on"),
    })
}

fn need_editor(staff: &Staff) -> Result<(), AppError> {
    if dom::may_edit(&staff.user().roles) { Ok(()) } else { Err(AppError::forbidden()) }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub state: Option<String>,
    pub agency: Option<String>,
    pub topic: Option<String>,
    pub view: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
}

/// The catalog list with its counters.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let user = staff.user();
    let agencies = state.store.list_agencies().await?;
    let readable = readable_agencies(&agencies, user);
    let shown = q
        .agency
        .as_deref()
        .and_then(|a| a.parse::<i64>().ok())
        .filter(|a| readable.contains(a))
        .unwrap_or(user.agency_id);
    let cal = current_calendar(&state).await?;
    let day = today(&state);
    let soon = cal.add_workdays(day, dom::DUE_SOON_WORKDAYS).map(|r| r.date).unwrap_or(day);
    let yesterday = day.pred_opt().unwrap_or(day);
    let base = PublicationFilter { agency_ids: vec![shown], limit: 1, ..Default::default() };
    let count = |f: PublicationFilter| {
        let store = state.store.clone();
        async move { store.list_publications(&f).await.map(|(n, _)| n) }
    };
    let unpublished = PublicationState::UNPUBLISHED.to_vec();
    let counters = json!({
        "drafts": count(PublicationFilter { states: vec![PublicationState::Draft], ..base.clone() }).await?,
        "in_review": count(PublicationFilter { states: vec![PublicationState::InReview], ..base.clone() }).await?,
        "awaiting_approval": count(PublicationFilter { states: vec![PublicationState::AwaitingApproval], ..base.clone() }).await?,
        "scheduled": count(PublicationFilter { states: vec![PublicationState::Scheduled], ..base.clone() }).await?,
        "due_soon": count(PublicationFilter { states: unpublished.clone(), due_by: Some(soon), ..base.clone() }).await?
            - count(PublicationFilter { states: unpublished.clone(), due_by: Some(yesterday), ..base.clone() }).await?,
        "overdue": count(PublicationFilter { states: unpublished.clone(), due_by: Some(yesterday), ..base.clone() }).await?,
        "published": count(PublicationFilter { states: vec![PublicationState::Published], ..base.clone() }).await?,
        "published_late": count(PublicationFilter { states: vec![PublicationState::Published], published_late: Some(true), ..base.clone() }).await?,
    });
    let page = crate::edge::page_clamped(q.page.as_deref());
    let view = q.view.clone().unwrap_or_default();
    let mut filter = PublicationFilter {
        agency_ids: vec![shown],
        topic: q.topic.clone().filter(|t| !t.is_empty()),
        q: q.q.clone(),
        order: PublicationOrder::Updated,
        limit: 50,
        offset: crate::edge::offset(page, 50),
        ..Default::default()
    };
    match view.as_str() {
        "due_soon" => {
            filter.states = unpublished.clone();
            filter.due_by = Some(soon);
            filter.order = PublicationOrder::Due;
        }
        "overdue" => {
            filter.states = unpublished.clone();
            filter.due_by = Some(yesterday);
            filter.order = PublicationOrder::Due;
        }
        "late" => {
            filter.states = vec![PublicationState::Published];
            filter.published_late = Some(true);
        }
        _ => {
            if let Some(s) = q.state.as_deref().and_then(PublicationState::from_key) {
                filter.states = vec![s];
            }
        }
    }
    let (total, items) = state.store.list_publications(&filter).await?;
    let rows: Vec<Value> = items
        .iter()
        .map(|it| {
            let t = match it.published_on {
                Some(on) if it.published_late => format!("逾期 {} 个工作日公开", cal.workdays_between(it.due_on, on)),
                Some(_) => "按时公开".to_owned(),
                None if day > it.due_on => format!("已超期 {} 个工作日", cal.workdays_between(it.due_on, day)),
                None => format!("剩余 {} 个工作日", cal.workdays_between(day, it.due_on)),
            };
            let class = match it.published_on {
                Some(_) if it.published_late => "u-overdue",
                Some(_) => "u-ok",
                None if day > it.due_on => "u-overdue",
                None if it.due_on <= soon => "u-soon",
                None => "u-ok",
            };
            json!({
                "id": it.id, "title": it.title, "index_number": it.index_number, "document_number": it.document_number,
                "state": it.state.key(), "state_label": it.state.label_zh(), "topic": it.topic,
                "genre": it.genre.label_zh(), "validity": it.validity.label_zh(),
                "formed_on": it.formed_on.to_string(), "due_on": it.due_on.to_string(),
                "published_on": it.published_on.map(|d| d.to_string()),
                "scheduled_on": it.scheduled_on.map(|d| d.to_string()),
                "timeliness": t, "class": class,
            })
        })
        .collect();
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({
            "nav": "catalog",
            "rows": rows,
            "total": total,
            "page": page,
            "pages": (total + 49) / 50,
            "counters": counters,
            "q": {"state": q.state, "view": view, "q": q.q, "topic": q.topic, "agency": shown},
            "states": PublicationState::ALL.iter().map(|s| json!({"key": s.key(), "label": s.label_zh()})).collect::<Vec<_>>(),
            "topics": dom::TOPICS.iter().map(|(m, _)| m).collect::<Vec<_>>(),
            "agencies": agencies.iter().filter(|a| readable.contains(&a.id)).map(|a| json!({"id": a.id, "name": a.name})).collect::<Vec<_>>(),
            "shown_agency": agencies.iter().find(|a| a.id == shown).map(|a| a.name.clone()),
            "read_only": shown != user.agency_id,
            "may_edit": dom::may_edit(&user.roles),
            "today": zh_date(day),
        }),
    );
    Ok(state.templates.render("staff_catalog.html", ctx)?)
}

pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    need_editor(&staff)?;
    let v = json!({"formed_on": today(&state).to_string(), "genre": "notice"});
    render_editor(&state, &staff, None, 0, v, vec![], &[], None, StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    mp: Multipart,
) -> Result<Response, PageError> {
    need_editor(&staff)?;
    let mut form = read_editor_form(mp, |t| staff.verify_csrf(t)).await?;
    let values = form_values(&form);
    let atts = match svc::check_attachments(std::mem::take(&mut form.files)).await {
        Ok(a) => a,
        Err(e) => {
            let e = AppError::from(e);
            return render_editor(&state, &staff, None, 0, values, vec![], &[], Some(e.message), e.status)
                .await;
        }
    };
    let rec = match svc::create_draft(&state, staff.user(), &content_input(&form), atts).await? {
        Ok(rec) => rec,
        Err(errors) => {
            return render_editor(
                &state,
                &staff,
                None,
                0,
                values,
                vec![],
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    Ok(Redirect::to(&format!("/staff/catalog/{}", rec.id)).into_response())
}

fn parse_id(s: &str) -> Result<i64, AppError> {
    s.parse().map_err(|_| AppError::not_found())
}

fn attachment_rows(atts: &[gongkai_store::Attachment]) -> Vec<Value> {
    atts.iter()
        .map(|a| json!({"id": a.id, "name": a.name, "size": gongkai_app::requests::size_label(a.size), "sha256": a.sha256}))
        .collect()
}

pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let rec = svc::readable(&state, staff.user(), parse_id(&id)?).await?;
    svc::require_own(staff.user(), &rec)?;
    dom::check_kind(&rec.facts, dom::ActionKind::Edit, &staff.user().roles).map_err(svc::refusal_error)?;
    let atts = state.store.attachments(rec.id).await?;
    render_editor(
        &state,
        &staff,
        Some(rec.id),
        rec.version,
        values_of(&rec.facts),
        attachment_rows(&atts),
        &[],
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<Response, PageError> {
    let rec = svc::readable(&state, staff.user(), parse_id(&id)?).await?;
    svc::require_own(staff.user(), &rec)?;
    let form = read_editor_form(mp, |t| staff.verify_csrf(t)).await?;
    dom::check_kind(&rec.facts, dom::ActionKind::Edit, &staff.user().roles).map_err(svc::refusal_error)?;
    if form.get("version") != rec.version.to_string() {
        return Err(svc::conflict().into());
    }
    let atts = state.store.attachments(rec.id).await?;
    let values = form_values(&form);
    let rerender = |errors: Vec<FieldError>, top: Option<String>, status: StatusCode| {
        let state = state.clone();
        let staff = staff.clone();
        let values = values.clone();
        let rows = attachment_rows(&atts);
        async move {
            render_editor(&state, &staff, Some(rec.id), rec.version, values, rows, &errors, top, status).await
        }
    };
    let add = match svc::check_attachments(form.files.clone()).await {
        Ok(a) => a,
        Err(e) => {
            let e = AppError::from(e);
            return rerender(vec![], Some(e.message), e.status).await;
        }
    };
    let remove: Vec<i64> = form.all("remove").iter().filter_map(|s| s.parse().ok()).collect();
    if let Err(errors) =
        svc::edit_draft(&state, staff.user(), &rec, &content_input(&form), Change { add, remove }).await?
    {
        return rerender(errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(Redirect::to(&format!("/staff/catalog/{}", rec.id)).into_response())
}

/// The publication page: metadata, timeliness, body, attachments, scanner findings with their
/// decisions, history and the actions allowed now.
pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = staff.user();
    let rec = svc::readable(&state, user, parse_id(&id)?).await?;
    let atts = state.store.attachments(rec.id).await?;
    let settings = state.store.catalog_settings(rec.agency_id).await?;
    let findings = svc::scan(&rec.facts, &atts, &svc::scan_settings(&settings));
    let cal = current_calendar(&state).await?;
    let day = today(&state);
    let t = timeliness(&rec.facts, &cal, day);
    let own = user.agency_id == rec.agency_id;
    let actions: Vec<Value> = if own {
        allowed_actions(&rec.facts, &user.roles)
            .iter()
            .map(|k| json!({"key": k.key(), "label": k.label_zh()}))
            .collect()
    } else {
        vec![]
    };
    let agencies = state.store.list_agencies().await?;
    let agency = agencies.iter().find(|a| a.id == rec.agency_id);
    let interprets = match rec.facts.content.interprets {
        Some(i) => {
            state.store.get_publication(i).await?.map(|p| json!({"id": p.id, "title": p.facts.content.title}))
        }
        None => None,
    };
    let interpretations: Vec<Value> = state
        .store
        .interpretations_of(rec.id)
        .await?
        .iter()
        .map(|p| json!({"id": p.id, "title": p.title}))
        .collect();
    let replaced_by = match rec.facts.validity.replaced_by {
        Some(i) => {
            state.store.get_publication(i).await?.map(|p| json!({"id": p.id, "title": p.facts.content.title}))
        }
        None => None,
    };
    let may_review = own && dom::check_kind(&rec.facts, dom::ActionKind::Mask, &user.roles).is_ok();
    // Counting interpretations lists the agency's items: only where the reminder can apply.
    let interpretation_warning = if dom::needs_interpretation(&rec.facts) {
        dom::interpretation_warning(&rec.facts, svc::interpretations_in_progress(&state, &rec).await?)
    } else {
        None
    };
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({
            "nav": "catalog",
            "p": publication_json(&rec, agency, &atts),
            "version": rec.version,
            "state": rec.facts.state.key(),
            "state_label": rec.facts.state.label_zh(),
            "timeliness": {"label": t.label_zh(), "due_on": zh_date(t.due_on()), "late": t.is_late(), "soon": t.is_due_soon()},
            "findings": findings,
            "bulk": bulk_findings(&findings),
            "unresolved": svc::unresolved(&findings),
            "decisions": rec.facts.decisions,
            "history": rec.facts.history.iter().map(|h| json!({"label": h.kind.label_zh(), "by": h.by, "at": h.at, "note": h.note})).collect::<Vec<_>>(),
            "actions": actions,
            "may_review": may_review,
            "read_only": !own,
            "rejection": rec.facts.rejection,
            "interprets": interprets,
            "interpretation_warning": interpretation_warning,
            "interpretations": interpretations,
            "replaced_by": replaced_by,
            "validities": Validity::ALL.iter().map(|v| json!({"key": v.key(), "label": v.label_zh()})).collect::<Vec<_>>(),
            "today": day.to_string(),
            "tomorrow": day.succ_opt().map(|d| d.to_string()),
        }),
    );
    Ok(state.templates.render("staff_publication.html", ctx)?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    pub csrf_token: String,
    pub version: i64,
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub replaced_by: String,
    #[serde(default)]
    pub note: String,
}

fn date_field(s: &str, what: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("on", "bad_date", format!("请填写{what}（格式 2026-01-31）")))
}

/// Parses an action form into a domain action.
pub fn action_from(f: &ActionForm) -> Result<Action, AppError> {
    Ok(match f.action.as_str() {
        "submit" => Action::Submit,
        "pass_review" => Action::PassReview { note: f.note.clone() },
        "reject" => Action::Reject { reason: f.reason.clone() },
        "publish" => Action::Publish,
        "schedule" => Action::Schedule { on: date_field(&f.on, "定时发布日期")? },
        "withdraw" => Action::Withdraw { reason: f.reason.clone() },
        "set_validity" => Action::SetValidity {
            status: Validity::from_key(&f.status)
                .ok_or_else(|| AppError::invalid("status", "bad_status", "请选择有效性"))?,
            on: if f.on.trim().is_empty() { None } else { Some(date_field(&f.on, "日期")?) },
            replaced_by: match f.replaced_by.trim().trim_start_matches('#') {
                "" => None,
                s => Some(
                    s.parse()
                        .map_err(|_| AppError::invalid("replaced_by", "bad_link", "替代文件的编号无效"))?,
                ),
            },
            note: f.note.clone(),
        },
        _ => return Err(AppError::invalid("action", "unknown_action", "未知的操作")),
    })
}

pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let rec = svc::readable(&state, staff.user(), parse_id(&id)?).await?;
    svc::require_own(staff.user(), &rec)?;
    if f.version != rec.version {
        return Err(svc::conflict().into());
    }
    let action = action_from(&f)?;
    svc::perform_checked(&state, staff.user(), &rec, &action).await?;
    Ok(Redirect::to(&format!("/staff/catalog/{}", rec.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct FindingForm {
    pub csrf_token: String,
    pub version: i64,
    #[serde(default)]
    pub fingerprint: String,
    /// A finding kind: every unresolved finding of that kind at once.
    #[serde(default)]
    pub kind: String,
    pub op: String,
    #[serde(default)]
    pub reason: String,
}

/// Kinds with more than one unresolved finding, offered as one action (issue 13).
fn bulk_findings(findings: &[svc::FindingView]) -> Vec<Value> {
    let mut kinds: Vec<gongkai_domain::pii::FindingKind> = Vec::new();
    for f in findings.iter().filter(|f| f.overridden.is_none()) {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
        }
    }
    kinds
        .into_iter()
        .filter_map(|k| {
            let of_kind: Vec<_> = findings.iter().filter(|f| f.kind == k && f.overridden.is_none()).collect();
            (of_kind.len() > 1).then(|| {
                json!({
                    "kind": k.key(), "label": k.label_zh(), "count": of_kind.len(),
                    "can_mask": of_kind.iter().all(|f| f.can_mask),
                })
            })
        })
        .collect()
}

pub async fn finding(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<FindingForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let rec = svc::readable(&state, staff.user(), parse_id(&id)?).await?;
    svc::require_own(staff.user(), &rec)?;
    if f.version != rec.version {
        return Err(svc::conflict().into());
    }
    let reason = (f.op == "override").then_some(f.reason.as_str());
    let which = if f.kind.is_empty() {
        svc::Which::One(&f.fingerprint)
    } else {
        let kind = gongkai_domain::pii::FindingKind::from_key(&f.kind).ok_or_else(AppError::not_found)?;
        svc::Which::AllOfKind(kind)
    };
    svc::decide_findings(&state, staff.user(), &rec, which, reason).await?;
    Ok(Redirect::to(&format!("/staff/catalog/{}#findings", rec.id)).into_response())
}

/// An attachment download for staff (any state).
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (meta, data) = state.store.get_attachment(parse_id(&id)?).await?.ok_or_else(AppError::not_found)?;
    svc::readable(&state, staff.user(), meta.publication_id).await?;
    Ok(attachment_response(&meta, data))
}

fn may_edit_guide(user: &gongkai_store::User) -> bool {
    user.has(Role::Admin) || user.has(Role::Approver)
}

pub async fn guide_form(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, PageError> {
    let settings = state.store.catalog_settings(staff.user().agency_id).await?;
    render_guide(
        &state,
        &staff,
        &settings.guide,
        &settings.index_template,
        &settings.scan_words,
        settings.version,
        None,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_guide(
    state: &AppState,
    staff: &Staff,
    guide: &str,
    template: &str,
    words: &str,
    version: i64,
    error: Option<String>,
    saved: Option<bool>,
) -> Result<Html<String>, PageError> {
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "catalog",
            "v": {"guide": guide, "index_template": template, "scan_words": words},
            "version": version,
            "error": error,
            "saved": saved,
            "may_edit": may_edit_guide(staff.user()),
            "default_guide": default_guide_text(),
            "default_template": dom::DEFAULT_INDEX_TEMPLATE,
        }),
    );
    Ok(state.templates.render("staff_catalog_guide.html", ctx)?)
}

#[derive(Debug, Deserialize)]
pub struct GuideForm {
    pub csrf_token: String,
    pub version: i64,
    pub guide: String,
    pub index_template: String,
    #[serde(default)]
    pub scan_words: String,
}

pub async fn save_guide(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<GuideForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    if !may_edit_guide(staff.user()) {
        return Err(AppError::forbidden().into());
    }
    let agency_id = staff.user().agency_id;
    if let Err(e) = dom::check_index_template(&f.index_template) {
        let html = render_guide(
            &state,
            &staff,
            &f.guide,
            &f.index_template,
            &f.scan_words,
            f.version,
            Some(e.to_string()),
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    if f.guide.chars().count() > 20_000 {
        let html = render_guide(
            &state,
            &staff,
            &f.guide,
            &f.index_template,
            &f.scan_words,
            f.version,
            Some("公开指南不能超过 20000 字".into()),
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let saved = state
        .store
        .put_catalog_settings(
            &Actor::user(staff.user()),
            agency_id,
            f.version,
            f.guide.trim().to_owned(),
            f.index_template.trim().to_owned(),
            f.scan_words.trim().to_owned(),
        )
        .await
        .map_err(|e| match e {
            gongkai_store::StoreError::Conflict(_) => svc::conflict(),
            other => other.into(),
        })?;
    let html = render_guide(
        &state,
        &staff,
        &saved.guide,
        &saved.index_template,
        &saved.scan_words,
        saved.version,
        None,
        Some(true),
    )
    .await?;
    Ok(html.into_response())
}
