"""Error bodies shared by the Content and Admin APIs, and their exception handlers.

Every error is JSON with a `detail`. A request the API cannot accept (a bad query
parameter, a bad cursor, an unknown filter value) gets 422 and a list of problems, each
naming the parameter (`loc`, e.g. ["query", "cursor"]) and saying what is wrong (`msg`).
Anything else (404…) gets `{"detail": "<message>"}`.
"""

from ninja import Schema
from ninja.errors import ValidationError


class ErrorOut(Schema):
    detail: str


class Problem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[Problem]


def invalid(source, name, message, kind="value_error"):
    """A 422 naming one parameter, e.g. `raise invalid("query", "cursor", "...")`."""
    return ValidationError([{"loc": (source, name), "msg": str(message), "type": kind}])


def validation_error_handler(api):
    """Ninja's validation errors without pydantic's internals (`ctx`, `url`): only where
    and what, so both APIs declare one exact 422 body in the OpenAPI document."""

    def handler(request, exc):
        problems = [
            {
                "loc": [part for part in error.get("loc", ()) if isinstance(part, str | int)],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "value_error")),
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": problems}, status=422)

    return handler


def install(api):
    api.add_exception_handler(ValidationError, validation_error_handler(api))
