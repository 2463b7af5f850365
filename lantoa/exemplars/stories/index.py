"""The public story index: what a story's search document holds, and keeping it in step.

The index (a `lantoa.search.engine.TantivyIndex` named "stories") holds only what the public
may see, for live publications: the folded title, shown name, summary and shown place, and
their facets. It stores nothing but the publication id and can be thrown away and rebuilt
at any time (`manage.py rebuild_story_index`).

Fields, chosen for speed on very frequent syllables (a two-syllable topic can match half of
all stories, and every match is scored):

- `all`: the folded title, summary, shown name and shown place (`Publication.search_text`,
  folded at save). Every query word must be there: one term per word, intersected.
- `title`: the folded title. A query word in it adds to the score (title over summary).
- `pairs`: each two adjacent words as one token ("hien_mau"). Vietnamese words are
  usually two syllables, so the query's adjacent pairs score extra: a phrase boost at the
  price of a term lookup, where a phrase query would read positions for every match.

Keeping it in step goes through the search app's generic outbox, a log that each server's
index directory reads through its own watermark (`lantoa.search.outbox`):

- every write that changes what the public may see (publish, unpublish, consent
  withdrawal) calls `announce_story_change(publication.pk)` inside its transaction;
- after the commit, `apply_story_outbox()` re-reads the publications past this directory's
  watermark through `live_publications()`, puts (live) or deletes (anything else) their
  documents, commits the index, then advances the watermark. The web process does that
  at once, and the task worker does it into its own directory (`apply_index_outbox`). A
  failure leaves the watermark, and the next call applies the rows: after the next publish,
  on the next search, or by `manage.py rebuild_story_index`;
- a directory the log cannot bring in step (new, another database's, or behind what the
  nightly pruning deleted) is rebuilt from the database instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

import tantivy
from django.db import transaction

from lantoa.core.public_content import announce_public_change
from lantoa.core.text import fold
from lantoa.exemplars.stories.live import live_among, live_publications
from lantoa.search import engine, outbox
from lantoa.search.engine import IndexBusy, TextFields
from lantoa.search.tasks import apply_index_outbox

logger = logging.getLogger(__name__)

INDEX_NAME = "stories"
# Bump when the schema or the analysis changes: the new version builds in its own directory.
SCHEMA_VERSION = 1

ID = "id"
ALL, TITLE, PAIRS = "all", "title", "pairs"
PUBLISHED = "published"  # microseconds since the epoch, for "newest first"
TEXT_FIELDS = TextFields(match=ALL, title=TITLE, pairs=PAIRS, title_boost=2.0, pair_boost=2.0)
# Filters: name → type of the value; the integers are ids (or the year).
FILTER_FIELDS: dict[str, type] = {
    "kind": str,
    "province": int,
    "commune": int,
    "sector": int,
    "priority_group": int,
    "movement": int,
    "year": int,
}
# The columns of Publication that make a document (all of them public).
SOURCE_FIELDS = (
    "id",
    "title",
    "search_text",
    "summary",
    "display_name",
    "display_place",
    "kind",
    "province_id",
    "commune_id",
    "sector_id",
    "priority_group_id",
    "movement_id",
    "year",
    "featured",
    "published_at",
)

APPLY_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
REBUILD_BATCH = 2000
REBUILD_WAIT = 60.0


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID, stored=True, indexed=True, fast=True)
    builder.add_text_field(ALL, tokenizer_name="default", index_option="freq")
    builder.add_text_field(TITLE, tokenizer_name="default", index_option="freq")
    builder.add_text_field(PAIRS, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("kind", tokenizer_name="raw", fast=True)
    for name, kind in FILTER_FIELDS.items():
        if kind is int:
            builder.add_unsigned_field(name, indexed=True, fast=True)
    builder.add_boolean_field("featured", indexed=True, fast=True)
    builder.add_integer_field(PUBLISHED, indexed=True, fast=True)
    return builder.build()


STORY_INDEX = engine.TantivyIndex(INDEX_NAME, version=SCHEMA_VERSION, build_schema=build_schema)


def story_document(row: Mapping[str, Any]) -> tantivy.Document:
    """The search document of one live publication (a `values(*SOURCE_FIELDS)` row)."""
    text = row["search_text"] or fold(
        " ".join([row["title"], row["summary"], row["display_name"], row["display_place"]])
    )
    doc = tantivy.Document()
    doc.add_unsigned(ID, row["id"])
    doc.add_text(ALL, text)
    doc.add_text(TITLE, fold(row["title"]))
    doc.add_text(PAIRS, " ".join(engine.word_pairs(engine.analyze(text))))
    if row["kind"]:
        doc.add_text("kind", row["kind"])
    for name, kind in FILTER_FIELDS.items():
        if kind is int:
            value = row["year"] if name == "year" else row[f"{name}_id"]
            if value is not None:
                doc.add_unsigned(name, value)
    doc.add_boolean("featured", bool(row["featured"]))
    doc.add_integer(PUBLISHED, engine.micros(row["published_at"]))
    return doc


# --- announcing a change ---------------------------------------------------------------------


def announce_story_change(*publication_ids: int) -> None:
    """Publications were published, changed or taken down, in the caller's transaction.

    Their search documents are re-read after the commit (outbox rows written now), and no
    cached public page is trusted without a check (`announce_public_change`). The takedown
    itself is the caller's write: it holds as soon as the transaction commits, whatever
    the index or the caches do.

    The web process applies the change into its own index after the commit; the task
    worker applies it into the worker's (a directory of its own, with its own watermark).
    """
    outbox.enqueue(INDEX_NAME, *publication_ids)
    announce_public_change()
    # robust: a queue that cannot take the task must not fail the caller's committed write.
    transaction.on_commit(partial(apply_index_outbox.enqueue, INDEX_NAME), robust=True)


# --- keeping the index in step ---------------------------------------------------------------


def _apply_batch(writer: Any, ids: list[int]) -> None:
    live = {row["id"]: row for row in live_among(ids).values(*SOURCE_FIELDS)}
    writer.delete_documents_by_query(engine.keys_query(STORY_INDEX.schema, ID, ids))
    for publication_id in ids:
        if publication_id in live:
            writer.add_document(story_document(live[publication_id]))
    writer.commit()


def apply_story_outbox(*, wait: float = 0.0) -> int:
    """Bring this directory's index in step with the outbox; returns how many rows it applied.

    Raises IndexBusy if the index's writer stays taken for `wait` seconds. An index the
    outbox cannot bring in step (missing, another database's, behind the pruning) is built
    from the database instead (which applies the outbox at its end).
    """
    if not STORY_INDEX.is_built():
        rebuild_story_index(wait=wait)
        return 0
    try:
        return _drain(wait=wait)
    except outbox.IndexBehind:
        logger.warning("The story index at %s is behind its outbox; rebuilding.", STORY_INDEX)
        rebuild_story_index(wait=wait)
        return 0


def _drain(*, wait: float) -> int:
    with STORY_INDEX.writing(heap_size=APPLY_HEAP, wait=wait) as writer:
        return outbox.drain(INDEX_NAME, partial(_apply_batch, writer), into=STORY_INDEX)


def rebuild_story_index(*, wait: float = REBUILD_WAIT, batch_size: int = REBUILD_BATCH) -> int:
    """Rebuild the index from `live_publications()`; returns the number of stories.

    Searches go on meanwhile on the previous commit. The directory's watermark becomes the
    outbox's highest id at the start (what the rebuild reads covers it); changes made during
    the rebuild wait in the outbox and are applied at the end.
    """
    heap_size = APPLY_HEAP if engine.in_memory() else REBUILD_HEAP
    threads = engine.rebuild_threads()
    with STORY_INDEX.writing(heap_size=heap_size, threads=threads, wait=wait) as writer:
        mark = outbox.start_rebuild(INDEX_NAME)
        writer.delete_all_documents()
        count = 0
        rows = live_publications().order_by().values(*SOURCE_FIELDS).iterator(chunk_size=batch_size)
        for row in rows:
            writer.add_document(story_document(row))
            count += 1
        writer.commit()
    outbox.finish_rebuild(mark, into=STORY_INDEX)
    STORY_INDEX.mark_built()
    try:
        _drain(wait=wait)
    except IndexBusy:
        logger.info("Story index busy after the rebuild; the outbox waits for the next apply.")
    except outbox.IndexBehind:
        # Pruned while rebuilding (only rows older than the retention): the next apply rebuilds.
        logger.warning("The story index fell behind its outbox during the rebuild.")
    return count


def register() -> None:
    """Tell the search app how the story index applies its outbox (`ExemplarsConfig.ready`)."""
    outbox.register(INDEX_NAME, apply_story_outbox)
