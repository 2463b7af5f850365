from __future__ import annotations

from typing import Any

from lantoa.exemplars import services
from lantoa.exemplars.models import Record
from tests.personas import World


def report(world: World, username: str = "xa.doan", **kwargs: Any) -> Record:
    user = world.user(username)
    org = kwargs.pop("org", world.youth_a if username == "xa.doan" else world.youth_b)
    defaults: dict[str, Any] = {
        "kind": "good_deed",
        "title": "Cứu người đuối nước ở hồ Sông Quao",
        "summary": "Anh Ân lao xuống hồ cứu hai em nhỏ bị đuối nước.",
        "new_subject": services.SubjectInput(full_name="Nguyễn Văn Ân", birth_year=1995),
    }
    defaults.update(kwargs)
    return services.report_record(actor=user, org=org, **defaults)


def step(world: World, record: Record, username: str, action: str, **kwargs: Any) -> Record:
    return services.transition_record(
        actor=world.user(username), record=record, action=action, **kwargs
    )


# A public version of the default report's text, as a publisher prepares it: no name, no
# exact place (the internal text names "Anh Ân" and "hồ Sông Quao").
PUBLIC_TEXT: dict[str, str] = {
    "title": "Cứu người đuối nước",
    "summary": "Một thanh niên lao xuống hồ cứu hai em nhỏ bị đuối nước.",
    "story": "<p>Chiều hôm ấy, anh nghe tiếng kêu cứu và lao xuống nước.</p>",
}
