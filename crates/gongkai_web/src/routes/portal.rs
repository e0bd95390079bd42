//! The public portal: home page, agency pages, and the site shell shared by every public page.
//!
//! A county portal shows its own and all subordinate agencies (townships publish on the county
//! site — 政府网站发展指引, 国办发〔2017〕47号).

use crate::AppState;
use crate::error::{AppError, PageError};
use axum::extract::{Path, State};
use axum::response::Html;
use gongkai_store::Agency;
use serde_json::{Value, json};

/// The agency whose portal this is: the first agency without a parent.
pub async fn portal_agency(state: &AppState) -> Result<Option<Agency>, AppError> {
    Ok(state.store.list_agencies().await?.into_iter().find(|a| a.parent_id.is_none()))
}

/// The site shell's data: the portal agency's name and its disclosure office's contacts.
pub async fn site_context(state: &AppState) -> Result<Value, AppError> {
    Ok(site_json(portal_agency(state).await?.as_ref()))
}

/// The site shell's data from an already loaded portal agency.
pub fn site_json(portal: Option<&Agency>) -> Value {
    match portal {
        Some(a) => json!({"name": a.name, "contact": a.contact, "configured": true}),
        None => json!({"name": "政府信息公开平台", "contact": Value::Null, "configured": false}),
    }
}

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let portal = agencies.iter().find(|a| a.parent_id.is_none()).cloned();
    let (departments, townships, others): (Vec<_>, Vec<_>, Vec<_>) = match &portal {
        Some(p) => {
            let below: Vec<&Agency> = agencies.iter().filter(|a| a.parent_id == Some(p.id)).collect();
            (
                below.iter().filter(|a| a.kind.as_str() == "department").map(|a| agency_json(a)).collect(),
                below
                    .iter()
                    .filter(|a| a.level.as_str() == "township" || a.kind.as_str() == "sub_district")
                    .map(|a| agency_json(a))
                    .collect(),
                below
                    .iter()
                    .filter(|a| {
                        a.kind.as_str() != "department"
                            && a.level.as_str() != "township"
                            && a.kind.as_str() != "sub_district"
                    })
                    .map(|a| agency_json(a))
                    .collect(),
            )
        }
        None => (vec![], vec![], vec![]),
    };
    let ctx = json!({
        "site": site_json(portal.as_ref()),
        "portal": portal.as_ref().map(agency_json),
        "departments": departments,
        "townships": townships,
        "others": others,
        "catalog": crate::routes::catalog_portal::latest(&state, &agencies, 10).await?,
    });
    Ok(state.templates.render("portal_home.html", ctx)?)
}

pub async fn agency(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let agencies = state.store.list_agencies().await?;
    let agency = agencies.iter().find(|a| a.id == id).ok_or_else(AppError::not_found)?;
    let parent = agency.parent_id.and_then(|p| agencies.iter().find(|a| a.id == p));
    let children: Vec<Value> = agencies.iter().filter(|a| a.parent_id == Some(id)).map(agency_json).collect();
    let ctx = json!({
        "site": site_json(agencies.iter().find(|a| a.parent_id.is_none())),
        "agency": agency_json(agency),
        "parent": parent.map(agency_json),
        "children": children,
        "reports": crate::routes::reports::published_list(&state, id).await?,
    });
    Ok(state.templates.render("portal_agency.html", ctx)?)
}

pub async fn not_found() -> PageError {
    PageError(AppError::not_found())
}

pub fn agency_json(a: &Agency) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "level": a.level.as_str(),
        "level_label": a.level.label(),
        "kind": a.kind.as_str(),
        "kind_label": a.kind.label(),
        "code": a.code,
        "parent_id": a.parent_id,
        "contact": a.contact,
        "auto_confirm_online": a.auto_confirm_online,
    })
}
