//! The value stream: a document flattened to one whitespace-free string in which every
//! numeric table cell (or blank cell) is replaced by a sentinel character, with the values kept
//! aside. Row labels are then found with plain substring search, in form order, and the values
//! of a row are the sentinels between its label and the next one. This reads HTML grids, DOCX
//! tables, PDF text lines and flattened text alike.

use crate::read::{Block, Document, GridCell};

/// The sentinel standing for one value cell in [`Stream::flat`].
pub const SENTINEL: char = '\u{E000}';

/// A document flattened for table reading.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Whitespace-free text with [`SENTINEL`] in place of each value.
    pub flat: String,
    /// Values in order: `None` for a blank cell, else the cell's digits.
    pub values: Vec<Option<String>>,
    /// Byte offset in `flat` of each value's sentinel.
    pub offsets: Vec<usize>,
}

fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        _ => c,
    }
}

impl Stream {
    /// Build the stream of a document.
    #[must_use]
    pub fn build(doc: &Document) -> Self {
        let mut s = Self::default();
        for b in &doc.blocks {
            match b {
                Block::Para(p) => {
                    for line in p.lines() {
                        s.push_line(line);
                    }
                }
                Block::Table(rows) => {
                    for row in rows {
                        for c in row {
                            if let GridCell::Origin(t) = c {
                                s.push_cell(t);
                            }
                        }
                    }
                }
            }
        }
        s
    }

    fn push_value(&mut self, v: Option<String>) {
        self.offsets.push(self.flat.len());
        self.flat.push(SENTINEL);
        self.values.push(v);
    }

    fn push_cell(&mut self, text: &str) {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).map(normalize_char).collect();
        let t = t.replace(',', "");
        if t.is_empty() || is_blank_marker(&t) {
            self.push_value(None);
        } else if let Some(v) = cell_number(&t) {
            self.push_value(Some(v));
        } else {
            self.push_text(text);
        }
    }

    /// A line of running text; a PDF table row whose cells include blank markers
    /// (`本年新收… 5 — — / 0件 5`) keeps one value (or blank) per cell.
    fn push_line(&mut self, line: &str) {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let cellish = |w: &str| {
            let t: String = w.chars().map(normalize_char).collect();
            is_blank_marker(&t) || cell_number(&t).is_some()
        };
        let tail = tokens.iter().rev().take_while(|w| cellish(w)).count();
        let has_marker = tokens[tokens.len() - tail..]
            .iter()
            .any(|w| is_blank_marker(&w.chars().map(normalize_char).collect::<String>()));
        let has_number = tokens[tokens.len() - tail..].iter().any(|w| {
            let t: String = w.chars().map(normalize_char).collect();
            cell_number(&t).is_some()
        });
        let has_signed =
            tokens[tokens.len() - tail..].iter().any(|w| w.starts_with(['-', '－', '−', '+', '＋']));
        if tail >= 3 && (has_marker || has_signed) && has_number {
            let head = tokens[..tokens.len() - tail].join(" ");
            self.push_text(&head);
            for w in &tokens[tokens.len() - tail..] {
                self.push_cell(w);
            }
        } else {
            self.push_text(line);
        }
    }

    /// Tokenise running text: digit runs become values unless they are list markers
    /// (`1.`/`2、`) or dates/years (`2023年`).
    fn push_text(&mut self, text: &str) {
        let chars: Vec<char> = text.chars().map(normalize_char).collect();
        let mut prev: Option<char> = None;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if !c.is_ascii_digit() {
                self.flat.push(c);
                prev = Some(c);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            // Decimal part.
            let mut end = i;
            if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                end = i + 1;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
            }
            let next = chars[end..].iter().copied().find(|c| !c.is_whitespace());
            let digits: String = chars[start..end].iter().collect();
            let is_marker_next = end == i
                && matches!(chars.get(end), Some('.' | '、' | '）' | ')'))
                && chars.get(end + 1).is_none_or(|c| !c.is_ascii_digit());
            let is_unit = matches!(
                next,
                Some('年' | '月' | '日' | '号' | '时' | '点' | '%' | '％' | '期' | '届' | '个' | '次' | '页')
            );
            let in_word = prev.is_some_and(|p| {
                p.is_ascii_alphabetic() || matches!(p, '-' | '@' | '/' | ':' | '：' | '（' | '(' | '第')
            });
            if is_marker_next {
                // "…0 08.属于" run together: the last digit is the marker.
                if digits.len() > 1 && !digits.contains('.') {
                    let (val, marker) = digits.split_at(digits.len() - 1);
                    self.push_value(Some(val.to_owned()));
                    self.flat.push_str(marker);
                } else {
                    self.flat.push_str(&digits);
                }
            } else if is_unit || in_word {
                self.flat.push_str(&digits);
            } else {
                self.push_value(Some(digits));
            }
            prev = chars[..end].last().copied();
            i = end;
        }
    }

    /// Indices of the values whose sentinels lie in `flat[from..to]`.
    #[must_use]
    pub fn values_between(&self, from: usize, to: usize) -> Vec<usize> {
        let lo = self.offsets.partition_point(|o| *o < from);
        let hi = self.offsets.partition_point(|o| *o < to);
        (lo..hi).collect()
    }

    /// Find the first of `keys` at or after `from` (and before `limit`), returning
    /// `(start, end)` byte offsets of the match.
    #[must_use]
    pub fn find_any(&self, keys: &[&str], from: usize, limit: usize) -> Option<(usize, usize)> {
        let mut limit = limit.min(self.flat.len());
        while !self.flat.is_char_boundary(limit) {
            limit -= 1;
        }
        let hay = self.flat.get(from..limit)?;
        keys.iter()
            .filter_map(|k| hay.find(k).map(|p| (from + p, from + p + k.len())))
            .min_by_key(|(s, _)| *s)
    }

    /// The text of `flat[from..to]` with sentinels removed.
    #[must_use]
    pub fn text(&self, from: usize, to: usize) -> String {
        let mut to = to.min(self.flat.len());
        while !self.flat.is_char_boundary(to) {
            to -= 1;
        }
        self.flat.get(from.min(to)..to).unwrap_or("").chars().filter(|c| *c != SENTINEL).collect()
    }
}

