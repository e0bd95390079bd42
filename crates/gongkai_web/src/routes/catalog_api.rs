//! The catalog for API clients with a staff session or token (issue 14): create a draft, move it
//! through the workflow, read the staff view. Same checks as the pages (`catalog::create_draft`,
//! `catalog::perform_checked`); another agency's item answers 404.

use crate::AppState;
use crate::auth::Staff;
use crate::edge::ApiPath;
use crate::error::{ApiError, AppError};
use crate::routes::catalog_staff::{ActionForm, action_from};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use gongkai_app::catalog as svc;
use gongkai_domain::catalog as dom;
use gongkai_store::PublicationRecord;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// A new draft, as the editor's form: `topic` a 主题分类 name (主类 or 主类\子类), `genre` a 体裁 key
/// such as `notice`, dates as `YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewPublicationBody {
    pub title: String,
    /// The body as HTML (sanitised like the editor's).
    pub body: String,
    pub formed_on: String,
    pub topic: String,
    pub genre: String,
    pub document_number: String,
    pub summary: String,
    pub keywords: String,
    /// 条例 第二十条 item keys.
    pub statutory: Vec<String>,
    pub effective_on: String,
    /// The id of the publication a 政策解读 explains.
    pub interprets: Option<i64>,
}

/// A publication of the caller's own agency as it stood at `version` (409 when it changed).
async fn own_at(
    state: &AppState,
    staff: &Staff,
    id: i64,
    version: i64,
) -> Result<PublicationRecord, AppError> {
    let rec = svc::readable(state, staff.user(), id).await?;
    svc::require_own(staff.user(), &rec)?;
    if version != rec.version {
        return Err(svc::conflict().into());
    }
    Ok(rec)
}

/// The staff view of one publication.
fn staff_json(rec: &PublicationRecord) -> Value {
    let c = &rec.facts.content;
    json!({
        "id": rec.id,
        "version": rec.version,
        "state": rec.facts.state.key(),
        "state_label": rec.facts.state.label_zh(),
        "agency_id": rec.agency_id,
        "title": c.title,
        "formed_on": c.formed_on.to_string(),
        "url": format!("/staff/catalog/{}", rec.id),
    })
}

/// Create a draft. `201` with `id` and `version`; `422` with the field when the content is not
/// valid (as on the editor page); `403` without the editor role.
#[utoipa::path(post, path = "/api/v1/publications", tag = "catalog (staff)", request_body = NewPublicationBody,
    responses((status = 201, description = "{id, version, state, …}"), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Json<NewPublicationBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_publication", "信息格式不正确"))?;
    if !dom::may_edit(&staff.user().roles) {
        return Err(AppError::forbidden().into());
    }
    match svc::create_draft(&state, staff.user(), &content_input(&b), vec![]).await? {
        Ok(rec) => Ok((StatusCode::CREATED, Json(staff_json(&rec)))),
        Err(errors) => Err(first_field_error(errors).into()),
    }
}

/// The editor's input from the JSON body (text XML cannot hold removed, the body sanitised).
fn content_input(b: &NewPublicationBody) -> dom::ContentInput {
    let text = |s: &str| gongkai_domain::text::strip_xml_invalid(s);
    dom::ContentInput {
        title: text(&b.title),
        document_number: text(&b.document_number),
        formed_on: b.formed_on.clone(),
        topic: text(&b.topic),
        genre: b.genre.clone(),
        summary: text(&b.summary),
        keywords: text(&b.keywords),
        statutory: b.statutory.clone(),
        body_html: svc::sanitize_body(&text(&b.body)),
        interprets: b.interprets.map(|i| i.to_string()).unwrap_or_default(),
        effective_on: b.effective_on.clone(),
    }
}

fn first_field_error(errors: Vec<gongkai_domain::agency::FieldError>) -> AppError {
    errors.into_iter().next().map_or_else(
        || AppError::invalid("title", "invalid", "信息内容不完整"),
        |e| AppError::invalid(e.field, e.code, e.message),
    )
}

/// `{"version": n, "action": {"action": "submit" | "pass_review" | "reject" | "publish" | "schedule" |
/// "withdraw" | "set_validity", "note"?, "reason"?, "on"?, "status"?, "replaced_by"?}}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublicationActionBody {
    pub version: i64,
    pub action: ActionFields,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionFields {
    pub action: String,
    pub note: String,
    pub reason: String,
    pub on: String,
    pub status: String,
    pub replaced_by: Option<i64>,
}

