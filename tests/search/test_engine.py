"""The tantivy adapter, on an index of its own: knows nothing of stories, and nothing in
`lantoa.search` reaches up into a domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import tantivy

from lantoa.search import engine
from lantoa.search.engine import IndexBusy, TantivyIndex, TextFields

FIELDS = TextFields(match="all", title="title", pairs="pairs")
FILTERS: dict[str, type] = {"colour": str, "size": int}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("key", stored=True, indexed=True, fast=True)
    builder.add_text_field("all", tokenizer_name="default", index_option="freq")
    builder.add_text_field("title", tokenizer_name="default", index_option="freq")
    builder.add_text_field("pairs", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("colour", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("size", indexed=True, fast=True)
    return builder.build()


@pytest.fixture
def things(settings, tmp_path: Path) -> TantivyIndex:
    settings.SEARCH_INDEX_DIR = tmp_path
    index = TantivyIndex("things", version=3, build_schema=_schema)
    with index.writing(heap_size=15_000_000) as writer:
        for key, title, body, colour, size in [
            (1, "Hiến máu", "hiến máu tình nguyện ở xã", "red", 1),
            (2, "Trả lại ví", "nhặt được ví trả lại người mất, máu", "blue", 2),
        ]:
            doc = tantivy.Document()
            doc.add_unsigned("key", key)
            text = engine.analyze(" ".join(engine.query_words(f"{title} {body}", limit=50)))
            doc.add_text("all", " ".join(text))
            doc.add_text("title", " ".join(engine.query_words(title, limit=50)))
            doc.add_text("pairs", " ".join(engine.word_pairs(text)))
            doc.add_text("colour", colour)
            doc.add_unsigned("size", size)
            writer.add_document(doc)
        writer.commit()
    return index


def _keys(index: TantivyIndex, q: str, **filters: object) -> list[int]:
    searcher, schema = index.searcher()
    words = engine.query_words(q, limit=10)
    query, _fuzzy = engine.text_query(searcher, schema, words, FIELDS)
    query = engine.with_filters(query, engine.filter_query(schema, filters, FILTERS))
    hits = searcher.search(query, 10).hits
    return [int(k) for k in searcher.fast_field_values("key", [a for _, a in hits])]


def test_each_index_has_its_own_versioned_directory(things: TantivyIndex, tmp_path) -> None:
    assert things.path() == tmp_path / "things-v3"
    assert (tmp_path / "things-v3" / "meta.json").exists()
    assert not things.is_built()
    things.mark_built()
    assert TantivyIndex("things", version=3, build_schema=_schema).is_built()
    assert not TantivyIndex("things", version=4, build_schema=_schema).is_built()


def test_state_files_live_in_each_directory(things: TantivyIndex, settings, tmp_path) -> None:
    assert things.read_state("outbox") is None
    things.write_state("outbox", {"last_id": 7})
    assert things.read_state("outbox") == {"last_id": 7}
    assert (tmp_path / "things-v3" / "outbox.json").exists()
    assert [p.name for p in (tmp_path / "things-v3").glob("outbox.json.*")] == []  # no scratch
    settings.SEARCH_INDEX_DIR = tmp_path / "other-server"
    assert things.read_state("outbox") is None  # another directory knows nothing of it
    settings.SEARCH_INDEX_DIR = tmp_path
    (tmp_path / "things-v3" / "outbox.json").write_text('{"last_id": ')  # torn
    assert things.read_state("outbox") is None
    (tmp_path / "things-v3" / "outbox.json").write_text("[1, 2]")  # not a document
    assert things.read_state("outbox") is None


def test_in_memory_state_stays_with_the_handle(settings) -> None:
    settings.SEARCH_INDEX_DIR = None
    index = TantivyIndex("memory-things", version=1, build_schema=_schema)
    assert index.read_state("outbox") is None
    index.write_state("outbox", {"last_id": 3})
    assert index.read_state("outbox") == {"last_id": 3}


def test_words_are_folded_ranked_and_filtered(things: TantivyIndex) -> None:
    assert _keys(things, "HIEN MÁU") == [1]
    assert _keys(things, "mau") == [1, 2]  # in the title first
    assert _keys(things, "mau", colour="blue") == [2]
    assert _keys(things, "mau", size=[1, 2]) == [1, 2]
    assert _keys(things, "hein mau") == [1]  # one typo in a word of four letters or more


def test_bad_filters(things: TantivyIndex) -> None:
    _searcher, schema = things.searcher()
    with pytest.raises(engine.UnknownFilter, match="unknown thing filter 'weight'"):
        engine.filter_query(schema, {"weight": 1}, FILTERS, noun="thing filter")
    with pytest.raises(engine.InvalidFilterValue):
        engine.filter_query(schema, {"size": "abc"}, FILTERS)
    with pytest.raises(engine.InvalidFilterValue):
        engine.filter_query(schema, {"size": -1}, FILTERS)
    assert engine.filter_query(schema, {"size": None, "colour": ""}, FILTERS) == []


def test_one_writer_at_a_time(things: TantivyIndex) -> None:
    with things.writing(heap_size=15_000_000):
        with pytest.raises(IndexBusy), things.writing(heap_size=15_000_000, wait=0.1):
            pass
        assert things.searcher()[0].num_docs == 2  # searching does not wait for the writer
    with things.writing(heap_size=15_000_000):  # released on the way out
        pass


def test_search_imports_no_domain_and_no_surface() -> None:
    root = Path(engine.__file__).parent
    allowed = ("lantoa.core", "lantoa.search")
    offending = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offending += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith("lantoa.") and not name.startswith(allowed)
            ]
    assert offending == []
