"""List rows drawn once and reused: each row's HTML is cached under what it shows.

A row template receives one dict, `row`, and nothing else: the values it may show. The
cache key is a digest of those values (labels already translated, dates as stored, the
viewer's flags such as "may tick this row"), the language, the time zone and the row
template's own source. Whatever changes on the row therefore changes its key: a state
change, a renamed subject or organisation, a new due date, a record becoming overdue, an
edited template or translation. No invalidation to forget, and nothing stale to show; an
unused key simply expires (`ROW_TIMEOUT`).

A page asks the cache once for all its rows (`cache.get_many`: one Redis round trip in
production) and renders only the rows it did not find (issue 15: rendering fifty rows
through the template engine was most of a list page's time).

Since a key names one HTML for good, each process also keeps the pieces it used last in
memory (`LOCAL_MAX`, least recently used out first) and asks the shared cache only for the
others: no invalidation is needed there either, and a page whose pieces are all known
makes no round trip for them (under load each round trip is also a turn of the Redis
server on the same cores).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache as memoised
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

ROW_TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "staff:row"
# Pieces kept in each process's memory (rows are ~1 KB: a few MB at most).
LOCAL_MAX = 4000

_local: OrderedDict[str, str] = OrderedDict()
_local_lock = threading.Lock()  # runserver and the test live server serve in threads


def _local_get_many(keys: Iterable[str]) -> dict[str, str]:
    found = {}
    with _local_lock:
        for key in keys:
            html = _local.get(key)
            if html is not None:
                _local.move_to_end(key)
                found[key] = html
    return found


def _local_put(pieces: Mapping[str, str]) -> None:
    with _local_lock:
        _local.update(pieces)
        for key in pieces:
            _local.move_to_end(key)
        while len(_local) > LOCAL_MAX:
            _local.popitem(last=False)


def kept(name: str, shown: Mapping[str, Any], draw: Callable[[], str]) -> SafeString:
    """What template `name` draws (by `draw`), kept in this process's memory under `shown`:
    everything the piece depends on (the caller's promise, as for rows), with the template,
    the language and the time zone. For a piece whose inputs are cheaper to name than the
    objects that draw it are to build (an unbound filter form)."""
    key = f"{KEY_PREFIX}:kept:{_shown_key(_key_prefix(name), shown)}"
    found = _local_get_many([key]).get(key)
    if found is None:
        found = draw()
        _local_put({key: found})
    return mark_safe(found)  # noqa: S308  (drawn by a template with autoescaping)


# A piece for `kept_many`: its template, what it shows (None: drawn every time), how to
# draw it, and whether the shared cache may hold it.
Kept = tuple[str, Mapping[str, Any] | None, Callable[[], str], bool]


def kept_many(pieces: Sequence[Kept]) -> list[SafeString]:
    """Several `kept` pieces of a page, each under what it shows. `shared` ones are also
    kept in the shared cache, as rows are, for pieces that show no personal data: a
    process that lacks them asks the cache for all of them in one round trip, and stores
    those it drew in one more (another process then finds them instead of drawing them)."""
    prefixes: dict[str, str] = {}
    keys = [
        None
        if shown is None
        else f"{KEY_PREFIX}:kept:"
        + _shown_key(prefixes.get(name) or prefixes.setdefault(name, _key_prefix(name)), shown)
        for name, shown, _draw, _shared in pieces
    ]
    found = _local_get_many(key for key in keys if key is not None)
    wanted = [
        key
        for key, (_name, _shown, _draw, shared) in zip(keys, pieces, strict=True)
        if shared and key is not None and key not in found
    ]
    if wanted:
        stored: dict[str, str] = cache.get_many(wanted)
        if stored:
            _local_put(stored)
            found.update(stored)
    drawn: dict[str, str] = {}
    drawn_shared: dict[str, str] = {}
    html = []
    for key, (_name, _shown, draw, shared) in zip(keys, pieces, strict=True):
        if key is None:
            html.append(draw())
            continue
        piece = found.get(key)
        if piece is None:
            piece = found[key] = draw()
            (drawn_shared if shared else drawn)[key] = piece
        html.append(piece)
    if drawn_shared:
        _set_many(drawn_shared)
    if drawn:
        _local_put(drawn)
    # Every piece was drawn by a template with autoescaping, here or in another process.
    return [mark_safe(piece) for piece in html]  # noqa: S308


def forget_local() -> None:
    """Empty this process's copies (tests that clear the shared cache clear these too)."""
    with _local_lock:
        _local.clear()


def _get_many(keys: list[str]) -> dict[str, str]:
    """The pieces found under `keys`: from this process's memory, then the shared cache."""
    found = _local_get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared: dict[str, str] = cache.get_many(missing)
        if shared:
            _local_put(shared)
            found.update(shared)
    return found


def _set_many(pieces: dict[str, str]) -> None:
    cache.set_many(pieces, ROW_TIMEOUT)
    _local_put(pieces)


def template_digest(name: str) -> str:
    """The row template's source, digested: an edited template draws new rows rather than
    reusing the old ones from a shared cache. Once per process, except while developing
    (`DEBUG`), where templates are edited under a running server."""
    return _source_digest(name) if settings.DEBUG else _memoised_digest(name)


def _source_digest(name: str) -> str:
    source = get_template(name).template.source  # type: ignore[attr-defined]
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


_memoised_digest = memoised(_source_digest)


def row_key(name: str, row: Mapping[str, Any]) -> str:
    """The cache key of one row (or fragment): the template, the language, the time zone
    (dates are shown in it) and a digest of every value the row shows."""
    return _shown_key(_key_prefix(name), row)


def _key_prefix(name: str) -> str:
    """What a key of template `name` starts with: the same for every row of a page (asked
    once per page, not per row: the language and the zone are read from the request's
    context-local state)."""
    zone = timezone.get_current_timezone_name()
    return f"{KEY_PREFIX}:{template_digest(name)}:{get_language()}:{zone}"


def _shown_key(prefix: str, row: Mapping[str, Any]) -> str:
    shown = repr(sorted(row.items())).encode()
    return f"{prefix}:{hashlib.blake2b(shown, digest_size=16).hexdigest()}"


def rendered_rows(name: str, rows: Sequence[Mapping[str, Any]]) -> SafeString:
    """The rows drawn by template `name` (context: `row`), joined, from the cache where
    they were drawn before."""
    if not rows:
        return mark_safe("")
    prefix = _key_prefix(name)
    keys = [_shown_key(prefix, row) for row in rows]
    found = _get_many(keys)
    drawn: dict[str, str] = {
        key: render_to_string(name, {"row": row})
        for key, row in zip(keys, rows, strict=True)
        if key not in found
    }
    if drawn:
        _set_many(drawn)
        found.update(drawn)
    # Every piece was drawn by a template with autoescaping, here or on an earlier page.
    return mark_safe("".join(found[key] for key in keys))  # noqa: S308


def cached_fragment(name: str, shown: Mapping[str, Any], context: Mapping[str, Any]) -> SafeString:
    """Template `name` drawn with `context`, cached under `shown`: every value of the
    context that the fragment's HTML depends on (the caller's promise, as for rows)."""
    return cached_fragments([(name, shown, context)])[0]


def cached_fragments(
    pieces: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
) -> list[SafeString]:
    """Several `cached_fragment`s (template, shown, context) asked of the cache at once: one
    round trip for a page's pieces, and one more to store those drawn on a miss."""
    prefixes: dict[str, str] = {}
    keys = [
        _shown_key(prefixes.get(name) or prefixes.setdefault(name, _key_prefix(name)), shown)
        for name, shown, _context in pieces
    ]
    found = _get_many(keys) if keys else {}
    drawn: dict[str, str] = {}
    for key, (name, _shown, context) in zip(keys, pieces, strict=True):
        if key not in found and key not in drawn:
            drawn[key] = render_to_string(name, context)
    if drawn:
        _set_many(drawn)
        found.update(drawn)
    # Every piece was drawn by a template with autoescaping, here or on an earlier page.
    return [mark_safe(found[key]) for key in keys]  # noqa: S308


def unbound_form_shown(form: forms.Form) -> dict[str, Any]:
    """What an unbound form's fields show, field by field: kind, label, help, whether
    required, choices, initial value, widget and its attributes. A form whose `__init__`
    changes any of these (choices of the actor's units, today's date as the initial value)
    gets another key."""
    shown: dict[str, Any] = {"form": type(form).__qualname__, "prefix": form.prefix}
    for name, field in form.fields.items():
        widget = field.widget
        choices = None
        if isinstance(field, forms.ChoiceField):
            # Read once (a model choice field reads its queryset on every iteration): the
            # form drawn on a miss shows these very choices and asks the database no more.
            # (A comprehension: `list()` would first ask the iterator's length, a COUNT.)
            listed = [choice for choice in cast(Iterable[tuple[Any, Any]], field.choices)]  # noqa: C416
            field.choices = listed
            choices = [(str(value), str(label)) for value, label in listed]
        shown[name] = (
            type(field).__qualname__,
            str(field.label),
            str(field.help_text),
            field.required,
            field.disabled,
            choices,
            form.get_initial_for_field(field, name),
            type(widget).__qualname__,
            sorted((k, str(v)) for k, v in widget.attrs.items()),
        )
    return shown


def bound_form_shown(form: forms.Form) -> dict[str, Any] | None:
    """What a bound form without errors shows: its fields (`unbound_form_shown`) and the
    value each widget reads from the data. None when it has errors (drawn each time: an
    error can depend on more than the data, e.g. the organisations the actor may choose)."""
    if form.errors:
        return None
    shown = unbound_form_shown(form)
    shown["data"] = [repr(form[name].data) for name in form.fields]
    return shown


def form_fields(name: str, form: forms.Form, **context: Any) -> SafeString:
    """The fields of `form` drawn by template `name` (context: `form` and `context`; no
    request, so never a CSRF token: the `<form>` tag and its token stay in the page). An
    unbound form is cached under `unbound_form_shown` and `context`; a bound one that
    validated under `bound_form_shown` (what was typed is part of the key); one with
    errors is drawn each time."""
    return forms_fields([(name, form, context)])[0]


def forms_fields(
    pieces: Sequence[tuple[str, forms.Form | None, Mapping[str, Any]]],
) -> list[SafeString]:
    """`form_fields` of several forms (template, form or None, context), those that can be
    cached asked of the cache in one round trip (`cached_fragments`); None draws nothing."""
    drawn: list[SafeString | None] = []
    keyed: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = []
    for name, form, context in pieces:
        full = {"form": form, **context}
        shown = None
        if form is not None:
            shown = bound_form_shown(form) if form.is_bound else unbound_form_shown(form)
        if form is None:
            drawn.append(mark_safe(""))
        elif shown is None:
            drawn.append(mark_safe(render_to_string(name, full)))  # noqa: S308  (autoescaped)
        else:
            drawn.append(None)
            keyed.append((name, {"fields": shown, **context}, full))
    cached = iter(cached_fragments(keyed))
    return [piece if piece is not None else next(cached) for piece in drawn]


def request_token(request: HttpRequest) -> str:
    """The request's CSRF token for cached HTML's forms (the header's, the record page's
    pieces), masked once per request as a template's `{% csrf_token %}` is: each
    `get_token` masks the secret anew (thirty-two random letters, ~500 Python calls)."""
    token: str | None = getattr(request, "_lantoa_csrf_token", None)
    if token is None:
        token = get_token(request)
        setattr(request, "_lantoa_csrf_token", token)  # noqa: B010
    return token
