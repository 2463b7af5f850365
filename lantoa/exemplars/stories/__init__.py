"""Published stories, as the public sees them.

- `live`: `live_publications()`, the one root of every public read;
- `index`: the story search index (its documents, keeping it in step, rebuilding it) and
  `announce_story_change`, which every write that shows, alters or hides a story calls;
- `search`: `search_stories` and `load_stories`, the one story search;
- `public`: the public read layer that the portal and the public API both read through.

The search engine itself (tantivy, the outbox) is `lantoa.search`, which knows nothing of
stories: `ExemplarsConfig.ready()` registers the story index with it.
"""
