//! Attachment extraction: DOCX and XLSX built in the test, PDF from the report checker's test data,
//! type checks by magic bytes, and the bounds (zip bomb, cells, size).

#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Write};

use gongkai_domain::pii::{self, FindingKind, ScanSettings};
use gongkai_search::extract::{AttachmentKind, ExtractError, Limits, extract_text};
use zip::write::SimpleFileOptions;

fn docx(body_paras: &[&str], header: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opt = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opt).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .unwrap();
    let paras: String = body_paras.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    z.start_file("word/document.xml", opt).unwrap();
    z.write_all(
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paras}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>手机</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13912345678</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        )
        .as_bytes(),
    )
    .unwrap();
    z.start_file("word/header1.xml", opt).unwrap();
    z.write_all(
        format!(r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>"#)
            .as_bytes(),
    )
    .unwrap();
    z.finish().unwrap().into_inner()
}

fn xlsx(rows: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("名单").unwrap();
    s.write_string(0, 0, "姓名").unwrap();
    s.write_string(0, 1, "身份证号").unwrap();
    s.write_string(0, 2, "手机").unwrap();
    for r in 1..=rows as u32 {
        s.write_string(r, 0, format!("村民{r}")).unwrap();
        s.write_string(r, 1, "11010519491231002X").unwrap();
        s.write_number(r, 2, 13_812_345_678.0).unwrap();
    }
    let s2 = wb.add_worksheet();
    s2.set_name("汇总").unwrap();
    s2.write_string(0, 0, "合计").unwrap();
    s2.write_number(0, 1, 12.5).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn docx_body_tables_and_headers() {
    let bytes = docx(&["关于发放补贴的公示", "申请人身份证号11010519491231002X"], "内部资料 注意保存");
    let got = extract_text(&bytes, "公示.docx", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Docx);
    assert!(got.text.contains("关于发放补贴的公示"));
    assert!(got.text.contains("李四 13912345678"), "{}", got.text);
    assert!(got.text.contains("内部资料"));
    let kinds: Vec<FindingKind> =
        pii::scan(&got.text, &ScanSettings::default()).iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&FindingKind::ResidentId));
    assert!(kinds.contains(&FindingKind::Mobile));
    assert!(kinds.contains(&FindingKind::SecrecyMarking));
}

#[test]
fn xlsx_all_sheets_one_line_per_row() {
    let got = extract_text(&xlsx(3), "名单.xlsx", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Xlsx);
    let lines: Vec<&str> = got.text.lines().collect();
    assert_eq!(lines[0], "【工作表：名单】");
    assert_eq!(lines[1], "姓名\t身份证号\t手机");
    assert_eq!(lines[2], "村民1\t11010519491231002X\t13812345678");
    assert!(got.text.contains("【工作表：汇总】\n合计\t12.5"), "{}", got.text);
    let found = pii::scan(&got.text, &ScanSettings::default());
    assert_eq!(found.iter().filter(|f| f.kind == FindingKind::ResidentId).count(), 3);
    assert_eq!(found.iter().filter(|f| f.kind == FindingKind::Mobile).count(), 3);
    assert!(found.iter().all(|f| f.line >= 3));
}

#[test]
fn huge_spreadsheet_is_refused() {
    let limits = Limits { max_cells: 20, ..Limits::default() };
    let err = extract_text(&xlsx(10), "名单.xlsx", &limits).unwrap_err();
    assert_eq!(err, ExtractError::TooManyCells { limit: 20 });
    assert!(err.message_zh().contains("单元格"));
}

#[test]
fn lying_extensions_are_refused() {
    let d = docx(&["正文"], "页眉");
    let err = extract_text(&d, "通知.pdf", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::TypeMismatch { .. }), "{err:?}");
    assert!(err.message_zh().contains(".pdf") && err.message_zh().contains("Word"), "{}", err.message_zh());
    let err = extract_text(&xlsx(1), "名单.docx", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::TypeMismatch { .. }));
    let err = extract_text("纯文本内容".as_bytes(), "名单.xlsx", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::TypeMismatch { .. }));
    let err = extract_text(b"%PDF-1.4\n...", "a.txt", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::TypeMismatch { .. }));
    assert_eq!(err.code(), "attachment_type_mismatch");
}

