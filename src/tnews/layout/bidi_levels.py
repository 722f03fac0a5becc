"""UAX #9 embedding levels (P2-P3, X1-X10, W1-W7, N0-N2, I1-I2) over class strings."""

from __future__ import annotations

import re
from functools import cache

from tnews.layout.chars import (
    BRACKET_RE,
    CLOSING_BRACKETS,
    EXPLICIT,
    ISOLATE_INITIATORS,
    OPENING_BRACKETS,
    X9_REMOVED,
    bidi_classes,
)

MAX_DEPTH = 125
# Levels travel as one character each (chr(LEVEL_BASE + level)) so slicing and comparing
# them stays in C.
LEVEL_BASE = 48

_FIRST_STRONG = re.compile("[LRA]")
_AL_REGION = re.compile("A[^LR]*")
_L_REGION = re.compile("L[^R]*")
_TO_ON = str.maketrans("ptcijqz", "OOOOOOO")


def first_strong(classes: str, start: int = 0, end: int | None = None) -> int | None:
    """P2-P3: 1 for R/AL, 0 for L, None when no strong character (isolates are skipped)."""
    end = len(classes) if end is None else end
    if not any(c in classes for c in ISOLATE_INITIATORS):
        m = _FIRST_STRONG.search(classes, start, end)
        return None if m is None else (0 if m.group() == "L" else 1)
    depth = 0
    for i in range(start, end):
        c = classes[i]
        if c in ISOLATE_INITIATORS:
            depth += 1
        elif c == "z":
            if depth:
                depth -= 1
        elif depth == 0 and c in "LRA":
            return 0 if c == "L" else 1
    return None


def text_direction(text: str) -> int | None:
    """first_strong of text's classes, classifying only as far as the first strong character."""
    start, size = 0, 64
    while start < len(text):
        classes = bidi_classes(text[start : start + size])
        if not ISOLATE_INITIATORS.isdisjoint(classes):
            return first_strong(bidi_classes(text))
        found = _FIRST_STRONG.search(classes)
        if found is not None:
            return 0 if found.group() == "L" else 1
        start += size
        size *= 4
    return None


def resolve_levels(text: str, classes: str, para_level: int) -> str:
    """The resolved embedding level of each character, as chr(LEVEL_BASE + level)."""
    if not text:
        return ""
    if not any(c in classes for c in EXPLICIT):
        return _resolve_implicit_paragraph(text, classes, para_level)
    return _resolve_explicit_paragraph(text, classes, para_level)


def _resolve_implicit_paragraph(text: str, classes: str, level: int) -> str:
    """The common case: no explicit controls, so one isolating run sequence."""
    direction = "R" if level & 1 else "L"
    if "x" not in classes:
        return _resolve_sequence(classes, text, direction, direction, level)
    keep = [i for i, c in enumerate(classes) if c != "x"]
    seq_classes = "".join(classes[i] for i in keep)
    seq_text = "".join(text[i] for i in keep)
    resolved = _resolve_sequence(seq_classes, seq_text, direction, direction, level)
    out = [chr(LEVEL_BASE + level)] * len(text)
    for i, lv in zip(keep, resolved, strict=True):
        out[i] = lv
    _fill_removed(out, classes, level)
    return "".join(out)


def _fill_removed(out: list[str], classes: str, para_level: int) -> None:
    """Give X9-removed characters the level of what precedes them (they are never shown)."""
    prev = chr(LEVEL_BASE + para_level)
    for i, c in enumerate(classes):
        if c in X9_REMOVED:
            out[i] = prev
        else:
            prev = out[i]


