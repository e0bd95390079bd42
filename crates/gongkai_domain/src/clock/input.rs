//! Parsing helpers for the CLI and forms: channel names and `FROM:TO` consultation ranges.

use super::{Channel, Consultation, ConsultationKind, error::ClockError};
use crate::calendar::parse_date;
use std::str::FromStr;

impl FromStr for Channel {
    type Err = ClockError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::from_key(s).ok_or_else(|| ClockError::BadChannel { input: s.to_owned() })
    }
}

/// Parse `in_person|registered_mail|ordinary_mail|online|fax` (or the old kebab-case spelling).
pub fn parse_channel(s: &str) -> Result<Channel, ClockError> {
    s.parse()
}

/// Parse a consultation range: `FROM:TO`, `FROM:` (still waiting for the answer), optionally
/// prefixed `third-party:` (default, 条例第三十二条) or `agency:` (第三十三条第三款、第三十四条).
/// `FROM` is the day the 征求意见书 reached the consulted party, `TO` the day its answer reached
/// the agency.
pub fn parse_consultation(s: &str) -> Result<Consultation, ClockError> {
    let bad = || ClockError::BadRange { input: s.to_owned() };
    let t = s.trim();
    let (kind, rest) = if let Some(r) = t.strip_prefix("third-party:") {
        (ConsultationKind::ThirdParty, r)
    } else if let Some(r) = t.strip_prefix("agency:") {
        (ConsultationKind::Agency, r)
    } else {
        (ConsultationKind::ThirdParty, t)
    };
    let (a, b) = rest.split_once(':').ok_or_else(bad)?;
    let from = parse_date(a).map_err(|_| bad())?;
    let to = if b.trim().is_empty() { None } else { Some(parse_date(b).map_err(|_| bad())?) };
    if let Some(to) = to
        && to < from
    {
        return Err(ClockError::ReversedRange { from, to });
    }
    Ok(Consultation { kind, from, to })
}
