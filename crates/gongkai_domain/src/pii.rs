//! The sensitive-content scanner (`SensitiveFinding`): personal information and secrecy markings
//! in a publication's body or an attachment's extracted text, found before submission and again
//! before release, with a masked (去标识化) form where one exists.
//!
//! Legal basis:
//! - 《个人信息保护法》第二十五条: a handler may not publish personal information without the
//!   person's separate consent; 第二十八条: financial accounts are sensitive personal information.
//! - 条例 第十五条: information whose disclosure would harm 个人隐私 is not to be published unless the
//!   third party consents or the public interest requires it; 第三十七条: redact and release the rest.
//! - 《2018年政务公开工作要点》: information touching personal privacy is 去标识化 before publication.
//! - 条例 第十四条 / 第十七条: 国家秘密 is never published, and every item passes 保密审查 first.
//!
//! What is found ([`FindingKind`]), each rule designed against the false positives seen in real
//! catalogs (numbers inside 索引号 and 文号, amounts, long serial numbers):
//!
//! | kind | rule |
//! |---|---|
//! | `ResidentId` | 17 digits + digit/X forming a whole token, GB 11643-1999 check character correct |
//! | `PossibleResidentId` | 18 digits, check character wrong, but a plausible region and birth date (a mistyped ID still identifies a person) — low severity |
//! | `Mobile` | 11 digits `1[3-9]…` (also `+86…`, `138 1234 5678`, `138-1234-5678`) |
//! | `BankCard` | 16–19 digits (optionally in groups of 4), Luhn-valid, first digit 3/4/5/6/9 |
//! | `IndividualBusinessCode` | 统一社会信用代码 starting `92` (个体工商户), checksum correct — only when [`ScanSettings::flag_individual_business_codes`] |
//! | `Email` | `local@domain.tld`, except government mailboxes (`*.gov.cn`: official contact, 条例 第十二条) |
//! | `HomeAddress` | a place followed by a house number (`…路88号`, `…村3组`, `…501室`) with a home lead-in (家住, 住址…), or ≥1 administrative level plus a dwelling unit (室, 单元, 组), or ≥2 levels (`…省…市…路…号`); not after 办公地址, 受理地点 … |
//! | `SecrecyMarking` | `绝密★` / `机密★` / `秘密★1年` (GB/T 9704-2012 密级标志), a level word alone on a line, bare 绝密/机密 outside enumerations and 国家/商业/工作…; and 内部资料, 内部文件, 不得外传 … |
//! | `AgencyWord` | a word from the agency's own list ([`ScanSettings::extra_words`]), case-insensitive for Latin letters |
//!
//! A number is only a candidate when it is a whole token: digit runs joined to letters or to
//! another token by `/`, `-`, `_`, `.`, `@` (as in `11350100MB0123456X/2024-00012`, a URL or a
//! decimal) are not flagged, nor are digits right before 元/万/亿 or after ¥. Full-width digits
//! (`１３８…`) are read as digits.
//!
//! Masking follows the only published convention found (永安市人民政府办公室 2023,
//! regulation.md §6.3) and stricter derived defaults: mobile `138****1234`, ID
//! `35*************123` (first 2 + last 3), bank card all but the last 4, individual-business
//! code keeps its 8-character registration-and-region prefix, e-mail keeps the first character of
//! the local part, an address is cut after its 乡（镇）/街道 (else after its 县/区/市). Markings and
//! agency words cannot be masked: [`SensitiveFinding::masked`] equals the match and
//! [`FindingKind::maskable`] is `false` — a reviewer must edit the text or decide.
//!
//! Pure: no I/O. Positions are byte offsets into the scanned `&str`, with a 1-based line and a
//! 1-based character column for people.

mod address;
mod numbers;
#[cfg(test)]
mod tests;
mod words;

use serde::{Deserialize, Serialize};
use strum::EnumMessage;

/// What the scanner looks for beyond the fixed rules. `Default`: no individual-business codes,
/// no extra words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanSettings {
    /// Flag 统一社会信用代码 of 个体工商户 (prefix `92`): such a code identifies a natural person's
    /// business. Off by default, because 行政许可/行政处罚 notices legitimately publish them
    /// (条例 第二十条第（五）（六）项).
    pub flag_individual_business_codes: bool,
    /// The agency's own words to flag (project code names, internal terms …). Empty and
    /// whitespace-only entries are ignored.
    pub extra_words: Vec<String>,
}

/// The kind of a [`SensitiveFinding`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FindingKind {
    /// 居民身份证号码 with a correct check character.
    #[strum(message = "身份证号码")]
    ResidentId,
    /// 18 digits shaped like an ID (region, birth date) whose check character is wrong.
    #[strum(message = "疑似身份证号码（校验位不符）")]
    PossibleResidentId,
    /// 手机号码.
    #[strum(message = "手机号码")]
    Mobile,
    /// 银行卡号 (Luhn-valid).
    #[strum(message = "银行卡号")]
    BankCard,
    /// 个体工商户的统一社会信用代码.
    #[strum(message = "个体工商户统一社会信用代码")]
    IndividualBusinessCode,
    /// 电子邮箱.
    #[strum(message = "电子邮箱")]
    Email,
    /// 详细住址.
    #[strum(message = "详细住址")]
    HomeAddress,
    /// 密级标志 or an internal-use marking.
    #[strum(message = "密级或内部资料标识")]
    SecrecyMarking,
    /// A word from the agency's list.
    #[strum(message = "本机关设定的敏感词")]
    AgencyWord,
}

/// How sure the scanner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The pattern and its checks matched: treat as a leak until a reviewer decides otherwise.
    High,
    /// A hint only (`PossibleResidentId`).
    Low,
}

