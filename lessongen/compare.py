"""Two accounts of the same story: sentences aligned, and the differences between them.

Pure text work on source spans, so every difference keeps the offsets it is cited by. The
alignment is a dynamic programme over sentences that allows one sentence to stand for two or
three (accounts merge and split sentences); word differences within aligned sentences come from
difflib, grouped so that a reworded phrase is one difference, not five.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from lessongen.sources import Source, normalize

MATCH = 0.3  # aligned sentences must share at least this share of their words
MERGE_COST = 1.5  # matched words a sentence must add to join an aligned pair
SHAPES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))  # sentences aligned as one passage
GLUE = 2  # equal words between two changes that still make them one difference
REWORDED = 3  # more changes than this in one pair of sentences: one 'reworded' difference
MOVED = 0.6  # share of an added passage's words found in a dropped one: the words moved

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|\w+(?:['’]\w+)*|[^\w\s]")
# Words too common to align sentences by, or to make a difference on their own.
_SMALL_WORDS = frozenset(
    (  # noqa: SIM905
        "a an the and or but of to in on at by for with from as is was were be been had has "
        "have he she it they his her its their this that which who"
    ).split()
)
_NUMBER_WORDS = frozenset(
    (  # noqa: SIM905
        "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
        "hundred hundreds thousand thousands million millions billion percent half third "
        "quarter dozen dozens"
    ).split()
)
# Words that strengthen or soften a claim: one account using one where the other does not
# changes the emphasis ("eliminate all barriers" / "eliminate barriers").
_EMPHASIS = frozenset(
    (  # noqa: SIM905
        "all every complete completely total totally entire entirely whole only just even very "
        "much greatly great many most some few always never doubtless indeed clearly certainly "
        "surely ultimately largely mainly mostly partly somewhat fairly quite highly hugely vast "
        "almost nearly about around approximately roughly perhaps possibly probably"
    ).split()
)
_ABBREVIATION = re.compile(
    r"(?:[A-Z]|Mr|Mrs|Dr|St|Gen|Col|Capt|Lt|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\."
)
_QUOTED = re.compile(r"(?<!\w)[\"'“‘]([^\"“”\n]{3,80}?)[,.;:!?]?[\"'”’](?!\w)")


Tokens = list[tuple[str, int, int]]  # (comparison key, start, end) of each word or mark


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source, by its span in the source's text."""

    start: int
    end: int
    text: str

    @functools.cached_property
    def tokens(self) -> Tokens:
        """Return (comparison key, start, end) for each word, number or mark."""
        return _tokens(self.text, self.start)

    @functools.cached_property
    def words(self) -> list[str]:
        """Return the words that carry meaning ('the', 'of' left out), as compared."""
        return [k for k, _, _ in self.tokens if k[0].isalnum() and k not in _SMALL_WORDS]


@dataclass(frozen=True)
class Row:
    """Aligned passages: sentences of the left account beside those of the right."""

    left: tuple[Sentence, ...]
    right: tuple[Sentence, ...]
    matched: bool  # False: what stands here in one account has no counterpart in the other


@dataclass(frozen=True)
class Difference:
    """One way the accounts differ, with the source spans it is cited by."""

    kind: str  # wording | figures | emphasis | reworded | left_only | right_only | naming
    row: int  # the row of the side-by-side table it is in, from 1; 0 for naming
    left: tuple[tuple[int, int], ...]
    right: tuple[tuple[int, int], ...]
    left_text: str
    right_text: str

    def words(self) -> str:
        """Return both sides' words, for finding a difference by what it says."""
        return f"{self.left_text} \x1f {self.right_text}"


@dataclass(frozen=True)
class Comparison:
    """The aligned rows of two extracts and the differences found in them."""

    rows: tuple[Row, ...]
    differences: tuple[Difference, ...]


def _key(token: str) -> str:
    """Return a token as compared: case, quote style and digit grouping ignored."""
    key = normalize(token)[0].casefold()
    return key.replace(",", "") if key[:1].isdigit() else key


