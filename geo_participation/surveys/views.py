"""Pages of the survey format: the questionnaire (answer, save for later), the thank-you page with a summary, the
results; for staff the preview and the paper entry; the list of surveys."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from geo_participation.accounts.rules import is_confirmed_resident
from geo_participation.core.limits import MESSAGE as LIMIT_MESSAGE
from geo_participation.core.limits import rate_exceeded
from geo_participation.projects.door import ModulePageMixin
from maps.planning.heatmap import min_count

from .answers import answers_clean
from .forms import SurveyForm, started_token
from .models import Channel, Question, Response
from .selectors import (ResultFilters, filters_from_query, own_response, response_summary, survey_of, survey_results,
                        surveys_listed, withheld)
from .services import response_save_draft, response_submit, survey_results_publish
from .structure import survey_structure, value_choices

ANONYMOUS_RATE = "10/h"  # questionnaires sent without an account, per address
THANKS_SESSION_KEY = "surveys-answered-%s"


class SurveyMixin(ModulePageMixin):
    format_key = "surveys"
    visitors_take_part = True  # a survey may take answers without an account: its rules decide, not the door

    def load_module(self, slug):
        """The module with its survey's settings (the rules ask ``module.survey``), in two queries."""
        module = super().load_module(slug)
        if module is not None:
            survey_of(module)
        return module

    @cached_property
    def survey(self):
        """The survey's settings; None while staff have not set them up."""
        return getattr(self.module, "survey", None)

    @cached_property
    def structure(self):
        if self.survey is None:
            raise Http404
        return survey_structure(self.survey)

    def form_context(self, form: SurveyForm, **extra) -> dict:
        return {"form": form, "structure": self.structure, "survey": self.survey,
                "survey_map": map_config(self.structure, form), **extra}


def map_config(structure, form: SurveyForm | None = None) -> dict:
    """What the map questions' script needs: the area, each question's kind, count and categories (and the marks
    already given), and its words in the person's language."""
    questions = structure.map_questions
    if not questions:
        return {}
    return {
        "area": area_outline(structure),
        "gazetteerUrl": reverse("gazetteer-search"), "reverseUrl": reverse("gazetteer-reverse"),
        "questions": {f"q{q.pk}": {"kind": q.geometry_kind, "min": q.min_choices or 1, "max": q.max_choices or 1,
                                   "categories": q.category_list,
                                   "initial": form.fields[q.pk].value if form and isinstance(form.fields[q.pk].value, list) else []}
                      for q in questions},
        "strings": {
            "pointSet": _("Mark {n} set: {place}."), "pointMark": _("Mark {n}: a point{where}."),
            "lineStart": _("Mark {n}: line started, first point: {place}."),
            "polygonStart": _("Mark {n}: area started, first corner: {place}."),
            "lineVertex": _("Mark {n}: line with {count} points, last point: {place}."),
            "polygonVertex": _("Mark {n}: area with {count} corners, last corner: {place}."),
            "lineMark": _("Mark {n}: a line with {count} points{where}."),
            "polygonMark": _("Mark {n}: an area with {count} corners{where}."),
            "drawing": _("(being drawn; finish it with its button)"), "at": _(" at {place}"),
            "lineTooShort": _("A line needs at least two points. Set another one."),
            "polygonTooShort": _("An area needs at least three corners. Set another one."),
            "finished": _("Mark {n} finished. Set the next one with Enter or a click, if you want."),
            "nothingDrawn": _("There is nothing to finish or remove yet."),
            "full": _("You have set the most marks allowed here ({max}). Remove one to set another."),
            "removed": _("Mark {n} removed."), "vertexRemoved": _("Last point removed."),
            "remove": _("Remove mark {n}"), "categoryOf": _("Category of mark {n}"),
            "chooseCategory": _("– please choose –"),
            "coordinates": _("Latitude {lat}, longitude {lon}."),
            "outside": _("This point lies outside the area of this survey."),
            "typeBoth": _("Please type both latitude and longitude."),
            "results": _("{n} places found. Choose one with the arrow keys and Enter."),
            "result": _("1 place found. Choose it with the arrow key down and Enter."),
            "noResults": _("No place found."), "moved": _("Map moved to {place}. Set the points with Enter or a click."),
        },
    }


