from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import TemplateView

from .door import ModulePageMixin
from .forms import ProjectFilterForm
from .models import Project
from .selectors import home_modules, project_list


def home(request):
    return render(request, "projects/home.html", home_modules())


def project_list_view(request):
    form = ProjectFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = project_list(topic=filters.get("topic", ""), state=filters.get("state", ""))
    return render(request, "projects/project_list.html", {"form": form, "projects": projects})


def project_detail(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    modules = [m for m in project.modules.all() if request.user.has_perm("projects.view_module", m)]
    return render(request, "projects/project_detail.html", {"project": project, "modules": modules})


class ModuleDetailView(ModulePageMixin, TemplateView):
    """A format page with project, state and description only; a new format may start with it
    (``ModuleDetailView.as_view(format_key="…")``) and fill ``projects/module_base.html``'s ``format`` block later."""

    template_name = "projects/module_detail.html"
