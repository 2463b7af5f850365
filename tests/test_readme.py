"""README's map of the code names every package under `lantoa/`, so a new app cannot be
added without a line saying what it is for."""

from __future__ import annotations

from pathlib import Path

import lantoa

ROOT = Path(lantoa.__file__).parent


def test_the_readme_map_names_every_package():
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1]
    packages = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists())

    assert {"core", "orgs", "demo", "staff", "portal", "api"} <= set(packages)
    assert [name for name in packages if f"`lantoa/{name}/`" not in section] == []