def _matching_pdi(classes: str) -> dict[int, int]:
    """BD9: each isolate initiator's matching PDI."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, c in enumerate(classes):
        if c in ISOLATE_INITIATORS:
            stack.append(i)
        elif c == "z" and stack:
            pairs[stack.pop()] = i
        elif c == "B":
            stack.clear()
    return pairs


def _resolve_explicit_paragraph(text: str, classes: str, para_level: int) -> str:
    """X1-X10 for paragraphs with embeddings, overrides or isolates."""
    n = len(classes)
    pdi_of = _matching_pdi(classes)
    cls = list(classes)
    levels = [para_level] * n
    # Stack entries: (level, override class or "", isolate?)
    stack: list[tuple[int, str, bool]] = [(para_level, "", False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, c in enumerate(classes):
        top_level, top_override, _ = stack[-1]
        if c in "efgh":
            levels[i] = top_level
            rtl = c in "fh"
            new = (top_level + 1) | 1 if rtl else (top_level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                override = "R" if c == "h" else "L" if c == "g" else ""
                stack.append((new, override, False))
            elif not overflow_isolates:
                overflow_embeddings += 1
        elif c in ISOLATE_INITIATORS:
            levels[i] = top_level
            if top_override:
                cls[i] = top_override
            rtl = _isolate_direction(classes, i, pdi_of) == 1 if c == "q" else c == "j"
            new = (top_level + 1) | 1 if rtl else (top_level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, "", True))
            else:
                overflow_isolates += 1
        elif c == "z":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            top_level, top_override, _ = stack[-1]
            levels[i] = top_level
            if top_override:
                cls[i] = top_override
        elif c == "k":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) > 1:
                stack.pop()
            levels[i] = stack[-1][0]
        elif c == "B":
            levels[i] = para_level
        elif c == "x":
            levels[i] = top_level
        else:
            levels[i] = top_level
            if top_override:
                cls[i] = top_override

    out = [chr(LEVEL_BASE + lv) for lv in levels]
    for seq in _isolating_run_sequences(classes, levels, pdi_of):
        first, last = seq[0], seq[-1]
        level = levels[first]
        prev = next((j for j in range(first - 1, -1, -1) if classes[j] not in X9_REMOVED), -1)
        before = levels[prev] if prev >= 0 else para_level
        if classes[last] in ISOLATE_INITIATORS:
            after = para_level
        else:
            nxt = next((j for j in range(last + 1, n) if classes[j] not in X9_REMOVED), -1)
            after = levels[nxt] if nxt >= 0 else para_level
        sos = "R" if max(before, level) & 1 else "L"
        eos = "R" if max(after, level) & 1 else "L"
        seq_classes = "".join(cls[j] for j in seq)
        seq_text = "".join(text[j] for j in seq)
        for j, lv in zip(
            seq, _resolve_sequence(seq_classes, seq_text, sos, eos, level), strict=True
        ):
            out[j] = lv
    _fill_removed(out, classes, para_level)
    return "".join(out)


def _isolate_direction(classes: str, start: int, pdi_of: dict[int, int]) -> int | None:
    """P2-P3 on the text an FSI at start isolates, jumping over the isolates nested in it."""
    # first_strong would walk through every nested isolate: a paragraph of many unmatched
    # FSIs would then take quadratic time.
    stop = pdi_of.get(start, len(classes))
    j = start + 1
    while j < stop:
        c = classes[j]
        if c in ISOLATE_INITIATORS:
            end = pdi_of.get(j)
            if end is None:
                return None  # unmatched: all the rest of the text is inside it
            j = end + 1
            continue
        if c in "LRA":
            return 0 if c == "L" else 1
        j += 1
    return None


def _isolating_run_sequences(
    classes: str, levels: list[int], pdi_of: dict[int, int]
) -> list[list[int]]:
    """BD13: level runs chained across matched isolate initiator / PDI pairs."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, c in enumerate(classes):
        if c in X9_REMOVED:
            continue
        if current and levels[current[-1]] != levels[i]:
            runs.append(current)
            current = []
        current.append(i)
    if current:
        runs.append(current)
    matched_pdis = set(pdi_of.values())
    run_starting_at = {run[0]: run for run in runs}
    sequences: list[list[int]] = []
    for run in runs:
        if run[0] in matched_pdis:
            continue
        seq = list(run)
        while classes[seq[-1]] in ISOLATE_INITIATORS and seq[-1] in pdi_of:
            nxt = run_starting_at.get(pdi_of[seq[-1]])
            if nxt is None:
                break
            seq.extend(nxt)
        sequences.append(seq)
    return sequences


def _resolve_sequence(classes: str, text: str, sos: str, eos: str, level: int) -> str:
    """W1-W7, N0-N2 and I1-I2 on one isolating run sequence; returns level characters."""
    s = sos + classes
    if "M" in s:
        # W1 for the marks that follow a letter, by plain replacing (each pass reaches one
        # mark further into a run, and a few passes cover real text), then by pattern for
        # whatever marks are left.
        for after, marked in (("AM", "AA"), ("RM", "RR"), ("LM", "LL")):
            for _ in range(3):
                if after not in s:
                    break
                s = s.replace(after, marked)
        if "M" in s:
            s = _MARK_RUN.sub(_nsm_repl, s)
    s = s.translate(_ISOLATE_TO_ON)
    if "E" in s and "A" in s:
        s = _AL_REGION.sub(lambda m: m.group().replace("E", "N"), s)
    s = s.replace("A", "R")
    if "p" in s or "c" in s:
        # W4: a separator changed here only ever sits between two of the same number type,
        # so replacing until none is left gives what one simultaneous pass would.
        for pattern, number in (("EpE", "EEE"), ("EcE", "EEE"), ("NcN", "NNN")):
            while pattern in s:
                s = s.replace(pattern, number)
    if "Et" in s or "tE" in s:
        s = _ET_BY_EN.sub(lambda m: "E" * len(m.group()), s)
    s = s.translate(_TO_ON)
    if "E" in s and "L" in s:
        s = _L_REGION.sub(lambda m: m.group().replace("E", "L"), s)
    embedding = "R" if level & 1 else "L"
    if "O" in s and BRACKET_RE.search(text):
        s = _resolve_brackets(s, classes, text, embedding)
    s += eos
    if "O" in s or "W" in s or "S" in s or "B" in s:
        # N1-N2: a neutral run takes the embedding direction unless both its neighbours are
        # of the opposite direction; only those runs need finding, the rest is one translate.
        s = _OPPOSITE_NEUTRALS[embedding].sub(_opposite_fill, s)
        s = s.translate(_NEUTRAL_TO[embedding])
    return s[1:-1].translate(_LEVEL_TABLES[level & 1]).translate(_offset_table(level))


