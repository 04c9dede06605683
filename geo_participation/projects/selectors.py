from django.db.models import Prefetch
from django.utils import timezone

from .models import Module, Project


def home_modules(*, now=None) -> dict[str, list[Module]]:
    """What the home page shows: open formats first (ending soonest), then upcoming, then published results."""
    now = now or timezone.now()
    public = Module.objects.public().select_related("project")
    return {
        "open": list(public.open(now).order_by("end")),
        "upcoming": list(public.upcoming(now).order_by("start")),
        "results": list(public.closed(now).filter(results_published_at__lte=now).order_by("-results_published_at")),
    }


def project_list(*, topic: str = "", state: str = "", now=None):
    """Public projects, optionally by topic and by the state of their formats (a project with an open format is open)."""
    now = now or timezone.now()
    projects = Project.objects.filter(is_draft=False)
    if topic:
        projects = projects.filter(topic=topic)
    if state:
        modules = Module.objects.public()
        if state == Module.State.OPEN:
            modules = modules.open(now)
        elif state == Module.State.UPCOMING:
            modules = modules.upcoming(now)
        elif state == Module.State.CLOSED:
            modules = modules.closed(now)
        elif state == "results":
            modules = modules.filter(results_published_at__lte=now)
        projects = projects.filter(pk__in=modules.values("project"))
    return projects.prefetch_related(Prefetch("modules", queryset=Module.objects.public().order_by("weight", "start")))
