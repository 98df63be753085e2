"""The one set of masking rules for personal data on screens, in search results, lists, statistics, logs
and crash reports (PIPL Art. 51 security measures; People's Mediation Law Art. 15: a mediator must not
disclose the parties' privacy; docs/privacy.md "Masking").

- `mask_id`: an ID-like value keeps its first 6 and last 4 characters (the region and the check part),
  the rest becomes ``*``: 110105********002X. The birth date (characters 7–14) is never shown.
- `mask_phone`: a phone keeps its first 3 and last 4 characters: 138****5678.
- `mask_text`: ID numbers and mainland mobile numbers *inside free text* (facts, claims, a title, a log
  line) masked the same way, **keeping the text's length** (a mobile written 138-1234-5678 keeps its
  dashes): highlight spans computed on the unmasked text still fit.
- `scrub_message`: the message of an unexpected error as a crash report carries it: numbers masked,
  dates (a birth date) replaced, and every run of Chinese (or other non-ASCII) text - names, addresses -
  replaced by ``…``. `crash_report` formats an exception with its frames and scrubbed messages only.

Pure: no I/O, nothing imported that the window's first paint would pay for (``traceback`` only when a
crash report is made).
"""

from __future__ import annotations

import re
from types import TracebackType

# 18-character citizen ID numbers (GB 11643: 17 digits + digit or X), not glued to other digits/letters.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Mainland mobile numbers: 11 digits starting 13-19, optionally +86/86, written 138-1234-5678 or 138 1234 5678.
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d)([- ]?)(\d{4})([- ]?)(\d{4})(?![0-9])")
# Dates as a birth date may appear in a message: 1965-03-15, 1965/3/15, 1965.03.15, 1965年3月15日.
_DATE_RE = re.compile(r"(?<![0-9])(1[89]|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?![0-9])")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def mask_id(number: str) -> str:
    """Mask an ID-like number for screens and logs: 110105********002X (PIPL Art. 51)."""
    n = number.strip()
    if len(n) <= 10:  # 6 shown + 4 shown would cover (or overlap) the whole value
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(phone: str) -> str:
    p = phone.strip()
    if len(p) <= 7:  # 3 shown + 4 shown would cover the whole value
        return "*" * len(p)
    return p[:3] + "*" * (len(p) - 7) + p[-4:]


def _id_in_text(match: re.Match[str]) -> str:
    return mask_id(match.group(0))


def _mobile_in_text(match: re.Match[str]) -> str:
    # The middle four digits become ****; the prefix (+86), the separators and the rest stay.
    start = match.start(3) - match.start(0)
    text = match.group(0)
    return text[:start] + "****" + text[start + 4 :]


def mask_text(text: str) -> str:
    """ID numbers and mobile numbers typed into free text, masked in place (the length is kept)."""
    if not any(c.isdigit() for c in text):  # most texts: no work
        return text
    return _MOBILE_RE.sub(_mobile_in_text, _ID_RE.sub(_id_in_text, text))


def scrub_message(text: str) -> str:
    """An error message fit for a crash report: no ID or phone, no date, no Chinese names or addresses."""
    text = _DATE_RE.sub("****-**-**", mask_text(text))
    return _NON_ASCII_RE.sub("…", text)


def crash_report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The exception as a crash report: each frame (file, line, function) and each exception's
    type with its scrubbed message, the causes first as Python prints them. Frame locals are never shown."""
    import traceback

    chain: list[tuple[str, BaseException, TracebackType | None]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    note = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((note, current, tb if current is exc else current.__traceback__))
        if current.__cause__ is not None:
            note, current = "The above exception was the direct cause of the following exception:", current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            note, current = "During handling of the above exception, another exception occurred:", current.__context__
        else:
            current = None
    lines: list[str] = []
    for position, (_note, error, frames) in enumerate(reversed(chain)):
        if position:
            lines += ["", chain[len(chain) - position][0], ""]
        if frames is not None:
            lines.append("Traceback (most recent call last):")
            # file, line and function only: a source line may hold a literal (a test's, a template's)
            lines += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in traceback.extract_tb(frames)]
        name = type(error).__qualname__ if error is not exc else kind.__qualname__
        message = scrub_message(str(error))
        lines.append(f"{name}: {message}" if message else name)
    return "\n".join(lines) + "\n"
