//! Fuzzing the readers with proptest: arbitrary bytes, and real reports (PDF, DOCX, HTML, text)
//! truncated, with bytes flipped, with random bytes spliced in and with slices repeated, all go
//! through `check_bytes`. Each case must finish within a time bound, must not panic inside our
//! code (`check_bytes` turns a panic into the "内部错误" file error, which is what is asserted
//! against; a panic inside the third-party PDF extractor is caught by the PDF reader and reported
//! as a broken PDF, which is allowed), and must give bounded output.
//!
//! Case counts are small so that this runs in seconds in a debug build; raise them with
//! `PROPTEST_CASES=… cargo test --release -p gongkai_check --test fuzz_readers` for a longer run.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use gongkai_check::{FileReport, check_bytes};
use proptest::prelude::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
const INTERNAL: &str = "检查时发生内部错误，此文件已跳过";
/// Per case, in a debug build on a shared machine (a release build is ~10× faster).
const TIME_BOUND: Duration = Duration::from_secs(20);

/// The fixtures mutated: (name, bytes). PDFs are the largest and slowest: one of them.
fn fixtures() -> &'static [(&'static str, Vec<u8>)] {
    static F: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    F.get_or_init(|| {
        [
            "003_hongze-qu_2024.pdf",
            "005_shuyang-xian-fagaiju_2023.docx",
            "005_shuyang-xian-fagaiju_2023.html",
            "000_910d79ecf003d37e.txt",
            "015_pingtan-xian-zhengfu_2011.txt",
        ]
        .into_iter()
        .map(|n| (n, std::fs::read(format!("{DATA}/{n}")).unwrap()))
        .collect()
    })
}

/// A mutation of a fixture.
#[derive(Debug, Clone)]
enum Mutation {
    /// Keep the first `at` per mille of the bytes.
    Truncate { at: u16 },
    /// XOR bytes at positions (per mille) with masks.
    Flip { at: Vec<(u16, u8)> },
    /// Splice random bytes in at a position (per mille).
    Splice { at: u16, bytes: Vec<u8> },
    /// Repeat a slice (start and length per mille) `times` times in place.
    Repeat { start: u16, len: u16, times: u8 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0u16..1000).prop_map(|at| Mutation::Truncate { at }),
        proptest::collection::vec((0u16..1000, 1u8..=255), 1..16).prop_map(|at| Mutation::Flip { at }),
        (0u16..1000, proptest::collection::vec(any::<u8>(), 1..256))
            .prop_map(|(at, bytes)| Mutation::Splice { at, bytes }),
        (0u16..1000, 1u16..50, 2u8..8).prop_map(|(start, len, times)| Mutation::Repeat { start, len, times }),
    ]
}

fn pos(len: usize, per_mille: u16) -> usize {
    len * usize::from(per_mille) / 1000
}

fn apply(input: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = input.to_vec();
    match m {
        Mutation::Truncate { at } => b.truncate(pos(b.len(), *at)),
        Mutation::Flip { at } => {
            for (p, mask) in at {
                let i = pos(b.len(), *p);
                if let Some(x) = b.get_mut(i) {
                    *x ^= mask;
                }
            }
        }
        Mutation::Splice { at, bytes } => {
            let i = pos(b.len(), *at);
            b.splice(i..i, bytes.iter().copied());
        }
        Mutation::Repeat { start, len, times } => {
            let s = pos(b.len(), *start);
            let e = (s + pos(b.len(), *len).max(1)).min(b.len());
            let slice = b[s..e].to_vec();
            for _ in 1..*times {
                b.splice(e..e, slice.iter().copied());
            }
        }
    }
    b
}

fn check_bounded(name: &str, bytes: &[u8]) -> Result<FileReport, TestCaseError> {
    let t = Instant::now();
    let r = check_bytes(name, bytes);
    let took = t.elapsed();
    prop_assert!(took < TIME_BOUND, "{name}: {took:?} for {} bytes", bytes.len());
    prop_assert_ne!(r.error.as_deref(), Some(INTERNAL), "{} panicked inside the checker", name);
    prop_assert!(r.findings.len() < 2000, "{name}: {} findings", r.findings.len());
    if let Some(e) = &r.error {
        prop_assert!(!e.is_empty() && e.chars().count() < 500, "{name}: error message {e:?}");
    }
    Ok(r)
}

