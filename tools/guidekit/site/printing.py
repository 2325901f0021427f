"""What a printed page carries that the screen does not: where it came from and when.

Teachers print guides as handouts. A sheet of paper needs the site's name, the page's address
as text and as a QR code (made here at build time with segno, inline SVG: no request to any
host), and the date it was printed (filled in by print.js in the reader's language). MkDocs-free;
the plugin calls `print_info()` for every page and main.html places it.
"""

from __future__ import annotations

import html
from typing import Any

import segno

from guidekit.site.reader import text_html


def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`: medium error correction (survives a smudged photocopy),
    a 4-module quiet zone for scanners, no fixed size (the print stylesheet sizes it)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, svgclass="guidekit-qr__code",
                           lineclass=None, dark="#000", light="#fff")


def print_info(ctx: dict[str, Any], site_name: str, url: str) -> str:
    """The print-only block at the top of a page: site name, page address, QR code and the
    "Printed on" line (its date comes from print.js at print time)."""
    e = html.escape
    printed = text_html(ctx, "Printed on {date}",
                        date='<time class="guidekit-print-info__date"></time>')
    scan = text_html(ctx, "Scan to read this page online")
    return (
        '<div class="guidekit-print-info">'
        '<div class="guidekit-print-info__text">'
        f'<p class="guidekit-print-info__site">{e(site_name)}</p>'
        f'<p class="guidekit-print-info__url">{e(url)}</p>'
        f'<p class="guidekit-print-info__printed" hidden>{printed}</p>'
        '</div>'
        f'<figure class="guidekit-qr">{qr_svg(url)}<figcaption>{scan}</figcaption></figure>'
        '</div>')


def print_button(ctx: dict[str, Any]) -> str:
    """Hidden until print.js shows it: without JavaScript it could do nothing."""
    label = text_html(ctx, "Print this page")
    return ('<div class="guidekit-page-tools">'
            '<button type="button" class="guidekit-print-button" data-guidekit-print hidden>'
            '<svg aria-hidden="true" viewBox="0 0 24 24"><path d="M18 3H6v4h12m1 5a1 1 0 0 1-1-1 '
            '1 1 0 0 1 1-1 1 1 0 0 1 1 1 1 1 0 0 1-1 1m-3 7H8v-5h8m3-6H5a3 3 0 0 0-3 3v6h4v4h12v-4h4'
            'v-6a3 3 0 0 0-3-3"/></svg>'
            f'<span>{label}</span></button></div>')
