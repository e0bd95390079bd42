//! Agency administration (issue 14): an admin creates, renames, re-parents, re-classifies and
//! deactivates the agencies below their own, and keeps their 机构信息 (条例 第二十条（二）); the
//! top agency's admin also keeps the portal's site identity. Deactivating hides an agency from
//! the portal's lists and its application form; its records stay readable and counted.

use crate::App;
use crate::error::Error;
use gongkai_domain::agency::{
    AgencyCode, AgencyKind, AgencyLevel, AgencyProfile, FieldError, OfficeContact, SiteIdentity,
    check_agency_name, check_parent_level,
};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, Agency, AgencyChange, NewAgency, StoreError, User};
use std::collections::BTreeSet;

/// What the agency form posts (all text, as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyForm {
    pub name: String,
    /// The parent's id; ignored for the user's own agency.
    pub parent_id: String,
    /// A stable key (`county`, `township`, …).
    pub level: String,
    /// A stable key (`government`, `department`, …).
    pub kind: String,
    /// 统一社会信用代码 (optional).
    pub credit_code: String,
    pub functions: String,
    pub head: String,
    pub departments: String,
    pub active: bool,
}

impl AgencyForm {
    /// The form filled with an agency's values.
    pub fn of(a: &Agency) -> Self {
        Self {
            name: a.name.clone(),
            parent_id: a.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            level: a.level.as_str().into(),
            kind: a.kind.as_str().into(),
            credit_code: a.code.clone().unwrap_or_default(),
            functions: a.profile.functions.clone(),
            head: a.profile.head.clone(),
            departments: a.profile.departments.clone(),
            active: a.active,
        }
    }
}

/// The agencies `user` may edit: their own (its 机构信息 and name) and, for an admin, every
/// agency below it. Empty for anyone who is not an admin.
pub fn manageable(all: &[Agency], user: &User) -> BTreeSet<i64> {
    if !user.has(Role::Admin) {
        return BTreeSet::new();
    }
    crate::access::subtree(all, user.agency_id).into_iter().collect()
}

/// The agencies a new or moved agency may sit under: the user's own and those below it, active.
pub fn possible_parents<'a>(all: &'a [Agency], user: &User, moving: Option<i64>) -> Vec<&'a Agency> {
    let mine = manageable(all, user);
    let below_moving: BTreeSet<i64> =
        moving.map(|m| crate::access::subtree(all, m).into_iter().collect()).unwrap_or_default();
    all.iter().filter(|a| mine.contains(&a.id) && a.active && !below_moving.contains(&a.id)).collect()
}

/// Checks the form; answers the change to store, or every field error at once.
fn check(
    form: &AgencyForm,
    all: &[Agency],
    user: &User,
    editing: Option<&Agency>,
) -> Result<AgencyChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = check_agency_name(&form.name).map_err(|e| errors.push(e)).unwrap_or_default();
    let own = editing.is_some_and(|a| a.id == user.agency_id);
    let code = match form.credit_code.trim() {
        "" => None,
        c => match AgencyCode::parse(c) {
            Ok(code) => Some(code.as_str().to_owned()),
            Err(e) => {
                errors.push(FieldError::new(
                    "credit_code",
                    "invalid_code",
                    format!("统一社会信用代码不正确：{e}"),
                ));
                None
            }
        },
    };
    let profile = AgencyProfile {
        functions: form.functions.clone(),
        head: form.head.clone(),
        departments: form.departments.clone(),
    }
    .cleaned()
    .map_err(|e| errors.push(e))
    .unwrap_or_default();
    // Its own agency keeps its place, level, kind and status: those belong to the admin above.
    let (level, kind, parent_id, active) = if let Some(a) = editing.filter(|_| own) {
        (a.level, a.kind, a.parent_id, a.active)
    } else {
        let level = AgencyLevel::parse(form.level.trim());
        let kind = AgencyKind::parse(form.kind.trim());
        if level.is_none() {
            errors.push(FieldError::new("level", "required", "请选择层级"));
        }
        if kind.is_none() {
            errors.push(FieldError::new("kind", "required", "请选择类型"));
        }
        let parents = possible_parents(all, user, editing.map(|a| a.id));
        let parent =
            form.parent_id.trim().parse::<i64>().ok().and_then(|p| parents.iter().find(|a| a.id == p));
        match (parent, level, kind) {
            (None, _, _) => errors.push(FieldError::new(
                "parent_id",
                "invalid_parent",
                "请选择本机关或其下级机关作为上级机关",
            )),
            (Some(p), Some(l), Some(k)) => {
                if let Err(e) = check_parent_level(l, k, p.level) {
                    errors.push(e);
                }
            }
            _ => {}
        }
        (
            level.unwrap_or(AgencyLevel::County),
            kind.unwrap_or(AgencyKind::Department),
            parent.map(|p| p.id),
            editing.is_none() || form.active,
        )
    };
    if all.iter().any(|a| a.name == name && Some(a.id) != editing.map(|e| e.id)) {
        errors.push(FieldError::new("name", "taken", "已有同名机关"));
    }
    if errors.is_empty() {
        Ok(AgencyChange { name, level, kind, code, parent_id, profile, active })
    } else {
        Err(errors)
    }
}

