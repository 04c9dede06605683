from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .models import LoginThrottle, User
from .throttles import throttles_lift


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's, with its warning about losing the password translatable (Django writes it in English only)."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = PasswordChangeForm
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


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Who is slowed down after failed logins, and a way to lift it (a resident called, say)."""

    list_display = ["scope", "user", "address", "failures", "locked_until", "is_locked", "last_failure_at"]
    list_filter = ["scope"]
    search_fields = ["user__username"]
    readonly_fields = ["scope", "user", "address", "failures", "first_failure_at", "last_failure_at", "locked_until"]
    fields = readonly_fields
    actions = ["lift"]

    @admin.display(boolean=True, description=_("locked now"))
    def is_locked(self, throttle):
        return throttle.locked_until is not None and throttle.locked_until > timezone.now()

    @admin.action(description=_("Lift the selected throttles (logins allowed again at once)"), permissions=["delete"])
    def lift(self, request, queryset):
        count = throttles_lift(throttles=queryset)
        self.message_user(request, ngettext("%(count)d throttle lifted.", "%(count)d throttles lifted.", count)
                          % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Permission names are stored in English when the tables are made ("Can add …"); the admin shows them in words of
# the admin's language: the model's name and what the permission allows.
PERMISSION_ACTIONS = {"add": pgettext_lazy("permission", "add"), "change": pgettext_lazy("permission", "change"),
                      "delete": pgettext_lazy("permission", "delete"), "view": pgettext_lazy("permission", "view")}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    action, _sep, rest = permission.codename.partition("_")
    if model is None:
        return permission.name
    what = (format_html("{}: {}", model._meta.verbose_name_plural, PERMISSION_ACTIONS[action])
            if action in PERMISSION_ACTIONS and rest == model._meta.model_name else gettext(permission.name))
    return f"{model._meta.app_config.verbose_name} | {what}"


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field