_MARK_RUN = re.compile("M+")
# A literal first character lets the regex engine skip quickly to candidate positions.
_ET_BY_EN = re.compile("t+(?=E)|Et+")
_OPPOSITE_NEUTRALS = {
    "L": re.compile("[RNE][OWSB]+(?=[RNE])"),
    "R": re.compile("L[OWSB]+(?=L)"),
}
_NEUTRAL_TO = {"L": str.maketrans("OWSB", "LLLL"), "R": str.maketrans("OWSB", "RRRR")}
_ISOLATE_TO_ON = str.maketrans("ijqz", "OOOO")


def _opposite_fill(m: re.Match[str]) -> str:
    run = m.group()
    return run[0] + ("L" if run[0] == "L" else "R") * (len(run) - 1)


def _dir(c: str) -> str:
    return "L" if c == "L" else "R"


def _nsm_repl(m: re.Match[str]) -> str:
    prev = m.string[m.start() - 1]
    # W1: a mark after an isolate initiator or PDI becomes ON.
    return ("O" if prev in "ijqz" else prev) * len(m.group())


# I1/I2 as relative offsets from the sequence's level: digits "0".."2" are then shifted.
_LEVEL_TABLES = (
    str.maketrans({"L": "0", "R": "1", "E": "2", "N": "2", "O": "0"}),
    str.maketrans({"L": "1", "R": "0", "E": "1", "N": "1", "O": "0"}),
)


@cache
def _offset_table(level: int) -> dict[int, str]:
    return {ord(str(d)): chr(LEVEL_BASE + level + d) for d in range(3)}


def _resolve_brackets(s: str, original: str, text: str, embedding: str) -> str:
    """N0: paired brackets take the direction of what they enclose (or their context)."""
    pairs = _bracket_pairs(s, text)
    if not pairs:
        return s
    chars = list(s)
    opposite = "R" if embedding == "L" else "L"
    for open_i, close_i in pairs:
        # Offsets in chars are shifted by one for the leading sos.
        inside = {_dir(c) for c in chars[open_i + 2 : close_i + 1] if c in "LRNE"}
        if not inside:
            continue
        if embedding in inside:
            new = embedding
        else:
            context = next((c for c in reversed(chars[: open_i + 1]) if c in "LRNE"), "L")
            new = opposite if _dir(context) == opposite else embedding
        for pos in (open_i, close_i):
            chars[pos + 1] = new
            j = pos + 1
            # Marks that followed the bracket take its new type too.
            while j < len(original) and original[j] == "M":
                chars[j + 1] = new
                j += 1
    return "".join(chars)


def _bracket_pairs(s: str, text: str) -> list[tuple[int, int]]:
    """BD16: matching bracket pairs (positions in text) sorted by their opening bracket."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in BRACKET_RE.finditer(text):
        i, ch = m.start(), m.group()
        if s[i + 1] != "O":
            continue
        if ch in OPENING_BRACKETS:
            if len(stack) == 63:
                break
            stack.append((OPENING_BRACKETS[ch], i))
        elif ch in CLOSING_BRACKETS:
            want = CLOSING_BRACKETS[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == want:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    pairs.sort()
    return pairs


def level_runs(levels: str) -> list[tuple[int, int, int]]:
    """Maximal runs of equal level as (level, start, end)."""
    n = len(levels)
    if n > _SHORT_LEVELS:
        # Each strip below copies the rest of the string: for a long paragraph of many runs
        # that is quadratic, so long ones are cut into runs by a pattern instead.
        return [(ord(m.group(1)) - LEVEL_BASE, m.start(), m.end()) for m in _RUN.finditer(levels)]
    # Stripping a run's character off the rest finds its end in C, several times faster
    # than a back-referencing pattern.
    runs: list[tuple[int, int, int]] = []
    start = 0
    while start < n:
        level = levels[start]
        end = n - len(levels[start:].lstrip(level))
        runs.append((ord(level) - LEVEL_BASE, start, end))
        start = end
    return runs


_SHORT_LEVELS = 2048
_RUN = re.compile(r"(.)\1*", re.DOTALL)
