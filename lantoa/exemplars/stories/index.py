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

Keeping it in step goes through the search app's generic outbox:

- every write that changes what the public may see (publish, unpublish, consent
  withdrawal) calls `announce_story_change(publication.pk)` inside its transaction;
- after the commit, `apply_story_outbox()` re-reads those publications through
  `live_publications()` and puts (live) or deletes (anything else) their documents, commits
  the index, then deletes the outbox rows it applied. A failure leaves the rows, and the
  next call applies them: after the next publish, on the next search, or by
  `manage.py rebuild_story_index`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import tantivy

from lantoa.core.public_content import announce_public_change
from lantoa.core.text import fold
from lantoa.exemplars.stories.live import live_among, live_publications
from lantoa.search import engine, outbox
from lantoa.search.engine import IndexBusy, TextFields

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
    """
    outbox.enqueue(INDEX_NAME, *publication_ids)
    announce_public_change()


# --- keeping the index in step ---------------------------------------------------------------


def _apply_batch(writer: Any, ids: list[int]) -> None:
    live = {row["id"]: row for row in live_among(ids).values(*SOURCE_FIELDS)}
    writer.delete_documents_by_query(engine.keys_query(STORY_INDEX.schema, ID, ids))
    for publication_id in ids:
        if publication_id in live:
            writer.add_document(story_document(live[publication_id]))
    writer.commit()


def apply_story_outbox(*, wait: float = 0.0) -> int:
    """Bring the index in step with the pending outbox rows; returns how many were applied.

    Raises IndexBusy if the index's writer stays taken for `wait` seconds. A missing index
    is built from the database instead (which applies the outbox at its end).
    """
    if not STORY_INDEX.is_built():
        rebuild_story_index(wait=wait)
        return 0
    with STORY_INDEX.writing(heap_size=APPLY_HEAP, wait=wait) as writer:
        return outbox.drain(INDEX_NAME, lambda ids: _apply_batch(writer, ids))


def rebuild_story_index(*, wait: float = REBUILD_WAIT, batch_size: int = REBUILD_BATCH) -> int:
    """Rebuild the index from `live_publications()`; returns the number of stories.

    Searches go on meanwhile on the previous commit; changes made during the rebuild wait in
    the outbox and are applied at the end.
    """
    heap_size = APPLY_HEAP if engine.in_memory() else REBUILD_HEAP
    threads = engine.rebuild_threads()
    with STORY_INDEX.writing(heap_size=heap_size, threads=threads, wait=wait) as writer:
        writer.delete_all_documents()
        count = 0
        rows = live_publications().order_by().values(*SOURCE_FIELDS).iterator(chunk_size=batch_size)
        for row in rows:
            writer.add_document(story_document(row))
            count += 1
        writer.commit()
    STORY_INDEX.mark_built()
    try:
        apply_story_outbox(wait=wait)
    except IndexBusy:
        logger.info("Story index busy after the rebuild; the outbox waits for the next apply.")
    return count


def register() -> None:
    """Tell the search app how the story index applies its outbox (`ExemplarsConfig.ready`)."""
    outbox.register(INDEX_NAME, apply_story_outbox)
