"""Who is a member: a question this app asks but never answers itself.

A function returning a queryset of user ids answers it. NewslettersConfig.ready()
registers members' `member_user_ids` as "members" (newsletters may read members'
queries; members never knows newsletters). With no "members" function registered (an
install without the members app), members-only lists and the members/non-members
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
