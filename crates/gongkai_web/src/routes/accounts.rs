//! Passwords and roles (issue 13): a staff member changes their own password; an agency's admin
//! resets a colleague's password and edits their roles. Every change is audited by the store, and
//! the person concerned is signed out everywhere (a new password or new roles take effect at the
//! next login, never alongside an old session).

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Staff, append_set_cookie, clear_cookie};
use crate::error::{AppError, PageError};
use crate::view::{console_context, merge};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::access::require_admin_of;
use gongkai_domain::role::Role;
use gongkai_store::Actor;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

async fn render_password(
    state: &AppState,
    staff: &Staff,
    errors: HashMap<&'static str, &'static str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let required = staff.user().must_change_password;
    let ctx = merge(
        console_context(state, staff).await?,
        json!({"nav": "", "errors": errors, "required": required}),
    );
    Ok((status, state.templates.render("staff_password.html", ctx)?).into_response())
}

pub async fn password_form(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    render_password(&state, &staff, HashMap::new(), StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OwnPasswordForm {
    csrf_token: String,
    current: String,
    password: String,
    password_confirm: String,
}

/// The new password's own checks (policy, repeated the same), keyed by field.
fn new_password_errors(password: &str, confirm: &str) -> HashMap<&'static str, &'static str> {
    let mut errors = HashMap::new();
    if let Err(m) = auth::check_password_policy(password) {
        errors.insert("password", m);
    } else if password != confirm {
        errors.insert("password_confirm", "两次输入的密码不一致");
    }
    errors
}

async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| AppError::internal())?
        .map_err(AppError::from)
}

/// 修改密码: the current password is asked for (a borrowed session cannot change it); on success
/// every session of the user ends, this one included, and the page says to log in again.
pub async fn change_own_password(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<OwnPasswordForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let me = staff.user().clone();
    let mut errors = new_password_errors(&f.password, &f.password_confirm);
    let (_, stored) = state.store.find_login(&me.username).await?.ok_or_else(AppError::not_found)?;
    let current = f.current.clone();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&current, &stored))
        .await
        .map_err(|_| AppError::internal())?;
    if !ok {
        errors.insert("current", "当前密码不正确");
    } else if f.password == f.current && errors.is_empty() {
        errors.insert("password", "新密码不能与当前密码相同");
    }
    if !errors.is_empty() {
        return render_password(&state, &staff, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let h = hash(f.password).await?;
    state.store.set_user_password(&Actor::user(&me), me.id, h).await?;
    let mut resp = Redirect::to("/staff/login?changed=1").into_response();
    append_set_cookie(resp.headers_mut(), clear_cookie(SESSION_COOKIE, state.config.cookie_secure));
    Ok(resp)
}

/// The signed-in admin and the colleague (`id` from the path) they act on, after the CSRF
/// check: refused unless the colleague is in an agency the admin administers.
pub(crate) async fn admin_and_colleague(
    state: &AppState,
    staff: &Staff,
    csrf_token: &str,
    id: &str,
) -> Result<(gongkai_store::User, gongkai_store::User), PageError> {
    staff.verify_csrf(csrf_token)?;
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let me = staff.user().clone();
    let target = state.store.get_user(id).await?.ok_or_else(AppError::not_found)?;
    require_admin_of(&me, target.agency_id)?;
    Ok((me, target))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    csrf_token: String,
    password: String,
    password_confirm: String,
}

/// An admin sets a new password for a colleague of the same agency (重置密码).
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ResetForm>,
) -> Result<Response, PageError> {
    let (me, target) = admin_and_colleague(&state, &staff, &f.csrf_token, &id).await?;
    let id = target.id;
    let errors = new_password_errors(&f.password, &f.password_confirm);
    if let Some(m) = errors.values().next() {
        let code = USERS_PAGE_NOTICES.iter().find(|(_, text)| text == m).map_or("pw_refused", |(c, _)| *c);
        return Ok(Redirect::to(&format!("/staff/users?error={code}&user={id}")).into_response());
    }
    let h = hash(f.password).await?;
    // The admin knows this password: it is temporary, the colleague sets their own at the next
    // sign-in (issue 14).
    state.store.set_temporary_password(&Actor::user(&me), id, h).await?;
    Ok(Redirect::to(&format!("/staff/users?done=password&user={id}")).into_response())
}

/// An admin replaces a colleague's roles. At least one role; an admin cannot take away their own
/// admin role (the agency would be left without one who can undo it).
pub async fn set_roles(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let csrf = f.get("csrf_token").map(String::as_str).unwrap_or("");
    let (me, target) = admin_and_colleague(&state, &staff, csrf, &id).await?;
    let id = target.id;
    let roles: Vec<Role> =
        Role::ALL.iter().copied().filter(|r| f.contains_key(&format!("role_{}", r.as_str()))).collect();
    if roles.is_empty() {
        return Ok(Redirect::to(&format!("/staff/users?error=roles_required&user={id}")).into_response());
    }
    if target.id == me.id && !roles.contains(&Role::Admin) {
        return Ok(Redirect::to(&format!("/staff/users?error=own_admin&user={id}")).into_response());
    }
    state.store.set_user_roles(&Actor::user(&me), id, roles).await?;
    Ok(Redirect::to(&format!("/staff/users?done=roles&user={id}")).into_response())
}

/// What the users page says after an admin action (`?done=` / `?error=` codes, never free text
/// from the address).
pub const USERS_PAGE_NOTICES: [(&str, &str); 8] = [
    ("token", "接口令牌已吊销，使用它的调用将被拒绝"),
    ("password", "临时密码已保存；该工作人员用它登录后，须先设置自己的密码"),
    ("roles", "角色已修改；该工作人员重新登录后生效"),
    ("pw_short", "密码至少需要 10 个字符"),
    ("pw_digits", "密码不能全是数字"),
    ("pw_mismatch", "两次输入的密码不一致"),
    ("roles_required", "请至少选择一个角色"),
    ("own_admin", "不能取消自己的管理员角色；请由本机关的另一位管理员操作"),
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    csrf_token: String,
    token_id: i64,
}

/// An admin revokes a colleague's API token (issue 14); it answers 401 from then on.
pub async fn revoke_token(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, PageError> {
    let (me, target) = admin_and_colleague(&state, &staff, &f.csrf_token, &id).await?;
    if !state.store.list_api_tokens(target.id).await?.iter().any(|t| t.id == f.token_id) {
        return Err(AppError::not_found().into());
    }
    state.store.revoke_api_token(&Actor::user(&me), f.token_id).await?;
    Ok(Redirect::to(&format!("/staff/users?done=token&user={}", target.id)).into_response())
}
