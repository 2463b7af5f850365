"""Django's PostgreSQL backend, whose health check trusts a connection used a moment ago.

With persistent connections (`CONN_MAX_AGE`) Django checks a kept connection with a
`SELECT 1` before each request's first query (`CONN_HEALTH_CHECKS`), so that a worker whose
connection died while it waited (a restart, a failover) reconnects instead of failing a
request. On a busy server that is one more round trip for every request, ~10 % of a story
page's miss (issue 15). A connection that answered the previous request's queries without
an error less than `TRUSTED_FOR` ago is not checked again, as pgbouncer does not re-check a
server connection released within `server_check_delay` and HikariCP skips its alive check
within `aliveBypassWindowMs`. A connection that died in that moment fails one request with
the outage page (decision 113), and is then closed and replaced, as after any error.
"""

from __future__ import annotations

from time import monotonic

from django.db.backends.postgresql import base

# Seconds after a request's queries succeeded during which the next request skips the
# check: under load requests follow each other within milliseconds; a worker left idle
# longer is checked as Django checks it.
TRUSTED_FOR = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    # Django's own, set per connection (its stubs leave it out).
    health_check_done: bool
    trusted_until = 0.0

    def close_if_unusable_or_obsolete(self) -> None:
        # Called as a request starts and as it ends: `health_check_done` is then true only
        # if the connection was used (or opened) since the previous call, and
        # `errors_occurred` if one of its queries failed for a reason other than the data.
        if self.errors_occurred:
            self.trusted_until = 0.0
        elif self.connection is not None and self.health_check_done:
            self.trusted_until = monotonic() + TRUSTED_FOR
        super().close_if_unusable_or_obsolete()

    def close_if_health_check_failed(self) -> None:
        # Django's method returns at once without a connection, without checks (the pool)
        # or once this request is checked; trusted, this one is marked checked too.
        if monotonic() < self.trusted_until:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