class SurveyDetailView(SurveyMixin, TemplateView):
    """The survey: its introduction, and the questionnaire for those who may answer (or why not, or their answer)."""

    template_name = "surveys/survey_detail.html"
    permission_required = {"POST": "surveys.answer"}

    @cached_property
    def anonymous(self) -> bool:
        """Answering without an account (where staff allow it): anyone who is not a confirmed resident."""
        return not is_confirmed_resident(self.request.user)

    @cached_property
    def response(self) -> Response | None:
        return own_response(self.survey, self.request.user) if self.survey else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey, user, module = self.survey, self.request.user, self.module
        context["survey"] = survey
        if survey is None:
            return context
        response = self.response
        submitted = response is not None and response.is_submitted
        may_answer = module.is_open and not submitted and user.has_perm("surveys.answer", module)
        context.update(
            response=response, submitted=submitted, may_answer=may_answer, anonymous=self.anonymous,
            may_see_results=user.has_perm("surveys.view_results", module),
            may_preview=user.has_perm("surveys.preview", module), may_enter_paper=user.has_perm("surveys.enter_paper", module),
            question_count=len(self.structure.questions),
        )
        if may_answer:
            form = kwargs.get("form") or SurveyForm(self.structure, initial=response.draft if response else None)
            context.update(self.form_context(form, action=module.get_absolute_url(),
                                             started=started_token(survey) if self.anonymous else None))
        return context

    def post(self, request, *args, **kwargs):
        if self.survey is None:
            raise Http404
        anonymous = self.anonymous
        form = SurveyForm(self.structure, request.POST, anonymous=anonymous)
        if anonymous and rate_exceeded(request, "survey_answer", rate=ANONYMOUS_RATE):
            form.errors.append(str(LIMIT_MESSAGE))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        respondent = None if anonymous else request.user
        if request.POST.get("action") == "draft" and not anonymous:
            try:
                response_save_draft(survey=self.survey, values=form.values(), respondent=respondent,
                                    structure=self.structure)
            except ValidationError as error:
                form.add_error(error)
                return self.render_to_response(self.get_context_data(form=form), status=400)
            messages.success(request, _("Your answers have been saved. You can continue later: they are here when you "
                                        "come back."))
            return redirect(self.module.get_absolute_url() + "#fragebogen")
        try:
            if form.has_problems:
                answers_clean(self.structure, form.values())  # the other problems too, all in one go
                raise ValidationError({})
            response = response_submit(survey=self.survey, values=form.values(), respondent=respondent,
                                       structure=self.structure)
        except ValidationError as error:
            form.add_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        request.session[THANKS_SESSION_KEY % self.survey.pk] = str(response.pk)
        return redirect("surveys:thanks", module_slug=self.module.slug)


class ThanksView(SurveyMixin, TemplateView):
    """After sending: thanks, and a summary of the answers (one's own only)."""

    template_name = "surveys/survey_thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.survey is None:
            raise Http404
        response = own_response(self.survey, self.request.user)
        if response is None and (answered := self.request.session.get(THANKS_SESSION_KEY % self.survey.pk)):
            response = Response.objects.filter(pk=answered, survey=self.survey, respondent__isnull=True).first()
        if response is None or not response.is_submitted:
            raise Http404
        context.update(survey=self.survey, response=response, summary=response_summary(self.structure, response),
                       question_count=len(self.structure.questions),
                       may_see_results=self.request.user.has_perm("surveys.view_results", self.module))
        return context


class PreviewView(SurveyMixin, TemplateView):
    """The questionnaire exactly as residents see it, for staff, at any time; sending checks it and stores nothing."""

    template_name = "surveys/survey_detail.html"
    permission_required = "surveys.preview"
    taking_part = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.survey is None:
            raise Http404
        form = kwargs.get("form") or SurveyForm(self.structure)
        context.update(self.form_context(form, action=reverse("surveys:preview", kwargs={"module_slug": self.module.slug}),
                                         preview=True, may_answer=True, survey=self.survey,
                                         question_count=len(self.structure.questions)))
        return context

    def post(self, request, *args, **kwargs):
        form = SurveyForm(self.structure, request.POST)
        try:
            answers_clean(self.structure, form.values())
            if form.has_problems:
                raise ValidationError({})
        except ValidationError as error:
            form.add_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Preview: these answers keep every rule of the survey. Nothing has been saved."))
        return self.render_to_response(self.get_context_data(form=form))


class PaperEntryView(SurveyMixin, TemplateView):
    """Staff type in a paper questionnaire; it counts like an online answer, and who entered it is kept."""

    template_name = "surveys/survey_paper.html"
    permission_required = "surveys.enter_paper"
    taking_part = ()  # staff work: paper comes in also after the end, until the results are published

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.survey is None:
            raise Http404
        form = kwargs.get("form") or SurveyForm(self.structure)
        context.update(self.form_context(form, action=reverse("surveys:paper", kwargs={"module_slug": self.module.slug}),
                                         paper_count=Response.objects.filter(survey=self.survey, channel=Channel.PAPER,
                                                                             status=Response.Status.SUBMITTED).count(),
                                         mine=Response.objects.filter(survey=self.survey, channel=Channel.PAPER,
                                                                      entered_by=self.request.user).count()))
        return context

    def post(self, request, *args, **kwargs):
        form = SurveyForm(self.structure, request.POST)
        try:
            if form.has_problems:
                answers_clean(self.structure, form.values())
                raise ValidationError({})
            response_submit(survey=self.survey, values=form.values(), channel=Channel.PAPER, entered_by=request.user,
                            structure=self.structure)
        except ValidationError as error:
            form.add_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The paper questionnaire has been saved; it counts like an answer given online. "
                                    "You can enter the next one."))
        return redirect("surveys:paper", module_slug=self.module.slug)


