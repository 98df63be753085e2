"""Page furniture and Chinese line breaking for reportlab documents.

`ChineseParagraph` breaks lines by the Chinese line-breaking rules (禁则, CLREQ §3.1.7): no line
starts with a closing mark such as ，。、；：！？）》」, no line ends with an opening mark such as
（《「; a sentence mark that does not fit may hang into the right margin, as Word's default
"允许标点溢出边界" does; figures and Latin words (¥12,000.00, ID numbers) are not split; ——
and …… stay whole, 年 月 日 stay with their number, and a whole date or case number stays on one
line when it fits on one. reportlab's own CJK wrapping uses a Japanese-oriented list that lets a
line start with "，" (docs/tech-notes.md), and puts stray spaces into the remainder of a paragraph
split across pages.

`NumberedCanvas` writes "第X页 共Y页" on every page of a document that has more than one page, numbering
each document of a multi-document PDF (a print job, the dossier) on its own, and stamps the dossier's
running page numbers.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.rl_config import _FUZZ

from mediator_app.documents.platypus import FragLine, Paragraph, ParaLines, ParaParser, imgNormV, imgVRange
from mediator_app.frozen import frozen

# Closing punctuation and marks that never start a line.
NO_LINE_START = frozenset(
    "，。、；：！？）》」』〉】〕〗〙〛｝］”’…‥·・｡､ー々〻ゝゞヽヾ％‰℃°′″！＂＇），．：；？］｝～!),.:;?]}%"
)
# Opening punctuation and prefixes that never end a line.
NO_LINE_END = frozenset("（《「『〈【〔〖〘〚｛［“‘￥＄£€#＃§№([{")
# Sentence marks that may hang into the right margin instead of being pushed to the next line.
HANGING = frozenset("，。、；：！？")
# Marks written twice in a row that must not be split: —— and …….
_DOUBLED = frozenset("—…")


def _is_latin(ch: str) -> bool:
    """Part of a run that is not broken: letters, figures and their punctuation (¥12,000.00)."""
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace() and ch != "·"


# 年 月 日 stay with the number before them, so that no line starts with a date's last 日.
_NUMERALS = frozenset("〇零一二三四五六七八九十0123456789")
_DATE_UNITS = frozenset("年月日")


def can_break(prev: str, nxt: str) -> bool:
    """May a line end after `prev` when `nxt` follows?"""
    if nxt in NO_LINE_START or prev in NO_LINE_END:
        return False
    if prev in _NUMERALS and nxt in _DATE_UNITS:
        return False
    if prev == nxt and prev in _DOUBLED:
        return False
    return not (_is_latin(prev) and _is_latin(nxt))


# Runs that read as one word and are never broken across lines, as long as they fit on a line: a
# whole date (二〇二六年十二月六日, 2026年12月6日, 12月6日) and a case or court reference number
# (（2026）望京西园调字第5号, （2026）京0105民诉前调123号, 第5号). A break inside one makes the
# reader piece a legal reference together from two lines ("…12月" | "6日", "第5" | "号").
_DIGIT = "〇零一二三四五六七八九十0-9０-９"
_NO_BREAK = re.compile(
    rf"(?:[{_DIGIT}]{{2,4}}年)?[{_DIGIT}]{{1,3}}月(?:[{_DIGIT}]{{1,3}}日)?"
    rf"|[（(][{_DIGIT}]{{4}}[）)][^\s，。；：、（）()]{{0,16}}?第?[{_DIGIT}百]+号"
    rf"|第[{_DIGIT}百]+号"
)


def protected_breaks(chars: Sequence[str]) -> frozenset[int]:
    """The indexes a line may not start at: inside a date or a reference number (`_NO_BREAK`)."""
    text = "".join(ch if len(ch) == 1 else "\x00" for ch in chars)
    return frozenset(at for m in _NO_BREAK.finditer(text) for at in range(m.start() + 1, m.end()))


def choose_break(chars: Sequence[str], start: int, overflow: int, protected: frozenset[int] = frozenset()) -> int:
    """Where the line beginning at `start` ends, given that chars[overflow] does not fit.

    Returns the index of the first character of the next line. A hanging sentence mark returns
    overflow + 1; otherwise the break moves back to the nearest allowed place outside a `protected`
    run (a date, a case number), then to the nearest allowed place, and only if there is none on the
    whole line is the line broken where it overflowed.
    """
    n = len(chars)
    if chars[overflow] in HANGING and (overflow + 1 >= n or chars[overflow + 1] not in NO_LINE_START):
        return overflow + 1
    allowed = [
        at
        for at in range(overflow, start, -1)
        if can_break(chars[at - 1], chars[at]) and not _inside_date_number(chars, at)
    ]
    # A run longer than the line (a narrow table cell) has to break somewhere: then as before.
    whole = [at for at in allowed if at not in protected]
    return whole[0] if whole else allowed[0] if allowed else overflow


def _inside_date_number(chars: Sequence[str], at: int) -> bool:
    """Is `at` between two numerals of a date's number (二〇|二六年, 二十|二日)? A date reads as one word."""
    if chars[at - 1] not in _NUMERALS or chars[at] not in _NUMERALS:
        return False
    end = at
    while end < len(chars) and chars[end] in _NUMERALS:
        end += 1
    return end < len(chars) and chars[end] in _DATE_UNITS


