//! The staff console: login and logout, the dashboard, staff accounts, the audit log, and the
//! agency's disclosure-office settings.

use crate::AppState;
use crate::auth::{
    self, LOGIN_CSRF_COOKIE, MaybeStaff, SESSION_COOKIE, Staff, append_set_cookie, clear_cookie, cookie,
    set_cookie,
};
use crate::error::{AppError, PageError};
use crate::view::{agency_json, console_context, merge, user_json};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::access::{readable_agencies, require_admin_of, require_read};
use gongkai_domain::agency::OfficeContact;
use gongkai_domain::role::Role;
use gongkai_store::{Actor, AuditEvent, AuditFilter, NewSession, NewUser};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

pub use crate::edge::ClientAddr;

/// Only same-site console paths are accepted as a post-login destination (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/staff") && !n.contains("//") && !n.contains('\\') => n.to_string(),
        _ => "/staff".into(),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    changed: Option<String>,
    setup: Option<String>,
}

pub async fn login_form(
    State(state): State<AppState>,
    MaybeStaff(session): MaybeStaff,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if session.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    // After 修改密码 every session has ended: say so above the form.
    let notice = if q.setup.is_some() {
        Some("初始设置已完成，请用刚才设置的管理员账号登录。")
    } else {
        q.changed.is_some().then_some("密码已修改，请用新密码登录。")
    };
    render_login(&state, &headers, "", q.next.as_deref(), None, StatusCode::OK, notice)
}

fn render_login(
    state: &AppState,
    headers: &HeaderMap,
    username: &str,
    next: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
    notice: Option<&str>,
) -> Result<Response, PageError> {
    // Double-submit token for the login form: reuse the browser's if it has one.
    let token = auth::double_submit_token(headers, LOGIN_CSRF_COOKIE);
    let ctx = json!({
        "site": login_site(),
        "csrf_token": token,
        "username": username,
        "next": safe_next(next),
        "error": error,
        "notice": notice,
    });
    let html = state.templates.render("staff_login.html", ctx)?;
    let mut resp = (status, html).into_response();
    append_set_cookie(
        resp.headers_mut(),
        set_cookie(LOGIN_CSRF_COOKIE, &token, Duration::from_secs(3600), state.config.cookie_secure),
    );
    Ok(resp)
}

/// The login page's site shell: the generic platform name, without a database round-trip (the
/// page must work even when the portal is not configured).
fn login_site() -> Value {
    json!({"name": "政府信息公开工作平台", "contact": Value::Null, "configured": false})
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    if !auth::double_submit_ok(&headers, LOGIN_CSRF_COOKIE, &form.csrf_token) {
        tracing::warn!(client = %client, "refused a login form without a valid CSRF token");
        return render_login(
            &state,
            &headers,
            &form.username,
            form.next.as_deref(),
            Some("登录表单已失效，请重新输入后提交。"),
            StatusCode::FORBIDDEN,
            None,
        );
    }
    let username = form.username.trim().to_string();
    if !state.limiter.allowed(&username, &client) {
        tracing::warn!(client = %client, "refused a login: too many failures");
        let e = AppError::rate_limited();
        return render_login(
            &state,
            &headers,
            &username,
            form.next.as_deref(),
            Some(&e.message),
            e.status,
            None,
        );
    }
    let found = state.store.find_login(&username).await?;
    let password = form.password.clone();
    // Verify against a dummy hash when the user does not exist, so timing reveals nothing.
    let hash = found.as_ref().map(|(_, h)| h.clone()).unwrap_or_else(dummy_hash);
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|_| AppError::internal())?;
    match found {
        Some((user, _)) if ok && user.active => {
            state.limiter.record_success(&username, &client);
            let token = auth::random_token();
            let ttl = state.config.session_ttl;
            state
                .store
                .create_session(NewSession {
                    token_hash: auth::token_hash(&token),
                    user_id: user.id,
                    csrf_token: auth::random_token(),
                    expires_at: chrono::Utc::now()
                        + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::hours(8)),
                })
                .await?;
            state
                .store
                .record_event(
                    &Actor::user(&user),
                    AuditEvent {
                        action: "auth.login".into(),
                        subject: format!("user:{}", user.id),
                        agency_id: None,
                        before: String::new(),
                        after: json!({"client": client}).to_string(),
                    },
                )
                .await?;
            tracing::info!(user = %user.username, "staff member signed in");
            let mut resp = Redirect::to(&safe_next(form.next.as_deref())).into_response();
            append_set_cookie(
                resp.headers_mut(),
                set_cookie(SESSION_COOKIE, &token, ttl, state.config.cookie_secure),
            );
            append_set_cookie(
                resp.headers_mut(),
                clear_cookie(LOGIN_CSRF_COOKIE, state.config.cookie_secure),
            );
            Ok(resp)
        }
        other => {
            state.limiter.record_failure(&username, &client);
            if let Some((user, _)) = &other {
                state
                    .store
                    .record_event(
                        &Actor { name: "anonymous".into(), user_id: None, agency_id: Some(user.agency_id) },
                        AuditEvent {
                            action: "auth.login_failed".into(),
                            subject: format!("user:{}", user.id),
                            agency_id: Some(user.agency_id),
                            before: String::new(),
                            after: json!({"client": client, "reason": if user.active { "password" } else { "inactive" }})
                                .to_string(),
                        },
                    )
                    .await?;
            }
            tracing::warn!(client = %client, "refused a login with wrong credentials");
            render_login(
                &state,
                &headers,
                &username,
                form.next.as_deref(),
                Some("登录名或密码不正确，或账号已停用。"),
                StatusCode::UNAUTHORIZED,
                None,
            )
        }
    }
}

