import rules

from geo_participation.accounts.rules import is_moderator

rules.add_perm("core.moderate", is_moderator)