def break_lines(widths: Sequence[float], chars: Sequence[str], max_widths: Sequence[float]) -> list[int]:
    """Line start indexes for characters of the given widths (the first is always 0).

    Pure function of the text, so the rules can be tested without a PDF. A line never starts with a
    space (a space at a break is dropped, as in Latin text).
    """
    starts: list[int] = []
    start, n = 0, len(chars)
    protected = protected_breaks(chars)
    while start < n:
        starts.append(start)
        limit = max_widths[min(len(starts) - 1, len(max_widths) - 1)]
        used, end = 0.0, start
        while end < n and (end == start or used + widths[end] <= limit + _FUZZ):
            used += widths[end]
            end += 1
        if end >= n:
            break
        start = choose_break(chars, start, end, protected)
        while start < n and chars[start] == " ":
            start += 1
    return starts


class ChineseParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A Paragraph wrapped character by character under the Chinese line-breaking rules.

    Use it with a style whose wordWrap is 'CJK'. All text goes through the same breaker, whether
    the paragraph has one font run or many (reportlab treats the two cases differently). Forced
    breaks (<br/>) are not supported: write separate paragraphs.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        # reportlab wraps a paragraph several times at the same width (KeepTogether, frames, tables);
        # the lines are never changed afterwards, so they are computed once per width. A table cell's
        # width comes out of two sums (the cell's height measured while building, the table's own
        # layout) that differ in the last bits (63.365446966188046 and …806): a sixth of a dossier's
        # paragraphs were broken twice for it. Widths equal to a millionth of a point share their lines.
        cache: dict[tuple[float, ...], Any] = self.__dict__.setdefault("_cjk_lines", {})
        key = tuple(round(width, 6) for width in maxWidths)
        if key not in cache:
            cache[key] = self._break_cjk(maxWidths)
        return cache[key]

    def _break_cjk(self, maxWidths: Sequence[float]) -> Any:
        style = self.style
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        chars, widths, owners = _measure(self.frags)
        if not chars:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        starts = break_lines(widths, chars, maxWidths)
        bounds = [_frag_bounds(f, calc_bounds) for f in self.frags]
        lines = []
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else len(chars)
            while stop - start > 1 and chars[stop - 1] == " ":
                stop -= 1  # a space before a break is not drawn
            width = maxWidths[min(i, len(maxWidths) - 1)]
            used = sum(widths[start:stop])
            # A hanging mark makes `used` exceed the width; the line is then simply full.
            lines.append(_fragment_line(self.frags, bounds, chars, owners, start, stop, width, used))
        return ParaLines(kind=1, lines=lines)

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is None and bulletText is None and not style.textTransform:
            text = cleaner(text)
            frags = markup_frags(text, style)
        super()._setup(text, style, bulletText, frags, cleaner)

    def _get_split_blParaFunc(self) -> Any:
        # reportlab's default appends a space to every line end of the remainder of a split
        # paragraph (right for Latin words, wrong for Chinese); keep the characters as they are.
        return _split_lines


