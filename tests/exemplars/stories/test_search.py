"""Public story search (tantivy): finds what citizens type, ranks it, and never shows a story
that is no longer published."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lantoa.exemplars import consent, publishing
from lantoa.exemplars.models import Publication, Record, RecordShare
from lantoa.exemplars.stories import index
from lantoa.exemplars.stories.index import STORY_INDEX, apply_story_outbox
from lantoa.exemplars.stories.search import load_stories, search_stories
from lantoa.search import outbox
from lantoa.search.engine import IndexBusy
from lantoa.search.models import IndexOutbox
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World

TODAY = datetime.date(2026, 1, 10)
DROWNING = "Cứu người đuối nước ở hồ Sông Quao"
_seconds = itertools.count()


def make_story(world: World, title: str, **kwargs: Any) -> Publication:
    """A live publication written straight to the table (not enqueued: see `indexed`)."""
    commune = kwargs.pop("commune", world.unit_a)
    org = world.youth_a if commune == world.unit_a else world.youth_b
    record = Record.objects.create(
        kind=kwargs.get("kind", "good_deed"),
        title=title,
        summary="",
        org=org,
        org_path=org.path,
        org_name=org.name,
        handling_org=org.parent,
        reporter=world.user("xa.doan"),
        state="verified",
        state_since=timezone.now(),
    )
    share = RecordShare.objects.create(
        record=record,
        audience="public",
        purposes=["publish_story"],
        shared_by=world.user("xa.mttq"),
    )
    fields: dict[str, Any] = {
        "record": record,
        "share": share,
        "title": title,
        "summary": "Một việc tốt ở địa phương.",
        "name_display": "hidden",
        "place_display": "commune",
        "display_place": f"{commune.name}, Lâm Đồng",
        "kind": "good_deed",
        "province": world.province_unit,
        "commune": commune,
        "year": 2025,
        "published_by": world.user("xa.mttq"),
        # Distinct, increasing times: "newest first" is then the creation order reversed.
        "published_at": timezone.now() + datetime.timedelta(seconds=next(_seconds)),
    }
    fields.update(kwargs)
    return Publication.objects.create(**fields)


def enqueue(*publication_ids: int) -> None:
    outbox.enqueue(index.INDEX_NAME, *publication_ids)


def indexed(*stories: Publication) -> None:
    enqueue(*(story.pk for story in stories))
    apply_story_outbox()


def in_step() -> bool:
    """Nothing in the outbox waits for this directory (rows are kept: the outbox is a log)."""
    return not outbox.pending(index.INDEX_NAME, into=STORY_INDEX)


def ids(q: str, **kwargs: Any) -> list[int]:
    return search_stories(q, **kwargs).ids


@pytest.fixture
def stories(world: World) -> dict[str, Publication]:
    made = {
        "an": make_story(
            world,
            "Anh thanh niên lao xuống hồ cứu hai em nhỏ",
            display_name="Nguyễn Văn Ân",
            name_display="full",
            summary="Nguyễn Văn Ân cứu hai học sinh bị đuối nước.",
        ),
        "anh": make_story(
            world,
            "Nhặt được ví, trả lại người mất",
            display_name="Nguyễn Văn Anh",
            name_display="full",
            summary="Anh Nguyễn Văn Anh trả lại ví cho người đánh rơi.",
        ),
        "drowning": make_story(world, DROWNING, summary="Hai em nhỏ được đưa lên bờ an toàn."),
        "blood": make_story(
            world,
            "Hiến máu tình nguyện 30 lần",
            summary="Chị Lan đã hiến máu cứu người suốt mười năm.",
            kind="exemplar",
            commune=world.unit_b,
            year=2024,
        ),
        "blood_mention": make_story(
            world,
            "Người phụ nữ tần tảo nuôi con",
            summary="Ngoài việc nuôi con, chị còn tham gia hiến máu tình nguyện.",
        ),
        "road": make_story(world, "Hiến đất làm đường giao thông nông thôn"),
    }
    return made


def test_a_name_typed_without_diacritics_finds_the_name(stories: dict[str, Publication]) -> None:
    found = ids("nguyen van an")
    assert found[0] == stories["an"].pk
    assert ids("Nguyễn Văn Ân")[0] == stories["an"].pk
    assert ids("NGUYEN VAN ANH")[0] == stories["anh"].pk


def test_a_topic_typed_without_diacritics_finds_the_title(stories: dict[str, Publication]) -> None:
    assert ids("cuu nguoi duoi nuoc") == [stories["drowning"].pk]
    assert ids("Cứu người đuối nước") == [stories["drowning"].pk]
    assert ids("doi nuoc") == []  # every word must match; "đuối" is "duoi", not "doi"


def test_one_typo_is_tolerated(stories: dict[str, Publication]) -> None:
    assert ids("nguyn van an")[0] == stories["an"].pk  # a letter missing
    assert stories["blood"].pk in ids("hein mau")  # two letters swapped
    assert ids("cuu nguoi duoi nuco") == [stories["drowning"].pk]
    assert ids("xyzw mau") == []  # more than one typo away from anything


def test_a_word_in_the_title_ranks_above_a_word_in_the_summary(
    stories: dict[str, Publication],
) -> None:
    found = ids("hien mau")
    assert found.index(stories["blood"].pk) < found.index(stories["blood_mention"].pk)
    assert stories["road"].pk not in found  # "hiến" alone is not enough


def test_filters_narrow_the_results(world: World, stories: dict[str, Publication]) -> None:
    blood, mention = stories["blood"].pk, stories["blood_mention"].pk
    assert ids("hien mau", filters={"kind": "exemplar"}) == [blood]
    assert ids("hien mau", filters={"commune": world.unit_a.pk}) == [mention]
    assert ids("hien mau", filters={"province": world.province_unit.pk}) == [blood, mention]
    assert ids("hien mau", filters={"year": 2024}) == [blood]
    assert ids("hien mau", filters={"year": [2024, 2025]}) == [blood, mention]
    assert ids("hien mau", filters={"year": None, "kind": ""}) == [blood, mention]
    assert ids("", filters={"commune": world.unit_b.pk}) == [blood]
    # A value typed into a URL that cannot match finds nothing; an unknown filter is a bug.
    assert search_stories("hien mau", filters={"province": "abc"}).total == 0
    assert search_stories("hien mau", filters={"year": -1}).total == 0
    with pytest.raises(ValueError, match="unknown story filter"):
        search_stories("hien mau", filters={"reporter": 1})


def test_no_words_lists_the_newest_first_by_page(stories: dict[str, Publication]) -> None:
    newest_first = [p.pk for p in sorted(stories.values(), key=lambda p: p.published_at)][::-1]
    result = search_stories("", per_page=4)
    assert result.ids == newest_first[:4]
    assert result.total == len(stories)
    assert result.engine_ms >= 0
    assert ids("", page=2, per_page=4) == newest_first[4:]
    assert ids("  ?! ", page=3, per_page=4) == []


def test_load_stories_keeps_the_order_and_drops_what_is_not_live(
    stories: dict[str, Publication],
) -> None:
    order = [stories["road"].pk, stories["an"].pk, stories["blood"].pk]
    Publication.objects.filter(pk=stories["an"].pk).update(unpublished_at=timezone.now())
    assert [p.pk for p in load_stories(order)] == [stories["road"].pk, stories["blood"].pk]
    assert load_stories([]) == []


@pytest.mark.parametrize(
    "query",
    [
        '"cuu nguoi',
        "cuu AND nguoi OR mau",
        "title:cuu",
        "id:1",
        "mau*",
        "(hien mau",
        "hien) mau]",
        "+cuu -nguoi",
        "cuu~2",
        "^3 hien",
        "nguoi\\",
        "{ [ < >",
        "'",
        "%_%",
        "cuu " * 50,
        "a" * 300,
        "\x00 \u200b",
        "𝔥𝔦𝔢𝔫 🩸",
    ],
)
def test_query_syntax_is_plain_text(stories: dict[str, Publication], query: str) -> None:
    result = search_stories(query)
    assert isinstance(result.total, int)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300), page=st.integers(-5, 200), per_page=st.integers(-5, 500))
def test_any_input_is_answered(
    stories: dict[str, Publication], query: str, page: int, per_page: int
) -> None:
    result = search_stories(query, page=page, per_page=per_page)
    assert set(result.ids) <= {p.pk for p in stories.values()}
    assert len(result.ids) <= max(1, min(per_page, 100))


def test_quotes_and_operators_are_ignored_not_interpreted(stories: dict[str, Publication]) -> None:
    assert ids('"cuu nguoi duoi nuoc"') == [stories["drowning"].pk]
    assert ids("(cuu) nguoi: duoi* nuoc!") == [stories["drowning"].pk]


def test_a_missing_index_is_built_from_the_database(world: World) -> None:
    story = make_story(world, DROWNING)  # never enqueued
    assert not STORY_INDEX.path().exists()
    assert ids("cuu nguoi") == [story.pk]
    assert STORY_INDEX.is_built()


def test_changes_are_applied_through_the_outbox(world: World) -> None:
    first = make_story(world, DROWNING)
    assert ids("cuu nguoi") == [first.pk]  # builds the index
    second = make_story(world, "Cứu người trong lũ")
    assert ids("cuu nguoi") == [first.pk]  # not enqueued: the index does not know it
    enqueue(second.pk, first.pk)
    assert IndexOutbox.objects.count() == 2
    # The next search applies the outbox first.
    assert sorted(ids("cuu nguoi")) == sorted([first.pk, second.pk])
    assert in_step()
    Publication.objects.filter(pk=first.pk).update(unpublished_at=timezone.now())
    indexed(first)
    assert search_stories("cuu nguoi").ids == [second.pk]
    assert search_stories("cuu nguoi").total == 1
    indexed(first)  # applying again changes nothing
    assert ids("cuu nguoi") == [second.pk]
    enqueue(987654)  # a publication that does not exist: its document is just absent
    assert apply_story_outbox() == 1


def test_a_busy_index_keeps_the_outbox_and_searches_go_on(world: World) -> None:
    story = make_story(world, DROWNING)
    assert ids("cuu nguoi") == [story.pk]
    Publication.objects.filter(pk=story.pk).update(unpublished_at=timezone.now())
    enqueue(story.pk)
    with STORY_INDEX.writing(heap_size=15_000_000):
        with pytest.raises(IndexBusy):
            apply_story_outbox(wait=0.1)
        result = search_stories("cuu nguoi")  # does not wait for the writer
        assert result.ids == [story.pk]  # stale index …
        assert load_stories(result.ids) == []  # … but the page never shows the story
    assert IndexOutbox.objects.count() == 1
    assert search_stories("cuu nguoi").ids == []


def test_rebuild_command(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    gone = make_story(world, "Hiến máu cứu người")
    assert ids("hien mau") == [gone.pk]
    Publication.objects.filter(pk=gone.pk).update(unpublished_at=timezone.now())
    kept = [make_story(world, f"Hiến máu lần thứ {n}") for n in range(5)]
    call_command("rebuild_story_index")
    assert "5" in capsys.readouterr().out
    assert sorted(ids("hien mau")) == sorted(p.pk for p in kept)


# --- through the real services, with real commits -------------------------------------------


def _published(world: World, *, name_display: str = "full") -> Record:
    record = report(world, place="Hồ Sông Quao", admin_unit=world.unit_a)
    step(world, record, "xa.mttq", "verify")
    record.refresh_from_db()
    for purpose in ("publish_story", "show_full_name"):
        consent.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=record.subject,
            purpose=purpose,
            given_by="subject",
            given_on=TODAY,
        )
    publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display=name_display,
        show_photos=False,
        place_display="commune",
    )
    return record


@pytest.mark.django_db(transaction=True)
def test_published_is_found_and_unpublished_is_gone_right_after_commit(world: World) -> None:
    assert ids("cuu nguoi") == []  # the index exists before the publication
    record = _published(world)
    pub = Publication.objects.get(record=record)
    assert in_step()  # applied on commit
    assert ids("nguyen van an") == [pub.pk]
    assert ids("cuu nguoi duoi nuoc") == [pub.pk]
    assert ids("ham thuan") == [pub.pk]  # the shown place
    publishing.unpublish_record(actor=world.user("xa.mttq"), record=record, reason="Sai sót")
    assert in_step()
    searcher, _schema = STORY_INDEX.searcher()
    assert searcher.num_docs == 0
    assert search_stories("nguyen van an").total == 0


@pytest.mark.django_db(transaction=True)
def test_consent_withdrawal_removes_the_story_from_search(world: World) -> None:
    record = _published(world)
    assert search_stories("cuu nguoi").total == 1
    story_consent = record.subject.consents.get(purpose="publish_story")
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=story_consent)
    assert in_step()
    assert search_stories("cuu nguoi").total == 0
    assert search_stories("").total == 0


@pytest.mark.django_db(transaction=True)
def test_a_hidden_name_is_not_searchable(world: World) -> None:
    record = _published(world, name_display="hidden")
    pub = Publication.objects.get(record=record)
    assert ids("cuu nguoi duoi nuoc") == [pub.pk]
    assert ids("nguyen van an") == []
    assert ids("nguyen") == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_apply_keeps_the_outbox(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ids("cuu nguoi") == []

    def broken(row: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(index, "story_document", broken)
    record = _published(world)  # the publication commits; the index does not follow
    assert IndexOutbox.objects.count() == 1
    monkeypatch.undo()
    monkeypatch.setattr(outbox, "_last_failure", {})
    pub = Publication.objects.get(record=record)
    assert ids("cuu nguoi") == [pub.pk]  # caught up before searching
    assert in_step()


def test_without_an_index_dir_the_index_follows_the_database(world: World, settings: Any) -> None:
    settings.SEARCH_INDEX_DIR = None  # the test settings: in memory, rebuilt for each search
    story = make_story(world, DROWNING)
    assert ids("cuu nguoi") == [story.pk]
    Publication.objects.filter(pk=story.pk).update(unpublished_at=timezone.now())
    assert search_stories("cuu nguoi").total == 0  # never enqueued, still gone


def test_pages_stop_at_the_result_limit(stories: dict[str, Publication]) -> None:
    deep = search_stories("", page=60, per_page=20)
    assert deep.ids == []
    assert deep.total == len(stories)
    assert len(ids("", per_page=500)) == len(stories)  # capped at 100, here 6
