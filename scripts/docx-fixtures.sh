#!/usr/bin/env bash
# docx-fixtures.sh: (re)build the Word fixtures in tests/fixtures/docx/ with LibreOffice, and check them.
#
# What it writes (into tests/fixtures/docx/, or into --out DIR):
#   <stem>.docx     one per seed speech ../shared/corpus/raw/<stem>.txt (UTF-8, one paragraph a
#                   line), imported with LibreOffice's text filter forced to UTF-8 (a plain
#                   `--convert-to docx` of a .txt may guess the encoding wrongly).
#   numbered.docx   from src/numbered.fodt: section numbers 一、 （一） 1. made by an automatic list,
#                   so they live in word/numbering.xml and w:numPr, not in the text.
#   tracked.docx    from src/tracked.fodt: one tracked insertion and one tracked deletion (left
#                   unaccepted), a table, a page header and a page footer.
#   encrypted.docx  numbered.docx protected with the password `speechgen` the way Word does it
#                   (ECMA-376 agile encryption: an OLE compound file with EncryptionInfo and
#                   EncryptedPackage streams, not a zip), made with msoffcrypto-tool. It is for the
#                   tests that check a password-protected document is refused with a clear message.
#                   Only written when missing or with --encrypt (see Determinism); skipped with a
#                   note if msoffcrypto-tool is not installed.
# The hand-written sources src/*.fodt and the expected reader's text numbered.txt and tracked.txt
# are committed and only read here.
#
# What it checks (and exits non-zero if any check fails):
#   seed speeches: the non-empty paragraphs of word/document.xml equal the non-empty lines of the .txt,
#                  and the text has Chinese characters (no mis-decoded encoding);
#   numbered.docx: numbering.xml has levels chineseCounting*/%1、, chineseCounting*/（%2）,
#                  decimal/%3.; the numbered paragraphs carry w:numPr and no typed number; rendering
#                  the numbers from numbering.xml gives exactly numbered.txt;
#   tracked.docx:  w:ins, w:del with w:delText, one w:tbl, header and footer parts with text; the
#                  body text (insertion kept, deletion dropped, table skipped) is exactly tracked.txt,
#                  and neither table nor header/footer text occurs in tracked.txt;
#   encrypted.docx (if present): OLE magic D0 CF 11 E0 A1 B1 1A E1, not a zip, streams EncryptionInfo
#                  (version 4.4, agile) and EncryptedPackage; with msoffcrypto-tool, it decrypts with
#                  `speechgen` (and not with another password) to a zip whose entries equal
#                  numbered.docx's, so a rebuilt numbered.docx needs --encrypt too.
#
# Determinism: LibreOffice writes no dates or rsids into these parts (the tracked-change dates come
# from the .fodt), but it stamps every zip entry with the current time. The script rewrites each
# .docx with fixed zip timestamps, so two runs on the same machine give byte-identical files. Another
# LibreOffice version, or other installed fonts (LibreOffice names the default fonts it finds in
# word/styles.xml and fontTable.xml), may give different bytes: regenerate, check, and review the diff.
# encrypted.docx can never be reproduced: encryption draws a random salt and key, so its bytes differ
# on every run. To keep the committed fixture stable it is written only when missing, or when
# --encrypt asks for it (do that after numbered.docx changed, then commit the new file).
#
# Needs: soffice (Debian: libreoffice-writer-nogui; fonts-noto-cjk for previews), python3 (stdlib
# only), and the shared corpus at ../shared/corpus beside the project (or $SPEECHGEN_CORPUS).
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk
# Optional: msoffcrypto-tool (pip install msoffcrypto-tool), to write and decrypt encrypted.docx.
#
# Run from any directory:
#   scripts/docx-fixtures.sh              # rebuild tests/fixtures/docx/*.docx and check them
#   scripts/docx-fixtures.sh --out DIR    # build into DIR instead (e.g. to diff against the committed ones)
#   scripts/docx-fixtures.sh --check-only # only check the committed .docx files, convert nothing
#   scripts/docx-fixtures.sh --encrypt    # as the first, and also rewrite encrypted.docx (new bytes)
# LibreOffice runs headless with a private, temporary profile, so this works as any user and while
# another LibreOffice is running (including another run of this script).
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
corpus=${SPEECHGEN_CORPUS:-$project/../shared/corpus}
fixtures=$project/tests/fixtures/docx
out=$fixtures
check_only=0
encrypt=0

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