/// Perform a workflow action. `409` if the item changed since `version` or the action is not
/// allowed in its state; `422` with a code when its particulars are wrong; `403` by role.
#[utoipa::path(post, path = "/api/v1/publications/{id}/actions", tag = "catalog (staff)",
    request_body = PublicationActionBody,
    responses((status = 200, description = "the item after the action"), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<PublicationActionBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_action", "操作格式不正确"))?;
    let rec = own_at(&state, &staff, id, b.version).await?;
    let a = b.action;
    let form = ActionForm {
        csrf_token: String::new(),
        version: b.version,
        action: a.action,
        reason: a.reason,
        on: a.on,
        status: a.status,
        replaced_by: a.replaced_by.map(|r| r.to_string()).unwrap_or_default(),
        note: a.note,
    };
    let action = action_from(&form)?;
    let rec = svc::perform_checked(&state, staff.user(), &rec, &action).await?;
    Ok(Json(staff_json(&rec)))
}

/// The staff view of a publication of the caller's agency (or one below, for a supervisor).
#[utoipa::path(get, path = "/api/v1/publications/{id}", tag = "catalog (staff)",
    responses((status = 200, description = "{id, version, state, …}"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let rec = svc::readable(&state, staff.user(), id).await?;
    let atts = state.store.attachments(rec.id).await?;
    let settings = state.store.catalog_settings(rec.agency_id).await?;
    let findings = svc::scan(&rec.facts, &atts, &svc::scan_settings(&settings));
    let mut v = staff_json(&rec);
    v["unresolved_findings"] = json!(svc::unresolved(&findings));
    Ok(Json(v))
}

/// The sensitive-content findings of a publication (the review page's list): masked excerpt,
/// where, and whether an override was recorded. The raw match is never answered.
#[utoipa::path(get, path = "/api/v1/publications/{id}/findings", tag = "catalog (staff)",
    params(("id" = i64, Path)),
    responses((status = 200, description = "[{fingerprint, source, kind, line, column, excerpt, overridden}]"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn publication_findings(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let rec = svc::readable(&state, staff.user(), id).await?;
    let atts = state.store.attachments(rec.id).await?;
    let settings = state.store.catalog_settings(rec.agency_id).await?;
    let findings = svc::scan(&rec.facts, &atts, &svc::scan_settings(&settings));
    Ok(Json(Value::Array(
        findings
            .iter()
            .map(|f| {
                json!({
                    "fingerprint": f.fingerprint, "source": f.source, "attachment_id": f.attachment_id,
                    "kind": f.kind.key(), "kind_label": f.kind_label, "line": f.line, "column": f.column, "excerpt": f.excerpt,
                    "masked": f.masked, "can_mask": f.can_mask, "overridden": f.overridden,
                })
            })
            .collect(),
    )))
}

/// A draft's new content, with the version it was read at (the fields of `POST`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditPublicationBody {
    pub version: i64,
    #[serde(flatten)]
    pub content: NewPublicationBody,
}

/// Edit a draft (or an item returned by review): the same checks as the editor. `409` if it
/// changed since `version` or its state does not allow editing.
#[utoipa::path(put, path = "/api/v1/publications/{id}", tag = "catalog (staff)", request_body = EditPublicationBody,
    responses((status = 200, description = "{id, version, state, …}"), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<EditPublicationBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_publication", "信息格式不正确"))?;
    let rec = own_at(&state, &staff, id, b.version).await?;
    let change = svc::Change { add: vec![], remove: vec![] };
    match svc::edit_draft(&state, staff.user(), &rec, &content_input(&b.content), change).await? {
        Ok(rec) => Ok(Json(staff_json(&rec))),
        Err(errors) => Err(first_field_error(errors).into()),
    }
}

/// A decision on sensitive-content findings: `op` `mask` (replace the text) or `override`
/// (keep it, with a `reason`), for one finding by `fingerprint` or every finding of a `kind`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FindingDecisionBody {
    pub version: i64,
    pub op: String,
    pub fingerprint: String,
    pub kind: String,
    pub reason: String,
}

/// Mask or override findings, as on the review page; answers the findings left.
#[utoipa::path(post, path = "/api/v1/publications/{id}/findings", tag = "catalog (staff)", request_body = FindingDecisionBody,
    responses((status = 200, description = "the findings after the decision"), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn decide_findings(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<FindingDecisionBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_finding", "请求内容格式不正确"))?;
    let rec = own_at(&state, &staff, id, b.version).await?;
    let reason = match b.op.as_str() {
        "mask" => None,
        "override" => Some(b.reason.as_str()),
        _ => {
            return Err(AppError::from(gongkai_app::Error::invalid(
                "op",
                "invalid_op",
                "op 应为 mask 或 override",
            ))
            .into());
        }
    };
    let which = if b.kind.is_empty() {
        svc::Which::One(&b.fingerprint)
    } else {
        let kind = gongkai_domain::pii::FindingKind::from_key(&b.kind).ok_or_else(|| {
            AppError::from(gongkai_app::Error::invalid("kind", "unknown_kind", "未知的敏感信息类型"))
        })?;
        svc::Which::AllOfKind(kind)
    };
    svc::decide_findings(&state, staff.user(), &rec, which, reason).await?;
    publication_findings(State(state), staff, ApiPath(id)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AttachmentParams {
    pub version: i64,
    /// The file's name, e.g. `补助名单.xlsx`.
    pub name: String,
}

/// Add an attachment: the request body is the file (`?version=n&name=…`); checked as on the
/// editor (type, size, text extracted in the sandbox, scanned). `413`/`415` when refused.
#[utoipa::path(post, path = "/api/v1/publications/{id}/attachments", tag = "catalog (staff)",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file"),
    params(("id" = i64, Path), ("version" = i64, Query), ("name" = String, Query)),
    responses((status = 201, description = "{id, version, attachments}"), (status = 409, body = crate::error::ErrorBody),
              (status = 413, body = crate::error::ErrorBody), (status = 415, body = crate::error::ErrorBody)))]
pub async fn add_attachment(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<AttachmentParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let rec = own_at(&state, &staff, id, q.version).await?;
    if q.name.trim().is_empty() || body.is_empty() {
        return Err(AppError::from(gongkai_app::Error::invalid(
            "name",
            "required",
            "请提供文件名和文件内容",
        ))
        .into());
    }
    let add = svc::check_attachments(vec![("file".into(), q.name, body.to_vec())]).await?;
    let rec = change_attachments(&state, &staff, &rec, svc::Change { add, remove: vec![] }).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

/// Remove an attachment (`?version=n`).
#[utoipa::path(delete, path = "/api/v1/publications/{id}/attachments/{attachment_id}", tag = "catalog (staff)",
    params(("id" = i64, Path), ("attachment_id" = i64, Path), ("version" = i64, Query)),
    responses((status = 200, description = "{id, version, attachments}"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn remove_attachment(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, attachment_id)): ApiPath<(i64, i64)>,
    Query(q): Query<AttachmentParams>,
) -> Result<Json<Value>, ApiError> {
    let rec = own_at(&state, &staff, id, q.version).await?;
    if !state.store.attachments(rec.id).await?.iter().any(|a| a.id == attachment_id) {
        return Err(AppError::not_found().into());
    }
    let change = svc::Change { add: vec![], remove: vec![attachment_id] };
    Ok(Json(change_attachments(&state, &staff, &rec, change).await?))
}

/// Applies an attachment change as an edit of the current content.
async fn change_attachments(
    state: &AppState,
    staff: &Staff,
    rec: &PublicationRecord,
    change: svc::Change,
) -> Result<Value, AppError> {
    let input = dom::ContentInput::of(&rec.facts.content);
    let rec = match svc::edit_draft(state, staff.user(), rec, &input, change).await? {
        Ok(rec) => rec,
        Err(errors) => return Err(first_field_error(errors)),
    };
    let atts = state.store.attachments(rec.id).await?;
    let mut v = staff_json(&rec);
    v["attachments"] = json!(
        atts.iter()
            .map(|a| json!({"id": a.id, "name": a.name, "size": a.size, "content_type": a.content_type}))
            .collect::<Vec<_>>()
    );
    Ok(v)
}
