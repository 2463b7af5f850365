"""Kept for the migrations that name `lantoa.orgs.models.paths.PathField`: the path column
and its `__under` lookup live in `lantoa.core.paths`, below every app that keeps a path."""

from lantoa.core.paths import PathField, Under, child_path, path_upper_bound, under_params

__all__ = ["PathField", "Under", "child_path", "path_upper_bound", "under_params"]
