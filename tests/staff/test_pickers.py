"""Organisation pickers: the JSON each combobox asks, and the forms that resolve what was
typed (without JavaScript) within the same scope."""

from __future__ import annotations

from django.urls import reverse

from lantoa.exemplars.models import NurturePlan, Record, RecordState
from lantoa.orgs.models import Organisation, OrgKind, OrgLevel
from tests.exemplars.helpers import report, step
from tests.personas import World, make_org
from tests.staff.helpers import count_queries, page_text


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


def _verified_practice(world: World) -> Record:
    record = report(world, kind="good_practice", title="Mô hình tổ tự quản")
    step(world, record, "xa.mttq", "verify")
    return record


def _many_orgs(world: World, n: int) -> list[Organisation]:
    return [
        make_org(
            f"Chi hội Nông dân ấp {i}",
            OrgKind.FARMERS_ASSOCIATION,
            OrgLevel.COMMUNE,
            world.front_a,
            world.unit_a,
        )
        for i in range(n)
    ]


def _village(world: World) -> Organisation:
    return make_org("Chi đoàn thôn 1", OrgKind.YOUTH_UNION, OrgLevel.VILLAGE, world.youth_a, None)


NURTURE = {
    "action": "start_nurturing",
    "plan-goal": "Nhân rộng ra 5 thôn",
    "plan-m1_title": "Họp dân",
    "plan-m1_date": "2099-01-10",
}


# --- The JSON endpoints --------------------------------------------------------------------


def test_the_record_filter_picker_finds_folded_names_in_the_actors_tree(
    login, world: World
) -> None:
    url = reverse("staff:pick_record_org")
    names = _names(login("tinh.mttq").get(url, {"q": "xa ham thuan"}))
    assert names == [
        "Ủy ban MTTQ Việt Nam xã Hàm Thuận",
        "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận",
    ]
    body = login("tinh.mttq").get(url, {"q": "ĐOÀN  tncs hồ chí minh xã hàm thuận"}).json()
    assert [r["name"] for r in body["results"]] == ["Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"]
    assert body["results"][0]["context"] == "Ủy ban MTTQ Việt Nam xã Hàm Thuận"
    assert body["results"][0]["id"] == world.youth_a.pk
    assert body["message"] == "Tìm thấy 1 tổ chức. Dùng phím mũi tên lên, xuống để chọn."


def test_a_picker_never_lists_another_trees_organisations(login, world: World) -> None:
    client = login("xa.mttq")
    for name in ("pick_record_org", "pick_mentor"):
        url = reverse(f"staff:{name}")
        assert _names(client.get(url, {"q": "phan thiet"})) == []
        assert _names(client.get(url, {"q": "tinh lam dong"})) == []
        assert client.get(url, {"q": "phan thiet"}).json()["message"] == (
            "Không tìm thấy tổ chức nào."
        )
        assert "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận" in _names(client.get(url, {"q": "doan"}))


def test_a_picker_answers_twenty_at_most(login, world: World) -> None:
    _many_orgs(world, 25)
    names = _names(login("xa.mttq").get(reverse("staff:pick_record_org"), {"q": "ap"}))
    assert len(names) == 20
    assert all(name.startswith("Chi hội Nông dân ấp") for name in names)


def test_an_empty_query_lists_nothing(login, world: World) -> None:
    body = login("xa.mttq").get(reverse("staff:pick_record_org"), {"q": "  "}).json()
    assert body == {"results": [], "message": ""}


def test_pickers_answer_404_to_those_without_the_forms_right(login, world: World) -> None:
    # The newspaper editor sees no records; a reporter starts no nurturing.
    assert login("bao.bientap").get(reverse("staff:pick_record_org"), {"q": "a"}).status_code == 404
    assert login("xa.doan").get(reverse("staff:pick_mentor"), {"q": "a"}).status_code == 404
    assert login("xa.quantri").get(reverse("staff:pick_mentor"), {"q": "a"}).status_code == 404
    # Commune B's reporter manages no organisation, least of all commune A's.
    other = login("xab.doan")
    assert other.get(reverse("staff:pick_parent", args=[world.youth_a.pk])).status_code == 404