/// A real argon2id hash of a random string, verified against when the login name is unknown so
/// that the response time does not reveal whether the name exists.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| auth::hash_password(&auth::random_token()).unwrap_or_default()).clone()
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&auth::token_hash(&token)).await?;
    }
    state
        .store
        .record_event(
            &Actor::user(staff.user()),
            AuditEvent {
                action: "auth.logout".into(),
                subject: format!("user:{}", staff.user().id),
                agency_id: None,
                before: String::new(),
                after: String::new(),
            },
        )
        .await?;
    let mut resp = Redirect::to("/staff/login").into_response();
    append_set_cookie(resp.headers_mut(), clear_cookie(SESSION_COOKIE, state.config.cookie_secure));
    Ok(resp)
}

#[derive(Debug, Deserialize, Default)]
pub struct AgencyQuery {
    agency: Option<String>,
    before: Option<String>,
    done: Option<String>,
    error: Option<String>,
}

fn parse_id(s: Option<&str>) -> Result<Option<i64>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| AppError::not_found()),
    }
}

pub async fn users(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<AgencyQuery>,
) -> Result<Html<String>, PageError> {
    let target = parse_id(q.agency.as_deref())?.unwrap_or(staff.user().agency_id);
    // After an admin action: a fixed message per code (never text from the address).
    let says = |code: &Option<String>| {
        code.as_deref().and_then(|c| {
            crate::routes::accounts::USERS_PAGE_NOTICES
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, t)| (*t).to_owned())
        })
    };
    let notice = match (says(&q.error), says(&q.done)) {
        (Some(e), _) => Some(json!({"error": true, "text": e})),
        (None, Some(d)) => Some(json!({"error": false, "text": d})),
        _ => None,
    };
    render_users(&state, &staff, target, NewUserInput::default(), None, StatusCode::OK, notice)
        .await
        .map(|(_, h)| h)
}

#[derive(Debug, Deserialize, Default, serde::Serialize, Clone)]
pub struct NewUserInput {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    role_admin: Option<String>,
    #[serde(default)]
    role_editor: Option<String>,
    #[serde(default)]
    role_reviewer: Option<String>,
    #[serde(default)]
    role_approver: Option<String>,
    #[serde(default)]
    role_supervisor: Option<String>,
    #[serde(default)]
    csrf_token: String,
}

impl NewUserInput {
    fn roles(&self) -> Vec<Role> {
        [
            (&self.role_admin, Role::Admin),
            (&self.role_editor, Role::Editor),
            (&self.role_reviewer, Role::Reviewer),
            (&self.role_approver, Role::Approver),
            (&self.role_supervisor, Role::Supervisor),
        ]
        .into_iter()
        .filter(|(v, _)| v.is_some())
        .map(|(_, r)| r)
        .collect()
    }

