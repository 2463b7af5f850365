"""The story search: ranked, diacritic-blind, typo-tolerant, only live stories.

    result = search_stories("cuu nguoi", filters={"province": 12}, page=1)
    stories = load_stories(result.ids)    # live Publications, in the ranked order

The portal and the public API both search through here (via `stories.public`). The engine
is tantivy (`lantoa.search.engine`) over the story index (`stories.index`), kept in step
through the outbox; `search_stories` applies pending rows first (two indexed queries when
there are none, none while Redis reports no enqueue since the last check: decision 194).

The index may lag (a crash between the commits, a rebuild holding the writer), never the
page: `load_stories` reads the rows through `live_publications()` again and drops any that
is no longer live, so a taken-down story is never shown, whatever the index says.

A missing index (new server, new schema version) is built from the database on first use;
on a large database run `manage.py rebuild_story_index` at deployment instead. Without
SEARCH_INDEX_DIR (the test settings) the index lives in memory and is rebuilt from the
database before every search: always right, fast only on a test's few stories.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import index
from lantoa.exemplars.stories.index import INDEX_NAME, STORY_INDEX
from lantoa.exemplars.stories.live import live_among
from lantoa.search import engine, outbox
from lantoa.search.engine import IndexBusy

logger = logging.getLogger(__name__)

MAX_WORDS = 10
MAX_PER_PAGE = 100
MAX_RESULTS = 1000  # deepest reachable result: page * per_page
# After a failed apply, searches leave the outbox alone this long (the page stays correct).
RETRY_AFTER = 5.0


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]  # publication ids of the page, best first
    total: int  # matching stories in the index
    engine_ms: float  # time spent in the search engine (query building included)


def _catch_up() -> None:
    """Apply pending changes before a search, if that costs nothing to wait for."""
    if outbox.failed_within(INDEX_NAME, RETRY_AFTER):
        return
    try:
        if engine.in_memory() or not STORY_INDEX.is_built():
            index.rebuild_story_index(wait=0)
        elif outbox.pending_unless_quiet(
            INDEX_NAME, into=STORY_INDEX, directory=str(STORY_INDEX.path())
        ):
            index.apply_story_outbox(wait=0)
    except IndexBusy:
        pass  # someone else is applying or rebuilding; search the last commit
    except Exception:
        outbox.note_failure(INDEX_NAME)
        logger.exception("Applying the story index outbox failed before a search.")


def search_stories(
    q: str,
    *,
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResult:
    """The ids of the live stories matching `q`, best first; newest first without words.

    Matching: every word of `q` (diacritics, case and punctuation ignored; no query syntax:
    quotes, AND/OR, colons, `*` are plain text), in the title, the shown name, the summary
    or the shown place; a word the index does not know, of four letters or more, within
    one typo. If nothing matches, the query is tried again with every such word allowing
    one typo. Ranking: BM25 over the whole text, plus query words in the title and query
    words side by side ("hien mau" together above "hien … mau").

    `filters`: kind, province, commune, sector, priority_group, movement (ids), year; each
    a value or a list of values. An unknown filter raises ValueError; an invalid value
    (not a number) finds nothing.
    """
    _catch_up()
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    offset = (page - 1) * per_page
    too_deep = offset + per_page > MAX_RESULTS  # then only count (tantivy needs a limit ≥ 1)
    limit, offset = (1, 0) if too_deep else (per_page, offset)
    started = time.perf_counter()
    searcher, schema = STORY_INDEX.searcher()
    try:
        filter_queries = engine.filter_query(
            schema, filters or {}, index.FILTER_FIELDS, noun="story filter"
        )
    except engine.InvalidFilterValue:
        return SearchResult(ids=[], total=0, engine_ms=_ms(started))

    def run(query: Any, **order: Any) -> Any:
        query = engine.with_filters(query, filter_queries)
        return searcher.search(query, limit, count=True, offset=offset, **order)

    words = engine.query_words(q or "", limit=MAX_WORDS)
    if not words:
        found = run(engine.browse_query(), order_by_field=index.PUBLISHED)
    else:
        query, fuzzy = engine.text_query(searcher, schema, words, index.TEXT_FIELDS)
        found = run(query)
        if found.count == 0 and not fuzzy and engine.may_have_typos(words):
            retry, _fuzzy = engine.text_query(
                searcher, schema, words, index.TEXT_FIELDS, fuzzy_all=True
            )
            found = run(retry)
    addresses = [] if too_deep else [address for _, address in found.hits]
    values = searcher.fast_field_values(index.ID, addresses) if addresses else []
    ids = [int(pk) for pk in values if pk is not None]
    return SearchResult(ids=ids, total=found.count, engine_ms=_ms(started))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def load_stories(ids: Sequence[int], *, fields: tuple[str, ...] = ()) -> list[Publication]:
    """The live publications among `ids`, in that order, in one query (only `fields` of
    them when given).

    A story taken down since the index last heard of it is dropped here: the page never
    shows what the database no longer publishes.
    """
    if not ids:
        return []
    by_id = {p.pk: p for p in live_among(ids, fields=fields)}
    return [by_id[pk] for pk in ids if pk in by_id]