def test_a_verifier_without_a_leader_role_may_search_mentors(client, world: World) -> None:
    """Verifiers start nurturing too (the workflow table): the picker follows the table."""
    from tests.personas import make_user

    client.force_login(make_user("xa.xacminh", (world.front_a, "verifier")))
    assert "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận" in _names(
        client.get(reverse("staff:pick_mentor"), {"q": "ham thuan"})
    )


def test_the_move_picker_offers_managed_units_outside_the_moved_subtree(
    login, world: World
) -> None:
    village = _village(world)
    client = login("xa.quantri")
    names = _names(client.get(reverse("staff:pick_parent", args=[village.pk]), {"q": "xa"}))
    # Its current parent and itself are no choice; commune B is not this admin's.
    assert names == ["Ủy ban MTTQ Việt Nam xã Hàm Thuận"]


# --- Forms without JavaScript --------------------------------------------------------------


def test_the_record_list_draws_no_organisation_options(login, world: World) -> None:
    _many_orgs(world, 30)
    text = page_text(login("tinh.mttq").get(reverse("staff:record_list")))
    assert "Chi hội Nông dân ấp" not in text
    assert f'data-picker="{reverse("staff:pick_record_org")}"' in text


def test_the_list_filter_resolves_a_typed_name(login, world: World) -> None:
    ours = report(world)
    theirs = report(world, "xab.doan", title="Dạy bơi miễn phí cho trẻ em")
    client = login("tinh.mttq")
    url = reverse("staff:record_list")
    response = client.get(url, {"org": "doan tncs ho chi minh xa ham thuan"})
    assert not response.context["form"].errors
    text = page_text(response)
    assert ours.title in text and theirs.title not in text
    assert 'value="doan tncs ho chi minh xa ham thuan"' in text  # what was typed stays


def test_an_ambiguous_name_lists_the_matches_to_choose_from(login, world: World) -> None:
    ours = report(world)
    theirs = report(world, "xab.doan", title="Dạy bơi miễn phí cho trẻ em")
    client = login("tinh.mttq")
    url = reverse("staff:record_list")
    response = client.get(url, {"org": "doan tncs"})
    assert "Có nhiều tổ chức khớp với “doan tncs”" in page_text(response)
    text = page_text(response)
    assert f'type="radio" name="org_pick" value="{world.youth_a.pk}"' in text
    assert f'type="radio" name="org_pick" value="{world.youth_b.pk}"' in text
    assert ours.title in text and theirs.title in text  # the bad filter is ignored
    # The officer ticks one and filters again, the typed words unchanged.
    chosen = client.get(url, {"org": "doan tncs", "org_pick": world.youth_b.pk})
    assert not chosen.context["form"].errors
    assert theirs.title in page_text(chosen) and ours.title not in page_text(chosen)


def test_an_unknown_or_foreign_name_is_refused_and_kept(login, world: World) -> None:
    client = login("xa.mttq")
    url = reverse("staff:inbox")
    response = client.get(url, {"org": "Phường Phan Thiết"})
    assert "Không có tổ chức nào mà bạn được chọn có tên “Phường Phan Thiết”." in page_text(
        response
    )
    assert 'value="Phường Phan Thiết"' in page_text(response)
    # A crafted pick of commune B's unit, with its exact name: the same refusal.
    crafted = client.get(url, {"org": world.youth_b.name, "org_pick": world.youth_b.pk})
    assert "org" in crafted.context["form"].errors


def test_a_stale_pick_gives_way_to_what_was_retyped(login, world: World) -> None:
    """Without JavaScript the hidden id stays as it was; the retyped name wins."""
    ours = report(world)
    client = login("tinh.mttq")
    response = client.get(
        reverse("staff:record_list"),
        {"org": "mttq viet nam phuong phan thiet", "org_pick": world.youth_a.pk},
    )
    assert response.context["form"].cleaned_data["org"] == world.front_b
    assert ours.title not in page_text(response)


