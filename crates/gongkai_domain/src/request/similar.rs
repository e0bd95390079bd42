//! 重复申请 detection (条例 第三十六条第六项): a suggestion for the handler, never a decision.
//!
//! Two descriptions are compared by the Jaccard similarity of their character bigrams over the
//! CJK letters and ASCII alphanumerics (punctuation and spaces ignored): cheap, language-neutral
//! and robust to re-wording like “请公开” / “申请公开”.

use std::collections::HashSet;

/// Similarity at or above which a request is suggested as a repeat.
pub const REPEAT_THRESHOLD: f64 = 0.6;

fn bigrams(s: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '请' | '申' | '公' | '开' | '的' | '关' | '于'))
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Jaccard similarity of the two texts' bigram sets, in `[0, 1]`.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() && y.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    let inter = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    inter / union
}

/// Whether `b` looks like substantially the same request as `a`.
pub fn looks_repeated(a: &str, b: &str) -> bool {
    similarity(a, b) >= REPEAT_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewording_is_similar_and_other_topics_are_not() {
        let a = "请公开2025年城关镇耕地地力保护补贴发放名单";
        let b = "申请公开城关镇2025年耕地地力保护补贴的发放名单。";
        let c = "请公开城关镇2025年道路建设项目招标文件";
        assert!(looks_repeated(a, b), "{}", similarity(a, b));
        assert!(!looks_repeated(a, c), "{}", similarity(a, c));
        assert!((similarity(a, a) - 1.0).abs() < 1e-9);
    }
}
