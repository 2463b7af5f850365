"""Checking a story's public text against what the consents allow, before it is published.

The public title, summary and story are written by the publisher (prefilled from the
internal text). Whatever the display choices say, the text itself could still name the
person, the hamlet or a neighbour. `check_public_text` finds, in the text as it will be
shown:

- the subject's name and its variants when the name is hidden or shortened (folded, so
  "Nguyen Van An" matches "Nguyễn Văn Ân"; "em Ân", "Văn Ân", "Nguyễn Ân" too);
- places finer than the place choice allows: the record's own place and address, a place
  word (thôn, ấp, xóm, bản, buôn, làng, tổ dân phố, khu phố, số nhà, đường, hẻm) with the
  capitalised name or number after it, and with "province only" also the commune;
- other people's names: a form of address (ông, bà, anh, chị …) followed by a capitalised
  name, whatever the choices (nobody else consented), plus the optional recogniser (`ner`);
- phone numbers, e-mail addresses and ID numbers (9 or 12 digits).

Each hit must be edited out, or confirmed as a false match with a reason (`confirmed`, keyed
by `Hit.key`); `unresolved` gives what is left. The publishing service runs it, so no
surface can skip it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from lantoa.core.html import to_plain_text
from lantoa.core.text import fold
from lantoa.exemplars import ner
from lantoa.exemplars.models import Publication, Record

Name = Publication.NameDisplay
Place = Publication.PlaceDisplay

FIELDS = ("title", "summary", "story")

# Words that introduce a place; what follows them (a capitalised name, a number) is the place.
PLACE_WORDS = (
    "tổ dân phố", "khu phố", "số nhà", "thôn", "ấp", "xóm", "bản", "buôn", "làng", "đường",
    "hẻm",
)  # fmt: skip
# With "province only", the commune is finer than allowed too.
COMMUNE_WORDS = ("xã", "phường", "thị trấn", "đặc khu")
# Forms of address that come before a person's name.
HONORIFICS = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "cụ", "thầy", "dì", "cậu",
    "mợ", "thím", "bạn", "chàng", "nàng",
)  # fmt: skip
UNIT_PREFIXES = ("xã ", "phường ", "thị trấn ", "đặc khu ")

KINDS: dict[str, Any] = {
    "name": _("the person's name, which this publication does not show"),
    "place": _("a place finer than this publication shows"),
    "person": _("another person's name (they have not consented)"),
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "id_number": _("an ID number"),
}

_PHONE = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
_WORD = re.compile(r"\s+([^\s,.;:!?()\"“”]+)")


@dataclass(frozen=True)
class Hit:
    field: str  # "title" | "summary" | "story" (positions in its plain text)
    start: int
    end: int
    text: str
    kind: str

    @property
    def key(self) -> str:
        """What a confirmation covers: the same words of the same kind, wherever they are."""
        return f"{self.kind}:{fold(self.text)}"

    @property
    def why(self) -> Any:
        return KINDS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "key": self.key,
        }


def plain_texts(*, title: str, summary: str, story_html: str) -> dict[str, str]:
    """The three public fields as a reader sees them (NFC), which is what is checked."""
    return {
        "title": _nfc(title),
        "summary": _nfc(summary),
        "story": _nfc(to_plain_text(story_html)),
    }


def check_public_text(
    *, record: Record, name_display: str, place_display: str, texts: Mapping[str, str]
) -> list[Hit]:
    """Every hit in `texts` ({field: plain text}), in reading order, overlaps removed."""
    subject = record.subject
    name_variants = _name_variants(subject.full_name) if subject is not None else set()
    name_allowed = subject is None or name_display == Name.FULL
    place_terms = [] if place_display == Place.EXACT else _place_terms(record, place_display)
    place_words = PLACE_WORDS + (COMMUNE_WORDS if place_display == Place.PROVINCE else ())
    hits: list[Hit] = []
    for field in FIELDS:
        text = texts.get(field, "")
        if not text:
            continue
        folded = _aligned_fold(text)
        found: list[Hit] = []
        if not name_allowed:
            found += _find_terms(field, text, folded, name_variants, "name")
        for start, end in _after_words(text, folded, HONORIFICS, numbers=False):
            who = fold(text[start:end])
            if who in name_variants:
                if not name_allowed:
                    found.append(Hit(field, start, end, text[start:end], "name"))
            else:
                found.append(Hit(field, start, end, text[start:end], "person"))
        for start, end in ner.person_spans(text):
            if fold(text[start:end]) not in name_variants:
                found.append(Hit(field, start, end, text[start:end], "person"))
        if place_display != Place.EXACT:
            found += _find_terms(field, text, folded, place_terms, "place")
            for start, end in _after_words(text, folded, place_words, numbers=True, whole=True):
                found.append(Hit(field, start, end, text[start:end], "place"))
        for kind, pattern in (("phone", _PHONE), ("email", _EMAIL), ("id_number", _ID_NUMBER)):
            found += [
                Hit(field, m.start(), m.end(), m.group(), kind) for m in pattern.finditer(text)
            ]
        hits += _without_overlaps(found)
    return hits


def unresolved(hits: Iterable[Hit], confirmed: Mapping[str, str]) -> list[Hit]:
    """The hits not confirmed as false matches with a reason."""
    return [h for h in hits if not str(confirmed.get(h.key, "")).strip()]


def marked(text: str, hits: Iterable[Hit]) -> list[tuple[str, Hit | None]]:
    """`text` cut into (segment, hit or None), for showing each hit in place."""
    parts: list[tuple[str, Hit | None]] = []
    at = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < at:
            continue
        parts.append((text[at : hit.start], None))
        parts.append((text[hit.start : hit.end], hit))
        at = hit.end
    parts.append((text[at:], None))
    return [(segment, hit) for segment, hit in parts if segment]


def redacted(text: str, hits: Iterable[Hit]) -> str:
    """`text` with every hit replaced by a neutral word: "chị ấy" after a form of address,
    else "nhân vật", "một người dân", "địa phương" (the demo edits its stories so)."""
    neutral = {"name": "nhân vật", "person": "một người dân", "place": "địa phương"}
    out: list[str] = []
    for segment, hit in marked(text, hits):
        if hit is None:
            out.append(segment)
        elif hit.kind in ("name", "person") and _ends_with_honorific("".join(out)):
            out.append("ấy")
        else:
            out.append(neutral.get(hit.kind, "…"))
    return "".join(out)


def _ends_with_honorific(text: str) -> bool:
    words = text.rstrip().split()
    return bool(words) and text[-1:].isspace() and words[-1].lower() in HONORIFICS


# -- helpers ---------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _aligned_fold(text: str) -> str:
    """`fold` one character at a time, so that positions in the result are positions in
    `text` (NFC Vietnamese letters fold to one letter each)."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else (" " if ch.isspace() else "_"))
    return "".join(out)


