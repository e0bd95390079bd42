//! Detailed home addresses: a place name ending in 路/街/村/小区… followed by a house number
//! (`88号`, `3组`, `501室`), with enough context to tell a residence from an office.
//!
//! Flagged when a home lead-in precedes it (家住, 住址, 户籍地 …), or, without an office lead-in
//! (办公地址, 受理地点, 位于 …), when it names at least one administrative level and a dwelling
//! unit (室, 单元, 组, 户) or at least two levels (`…省…市…路88号`). Masked by keeping the text up
//! to its 乡（镇）/街道 (永安市 2023 convention, regulation.md §6.3), else its 县/区/市.

use super::{FindingKind, Hit};

const UNITS: [char; 8] = ['号', '室', '组', '栋', '幢', '弄', '户', '楼'];
const STREET_ENDS: [char; 17] =
    ['路', '街', '巷', '道', '村', '弄', '里', '区', '苑', '园', '庄', '屯', '队', '寨', '湾', '坊', '院'];
const HOME_LEADS: [&str; 16] = [
    "家庭住址",
    "家庭地址",
    "现住址",
    "住址",
    "家住",
    "现住",
    "居住地",
    "居住于",
    "居住在",
    "户籍地",
    "户籍所在地",
    "住所地",
    "住所",
    "现居",
    "户籍",
    "住在",
];
const OFFICE_LEADS: [&str; 15] = [
    "办公地址",
    "办公地点",
    "办公场所",
    "受理地点",
    "受理窗口",
    "办理地点",
    "服务地点",
    "会议地点",
    "举办地点",
    "活动地点",
    "报名地点",
    "咨询地点",
    "地点",
    "位于",
    "坐落",
];

fn is_num(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十百两".contains(c)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Whether `chars[k]` marks an administrative level, and whether that level is 乡（镇）/街道.
fn admin_at(chars: &[(usize, char)], k: usize) -> Option<bool> {
    let c = chars[k].1;
    let prev = k.checked_sub(1).map(|p| chars[p].1);
    let next = chars.get(k + 1).map(|n| n.1);
    match c {
        '镇' | '乡' => Some(true),
        '道' if prev == Some('街') => Some(true),
        '省' | '县' | '旗' | '盟' => Some(false),
        '州' if prev == Some('治') => Some(false),
        '市' if !matches!(next, Some('场' | '民' | '值' | '政' | '委' | '级')) => Some(false),
        '区' if !matches!(
            prev,
            Some('小' | '社' | '园' | '景' | '校' | '片' | '营' | '库' | '辖' | '城')
        ) =>
        {
            Some(false)
        }
        _ => None,
    }
}

fn find_last(hay: &str, needles: &[&str]) -> Option<(usize, usize)> {
    needles.iter().filter_map(|n| hay.rfind(n).map(|i| (i, i + n.len()))).max_by_key(|&(_, e)| e)
}

pub(super) fn scan(text: &str, chars: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = chars.len();
    let mut u = 0;
    while u < n {
        if !UNITS.contains(&chars[u].1) {
            u += 1;
            continue;
        }
        match address_at(text, chars, u) {
            Some((hit, next)) => {
                if let Some(h) = hit {
                    out.push(h);
                }
                u = next.max(u + 1);
            }
            None => u += 1,
        }
    }
}

/// Try an address whose first house-number unit is at `u`. Returns the hit (if it is to be
/// flagged) and the index after the address.
fn address_at(text: &str, chars: &[(usize, char)], u: usize) -> Option<(Option<Hit>, usize)> {
    let n = chars.len();
    let mut s = u;
    while s > 0 && is_num(chars[s - 1].1) && u - s < 6 {
        s -= 1;
    }
    if s == u || s == 0 || !STREET_ENDS.contains(&chars[s - 1].1) {
        return None;
    }
    let street = s - 1;
    let mut l = street;
    while l > 0 && (is_cjk(chars[l - 1].1) || chars[l - 1].1.is_ascii_digit()) && street - l < 30 {
        l -= 1;
    }
    // Further house-number parts: 3栋2单元501室, 12-3号.
    let mut e = u + 1;
    let mut residential = matches!(chars[u].1, '室' | '组' | '户');
    loop {
        let mut k = e;
        while k < n && (is_num(chars[k].1) || chars[k].1 == '-') && k - e < 8 {
            k += 1;
        }
        if k < n && chars[k].1 == '单' && chars.get(k + 1).is_some_and(|c| c.1 == '元') {
            residential = true;
            e = k + 2;
        } else if k < n && (UNITS.contains(&chars[k].1) || chars[k].1 == '层') && k > e {
            residential |= matches!(chars[k].1, '室' | '组' | '户');
            e = k + 1;
        } else {
            if k > e && k - e >= 3 && chars[e..k].iter().all(|c| c.1.is_ascii_digit()) {
                // "2单元501" without 室.
                residential = true;
                e = k;
            }
            break;
        }
    }
    let start_b = chars[l].0;
    let street_b = chars[street].0;
    let end_b = chars.get(e).map_or(text.len(), |c| c.0);
    // Lead-ins inside the span cut it; lead-ins right before it count as well.
    let before_b = chars[l.saturating_sub(8)].0;
    let lead_area = &text[before_b..street_b];
    let home = find_last(lead_area, &HOME_LEADS);
    let office = find_last(lead_area, &OFFICE_LEADS);
    let mut match_start = start_b;
    for (_, lead_end) in [home, office].into_iter().flatten() {
        let abs = before_b + lead_end;
        if abs > match_start && abs <= street_b {
            match_start = abs;
        }
    }
    let is_home = match (home, office) {
        (Some(h), Some(o)) => h.1 > o.1,
        (Some(_), None) => true,
        _ => false,
    };
    let is_office = office.is_some() && !is_home;
    let l_eff = chars.partition_point(|c| c.0 < match_start);
    let mut admin = 0;
    let mut last_town: Option<usize> = None;
    let mut last_county: Option<usize> = None;
    for k in l_eff..street {
        if let Some(town) = admin_at(chars, k) {
            admin += 1;
            let end = chars[k].0 + chars[k].1.len_utf8();
            if town {
                last_town = Some(end);
            } else {
                last_county = Some(end);
            }
        }
    }
    let flag = is_home || (!is_office && admin >= 1 && (residential || admin >= 2));
    if !flag || match_start >= end_b {
        return Some((None, e));
    }
    let keep_to = last_town.or(last_county).unwrap_or(match_start).max(match_start);
    let masked = format!("{}****", &text[match_start..keep_to]);
    Some((Some(Hit { kind: FindingKind::HomeAddress, start: match_start, end: end_b, masked }), e))
}
