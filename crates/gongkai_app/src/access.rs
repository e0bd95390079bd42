//! Who may see and change what, across agencies.
//!
//! Rules: a staff member acts within their own agency. A `supervisor` additionally reads (never
//! changes) the agencies below theirs. `admin` manages staff accounts and settings of their own
//! agency only. Everything else is refused with 404 (not 403) so that other agencies' records
//! are not even confirmed to exist.

use crate::error::Error;
use gongkai_domain::role::Role;
use gongkai_store::{Agency, User};

/// Ids of `root` and every agency below it.
pub fn subtree(agencies: &[Agency], root: i64) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(agencies.iter().filter(|a| a.parent_id == Some(parent)).map(|a| a.id));
        i += 1;
    }
    out
}

/// Agencies whose records `user` may read.
pub fn readable_agencies(agencies: &[Agency], user: &User) -> Vec<i64> {
    if user.has(Role::Supervisor) { subtree(agencies, user.agency_id) } else { vec![user.agency_id] }
}

/// Refuses unless `user` may read agency `target`.
pub fn require_read(agencies: &[Agency], user: &User, target: i64) -> Result<(), Error> {
    if readable_agencies(agencies, user).contains(&target) { Ok(()) } else { Err(Error::NotFound) }
}

/// Refuses unless `user` is an admin of agency `target`.
pub fn require_admin_of(user: &User, target: i64) -> Result<(), Error> {
    if user.agency_id != target {
        return Err(Error::NotFound);
    }
    if !user.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    Ok(())
}
