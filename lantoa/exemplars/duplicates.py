"""Duplicate subjects: suggest likely existing people while reporting; merge on a verifier's word.

Suggestions block on the folded *given name* (`Subject.given_name_key`, the last word) and
the birth year, never on the surname: "Nguyễn" is about 40 % of Vietnamese surnames. A name
is a candidate when its whole folded form is equal or one edit away from the typed name,
or when it has the same words in another order. Folding makes "Nguyễn Văn Ân" and
"Nguyễn Văn An" alike, and they may be two people: a suggestion is only ever shown, and a
merge only ever happens when a verifier asks for it. See docs/duplicates.md.
"""

from __future__ import annotations

import itertools
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import F, Lookup, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.text import fold
from lantoa.exemplars.models import Consent, Record, SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.services.subjects import copy_priority_group
from lantoa.orgs.access import require, scope_q
from lantoa.orgs.models import AdminUnit

# Rows read from the block at most; beyond that the typed name is too common to be useful.
MAX_CANDIDATES = 500
# Permutations of the typed words tried for "reversed order" (5 words: 120 strings).
MAX_PERMUTED_WORDS = 5

_LETTERS = string.ascii_lowercase
_PROVINCE = AdminUnit.Level.PROVINCE

# Tone marks (combining, after NFD). Vowel-quality marks (ă â ê ô ơ ư) are not tones.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Reasons: stable English strings (tests and API rely on them); labels for the UI.
SAME_FOLDED_NAME = "same folded name"
SAME_SPELLING = "same spelling"
DIACRITICS_DIFFER = "exact spelling differs only in diacritics"
ONE_EDIT = "one edit apart"
REORDERED = "same names in a different order"
SAME_BIRTH_YEAR = "same birth year"
BIRTH_YEAR_NEAR = "birth year ±1"
BIRTH_YEAR_UNKNOWN = "birth year unknown"
SAME_COMMUNE = "same commune"
NEIGHBOURING_COMMUNE = "neighbouring commune"
OTHER_PROVINCE = "other province"

REASON_LABELS: dict[str, Any] = {
    SAME_FOLDED_NAME: gettext_lazy("Same name without diacritics"),
    SAME_SPELLING: gettext_lazy("Same spelling"),
    DIACRITICS_DIFFER: gettext_lazy("The spelling differs only in diacritics"),
    ONE_EDIT: gettext_lazy("One letter apart"),
    REORDERED: gettext_lazy("Same names in a different order"),
    SAME_BIRTH_YEAR: gettext_lazy("Same birth year"),
    BIRTH_YEAR_NEAR: gettext_lazy("Birth year one year apart"),
    BIRTH_YEAR_UNKNOWN: gettext_lazy("Birth year unknown"),
    SAME_COMMUNE: gettext_lazy("Same commune"),
    NEIGHBOURING_COMMUNE: gettext_lazy("Commune in the same province"),
    OTHER_PROVINCE: gettext_lazy("Another province"),
}

# Fields of the kept subject that the dropped one may fill when they are empty.
FILLABLE_FIELDS = (
    "birth_year",
    "gender",
    "occupation",
    "priority_group",
    "admin_unit",
    "phone",
    "email",
    "address",
    "collective_kind",
    "collective_org",
)


@dataclass
class Suggestion:
    """One existing subject that may be the person being reported."""

    subject: Subject
    score: float
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Pure helpers


def one_edit_variants(word: str) -> set[str]:
    """`word` and every string one edit away over a–z: deletions, adjacent transpositions,
    substitutions, insertions (54n + 25 strings at most; i/y is one substitution)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {word}
    variants.update(a + b[1:] for a, b in splits if b)
    variants.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    variants.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    variants.update(a + c + b for a, b in splits for c in _LETTERS)
    variants.discard("")
    return variants


def within_one_edit(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance (optimal string alignment) of `a` and `b` is ≤ 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        # One substitution, or one transposition of adjacent letters.
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    # One insertion into `a` (the shorter one).
    return a[i:] == b[i + 1 :]


def spelling_key(name: str) -> str:
    """The name as written, lower-cased, with each word's tone mark moved out of the way:
    "Hoà" and "Hòa" (old and new tone placement), NFC and NFD, give the same key, while
    "Ân" and "An" do not."""
    words = []
    for word in unicodedata.normalize("NFD", name.lower()).split():
        tones = "".join(ch for ch in word if ch in _TONES)
        bare = "".join(ch for ch in word if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", bare) + tones)
    return " ".join(words)


def _reorderings(words: list[str]) -> set[str]:
    if len(words) < 2:
        return set()
    if len(words) <= MAX_PERMUTED_WORDS:
        orders = {" ".join(p) for p in itertools.permutations(words)}
    else:
        orders = {" ".join(words[i:] + words[:i]) for i in range(len(words))}
        orders.add(" ".join(reversed(words)))
    orders.discard(" ".join(words))
    return orders


def _province_id(
    unit_id: int | None,
    level: str | None,
    parent_id: int | None,
    parent_level: str | None,
    grandparent_id: int | None,
) -> int | None:
    """The province of a unit: a current commune's parent; a pre-2025 commune's grandparent."""
    if unit_id is None:
        return None
    if level == _PROVINCE:
        return unit_id
    if parent_level == _PROVINCE or grandparent_id is None:
        return parent_id
    return grandparent_id


# ---------------------------------------------------------------------------------------
# Suggestions


class AnyOf(Lookup[Any]):
    """`AnyOf(F("column"), values)`: `column = ANY(%s)` with one array parameter on
    PostgreSQL (hundreds of candidate strings stay one parameter: short SQL that psycopg
    and the planner handle at once), `column IN (...)` elsewhere. Not registered as a
    lookup: used as a filter expression."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *values]


