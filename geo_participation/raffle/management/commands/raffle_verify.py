import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from geo_participation.raffle import algorithm


class Command(BaseCommand):
    help = ("Check a published draw from its files alone, without the database: the draw (ziehung-….json) and the "
            "ticket list (lose-….csv), as downloaded from the raffle's page. Says OK, or each thing that does not "
            "match (exit status 1).")

    def add_arguments(self, parser):
        parser.add_argument("draw", type=Path, help="the draw file (ziehung-….json)")
        parser.add_argument("tickets", type=Path, help="the ticket list (lose-….csv)")

    def handle(self, *args, draw: Path, tickets: Path, **options):
        try:
            document = json.loads(draw.read_bytes().decode("utf-8"))
            data = tickets.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": error.filename, "error": error.strerror})
        except (UnicodeDecodeError, ValueError):
            raise CommandError(_("%(file)s is not a JSON file.") % {"file": draw})
        problems = algorithm.verify(document, data)
        if problems:
            for problem in problems:
                self.stderr.write(_("MISMATCH: %(problem)s") % {"problem": _(problem.template) % problem.params})
            raise CommandError(_("The draw does not check out: %(count)s mismatches.") % {"count": len(problems)})
        self.stdout.write(self.style.SUCCESS(
            _("OK: the seed matches the commitment, the ticket list (%(tickets)s tickets of %(participants)s "
              "participants) is the one drawn from and follows the rules, and all %(draws)s draws are recomputed "
              "exactly.") % {"tickets": document["tickets"]["count"], "participants": document["tickets"]["participants"],
                             "draws": len(document["winners"])}))
