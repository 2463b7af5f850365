"""The app with only what issue 15 keeps on every request: Django's security and CSRF
middleware and the Content-Security-Policy header, and nothing else. The staff benchmark
(bench/staff_load.py) serves it beside the app and the bare project and measures its
`/healthz` against the bare "ok", so each run shows what those protections alone cost
through gunicorn on the machine it ran on: the most `/healthz` could reach while keeping
them (docs/performance.md, session 19)."""