impl FindingKind {
    /// The stable key (forms, URLs), derived by strum.
    #[must_use]
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The kind of a key.
    #[must_use]
    pub fn from_key(s: &str) -> Option<Self> {
        use strum::VariantArray;
        Self::VARIANTS.iter().copied().find(|k| k.key() == s)
    }

    /// Chinese label for people.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }

    /// What the reviewer should do, in Chinese, with the legal basis.
    #[must_use]
    pub fn hint_zh(self) -> &'static str {
        match self {
            FindingKind::ResidentId
            | FindingKind::PossibleResidentId
            | FindingKind::Mobile
            | FindingKind::Email
            | FindingKind::IndividualBusinessCode => {
                "属于个人信息，公开前应去标识化处理（《个人信息保护法》第二十五条、《政府信息公开条例》第十五条）"
            }
            FindingKind::BankCard => "银行账户属于敏感个人信息，不得公开（《个人信息保护法》第二十八条）",
            FindingKind::HomeAddress => {
                "家庭住址只保留到乡（镇）、街道，其余应去除（《政府信息公开条例》第十五条）"
            }
            FindingKind::SecrecyMarking => {
                "含有密级或内部资料标识，须经保密审查，涉密信息不得公开（《政府信息公开条例》第十四条、第十七条）"
            }
            FindingKind::AgencyWord => "命中本机关设定的敏感词，请审核后再发布",
        }
    }

    /// Whether [`mask`] replaces the match. Markings and agency words are not maskable.
    #[must_use]
    pub fn maskable(self) -> bool {
        !matches!(self, FindingKind::SecrecyMarking | FindingKind::AgencyWord)
    }

    /// How sure the scanner is of this kind.
    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            FindingKind::PossibleResidentId => Severity::Low,
            _ => Severity::High,
        }
    }
}

/// One finding in one text. Contains the raw match: show it to the reviewer, never log it
/// (log `kind`, `line`, `column_chars` only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveFinding {
    /// What was found.
    pub kind: FindingKind,
    /// Byte offset of the match in the scanned text.
    pub start: usize,
    /// Byte offset just after the match.
    pub end: usize,
    /// 1-based line of the match.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column_chars: usize,
    /// The matched text as it stands.
    pub matched: String,
    /// The masked form; equals `matched` for kinds that are not maskable.
    pub masked: String,
    /// Up to 20 characters either side, with the match already masked and line breaks shown
    /// as `⏎`.
    pub excerpt: String,
}

/// A finding with the part of a publication it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedFinding {
    /// `正文` or the attachment's file name, as the caller labelled it.
    pub source: String,
    /// The finding; its positions refer to that part's text.
    pub finding: SensitiveFinding,
}

/// A match before positions are turned into line/column/excerpt.
#[derive(Debug, Clone)]
struct Hit {
    kind: FindingKind,
    start: usize,
    end: usize,
    masked: String,
}

/// Scan one text. Findings are ordered by position; overlapping findings of the same kind are
/// merged into the first.
#[must_use]
pub fn scan(text: &str, settings: &ScanSettings) -> Vec<SensitiveFinding> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut hits = Vec::new();
    numbers::scan(text, &chars, settings, &mut hits);
    numbers::scan_emails(text, &chars, &mut hits);
    address::scan(text, &chars, &mut hits);
    words::scan_markings(text, &mut hits);
    words::scan_extra(text, &settings.extra_words, &mut hits);
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept.iter().rev().any(|k| k.kind == h.kind && k.end > h.start) {
            continue;
        }
        kept.push(h);
    }
    let lines = LineIndex::new(text);
    kept.into_iter().map(|h| lines.finding(text, h)).collect()
}

/// Scan several parts of one publication (the body, then each attachment), labelling each
/// finding with its part.
#[must_use]
pub fn scan_parts<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a str)>,
    settings: &ScanSettings,
) -> Vec<LocatedFinding> {
    parts
        .into_iter()
        .flat_map(|(source, text)| {
            scan(text, settings)
                .into_iter()
                .map(move |finding| LocatedFinding { source: source.to_owned(), finding })
        })
        .collect()
}

/// The text with every maskable finding replaced by its masked form. Findings must come from
/// [`scan`] of the same text; overlapping ones after the first are skipped.
#[must_use]
pub fn mask(text: &str, findings: &[SensitiveFinding]) -> String {
    let mut order: Vec<&SensitiveFinding> = findings
        .iter()
        .filter(|f| f.kind.maskable() && f.start < f.end && f.end <= text.len())
        .filter(|f| text.is_char_boundary(f.start) && text.is_char_boundary(f.end))
        .collect();
    order.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for f in order {
        if f.start < pos {
            continue;
        }
        out.push_str(&text[pos..f.start]);
        out.push_str(&f.masked);
        pos = f.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Byte offsets of line starts, for turning offsets into line and column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn finding(&self, text: &str, h: Hit) -> SensitiveFinding {
        let line_idx = self.starts.partition_point(|&s| s <= h.start).saturating_sub(1);
        let line_start = self.starts.get(line_idx).copied().unwrap_or(0);
        let column_chars = text[line_start..h.start].chars().count() + 1;
        let before: String = {
            let mut v: Vec<char> = text[..h.start].chars().rev().take(20).collect();
            v.reverse();
            v.into_iter().collect()
        };
        let after: String = text[h.end..].chars().take(20).collect();
        let excerpt = format!("{before}{}{after}", h.masked).replace("\r\n", "⏎").replace(['\n', '\r'], "⏎");
        SensitiveFinding {
            kind: h.kind,
            start: h.start,
            end: h.end,
            line: line_idx + 1,
            column_chars,
            matched: text[h.start..h.end].to_owned(),
            masked: h.masked,
            excerpt,
        }
    }
}
