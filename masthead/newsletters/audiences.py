"""Who is a member: a question this app asks but never answers itself.

newsletters must not import members. The members app (or any other) registers in its
`AppConfig.ready()` a function returning a queryset of user ids::

    from masthead.newsletters import audiences
    audiences.register("members", lambda: Membership.objects.active().values("user_id"))

With no "members" function registered, members-only lists and the members/non-members
audiences of a send are hidden, and a send to them is refused.
"""

_registry = {}


def register(name, user_ids):
    _registry[name] = user_ids


def unregister(name):
    _registry.pop(name, None)


def available(name):
    return name in _registry


def user_ids(name):
    """A queryset of the user ids in the audience `name` (KeyError when none registered)."""
    return _registry[name]()
