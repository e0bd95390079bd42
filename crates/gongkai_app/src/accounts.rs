//! Staff credentials: argon2id password hashes, the password policy, random tokens (sessions,
//! API tokens) and their stored hashes. The database keeps only hashes, so a stolen database
//! yields no live session or token.

use crate::Error;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
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