    /// Validates the form; errors are keyed by field with Chinese messages.
    fn validate(&self) -> HashMap<&'static str, &'static str> {
        let mut errors = HashMap::new();
        let u = self.username.trim();
        if u.is_empty() {
            errors.insert("username", "请填写登录名");
        } else if u.chars().count() > 32 || !u.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            errors.insert("username", "登录名只能使用字母、数字和 . _ -，不超过 32 个字符");
        }
        let d = self.display_name.trim();
        if d.is_empty() {
            errors.insert("display_name", "请填写姓名");
        } else if d.chars().count() > 40 {
            errors.insert("display_name", "姓名不能超过 40 个字");
        } else if let Err(m) = gongkai_domain::text::check_name(d) {
            errors.insert("display_name", m);
        }
        if let Err(m) = auth::check_password_policy(&self.password) {
            errors.insert("password", m);
        } else if self.password != self.password_confirm {
            errors.insert("password_confirm", "两次输入的密码不一致");
        }
        if self.roles().is_empty() {
            errors.insert("roles", "请至少选择一个角色");
        }
        errors
    }
}

async fn render_users(
    state: &AppState,
    staff: &Staff,
    target: i64,
    input: NewUserInput,
    errors: Option<HashMap<&'static str, &'static str>>,
    status: StatusCode,
    notice: Option<Value>,
) -> Result<(StatusCode, Html<String>), PageError> {
    let agencies = state.store.list_agencies().await?;
    require_read(&agencies, staff.user(), target)?;
    let target_agency = agencies.iter().find(|a| a.id == target).ok_or_else(AppError::not_found)?;
    let can_manage = staff.user().agency_id == target && staff.user().has(Role::Admin);
    let mut users = Vec::new();
    for u in state.store.list_users(target).await? {
        let mut v = user_json(&u);
        // API tokens with their last use (issue 14), for the admin who may revoke them.
        if can_manage {
            let tokens = state.store.list_api_tokens(u.id).await?;
            v["tokens"] = json!(
                tokens
                    .iter()
                    .map(|t| json!({
                        "id": t.id, "name": t.name, "revoked": t.revoked_at.is_some(),
                        "created_at": t.created_at.to_rfc3339(),
                        "last_used_at": t.last_used_at.map(|d| d.to_rfc3339()),
                        "expires_at": t.expires_at.map(|d| d.to_rfc3339()),
                    }))
                    .collect::<Vec<_>>()
            );
        }
        users.push(v);
    }
    let mut input_json = serde_json::to_value(&input).unwrap_or(Value::Null);
    // never echo passwords back into the page
    if let Some(o) = input_json.as_object_mut() {
        o.remove("password");
        o.remove("password_confirm");
        o.remove("csrf_token");
    }
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "users",
            "target": agency_json(target_agency),
            "users": users,
            "can_manage": can_manage,
            "input": input_json,
            "errors": errors.unwrap_or_default(),
            "notice": notice,
            "all_roles": Role::ALL.iter().map(|r| json!({"key": r.as_str(), "label": r.label()})).collect::<Vec<_>>(),
        }),
    );
    Ok((status, state.templates.render("staff_users.html", ctx)?))
}

pub async fn create_user(
    State(state): State<AppState>,
    staff: Staff,
    Form(input): Form<NewUserInput>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&input.csrf_token)?;
    let me = staff.user().clone();
    require_admin_of(&me, me.agency_id)?;
    let errors = input.validate();
    if !errors.is_empty() {
        return Ok(render_users(
            &state,
            &staff,
            me.agency_id,
            input,
            Some(errors),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await?
        .into_response());
    }
    let password = input.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| AppError::internal())??;
    let temporary = hash.clone();
    let created = state
        .store
        .create_user(
            &Actor::user(&me),
            NewUser {
                agency_id: me.agency_id,
                username: input.username.trim().to_string(),
                display_name: input.display_name.trim().to_string(),
                roles: input.roles(),
                password_hash: hash,
            },
        )
        .await;
    match created {
        Ok(u) => {
            tracing::info!(by = %me.username, user_id = u.id, "staff account created");
            // The admin chose this first password: the colleague sets their own at the first
            // sign-in (issue 14).
            state.store.set_temporary_password(&Actor::user(&me), u.id, temporary).await?;
            Ok(Redirect::to(&format!("/staff/users?created={}", u.id)).into_response())
        }
        Err(gongkai_store::StoreError::Conflict(_)) => {
            let mut errors = HashMap::new();
            errors.insert("username", "该登录名已被使用，请换一个");
            Ok(render_users(&state, &staff, me.agency_id, input, Some(errors), StatusCode::CONFLICT, None)
                .await?
                .into_response())
        }
        Err(e) => Err(PageError::from(e)),
    }
}

