//! The public portal: home page, agency pages, and the site shell shared by every public page.
//!
//! A county portal shows its own and all subordinate agencies (townships publish on the county
//! site — 政府网站发展指引, 国办发〔2017〕47号).

use crate::AppState;
use crate::error::{AppError, PageError};
use crate::view::{agency_json, site_json};
use axum::extract::{Path, State};
use axum::response::Html;
use gongkai_store::Agency;
use serde_json::{Value, json};

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let portal = agencies.iter().find(|a| a.parent_id.is_none()).cloned();
    let (departments, townships, others): (Vec<_>, Vec<_>, Vec<_>) = match &portal {
        Some(p) => {
            let below: Vec<&Agency> =
                agencies.iter().filter(|a| a.parent_id == Some(p.id) && a.active).collect();
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
    let children: Vec<Value> =
        agencies.iter().filter(|a| a.parent_id == Some(id) && a.active).map(agency_json).collect();
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

/// 依申请公开 in the main menu (issue 13): whom to ask, with each agency's form and guide.
/// A request goes to the agency that made or keeps the information (条例第十条), so the
/// citizen chooses the agency first.
pub async fn apply_choose(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let portal = agencies.iter().find(|a| a.parent_id.is_none()).cloned();
    let ctx = json!({
        "site": site_json(portal.as_ref()),
        "nav": "apply",
        "agencies": agencies.iter().filter(|a| a.active).map(agency_json).collect::<Vec<_>>(),
    });
    Ok(state.templates.render("portal_apply_choose.html", ctx)?)
}
