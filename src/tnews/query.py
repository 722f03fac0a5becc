"""The filter language of saved queries and the killfile, parsed into a small tree.

    query   := either ("or" either)*
    either  := negated (["and"] negated)*      two terms side by side must both hold
    negated := ("not" | "-") negated | "(" query ")" | term
    term    := unread | read | bookmarked | FIELD ":" value | word | "quoted words"
    FIELD   := section feed title author link after before newer

Words match the title or the body, Arabic-normalised like search; `after:` and `before:`
take a day (2026-01-01, UTC), `newer:` an age (30m, 12h, 7d, 2w).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tnews.durations import DurationError, parse_duration

FLAGS = ("unread", "read", "bookmarked")
TEXT_FIELDS = ("section", "feed", "title", "author", "link")
TIME_FIELDS = ("after", "before", "newer")
FIELDS = TEXT_FIELDS + TIME_FIELDS
KEYWORDS = ("and", "or", "not")
# A query is typed by a person; past this it is a mistake or an attack on the parser.
MAX_QUERY_CHARS = 2000
MAX_NESTING = 32


class QueryError(ValueError):
    """A query that cannot be parsed: what was expected, and where (0-based)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Flag:
    """unread, read or bookmarked."""

    name: str


@dataclass(frozen=True, slots=True)
class Text:
    """A field holding some words ("words": the title or the body)."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Time:
    """Published after or before a moment; for newer, seconds before now."""

    field: str
    seconds: float


@dataclass(frozen=True, slots=True)
class Not:
    """The inner query does not hold."""

    inner: Query


@dataclass(frozen=True, slots=True)
class All:
    """Every part holds."""

    parts: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Any:
    """Some part holds."""

    parts: tuple[Query, ...]


Query = Flag | Text | Time | Not | All | Any


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "word", "field", "quoted"
    text: str
    position: int
    field: str = ""


_STOP = frozenset(' \t\n()"')


def _quoted(source: str, start: int) -> tuple[str, int]:
    """The text of a quoted string opening at start (\\" and \\\\ escape), and where it ends."""
    out: list[str] = []
    index = start + 1
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            out.append(source[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(out), index + 1
        out.append(char)
        index += 1
    raise QueryError('a closing quote (") was expected', start)


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char.isspace():
            index += 1
        elif char in "()":
            tokens.append(_Token(char, char, index))
            index += 1
        elif char == '"':
            start = index
            text, index = _quoted(source, index)
            tokens.append(_Token("quoted", text, start))
        elif char == "-" and index + 1 < len(source) and not source[index + 1].isspace():
            # "-x" is "not x", whatever x is: a word, a field, quoted words or a group.
            tokens.append(_Token("word", "not", index))
            index += 1
        else:
            start = index
            while index < len(source) and source[index] not in _STOP:
                index += 1
            word = source[start:index]
            name, colon, value = word.partition(":")
            if not colon:
                tokens.append(_Token("word", word, start))
                continue
            if name.lower() not in FIELDS:
                known = ", ".join(f"{f}:" for f in FIELDS)
                raise QueryError(f"unknown field {name!r}; expected one of {known}", start)
            if not value and index < len(source) and source[index] == '"':
                value, index = _quoted(source, index)
            if not value.strip():
                raise QueryError(f"a value after {name}: was expected", start)
            tokens.append(_Token("field", value, start, name.lower()))
    return tokens


def _day(value: str, position: int) -> float:
    try:
        moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise QueryError(
            f"a day such as 2026-01-31 was expected, not {value!r}", position
        ) from None
    return moment.timestamp()


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.lower() == word:
            self.index += 1
            return True
        return False

    def query(self) -> Query:
        parts = [self.either()]
        while self.keyword("or"):
            parts.append(self.either())
        return parts[0] if len(parts) == 1 else Any(tuple(parts))

    def either(self) -> Query:
        parts = [self.negated()]
        while True:
            token = self.peek()
            if token is None or token.kind == ")":
                break
            if token.kind == "word" and token.text.lower() == "or":
                break
            self.keyword("and")
            parts.append(self.negated())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def negated(self) -> Query:
        token = self.peek()
        if token is None:
            raise QueryError("a word, a field or ( was expected", len(self.source))
        if self.keyword("not"):
            return Not(self.nested(self.negated, token.position))
        if token.kind == "(":
            self.index += 1
            inner = self.nested(self.query, token.position)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                where = closing.position if closing else len(self.source)
                raise QueryError(") was expected", where)
            self.index += 1
            return inner
        return self.term()

    def nested(self, parse: Callable[[], Query], position: int) -> Query:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QueryError(f"nested deeper than {MAX_NESTING} levels", position)
        try:
            return parse()
        finally:
            self.depth -= 1

    def term(self) -> Query:
        token = self.tokens[self.index]
        self.index += 1
        if token.kind == ")":
            raise QueryError("a word, a field or ( was expected before )", token.position)
        if token.kind == "quoted":
            if not token.text.strip():
                raise QueryError("words were expected inside the quotes", token.position)
            return Text("words", token.text)
        if token.kind == "word":
            lowered = token.text.lower()
            if lowered in FLAGS:
                return Flag(lowered)
            if lowered in KEYWORDS:
                raise QueryError(
                    f"a word or a field was expected after {lowered!r}", token.position
                )
            return Text("words", token.text)
        if token.field == "newer":
            try:
                return Time("newer", parse_duration(token.text))
            except DurationError as exc:
                raise QueryError(str(exc), token.position) from None
        if token.field in ("after", "before"):
            return Time(token.field, _day(token.text, token.position))
        return Text(token.field, token.text)


def parse_query(source: str) -> Query:
    """Parse a query; raises QueryError naming what was expected and where."""
    if len(source) > MAX_QUERY_CHARS:
        raise QueryError(f"a query of at most {MAX_QUERY_CHARS} characters was expected", 0)
    parser = _Parser(source)
    if not parser.tokens:
        raise QueryError("a word, a field or ( was expected", 0)
    tree = parser.query()
    extra = parser.peek()
    if extra is not None:
        raise QueryError(f"the end of the query was expected, not {extra.text!r}", extra.position)
    return tree


def saved_query_text(words: str) -> str:
    """A query finding what a search for these words finds: the words, quoted whole (a
    quoted text matches each of its words, as search does, and no word acts as a keyword)."""
    return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'