/// `default` cases, or `PROPTEST_CASES` when set (for longer runs).
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    // The PDF (index 0) is by far the slowest to read: one case in five.
    fn mutated_real_reports_never_panic(which in prop_oneof![1 => Just(0usize), 4 => 1usize..5], m in mutation()) {
        let (name, bytes) = &fixtures()[which];
        check_bounded(name, &apply(bytes, &m))?;
    }

    #[test]
    fn arbitrary_bytes_with_a_sniffed_prefix_never_panic(
        prefix in 0usize..6,
        tail in proptest::collection::vec(any::<u8>(), 0..8192),
    ) {
        let head: &[u8] = [
            &b""[..],
            b"%PDF-1.7\n",
            b"PK\x03\x04",
            b"<html><body><table><tr><td rowspan=\"999999\" colspan=\"999999\">",
            b"\xff\xfe",
            b"\xef\xbb\xbf| \xe8\xa1\xa8\xe4\xb8\x89 | 1 |\n|---|---|\n",
        ][prefix];
        let mut b = head.to_vec();
        b.extend(tail);
        check_bounded("fuzz", &b)?;
    }
}

/// A ZIP whose `word/document.xml` is arbitrary XML-ish text: the DOCX reader's parser on its own.
fn docx_with(document_xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(document_xml).unwrap();
    w.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn arbitrary_wordprocessingml_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("<w:tbl>"), Just("</w:tbl>"), Just("<w:tr>"), Just("</w:tr>"), Just("<w:tc>"), Just("</w:tc>"),
            Just("<w:p>"), Just("</w:p>"), Just("<w:t>"), Just("</w:t>"), Just("<w:gridSpan w:val=\"99999\"/>"),
            Just("<w:vMerge/>"), Just("<w:vMerge w:val=\"restart\"/>"), Just("&amp;"), Just("&#x0;"), Just("&bogus;"),
            Just("本年新收"), Just("总计"), Just("0"), Just("12"), Just("<w:br/>"), Just("<![CDATA[x]]>"),
        ], 0..200),
    ) {
        let xml = format!("<w:document><w:body>{}</w:body></w:document>", parts.concat());
        check_bounded("fuzz.docx", &docx_with(xml.as_bytes()))?;
    }
}

/// Every prefix length class of each fixture once (cheap, deterministic complement to the
/// random cases above): cut at 1, 2, 5, 10, 25, 50, 75, 90, 99 % of the file.
#[test]
fn truncated_fixtures_never_panic() {
    for (name, bytes) in fixtures() {
        for pct in [1, 2, 5, 10, 25, 50, 75, 90, 99] {
            let cut = &bytes[..bytes.len() * pct / 100];
            let t = Instant::now();
            let r = check_bytes(name, cut);
            assert!(t.elapsed() < TIME_BOUND, "{name} cut at {pct}%: {:?}", t.elapsed());
            assert_ne!(r.error.as_deref(), Some(INTERNAL), "{name} cut at {pct}% panicked");
        }
    }
}

/// Found by `mutated_real_reports_never_panic`: an `&` followed by multi-byte text within 12
/// bytes (`R&D研究中心`, `&nbsp` without its `;` before Chinese) sliced a `str` inside a
/// character in the HTML entity decoder.
#[test]
fn regression_ampersand_before_chinese_text() {
    use gongkai_check::read::html::decode_entities;
    assert_eq!(decode_entities("R&D研究中心"), "R&D研究中心");
    assert_eq!(decode_entities("&nbsp政府&amp;信息"), "&nbsp政府&信息");
    let html = "<p>2023年政府信息公开工作年度报告 R&D研究中心&nbsp政府</p>".as_bytes();
    assert_ne!(check_bytes("amp.html", html).error.as_deref(), Some(INTERNAL));
}
