//! The two tokenizers of the index and the query segmenter, all over ONE shared [`Jieba`].
//!
//! - `gk_jieba`: jieba search-mode words (`cut_for_search`: `优化营商环境` → 优化, 营商, 环境,
//!   营商环境 … where they are dictionary words), punctuation and whitespace dropped, lowercased.
//!   Good for ranking.
//! - `gk_bigram`: overlapping CJK character bigrams (a lone CJK character as a unigram) and whole
//!   lowercased Latin/digit runs, with a position gap between runs so a phrase never spans
//!   punctuation. A query word of two or more characters becomes a phrase of its bigrams, which
//!   matches exactly the documents containing it as a substring: the recall guarantee that
//!   dictionary segmentation alone lacks (stack.md §3.3 pitfall 5).

use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which [`JiebaTokenizer`] is registered.
pub const JIEBA: &str = "gk_jieba";
/// Name under which [`BigramTokenizer`] is registered.
pub const BIGRAM: &str = "gk_bigram";

/// Government terms the default dictionary lacks or cuts badly.
const GOV_WORDS: [&str; 14] = [
    "政府信息公开",
    "政务公开",
    "依申请公开",
    "主动公开",
    "营商环境",
    "乡村振兴",
    "耕地地力保护补贴",
    "行政许可",
    "行政处罚",
    "规范性文件",
    "最低生活保障",
    "城乡居民",
    "高标准农田",
    "人居环境",
];

/// The one dictionary of the process (`Jieba::new()` costs 0.13–0.5 s in release, 0.6 s in debug).
static SHARED: LazyLock<Jieba> = LazyLock::new(|| {
    let mut j = Jieba::new();
    for w in GOV_WORDS {
        j.add_word(w, None, None);
    }
    j
});

/// The shared segmenter.
pub fn jieba() -> &'static Jieba {
    &SHARED
}

/// Longest token kept (bytes); longer ones are noise such as base64 or hashes.
const MAX_TOKEN_BYTES: usize = 64;

fn keep(word: &str) -> bool {
    word.len() <= MAX_TOKEN_BYTES && word.chars().any(char::is_alphanumeric)
}

/// CJK ideographs (URO, Ext-A) and 〇.
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) || c == '〇'
}

/// Tokens collected up front; the stream walks them.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// jieba search-mode tokenizer over the shared dictionary.
#[derive(Clone, Copy, Debug, Default)]
pub struct JiebaTokenizer;

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        for (position, t) in
            jieba().cut_for_search(text, false).into_iter().filter(|t| keep(t.word)).enumerate()
        {
            tokens.push(Token {
                offset_from: t.byte_start,
                offset_to: t.byte_end,
                position,
                text: t.word.to_lowercase(),
                position_length: 1,
            });
        }
        VecTokenStream { tokens, next: 0 }
    }
}

/// CJK bigrams plus whole Latin/digit runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream { tokens: bigrams(text), next: 0 }
    }
}

/// The bigram tokens of `text` (also used to build phrase queries).
pub fn bigrams(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut position = 0usize;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_cjk(c) {
            let s = i;
            while i < chars.len() && is_cjk(chars[i].1) {
                i += 1;
            }
            if i - s == 1 {
                tokens.push(token(text, chars[s].0, end_of(s + 1), position, false));
                position += 1;
            } else {
                for (k, &(from, _)) in chars.iter().enumerate().take(i - 1).skip(s) {
                    tokens.push(token(text, from, end_of(k + 2), position, false));
                    position += 1;
                }
            }
            position += 1;
        } else if c.is_alphanumeric() {
            let s = i;
            while i < chars.len() && chars[i].1.is_alphanumeric() && !is_cjk(chars[i].1) {
                i += 1;
            }
            let (from, to) = (chars[s].0, end_of(i));
            if to - from <= MAX_TOKEN_BYTES {
                tokens.push(token(text, from, to, position, true));
                position += 2;
            }
        } else {
            i += 1;
        }
    }
    tokens
}

fn token(text: &str, from: usize, to: usize, position: usize, lower: bool) -> Token {
    let t = &text[from..to];
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text: if lower { t.to_lowercase() } else { t.to_owned() },
        position_length: 1,
    }
}

/// The words of a user's query: jieba default-mode cut (no HMM, as at indexing), punctuation and
/// whitespace dropped, lowercased, duplicates removed, at most 16. Adjacent single CJK characters
/// (what jieba leaves of a word missing from its dictionary, e.g. 地/力 of 地力) are joined back
/// into one word, so that the bigram phrase finds them together.
pub fn query_words(q: &str) -> Vec<String> {
    let mut words: Vec<(String, usize, bool)> = Vec::new(); // (word, byte end, is a run of single chars)
    for t in jieba().cut(q, false) {
        if !keep(t.word) {
            continue;
        }
        let single = t.word.chars().count() == 1 && t.word.chars().all(is_cjk);
        match words.last_mut() {
            Some((w, end, true)) if single && *end == t.byte_start => {
                w.push_str(t.word);
                *end = t.byte_end;
            }
            _ => words.push((t.word.to_lowercase(), t.byte_end, single)),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (w, _, _) in words {
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == 16 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_have_gaps_between_runs() {
        let t = bigrams("营商环境，G20峰会");
        let v: Vec<(&str, usize)> = t.iter().map(|t| (t.text.as_str(), t.position)).collect();
        assert_eq!(v, vec![("营商", 0), ("商环", 1), ("环境", 2), ("g20", 4), ("峰会", 6)]);
    }

    #[test]
    fn query_words_drop_punctuation() {
        let w = query_words("优化 营商环境！");
        assert!(w.iter().all(|w| !w.contains(' ') && !w.contains('！')), "{w:?}");
        assert!(!w.is_empty());
        assert_eq!(query_words("地力保护"), vec!["地力", "保护"]);
    }
}
