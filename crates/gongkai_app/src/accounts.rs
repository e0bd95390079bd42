//! Staff credentials: argon2id password hashes, the password policy, random tokens (sessions,
//! API tokens) and their stored hashes. The database keeps only hashes, so a stolen database
//! yields no live session or token.

use crate::Error;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use gongkai_store::{Actor, NewUser, StoreError, User};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Minimum password length for staff accounts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Hashes a password with argon2id (default parameters, random salt).
pub fn hash_password(password: &str) -> Result<String, Error> {
    Argon2::default().hash_password(password.as_bytes()).map(|h: PasswordHash| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        Error::internal()
    })
}

/// Checks a password against a stored PHC hash. A malformed hash never verifies.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Checks a new password against the policy; the message is for people.
pub fn check_password_policy(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err("密码至少需要 10 个字符");
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err("密码不能全是数字");
    }
    Ok(())
}

/// A fresh random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// SHA-256 of a session token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time comparison of two tokens.
pub fn tokens_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new API token: `gk_` and 64 hex digits (256 random bits). Shown once; stored as its hash.
pub fn new_api_token() -> String {
    format!("gk_{}", random_token())
}

/// Whether `s` has the shape of an API token.
pub fn is_api_token(s: &str) -> bool {
    s.strip_prefix("gk_").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A temporary password: 12 characters from an alphabet without look-alikes, with letters and
/// digits, so it passes the password policy.
pub fn temporary_password() -> String {
    use rand::Rng as _;
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::rng();
    let mut p: String = (0..8).map(|_| LETTERS[rng.random_range(0..LETTERS.len())] as char).collect();
    p.push('-');
    p.extend((0..3).map(|_| DIGITS[rng.random_range(0..DIGITS.len())] as char));
    p
}

/// Checks a new account's login name and display name (the users page and the API share it).
pub fn check_new_account(username: &str, display_name: &str) -> Result<(), Error> {
    let u = username.trim();
    if u.is_empty() {
        return Err(Error::invalid("username", "required", "请填写登录名"));
    }
    if u.chars().count() > 32 || !u.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        return Err(Error::invalid(
            "username",
            "invalid_username",
            "登录名只能使用字母、数字和 . _ -，不超过 32 个字符",
        ));
    }
    let d = display_name.trim();
    if d.is_empty() {
        return Err(Error::invalid("display_name", "required", "请填写姓名"));
    }
    if d.chars().count() > 40 {
        return Err(Error::invalid("display_name", "too_long", "姓名不能超过 40 个字"));
    }
    gongkai_domain::text::check_name(d).map_err(|m| Error::invalid("display_name", "invalid_name", m))
}

/// The roles named by their stable keys (`editor`, …): at least one, every key known.
pub fn roles_from_keys(keys: &[String]) -> Result<Vec<gongkai_domain::role::Role>, Error> {
    use gongkai_domain::role::Role;
    let mut roles = Vec::new();
    for k in keys {
        let r = Role::ALL.iter().copied().find(|r| r.as_str() == k.trim()).ok_or_else(|| {
            Error::invalid(
                "roles",
                "unknown_role",
                format!("未知的角色“{k}”（可用：admin、editor、reviewer、approver、supervisor）"),
            )
        })?;
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    if roles.is_empty() {
        return Err(Error::invalid("roles", "roles_required", "请至少选择一个角色"));
    }
    Ok(roles)
}

/// A colleague `me` administers (an admin of the same agency); another agency's account is
/// not even confirmed to exist.
pub async fn colleague(app: &crate::App, me: &User, id: i64) -> Result<User, Error> {
    let target = app.store.get_user(id).await?.ok_or(Error::NotFound)?;
    crate::access::require_admin_of(me, target.agency_id)?;
    Ok(target)
}

/// Creates an account in the admin's agency with a temporary password (issue 14): the colleague
/// must choose their own at the first sign-in. Answers the account and the password, shown once.
pub async fn create_colleague(
    app: &crate::App,
    me: &User,
    username: &str,
    display_name: &str,
    roles: Vec<gongkai_domain::role::Role>,
) -> Result<(User, String), Error> {
    crate::access::require_admin_of(me, me.agency_id)?;
    check_new_account(username, display_name)?;
    if roles.is_empty() {
        return Err(Error::invalid("roles", "roles_required", "请至少选择一个角色"));
    }
    let password = temporary_password();
    let hash = hash_blocking(password.clone()).await?;
    let actor = Actor::user(me);
    let new = NewUser {
        agency_id: me.agency_id,
        username: username.trim().to_string(),
        display_name: display_name.trim().to_string(),
        roles,
        password_hash: hash.clone(),
    };
    let user = match app.store.create_user(&actor, new).await {
        Ok(u) => u,
        Err(StoreError::Conflict(_)) => {
            return Err(Error::invalid("username", "username_taken", "该登录名已被使用，请换一个"));
        }
        Err(e) => return Err(e.into()),
    };
    app.store.set_temporary_password(&actor, user.id, hash).await?;
    let user = app.store.get_user(user.id).await?.ok_or(Error::NotFound)?;
    Ok((user, password))
}

/// Replaces a colleague's roles; an admin cannot take away their own admin role.
pub async fn set_roles(
    app: &crate::App,
    me: &User,
    id: i64,
    roles: Vec<gongkai_domain::role::Role>,
) -> Result<User, Error> {
    let target = colleague(app, me, id).await?;
    if roles.is_empty() {
        return Err(Error::invalid("roles", "roles_required", "请至少选择一个角色"));
    }
    if target.id == me.id && !roles.contains(&gongkai_domain::role::Role::Admin) {
        return Err(Error::invalid(
            "roles",
            "own_admin",
            "不能取消自己的管理员角色；请由本机关的另一位管理员操作",
        ));
    }
    app.store.set_user_roles(&Actor::user(me), id, roles).await?;
    app.store.get_user(id).await?.ok_or(Error::NotFound)
}

/// Activates or deactivates a colleague's account (never one's own).
pub async fn set_active(app: &crate::App, me: &User, id: i64, active: bool) -> Result<User, Error> {
    let target = colleague(app, me, id).await?;
    if target.id == me.id && !active {
        return Err(Error::unprocessable("cannot_deactivate_self", "不能停用自己的账号。"));
    }
    Ok(app.store.set_user_active(&Actor::user(me), id, active).await?)
}

/// Resets a colleague's password to a new temporary one, answered once.
pub async fn reset_password(app: &crate::App, me: &User, id: i64) -> Result<String, Error> {
    let target = colleague(app, me, id).await?;
    let password = temporary_password();
    let hash = hash_blocking(password.clone()).await?;
    app.store.set_temporary_password(&Actor::user(me), target.id, hash).await?;
    Ok(password)
}

/// argon2 off the async threads.
async fn hash_blocking(password: String) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|_| Error::internal())?
}
