from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from geo_participation.core.services import REPORT_HID_ITEM, report_create
from geo_participation.projects.door import ModulePageMixin, phase_refusal

from .forms import OpinionForm, ReportForm
from .models import FORMAT_KEY, Feature, Opinion
from .selectors import (FeatureStats, feature_stats, features_with_stats, feedback_settings, opinion_list, opinion_of,
                        opinions_of, rating_labels)
from .services import opinion_change, opinion_create, opinion_withdraw

VERDICT_LABELS = {
    "good": gettext_lazy("mostly good"),
    "mixed": gettext_lazy("mixed"),
    "bad": gettext_lazy("mostly bad"),
    "none": gettext_lazy("no ratings yet"),
}


def legend() -> list[tuple[str, str, str]]:
    """The map's legend: key, label and the explanation that makes it readable without colour."""
    explanations = {
        "good": _("clearly more “good” than “bad”: solid line"),
        "mixed": _("neither clearly good nor bad: long dashes"),
        "bad": _("clearly more “bad” than “good”: short dashes"),
        "none": _("dotted grey line"),
    }
    return [(key, VERDICT_LABELS[key], explanation) for key, explanation in explanations.items()]


def map_strings() -> dict:
    """What the map scripts say, in the page's language (JavaScript has no gettext)."""
    return {
        "ratings": rating_labels(),
        "verdicts": {key: str(label) for key, label in VERDICT_LABELS.items()},
        "counts": _("good %(good)s · okay %(okay)s · bad %(bad)s"),
        "open_page": _("To the page: %(name)s"),
        "point_set": _("Spot marked (%(name)s): latitude %(lat)s, longitude %(lon)s."),
        "point_removed": _("Spot removed."),
        "spot": _("Spot"),
        "anonymous": _("deleted account"),
    }


class FeedbackPageMixin(ModulePageMixin):
    format_key = FORMAT_KEY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings = feedback_settings(module=self.module)
        closed = phase_refusal(self.module)
        context.update(
            settings=settings,
            question=settings.question or _("How do you like it?"),
            may_take_part=self.request.user.has_perm("feedback.add_opinion", self.module),
            closed_message=closed.message if closed else "",
            legend=legend(),
            map_strings=map_strings(),
            features_api_url=reverse("feedback-api:feature-list", kwargs={"module_slug": self.module.slug}),
            opinions_api_url=reverse("feedback-api:opinion-list", kwargs={"module_slug": self.module.slug}),
        )
        return context


class FeedbackModuleView(FeedbackPageMixin, TemplateView):
    """The format page: the map coloured by the ratings and, beside it, the list with counts and forms."""

    template_name = "feedback/module_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = opinions_of(module=self.module, user=self.request.user)
        rows = []
        for feature, stats in features_with_stats(module=self.module):
            opinion = own.get(feature.pk)
            form = None
            if self.request.user.has_perm("feedback.change_opinion" if opinion else "feedback.add_opinion",
                                          opinion or self.module):
                form = OpinionForm(initial=OpinionForm.initial_for(opinion), with_point=False,
                                   auto_id=f"id_f{feature.pk}_%s")
            rows.append({"feature": feature, "stats": stats, "verdict_label": VERDICT_LABELS[stats.verdict],
                         "opinion": opinion, "form": form})
        context.update(rows=rows, without_course=[r["feature"] for r in rows if r["feature"].geometry is None])
        return context


class FeatureMixin(FeedbackPageMixin):
    @cached_property
    def feature(self) -> Feature:
        return get_object_or_404(Feature, module=self.module, slug=self.kwargs["feature_slug"])

    def next_after_login(self) -> str:
        return self.feature.get_absolute_url()

    @cached_property
    def own_opinion(self) -> Opinion | None:
        return opinion_of(feature=self.feature, user=self.request.user)

    @property
    def with_point(self) -> bool:
        """The full form asks for the spot if the format wants spots and the feature has a line to put it on."""
        return feedback_settings(module=self.module).points_enabled and self.feature.geometry is not None


