from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CITY_NAME": settings.CITY_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