/// Cell text that stands for "nothing" rather than a number (`—`, `/`, `无`, `－`).
#[must_use]
pub fn is_blank_marker(t: &str) -> bool {
    matches!(t, "/" | "／" | "-" | "—" | "－" | "–" | "--" | "——" | "—-" | "无" | "\\")
}

/// The number a table cell holds: plain (`12`, `7730.28`), signed (`-3`, `+2`, `－1` for 本年增/减)
/// or with a unit (`0件`, `3个`, `12.5万元`).
#[must_use]
pub fn cell_number(t: &str) -> Option<String> {
    let mut t = t;
    for unit in ["万元", "元", "件", "个", "条", "项", "次", "家", "人", "份"] {
        if let Some(x) = t.strip_suffix(unit) {
            t = x;
            break;
        }
    }
    if is_number(t) {
        return Some(t.to_owned());
    }
    let (sign, rest) = if let Some(r) = t.strip_prefix(['-', '－', '−']) {
        ("-", r)
    } else if let Some(r) = t.strip_prefix(['+', '＋']) {
        ("", r)
    } else {
        return None;
    };
    is_number(rest).then(|| format!("{sign}{rest}"))
}

/// Whether `t` is a plain number (`12`, `7730.28`).
#[must_use]
pub fn is_number(t: &str) -> bool {
    let mut parts = t.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

/// Split a run of digits into `parts` numbers (no leading zeros except `0` itself) accepted by
/// `ok`, which sees each complete candidate. Returns all solutions, at most `max`.
#[must_use]
pub fn split_digits(digits: &str, parts: usize, ok: &dyn Fn(&[i64]) -> bool, max: usize) -> Vec<Vec<i64>> {
    fn go(
        d: &[u8],
        parts: usize,
        cur: &mut Vec<i64>,
        ok: &dyn Fn(&[i64]) -> bool,
        out: &mut Vec<Vec<i64>>,
        max: usize,
        budget: &mut u32,
    ) {
        if out.len() >= max || *budget == 0 {
            return;
        }
        *budget -= 1;
        if cur.len() == parts {
            if d.is_empty() && ok(cur) {
                out.push(cur.clone());
            }
            return;
        }
        let remaining = parts - cur.len();
        if d.len() < remaining {
            return;
        }
        let max_len = (d.len() - (remaining - 1)).min(9);
        for len in 1..=max_len {
            if len > 1 && d[0] == b'0' {
                break;
            }
            let v = d[..len].iter().fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
            cur.push(v);
            go(&d[len..], parts, cur, ok, out, max, budget);
            cur.pop();
        }
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 60 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut budget = 200_000u32;
    go(digits.as_bytes(), parts, &mut Vec::new(), ok, &mut out, max, &mut budget);
    out
}
