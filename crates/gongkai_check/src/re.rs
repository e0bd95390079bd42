//! Regular expressions compiled once per process: `cached(r"…")` returns the compiled pattern
//! for a pattern literal, so rules can keep their patterns inline without recompiling them for
//! every report (the cache holds only the crate's own literals, so it stays small).

use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

type Cache = HashMap<&'static str, Option<&'static Regex>>;

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The compiled form of `pat`, or `None` if the pattern does not compile.
pub(crate) fn cached(pat: &'static str) -> Option<&'static Regex> {
    let mut map = CACHE.lock().ok()?;
    *map.entry(pat).or_insert_with(|| Regex::new(pat).ok().map(|r| &*Box::leak(Box::new(r))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn compiles_once_and_reports_bad_patterns() {
        let a = super::cached(r"(\d+)条").expect("compiles");
        let b = super::cached(r"(\d+)条").expect("compiles");
        assert!(std::ptr::eq(a, b));
        assert!(super::cached(r"(unclosed").is_none());
    }
}