# ---------------------------------------------------------------- markup to fragments
# reportlab reads paragraph markup with an HTML parser, a third of the time of building a form's
# flowables. The markup this package writes (render.DocumentBuilder.markup, fonts.fallback_markup)
# has four tags and four kinds of entity; for it the fragments are made here, each a copy of the one
# reportlab's parser makes for the same tags around one character (same attributes, text replaced),
# split where the parser splits its text: at every tag and every entity. Other markup goes to
# reportlab's parser.

_TOKEN = re.compile(r'<font name="([^"<>&]*)">|(</font>)|(<u>)|(</u>)|&(amp|lt|gt);|&#([0-9]+);|([^<&]+)')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_prototypes: weakref.WeakKeyDictionary[Any, dict[tuple[str | None, bool], Any]] = weakref.WeakKeyDictionary()


def markup_frags(text: str, style: Any) -> list[Any] | None:
    """The fragments reportlab's ParaParser makes of `text` in `style`, or None if `text` uses other markup."""
    frags: list[Any] = []
    fonts: list[str] = []
    underline = 0
    lines: list[Any] = []  # the current <u>'s line: the parser numbers each <u> of a paragraph
    opened = 0
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() != at:
            return None
        at = match.end()
        font, close_font, open_u, close_u, entity, code, data = match.groups()
        if font is not None:
            if fonts:  # nested: the inner fragment would inherit from the outer one
                return None
            fonts.append(font)
        elif close_font:
            if not fonts:
                return None
            fonts.pop()
        elif open_u:
            if fonts or underline:  # <font><u> or <u><u>: not what this package writes
                return None
            underline += 1
            lines = [(opened, *_prototype(style, None, True).us_lines[0][1:])]
            opened += 1
        elif close_u:
            if not underline or fonts:
                return None
            underline -= 1
        else:
            piece = _ENTITIES[entity] if entity else chr(int(code)) if code else data
            prototype = _prototype(style, fonts[-1] if fonts else None, underline > 0)
            frags.append(prototype.clone(text=piece, us_lines=lines) if underline else prototype.clone(text=piece))
    if at != len(text) or fonts or underline:
        return None
    return frags


def _prototype(style: Any, font: str | None, underline: bool) -> Any:
    """reportlab's own fragment for one character inside these tags (cached per style)."""
    cache = _prototypes.setdefault(style, {})
    key = (font, underline)
    if key not in cache:
        markup = f'<font name="{font}">x</font>' if font is not None else "x"
        markup = f"<u>{markup}</u>" if underline else markup
        _, frags, _ = ParaParser().parse(markup, style)
        cache[key] = frags[0]
    return cache[key]


def _split_lines(blPara: Any, start: int, stop: int) -> list[Any]:
    return [word for line in blPara.lines[start:stop] for word in line.words]


def _measure(frags: Sequence[Any]) -> tuple[list[str], list[float], list[int]]:
    """Every character of the paragraph with its width and the index of the fragment it belongs to.

    The widths are what reportlab's stringWidth gives for each character alone (read straight from
    a TrueType font's width table: measuring character by character through stringWidth was a
    quarter of the time of printing an agreement). An empty fragment counts as one empty character,
    as in reportlab's own CJK wrapping.
    """
    chars: list[str] = []
    widths: list[float] = []
    owners: list[int] = []
    for n, frag in enumerate(frags):
        text = frag.text or ""
        if isinstance(text, bytes):
            text = text.decode("utf8")
        units = list(text) or [""]
        chars += units
        owners += [n] * len(units)
        if hasattr(frag, "cbDefn"):
            widths += [getattr(frag.cbDefn, "width", 0)] * len(units)
            continue
        size = frag.fontSize
        font = getFont(frag.fontName)
        face = getattr(font, "face", None)
        if isinstance(font, TTFont) and face is not None:
            get, default = face.charWidths.get, face.defaultWidth
            widths += [0.001 * size * get(ord(ch), default) if ch else 0.0 for ch in units]
        else:
            widths += [stringWidth(ch, frag.fontName, size) for ch in units]
    return chars, widths, owners


