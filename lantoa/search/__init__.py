"""Search engines only; the domains own what they index.

- `engine`: the tantivy adapter (an index per name, its writer, searcher and directory,
  busy/lock handling, query building from folded words, filters);
- `outbox`: the generic outbox (`IndexOutbox(index, key)`) that keeps derived indexes in
  step with the database: a log that each server's index directory reads through its own
  watermark, applied through the applier each domain registers; `tasks` applies it in the
  worker and prunes it nightly;
- `records`: the staff registry's search, on the database's own engine (SQLite FTS5,
  PostgreSQL tsvector + GIN), and `schema`, which repairs its objects after `migrate`.

Text is folded once in Python (`lantoa.core.text.fold`) before it is stored and before it
is queried, so the engines only ever see folded text. Nothing here imports a domain: the
story index lives in `lantoa.exemplars.stories`."""