def _name_variants(full_name: str) -> set[str]:
    """The folded ways a text names the person: full, family + given, middle + given."""
    words = fold(full_name).split()
    if not words:
        return set()
    variants = {" ".join(words), words[-1]}
    if len(words) >= 2:
        variants.add(f"{words[0]} {words[-1]}")
        variants.add(" ".join(words[-2:]))
        variants.add(" ".join(words[1:]))
    return variants


def _place_terms(record: Record, place_display: str) -> list[str]:
    """The record's own place words: its exact place and the subject's address (and the
    commune's name when only the province may be shown), folded. Parts that are only the
    commune or the province, where those may be shown, are left out."""
    commune = record.admin_unit
    unit_names: set[str] = set()
    for unit in (commune, getattr(commune, "parent", None)):
        if unit is not None:
            unit_names |= _unit_names(unit.name)
    province_only = (
        place_display == Place.PROVINCE and commune is not None and commune.level == "commune"
    )
    commune_names = _unit_names(commune.name) if province_only and commune else set()
    terms: list[str] = []
    sources = [record.place]
    if record.subject is not None:
        sources.append(record.subject.address)
    for source in sources:
        for part in (source or "").split(","):
            term = fold(part)
            if len(term) >= 4 and (term not in unit_names or term in commune_names):
                terms.append(term)
    terms += sorted(commune_names)
    return terms


def _unit_names(name: str) -> set[str]:
    """ "Xã Hàm Thuận" → {"xa ham thuan", "ham thuan"}."""
    folded = fold(name)
    names = {folded}
    for prefix in (*UNIT_PREFIXES, "tỉnh ", "thành phố "):
        if folded.startswith(fold(prefix) + " "):
            names.add(folded[len(fold(prefix)) :].strip())
    return {n for n in names if n}


def _find_terms(field: str, text: str, folded: str, terms: Iterable[str], kind: str) -> list[Hit]:
    """Whole-word occurrences of multi-word terms (a lone given name is only caught after a
    form of address: "An" alone is also a common word)."""
    hits = []
    for term in set(terms):
        if " " not in term and kind == "name":
            continue
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)"
        for match in re.finditer(pattern, folded):
            hits.append(
                Hit(field, match.start(), match.end(), text[match.start() : match.end()], kind)
            )
    return hits


def _after_words(
    text: str, folded: str, words: Iterable[str], *, numbers: bool, whole: bool = False
) -> list[tuple[int, int]]:
    """Spans of the capitalised words (or, for places, a house or lane number) after any of
    `words` (with or without diacritics, any case); `whole`: the word itself included."""
    spans = []
    for word in words:
        variants = {word, fold(word)}
        for variant in variants:
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, variant.split())) + r"(?=\s)"
            source = text.lower() if variant == word else folded
            for match in re.finditer(pattern, source):
                span = _capitalised_run(text, match.end(), numbers=numbers)
                if span is not None:
                    spans.append((match.start(), span[1]) if whole else span)
    return spans


def _capitalised_run(text: str, at: int, *, numbers: bool) -> tuple[int, int] | None:
    start = end = None
    for count, match in enumerate(_WORD.finditer(text, at)):
        if match.start() != (end if end is not None else at) or count >= 5:
            break
        word = match.group(1)
        if not (word[0].isupper() or (numbers and word[0].isdigit())):
            break
        start = match.start(1) if start is None else start
        end = match.end(1)
    return None if start is None or end is None else (start, end)


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
