"""Search. `records`: the staff registry's search, on the database's own engine (SQLite FTS5,
PostgreSQL tsvector + GIN). Text is folded once in Python (`lantoa.core.text.fold`) before
it is stored and before it is queried, so the engines only ever see folded text."""
