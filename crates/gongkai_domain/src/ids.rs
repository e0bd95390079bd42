//! Identifiers a person types, parsed at the edge ("parse, don't validate").
//!
//! - [`CreditCode`]: 统一社会信用代码 (GB 32100-2015), 18 characters with a check character.
//! - [`OrgCode`]: 组织机构代码 (GB 11714-1997), 9 characters with a check character.
//! - [`ResidentId`]: 居民身份证号码 (GB 11643-1999), 18 characters with an ISO 7064 MOD 11-2 check.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an identifier was refused. `code()` is stable (API); `message()` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("wrong length")]
    Length,
    #[error("character not allowed")]
    Character,
    #[error("check character does not match")]
    Checksum,
}

impl IdError {
    pub fn code(self) -> &'static str {
        match self {
            IdError::Length => "invalid_length",
            IdError::Character => "invalid_character",
            IdError::Checksum => "invalid_checksum",
        }
    }
    pub fn message(self) -> &'static str {
        match self {
            IdError::Length => "位数不正确",
            IdError::Character => "含有不允许的字符",
            IdError::Checksum => "校验位不正确，请核对",
        }
    }
}

/// The 31 characters of the 统一社会信用代码 alphabet (no I, O, Z, S, V), in value order.
const CREDIT_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn credit_value(c: char) -> Option<u32> {
    CREDIT_ALPHABET.find(c).map(|i| i as u32)
}

/// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character (mod 31).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s: String = input.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(IdError::Length);
        }
        let mut sum = 0u32;
        let chars: Vec<char> = s.chars().collect();
        for (i, c) in chars.iter().take(17).enumerate() {
            let v = credit_value(*c).ok_or(IdError::Character)?;
            sum += v * CREDIT_WEIGHTS[i];
        }
        let expected = (31 - sum % 31) % 31;
        let last = credit_value(chars[17]).ok_or(IdError::Character)?;
        if last != expected {
            return Err(IdError::Checksum);
        }
        Ok(CreditCode(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Characters 9–17 of a credit code are the holder's 组织机构代码.
    pub fn org_code(&self) -> OrgCode {
        OrgCode(self.0[8..17].to_string())
    }
}

impl TryFrom<String> for CreditCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        CreditCode::parse(&s)
    }
}
impl From<CreditCode> for String {
    fn from(c: CreditCode) -> String {
        c.0
    }
}
impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// 组织机构代码 (GB 11714-1997): 8 body characters (digits or capital letters) and a check
/// character (digit or X). Accepted with or without the hyphen before the check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s: String = input.trim().replace('-', "").to_ascii_uppercase();
        if s.chars().count() != 9 {
            return Err(IdError::Length);
        }
        let chars: Vec<char> = s.chars().collect();
        if !chars[..8].iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            || !(chars[8].is_ascii_digit() || chars[8] == 'X')
        {
            return Err(IdError::Character);
        }
        let expected = org_code_check_char(&s[..8]).ok_or(IdError::Character)?;
        if chars[8] != expected {
            return Err(IdError::Checksum);
        }
        Ok(OrgCode(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Computes the check character of a 组织机构代码 from its 8 body characters.
pub fn org_code_check_char(body: &str) -> Option<char> {
    let chars: Vec<char> = body.chars().collect();
    if chars.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in chars.iter().enumerate() {
        let v = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        sum += v * ORG_WEIGHTS[i];
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

impl TryFrom<String> for OrgCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        OrgCode::parse(&s)
    }
}
impl From<OrgCode> for String {
    fn from(c: OrgCode) -> String {
        c.0
    }
}
impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Check character of an 18-digit 居民身份证号码 from its first 17 digits (GB 11643-1999).
pub fn resident_id_check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17.iter().zip(ID_WEIGHTS).map(|(d, w)| (d - b'0') as u32 * w).sum();
    Some(ID_CHECK[(sum % 11) as usize])
}

/// 居民身份证号码, 18 characters, checksum-verified. Never logged; masked for display.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

impl ResidentId {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = input.trim().to_ascii_uppercase();
        if s.len() != 18 || s.chars().count() != 18 {
            return Err(IdError::Length);
        }
        let b = s.as_bytes();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdError::Character);
        }
        if resident_id_check_char(&b[..17]) != Some(b[17] as char) {
            return Err(IdError::Checksum);
        }
        Ok(ResidentId(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Masked form, keeping the first 2 and last 3 characters (`35*************123`, the
    /// convention of 永安市人民政府办公室 2023, regulation.md §6.3).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..2], "*".repeat(13), &self.0[15..])
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}
impl TryFrom<String> for ResidentId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        ResidentId::parse(&s)
    }
}
impl From<ResidentId> for String {
    fn from(c: ResidentId) -> String {
        c.0
    }
}

/// Computes the check character that makes `first17` a valid credit code (used by demo data
/// and tests to build valid codes).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in chars.iter().enumerate() {
        sum += credit_value(*c)? * CREDIT_WEIGHTS[i];
    }
    CREDIT_ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    // 国家市场监督管理总局 published example codes
    #[case("91350100M000100Y43", true)]
    #[case("91350100M000100Y44", false)]
    #[case("11100000000013127B", false)]
    #[case("91350100M000100Y4", false)]
    #[case("91350100M000100YI3", false)]
    fn credit_codes(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(CreditCode::parse(input).is_ok(), ok, "{input}");
    }

    #[test]
    fn credit_code_check_char_roundtrip() {
        let body = "11370612MB0000000";
        let c = credit_code_check_char(body).expect("valid body");
        let code = format!("{body}{c}");
        assert!(CreditCode::parse(&code).is_ok());
        assert_eq!(CreditCode::parse(&code).map(|c| c.org_code().to_string()).ok(), Some("MB0000000".into()));
    }

    #[rstest]
    #[case("D2143569-X", true)]
    #[case("D2143569X", true)]
    #[case("D21435691", false)]
    #[case("D2143569", false)]
    fn org_codes(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(OrgCode::parse(input).is_ok(), ok, "{input}");
    }

    #[rstest]
    #[case("11010519491231002X", Ok(()))]
    #[case("110105194912310021", Err(IdError::Checksum))]
    #[case("11010519491231002", Err(IdError::Length))]
    #[case("1101051949123100AX", Err(IdError::Character))]
    fn resident_ids(#[case] input: &str, #[case] expected: Result<(), IdError>) {
        assert_eq!(ResidentId::parse(input).map(|_| ()), expected);
    }

    #[test]
    fn resident_id_masks_and_never_debug_prints_in_full() {
        let id = ResidentId::parse("11010519491231002x").expect("valid");
        assert_eq!(id.masked(), "11*************02X");
        assert!(!format!("{id:?}").contains("19491231"));
    }
}
