from django.core.management.base import BaseCommand

from geo_participation.raffle.services import raffles_freeze_due


class Command(BaseCommand):
    help = ("Freeze the ticket list of every raffle whose cut-off has passed (the eligibility snapshot). Safe to "
            "repeat; run_scheduled_jobs runs it every hour.")

    def handle(self, *args, **options):
        for raffle in raffles_freeze_due():
            self.stdout.write(f"{raffle.module.slug}: {raffle.participant_count} participants, "
                              f"{raffle.ticket_count} tickets, SHA-256 {raffle.tickets_sha256}")
