import pytest
from django.urls import reverse

from geo_participation.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_resident_changes_name_and_newsletter(client, resident):
    client.force_login(resident)
    response = client.post(reverse("profile"), {"first_name": "Resi", "last_name": "Lautrer", "language": "de",
                                                "newsletter": "on"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.first_name, resident.last_name, resident.newsletter) == ("Resi", "Lautrer", True)
    assert "Dein Profil ist gespeichert." in client.get(reverse("profile")).content.decode()


def test_the_chosen_language_applies_at_once(client, resident):
    client.force_login(resident)
    response = client.post(reverse("profile"), {"first_name": "Resi", "last_name": "L", "language": "en"}, follow=True)
    assert response["Content-Language"] == "en"
    assert "Your profile has been saved." in response.content.decode()
    assert client.get("/")["Content-Language"] == "en"
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Content-Language"] == "en"  # the cookie keeps it after logging out


@pytest.mark.parametrize("data, field", [
    ({"first_name": "", "last_name": "L", "language": "de"}, "first_name"),
    ({"first_name": "R", "last_name": "L", "language": "tlh"}, "language"),
    ({"first_name": "R" * 151, "last_name": "L", "language": "de"}, "first_name"),
])
def test_bad_profile_input_changes_nothing(client, resident, data, field):
    before = User.objects.values().get(pk=resident.pk)
    client.force_login(resident)
    response = client.post(reverse("profile"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Bitte prüfe deine Angaben" in response.content.decode()
    after = User.objects.values().get(pk=resident.pk)
    after.pop("last_login"), before.pop("last_login")
    assert after == before


def test_the_profile_never_offers_to_change_the_public_username_or_roles(client, resident):
    client.force_login(resident)
    client.post(reverse("profile"), {"first_name": "R", "last_name": "L", "language": "de", "username": "neu",
                                     "is_staff": "on"})
    resident.refresh_from_db()
    assert resident.username == "resi" and not resident.is_staff
