"""Public story search: ranked, diacritic-blind, typo-tolerant, only live stories.

    result = search_stories("cuu nguoi", filters={"province": 12}, page=1)
    stories = load_stories(result.ids)    # live Publications, in the ranked order

The engine is tantivy (`lantoa.search.public_index`), an index on local disk derived from
`live_publications()`. It is kept in step through an outbox table, `StoryIndexOutbox`:

- every service that changes what the public may see (publish, unpublish, consent
  withdrawal) calls `enqueue(publication.pk)` inside its transaction;
- after the commit, `apply_outbox()` re-reads those publications through
  `live_publications()` and puts (live) or deletes (anything else) their documents, commits
  the index, then deletes the outbox rows it applied. A failure leaves the rows, and the
  next call applies them: after the next publish, on the next search, or by
  `manage.py rebuild_story_index`;
- `search_stories` applies pending rows first (one indexed query when there are none).

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
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from lantoa.search import public_index
from lantoa.search.models import StoryIndexOutbox
from lantoa.search.public_index import IndexBusy

if TYPE_CHECKING:
    from lantoa.exemplars.models import Publication

logger = logging.getLogger(__name__)

APPLY_BATCH = 500
APPLY_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
REBUILD_BATCH = 2000
# How long a caller waits for another writer: the commit hook a little, a search not at all.
ON_COMMIT_WAIT = 1.0
REBUILD_WAIT = 60.0
# After a failed apply, searches leave the outbox alone this long (the page stays correct).
RETRY_AFTER = 5.0
MAX_PER_PAGE = 100
MAX_RESULTS = 1000  # deepest reachable result: page * per_page

_last_failure = 0.0  # this process only


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]  # publication ids of the page, best first
    total: int  # matching stories in the index
    engine_ms: float  # time spent in the search engine (query building included)


def _live_publications() -> Any:
    # Imported here: lantoa.exemplars.publishing imports this module.
    from lantoa.exemplars.publishing import live_publications

    return live_publications()


def _live_among(ids: Sequence[int]) -> Any:
    """The publications among `ids` that `live_publications()` holds, looked up by key.

    Not simply `live_publications().filter(pk__in=ids)`: without statistics, SQLite reads
    that through the (unpublished_at, published_at) index, every live row (40 ms at 100k).
    """
    from lantoa.exemplars.models import Publication

    live = _live_publications().filter(pk=OuterRef("pk"))
    return Publication.objects.filter(pk__in=list(ids)).filter(Exists(live)).order_by()


# --- keeping the index in step -------------------------------------------------------------


def enqueue(*publication_ids: int) -> None:
    """Mark publications for re-indexing, in the caller's transaction; applied after commit."""
    ids = list(dict.fromkeys(int(pk) for pk in publication_ids if pk is not None))
    if not ids:
        return
    StoryIndexOutbox.objects.bulk_create([StoryIndexOutbox(publication_id=pk) for pk in ids])
    transaction.on_commit(_apply_after_commit)


def _apply_after_commit() -> None:
    global _last_failure
    try:
        apply_outbox(wait=ON_COMMIT_WAIT)
    except IndexBusy:
        logger.info("Story index busy; the outbox keeps its rows for the next apply.")
    except Exception:
        _last_failure = time.monotonic()
        logger.exception("Applying the story index outbox failed; its rows are kept.")


def outbox_pending() -> bool:
    """One indexed query: is anything waiting to be applied?"""
    return StoryIndexOutbox.objects.order_by("pk").values_list("pk", flat=True).first() is not None


