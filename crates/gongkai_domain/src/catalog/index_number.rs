//! 索引号: `前段码/后段码`, by default `{org_code}/{yyyy}-{seq:05}` (《政府信息公开目录系统实施指引
//! （试行）》: 组织机构代码 / 4-digit year - 5-digit serial; regulation.md §3.1). Local schemes
//! differ (§3.2), so each agency may set its own template. The store assigns the serial inside
//! the publishing transaction; a number, once given, never changes.

use serde::Serialize;

/// The national default.
pub const DEFAULT_INDEX_TEMPLATE: &str = "{org_code}/{yyyy}-{seq:05}";

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum IndexTemplateError {
    #[error("索引号模板必须包含流水号 {{seq}} 或 {{seq:05}}")]
    NoSerial,
    #[error("索引号模板中有无法识别的占位符：{0}")]
    Unknown(String),
    #[error("索引号模板的花括号不成对")]
    Unbalanced,
    #[error("索引号模板过长（最多 60 个字符）")]
    TooLong,
    #[error("本机关未登记统一社会信用代码或组织机构代码，无法生成索引号")]
    NoCode,
}

enum Part<'a> {
    Lit(&'a str),
    OrgCode,
    CreditCode,
    Year,
    Seq(usize),
}

fn parse(template: &str) -> Result<Vec<Part<'_>>, IndexTemplateError> {
    if template.chars().count() > 60 {
        return Err(IndexTemplateError::TooLong);
    }
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err(IndexTemplateError::Unbalanced);
        }
        if open > 0 {
            parts.push(Part::Lit(&rest[..open]));
        }
        let close = rest[open..].find('}').ok_or(IndexTemplateError::Unbalanced)? + open;
        let name = &rest[open + 1..close];
        parts.push(match name {
            "org_code" => Part::OrgCode,
            "credit_code" => Part::CreditCode,
            "yyyy" => Part::Year,
            "seq" => Part::Seq(0),
            _ => match name.strip_prefix("seq:0").and_then(|w| w.parse::<usize>().ok()) {
                Some(w) if (1..=9).contains(&w) => Part::Seq(w),
                _ => return Err(IndexTemplateError::Unknown(name.to_owned())),
            },
        });
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(IndexTemplateError::Unbalanced);
    }
    if !rest.is_empty() {
        parts.push(Part::Lit(rest));
    }
    if !parts.iter().any(|p| matches!(p, Part::Seq(_))) {
        return Err(IndexTemplateError::NoSerial);
    }
    Ok(parts)
}

/// Checks a template without formatting it.
pub fn check_index_template(template: &str) -> Result<(), IndexTemplateError> {
    parse(template.trim()).map(|_| ())
}

/// Formats a 索引号. `code` is the agency's 统一社会信用代码 (18) or 组织机构代码 (9, hyphen
/// removed); `{org_code}` takes the 9-character code (from a credit code: its characters 9–17).
pub fn format_index_number(
    template: &str,
    code: &str,
    year: i32,
    seq: i64,
) -> Result<String, IndexTemplateError> {
    let parts = parse(template.trim())?;
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
    let org = match code.len() {
        18 => code[8..17].to_owned(),
        9 => code.clone(),
        _ => String::new(),
    };
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::OrgCode if org.is_empty() => return Err(IndexTemplateError::NoCode),
            Part::OrgCode => out.push_str(&org),
            Part::CreditCode if code.len() != 18 => return Err(IndexTemplateError::NoCode),
            Part::CreditCode => out.push_str(&code),
            Part::Year => out.push_str(&format!("{year:04}")),
            Part::Seq(0) => out.push_str(&seq.to_string()),
            Part::Seq(w) => out.push_str(&format!("{seq:0w$}")),
        }
    }
    Ok(out)
}
