#!/usr/bin/env bash
# preview-docx.sh: render a Word file to PNG pages, to look at what a reader of it sees.
#
#   scripts/preview-docx.sh [-r DPI] FILE.docx OUT_DIR/
#
# Converts FILE (.docx, or anything else LibreOffice Writer opens: .doc, .odt, .fodt, .rtf) to PDF
# with LibreOffice headless, then to OUT_DIR/page-1.png, page-2.png, ... with pdftoppm, and keeps
# the PDF as OUT_DIR/<stem>.pdf. Page PNGs left in OUT_DIR from an earlier run are removed first.
# Resolution: -r DPI, or PREVIEW_DPI in the environment; default 60 (an A4 page is then about 497x702 pixels).
#
# Needs (Debian packages): libreoffice-writer-nogui (soffice), poppler-utils (pdftoppm), and
# fonts-noto-cjk, without which Chinese text renders as empty boxes:
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk
#
# Runs from any directory, as any user, and beside another LibreOffice: soffice gets a private,
# temporary profile. Exits non-zero, with a message, if anything is missing or fails.
set -euo pipefail

die() { echo "preview-docx: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

dpi=${PREVIEW_DPI:-60}
while getopts 'r:h' opt; do
    case $opt in
        r) dpi=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { usage >&2; exit 2; }
input=$1
outdir=$2

case $dpi in
    ''|*[!0-9]*|0) die "resolution must be a positive whole number of dots per inch, not '$dpi'" ;;
esac
[ -e "$input" ] || die "no such file: $input"
if [ ! -f "$input" ] || [ ! -r "$input" ]; then die "not a readable file: $input"; fi
case $input in
    *.docx|*.DOCX) [ "$(head -c 2 "$input")" = PK ] || die "$input is not a .docx (no zip signature); LibreOffice would open it as plain text" ;;
esac

pkgs="apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk"
command -v soffice >/dev/null || die "soffice (LibreOffice) not found; on Debian: $pkgs"
command -v pdftoppm >/dev/null || die "pdftoppm not found; on Debian: $pkgs"
if command -v fc-list >/dev/null && ! fc-list ':lang=zh' family | grep -q .; then
    echo "preview-docx: warning: no font for Chinese installed, text will render as boxes; on Debian: $pkgs" >&2
fi

mkdir -p "$outdir" || die "cannot create $outdir"
stem=$(basename "${input%.*}")
work=$(mktemp -d "${TMPDIR:-/tmp}/preview-docx.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! soffice -env:UserInstallation="file://$work/profile" --headless --norestore --nolockcheck \
        --convert-to pdf --outdir "$work" "$input" >"$work/soffice.log" 2>&1 ||
        [ ! -s "$work/$stem.pdf" ]; then
    cat "$work/soffice.log" >&2
    die "LibreOffice could not convert $input to PDF"
fi

rm -f "$outdir"/page-*.png
# pdftoppm names pages page-1.png or page-01.png ... depending on the page count: make them page-N.png.
pdftoppm -png -r "$dpi" "$work/$stem.pdf" "$work/page" || die "pdftoppm failed on $work/$stem.pdf"
n=0
for png in "$work"/page-*.png; do
    [ -e "$png" ] || die "pdftoppm wrote no page"
    num=${png##*/page-}
    num=${num%.png}
    mv "$png" "$outdir/page-$((10#$num)).png"
    n=$((n + 1))
done
mv "$work/$stem.pdf" "$outdir/$stem.pdf"
echo "preview-docx: $n page(s) at $dpi dpi in $outdir (page-1.png ...; PDF: $stem.pdf)"
