"""What the case search matches, as pure text rules shared by the index (storage) and the results (services).

A case is searched through *entries*: one value per field (a party's name, a phone number, the facts,
one step record ...), each with a code saying what it is and whose it is. Entries are grouped into
five tiers, best first: case numbers, names, ID numbers and phones, addresses, free texts.

Matching a *term* (the query is split at whitespace; every term must match) against an entry:

- 3 or more characters: the term occurs in the entry (substring), in every tier.
- 2 characters: the same, in every tier.
- 1 character: a name (tier ``names``) starts or ends with it: a surname, a one-character given name
  or the last character of a name. One character anywhere in free text would match every case.
- digits only (1-6 digits), or ``年份-序号`` such as ``2026-12``: also the case whose sequence number
  (and year) it is, ranked first.

Text is folded before it is indexed and before it is compared, one code point for one code point so
that positions survive: ASCII letters to upper case, full-width letters and digits to ASCII, control
characters to a space. Nothing else is changed (no simplified/traditional mapping, no NFKC).

Stored form of an entry list (`encode`): per tier one string ``PAD + PAD.join(values) + PAD`` (PAD is
two U+001F), so that no match can run from one value into the next, and a map string naming each
value's code and owner. The padding is also what lets a trigram index answer 1- and 2-character
terms exactly (see docs/search.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mediator_app.frozen import frozen

SEP = "\x1f"
PAD = SEP * 2
MAX_TERMS = 8

TIERS = ("number", "names", "ids", "addresses", "texts")
TIER_NUMBER, TIER_NAMES, TIER_IDS, TIER_ADDRESSES, TIER_TEXTS = range(5)
RANK_SEQUENCE = 0  # the case whose sequence number the term is
RANK_OF_TIER = {tier: i + 1 for i, tier in enumerate(TIERS)}  # ranks 1..5: lower is better

# Entry codes: (tier, Chinese label). Party-owned codes carry the party's seq as `ref`; E carries the
# term's seq, VI/VS/W the step record's id.
CODES: dict[str, tuple[int, str]] = {
    "C": (TIER_NUMBER, "案件编号"),
    "S": (TIER_NUMBER, "来源编号"),
    "K": (TIER_NUMBER, "司法确认案号"),
    "NA": (TIER_NAMES, "申请人"),
    "NR": (TIER_NAMES, "被申请人"),
    "L": (TIER_NAMES, "法定代表人"),
    "R": (TIER_NAMES, "代理人"),
    "I": (TIER_IDS, "证件号码"),
    "U": (TIER_IDS, "统一社会信用代码"),
    "P": (TIER_IDS, "联系电话"),
    "RI": (TIER_IDS, "代理人证件号码"),
    "RP": (TIER_IDS, "代理人电话"),
    "A": (TIER_ADDRESSES, "住址"),
    "T": (TIER_TEXTS, "案件名称"),
    "F": (TIER_TEXTS, "纠纷事实"),
    "Q": (TIER_TEXTS, "申请事项"),
    "O": (TIER_TEXTS, "口头协议内容"),
    "M": (TIER_TEXTS, "争议事项"),
    "B": (TIER_TEXTS, "各方责任"),
    "E": (TIER_TEXTS, "协议条款"),
    "X": (TIER_TEXTS, "违约责任"),
    "VI": (TIER_TEXTS, "调查记录"),
    "VS": (TIER_TEXTS, "调解记录"),
    "W": (TIER_TEXTS, "调解结果"),
}
PARTY_NAME_CODES = ("NA", "NR")
PARTY_CODES = frozenset({"NA", "NR", "L", "R", "I", "U", "P", "RI", "RP", "A"})
ID_CODES = frozenset({"I", "RI"})  # shown through mask_id
PHONE_CODES = frozenset({"P", "RP"})  # shown through mask_phone


def _fold_table() -> dict[int, str]:
    table = {c: " " for c in (*range(0x20), 0x7F)}
    table.update({c: chr(c - 32) for c in range(ord("a"), ord("z") + 1)})
    table.update({c: chr(c - 0xFF10 + ord("0")) for c in range(0xFF10, 0xFF1A)})  # ０-９
    table.update({c: chr(c - 0xFF21 + ord("A")) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
    table.update({c: chr(c - 0xFF41 + ord("A")) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
    return table


_FOLD = _fold_table()
_NEEDS_FOLD = re.compile("[\x00-\x1f\x7fa-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold(text: str) -> str:
    """The searchable form of a text; exactly one output code point per input code point."""
    # str.translate looks up every character; most texts (Chinese, ASCII digits) need nothing.
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, folded, in the order typed (at most MAX_TERMS)."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


_SEQUENCE = re.compile(r"([0-9]{1,6})")
_YEAR_SEQUENCE = re.compile(r"([0-9]{4})\s*[-/]\s*([0-9]{1,6})")


def sequence_target(term: str) -> tuple[int | None, int] | None:
    """(year or None, seq) when the term names a case's sequence number: ``12`` or ``2026-12``."""
    if m := _YEAR_SEQUENCE.fullmatch(term):
        return int(m[1]), int(m[2])
    if m := _SEQUENCE.fullmatch(term):
        return None, int(m[1])
    return None


