"""Our UAX #9 levels and line reordering against the Unicode conformance files (a sample)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tnews.layout.bidi_levels import LEVEL_BASE, first_strong, resolve_levels
from tnews.layout.chars import CLASS_CODES, bidi_classes
from tnews.layout.reorder import apply_l1, visual_order

DATA = Path("/usr/share/unicode")
# Every n-th test case keeps the run short while still covering every section of the files.
CHARACTER_STEP = 5
CLASS_STEP = 23


def _data(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} not installed (Debian package unicode-data)")
    return path


def _levels(levels: str) -> list[int]:
    return [ord(c) - LEVEL_BASE for c in levels]


def _para_level(classes: str, code: int) -> int:
    if code == 2:
        found = first_strong(classes)
        return 0 if found is None else found
    return code


def test_bidi_character_test_levels_and_order() -> None:
    failures: list[str] = []
    checked = 0
    lines = _data("BidiCharacterTest.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if not line or line.startswith("#") or number % CHARACTER_STEP:
            continue
        fields = line.split(";")
        text = "".join(chr(int(h, 16)) for h in fields[0].split())
        # Characters newer than Python's Unicode database would be judged by defaults.
        if any(unicodedata.category(c) == "Cn" for c in text):
            continue
        classes = bidi_classes(text)
        para = _para_level(classes, int(fields[1]))
        levels = apply_l1(classes, resolve_levels(text, classes, para), para)
        expected = fields[3].split()
        got = _levels(levels)
        shown = [i for i, e in enumerate(expected) if e != "x"]
        ok = all(got[i] == int(expected[i]) for i in shown)
        order = [shown[i] for i in visual_order("".join(levels[i] for i in shown))]
        if not ok or order != [int(x) for x in fields[4].split()]:
            failures.append(line)
        checked += 1
    assert checked > 15000
    assert failures == []


def test_bidi_test_levels() -> None:
    failures: list[str] = []
    checked = 0
    expected: list[str] = []
    lines = _data("BidiTest.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("@Levels:"):
            expected = line.split(":")[1].split()
            continue
        if not line or line.startswith(("#", "@")) or number % CLASS_STEP:
            continue
        names, bits = line.split(";")
        classes = "".join(CLASS_CODES[name] for name in names.split())
        # A paragraph separator inside the line would make two paragraphs; we split first.
        if "B" in classes[:-1]:
            continue
        text = "a" * len(classes)
        for bit, code in ((1, 2), (2, 0), (4, 1)):
            if int(bits) & bit:
                para = _para_level(classes, code)
                got = _levels(apply_l1(classes, resolve_levels(text, classes, para), para))
                if any(e != "x" and int(e) != g for e, g in zip(expected, got, strict=True)):
                    failures.append(f"{line} ({code})")
                checked += 1
    assert checked > 10000
    assert failures == []