fn store_refusal(e: StoreError) -> Result<Vec<FieldError>, Error> {
    match e {
        StoreError::Conflict("agency_name") => Ok(vec![FieldError::new("name", "taken", "已有同名机关")]),
        StoreError::Conflict("agency_cycle") => {
            Ok(vec![FieldError::new("parent_id", "agency_cycle", "不能把机关移到它自己或其下级机关之下")])
        }
        StoreError::Conflict("agency_root") => Ok(vec![FieldError::new(
            "parent_id",
            "agency_root",
            "本级最高机关没有上级机关，其他机关必须有上级机关",
        )]),
        other => Err(other.into()),
    }
}

/// Creates an agency below the user's own (admins only).
pub async fn create(
    app: &App,
    user: &User,
    form: &AgencyForm,
) -> Result<Result<Agency, Vec<FieldError>>, Error> {
    if !user.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let all = app.store.list_agencies().await?;
    let change = match check(form, &all, user, None) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    let actor = Actor::user(user);
    let new = NewAgency {
        name: change.name.clone(),
        level: change.level,
        kind: change.kind,
        code: change.code.as_deref().and_then(|c| AgencyCode::parse(c).ok()),
        parent_id: change.parent_id,
        contact: OfficeContact { office_name: format!("{}办公室", change.name), ..Default::default() },
    };
    let created = match app.store.create_agency(&actor, new).await {
        Ok(a) => a,
        Err(e) => return store_refusal(e).map(Err),
    };
    if change.profile == AgencyProfile::default() {
        return Ok(Ok(created));
    }
    match app.store.update_agency(&actor, created.id, change).await {
        Ok(a) => Ok(Ok(a)),
        Err(e) => store_refusal(e).map(Err),
    }
}

/// Changes an agency the user manages.
pub async fn update(
    app: &App,
    user: &User,
    id: i64,
    form: &AgencyForm,
) -> Result<Result<Agency, Vec<FieldError>>, Error> {
    let all = app.store.list_agencies().await?;
    let agency = editable(&all, user, id)?;
    let change = match check(form, &all, user, Some(agency)) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    match app.store.update_agency(&Actor::user(user), id, change).await {
        Ok(a) => Ok(Ok(a)),
        Err(e) => store_refusal(e).map(Err),
    }
}

/// The agency `id` if `user` may edit it; else 404 (another tree) or 403 (not an admin).
pub fn editable<'a>(all: &'a [Agency], user: &User, id: i64) -> Result<&'a Agency, Error> {
    let agency = all.iter().find(|a| a.id == id).ok_or(Error::NotFound)?;
    if manageable(all, user).contains(&id) {
        Ok(agency)
    } else if crate::access::readable_agencies(all, user).contains(&id) {
        Err(Error::Forbidden)
    } else {
        Err(Error::NotFound)
    }
}