def _tokens(text: str, offset: int) -> Tokens:
    return [(_key(m[0]), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(text)]


def sentences(source: Source, start: int, end: int) -> list[Sentence]:
    """Split the paragraphs of source text [start, end) into sentences (headings skipped)."""
    out: list[Sentence] = []
    for block in source.blocks:
        lo, hi = max(start, block.start), min(end, block.end)
        if lo >= hi or block.kind == "heading":
            continue
        text = source.text[lo:hi]
        at = 0
        for m in _SENTENCE_END.finditer(text):
            if _abbreviation(text[at : m.start()]):
                continue
            out.append(Sentence(lo + at, lo + m.start(), text[at : m.start()]))
            at = m.end()
        stripped = text[at:].rstrip()
        if stripped:
            out.append(Sentence(lo + at, lo + at + len(stripped), stripped))
    return out


def _abbreviation(before: str) -> bool:
    """Return whether a full stop ends an initial or a title ('J. Stalin', 'Mr. Lenin')."""
    words = before.split()
    return bool(words) and bool(_ABBREVIATION.fullmatch(words[-1]))


def similarity(left: tuple[Sentence, ...], right: tuple[Sentence, ...]) -> tuple[float, int]:
    """Return how alike two passages are: the share of their words in common, in order
    (0 to 1), and how many words that is."""
    a = [w for s in left for w in s.words]
    b = [w for s in right for w in s.words]
    if not a or not b:
        return 0.0, 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(size for _, _, size in matcher.get_matching_blocks())
    return 2 * same / (len(a) + len(b)), same


def align(left: list[Sentence], right: list[Sentence]) -> tuple[Row, ...]:
    """Align two accounts' sentences in order; unmatched runs become one-sided rows."""
    n, m = len(left), len(right)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple[int, int, bool]]] = []
            if i:
                options.append((score[i - 1][j], (1, 0, False)))
            if j:
                options.append((score[i][j - 1], (0, 1, False)))
            for di, dj in SHAPES:
                if i >= di and j >= dj:
                    ratio, weight = similarity(tuple(left[i - di : i]), tuple(right[j - dj : j]))
                    if ratio >= MATCH:
                        # Each sentence joined to a pair must bring words that match.
                        cost = MERGE_COST * (di + dj - 2)
                        options.append((score[i - di][j - dj] + weight - cost, (di, dj, True)))
            # Ties go to the first option listed, so the same texts always align alike.
            best = max(options, key=lambda o: o[0])
            score[i][j], step[i][j] = best
    spans: list[tuple[int, int, int, int, bool]] = []
    i, j = n, m
    while i or j:
        di, dj, matched = step[i][j]
        spans.append((i - di, j - dj, i, j, matched))
        i, j = i - di, j - dj
    rows: list[Row] = []
    pending: tuple[list[Sentence], list[Sentence]] = ([], [])
    for i0, j0, i1, j1, matched in reversed(spans):
        if not matched:
            pending[0].extend(left[i0:i1])
            pending[1].extend(right[j0:j1])
            continue
        if pending[0] or pending[1]:
            rows.append(Row(tuple(pending[0]), tuple(pending[1]), False))
            pending = ([], [])
        rows.append(Row(tuple(left[i0:i1]), tuple(right[j0:j1]), True))
    if pending[0] or pending[1]:
        rows.append(Row(tuple(pending[0]), tuple(pending[1]), False))
    return tuple(rows)


def _is_number(key: str) -> bool:
    return key[0].isdigit() or key in _NUMBER_WORDS


def _changes(row: Row) -> list[tuple[Tokens, Tokens]]:
    """Return the changed stretches of an aligned row: (left tokens, right tokens) each."""
    a = [t for s in row.left for t in s.tokens]
    b = [t for s in row.right for t in s.tokens]
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    groups: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if groups:
            pi1, pi2, pj1, pj2 = groups[-1]
            # A word or two left alike between two changes is part of one rewording.
            if i1 - pi2 <= GLUE and j1 - pj2 <= GLUE and i1 - pi2 == j1 - pj2:
                groups[-1] = (pi1, i2, pj1, j2)
                continue
        groups.append((i1, i2, j1, j2))
    out = []
    for i1, i2, j1, j2 in groups:
        left, right = _trim(a[i1:i2]), _trim(b[j1:j2])
        # Punctuation, or small words alone ('the' for 'their'), make no difference worth a mark.
        if any(k[0].isalnum() and k not in _SMALL_WORDS for k, _, _ in left + right):
            out.append((left, right))
    return out


def _pair_moves(changes: list[tuple[Tokens, Tokens]]) -> list[tuple[Tokens, Tokens]]:
    """Join a passage one account drops with one the other adds when they say the same thing.

    An account that moves words ('a high-ranking party member' earlier in the sentence) shows
    in difflib as a deletion and an insertion: that is a change of wording, not an omission.
    """
    out = list(changes)
    for i, (a, b) in enumerate(changes):
        if a or not b:
            continue  # pair each insertion with a deletion
        added = _content(b)
        for j, (c, d) in enumerate(out):
            if d or not c or j == i:
                continue
            dropped = _content(c)
            shared = sum(min(added.count(w), dropped.count(w)) for w in set(added))
            if shared >= 2 and shared >= MOVED * min(len(added), len(dropped)):
                out[j] = (c, b)
                out[i] = ([], [])
                break
    return [(a, b) for a, b in out if a or b]


def _content(tokens: Tokens) -> list[str]:
    return [k for k in _alnum(tokens) if k not in _SMALL_WORDS]


