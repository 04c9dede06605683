from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from .forms import ProjectFilterForm
from .models import Module, Project
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


class ModuleMixin(AccessMixin):
    """For a format's views: ``self.module`` from the URL, checked to be of this view's format type and visible."""

    format_key: str = ""

    @cached_property
    def module(self) -> Module:
        module = get_object_or_404(Module.objects.select_related("project"), slug=self.kwargs["module_slug"])
        if self.format_key and module.format_key != self.format_key:
            raise Http404
        return module

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("projects.view_module", self.module):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.module

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(module=self.module, project=self.module.project)
        return context


def require_perm(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


class ModuleDetailView(ModuleMixin, TemplateView):
    """The format page: project, state and description; the format type fills the ``format`` block."""

    template_name = "projects/module_detail.html"
