from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import BarrierReport


@transaction.atomic
def barrier_report_create(*, description: str, page_url: str = "", contact_email: str = "", reporter=None) -> BarrierReport:
    """Record a reported barrier and tell the site's contact address, who must answer it (BITV 2.0 § 7)."""
    report = BarrierReport(description=description, page_url=page_url, contact_email=contact_email,
                           reporter=reporter if reporter and reporter.is_authenticated else None)
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: send_mail(
        subject=_("Barrier reported on %(site)s") % {"site": settings.SITE_NAME},
        message=f"{report.page_url}\n\n{report.description}\n\n{report.contact_email}",
        from_email=None,
        recipient_list=[settings.CONTACT_EMAIL],
        fail_silently=True,
    ))
    return report
