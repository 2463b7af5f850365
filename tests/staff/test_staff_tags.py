"""Template tags of the staff pages."""

from __future__ import annotations

from django.template import Context, Template

from lantoa.exemplars.models import RecordState


def _badge(state: str, label: str) -> str:
    template = Template("{% load staff_tags %}{% state_badge state label %}")
    return template.render(Context({"state": state, "label": label}))


def test_each_state_gets_its_colour_and_its_label_is_escaped() -> None:
    assert _badge(RecordState.VERIFIED, "Đã xác minh") == (
        '<span class="badge text-bg-success">Đã xác minh</span>'
    )
    assert "text-bg-warning" in _badge(RecordState.RETURNED, "Trả lại")
    assert "text-bg-secondary" in _badge(RecordState.REJECTED, "Không xác nhận")
    assert "text-bg-info" in _badge(RecordState.PROPOSED, "Đề nghị")
    assert "text-bg-primary" in _badge(RecordState.REPORTED, "Mới")
    assert "&lt;b&gt;" in _badge(RecordState.REPORTED, "<b>")
