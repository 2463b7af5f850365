"""The public read layer of stories: every read the portal and the public API make.

Each one starts from `live_publications()`: a story that was taken down, or whose consent
was withdrawn, is absent from every public page the moment it happens. Of a record, public
pages read its `Publication` only, plus three things the publication allows: the number of
units that learned from it (`Replication`, counted, never named), its honours, and its photos
when `show_photos` is set (id and size only: captions and file names stay internal).

Searching goes through `search_live_stories` (the one story search, `stories.search`).
Something missing or taken down raises `NotFound` (an `Http404`), like something that
never existed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet

from lantoa.core.errors import NotFound
from lantoa.exemplars.models import (
    Evidence,
    Honour,
    Movement,
    PriorityGroup,
    Publication,
    RecordKind,
    Replication,
    Sector,
)
from lantoa.exemplars.names import attach_names
from lantoa.exemplars.selectors import spread_from, units_followed
from lantoa.exemplars.stories.live import live_publications
from lantoa.exemplars.stories.page_read import story_page
from lantoa.exemplars.stories.search import load_stories, search_stories
from lantoa.orgs.models import AdminUnit

CURRENT = AdminUnit.Scheme.CURRENT
# A story published "province only" keeps its commune for the staff, not for the public: it
# is never listed, counted or filtered under that commune.
PROVINCE_ONLY = Publication.PlaceDisplay.PROVINCE
_CODE = re.compile(r"^[\w-]{1,40}$")


@dataclass(frozen=True)
class StoryFilters:
    """The list's filters, as GET parameters: catalogue and place *codes* (stable, readable
    in a link) rather than ids. Values that cannot be valid are dropped, never an error."""

    kind: str = ""
    group: str = ""  # PriorityGroup.code
    sector: str = ""  # Sector.code
    movement: int | None = None  # Movement.pk (movements have no code)
    province: str = ""  # AdminUnit.code, current scheme
    commune: str = ""  # AdminUnit.code, current scheme
    year: int | None = None

    PARAMS = ("kind", "group", "sector", "movement", "province", "commune", "year")

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> StoryFilters:
        def code(name: str) -> str:
            value = str(query.get(name, "")).strip()
            return value if _CODE.match(value) else ""

        def number(name: str, low: int, high: int) -> int | None:
            value = str(query.get(name, "")).strip()
            return int(value) if value.isdigit() and low <= int(value) <= high else None

        kind = code("kind")
        return cls(
            kind=kind if kind in RecordKind.values else "",
            group=code("group"),
            sector=code("sector"),
            movement=number("movement", 1, 2**62),
            province=code("province"),
            commune=code("commune"),
            year=number("year", 1900, 2200),
        )

    def as_query(self, **overrides: Any) -> str:
        """The filters as a canonical query string (fixed order, empty values left out)."""
        values = {name: getattr(self, name) for name in self.PARAMS} | overrides
        return urlencode([(k, v) for k, v in values.items() if v not in ("", None)])

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.PARAMS)


def live_stories() -> QuerySet[Publication]:
    """Live stories, newest first."""
    return live_publications().order_by("-published_at", "-id")


def filtered_stories(filters: StoryFilters) -> QuerySet[Publication]:
    stories = live_stories()
    conditions = {
        "kind": filters.kind,
        "priority_group__code": filters.group,
        "sector__code": filters.sector,
        "movement_id": filters.movement,
        "year": filters.year,
    }
    stories = stories.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})
    if filters.province:
        stories = stories.filter(province__scheme=CURRENT, province__code=filters.province)
    if filters.commune:
        stories = stories.filter(commune__scheme=CURRENT, commune__code=filters.commune).exclude(
            place_display=PROVINCE_ONLY
        )
    return stories


def public_commune(story: Publication) -> AdminUnit | None:
    """The commune the public may see for `story` (none when published "province only")."""
    return None if story.place_display == PROVINCE_ONLY else story.commune


def featured_stories(limit: int = 4) -> list[Publication]:
    return list(live_stories().filter(featured=True)[:limit])


def latest_stories(*, exclude: Iterable[int] = (), limit: int = 8) -> list[Publication]:
    return list(live_stories().exclude(pk__in=list(exclude))[:limit])


class StoryTakenDown(NotFound):
    """The story was published once and is down now (taken down, or a consent it relied on
    was withdrawn). Still a 404 wherever it is not caught; the portal's story page answers
    410 Gone, so that search engines drop the address. Nothing of the story is carried."""


def get_live_story(pk: int, *, for_page: bool = False) -> Publication:
    """The live story `pk`, with the catalogue entries and places it shows; else 404
    (`StoryTakenDown` when it was published once). The entries and places come from the
    process's memo (`exemplars.names`), not from joins: building the SQL of five joins cost
    ~1 ms a story page (issue 15). `for_page` reads what the story page shows and its stored
    article (`stories.article`), in the same query, and nothing else."""
    story = story_page(pk) if for_page else _live_story(pk)
    if story is None:
        if Publication.objects.filter(pk=pk).exists():
            raise StoryTakenDown()
        raise NotFound()
    attach_names([story])
    return story


def _live_story(pk: int) -> Publication | None:
    # Unordered: one row by its key needs no ORDER BY (`first()` added the list's two
    # ordering terms, ~0.2 ms of building SQL a story page).
    return next(iter(live_publications().order_by().filter(pk=pk)[:1]), None)


def version(story: Publication) -> str:
    """A story's version as a cached page records it: when it was (re)published, in UTC,
    and the share it stands on. A withdrawal that narrows what the story shows (no name,
    province only) moves it to a new share without republishing it."""
    return f"{story.published_at.astimezone(datetime.UTC).isoformat()}/{story.share_id}"


def live_versions(pks: Iterable[int]) -> dict[int, str]:
    """{pk: version} of those of `pks` still live: a cached page is still right while
    every story it shows is live and was neither republished nor narrowed (one indexed
    query). With a shared cache, hits skip it while nothing was taken down
    (`portal.cached_pages`)."""
    rows = live_publications().filter(pk__in=list(pks)).only("pk", "published_at", "share_id")
    return {story.pk: version(story) for story in rows}


# --- Searching -------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundStories:
    stories: list[Publication]  # live, best first
    total: int  # matches in the index (a story taken down since may still be counted)
    engine_ms: float  # time spent in the search engine


def search_live_stories(
    q: str, *, page: int = 1, per_page: int = 20, fields: tuple[str, ...] = ()
) -> FoundStories:
    """The live stories matching `q`, best first (newest first when `q` has no words);
    only `fields` of them when given (`CARD_FIELDS` for cards).

    The one story search of the portal and the API: ranked and typo-tolerant in the index,
    then read again through `live_publications()`, so a story taken down since it was
    indexed is never returned."""
    result = search_stories(q, page=page, per_page=per_page)
    return FoundStories(load_stories(result.ids, fields=fields), result.total, result.engine_ms)


# --- What a story may show besides its publication -------------------------------------


def spread_counts(record_ids: Iterable[int]) -> dict[int, int]:
    """{record id: number of distinct units that learned from it and followed} (counted as
    `selectors.spread_of` counts: confirmed by the unit, or outside the system), from the
    records' few replication rows: the grouped aggregate cost a page of twenty cards
    ~1,200 Python calls more to build (decision 192)."""
    by_record: dict[int, list[tuple[int | None, datetime.datetime | None]]] = {}
    rows = (
        Replication.objects.filter(record_id__in=list(record_ids))
        .order_by()
        .values_list("record_id", "org_id", "confirmed_at")
    )
    for record_id, org_id, confirmed_at in rows:
        by_record.setdefault(record_id, []).append((org_id, confirmed_at))
    return {record_id: units_followed(rows) for record_id, rows in by_record.items()}


def spread_of_story(story: Publication) -> int:
    """The number of distinct units that learned from `story`'s record and followed, as
    `spread_units()` counts them, from the record's few replication rows
    (`selectors.spread_from`): the aggregate's grouped SQL cost a story page ~0.25 ms more
    to build (issue 15)."""
    rows = Replication.objects.filter(record_id=story.record_id).order_by()
    return spread_from(list(rows.only("org_id", "confirmed_at")))["units"]


def _photos(record_ids: Iterable[int]) -> QuerySet[Evidence]:
    # Only what a picture needs: never the caption or the name the file was uploaded under.
    return (
        Evidence.objects.filter(record_id__in=list(record_ids), kind=Evidence.Kind.PHOTO)
        .only("id", "record_id", "file", "width", "height", "variants")
        .order_by("record_id", "id")
    )


def story_photos(story: Publication) -> list[Evidence]:
    return list(_photos([story.record_id])) if story.show_photos else []


def cover_photos(stories: Iterable[Publication]) -> dict[int, Evidence]:
    """{publication id: its first photo}, for the stories that may show photos."""
    by_record = {s.record_id: s.pk for s in stories if s.show_photos}
    covers: dict[int, Evidence] = {}
    for photo in _photos(by_record):
        covers.setdefault(by_record[photo.record_id], photo)
    return covers


def photos_by_story(stories: Iterable[Publication]) -> dict[int, list[Evidence]]:
    """{publication id: its photos, oldest first}, for the stories that may show photos."""
    by_record = {s.record_id: s.pk for s in stories if s.show_photos}
    photos: dict[int, list[Evidence]] = {}
    for photo in _photos(by_record):
        photos.setdefault(by_record[photo.record_id], []).append(photo)
    return photos


def story_honours(story: Publication) -> list[Honour]:
    return list(Honour.objects.filter(record_id=story.record_id).only("text", "date"))


def get_public_photo(story_pk: int, photo_pk: int) -> Evidence:
    """A photo of a live story that shows photos, and of that story's record; else 404."""
    record_id = (
        live_publications()
        .filter(pk=story_pk, show_photos=True)
        .values_list("record_id", flat=True)
        .first()
    )
    if record_id is None:
        raise NotFound()
    photo = (
        Evidence.objects.filter(pk=photo_pk, record_id=record_id, kind=Evidence.Kind.PHOTO)
        .only("id", "file", "width", "height", "variants", "sha256")
        .first()
    )
    if photo is None:
        raise NotFound()
    return photo


