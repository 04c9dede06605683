from django.core.management.base import BaseCommand
from django.utils import timezone

from geo_participation.polls.models import Participation, Poll
from geo_participation.polls.services import ballots_seal


class Command(BaseCommand):
    help = ("Cut the link between residents and their ballots in every poll that has ended (votes can no longer "
            "change). Run it daily, e.g. from cron; publishing a result seals its poll anyway.")

    def handle(self, *args, **options):
        ended = Poll.objects.filter(module__end__lte=timezone.now(),
                                    pk__in=Participation.objects.filter(ballot__isnull=False).values("poll"))
        sealed = sum(ballots_seal(poll=poll) for poll in ended)
        self.stdout.write(f"{sealed} ballots sealed in {len(ended)} polls.")
