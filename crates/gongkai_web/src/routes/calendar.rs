//! Staff page for the working-day calendar: which years are loaded, and importing a newly
//! announced year (国务院办公厅关于YYYY年部分节假日安排的通知) without rebuilding.
//!
//! The calendar is platform-wide, so only an admin of a top-level agency (no parent) may import.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::requests::current_calendar;
use gongkai_domain::calendar::parse_arrangements;
use gongkai_domain::role::Role;
use gongkai_store::Actor;
use serde::Deserialize;
use serde_json::json;

async fn may_import(state: &AppState, staff: &Staff) -> Result<bool, AppError> {
    let agency = state.store.get_agency(staff.user().agency_id).await?.ok_or_else(AppError::not_found)?;
    Ok(staff.user().has(Role::Admin) && agency.parent_id.is_none())
}

async fn render(
    state: &AppState,
    staff: &Staff,
    source: &str,
    error: Option<String>,
    message: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let cal = current_calendar(state).await?;
    let imported = state.store.list_calendar_years().await?;
    let years: Vec<_> = cal
        .loaded_years()
        .into_iter()
        .map(|y| {
            let a = cal.year(y);
            json!({
                "year": y,
                "holidays": a.map(|a| a.holiday_count()).unwrap_or(0),
                "workdays": a.map(|a| a.workday_count()).unwrap_or(0),
                "imported": imported.iter().any(|i| i.year == y),
            })
        })
        .collect();
    let ctx = merge(
        console_context(state, staff).await?,
        json!({"nav": "calendar", "years": years, "can_import": may_import(state, staff).await?,
               "source": source, "error": error, "message": message}),
    );
    Ok((status, state.templates.render("staff_calendar.html", ctx)?).into_response())
}

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    render(&state, &staff, "", None, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    source: String,
}

pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<ImportForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    if !may_import(&state, &staff).await? {
        return Err(AppError::forbidden().into());
    }
    // Parse and check the merge before storing anything; a refusal re-renders with the input.
    let current = current_calendar(&state).await?;
    let parsed = match parse_arrangements(&f.source) {
        Ok(y) if y.is_empty() => Err("没有找到任何日期，请按说明的格式填写。".to_string()),
        Ok(y) => current.merged(y.clone()).map(|_| y).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let years = match parsed {
        Ok(y) => y,
        Err(e) => {
            return render(&state, &staff, &f.source, Some(e), None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let mut done = Vec::new();
    for y in &years {
        state.store.put_calendar_year(&Actor::user(staff.user()), y.year, y.to_text_block()).await?;
        done.push(format!(
            "{} 年（放假 {} 天，调休上班 {} 天）",
            y.year,
            y.holiday_count(),
            y.workday_count()
        ));
    }
    render(&state, &staff, "", None, Some(format!("已导入：{}", done.join("；"))), StatusCode::OK).await
}
