"""Demo data for `make run`: the organisation tree and logins (`orgs`), then about 300
records of the exemplar registry (`registry`), loaded by `manage.py seed_demo`.

A top-level app so that no domain imports another domain's demo: the demo composes the
domains through their models and services, never the other way round. Described in
docs/demo-data.md.
"""