class ResultsView(SurveyMixin, TemplateView):
    """The results: per question a table (and a chart), free texts once published, map answers as a heatmap (and,
    for planners and staff, as places), filtered by one question's answer and by channel."""

    template_name = "surveys/survey_results.html"
    permission_required = "surveys.view_results"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.survey is None:
            raise Http404
        user, module, structure = self.request.user, self.module, self.structure
        try:
            filters = filters_from_query(self.request.GET, structure)
        except ValidationError as error:
            filters = ResultFilters()
            context["filter_errors"] = [m for ms in error.message_dict.values() for m in ms]
        may_export = user.has_perm("surveys.export_responses", module)
        results = survey_results(structure, filters, with_pending=may_export)
        context["withheld"] = withheld(results, for_the_team=may_export)
        context["k"] = min_count()
        query = urlencode(filters.as_query())
        api = {name: reverse(f"surveys-api:{name}", kwargs={"module_slug": module.slug})
               for name in ("heatmap", "export-csv", "marks")}
        context.update(
            survey=self.survey, results=results, filters=filters, query=query, may_export=may_export,
            comparable=[(q, [(f"{q.pk}:{value}", words) for value, words in value_choices(q)])
                        for q in structure.questions if q.kind in Question.COMPARABLE],
            selected_answer=filters.as_query().get("answer", ""),
            csv_url=api["export-csv"] + (f"?{query}" if query else ""),
            marks_url=api["marks"] + (f"?{query}" if query else ""),
            may_publish=user.has_perm("surveys.publish_results", module) and module.state == module.State.CLOSED
            and not module.results_published,
            charts=results.charts(), may_enter_paper=user.has_perm("surveys.enter_paper", module),
        )
        if structure.map_questions:
            context["results_map"] = {
                "area": area_outline(structure),
                "heatmapUrl": api["heatmap"], "marksUrl": api["marks"] if may_export else None,
                "query": {**filters.as_query(), "cell": cell_size_for(structure.area)},
                "questions": [{"id": q.pk, "label": f"{q.number}. {q.i18n.text}"} for q in structure.map_questions],
                "strings": {
                    "cells": _("{n} hexagons with at least {k} marks each; fewer are not shown, so that nobody can be "
                               "located."),
                    "none": _("No hexagon has enough marks to be shown (at least {k})."),
                    "marks": _("{n} marks shown as places."), "error": _("The map could not be loaded."),
                    "legend": _("Marks per hexagon"),
                },
            }
        return context


def cell_size_for(area) -> int:
    """Hexagons that fit the survey's area: the largest size with at least six cells across it (a square: 50 m,
    the whole city: 1,000 m)."""
    from maps.planning.heatmap import CELL_SIZES

    west, south, east, north = area.transform(25832, clone=True).extent
    width = max(east - west, north - south)
    return max([size for size in CELL_SIZES if width / (2 * size) >= 6], default=CELL_SIZES[0])


def area_outline(structure) -> dict:
    """The survey's area, simplified to a few metres: an outline on the map, not a measurement."""
    return json.loads(structure.area.simplify(0.00005, preserve_topology=True).geojson)


class PublishResultsView(SurveyMixin, View):
    """Staff publish the results of a survey that has ended (the results page offers the button)."""

    permission_required = "surveys.publish_results"
    taking_part = ()

    def post(self, request, *args, **kwargs):
        if self.survey is None:
            raise Http404
        try:
            survey_results_publish(survey=self.survey)
            messages.success(request, _("The results have been published: everyone can see them now."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("surveys:results", module_slug=self.module.slug)


def survey_list(request):
    """Every public survey: those running first, then those still to come and those ended (for their results)."""
    surveys = list(surveys_listed())
    groups = [(_("Running now"), [m for m in surveys if m.state == m.State.OPEN]),
              (_("Coming up"), [m for m in surveys if m.state == m.State.UPCOMING]),
              (_("Ended"), [m for m in surveys if m.state == m.State.CLOSED])]
    return render(request, "surveys/survey_list.html", {"groups": [g for g in groups if g[1]]})