def _frag_bounds(frag: Any, calc_bounds: bool) -> tuple[float, float]:
    """Ascent and descent of a fragment, as reportlab's makeCJKParaLine computes them."""
    cb: Any = getattr(frag, "cbDefn", None) if calc_bounds else None
    if getattr(cb, "width", 0):
        descent, ascent = imgVRange(imgNormV(cb.height, frag.fontSize), cb.valign, frag.fontSize)
        return ascent, descent
    ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
    return ascent, descent


def _fragment_line(
    frags: Sequence[Any],
    bounds: Sequence[tuple[float, float]],
    chars: Sequence[str],
    owners: Sequence[int],
    start: int,
    stop: int,
    width: float,
    used: float,
) -> Any:
    """The line chars[start:stop] as reportlab's makeCJKParaLine builds it, one word per run of a fragment.

    Consecutive fragments that look the same (sameFrag) share one word, as there.
    """
    words: list[Any] = []
    current: Any = None
    run: list[str] = []
    max_size = max_ascent = min_descent = 0.0
    at = start
    while at < stop:
        n = owners[at]
        end = at + 1
        while end < stop and owners[end] == n:
            end += 1
        frag = frags[n]
        ascent, descent = bounds[n]
        max_size = max(max_size, frag.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        if current is None or not sameFrag(current, frag):
            if current is not None:
                words.append(_word(current, run))
            current, run = frag, []
        run += chars[at:end]
        at = end
    words.append(_word(current, run))
    return FragLine(
        kind=1,
        extraSpace=max(0.0, width - used),
        wordCount=1,
        words=words,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=width,
        currentWidth=used,
        lineBreak=False,
    )


def _word(frag: Any, run: list[str]) -> Any:
    word = frag.clone()
    word.text = "".join(run)
    return word


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class Footer:
    """The page-number line: `template` with {page} and {pages}, centred `y` points above the page foot."""

    template: str
    font: str
    size: float
    y: float


@frozen(eq=False, repr=False)
class Stamp:
    """The dossier's page number (档案页号), right-aligned at (`x`, `y`) on every page of a filed document."""

    font: str
    size: float
    x: float
    y: float


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas that holds its pages until save() so that each can say how many pages there are.

    One PDF may hold several documents (parts): a page template's onPage sets `part` for every page
    it begins, and each part is numbered on its own, "第X页 共Y页", and only when it has more than
    one page. Parts listed in `stamped` also get the dossier's running page number in the top right
    corner. After save(), `page_parts` holds the part of every page (to find where each part starts).
    Pass the arguments with functools.partial(NumberedCanvas, ...) as a DocTemplate canvasmaker.
    """

    def __init__(
        self,
        *args: Any,
        footer: Footer | None = None,
        footers: Mapping[int, Footer] | None = None,
        stamp: Stamp | None = None,
        stamped: frozenset[int] = frozenset(),
        layout_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._layout_only = layout_only  # only find out which page each part is on; write nothing
        self._footers = dict(footers or {})
        self._default_footer = footer
        self._stamp = stamp
        self._stamped = stamped
        self._held_pages: list[dict[str, Any]] = []
        self.part = 0
        self.page_parts: list[int] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        parts = [page.get("part", 0) for page in self._held_pages]
        if self._layout_only:
            self.page_parts = parts
            return
        totals = Counter(parts)
        seen: Counter[int] = Counter()
        filed = 0
        for page_state, part in zip(self._held_pages, parts, strict=True):
            self.__dict__.update(page_state)
            seen[part] += 1
            footer = self._footers.get(part, self._default_footer)
            if footer is not None and totals[part] > 1:
                self._draw_footer(footer, seen[part], totals[part])
            if self._stamp is not None and part in self._stamped:
                filed += 1
                self._draw_stamp(self._stamp, filed)
            super().showPage()
        super().save()
        self.page_parts = parts  # after the loop: restoring each page's state would reset it

    def _draw_footer(self, footer: Footer, page: int, total: int) -> None:
        text = footer.template.replace("{page}", str(page)).replace("{pages}", str(total))
        self.saveState()
        self.setFont(footer.font, footer.size)
        self.drawCentredString(self._pagesize[0] / 2, footer.y, text)
        self.restoreState()

    def _draw_stamp(self, stamp: Stamp, number: int) -> None:
        self.saveState()
        self.setFont(stamp.font, stamp.size)
        self.drawRightString(stamp.x, stamp.y, str(number))
        self.restoreState()
