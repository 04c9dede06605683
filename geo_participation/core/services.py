from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BarrierReport, Report
from .moderation import Moderated, moderation_hide_after_reports

REPORT_HID_ITEM = gettext_lazy("Thank you. Several residents have reported this, so it is hidden until the moderators "
                               "have decided.")


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


@transaction.atomic
def report_create(*, item, reporter, reason: str) -> Report:
    """Record a resident's report of a published item (once per person and item). When ``REPORTS_TO_HIDE``
    different residents have reported it, it is hidden until a moderator decides."""
    content_type = ContentType.objects.get_for_model(item)
    moderated = isinstance(item, Moderated)
    if moderated:
        # Reports of one item are counted one after another: two sent at the same moment both count, and the one
        # that reaches the threshold sees the other.
        item = type(item)._default_manager.select_for_update().get(pk=item.pk)
    if Report.objects.filter(content_type=content_type, object_id=item.pk, reporter=reporter).exists():
        raise ValidationError({"reason": _("You have already reported this.")})
    report = Report(content_type=content_type, object_id=item.pk, reporter=reporter, reason=reason.strip())
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a racing duplicate must not break the caller's transaction
            report.save()
    except IntegrityError:
        raise ValidationError({"reason": _("You have already reported this.")}) from None
    report.hid_item = moderated and moderation_hide_after_reports(item)  # for the page's thanks
    return report