def suggest_subjects(
    *,
    actor: Actor,
    name: str,
    birth_year: int | None = None,
    unit: AdminUnit | int | None = None,
    limit: int = 10,
    kind: str | None = None,
) -> list[Suggestion]:
    """Existing subjects that may be the person called `name`, best first.

    Candidates: visible to the actor (VIEW_RECORDS scope), not merged, folded name equal
    or one edit apart (or the same words in another order), birth year ±1 (a subject
    whose year is unknown on either side needs the same province when `unit` is given),
    and, when `unit` is given, in the same province unless name and year match exactly.
    Reads through the (given_name_key, birth_year) index in a constant number of queries:
    the actor's grants, the unit (when given as an id or a pre-2025 commune), the block,
    the chosen subjects. Writes nothing. See docs/duplicates.md.
    """
    folded = fold(name)
    words = folded.split()
    if not words or limit <= 0:
        return []
    key = words[-1]
    variants = one_edit_variants(key)
    reordered = _reorderings(words)
    # The stored given-name key is one edit from ours, or (reversed order) one of our words.
    keys = variants | set(words)

    query_unit_id, query_province = _unit_and_province(unit)
    place_q = Q()
    if query_unit_id is not None:
        place_q = Q(admin_unit_id=query_unit_id)
        if query_province is not None:
            place_q |= (
                Q(admin_unit_id=query_province)
                | Q(admin_unit__parent_id=query_province)
                | Q(admin_unit__parent__parent_id=query_province)
            )

    # Whole name ≤ 1 edit, or the same words reordered: the exact list of folded names
    # (~54 per letter), one array parameter on PostgreSQL. The database returns only true
    # candidates, so the cap below is a safety net, not a sample.
    name_q = AnyOf(F("folded_name"), sorted(one_edit_variants(folded) | reordered))
    if birth_year is not None:
        years = [birth_year - 1, birth_year, birth_year + 1]
        year_q = Q(AnyOf(F("birth_year"), years)) | (Q(birth_year__isnull=True) & place_q)
    else:
        year_q = place_q

    rows = (
        Subject.objects.filter(
            scope_q(actor, RecordAction.VIEW_RECORDS, field="org_path"),
            AnyOf(F("given_name_key"), sorted(keys)),
            merged_into__isnull=True,
        )
        .filter(year_q, name_q)
        .values_list(
            "pk",
            "folded_name",
            "full_name",
            "birth_year",
            "admin_unit_id",
            "admin_unit__level",
            "admin_unit__parent_id",
            "admin_unit__parent__level",
            "admin_unit__parent__parent_id",
        )
    )
    if kind:
        rows = rows.filter(kind=kind)

    typed_spelling = spelling_key(name)
    typed_sorted = sorted(words)
    scored: list[tuple[float, int, list[str]]] = []
    for pk, cand_folded, cand_name, cand_year, unit_id, level, parent_id, p_level, gp_id in rows[
        :MAX_CANDIDATES
    ]:
        reasons: list[str] = []
        # Name: compared over the whole folded name, so a shared "Nguyễn Văn" earns nothing.
        if cand_folded == folded:
            score = 0.5
            reasons.append(SAME_FOLDED_NAME)
            if spelling_key(cand_name) == typed_spelling:
                score += 0.1
                reasons.append(SAME_SPELLING)
            else:
                reasons.append(DIACRITICS_DIFFER)
        elif within_one_edit(cand_folded, folded):
            score = 0.3
            reasons.append(ONE_EDIT)
        elif sorted(cand_folded.split()) == typed_sorted:
            score = 0.3
            reasons.append(REORDERED)
        else:
            continue
        # Birth year.
        exact_year = False
        if birth_year is None or cand_year is None:
            reasons.append(BIRTH_YEAR_UNKNOWN)
        elif cand_year == birth_year:
            score += 0.25
            exact_year = True
            reasons.append(SAME_BIRTH_YEAR)
        elif abs(cand_year - birth_year) == 1:
            score += 0.15
            reasons.append(BIRTH_YEAR_NEAR)
        else:
            continue
        # Place.
        if query_unit_id is not None and unit_id is not None:
            cand_province = _province_id(unit_id, level, parent_id, p_level, gp_id)
            if unit_id == query_unit_id:
                score += 0.15
                reasons.append(SAME_COMMUNE)
            elif cand_province is not None and cand_province == query_province:
                score += 0.05
                reasons.append(NEIGHBOURING_COMMUNE)
            elif cand_folded == folded and exact_year:
                reasons.append(OTHER_PROVINCE)
            else:
                continue
        elif query_unit_id is not None and BIRTH_YEAR_UNKNOWN in reasons:
            continue  # neither the year nor the place: the name alone is not enough
        scored.append((round(score, 2), pk, reasons))

    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[:limit]
    if not best:
        return []
    subjects = Subject.objects.select_related("admin_unit").in_bulk([pk for _s, pk, _r in best])
    return [Suggestion(subject=subjects[pk], score=s, reasons=r) for s, pk, r in best]