@dataclass
class StoryCard:
    story: Publication
    spread: int = 0
    cover: Evidence | None = None


# What a card reads of a publication (`portal.views.common.with_links`), with what its
# page's version (`version`) and its cover (`cover_photos`) need.
CARD_FIELDS = (
    "id",
    "record_id",
    "share_id",
    "title",
    "summary",
    "display_name",
    "display_place",
    "published_at",
    "show_photos",
)


def story_cards(stories: Iterable[Publication], *, with_covers: bool = False) -> list[StoryCard]:
    """Cards for a list: two queries whatever the number of stories."""
    stories = list(stories)
    spread = spread_counts(s.record_id for s in stories)
    covers = cover_photos(stories) if with_covers else {}
    return [StoryCard(s, spread.get(s.record_id, 0), covers.get(s.pk)) for s in stories]


# --- Places -----------------------------------------------------------------------------


def place_key(unit: AdminUnit) -> str:
    """The URL segment of a place: its code, with the scheme for pre-2025 units."""
    return unit.code if unit.scheme == CURRENT else f"{unit.code}-{unit.scheme}"


def get_place(key: str) -> AdminUnit:
    code, _sep, scheme = key.partition("-")
    unit = (
        AdminUnit.objects.select_related("parent")
        .filter(scheme=scheme or CURRENT, code=code)
        .exclude(level=AdminUnit.Level.DISTRICT)
        .order_by("level")  # "commune" < "province": codes differ in length anyway
        .first()
    )
    if unit is None:
        raise NotFound()
    return unit