#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, PageError> {
    let (me, target) =
        crate::routes::accounts::admin_and_colleague(&state, &staff, &f.csrf_token, &id).await?;
    let id = target.id;
    if target.id == me.id {
        return Err(
            AppError::new(StatusCode::CONFLICT, "cannot_deactivate_self", "不能停用自己的账号。").into()
        );
    }
    state.store.set_user_active(&Actor::user(&me), id, f.active == "1").await?;
    Ok(Redirect::to("/staff/users").into_response())
}

pub async fn audit(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<AgencyQuery>,
) -> Result<Html<String>, PageError> {
    let me = staff.user();
    if !me.has(Role::Admin) && !me.has(Role::Supervisor) {
        return Err(AppError::forbidden().into());
    }
    let agencies = state.store.list_agencies().await?;
    let scope = match parse_id(q.agency.as_deref())? {
        Some(a) => {
            require_read(&agencies, me, a)?;
            vec![a]
        }
        None => readable_agencies(&agencies, me),
    };
    let before = parse_id(q.before.as_deref())?;
    let entries = state
        .store
        .list_audit(AuditFilter { agency_ids: Some(scope), before_seq: before, limit: 50 })
        .await?;
    let next_before = if entries.len() == 50 { entries.last().map(|e| e.seq) } else { None };
    let names: HashMap<String, String> =
        agencies.iter().map(|a| (a.id.to_string(), a.name.clone())).collect();
    // People by login name, for the 操作人 column (issue 13: 李信息, not `editor`).
    let mut people = HashMap::new();
    for id in entries.iter().filter_map(|e| e.agency_id).collect::<std::collections::BTreeSet<_>>() {
        for u in state.store.list_users(id).await? {
            people.insert(u.username.clone(), u.display_name.clone());
        }
    }
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "seq": e.seq,
                "at": e.at,
                "actor": crate::view::audit_actor_zh(&e.actor, &people),
                "actor_code": e.actor,
                "agency": e.agency_id.map(|id| names.get(&id.to_string()).cloned().unwrap_or_else(|| id.to_string())),
                "action": crate::view::audit_action_zh(&e.action),
                "action_code": e.action,
                "subject": crate::view::audit_subject_zh(&e.subject),
                "subject_code": e.subject,
                "before": crate::view::audit_summary_zh(&e.before),
                "after": crate::view::audit_summary_zh(&e.after),
            })
        })
        .collect();
    let ctx = merge(
        console_context(&state, &staff).await?,
        json!({"nav": "audit", "entries": rows, "next_before": next_before,
               "filter_agency": q.agency.unwrap_or_default()}),
    );
    Ok(state.templates.render("staff_audit.html", ctx)?)
}

#[derive(Debug, Deserialize)]
pub struct RequestSettingsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    auto_confirm_online: Option<String>,
}

/// The agency's request settings (admins): automatic confirmation of online applications.
pub async fn update_request_settings(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<RequestSettingsForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let me = staff.user().clone();
    require_admin_of(&me, me.agency_id)?;
    state
        .store
        .set_agency_auto_confirm(&Actor::user(&me), me.agency_id, f.auto_confirm_online.is_some())
        .await?;
    Ok(Redirect::to("/staff/agency?saved=1").into_response())
}

pub async fn agency_form(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let page = AgencyPage { saved: q.contains_key("saved"), ..AgencyPage::default() };
    render_agency(&state, &staff, page, StatusCode::OK).await.map(|r| Html(r.1))
}

/// What the agency settings page shows besides the stored agency: a flash, field errors, and
/// what was typed into a refused form (contacts or letter settings), so nothing is lost.
#[derive(Default)]
struct AgencyPage {
    saved: bool,
    errors: Value,
    contact: Option<OfficeContact>,
    letters: Option<gongkai_domain::agency::LetterSettings>,
}

