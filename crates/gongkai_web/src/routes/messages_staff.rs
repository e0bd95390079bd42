//! The staff side of 留言 and 找错 (issue 16): the list with due dates (overdue and due-soon
//! highlighted), the detail with the writer's message, the 转办 trail and the forms of the
//! actions (reply, 转办, 无效留言, publish/unpublish), and the agency's reply periods (admins).

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::messages::{self as svc, StaffAction};
use gongkai_app::requests::current_calendar;
use gongkai_domain::message::ReplyDays;
use gongkai_domain::role::Role;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// `all`: closed ones too; `out`: transferred to other agencies.
    view: Option<String>,
    page: Option<String>,
    saved: Option<String>,
}

/// `GET /staff/messages`
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let user = staff.user().clone();
    let (view, key) = match q.view.as_deref() {
        Some("all") => (svc::StaffView::All, "all"),
        Some("out") => (svc::StaffView::TransferredOut, "out"),
        _ => (svc::StaffView::Open, "open"),
    };
    let page = crate::edge::page_clamped(q.page.as_deref());
    let (total, rows) = svc::staff_list(&state, &user, view, page).await?;
    let (due_soon, overdue) = svc::due_counts(&state, &[user.agency_id]).await?;
    let days = svc::reply_days(&state, user.agency_id).await?;
    let pages = (total + svc::PAGE_SIZE - 1) / svc::PAGE_SIZE;
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({
            "nav": "messages",
            "rows": rows,
            "total": total,
            "view": key,
            "page": page,
            "prev": (page > 1).then_some(page - 1),
            "next": (page < pages).then_some(page + 1),
            "due_soon": due_soon,
            "overdue": overdue,
            "days": days,
            "saved": q.saved.is_some(),
            "can_configure": user.has(Role::Admin),
        }),
    );
    Ok(Html(state.templates.render("staff_messages.html", ctx)?.0))
}

async fn render_detail(
    state: &AppState,
    staff: &Staff,
    id: i64,
    done: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let rec = svc::readable(state, user, id).await?;
    let cal = current_calendar(state).await?;
    let m = svc::staff_json(&rec, &cal, state.today());
    let agencies = state.store.list_agencies().await?;
    let targets: Vec<_> = agencies
        .iter()
        .filter(|a| a.active && a.id != rec.agency_id)
        .map(|a| json!({"id": a.id, "name": a.name}))
        .collect();
    let preview = if m["can_publish"].as_bool() == Some(true) {
        let p = svc::masked_texts(state, &rec, state.today()).await?;
        Some(json!({"subject": p.subject, "body": p.body, "reply": p.reply}))
    } else {
        None
    };
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "messages",
            "m": m,
            "may_act": rec.agency_id == user.agency_id,
            "targets": targets,
            "preview": preview,
            "done": done,
            "error": error,
        }),
    );
    let html = state.templates.render("staff_message.html", ctx)?;
    Ok((status, html).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailQuery {
    done: Option<String>,
}

/// `GET /staff/messages/{id}`
pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let done = q.done.as_deref().and_then(|d| match d {
        "reply" => Some("已答复，留言人可凭留言编号和查询码查看答复。"),
        "transfer" => Some("已转办，接收机关的答复期限自今日起重新计算。"),
        "spam" => Some("已标记为无效留言：不公开、不答复，仍计入收到的留言数。"),
        "publish" => Some("已公开，公开的内容已屏蔽个人信息。"),
        "unpublish" => Some("已撤销公开。"),
        _ => None,
    });
    render_detail(&state, &staff, id, done.map(str::to_owned), None, StatusCode::OK).await
}

/// `POST /staff/messages/{id}/action`: `action` = reply | transfer | spam | publish | unpublish.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    staff.verify_csrf(&get("csrf_token"))?;
    let user = staff.user().clone();
    let version: i64 = get("version").trim().parse().unwrap_or(-1);
    let key = get("action");
    let action = match key.as_str() {
        "reply" => StaffAction::Reply { text: get("text") },
        "transfer" => match get("to").trim().parse::<i64>() {
            Ok(to) => StaffAction::Transfer { to, note: get("note") },
            Err(_) => {
                return render_detail(
                    &state,
                    &staff,
                    id,
                    None,
                    Some("请选择接收转办的机关。".into()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
        "spam" => StaffAction::Spam,
        "publish" => StaffAction::Publish,
        "unpublish" => StaffAction::Unpublish,
        _ => return Err(AppError::new(StatusCode::BAD_REQUEST, "unknown_action", "未知的操作。").into()),
    };
    match svc::perform(&state, &user, id, version, action).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/messages/{id}?done={key}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            if e.status == StatusCode::NOT_FOUND {
                return Err(e.into());
            }
            render_detail(&state, &staff, id, None, Some(e.message), e.status).await
        }
    }
}

/// `POST /staff/messages/settings`: the agency's reply periods (admins).
pub async fn save_settings(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    staff.verify_csrf(&get("csrf_token"))?;
    let days = ReplyDays {
        message: get("message_days").trim().parse().unwrap_or(0),
        error_report: get("error_report_days").trim().parse().unwrap_or(0),
    };
    svc::save_reply_days(&state, staff.user(), days).await?;
    Ok(Redirect::to("/staff/messages?saved=1").into_response())
}