class FeatureDetailView(FeatureMixin, TemplateView):
    """A feature's own page: its counts, its map with the published spots, its opinions and the full form."""

    template_name = "feedback/feature_detail.html"
    form = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.own_opinion
        form = self.form
        may_change = opinion is not None and self.request.user.has_perm("feedback.change_opinion", opinion)
        if form is None and (may_change or (opinion is None and context["may_take_part"])):
            form = OpinionForm(initial=OpinionForm.initial_for(opinion), with_point=self.with_point)
        stats = feature_stats(module=self.module).get(self.feature.pk, FeatureStats())
        context.update(
            feature=self.feature,
            stats=stats,
            verdict_label=VERDICT_LABELS[stats.verdict],
            opinion=opinion,
            may_withdraw=opinion is not None and self.request.user.has_perm("feedback.delete_opinion", opinion),
            form=form,
            opinions=opinion_list(feature=self.feature),
            feature_api_url=reverse("feedback-api:feature-detail",
                                    kwargs={"module_slug": self.module.slug, "pk": self.feature.pk}),
            change_url=reverse("admin:feedback_feature_change", args=[self.feature.pk])
            if self.request.user.has_perm("feedback.change_feature") else None,
        )
        return context


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


class OpinionSubmitView(FeatureMixin, TemplateView):
    """Give or change one's opinion on a feature (POST only); errors show on the feature's page."""

    template_name = "feedback/feature_detail.html"
    http_method_names = ["post"]

    def required_permission(self, method):
        if not self.request.user.is_authenticated:
            return "feedback.add_opinion"  # without asking the database for an opinion nobody can have
        return "feedback.change_opinion" if self.own_opinion else "feedback.add_opinion"

    def get_permission_object(self):
        return self.own_opinion or self.module

    def post(self, request, *args, **kwargs):
        opinion = self.own_opinion
        form = OpinionForm(request.POST, with_point=self.with_point and "point_lat" in request.POST)
        if not form.is_valid():
            return self._invalid(form)
        data = {"rating": form.cleaned_data["rating"], "comment": form.cleaned_data["comment"],
                "point": form.cleaned_data.get("point")}
        if opinion is not None and "point_lat" not in form.fields:
            data["point"] = opinion.point  # the short form in the list does not touch the spot
        try:
            if opinion is None:
                opinion = opinion_create(feature=self.feature, author=request.user, **data)
            else:
                opinion = opinion_change(opinion=opinion, **data)
        except ValidationError as error:
            form.add_service_error(error)
            return self._invalid(form)
        if opinion.is_published:
            messages.success(request, _("Thank you! Your rating counts now (%(name)s).") % {"name": self.feature.name})
        else:
            messages.success(request, _("Thank you! Your opinion (%(name)s) will be published, and your rating "
                                        "will count, once the moderators have approved your comment.")
                             % {"name": self.feature.name})
        return redirect(_next_url(request, self.feature.get_absolute_url() + "#deine-meinung"))

    def _invalid(self, form):
        view = FeatureDetailView(request=self.request, args=self.args, kwargs=self.kwargs, form=form)
        view.module = self.module  # cached_property: reuse what this view already loaded
        return view.render_to_response(view.get_context_data(), status=400)


class OpinionWithdrawView(FeatureMixin, TemplateView):
    http_method_names = ["post"]
    permission_required = "feedback.delete_opinion"

    def get_permission_object(self):
        if self.own_opinion is None:
            raise Http404
        return self.own_opinion

    def post(self, request, *args, **kwargs):
        opinion = self.own_opinion
        opinion_withdraw(opinion=opinion)
        messages.success(request, _("Your opinion has been withdrawn (%(name)s).") % {"name": self.feature.name})
        return redirect(_next_url(request, self.feature.get_absolute_url()))


class OpinionReportView(FeatureMixin, TemplateView):
    """Residents report a published opinion that breaks the rules; moderators decide whether to hide it."""

    template_name = "feedback/opinion_report.html"
    permission_required = "feedback.report_opinion"
    taking_part = ()  # reporting stays possible after the end: moderation goes on

    @cached_property
    def opinion(self) -> Opinion:
        opinion = get_object_or_404(Opinion.objects.select_related("author"), pk=self.kwargs["pk"], feature=self.feature)
        if not self.request.user.has_perm("feedback.view_opinion", opinion):
            raise Http404  # someone else's unpublished opinion does not exist for the asker, as in the API
        return opinion

    def get_permission_object(self):
        return self.opinion

    def next_after_login(self) -> str:
        return self.request.get_full_path()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(feature=self.feature, opinion=self.opinion, form=kwargs.get("form") or ReportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                report = report_create(item=self.opinion, reporter=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, REPORT_HID_ITEM if report.hid_item
                                 else _("Thank you for your report. The moderators will look at it."))
                return redirect(self.feature.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)
