"""Opaque cursors for keyset pagination.

A cursor is the URL-safe base64 of a small JSON object: the name of the ordering it was
made for, a short hash of the filters of its list, and the sort key of the last item of
the page (e.g. its publication time and id). A cursor is refused with other filters
(a 422 saying so): it names a place in one list, not in another. Cursors are not signed:
they carry no secret, and a forged one can only ask for public rows after some key. The next page is everything strictly after that key, so a walk over all pages
never repeats or skips an item, even when many share a timestamp, and a page costs the
same however deep it is.
"""

import base64
import binascii
import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from .errors import invalid


def _datetime(value):
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed.astimezone(datetime.UTC)  # OverflowError at the ends of time


def _int(value):
    if not isinstance(value, int) or not -(2**63) <= value < 2**63:
        raise ValueError(value)
    return value


def _str(value):
    if not isinstance(value, str) or "\x00" in value:  # PostgreSQL refuses NUL
        raise ValueError(value)
    return value


def _encode_value(value):
    return value.isoformat() if isinstance(value, datetime.datetime) else value


PARSERS = {"datetime": _datetime, "int": _int, "str": _str}


@dataclass(frozen=True)
class Ordering:
    """A total order of a queryset: fields ("-published_at", "-pk"), the last unique,
    all in one direction, each with the kind of value its key holds."""

    name: str
    fields: tuple
    kinds: tuple

    def order(self, queryset):
        return queryset.order_by(*self.fields)

    def key_of(self, item):
        """The sort key of a model instance or a `values()` row."""
        get = item.get if isinstance(item, dict) else lambda name: getattr(item, name)
        return [_encode_value(get(field.lstrip("-"))) for field in self.fields]

    def after(self, key):
        """Rows strictly after `key` in this order."""
        match = Q(pk__in=[])
        for i, field in enumerate(self.fields):
            lookup = "lt" if field.startswith("-") else "gt"
            condition = Q(**{f"{field.lstrip('-')}__{lookup}": key[i]})
            for earlier, value in zip(self.fields[:i], key[:i], strict=True):
                condition &= Q(**{earlier.lstrip("-"): value})
            match |= condition
        return match

    def encode(self, item, filters=None):
        data = {"o": self.name, "f": filters_hash(filters), "k": self.key_of(item)}
        data = json.dumps(data, separators=(",", ":"))
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def decode(self, cursor, filters=None):
        """The sort key in `cursor`; a 422 naming the parameter when it is not one of ours,
        or was made for other `filters`."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if data["o"] != self.name or len(data["k"]) != len(self.kinds):
                raise ValueError("another ordering")
            key = [PARSERS[kind](value) for kind, value in zip(self.kinds, data["k"], strict=True)]
            matches = data["f"] == filters_hash(filters)
        except (
            binascii.Error,
            UnicodeError,
            ValueError,
            TypeError,
            KeyError,
            OverflowError,
        ) as error:
            raise invalid(
                "query",
                "cursor",
                _(
                    "Not a valid cursor for this list: pass the cursor from the “next” "
                    "address of the previous page, with the same filters."
                ),
            ) from error
        if not matches:
            raise invalid(
                "query",
                "cursor",
                _(
                    "This cursor was made for other filters: keep the filters of the page "
                    "it came from (take the whole “next” address), or start again without "
                    "a cursor."
                ),
                "cursor_filters",
            )
        return key


def filters_hash(filters):
    """A short hash of a list's filters (name → value; None means unset)."""
    canonical = json.dumps(
        sorted((name, str(value)) for name, value in (filters or {}).items() if value is not None)
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def page(queryset, ordering, cursor, limit, filters=None):
    """(items, the last item if there are more after it, else None) in `ordering`."""
    queryset = ordering.order(queryset)
    if cursor:
        queryset = queryset.filter(ordering.after(ordering.decode(cursor, filters)))
    items = list(queryset[: limit + 1])
    if len(items) > limit:
        return items[:limit], items[limit - 1]
    return items, None
