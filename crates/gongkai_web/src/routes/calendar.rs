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
use serde::Deserialize;
use serde_json::json;

async fn may_import(state: &AppState, staff: &Staff) -> Result<bool, AppError> {
    Ok(gongkai_app::calendar::may_import(state, staff.user()).await?)
}

async fn render(
    state: &AppState,
    staff: &Staff,
    source: &str,
    error: Option<String>,
    message: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let years = gongkai_app::calendar::years(state).await?;
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
    // Checked and merged before anything is stored; a refusal re-renders with the input.
    match gongkai_app::calendar::import(&state, staff.user(), &f.source).await {
        Ok(years) => {
            let done: Vec<String> = years.iter().map(gongkai_app::calendar::summary).collect();
            render(&state, &staff, "", None, Some(format!("已导入：{}", done.join("；"))), StatusCode::OK)
                .await
        }
        Err(gongkai_app::Error::Invalid { message, .. }) => {
            render(&state, &staff, &f.source, Some(message), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}
