#!/usr/bin/env python3
"""Convert a simple HTML report (p, h1-h6, table with rowspan/colspan) into a minimal DOCX.

Used once to make 005_shuyang-xian-fagaiju_2023.docx from the published HTML, so that the DOCX
reader is tested on a real report's text and tables:

    python3 make_docx.py 005_shuyang-xian-fagaiju_2023.html 005_shuyang-xian-fagaiju_2023.docx

colspan becomes w:gridSpan; rowspan becomes w:vMerge (restart on the first row, continue below).
The portal's page-metadata table (索引号, 发布机构, …) is left out: a Word document has none.
The output is deterministic (fixed ZIP timestamps).
"""
import html
import sys
import zipfile
from html.parser import HTMLParser
from xml.sax.saxutils import escape


class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # ("p", text) | ("table", rows of (text, colspan, rowspan))
        self.text = None
        self.table = None
        self.row = None
        self.cell = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "title", "head"):
            self.skip += 1
        elif tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ["", int(a.get("colspan") or 1), int(a.get("rowspan") or 1)]
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") and self.cell is None:
            self.text = ""
        elif tag == "br":
            self.data("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.table is not None:
            self.blocks.append(("table", self.table))
            self.table = self.row = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(tuple(self.cell))
            self.cell = None
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") and self.text is not None:
            self.blocks.append(("p", self.text))
            self.text = None

    def handle_data(self, data):
        self.data(data)

    def data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell[0] += data
        elif self.text is not None:
            self.text += data


def para(text):
    text = text.strip()
    if not text:
        return "<w:p/>"
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def table(rows):
    # Lay the cells out on a grid, as a browser does.
    taken = {}  # (row, col) -> ("origin", cell) | ("cont", colspan)
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in taken:
                c += 1
            taken[(r, c)] = ("origin", (text, cs, rs))
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        taken.setdefault((r + dr, c + dc), ("covered", None))
                if dr:
                    taken[(r + dr, c)] = ("cont", cs)
            c += cs
    width = max((c + 1 for (_, c) in taken), default=0)
    out = ["<w:tbl><w:tblPr><w:tblBorders>"]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        out.append(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>')
    out.append("</w:tblBorders></w:tblPr><w:tblGrid>")
    out.append('<w:gridCol w:w="1000"/>' * width)
    out.append("</w:tblGrid>")
    for r in range(len(rows)):
        out.append("<w:tr>")
        c = 0
        while c < width:
            kind, val = taken.get((r, c), ("empty", None))
            if kind == "origin":
                text, cs, rs = val
                props = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + (
                    '<w:vMerge w:val="restart"/>' if rs > 1 else ""
                )
                out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{para(text)}</w:tc>")
                c += cs
            elif kind == "cont":
                span = f'<w:gridSpan w:val="{val}"/>' if val > 1 else ""
                out.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                c += val
            else:
                c += 1
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def main(src, dst):
    reader = Reader()
    with open(src, encoding="utf-8") as f:
        reader.feed(f.read())
    body = []
    for kind, val in reader.blocks:
        if kind == "table" and any("索引号" in cell[0] for row in val for cell in row):
            continue  # the portal's page-metadata table is site chrome, not part of the document
        body.append(para(val) if kind == "p" else table(val) + "<w:p/>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "".join(body) + "<w:sectPr/></w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 17, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
