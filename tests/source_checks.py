"""Reading the project's source (ast) to check its boundaries: who builds a record, who uses
another app's private helpers. Used by tests/nominations/test_boundaries.py and
tests/exemplars/test_intake.py."""

from __future__ import annotations

import ast
from pathlib import Path

LANTOA = Path(__file__).resolve().parents[1] / "lantoa"
CREATORS = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _app_of(module: str) -> str:
    """`lantoa.exemplars.services` -> "exemplars"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "lantoa" else ""


def record_building(source: str, *, app: str = "nominations") -> list[str]:
    """What in `source` (a module of `app`) builds a record or a timeline step, or uses a
    private helper of another app (`other._name` or `from lantoa.other... import _name`)."""
    tree = ast.parse(source)
    found = []
    foreign: set[str] = set()  # names bound to modules of other apps
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if alias.name == "RecordStep":
                    found.append(f"imports {node.module}.{alias.name}")
                if _app_of(node.module) not in ("", app):
                    foreign.add(alias.asname or alias.name)
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"imports private {node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _app_of(alias.name) not in ("", app) and alias.asname:
                    foreign.add(alias.asname)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "RecordStep":
            found.append(f"line {node.lineno}: RecordStep")
        elif isinstance(node, ast.Attribute):
            if node.attr == "RecordStep":
                found.append(f"line {node.lineno}: RecordStep")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in foreign
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"line {node.lineno}: private {node.value.id}.{node.attr}")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name | ast.Attribute) and _name_of(func) == "Record":
                found.append(f"line {node.lineno}: Record(...)")
            if (
                isinstance(func, ast.Attribute)
                and func.attr in CREATORS
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "objects"
                and _name_of(func.value.value) == "Record"
            ):
                found.append(f"line {node.lineno}: Record.objects.{func.attr}")
    return found


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""
