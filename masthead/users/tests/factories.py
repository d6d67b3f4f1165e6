"""Users for tests: readers, staff in each editorial role, superusers."""

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from masthead.users.models import User

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    """A reader with a login. `UserFactory(groups=["Editors"])` puts them in roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Example"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*[Group.objects.get(name=name) for name in names])


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(StaffFactory):
    is_superuser = True