def apply_outbox(*, wait: float = 0.0) -> int:
    """Bring the index in step with the pending outbox rows; returns how many were applied.

    Safe to call from several threads, processes or (on PostgreSQL) servers sharing one
    index: the index writer is exclusive, rows are claimed with SKIP LOCKED (SQLite's
    IMMEDIATE transactions serialise anyway). Raises IndexBusy if the writer stays taken
    for `wait` seconds.
    """
    if not public_index.is_built():
        rebuild_story_index(wait=wait)  # applies the outbox at its end
        return 0
    applied = 0
    with public_index.writing(heap_size=APPLY_HEAP, wait=wait) as writer:
        while True:
            with transaction.atomic():
                rows = list(
                    StoryIndexOutbox.objects.select_for_update(skip_locked=True)
                    .order_by("pk")
                    .values_list("pk", "publication_id")[:APPLY_BATCH]
                )
                if not rows:
                    break
                ids = sorted({publication_id for _, publication_id in rows})
                live = {
                    row["id"]: row for row in _live_among(ids).values(*public_index.SOURCE_FIELDS)
                }
                # By query: delete_documents_by_term would look up an i64 term, not our u64.
                writer.delete_documents_by_query(public_index.ids_query(ids))
                for publication_id in ids:
                    if publication_id in live:
                        writer.add_document(public_index.story_document(live[publication_id]))
                writer.commit()
                StoryIndexOutbox.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
            applied += len(rows)
            if len(rows) < APPLY_BATCH:
                break
    return applied


def rebuild_story_index(*, wait: float = REBUILD_WAIT, batch_size: int = REBUILD_BATCH) -> int:
    """Rebuild the index from `live_publications()`; returns the number of stories.

    Searches go on meanwhile on the previous commit; changes made during the rebuild wait in
    the outbox and are applied at the end.
    """
    heap_size = APPLY_HEAP if public_index.in_memory() else REBUILD_HEAP
    threads = public_index.rebuild_threads()
    with public_index.writing(heap_size=heap_size, threads=threads, wait=wait) as writer:
        writer.delete_all_documents()
        count = 0
        rows = (
            _live_publications()
            .order_by()
            .values(*public_index.SOURCE_FIELDS)
            .iterator(chunk_size=batch_size)
        )
        for row in rows:
            writer.add_document(public_index.story_document(row))
            count += 1
        writer.commit()
    public_index.mark_built()
    try:
        apply_outbox(wait=wait)
    except IndexBusy:
        logger.info("Story index busy after the rebuild; the outbox waits for the next apply.")
    return count


# --- searching -----------------------------------------------------------------------------


def _catch_up() -> None:
    """Apply pending changes before a search, if that costs nothing to wait for."""
    global _last_failure
    if time.monotonic() - _last_failure < RETRY_AFTER:
        return
    try:
        if public_index.in_memory() or not public_index.is_built():
            rebuild_story_index(wait=0)
        elif outbox_pending():
            apply_outbox(wait=0)
    except IndexBusy:
        pass  # someone else is applying or rebuilding; search the last commit
    except Exception:
        _last_failure = time.monotonic()
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
    searcher, schema = public_index.searcher()
    try:
        filter_queries = public_index.filter_query(schema, filters or {})
    except public_index.InvalidFilterValue:
        return SearchResult(ids=[], total=0, engine_ms=_ms(started))

    def run(query: Any, **order: Any) -> Any:
        query = public_index.with_filters(query, filter_queries)
        return searcher.search(query, limit, count=True, offset=offset, **order)

    words = public_index.query_words(q or "")
    if not words:
        found = run(public_index.browse_query(), order_by_field=public_index.PUBLISHED)
    else:
        query, fuzzy = public_index.text_query(searcher, schema, words)
        found = run(query)
        if found.count == 0 and not fuzzy and public_index.may_have_typos(words):
            found = run(public_index.text_query(searcher, schema, words, fuzzy_all=True)[0])
    addresses = [] if too_deep else [address for _, address in found.hits]
    values = searcher.fast_field_values(public_index.ID, addresses) if addresses else []
    ids = [int(pk) for pk in values if pk is not None]
    return SearchResult(ids=ids, total=found.count, engine_ms=_ms(started))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def load_stories(ids: Sequence[int]) -> list[Publication]:
    """The live publications among `ids`, in that order, in one query.

    A story taken down since the index last heard of it is dropped here: the page never
    shows what the database no longer publishes.
    """
    if not ids:
        return []
    by_id = {p.pk: p for p in _live_among(ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
