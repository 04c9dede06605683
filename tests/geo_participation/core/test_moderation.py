import pytest
from django.core.exceptions import ValidationError

from geo_participation.core.models import Report
from geo_participation.core.moderation import moderation_reject
from geo_participation.core.services import report_create


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_the_author_can_read(moderator, project):
    with pytest.raises(ValidationError) as error:
        moderation_reject(item=project, moderator=moderator, reason="  ")
    assert "reason" in error.value.error_dict


@pytest.mark.django_db
def test_a_resident_reports_an_item_once(resident, project):
    report_create(item=project, reporter=resident, reason="Beleidigend")
    with pytest.raises(ValidationError):
        report_create(item=project, reporter=resident, reason="Nochmal")
    assert Report.objects.count() == 1