def matches_sequence(term: str, year: int, seq: int) -> bool:
    target = sequence_target(term)
    return target is not None and target[1] == seq and target[0] in (None, year)


@frozen
class Entry:
    """One searchable value of a case. `value` is folded and stripped, never empty."""

    code: str
    ref: int | None
    value: str

    @property
    def tier(self) -> int:
        return CODES[self.code][0]

    @property
    def label(self) -> str:
        return CODES[self.code][1]


def entry(code: str, ref: int | None, raw: str | None) -> Entry | None:
    """The entry for a raw field value, or None when the value is blank."""
    value = fold(raw or "").strip()
    return Entry(code, ref, value) if value else None


def spans(term: str, item: Entry) -> list[tuple[int, int]]:
    """Where `term` (folded) matches the entry's value under the rules above; empty: no match."""
    value, n = item.value, len(term)
    if n == 0:
        return []
    if n == 1:
        if item.tier != TIER_NAMES:
            return []
        out = [(0, 1)] if value.startswith(term) else []
        if value.endswith(term) and len(value) > 1:
            out.append((len(value) - 1, len(value)))
        return out
    out, start = [], value.find(term)
    while start >= 0:
        out.append((start, start + n))
        start = value.find(term, start + n)
    return out


@frozen
class EncodedEntries:
    """The stored form: one padded string per tier plus the map of codes and owners."""

    columns: tuple[str, str, str, str, str]
    entry_map: str


def encode(items: Iterable[Entry]) -> EncodedEntries:
    values: list[list[str]] = [[] for _ in TIERS]
    codes: list[list[str]] = [[] for _ in TIERS]
    for item in items:
        values[item.tier].append(item.value)
        codes[item.tier].append(item.code if item.ref is None else f"{item.code}:{item.ref}")
    columns = tuple(PAD + PAD.join(v) + PAD if v else "" for v in values)
    return EncodedEntries(columns, ";".join(",".join(c) for c in codes))  # type: ignore[arg-type]


def encode_fields(fields: Iterable[tuple[str, int | None, str]]) -> EncodedEntries:
    """`encode` of the entries of raw (code, owner, value) fields, without building `Entry` objects:
    values are folded and stripped, blank ones left out (the bulk path writes 100,000 cases)."""
    values: list[list[str]] = [[] for _ in TIERS]
    codes: list[list[str]] = [[] for _ in TIERS]
    for code, ref, raw in fields:
        if raw and (value := fold(raw).strip()):
            tier = CODES[code][0]
            values[tier].append(value)
            codes[tier].append(code if ref is None else f"{code}:{ref}")
    columns = tuple(PAD + PAD.join(v) + PAD if v else "" for v in values)
    return EncodedEntries(columns, ";".join(",".join(c) for c in codes))  # type: ignore[arg-type]


def decode(columns: Sequence[str], entry_map: str, tiers: Iterable[int] | None = None) -> list[Entry]:
    """The entries of an encoded document (only those of `tiers`, if given), in stored order."""
    wanted = set(range(len(TIERS)) if tiers is None else tiers)
    out = []
    for tier, (column, codes) in enumerate(zip(columns, entry_map.split(";"), strict=True)):
        if not column or tier not in wanted:
            continue
        for value, code in zip(column[len(PAD) : -len(PAD)].split(PAD), codes.split(","), strict=True):
            name, _, ref = code.partition(":")
            out.append(Entry(name, int(ref) if ref else None, value))
    return out


def tiers_to_check(terms: Iterable[str], columns: Sequence[str]) -> set[int]:
    """The tiers of an encoded document in which one of the terms may match (a quick substring test
    on the whole tier; `spans` decides)."""
    out = set()
    for term in terms:
        for tier, column in enumerate(columns):
            if term in column and (len(term) > 1 or tier == TIER_NAMES):
                out.add(tier)
    return out
