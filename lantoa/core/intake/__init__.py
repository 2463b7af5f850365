"""The public-intake kit: what every form open to the public (sign-in, nominations, later
receipt codes and one-time codes) uses to keep abuse out.

- `limits`: one sliding-window rate limiter over the Django cache (`Limit`), keys hashed.
- `guard`: the honeypot field and the signed first-shown token with a minimum fill time and a
  maximum age (`FormGuard`), parametrised by the settings names of each use.
- `codes`: readable random codes with a per-use prefix (`CodeFormat`), tolerant of how people
  type them back.

Each use keeps its own policy (which limits, which messages) next to its domain, e.g.
`lantoa.nominations.guard` and `lantoa.accounts.throttle`.
"""
