//! Secrecy markings (条例 第十四条, 第十七条 保密审查) and the agency's own word list.
//!
//! 密级标志 per GB/T 9704-2012《党政机关公文格式》§7.2.3: `绝密★`, `机密★长期`, `秘密★1年`. A level
//! word is also flagged when it stands alone on a line (the marking's own line), and a bare
//! 绝密/机密 in running text unless it is part of an enumeration (`绝密、机密、秘密`), a level name
//! (`机密级`) or a term such as 国家机密/商业机密. A bare 秘密 is not flagged: 国家秘密 and 商业秘密
//! are ordinary words in disclosure texts (条例 第十四条, 第十五条).

use super::{FindingKind, Hit};

const LEVELS: [&str; 3] = ["绝密", "机密", "秘密"];
const PHRASES: [&str; 12] = [
    "内部资料",
    "内部文件",
    "内部材料",
    "内部使用",
    "内部传阅",
    "内部参阅",
    "不得外传",
    "严禁外传",
    "禁止外传",
    "仅供内部",
    "仅限内部",
    "注意保密",
];
const STARS: [char; 4] = ['★', '☆', '＊', '*'];

fn marking(start: usize, end: usize, text: &str) -> Hit {
    let m = text[start..end].to_owned();
    Hit { kind: FindingKind::SecrecyMarking, start, end, masked: m }
}

pub(super) fn scan_markings(text: &str, out: &mut Vec<Hit>) {
    for level in LEVELS {
        for (start, _) in text.match_indices(level) {
            let end = start + level.len();
            let rest = &text[end..];
            let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
            if trimmed.starts_with(STARS) {
                let after_star = &trimmed[trimmed.chars().next().map_or(0, char::len_utf8)..];
                let dur: usize = after_star
                    .char_indices()
                    .take_while(|(_, c)| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(*c))
                    .map(|(i, c)| i + c.len_utf8())
                    .last()
                    .unwrap_or(0);
                let tail = &after_star[dur..];
                let unit = ["个月", "年", "月", "长期"]
                    .iter()
                    .find(|u| tail.starts_with(**u))
                    .map_or(0, |u| u.len());
                let m_end = text.len() - after_star.len() + if dur > 0 || unit > 0 { dur + unit } else { 0 };
                out.push(marking(start, m_end, text));
                continue;
            }
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let before_on_line = text[line_start..start].trim();
            let after_on_line = text[end..line_end].trim();
            if before_on_line.is_empty() && (after_on_line.is_empty() || after_on_line == "级") {
                out.push(marking(start, end, text));
                continue;
            }
            if level == "秘密" {
                continue;
            }
            let prev = text[..start].chars().next_back();
            let next = rest.chars().next();
            let before2: String = {
                let mut v: Vec<char> = text[..start].chars().rev().take(2).collect();
                v.reverse();
                v.into_iter().collect()
            };
            let enumeration = matches!(prev, Some('、' | '，' | '和' | '与' | '或' | '及'))
                || matches!(next, Some('、' | '和' | '与' | '或' | '及' | '级' | '性' | '等'));
            let term = ["国家", "商业", "工作", "保守", "军事"].contains(&before2.as_str());
            if !enumeration && !term {
                out.push(marking(start, end, text));
            }
        }
    }
    for p in PHRASES {
        for (start, _) in text.match_indices(p) {
            out.push(marking(start, start + p.len(), text));
        }
    }
}

/// The agency's words: case-insensitive for Latin letters (ASCII lowercasing keeps byte
/// offsets).
pub(super) fn scan_extra(text: &str, words: &[String], out: &mut Vec<Hit>) {
    if words.iter().all(|w| w.trim().is_empty()) {
        return;
    }
    let lower = text.to_ascii_lowercase();
    for w in words {
        let w = w.trim().to_ascii_lowercase();
        if w.is_empty() {
            continue;
        }
        for (start, _) in lower.match_indices(&w) {
            let end = start + w.len();
            let m = text[start..end].to_owned();
            out.push(Hit { kind: FindingKind::AgencyWord, start, end, masked: m });
        }
    }
}
