"""The base for page factories: a page is created under a parent in the tree."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory


class PageFactory(DjangoModelFactory):
    """Create a page as a child of `parent` (required), live unless told otherwise.

    `publish=True` saves a draft and publishes its revision, the way an editor does,
    so the publish signals, revisions and `first_published_at` are all real.
    """

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:80])
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, **kwargs):
        return cls.add_to_tree(model_class(*args, **kwargs), parent, publish)

    @classmethod
    def add_to_tree(cls, page, parent, publish=False):
        if parent is None:
            raise TypeError(f"{cls.__name__} needs parent=<page>")
        if publish:
            page.live = False
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page
