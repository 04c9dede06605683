"""A tiny, safe text markup for the texts staff edit (site pages, project descriptions)."""

import re

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter(is_safe=True)
def simple_markup(text: str) -> str:
    """Blank line: new paragraph; "## ": heading; "- ": list item; URLs and e-mail addresses become links."""
    html = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            html.append(f"<h2>{escape(lines[0][3:])}</h2>")
            lines = lines[1:]
            if not lines:
                continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{urlize(escape(line.lstrip()[2:]))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(urlize(escape(line)) for line in lines) + "</p>")
    return mark_safe("\n".join(html))
