#!/bin/sh
# Regenerate the embedded font subsets. See README.md. Not run by CI.
# Needs: Debian package fonts-noto-cjk (1:20220127+repack1-1), the texlive-lang-chinese .deb
# (2022.20230122-1, given as the first argument; only unpacked) and fonttools 4.68.
set -eu
SRC=${SRC:-/usr/share/fonts/opentype/noto}
DEB=$(realpath "$1")
cd "$(dirname "$0")"
TMP=$(mktemp -d)
dpkg-deb -x "$DEB" "$TMP/tex"
FANDOL="$TMP/tex/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
# ASCII, Latin-1, general punctuation (“”‘’…—), CJK symbols and punctuation, full-width forms.
extra = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2060), *range(0x3000, 0x3040),
         *range(0xFF00, 0xFFF0)]
def gb2312(rows):
    out = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out
full = gb2312(range(0xA1, 0xF8))    # all of GB 2312: symbols + level 1 + level 2 (7,445 characters)
level1 = gb2312(range(0xA1, 0xD8))  # symbols + level 1 hanzi (the 3,755 most common)
for name, s in (("gb2312", full), ("gb2312-l1", level1)):
    with open(f"{tmp}/{name}.txt", "w") as f:
        f.write("\n".join("U+%04X" % c for c in sorted(s | set(extra))))
PY
# Face index 2 of the collections is the SC (Simplified Chinese) face.
pyftsubset "$FANDOL/FandolFang-Regular.otf" --unicodes-file="$TMP/gb2312.txt" \
  --no-hinting --output-file="$TMP/FandolFang-Regular-GB2312.otf"
pyftsubset "$FANDOL/FandolSong-Bold.otf" --unicodes-file="$TMP/gb2312-l1.txt" \
  --no-hinting --output-file="$TMP/FandolSong-Bold-GB2312L1.otf"
pyftsubset "$SRC/NotoSansCJK-Bold.ttc" --font-number=2 --unicodes-file="$TMP/gb2312-l1.txt" \
  --no-hinting --output-file="$TMP/NotoSansCJKsc-Bold-GB2312L1.otf"
gzip -9n -c "$TMP/FandolFang-Regular-GB2312.otf" > FandolFang-Regular-GB2312.otf.gz
gzip -9n -c "$TMP/FandolSong-Bold-GB2312L1.otf" > FandolSong-Bold-GB2312L1.otf.gz
zcat "$TMP/tex/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" > FANDOL-COPYING.txt
gzip -9n -c "$TMP/NotoSansCJKsc-Bold-GB2312L1.otf" > NotoSansCJKsc-Bold-GB2312L1.otf.gz
rm -r "$TMP"
ls -l ./*.otf.gz