async fn render_agency(
    state: &AppState,
    staff: &Staff,
    page: AgencyPage,
    status: StatusCode,
) -> Result<(StatusCode, String), PageError> {
    let agencies = state.store.list_agencies().await?;
    let me = agencies.iter().find(|a| a.id == staff.user().agency_id).ok_or_else(AppError::not_found)?;
    let unset = gongkai_store::Agency { letters: Default::default(), ..me.clone() };
    let mut agency = agency_json(me);
    if let Some(c) = &page.contact {
        agency["contact"] = serde_json::to_value(c).unwrap_or(Value::Null);
    }
    let errors = if page.errors.is_null() { json!({}) } else { page.errors };
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "agency", "errors": errors, "saved": page.saved, "agency": agency,
            "letters": page.letters.unwrap_or_else(|| me.letters.clone()),
            "default_reconsideration": gongkai_app::requests::reconsideration_body(&agencies, &unset),
        }),
    );
    Ok((status, state.templates.render("staff_agency.html", ctx)?.0))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LetterSettingsForm {
    csrf_token: String,
    reconsideration_body: String,
    fee_payment: String,
}

/// The agency's letter settings (admins): 复议机关 and 缴纳方式 (issue 13).
pub async fn update_letter_settings(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<LetterSettingsForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let me = staff.user().clone();
    require_admin_of(&me, me.agency_id)?;
    let typed = gongkai_domain::agency::LetterSettings {
        reconsideration_body: f.reconsideration_body,
        fee_payment: f.fee_payment,
    };
    match typed.clone().cleaned() {
        Ok(settings) => {
            state.store.set_agency_letter_settings(&Actor::user(&me), me.agency_id, settings).await?;
            Ok(Redirect::to("/staff/agency?saved=1").into_response())
        }
        Err((field, msg)) => {
            let page =
                AgencyPage { errors: json!({ field: msg }), letters: Some(typed), ..AgencyPage::default() };
            let (status, html) =
                render_agency(&state, &staff, page, StatusCode::UNPROCESSABLE_ENTITY).await?;
            Ok((status, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    office_name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    fax: String,
    #[serde(default)]
    email: String,
}

pub async fn update_agency(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<ContactForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let me = staff.user().clone();
    require_admin_of(&me, me.agency_id)?;
    let contact = OfficeContact {
        office_name: f.office_name.trim().to_string(),
        address: f.address.trim().to_string(),
        hours: f.hours.trim().to_string(),
        phone: f.phone.trim().to_string(),
        fax: f.fax.trim().to_string(),
        email: f.email.trim().to_string(),
    };
    let mut errors: HashMap<&str, &str> = HashMap::new();
    // 条例 第十二条: the guide must give the office's name, address, hours, phone, fax and
    // internet contact; name, address and phone are required here, the rest recommended.
    for (field, value, msg) in [
        ("office_name", &contact.office_name, "请填写政府信息公开工作机构名称"),
        ("address", &contact.address, "请填写办公地址"),
        ("phone", &contact.phone, "请填写联系电话"),
    ] {
        if value.is_empty() {
            errors.insert(field, msg);
        }
    }
    if !contact.email.is_empty()
        && (!contact.email.contains('@') || contact.email.contains(char::is_whitespace))
    {
        errors.insert("email", "电子邮箱格式不正确");
    }
    for (field, value) in
        [("office_name", &contact.office_name), ("address", &contact.address), ("hours", &contact.hours)]
    {
        if value.chars().count() > 200 {
            errors.insert(field, "不能超过 200 个字");
        }
    }
    if !errors.is_empty() {
        let page = AgencyPage { errors: json!(errors), contact: Some(contact), ..AgencyPage::default() };
        let (status, html) = render_agency(&state, &staff, page, StatusCode::UNPROCESSABLE_ENTITY).await?;
        return Ok((status, Html(html)).into_response());
    }
    state.store.update_agency_contact(&Actor::user(&me), me.agency_id, contact).await?;
    let (status, html) =
        render_agency(&state, &staff, AgencyPage { saved: true, ..AgencyPage::default() }, StatusCode::OK)
            .await?;
    Ok((status, Html(html)).into_response())
}
