"""Our broken and reordered lines against GNU FriBidi reordering the same lines of the paragraph."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from tnews.layout.bidi_levels import LEVEL_BASE, resolve_levels
from tnews.layout.chars import MIRROR_TABLE, X9_REMOVED, bidi_classes
from tnews.layout.paragraph import prepare_paragraph
from tnews.layout.render import render_line
from tnews.layout.wrap import break_lines

PARAGRAPHS = [
    "قال الرئيس إيمانويل ماكرون (Emmanuel Macron) في مؤتمر صحفي يوم 2026/11/29 الساعة 10:30.",
    "بلغت نسبة النمو 45% أي ما يعادل ٪٤٥ من الهدف، وأضاف: «الاقتصاد بخير»… ثم غادر.",
    "زار الوفد “باريس” و[لندن] خلال ١٢ يوماً، انظر https://example.com/a-b?x=1 للمزيد.",
    "مُحَمَّد والسلام عليكم (رحمة الله) — نهاية 3.5 - 7 = -3.5 بالضبط.",
    "The minister said مرحبا بكم (welcome) to the 3 guests at 10:30 today.",
    "Prices rose 4% in «القاهرة» while (شركة ABC) reported 1,250.75 dollars.",
    "שלום עולם (hello) 2026 אמר השר לעיתונאים בירושלים היום.",
    "می\u200cخواهم کتاب «شازده کوچولو» را بخوانم (۱۳۹۹) ok.",
    "قال \u2067Hello World\u2069 و \u2066عربي ABC\u2069 ثم 5 < 7 > 3.",
    "[1] (2) {3} هذا نص تجريبي ABC (DEF) GHI مع أرقام 12 34 و ٥٦ ٧٨.",
]
WIDTHS = [12, 17, 25, 40, 80]

PAR_LTR, PAR_RTL = 0x110, 0x111
FLAG_REORDER_NSM = 0x2


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("fribidi") or "libfribidi.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        pytest.skip("GNU FriBidi (libfribidi.so.0) is not installed")
    return lib


def _fribidi(
    text: str, rtl: bool, lines: list[tuple[int, int]]
) -> tuple[list[int], list[list[int]]]:
    """FriBidi's paragraph levels, and for each line its visual-to-logical map (L1-L2)."""
    lib = _library()
    n = len(text)
    chars = (ctypes.c_uint32 * n)(*map(ord, text))
    types = (ctypes.c_uint32 * n)()
    brackets = (ctypes.c_uint32 * n)()
    levels = (ctypes.c_int8 * n)()
    base = ctypes.c_uint32(PAR_RTL if rtl else PAR_LTR)
    lib.fribidi_get_bidi_types(chars, n, types)
    lib.fribidi_get_bracket_types(chars, n, types, brackets)
    assert lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base), levels)
    orders = []
    for start, end in lines:
        line_levels = (ctypes.c_int8 * n)(*levels)
        mapping = (ctypes.c_int * n)(*range(n))
        lib.fribidi_reorder_line(
            FLAG_REORDER_NSM, types, end - start, start, base, line_levels, None, mapping
        )
        orders.append(list(mapping[start:end]))
    return list(levels), orders


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", PARAGRAPHS)
def test_lines_match_fribidi(text: str, width: int) -> None:
    par = prepare_paragraph(text)
    lines = break_lines(par, width)
    logical_lines = []
    for start, end, _ in lines:
        stop = par.origin[end] if end < len(par.origin) else len(par.source)
        logical_lines.append((par.origin[start], stop))
    fribidi_levels, orders = _fribidi(par.source, par.rtl, logical_lines)
    classes = bidi_classes(par.source)
    shown = [i for i, c in enumerate(classes) if c not in X9_REMOVED]
    ours = [
        ord(par_level) - LEVEL_BASE
        for par_level in resolve_levels(par.source, classes, par.base_level)
    ]
    assert [ours[i] for i in shown] == [fribidi_levels[i] for i in shown]
    shaped_at = {src: i for i, src in enumerate(par.origin)}
    for (start, end, _), order in zip(lines, orders, strict=True):
        # FriBidi's order applied to our shaped characters (a lam-alef ligature stands at its
        # lam), mirrored where FriBidi's level is odd.
        expected = []
        for src in order:
            # Isolate controls take part in the order but are never drawn.
            if classes[src] in X9_REMOVED or src not in shaped_at or classes[src] in "ijqz":
                continue
            ch = par.shaped[shaped_at[src]]
            if fribidi_levels[src] & 1:
                ch = ch.translate(MIRROR_TABLE)
            expected.append(ch)
        got = "".join(text for text, _ in render_line(par, start, end))
        assert got == "".join(expected)
