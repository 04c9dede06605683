from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "geo_participation.accounts"
    label = "accounts"
    # Not "Accounts": allauth's e-mail addresses are headed "Nutzerkonten" in German too, two sections alike.
    verbose_name = _("Users")

    def ready(self):
        from . import roles, signals  # noqa: F401

        # Groups and their permissions follow roles.py after every migrate (and every test flush).
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
