"""Hostile inputs for bench/attack/run.sh, built here from scratch (python3 stdlib only).

Each function returns bytes; nothing is read from disk. The shapes follow issue 11:
a PDF whose form XObject draws itself, a PDF whose XObjects each draw the next four times,
an HTML table whose cells all span 64x64, a DOCX table of 64-column gridSpan cells, and the
upload types that must not pass as what their names say.
"""

import io
import os
import zipfile


def _pdf(objects):
    """A well-formed PDF (header, objects, xref table, trailer) from object bodies 1..n."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(dict_body, data):
    return b"<< " + dict_body + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def self_drawing_pdf():
    """One page that draws form XObject /X, whose own content draws /X again (a cycle)."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>",
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >>",
                b"q /X Do Q",
            ),
            _stream(b"", b"q /X Do Q"),
        ]
    )


def fanout_pdf(levels=16):
    """A chain of form XObjects where each draws the next four times: 4**levels draws, no cycle."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /N 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"", b"/N Do"),
    ]
    first = len(objs) + 1
    for level in range(levels):
        num = first + level
        if level + 1 < levels:
            res = b"/Resources << /XObject << /N %d 0 R >> >>" % (num + 1)
            content = b"q /N Do Q q /N Do Q q /N Do Q q /N Do Q"
        else:
            res = b"/Resources << >>"
            content = b"0 0 1 1 re f"
        objs.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + res, content))
    return _pdf(objs)


def span_html(rows=20000, span=64):
    """An HTML table of `rows` rows, each one cell with rowspan and colspan `span` (~820 KB)."""
    row = "<tr><td rowspan=%d colspan=%d>1</td></tr>" % (span, span)
    return ("<!DOCTYPE html><html><body><h1>2025年政府信息公开工作年度报告</h1><table>\n" + row * rows
            + "</table></body></html>").encode()


def tiny_report_html():
    """A small, honest page: the checker must answer it promptly once hostile work is stopped."""
    return ("<!DOCTYPE html><html><body><h1>示例县2025年政府信息公开工作年度报告</h1>"
            "<p>本报告根据《中华人民共和国政府信息公开条例》编制。</p></body></html>").encode()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def gridspan_docx(rows=700, cells=1500, span=64):
    """A DOCX whose one table has `rows` x `cells` cells, each `w:gridSpan` `span` (~180 KB zipped)."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr><w:p/></w:tc>' % span
    row = "<w:tr>" + cell * cells + "</w:tr>"
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>2025年政府信息公开工作年度报告</w:t></w:r></w:p><w:tbl>" + row * rows + "</w:tbl></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


def zip_named_docx():
    """A plain ZIP archive (no word/document.xml) to be uploaded as 申请书.docx."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "这不是 Word 文档。")
        z.writestr("payload/run.bat", "@echo off\r\n")
    return buf.getvalue()


def pdf_prefix_junk():
    """`%PDF-` followed by random bytes: no objects, no xref, no %%EOF."""
    return b"%PDF-1.7\n" + os.urandom(4096)


def windows_exe():
    """The first bytes of a PE executable (MZ header), named setup.exe."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + os.urandom(2048)


def html_page():
    """An HTML page with a script, named page.html."""
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def png():
    """A tiny valid-looking PNG header (accepted attachment type)."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
