from django import template

register = template.Library()


@register.filter
def property(properties, name):
    """A feature's property by name (templates cannot index a dict with a variable)."""
    return properties.get(name) if isinstance(properties, dict) else None
