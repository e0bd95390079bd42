//! The first-run page (issue 14): while the database has no agency, `serve` prints a one-time
//! link `/setup?token=…`; whoever holds it creates the top agency, its first admin (with a
//! password they choose) and the site identity. Without the token — or once set up — the page
//! is not found, so a fresh server on a network cannot be claimed by a passer-by. `gongkai init`
//! does the same from the command line.

use crate::AppState;
use crate::error::{AppError, PageError};
use crate::view::site_json;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::agencies::{FirstRun, first_run};
use gongkai_domain::agency::{AgencyKind, AgencyLevel, FieldError, SiteIdentity};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupQuery {
    token: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    token: String,
    name: String,
    level: String,
    kind: String,
    credit_code: String,
    username: String,
    display_name: String,
    password: String,
    password_confirm: String,
    site_code: String,
    icp_record: String,
    police_record: String,
}

async fn open(state: &AppState, token: &str) -> Result<(), AppError> {
    if !state.setup_token_is(token) || !state.store.list_agencies().await?.is_empty() {
        return Err(AppError::not_found());
    }
    Ok(())
}

fn render(
    state: &AppState,
    f: &SetupForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut by_field: HashMap<&str, &str> = HashMap::new();
    for e in errors {
        by_field.entry(e.field).or_insert(e.message.as_str());
    }
    let ctx = json!({
        "site": site_json(None),
        "token": f.token,
        "form": {
            "name": f.name, "level": f.level, "kind": f.kind, "credit_code": f.credit_code,
            "username": f.username, "display_name": f.display_name, "site_code": f.site_code,
            "icp_record": f.icp_record, "police_record": f.police_record,
        },
        "errors": by_field,
        "error_list": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
        "levels": AgencyLevel::ALL.iter().map(|l| json!({"key": l.as_str(), "label": l.label()})).collect::<Vec<Value>>(),
        "kinds": AgencyKind::ALL.iter().map(|k| json!({"key": k.as_str(), "label": k.label()})).collect::<Vec<Value>>(),
    });
    Ok((status, state.templates.render("setup.html", ctx)?).into_response())
}

/// `GET /setup?token=…`.
pub async fn form(State(state): State<AppState>, Query(q): Query<SetupQuery>) -> Result<Response, PageError> {
    open(&state, &q.token).await?;
    let f = SetupForm {
        token: q.token,
        level: "county".into(),
        kind: "government".into(),
        ..SetupForm::default()
    };
    render(&state, &f, &[], StatusCode::OK)
}

/// `POST /setup`: the token in the form is the page's CSRF defence as well.
pub async fn create(State(state): State<AppState>, Form(f): Form<SetupForm>) -> Result<Response, PageError> {
    open(&state, &f.token).await?;
    let input = FirstRun {
        agency_name: f.name.clone(),
        level: f.level.clone(),
        kind: f.kind.clone(),
        credit_code: f.credit_code.clone(),
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        password: f.password.clone(),
        password_confirm: f.password_confirm.clone(),
        site: SiteIdentity {
            site_code: f.site_code.clone(),
            icp_record: f.icp_record.clone(),
            police_record: f.police_record.clone(),
        },
    };
    match first_run(&state, &input).await? {
        Ok(_) => {
            state.close_setup();
            Ok(Redirect::to("/staff/login?setup=1").into_response())
        }
        Err(errors) => render(&state, &f, &errors, StatusCode::UNPROCESSABLE_ENTITY),
    }
}
