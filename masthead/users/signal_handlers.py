from . import services


def ensure_roles_after_migrate(sender, using="default", **kwargs):
    services.do_ensure_editorial_roles(using=using)
