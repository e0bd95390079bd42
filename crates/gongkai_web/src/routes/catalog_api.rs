//! The catalog for API clients with a staff session or token (issue 14): create a draft, move it
//! through the workflow, read the staff view. Same checks as the pages (`catalog::create_draft`,
//! `catalog::perform_checked`); another agency's item answers 404.

use crate::AppState;
use crate::auth::Staff;
use crate::edge::ApiPath;
use crate::error::{ApiError, AppError};
use crate::routes::catalog_staff::{ActionForm, action_from};
use axum::Json;
use axum::extract::State;
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
    let text = |s: &str| gongkai_domain::text::strip_xml_invalid(s);
    let input = dom::ContentInput {
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
    };
    match svc::create_draft(&state, staff.user(), &input, vec![]).await? {
        Ok(rec) => Ok((StatusCode::CREATED, Json(staff_json(&rec)))),
        Err(errors) => {
            let e = errors.into_iter().next().map_or_else(
                || AppError::invalid("title", "invalid", "信息内容不完整"),
                |e| AppError::invalid(e.field, e.code, e.message),
            );
            Err(e.into())
        }
    }
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
    let rec = svc::readable(&state, staff.user(), id).await?;
    svc::require_own(staff.user(), &rec)?;
    if b.version != rec.version {
        return Err(svc::conflict().into());
    }
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
