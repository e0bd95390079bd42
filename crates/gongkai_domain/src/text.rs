//! Text people type: what may be stored, shown and written into documents.
//!
//! Two hazards are handled here, once, for every input path (forms, API, uploads' names):
//! - characters XML 1.0 cannot hold (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) would make
//!   every DOCX/XLSX they reach unreadable, so they are stripped at the edge ([`strip_xml_invalid`])
//!   and once more by each document writer ([`xml_char`]);
//! - bidirectional controls (U+202A–U+202E, U+2066–U+2069) make a name display differently from
//!   what it is (“申请人” + U+202E + “txt.exe” reads as “申请人exe.txt”), so names carrying them are refused
//!   ([`check_name`]).

use serde_json::Value;

/// Whether XML 1.0 allows `c` (the `Char` production: tab, LF, CR, U+0020–U+D7FF,
/// U+E000–U+FFFD, U+10000–U+10FFFF; Rust strings never hold lone surrogates).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The bidirectional embedding, override and isolate controls.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without the characters XML cannot hold.
pub fn strip_xml_invalid(s: &str) -> String {
    s.chars().filter(|c| xml_char(*c)).collect()
}

/// Strips XML-invalid characters from every string inside a JSON value (keys included), for
/// API bodies whose shape is known only to the handler.
pub fn strip_xml_invalid_json(v: &mut Value) {
    match v {
        Value::String(s) if s.chars().any(|c| !xml_char(c)) => *s = strip_xml_invalid(s),
        Value::Array(items) => items.iter_mut().for_each(strip_xml_invalid_json),
        Value::Object(map) => {
            let dirty = map.keys().any(|k| k.chars().any(|c| !xml_char(c)));
            if dirty {
                let old = std::mem::take(map);
                *map = old.into_iter().map(|(k, v)| (strip_xml_invalid(&k), v)).collect();
            }
            map.values_mut().for_each(strip_xml_invalid_json);
        }
        _ => {}
    }
}

/// A name (of a person, an organisation, an account, a file) must not carry bidirectional
/// controls or control characters. The error is the Chinese message for the form.
pub fn check_name(s: &str) -> Result<(), &'static str> {
    if s.chars().any(is_bidi_control) {
        return Err("名称中含有改变文字显示方向的控制字符（如 U+202E），请删除后重新填写");
    }
    if s.chars().any(|c| c.is_control() || !xml_char(c)) {
        return Err("名称中含有不可见的控制字符，请删除后重新填写");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn xml_chars_follow_the_xml_1_0_production() {
        for c in ['\t', '\n', '\r', ' ', '中', '\u{D7FF}', '\u{E000}', '\u{FFFD}', '\u{10000}', '\u{10FFFF}']
        {
            assert!(xml_char(c), "{c:?}");
        }
        for c in ['\0', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!xml_char(c), "{c:?}");
        }
        assert_eq!(strip_xml_invalid("张\u{FFFE}三\u{0}\u{FFFF}\n"), "张三\n");
    }

    #[test]
    fn bidi_controls_and_controls_are_refused_in_names() {
        assert!(check_name("张三").is_ok());
        assert!(check_name("Zhang San-Li").is_ok());
        for bad in ["张\u{202E}三", "a\u{2066}b", "\u{202A}x", "a\u{2069}", "张\u{FFFE}三", "a\u{7}b", "a\nb"]
        {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name("张\u{202E}三").err().is_some_and(|m| m.contains("U+202E")));
    }

    #[test]
    fn json_strings_are_stripped_at_every_depth() {
        let mut v = json!({"a\u{FFFF}": "x\u{FFFE}y", "list": ["\u{1}ok", 3, {"n": "z\u{FFFF}"}], "b": true});
        strip_xml_invalid_json(&mut v);
        assert_eq!(v, json!({"a": "xy", "list": ["ok", 3, {"n": "z"}], "b": true}));
    }
}
