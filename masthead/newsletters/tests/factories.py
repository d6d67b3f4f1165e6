import factory

from masthead.newsletters.models import Newsletter, Subscriber, Subscription


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    name = factory.Sequence(lambda n: f"Letter {n}")
    slug = factory.Sequence(lambda n: f"letter-{n}")
    description = "News in the morning."
    cadence = "Every weekday"
    sender_name = "The Ledger"
    sender_email = "letters@example.org"
    welcome_subject = factory.LazyAttribute(lambda o: f"Welcome to {o.name}")
    welcome_body = "Thank you for joining.\n\nExpect us every morning."


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")


def subscribe(subscriber, newsletter, status=Subscription.Status.CONFIRMED):
    return Subscription.objects.create(subscriber=subscriber, newsletter=newsletter, status=status)