while [ $# -gt 0 ]; do
    case $1 in
        --out) [ $# -ge 2 ] || { echo "docx-fixtures: --out needs a directory" >&2; exit 2; }
               out=$2; shift 2 ;;
        --out=*) out=${1#--out=}; shift ;;
        --check-only) check_only=1; shift ;;
        --encrypt) encrypt=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "docx-fixtures: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done

die() { echo "docx-fixtures: $*" >&2; exit 1; }

if [ "$check_only" = 1 ] && [ "$encrypt" = 1 ]; then
    echo "docx-fixtures: --encrypt writes a file, --check-only writes none; give one of them" >&2; exit 2
fi
command -v python3 >/dev/null || die "python3 not found"
if [ "$encrypt" = 1 ]; then
    command -v msoffcrypto-tool >/dev/null ||
        die "--encrypt needs msoffcrypto-tool: pip install msoffcrypto-tool"
fi
if [ "$check_only" = 0 ]; then
    command -v soffice >/dev/null ||
        die "soffice not found; on Debian: apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk"
fi
[ -d "$corpus/raw" ] || die "seed corpus not found at $corpus/raw (expected ../shared/corpus beside the project, or set SPEECHGEN_CORPUS)"

shopt -s nullglob
seeds=("$corpus"/raw/*.txt)
[ ${#seeds[@]} -gt 0 ] || die "no .txt files in $corpus/raw"
for f in "$fixtures/src/numbered.fodt" "$fixtures/src/tracked.fodt" "$fixtures/numbered.txt" "$fixtures/tracked.txt"; do
    [ -f "$f" ] || die "missing committed source $f"
done

# Same bytes whatever the caller's locale or time zone.
export LC_ALL=C.UTF-8 TZ=UTC

work=$(mktemp -d "${TMPDIR:-/tmp}/docx-fixtures.XXXXXX")
trap 'rm -rf "$work"' EXIT

# soffice IN... : convert to .docx into $work/conv with a private profile; extra soffice options
# (the input filter) come first, separated by --.
soffice_docx() {
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    shift
    if ! soffice -env:UserInstallation="file://$work/profile" --headless --norestore --nolockcheck \
            "${opts[@]}" --convert-to 'docx:MS Word 2007 XML' --outdir "$work/conv" "$@" \
            >"$work/soffice.log" 2>&1; then
        cat "$work/soffice.log" >&2
        die "soffice failed"
    fi
}

# The password of encrypted.docx (the tests use the same one).
password=speechgen

# The Python half: normalize (fixed zip timestamps) and the checks. Standard library only.
read -r -d '' PY <<'PY' || true
import re, sys, zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
failures = []

def fail(msg):
    failures.append(msg)

def normalize(src, dst):
    """Rewrite a zip with the same entries in the same order, but fixed timestamps."""
    with zipfile.ZipFile(src) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(dst, "w") as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zout.writestr(info, data, compresslevel=9)

def part(z, name):
    return ET.fromstring(z.read(name))

def para_text(p):
    """Text of a w:p as displayed: w:t (also inside w:ins), w:tab, w:br; w:delText is not w:t."""
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)

def body_paragraphs(doc):
    """The top-level paragraphs of the body, in order; tables are skipped."""
    body = doc.find(W + "body")
    return [el for el in body if el.tag == W + "p"]

def cjk(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")

def check_seed(txt, docx):
    lines = [l for l in open(txt, encoding="utf-8").read().split("\n") if l.strip()]
    with zipfile.ZipFile(docx) as z:
        paras = [para_text(p) for p in body_paragraphs(part(z, "word/document.xml"))]
    paras = [p for p in paras if p.strip()]
    name = docx.rsplit("/", 1)[-1]
    if cjk("".join(paras)) < 100:
        fail(f"{name}: almost no Chinese characters in document.xml (encoding guessed wrongly?)")
    if paras != lines:
        n = next((i for i, (a, b) in enumerate(zip(paras, lines)) if a != b), min(len(paras), len(lines)))
        fail(f"{name}: {len(paras)} non-empty paragraphs vs {len(lines)} non-empty lines; first difference at #{n + 1}")
    else:
        print(f"ok  {name}: {len(paras)} paragraphs = the .txt's non-empty lines, {cjk(''.join(paras))} CJK chars")

CN_DIGITS = "零一二三四五六七八九"

def chinese_counting(n):
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    raise ValueError(n)

FORMATS = {
    "decimal": str,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
}

def numbering_levels(z):
    """numId -> {ilvl: (numFmt, lvlText, start)}"""
    numbering = part(z, "word/numbering.xml")
    abstract = {}
    for a in numbering.findall(W + "abstractNum"):
        levels = {}
        for lvl in a.findall(W + "lvl"):
            get = lambda tag, d=None: (lvl.find(W + tag).get(W + "val") if lvl.find(W + tag) is not None else d)
            levels[int(lvl.get(W + "ilvl"))] = (get("numFmt", "decimal"), get("lvlText", ""), int(get("start", "1")))
        abstract[a.get(W + "abstractNumId")] = levels
    return {n.get(W + "numId"): abstract[n.find(W + "abstractNumId").get(W + "val")]
            for n in numbering.findall(W + "num")}

def check_numbered(docx, txt):
    name = "numbered.docx"
    expected = [p for p in open(txt, encoding="utf-8").read().split("\n\n") if p.strip()]
    expected = [p.strip("\n") for p in expected]
    with zipfile.ZipFile(docx) as z:
        nums = numbering_levels(z)
        doc = part(z, "word/document.xml")
    counters, seen, rendered, numbered = {}, set(), [], 0
    for p in body_paragraphs(doc):
        text = para_text(p)
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            ilvl = int(numpr.find(W + "ilvl").get(W + "val"))
            num_id = numpr.find(W + "numId").get(W + "val")
            levels = nums[num_id]
            fmt, lvl_text, start = levels[ilvl]
            if fmt not in FORMATS:
                fail(f"{name}: numId {num_id} level {ilvl} has numFmt {fmt}, not one this check knows")
                continue
            c = counters.setdefault(num_id, {})
            c[ilvl] = c.get(ilvl, start - 1) + 1
            for deeper in [k for k in c if k > ilvl]:
                del c[deeper]
            label = re.sub(r"%(\d)", lambda m: FORMATS[levels[int(m.group(1)) - 1][0]](
                c.get(int(m.group(1)) - 1, levels[int(m.group(1)) - 1][2])), lvl_text)
            if re.match(r"[（(]?[一二三四五六七八九十\d]+[、.）)．]", text):
                fail(f"{name}: numbered paragraph has a typed number: {text[:20]}")
            seen.add((ilvl, fmt, lvl_text))
            numbered += 1
            text = label + text
        if text.strip():
            rendered.append(text)
    want = {(0, "%1、"), (1, "（%2）"), (2, "%3.")}
    got = {(i, t) for i, f, t in seen}
    if not want <= got:
        fail(f"{name}: expected levels {sorted(want)}, numbering.xml gives {sorted(got)}")
    if not any(i == 0 and f.startswith("chineseCounting") for i, f, t in seen):
        fail(f"{name}: level 0 is not chineseCounting*: {sorted(seen)}")
    if rendered != expected:
        n = next((i for i, (a, b) in enumerate(zip(rendered, expected)) if a != b), min(len(rendered), len(expected)))
        fail(f"{name}: rendered text differs from numbered.txt at paragraph #{n + 1}: "
             f"{rendered[n][:30] if n < len(rendered) else None!r} vs {expected[n][:30] if n < len(expected) else None!r}")
    else:
        print(f"ok  {name}: {numbered} paragraphs numbered by w:numPr {sorted(seen)}; "
              f"rendered text = numbered.txt ({len(rendered)} paragraphs)")

def check_tracked(docx, txt):
    name = "tracked.docx"
    before = len(failures)
    expected = [p.strip("\n") for p in open(txt, encoding="utf-8").read().split("\n\n") if p.strip()]
    with zipfile.ZipFile(docx) as z:
        doc = part(z, "word/document.xml")
        rels = part(z, "word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        extra = {}
        for kind in ("header", "footer"):
            refs = doc.findall(f".//{W}{kind}Reference")
            if not refs:
                fail(f"{name}: no w:{kind}Reference")
            for ref in refs:
                target = "word/" + targets[ref.get(R + "id")]
                extra[kind] = "".join(para_text(p) for p in part(z, target).iter(W + "p"))
                if not extra[kind].strip():
                    fail(f"{name}: {target} has no text")
    ins, dels = doc.findall(f".//{W}ins"), doc.findall(f".//{W}del")
    deltext = "".join(t.text or "" for t in doc.iter(W + "delText"))
    tables = doc.findall(f".//{W}tbl")
    if len(ins) != 1 or len(dels) != 1 or not deltext:
        fail(f"{name}: expected one w:ins and one w:del with w:delText, got {len(ins)}, {len(dels)}, {deltext!r}")
    if len(tables) != 1:
        fail(f"{name}: expected one w:tbl, got {len(tables)}")
    cells = [para_text(p) for t in tables for p in t.iter(W + "p")]
    body = [t for t in (para_text(p) for p in body_paragraphs(doc)) if t.strip()]
    if body != expected:
        fail(f"{name}: body text (insertion kept, deletion dropped, table skipped) differs from tracked.txt")
    whole = "\n".join(expected)
    for what, s in [("deleted text", deltext), ("header", extra.get("header", "")),
                    ("footer", extra.get("footer", ""))] + [("table cell", c) for c in cells]:
        if s and s in whole:
            fail(f"{name}: {what} {s!r} occurs in tracked.txt")
    if len(failures) == before:
        print(f"ok  {name}: w:ins {''.join(para_text(i) for i in ins)!r}, w:del {deltext!r}, "
              f"1 table ({len(cells)} cells), header {extra.get('header')!r}, footer {extra.get('footer')!r}; "
              f"body = tracked.txt ({len(body)} paragraphs)")

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# EncryptionInfo of agile encryption: version 4.4, flags 0x40, then the XML descriptor.
AGILE_HEADER = bytes.fromhex("0400040040000000") + b"<?xml"

def check_encrypted(docx, numbered, decrypted=None):
    """Structure of encrypted.docx; with `decrypted`, compare its zip entries with numbered.docx."""
    name = "encrypted.docx"
    before = len(failures)
    data = open(docx, "rb").read()
    if not data.startswith(OLE_MAGIC):
        fail(f"{name}: does not start with the OLE magic D0 CF 11 E0 A1 B1 1A E1: {data[:8].hex(' ')}")
    if zipfile.is_zipfile(docx):
        fail(f"{name}: is a zip, not an encrypted (OLE) file")
    for stream in ("EncryptionInfo", "EncryptedPackage"):
        if stream.encode("utf-16-le") not in data:
            fail(f"{name}: no {stream} stream")
    if AGILE_HEADER not in data:
        fail(f"{name}: no EncryptionInfo version 4.4 (agile) header")
    how = "decryption not checked (no msoffcrypto-tool)"
    if decrypted is not None:
        def entries(path):
            with zipfile.ZipFile(path) as z:
                return [(i.filename, z.read(i.filename)) for i in z.infolist()]
        if entries(decrypted) != entries(numbered):
            fail(f"{name}: decrypts to a zip that differs from numbered.docx (rebuild with --encrypt)")
        how = "decrypts to numbered.docx's zip entries"
    if len(failures) == before:
        print(f"ok  {name}: {len(data)} bytes, OLE with agile EncryptionInfo and EncryptedPackage; {how}")

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "normalize":
    normalize(*args)
elif cmd == "check":
    fixtures, seeds = args[0], args[1:]
    for txt in seeds:
        stem = txt.rsplit("/", 1)[-1][:-4]
        check_seed(txt, f"{fixtures}/{stem}.docx")
    check_numbered(f"{fixtures}/numbered.docx", f"{fixtures}/numbered.txt")
    check_tracked(f"{fixtures}/tracked.docx", f"{fixtures}/tracked.txt")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    sys.exit(1 if failures else 0)
elif cmd == "encrypted":
    check_encrypted(*args)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    sys.exit(1 if failures else 0)
PY

if [ "$check_only" = 0 ]; then
    mkdir -p "$out" "$work/conv"
    soffice_docx '--infilter=Text (encoded):UTF8,LF,,,' -- "${seeds[@]}"
    soffice_docx -- "$fixtures/src/numbered.fodt" "$fixtures/src/tracked.fodt"
    for f in "${seeds[@]}" "$fixtures/src/numbered.fodt" "$fixtures/src/tracked.fodt"; do
        stem=$(basename "${f%.*}")
        [ -s "$work/conv/$stem.docx" ] || { cat "$work/soffice.log" >&2; die "soffice wrote no $stem.docx"; }
        python3 -c "$PY" normalize "$work/conv/$stem.docx" "$out/$stem.docx"
        echo "wrote ${out#"$project"/}/$stem.docx ($(wc -c <"$out/$stem.docx") bytes)"
    done
    if [ "$out" != "$fixtures" ]; then
        cp "$fixtures/numbered.txt" "$fixtures/tracked.txt" "$out/"
    fi

    # encrypted.docx, for the tests that check a password-protected document is refused with a
    # clear message. Random salt: new bytes every run, so only when missing or asked for (--encrypt).
    if [ "$encrypt" = 1 ] || [ ! -e "$out/encrypted.docx" ]; then
        if command -v msoffcrypto-tool >/dev/null; then
            msoffcrypto-tool -e -p "$password" "$out/numbered.docx" "$work/encrypted.docx" ||
                die "msoffcrypto-tool could not encrypt numbered.docx"
            mv "$work/encrypted.docx" "$out/encrypted.docx"
            echo "wrote ${out#"$project"/}/encrypted.docx ($(wc -c <"$out/encrypted.docx") bytes; random salt, so new bytes every run)"
        else
            echo "note: skipping encrypted.docx: msoffcrypto-tool not found (pip install msoffcrypto-tool)"
        fi
    else
        echo "kept ${out#"$project"/}/encrypted.docx (encryption is not reproducible; --encrypt rewrites it)"
    fi
fi

status=0
python3 -c "$PY" check "$out" "${seeds[@]}" || status=1

if [ -e "$out/encrypted.docx" ]; then
    if command -v msoffcrypto-tool >/dev/null; then
        if msoffcrypto-tool -p "not-$password" "$out/encrypted.docx" "$work/wrong.docx" >/dev/null 2>&1; then
            echo "FAIL encrypted.docx: decrypts with a wrong password" >&2; status=1
        fi
        if msoffcrypto-tool -p "$password" "$out/encrypted.docx" "$work/decrypted.docx" >"$work/msoffcrypto.log" 2>&1; then
            python3 -c "$PY" encrypted "$out/encrypted.docx" "$out/numbered.docx" "$work/decrypted.docx" || status=1
        else
            echo "FAIL encrypted.docx: msoffcrypto-tool cannot decrypt it with the password $password:" \
                "$(tail -n 1 "$work/msoffcrypto.log")" >&2
            status=1
            python3 -c "$PY" encrypted "$out/encrypted.docx" "$out/numbered.docx" || true
        fi
    else
        python3 -c "$PY" encrypted "$out/encrypted.docx" "$out/numbered.docx" || status=1
    fi
else
    echo "note: no ${out#"$project"/}/encrypted.docx to check (it needs msoffcrypto-tool to be made)"
fi
exit "$status"