/// Sets the portal's site identity: the top agency's admin only.
pub async fn set_site_identity(
    app: &App,
    user: &User,
    site: SiteIdentity,
) -> Result<Result<Agency, FieldError>, Error> {
    let all = app.store.list_agencies().await?;
    let top = all.iter().find(|a| a.parent_id.is_none()).ok_or(Error::NotFound)?;
    if top.id != user.agency_id || !user.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let site = match site.cleaned() {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(app.store.set_site_identity(&Actor::user(user), top.id, site).await?))
}

/// What the first-run page posts (issue 14): the top agency, its first admin (who chooses their
/// own password here), and optionally the site identity.
#[derive(Debug, Clone, Default)]
pub struct FirstRun {
    pub agency_name: String,
    pub level: String,
    pub kind: String,
    pub credit_code: String,
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub password_confirm: String,
    pub site: SiteIdentity,
}

/// Sets up an empty platform: the top agency and its first admin, and the site identity when
/// given. Refused once any agency exists (`already_set_up`); every field error at once
/// otherwise, nothing written.
pub async fn first_run(
    app: &App,
    input: &FirstRun,
) -> Result<Result<(Agency, User), Vec<FieldError>>, Error> {
    if !app.store.list_agencies().await?.is_empty() {
        return Err(already_set_up());
    }
    let mut errors = Vec::new();
    let name = check_agency_name(&input.agency_name).map_err(|e| errors.push(e)).unwrap_or_default();
    let level = AgencyLevel::parse(input.level.trim());
    let kind = AgencyKind::parse(input.kind.trim());
    if level.is_none() {
        errors.push(FieldError::new("level", "required", "请选择层级"));
    }
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required", "请选择类型"));
    }
    let code = match input.credit_code.trim() {
        "" => None,
        c => AgencyCode::parse(c)
            .map_err(|e| {
                errors.push(FieldError::new(
                    "credit_code",
                    "invalid_code",
                    format!("统一社会信用代码不正确：{e}"),
                ))
            })
            .ok(),
    };
    if let Err(Error::Invalid { field: Some(field), code, message }) =
        crate::accounts::check_new_account(&input.username, &input.display_name)
    {
        errors.push(FieldError::new(field, code, message));
    }
    if let Err(m) = crate::accounts::check_password_policy(&input.password) {
        errors.push(FieldError::new("password", "weak_password", m));
    } else if input.password != input.password_confirm {
        errors.push(FieldError::new("password_confirm", "mismatch", "两次输入的密码不一致"));
    }
    let site = input.site.clone().cleaned().map_err(|e| errors.push(e)).unwrap_or_default();
    let (Some(level), Some(kind), true) = (level, kind, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let password = input.password.clone();
    let hash = tokio::task::spawn_blocking(move || crate::accounts::hash_password(&password))
        .await
        .map_err(|_| Error::internal())??;
    let actor = Actor::system();
    let new = NewAgency {
        name: name.clone(),
        level,
        kind,
        code,
        parent_id: None,
        contact: OfficeContact { office_name: format!("{name}办公室"), ..Default::default() },
    };
    // A second first run racing this one finds the agency and is refused above or here.
    let agency = match app.store.create_agency(&actor, new).await {
        Ok(a) => a,
        Err(StoreError::Conflict(_)) => return Err(already_set_up()),
        Err(e) => return Err(e.into()),
    };
    if app.store.list_agencies().await?.iter().any(|a| a.parent_id.is_none() && a.id != agency.id) {
        return Err(already_set_up());
    }
    let agency = if site == SiteIdentity::default() {
        agency
    } else {
        app.store.set_site_identity(&actor, agency.id, site).await?
    };
    let user = app
        .store
        .create_user(
            &actor,
            gongkai_store::NewUser {
                agency_id: agency.id,
                username: input.username.trim().to_owned(),
                display_name: input.display_name.trim().to_owned(),
                roles: vec![Role::Admin],
                password_hash: hash,
            },
        )
        .await?;
    tracing::info!(agency = %agency.name, admin = %user.username, "platform set up on the first-run page");
    Ok(Ok((agency, user)))
}

fn already_set_up() -> Error {
    Error::Refused(crate::Refusal {
        kind: crate::RefusalKind::State,
        code: "already_set_up",
        message: "本平台已经完成初始设置；新增机关请由管理员在“机构管理”中操作。".into(),
    })
}
