"""The import contracts of `pyproject.toml` (decision 28) catch what they are meant to.

`make lint` runs `lint-imports` on the real tree; these tests copy the tree, add one
forbidden import, and check that the contracts break and name it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_with(tmp_path: Path, additions: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shutil.copytree(ROOT / "lantoa", tmp_path / "lantoa", ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in additions.items():
        path = tmp_path / (module.replace(".", "/") + ".py")
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("module", "line", "complaint"),
    [
        (
            "lantoa.exemplars.selectors",
            "import lantoa.staff.views.home",
            "lantoa.exemplars is not allowed to import lantoa.staff",
        ),
        (
            "lantoa.staff.views.home",
            "import lantoa.api.urls",
            "lantoa.staff is not allowed to import lantoa.api",
        ),
        (
            "lantoa.core.text",
            "import lantoa.orgs.models",
            "lantoa.core is not allowed to import lantoa.orgs",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_layers(
    tmp_path: Path, module: str, line: str, complaint: str
) -> None:
    result = _lint_with(tmp_path, {module: line})

    assert result.returncode == 1, result.stdout
    assert complaint in result.stdout


def test_a_cycle_between_two_apps_of_one_layer_is_refused(tmp_path: Path) -> None:
    result = _lint_with(
        tmp_path,
        {
            "lantoa.notifications.selectors": "import lantoa.timeliness.calendar",
            "lantoa.timeliness.calendar": "import lantoa.notifications.selectors",
        },
    )

    assert result.returncode == 1, result.stdout
    assert "No cycles are allowed in lantoa." in result.stdout
    assert "lantoa.notifications is not allowed to import lantoa.timeliness" in result.stdout
