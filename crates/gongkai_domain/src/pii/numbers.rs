//! Number-shaped personal information: 身份证号, 手机号码, 银行卡号, 个体工商户代码, and e-mail
//! addresses. Works on whole tokens (maximal runs of Latin letters and digits) so that digits
//! inside codes, URLs and decimals are never taken for an ID or a phone number.

use super::{FindingKind, Hit, ScanSettings};
use crate::ids::{CreditCode, ResidentId};

/// Characters that join two tokens into one compound code (`…X/2024-00012`, `a.b`, `x_y`).
const JOINERS: [char; 9] = ['/', '-', '_', '.', '@', '\\', '－', '／', '．'];

fn is_tok(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('０'..='９').contains(&c) || matches!(c, 'Ｘ' | 'ｘ')
}

/// ASCII form of a token character (full-width digits and Ｘ folded).
fn ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        'Ｘ' => 'X',
        'ｘ' => 'x',
        c => c,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn end_byte(chars: &[(usize, char)], i: usize, text: &str) -> usize {
    chars.get(i).map_or(text.len(), |&(b, _)| b)
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn mask_mobile(d: &str) -> String {
    format!("{}****{}", &d[..3], &d[7..])
}

/// Luhn check (ISO/IEC 7812-1) over ASCII digits.
fn luhn(d: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in d.bytes().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// 16–19 digits, Luhn-valid, issuer digit 3 (JCB/AmEx), 4 (Visa), 5 (Mastercard), 6 (银联 62…,
/// 60…) or 9 (older domestic debit cards, e.g. 9558…, 95599…).
fn is_bank_card(d: &str) -> bool {
    (16..=19).contains(&d.len())
        && d.bytes().all(|b| b.is_ascii_digit())
        && matches!(d.as_bytes()[0], b'3' | b'4' | b'5' | b'6' | b'9')
        && luhn(d)
}

fn mask_bank_card(d: &str) -> String {
    format!("{}{}", "*".repeat(d.len() - 4), &d[d.len() - 4..])
}

fn mask_id_like(d: &str) -> String {
    format!("{}{}{}", &d[..2], "*".repeat(13), &d[15..])
}

/// 18 digits that look like an ID: region code starting 1–8 and a real birth date
/// (1900–2099) in characters 7–14 (GB 11643-1999 §5).
fn plausible_id(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 18 || !b.iter().all(u8::is_ascii_digit) || !(b'1'..=b'8').contains(&b[0]) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| d[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(day)) = (num(6..10), num(10..12), num(12..14)) else {
        return false;
    };
    chrono::NaiveDate::from_ymd_opt(y as i32, m, day).is_some() && (1900..=2099).contains(&y)
}

/// Scan digit tokens.
pub(super) fn scan(text: &str, chars: &[(usize, char)], settings: &ScanSettings, out: &mut Vec<Hit>) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !is_tok(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && is_tok(chars[j].1) {
            j += 1;
        }
        if let Some(next) = grouped(text, chars, i, j, out) {
            i = next;
            continue;
        }
        classify(text, chars, i, j, settings, out);
        i = j;
    }
}

/// Numbers written in groups: `138 1234 5678`, `138-1234-5678`, `6222 0212 3456 7890 123`.
/// Returns the index after the group sequence when it was recognised.
fn grouped(text: &str, chars: &[(usize, char)], i: usize, j: usize, out: &mut Vec<Hit>) -> Option<usize> {
    let first_len = j - i;
    if !(first_len == 3 || first_len == 4) || !chars[i..j].iter().all(|c| is_digit(c.1)) {
        return None;
    }
    let sep = chars.get(j).map(|c| c.1).filter(|c| *c == ' ' || *c == '-')?;
    if i > 0 && (is_tok(chars[i - 1].1) || JOINERS.contains(&chars[i - 1].1)) {
        return None;
    }
    let mut groups: Vec<(usize, usize)> = vec![(i, j)];
    let mut k = j;
    while k < chars.len() && chars[k].1 == sep {
        let s = k + 1;
        let mut e = s;
        while e < chars.len() && is_tok(chars[e].1) {
            e += 1;
        }
        if e == s || !chars[s..e].iter().all(|c| is_digit(c.1)) {
            break;
        }
        groups.push((s, e));
        k = e;
    }
    if groups.len() < 2 {
        return None;
    }
    let end = groups.last().map_or(j, |g| g.1);
    if chars
        .get(end)
        .is_some_and(|c| JOINERS.contains(&c.1) && chars.get(end + 1).is_some_and(|d| is_tok(d.1)))
    {
        return None;
    }
    let lens: Vec<usize> = groups.iter().map(|g| g.1 - g.0).collect();
    let digits: String = groups.iter().flat_map(|g| chars[g.0..g.1].iter().map(|c| ascii(c.1))).collect();
    let (start_b, end_b) = (chars[i].0, end_byte(chars, end, text));
    if lens == [3, 4, 4] && is_mobile(&digits) {
        out.push(Hit { kind: FindingKind::Mobile, start: start_b, end: end_b, masked: mask_mobile(&digits) });
        return Some(end);
    }
    let (last, head) = lens.split_last()?;
    if head.iter().all(|l| *l == 4) && (1..=4).contains(last) && is_bank_card(&digits) {
        out.push(Hit {
            kind: FindingKind::BankCard,
            start: start_b,
            end: end_b,
            masked: mask_bank_card(&digits),
        });
        return Some(end);
    }
    None
}

/// Classify one whole token `chars[i..j]`.
fn classify(
    text: &str,
    chars: &[(usize, char)],
    i: usize,
    j: usize,
    settings: &ScanSettings,
    out: &mut Vec<Hit>,
) {
    let prev = i.checked_sub(1).map(|p| chars[p].1);
    let prev2 = i.checked_sub(2).map(|p| chars[p].1);
    let next = chars.get(j).map(|c| c.1);
    let next2 = chars.get(j + 1).map(|c| c.1);
    let mut norm: String = chars[i..j].iter().map(|c| ascii(c.1)).collect();
    let mut start_i = i;

    // "+86 13812345678" written as one token after '+'.
    if prev == Some('+') && norm.len() == 13 && norm.starts_with("86") && is_mobile(&norm[2..]) {
        let d = &norm[2..];
        out.push(Hit {
            kind: FindingKind::Mobile,
            start: chars[i - 1].0,
            end: end_byte(chars, j, text),
            masked: format!("+86{}", mask_mobile(d)),
        });
        return;
    }
    // Part of a compound code, URL, decimal or e-mail.
    let joined_before = prev.is_some_and(|p| JOINERS.contains(&p)) && prev2.is_some_and(is_tok);
    let joined_after = next.is_some_and(|n| JOINERS.contains(&n)) && next2.is_some_and(is_tok);
    if joined_before || joined_after || next == Some('@') {
        return;
    }
    // Amounts.
    if next.is_some_and(|n| matches!(n, '元' | '万' | '亿'))
        || prev.is_some_and(|p| matches!(p, '¥' | '￥' | '$'))
    {
        return;
    }
    let upper = norm.to_ascii_uppercase();
    if settings.flag_individual_business_codes
        && upper.len() == 18
        && upper.starts_with("92")
        && CreditCode::parse(&upper).is_ok()
    {
        out.push(Hit {
            kind: FindingKind::IndividualBusinessCode,
            start: chars[i].0,
            end: end_byte(chars, j, text),
            masked: format!("{}{}", &upper[..8], "*".repeat(10)),
        });
        return;
    }
    // A short Latin prefix glued to the number ("Tel13812345678", "ID110105…").
    let letters = norm.bytes().take_while(u8::is_ascii_alphabetic).count();
    if (1..=4).contains(&letters) && letters < norm.len() {
        norm = norm[letters..].to_owned();
        start_i = i + letters;
    }
    let b = norm.as_bytes();
    let all_digits = b.iter().all(u8::is_ascii_digit);
    let id_shaped =
        b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) && matches!(b[17], b'0'..=b'9' | b'X' | b'x');
    if !all_digits && !id_shaped {
        return;
    }
    let (start_b, end_b) = (chars[start_i].0, end_byte(chars, j, text));
    let mut push = |kind, masked| out.push(Hit { kind, start: start_b, end: end_b, masked });
    if id_shaped && let Ok(id) = ResidentId::parse(&norm) {
        // GB 11643-1999: the check character is verified, so 18-digit serials rarely match.
        push(FindingKind::ResidentId, id.masked());
    } else if plausible_id(&norm) {
        push(FindingKind::PossibleResidentId, mask_id_like(&norm));
    } else if is_mobile(&norm) {
        push(FindingKind::Mobile, mask_mobile(&norm));
    } else if is_bank_card(&norm) {
        push(FindingKind::BankCard, mask_bank_card(&norm));
    }
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// `local@domain.tld`; government mailboxes (`…gov.cn`) are the agency's published contact
/// (条例 第十二条) and are not flagged.
pub(super) fn scan_emails(text: &str, chars: &[(usize, char)], out: &mut Vec<Hit>) {
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| c.1 == '@' || c.1 == '＠') {
        let mut s = at;
        while s > 0 && is_local(chars[s - 1].1) {
            s -= 1;
        }
        while s < at && matches!(chars[s].1, '.' | '-' | '+') {
            s += 1;
        }
        let mut e = at + 1;
        while e < chars.len() && is_domain(chars[e].1) {
            e += 1;
        }
        while e > at + 1 && matches!(chars[e - 1].1, '.' | '-') {
            e -= 1;
        }
        if s == at || e <= at + 1 {
            continue;
        }
        let (start_b, end_b) = (chars[s].0, end_byte(chars, e, text));
        let local = &text[start_b..chars[at].0];
        let domain = &text[chars[at].0 + chars[at].1.len_utf8()..end_b];
        let Some((_, tld)) = domain.rsplit_once('.') else { continue };
        if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let lower = domain.to_ascii_lowercase();
        if lower == "gov.cn" || lower.ends_with(".gov.cn") {
            continue;
        }
        let first: String = local.chars().take(1).collect();
        out.push(Hit {
            kind: FindingKind::Email,
            start: start_b,
            end: end_b,
            masked: format!("{first}***@{domain}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_known_numbers() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert!(luhn("79927398713"));
    }

    #[test]
    fn plausible_ids() {
        assert!(plausible_id("110105194912310021"));
        assert!(!plausible_id("110105194913310021"));
        assert!(!plausible_id("910105194912310021"));
        assert!(!plausible_id("202401011234567890"));
    }
}
