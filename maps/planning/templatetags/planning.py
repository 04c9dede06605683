from django import template

from ..tokens import tokens_of

register = template.Library()


@register.simple_tag
def api_tokens(user):
    """The person's API tokens for the profile page, or None for those who cannot have any (not planners)."""
    if not user.has_perm("planning.add_apitoken"):
        return None
    return list(tokens_of(user))
