//! The audit log's hash chain: pure functions, so the store, the CLI verifier and tests agree.
//!
//! Each entry's hash is SHA-256 over a canonical text of its fields and the previous entry's
//! hash (the first entry chains from [`GENESIS`]). Editing, deleting or reordering any entry
//! breaks every later link, and [`verify_chain`] names the first entry that no longer matches.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an audit entry that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFields<'a> {
    pub seq: i64,
    /// RFC 3339 UTC timestamp with microseconds, exactly as stored.
    pub at: &'a str,
    pub actor: &'a str,
    pub agency_id: Option<i64>,
    pub action: &'a str,
    pub subject: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// Computes an entry's hash from its fields and the previous entry's hash.
pub fn entry_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields: no separator can be forged by content.
    let agency = f.agency_id.map(|a| a.to_string()).unwrap_or_default();
    for part in
        [prev_hash, &f.seq.to_string(), f.at, f.actor, &agency, f.action, f.subject, f.before, f.after]
    {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// One entry of the audit log, as stored and as the verifier reads it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub agency_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            agency_id: self.agency_id,
            action: &self.action,
            subject: &self.subject,
            before: &self.before,
            after: &self.after,
        }
    }
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's stored hash does not match its contents (it was edited).
    ContentChanged { seq: i64 },
    /// The entry does not point at the previous entry's hash (one was removed or inserted).
    LinkBroken { seq: i64 },
    /// Sequence numbers are not consecutive (an entry was deleted).
    Gap { after_seq: i64, found_seq: i64 },
}

impl ChainBreak {
    pub fn seq(&self) -> i64 {
        match self {
            Self::ContentChanged { seq } | Self::LinkBroken { seq } => *seq,
            Self::Gap { found_seq, .. } => *found_seq,
        }
    }
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ContentChanged { seq } => {
                write!(f, "entry {seq}: its contents no longer match its hash (edited)")
            }
            Self::LinkBroken { seq } => write!(f, "entry {seq}: it does not chain to the entry before it"),
            Self::Gap { after_seq, found_seq } => {
                write!(f, "entry {found_seq}: follows entry {after_seq}; the entries between are missing")
            }
        }
    }
}

/// Incremental verifier: feed entries in `seq` order.
#[derive(Debug)]
pub struct ChainVerifier {
    prev_hash: String,
    prev_seq: Option<i64>,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { prev_hash: GENESIS.to_string(), prev_seq: None, checked: 0 }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if let Some(p) = self.prev_seq
            && e.seq != p + 1
        {
            return Err(ChainBreak::Gap { after_seq: p, found_seq: e.seq });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak::LinkBroken { seq: e.seq });
        }
        if entry_hash(&e.prev_hash, &e.fields()) != e.hash {
            return Err(ChainBreak::ContentChanged { seq: e.seq });
        }
        self.prev_hash = e.hash.clone();
        self.prev_seq = Some(e.seq);
        self.checked += 1;
        Ok(())
    }
}

/// Verifies a whole chain held in memory.
pub fn verify_chain(entries: &[AuditEntry]) -> Result<u64, ChainBreak> {
    let mut v = ChainVerifier::default();
    for e in entries {
        v.push(e)?;
    }
    Ok(v.checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: format!("2026-01-01T00:00:0{seq}.000000Z"),
                    actor: "admin".into(),
                    agency_id: Some(1),
                    action: "user.create".into(),
                    subject: format!("user:{seq}"),
                    before: String::new(),
                    after: "{}".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&prev, &e.fields());
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(5));
    }

    #[test]
    fn edit_is_found_at_the_edited_entry() {
        let mut c = chain(5);
        c[2].after = "{\"tampered\":true}".into();
        assert_eq!(verify_chain(&c), Err(ChainBreak::ContentChanged { seq: 3 }));
    }

    #[test]
    fn deletion_is_found() {
        let mut c = chain(5);
        c.remove(2);
        assert_eq!(verify_chain(&c), Err(ChainBreak::Gap { after_seq: 2, found_seq: 4 }));
    }

    #[test]
    fn rehashing_an_edit_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].actor = "mallory".into();
        c[1].hash = entry_hash(&c[1].prev_hash, &c[1].fields());
        assert_eq!(verify_chain(&c), Err(ChainBreak::LinkBroken { seq: 3 }));
    }
}