def test_bulk_steps_return_to_the_organisation_picked(login, world: World) -> None:
    record = report(world)
    back = f"org=doan+tncs&org_pick={world.youth_a.pk}"
    response = login("xa.mttq").post(
        reverse("staff:record_bulk"),
        {"records": [record.pk], "action": "verify", "back": back},
    )
    assert response["Location"] == reverse("staff:inbox") + "?" + back


def test_start_nurturing_with_a_typed_mentor(login, world: World) -> None:
    record = _verified_practice(world)
    client = login("xa.mttq")
    url = reverse("staff:record_transition", args=[record.pk])
    response = client.post(url, {**NURTURE, "plan-mentor_org": "doan tncs"})
    assert response.status_code == 302
    assert NurturePlan.objects.get(record=record).mentor_org == world.youth_a


def test_a_crafted_mentor_of_another_tree_is_refused_and_nothing_saved(login, world: World) -> None:
    record = _verified_practice(world)
    client = login("xa.mttq")
    url = reverse("staff:record_transition", args=[record.pk])
    response = client.post(
        url,
        {
            **NURTURE,
            "plan-mentor_org": world.youth_b.name,
            "plan-mentor_org_pick": world.youth_b.pk,
        },
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Không có tổ chức nào mà bạn được chọn có tên" in text
    assert f'value="{world.youth_b.name}"' in text  # what was typed stays
    assert "Nhân rộng ra 5 thôn" in text  # and so does the goal
    record.refresh_from_db()
    assert record.state == RecordState.VERIFIED
    assert not NurturePlan.objects.exists()


def test_an_empty_mentor_is_refused_in_vietnamese(login, world: World) -> None:
    record = _verified_practice(world)
    client = login("xa.mttq")
    url = reverse("staff:record_transition", args=[record.pk])
    response = client.post(url, {**NURTURE, "plan-mentor_org": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in page_text(response)
    assert not NurturePlan.objects.exists()


def test_a_merge_into_another_tree_is_refused(login, world: World) -> None:
    client = login("xa.quantri")
    url = reverse("staff:org_merge", args=[world.youth_a.pk])
    response = client.post(
        url,
        {
            "into": world.youth_b.name,
            "into_pick": world.youth_b.pk,
            "effective_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "Không có tổ chức nào mà bạn được chọn có tên" in page_text(response)
    world.youth_a.refresh_from_db()
    assert world.youth_a.valid_to is None


def test_a_move_by_typed_name(login, world: World) -> None:
    village = _village(world)
    client = login("xa.quantri")
    response = client.post(
        reverse("staff:org_move", args=[village.pk]), {"new_parent": "uy ban mttq"}
    )
    assert response.status_code == 302
    village.refresh_from_db()
    assert village.parent == world.front_a


# --- Weight and cost -----------------------------------------------------------------------


def test_the_record_page_does_not_grow_with_the_mentor_units(login, world: World) -> None:
    record = _verified_practice(world)
    client = login("xa.mttq")
    url = reverse("staff:record_detail", args=[record.pk])
    client.get(url)  # the process's first page reads the names it shows once (exemplars.names)
    before_queries = count_queries(client, url)
    before_bytes = len(client.get(url).content)
    _many_orgs(world, 40)
    assert count_queries(client, url) == before_queries
    assert len(client.get(url).content) == before_bytes
    assert 'name="plan-mentor_org"' in page_text(client.get(url))


def test_the_list_and_inbox_do_not_grow_with_the_organisations(login, world: World) -> None:
    report(world)
    client = login("tinh.mttq")
    urls = [reverse("staff:record_list"), reverse("staff:inbox")]
    for url in urls:
        client.get(url)  # the process's first page draws its filter form once (decision 151)
    before = [(count_queries(client, u), len(client.get(u).content)) for u in urls]
    _many_orgs(world, 40)
    for url in urls:
        # New units are placed in the tree (their paths written): the pages kept under the
        # records' write stamp are read again once (decision 159).
        client.get(url)
    assert [(count_queries(client, u), len(client.get(u).content)) for u in urls] == before
