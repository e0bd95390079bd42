//! 机构管理 (issue 14): an admin's pages for the agencies below their own — the tree, a new
//! agency, and each agency's name, place, level, kind, 统一社会信用代码, 机构信息 and status — and,
//! for the top agency's admin, the portal's site identity. The rules are
//! `gongkai_app::agencies`; these handlers parse forms and render.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::agencies::{self as svc, AgencyForm};
use gongkai_domain::agency::{AgencyKind, AgencyLevel, FieldError, SiteIdentity};
use gongkai_store::Agency;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgencyFormBody {
    csrf_token: String,
    name: String,
    parent_id: String,
    level: String,
    kind: String,
    credit_code: String,
    functions: String,
    head: String,
    departments: String,
    active: Option<String>,
}

impl AgencyFormBody {
    fn form(&self) -> AgencyForm {
        AgencyForm {
            name: self.name.clone(),
            parent_id: self.parent_id.clone(),
            level: self.level.clone(),
            kind: self.kind.clone(),
            credit_code: self.credit_code.clone(),
            functions: self.functions.clone(),
            head: self.head.clone(),
            departments: self.departments.clone(),
            active: self.active.is_some(),
        }
    }
}

fn errors_json(errors: &[FieldError]) -> Value {
    let mut map = serde_json::Map::new();
    for e in errors {
        map.entry(e.field.to_owned()).or_insert_with(|| Value::String(e.message.clone()));
    }
    Value::Object(map)
}

/// The tree as indented rows: depth, agency, whether the user may edit it.
fn tree_rows(all: &[Agency], root: i64, editable: &std::collections::BTreeSet<i64>) -> Vec<Value> {
    fn walk(
        all: &[Agency],
        id: i64,
        depth: usize,
        editable: &std::collections::BTreeSet<i64>,
        out: &mut Vec<Value>,
    ) {
        let Some(a) = all.iter().find(|a| a.id == id) else { return };
        out.push(json!({
            "id": a.id, "name": a.name, "depth": depth, "indent": depth * 2,
            "level": a.level.label(), "kind": a.kind.label(), "code": a.code, "active": a.active,
            "editable": editable.contains(&a.id),
        }));
        let mut children: Vec<&Agency> = all.iter().filter(|c| c.parent_id == Some(id)).collect();
        children.sort_by_key(|c| (c.kind != AgencyKind::Government, c.name.clone()));
        for c in children {
            walk(all, c.id, depth + 1, editable, out);
        }
    }
    let mut out = Vec::new();
    walk(all, root, 0, editable, &mut out);
    out
}

/// `/staff/agencies`: the agencies this admin manages, with the site identity for the top admin.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let user = staff.user();
    let all = state.store.list_agencies().await?;
    let mine = svc::manageable(&all, user);
    if mine.is_empty() {
        return Err(AppError::forbidden().into());
    }
    render_list(&state, &staff, &all, q.get("saved").cloned(), None, json!({}), StatusCode::OK)
        .await
        .map(|r| Html(r.1))
}

async fn render_list(
    state: &AppState,
    staff: &Staff,
    all: &[Agency],
    saved: Option<String>,
    site: Option<SiteIdentity>,
    errors: Value,
    status: StatusCode,
) -> Result<(StatusCode, String), PageError> {
    let user = staff.user();
    let mine = svc::manageable(all, user);
    let top = all.iter().find(|a| a.parent_id.is_none());
    let is_top_admin = top.is_some_and(|t| t.id == user.agency_id);
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "agencies",
            "rows": tree_rows(all, user.agency_id, &mine),
            "saved": saved,
            "errors": errors,
            "is_top_admin": is_top_admin,
            "site": site.or_else(|| top.map(|t| t.site.clone())),
        }),
    );
    Ok((status, state.templates.render("staff_agencies.html", ctx)?.0))
}

async fn render_form(
    state: &AppState,
    staff: &Staff,
    editing: Option<&Agency>,
    form: &AgencyForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let all = state.store.list_agencies().await?;
    let own = editing.is_some_and(|a| a.id == user.agency_id);
    let parents: Vec<Value> = svc::possible_parents(&all, user, editing.map(|a| a.id))
        .iter()
        .map(|a| json!({"id": a.id.to_string(), "name": a.name}))
        .collect();
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "agencies",
            "editing": editing.map(|a| json!({"id": a.id, "name": a.name})),
            "own": own,
            "form": {
                "name": form.name, "parent_id": form.parent_id, "level": form.level, "kind": form.kind,
                "credit_code": form.credit_code, "functions": form.functions, "head": form.head,
                "departments": form.departments, "active": form.active,
            },
            "errors": errors_json(errors),
            "error_list": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
            "parents": parents,
            "levels": AgencyLevel::ALL.iter().map(|l| json!({"key": l.as_str(), "label": l.label()})).collect::<Vec<_>>(),
            "kinds": AgencyKind::ALL.iter().map(|k| json!({"key": k.as_str(), "label": k.label()})).collect::<Vec<_>>(),
        }),
    );
    Ok((status, state.templates.render("staff_agency_form.html", ctx)?).into_response())
}

/// `/staff/agencies/new`.
pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let user = staff.user();
    let all = state.store.list_agencies().await?;
    if svc::manageable(&all, user).is_empty() {
        return Err(AppError::forbidden().into());
    }
    let form = AgencyForm { parent_id: user.agency_id.to_string(), active: true, ..AgencyForm::default() };
    render_form(&state, &staff, None, &form, &[], StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<AgencyFormBody>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let form = f.form();
    match svc::create(&state, staff.user(), &form).await? {
        Ok(a) => Ok(Redirect::to(&format!("/staff/agencies?saved={}", a.id)).into_response()),
        Err(errors) => {
            render_form(&state, &staff, None, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// `/staff/agencies/{id}`.
pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let all = state.store.list_agencies().await?;
    let agency = svc::editable(&all, staff.user(), id)?.clone();
    render_form(&state, &staff, Some(&agency), &AgencyForm::of(&agency), &[], StatusCode::OK).await
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<AgencyFormBody>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let form = f.form();
    match svc::update(&state, staff.user(), id, &form).await? {
        Ok(a) => Ok(Redirect::to(&format!("/staff/agencies?saved={}", a.id)).into_response()),
        Err(errors) => {
            let all = state.store.list_agencies().await?;
            let agency = svc::editable(&all, staff.user(), id)?.clone();
            render_form(&state, &staff, Some(&agency), &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SiteForm {
    csrf_token: String,
    site_code: String,
    icp_record: String,
    police_record: String,
}

/// The portal's site identity (top agency's admin).
pub async fn update_site(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SiteForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let typed =
        SiteIdentity { site_code: f.site_code, icp_record: f.icp_record, police_record: f.police_record };
    match svc::set_site_identity(&state, staff.user(), typed.clone()).await? {
        Ok(_) => Ok(Redirect::to("/staff/agencies?saved=site").into_response()),
        Err(e) => {
            let all = state.store.list_agencies().await?;
            let (status, html) = render_list(
                &state,
                &staff,
                &all,
                None,
                Some(typed),
                json!({ e.field: e.message }),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await?;
            Ok((status, Html(html)).into_response())
        }
    }
}