def place_stories(unit: AdminUnit) -> QuerySet[Publication]:
    return live_stories().filter(
        Q(province=unit) | (Q(commune=unit) & ~Q(place_display=PROVINCE_ONLY))
    )


def communes_with_stories(province: AdminUnit) -> list[tuple[AdminUnit, int]]:
    """The province's communes that have live stories, with how many, by name."""
    counts = dict(
        live_publications()
        .filter(province=province, commune__isnull=False)
        .exclude(place_display=PROVINCE_ONLY)
        .order_by()
        .values("commune_id")
        .annotate(n=Count("id"))
        .values_list("commune_id", "n")
    )
    units = AdminUnit.objects.filter(pk__in=counts).order_by("name")
    return [(unit, counts[unit.pk]) for unit in units]


def places_with_stories() -> QuerySet[AdminUnit]:
    live = live_publications()
    communes = live.exclude(place_display=PROVINCE_ONLY).values("commune_id")
    return AdminUnit.objects.filter(
        Q(pk__in=live.values("province_id")) | Q(pk__in=communes)
    ).order_by("scheme", "code")


# --- The filter form's options ----------------------------------------------------------


@dataclass
class FilterOptions:
    groups: list[tuple[str, str]] = field(default_factory=list)
    sectors: list[tuple[str, str]] = field(default_factory=list)
    movements: list[tuple[int, str]] = field(default_factory=list)
    provinces: list[tuple[str, str]] = field(default_factory=list)
    communes: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def filter_options(filters: StoryFilters) -> FilterOptions:
    """Options for each filter (value, label); communes only once a province is chosen."""
    options = FilterOptions(
        groups=list(PriorityGroup.objects.filter(is_active=True).values_list("code", "name")),
        sectors=list(Sector.objects.filter(is_active=True).values_list("code", "name")),
        movements=list(Movement.objects.filter(is_active=True).values_list("pk", "name")),
        provinces=list(
            AdminUnit.objects.filter(
                scheme=CURRENT, level=AdminUnit.Level.PROVINCE, valid_to__isnull=True
            )
            .order_by("folded_name")
            .values_list("code", "name")
        ),
        years=sorted(
            {
                y
                for y in live_publications().order_by().values_list("year", flat=True).distinct()
                if y
            },
            reverse=True,
        ),
    )
    if filters.province:
        options.communes = list(
            AdminUnit.objects.filter(
                scheme=CURRENT,
                level=AdminUnit.Level.COMMUNE,
                parent__scheme=CURRENT,
                parent__code=filters.province,
                valid_to__isnull=True,
            )
            .order_by("folded_name")
            .values_list("code", "name")
        )
    return options