def _unit_and_province(unit: AdminUnit | int | None) -> tuple[int | None, int | None]:
    """The unit's id and its province's id; a query only when the caller gave an id or a
    pre-2025 commune (whose province is its grandparent)."""
    if unit is None:
        return None, None
    if isinstance(unit, AdminUnit):
        if unit.level == _PROVINCE:
            return unit.pk, unit.pk
        if unit.scheme == AdminUnit.Scheme.CURRENT or unit.level != AdminUnit.Level.COMMUNE:
            return unit.pk, unit.parent_id
        unit_id = unit.pk
    else:
        unit_id = int(unit)
    rows = AdminUnit.objects.filter(pk=unit_id).values_list(
        "level", "parent_id", "parent__level", "parent__parent_id"
    )
    for level, parent_id, parent_level, grandparent_id in rows:
        return unit_id, _province_id(unit_id, level, parent_id, parent_level, grandparent_id)
    return unit_id, None


# ---------------------------------------------------------------------------------------
# Merge


def merge_subjects(*, actor: Actor, keep: Subject, drop: Subject, note: str = "") -> Subject:
    """Merge `drop` into `keep` on a verifier's decision: records, consents and sensitive
    items move to `keep`, `keep`'s empty fields are filled from `drop` (never overwritten),
    `drop.merged_into` points at `keep`, and the merge is audited. Nothing calls this
    without a person asking for it."""
    if keep.pk == drop.pk:
        require(actor, RecordAction.MERGE_SUBJECTS, keep)
        raise DomainError(_("A subject cannot be merged into itself."), code="merge_self")
    with transaction.atomic():
        locked = Subject.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk])
        by_pk = {s.pk: s for s in locked.order_by("pk")}
        if keep.pk not in by_pk or drop.pk not in by_pk:
            raise NotFound()
        keep, drop = by_pk[keep.pk], by_pk[drop.pk]
        require(actor, RecordAction.MERGE_SUBJECTS, keep)
        require(actor, RecordAction.MERGE_SUBJECTS, drop)
        if keep.merged_into_id is not None or drop.merged_into_id is not None:
            raise DomainError(
                _("This subject has already been merged into another one."),
                code="merge_merged",
            )
        if keep.kind != drop.kind:
            raise DomainError(_("A person and a collective cannot be merged."), code="merge_kind")

        filled: list[str] = []
        for name in FILLABLE_FIELDS:
            attname = getattr(Subject._meta.get_field(name), "attname", name)
            if getattr(keep, attname) in (None, "") and getattr(drop, attname) not in (None, ""):
                setattr(keep, attname, getattr(drop, attname))
                filled.append(name)
        if filled:
            keep.save(update_fields=filled)
        if "priority_group" in filled:
            copy_priority_group(keep)

        records = list(Record.objects.select_for_update().filter(subject_id=drop.pk).order_by("pk"))
        for item in records:
            # save() refreshes search_text with the kept name and copies the kept group
            item.subject = keep
            item.save(update_fields=["subject", "search_text", "priority_group", "updated_at"])
        consents = Consent.objects.filter(subject_id=drop.pk).update(subject=keep)
        sensitive = SensitiveItem.objects.filter(subject_id=drop.pk).update(subject=keep)
        # Subjects merged into `drop` earlier now point straight at `keep`.
        earlier = Subject.objects.filter(merged_into_id=drop.pk).update(merged_into=keep)

        drop.merged_into = keep
        drop.save(update_fields=["merged_into"])

        audit.record(
            actor=actor,
            action="exemplars.subject.merged",
            obj=keep,
            org=keep.org,
            changes={
                "dropped_id": drop.pk,
                "dropped_name": drop.full_name,
                "dropped_org": drop.org_id,
                "records_moved": len(records),
                "record_ids": [r.pk for r in records],
                "consents_moved": consents,
                "sensitive_items_moved": sensitive,
                "earlier_merges_repointed": earlier,
                "fields_filled": filled,
                "note": note,
            },
        )
    return keep
