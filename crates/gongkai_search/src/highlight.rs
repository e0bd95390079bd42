//! Highlighting: the query words found in a stored text, HTML-escaped, wrapped in `<mark>`.
//!
//! Done by substring search rather than tantivy's `SnippetGenerator`, because a document may match
//! through the bigram field only (a word jieba did not cut out of it), and the highlight must show
//! exactly what matched.

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Byte ranges of the words in `text`, merged, case-insensitive for ASCII.
fn ranges(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut r: Vec<(usize, usize)> = Vec::new();
    for w in words {
        if w.is_empty() {
            continue;
        }
        for (i, _) in lower.match_indices(w.as_str()).take(1000) {
            r.push((i, i + w.len()));
        }
    }
    r.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(r.len());
    for (s, e) in r {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn render(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut pos = 0;
    for &(s, e) in ranges {
        if s < pos || e > text.len() {
            continue;
        }
        escape(&text[pos..s], &mut out);
        out.push_str("<mark>");
        escape(&text[s..e], &mut out);
        out.push_str("</mark>");
        pos = e;
    }
    escape(&text[pos..], &mut out);
    out
}

/// The whole text, escaped, with every word marked (for titles).
pub fn full(text: &str, words: &[String]) -> String {
    render(text, &ranges(text, words))
}

/// A window of about `max_chars` characters around the densest cluster of matches, escaped and
/// marked, with `…` where text was cut. `None` when no word occurs.
pub fn snippet(text: &str, words: &[String], max_chars: usize) -> Option<String> {
    let r = ranges(text, words);
    if r.is_empty() {
        return None;
    }
    // Byte offset of each char, to move by characters.
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
    let lead = max_chars / 6;
    let mut best = (0usize, 0usize); // (count, window start char)
    for &(s, _) in r.iter().take(200) {
        let ws = char_at(s).saturating_sub(lead);
        let we_byte = starts.get(ws + max_chars).copied().unwrap_or(text.len());
        let ws_byte = starts.get(ws).copied().unwrap_or(0);
        let count = r.iter().filter(|&&(a, b)| a >= ws_byte && b <= we_byte).count();
        if count > best.0 {
            best = (count, ws);
        }
    }
    let ws_byte = starts.get(best.1).copied().unwrap_or(0);
    let we_byte = starts.get(best.1 + max_chars).copied().unwrap_or(text.len());
    let inside: Vec<(usize, usize)> = r
        .iter()
        .filter(|&&(a, b)| a >= ws_byte && b <= we_byte)
        .map(|&(a, b)| (a - ws_byte, b - ws_byte))
        .collect();
    let window = &text[ws_byte..we_byte];
    let mut out = String::new();
    if ws_byte > 0 {
        out.push('…');
    }
    out.push_str(&render(&window.replace(['\n', '\r'], " "), &inside));
    if we_byte < text.len() {
        out.push('…');
    }
    Some(out)
}

/// The first `max_chars` characters, escaped (when no word occurs).
pub fn lead(text: &str, max_chars: usize) -> String {
    let end = text.char_indices().nth(max_chars).map_or(text.len(), |(i, _)| i);
    let mut out = String::new();
    escape(&text[..end].replace(['\n', '\r'], " "), &mut out);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let w = vec!["补贴".to_owned()];
        assert_eq!(full("<b>耕地地力保护补贴</b>", &w), "&lt;b&gt;耕地地力保护<mark>补贴</mark>&lt;/b&gt;");
    }

    #[test]
    fn snippet_windows_the_match() {
        let text = format!("{}营商环境{}", "前".repeat(300), "后".repeat(300));
        let s = snippet(&text, &["营商".to_owned()], 60).unwrap_or_default();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>营商</mark>"));
        assert!(s.chars().count() < 90);
        assert!(snippet("无关", &["营商".to_owned()], 60).is_none());
    }
}
