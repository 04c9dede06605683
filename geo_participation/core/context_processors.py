from django.conf import settings
from django.urls import reverse
from django.utils.functional import cached_property

from geo_participation import formats


class FormatNavigation:
    """The formats' links in the site header (Format.nav), for the person asking; worked out when a page shows them."""

    def __init__(self, user):
        self.user = user

    def _links(self, menu: str) -> list[dict]:
        return [{"label": link.label, "url": reverse(link.url_name)}
                for fmt in formats.all_formats() for link in fmt.nav
                if link.menu == menu and (link.permission is None or self.user.has_perm(link.permission))]

    @cached_property
    def account(self) -> list[dict]:
        return self._links("account")

    @cached_property
    def main(self) -> list[dict]:
        return self._links("main")


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CITY_NAME": settings.CITY_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "format_nav": FormatNavigation(request.user),
    }