/// A ZIP whose one entry inflates to `mb` MB of zeros, built by hand in a few milliseconds: 1 MB of
/// zeros deflated once with a sync flush (byte-aligned, non-final blocks) repeated `mb` times, then
/// a final empty block. The CRC is left 0: the extractor must refuse before reading the data.
fn zip_bomb(name: &str, mb: u32) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    enc.flush().unwrap();
    let chunk = enc.get_ref().clone();
    let mut data = Vec::new();
    for _ in 0..mb {
        data.extend_from_slice(&chunk);
    }
    data.extend_from_slice(&[0x03, 0x00]);
    let (csize, usize_) = (data.len() as u32, mb << 20);
    let header = |sig: u32, central: bool| {
        let mut h = Vec::new();
        h.extend(sig.to_le_bytes());
        if central {
            h.extend(20u16.to_le_bytes());
        }
        for v in [20u16, 0, 8, 0, 0] {
            h.extend(v.to_le_bytes());
        }
        for v in [0u32, csize, usize_] {
            h.extend(v.to_le_bytes());
        }
        h.extend((name.len() as u16).to_le_bytes());
        h.extend(0u16.to_le_bytes());
        if central {
            for v in [0u16, 0, 0] {
                h.extend(v.to_le_bytes());
            }
            h.extend(0u32.to_le_bytes());
            h.extend(0u32.to_le_bytes());
        }
        h.extend(name.as_bytes());
        h
    };
    let mut out = header(0x0403_4b50, false);
    out.extend(&data);
    let cd_offset = out.len() as u32;
    let cd = header(0x0201_4b50, true);
    out.extend(&cd);
    out.extend(0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        out.extend(v.to_le_bytes());
    }
    out.extend((cd.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let bytes = zip_bomb("word/document.xml", 200);
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    let err = extract_text(&bytes, "炸弹.docx", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::ZipBomb { .. }), "{err:?}");
    assert!(err.message_zh().contains("压缩炸弹"));
    // The same entry under the limit but with a ratio of ~1000: refused too.
    let small = zip_bomb("xl/workbook.xml", 20);
    let err = extract_text(&small, "名单.xlsx", &Limits::default()).unwrap_err();
    assert!(matches!(err, ExtractError::ZipBomb { .. }), "{err:?}");
}

#[test]
fn images_have_no_text_and_say_so() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let got = extract_text(&png, "现场照片.png", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Image);
    assert!(got.text.is_empty());
    assert!(got.notes[0].contains("OCR"));
    // An image named with another image extension is still an image.
    assert_eq!(extract_text(&png, "照片.jpg", &Limits::default()).unwrap().kind, AttachmentKind::Image);
}

#[test]
fn text_html_and_refusals() {
    let got = extract_text("第一行\n联系电话13812345678".as_bytes(), "说明.txt", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Text);
    assert!(got.text.contains("13812345678"));
    let html = "<html><body><p>关于印发方案的通知</p></body></html>";
    let got = extract_text(html.as_bytes(), "通知.html", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Html);
    assert!(got.text.contains("关于印发方案的通知"));

    assert_eq!(extract_text(b"", "a.txt", &Limits::default()).unwrap_err(), ExtractError::Empty);
    assert!(matches!(
        extract_text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "旧.doc", &Limits::default()).unwrap_err(),
        ExtractError::Unsupported { .. }
    ));
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(extract_text(&ole, "加密.xlsx", &Limits::default()).unwrap_err(), ExtractError::Encrypted);
    assert!(matches!(
        extract_text(b"MZ\x90\0\x03", "setup.exe", &Limits::default()).unwrap_err(),
        ExtractError::Unsupported { .. }
    ));
    assert!(matches!(
        extract_text(b"MZ\x90\0\x03\0\0\0\x04", "无扩展名", &Limits::default()).unwrap_err(),
        ExtractError::Unsupported { .. }
    ));
    let small = Limits { max_input_bytes: 10, ..Limits::default() };
    assert!(matches!(
        extract_text(b"0123456789ABC", "a.txt", &small).unwrap_err(),
        ExtractError::TooLarge { .. }
    ));
}

#[test]
fn pdf_text_layer() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../gongkai_check/tests/data/002_hongze-qu_2023.pdf");
    let bytes = std::fs::read(path).unwrap();
    let got = extract_text(&bytes, "年报.pdf", &Limits::default()).unwrap();
    assert_eq!(got.kind, AttachmentKind::Pdf);
    assert!(got.text.contains("政府信息公开"), "{}", &got.text[..got.text.len().min(300)]);
}