def _trim(tokens: Tokens) -> Tokens:
    """Drop punctuation at either end of a changed stretch ('. Stalin' -> 'Stalin')."""
    words = [k for k, (key, _, _) in enumerate(tokens) if key[0].isalnum()]
    return tokens[words[0] : words[-1] + 1] if words else []


def _alnum(tokens: Tokens) -> list[str]:
    return [k for k, _, _ in tokens if k[0].isalnum()]


def _span(tokens: Tokens) -> tuple[tuple[int, int], ...]:
    return ((tokens[0][1], tokens[-1][2]),) if tokens else ()


def whole(sents: tuple[Sentence, ...]) -> tuple[tuple[int, int], ...]:
    """Return the one span from the first sentence's start to the last one's end (or none)."""
    return ((sents[0].start, sents[-1].end),) if sents else ()


def _text(source: Source, spans: tuple[tuple[int, int], ...]) -> str:
    return " … ".join(source.text[a:b] for a, b in spans)


def differences(rows: tuple[Row, ...], left: Source, right: Source) -> list[Difference]:
    """List how two aligned accounts differ, row by row, then how they name things."""
    found: list[Difference] = []
    for number, row in enumerate(rows, start=1):
        if not row.matched:
            for kind, sents in (("left_only", row.left), ("right_only", row.right)):
                if sents:
                    spans = whole(sents)
                    lt = _text(left, spans) if kind == "left_only" else ""
                    rt = _text(right, spans) if kind == "right_only" else ""
                    found.append(
                        Difference(kind, number, spans if lt else (), spans if rt else (), lt, rt)
                    )
            continue
        changes = _pair_moves(_changes(row))
        if len(changes) > REWORDED:
            l_spans, r_spans = whole(row.left), whole(row.right)
            found.append(
                Difference(
                    "reworded",
                    number,
                    l_spans,
                    r_spans,
                    _text(left, l_spans),
                    _text(right, r_spans),
                )
            )
            continue
        for a, b in changes:
            l_spans, r_spans = _span(a), _span(b)
            if (len(_alnum(a)) <= 3 and len(_alnum(b)) >= 8) or not a:
                kind = "right_only"  # a few joining words stand where the other has a passage
                if not _content(a):  # only 'and' or 'the' stands there: nothing to show
                    a, l_spans = [], ()
            elif (len(_alnum(b)) <= 3 and len(_alnum(a)) >= 8) or not b:
                kind = "left_only"
                if not _content(b):
                    b, r_spans = [], ()
            elif [k for k in _alnum(a) if _is_number(k)] != [k for k in _alnum(b) if _is_number(k)]:
                kind = "figures"
            elif {k for k in _alnum(a) if k in _EMPHASIS} != {
                k for k in _alnum(b) if k in _EMPHASIS
            }:
                kind = "emphasis"  # one account strengthens or softens the claim
            else:
                kind = "wording"
            found.append(
                Difference(
                    kind, number, l_spans, r_spans, _text(left, l_spans), _text(right, r_spans)
                )
            )
    return found + _naming(rows, left, right)


def _quoted(sents: list[Sentence], source: Source) -> list[tuple[str, int, int]]:
    """Return the terms printed in quotation marks, as (words, start, end)."""
    out = []
    for s in sents:
        for m in _QUOTED.finditer(s.text):
            out.append((m[1].strip(), s.start + m.start(1), s.start + m.end(1)))
    return out


def _naming(rows: tuple[Row, ...], left: Source, right: Source) -> list[Difference]:
    """Find a quoted name given two ways, one word apart ('socialism/communism in one country')."""
    sides = [
        _quoted([s for r in rows for s in r.left], left),
        _quoted([s for r in rows for s in r.right], right),
    ]
    names: dict[tuple[str, ...], list[tuple[int, int, int, str]]] = {}
    for side, terms in enumerate(sides):
        for words, a, b in terms:
            key = tuple(_key(w) for w in words.split())
            names.setdefault(key, []).append((side, a, b, words))
    out = []
    # In order of first use, so the name a reader meets first is given first.
    keys = sorted(names, key=lambda k: min(place[:2] for place in names[k]))
    for x, first in enumerate(keys):
        for second in keys[x + 1 :]:
            if len(first) < 3 or len(first) != len(second):
                continue
            if sum(p != q for p, q in zip(first, second, strict=True)) != 1:
                continue
            places = sorted(names[first] + names[second])
            out.append(
                Difference(
                    "naming",
                    0,
                    tuple((a, b) for side, a, b, _ in places if side == 0),
                    tuple((a, b) for side, a, b, _ in places if side == 1),
                    names[first][0][3],
                    names[second][0][3],
                )
            )
    return out


def compare(
    left: Source, left_span: tuple[int, int], right: Source, right_span: tuple[int, int]
) -> Comparison:
    """Align two extracts and list their differences."""
    rows = align(sentences(left, *left_span), sentences(right, *right_span))
    return Comparison(rows, tuple(differences(rows, left, right)))
