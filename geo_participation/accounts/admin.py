from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "is_staff", "email_confirmed_at", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "newsletter"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["referral_code", "referred_by", "email_confirmed_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal data"), {"fields": ["first_name", "last_name", "email", "language", "newsletter"]}),
        (_("Invitations"), {"fields": ["referral_code", "referred_by"]}),
        (_("Roles and permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["email_confirmed_at", "last_login", "date_joined"]}),
    ]
    # Staff creating an account give the e-mail address too: it is unique (in any case), so it cannot stay empty.
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "first_name", "last_name", "usable_password",
                                                "password1", "password2"]}),
    ]
