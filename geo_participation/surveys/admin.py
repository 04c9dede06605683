"""Staff build a survey in the administration: its settings on the module's page (the format's inline), its
sections and questions on the survey's page, each question's details and answers on the question's page. The
questionnaire is checked as a whole on the survey's page (structure.survey_problems), and the preview shows it as
residents will see it. Responses are not in the administration: nobody browses who answered what."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from geo_participation.core.admin import MODERATION_FIELDS, ModerationActions

from .models import Answer, Option, Question, Section, Survey
from .structure import survey_problems, survey_structure, value_choices


class SurveySettingsFormSet(forms.BaseInlineFormSet):
    def save_new(self, form, commit=True):
        survey = super().save_new(form, commit=commit)
        if commit:  # a first section, so that questions can be added right away
            Section.objects.create(survey=survey, title=_("Questions"))
        return survey


class SurveySettingsInline(admin.StackedInline):
    """The survey's settings on its module's page; sections and questions on the survey's own page (the link)."""

    model = Survey
    formset = SurveySettingsFormSet
    min_num = max_num = 1
    can_delete = False
    show_change_link = True
    fields = ["intro", "outro", "allow_anonymous", "intro_en", "outro_en"]
    verbose_name = verbose_name_plural = _("Survey settings (sections and questions: “Change” link, after saving)")


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["title", "description", "title_en", "description_en", "weight"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("description", "description_en"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class QuestionInlineForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["section", "weight", "kind", "text", "required"]

    def clean(self):
        data = super().clean()
        # New questions get workable details at once; they are refined on the question's page.
        if data.get("kind") == Question.Kind.SCALE and self.instance.min_value is None:
            self.instance.min_value, self.instance.max_value = 1, 5
        if data.get("kind") == Question.Kind.MAP and not self.instance.geometry_kind:
            self.instance.geometry_kind = "point"
        return data


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionInlineForm
    fk_name = "survey"
    extra = 0
    show_change_link = True
    verbose_name_plural = _("Questions (answers, conditions and limits: “Change” link of each question)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["section"].queryset = Section.objects.filter(survey=obj) if obj else Section.objects.none()
        return formset


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "allow_anonymous"]
    search_fields = ["module__title"]
    fields = ["module", "preview", "questionnaire_check", "intro", "outro", "allow_anonymous", "intro_en", "outro_en"]
    readonly_fields = ["module", "preview", "questionnaire_check"]
    inlines = [SectionInline, QuestionInline]

    def has_add_permission(self, request):
        return False  # a survey is created with its module (the format's admin page)

    def view_on_site(self, obj):
        return obj.module.get_absolute_url()

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("surveys:preview", kwargs={"module_slug": obj.module.slug}),
                           _("Show the questionnaire as residents will see it"))

    @admin.display(description=_("Check"))
    def questionnaire_check(self, obj):
        problems = survey_problems(survey_structure(obj))
        if not problems:
            return _("Every question can be answered as set up.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems)))


class OptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        kind = getattr(self.instance, "kind", None)
        if kind in Question.WITH_OPTIONS and len(kept) < 2:
            raise ValidationError(_("A question with answers to choose from needs at least two of them."))
        if kind not in Question.WITH_OPTIONS and kept:
            raise ValidationError(_("Only single and multiple choice and ranking questions have answers to choose "
                                    "from; please remove them or change the kind."))


class OptionInline(admin.TabularInline):
    model = Option
    formset = OptionFormSet
    fields = ["text", "text_en", "weight"]
    extra = 0


class QuestionForm(forms.ModelForm):
    """A question's details; its condition is chosen from the answers of the questions before it."""

    condition = forms.ChoiceField(label=_("Show only if"), required=False,
                                  help_text=_("An answer to an earlier question; leave empty to always ask it."))

    class Meta:
        model = Question
        fields = ["section", "weight", "kind", "text", "help_text", "required", "min_value", "max_value", "min_label",
                  "max_label", "min_choices", "max_choices", "geometry_kind", "categories", "text_en", "help_text_en",
                  "min_label_en", "max_label_en"]
        widgets = {"categories": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        self.earlier = {}
        if question.pk:
            self.fields["section"].queryset = Section.objects.filter(survey_id=question.survey_id)
            structure = survey_structure(question.survey)
            me = structure.by_id[question.pk]
            for other in structure.earlier(me):
                for value, words in value_choices(other) if other.kind in Question.COMPARABLE else ():
                    self.earlier[f"{other.pk}:{value}"] = (other, value)
            self.fields["condition"].choices = [("", _("– always ask this question –"))] + [
                (f"{other.number}. {other.text[:60]}", [(f"{other.pk}:{v}", words) for v, words in value_choices(other)])
                for other in structure.earlier(me) if other.kind in Question.COMPARABLE]
            if question.condition_question_id:
                self.initial["condition"] = f"{question.condition_question_id}:{question.condition_value}"

    def clean_condition(self):
        value = self.cleaned_data.get("condition") or ""
        if value and value not in self.earlier:
            raise ValidationError(_("Please choose an answer to a question that comes before this one."))
        return value

    def clean(self):
        data = super().clean()
        chosen = self.earlier.get(data.get("condition") or "")
        self.instance.condition_question, self.instance.condition_value = chosen if chosen else (None, "")
        return data


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ["text", "survey", "kind", "required"]
    list_filter = ["kind", "survey"]
    search_fields = ["text", "survey__module__title"]
    inlines = [OptionInline]
    fieldsets = [
        (None, {"fields": ["survey_link", "section", "weight", "kind", "text", "help_text", "required", "condition"]}),
        (_("Scale and number"), {"fields": [("min_value", "max_value"), ("min_label", "max_label")]}),
        (_("How many: multiple choice, ranking, map"), {"fields": [("min_choices", "max_choices")]}),
        (_("Map"), {"fields": ["geometry_kind", "categories"]}),
        (_("In English (optional; shown to English readers instead of the German)"),
         {"fields": ["text_en", "help_text_en", ("min_label_en", "max_label_en")]}),
    ]
    readonly_fields = ["survey_link"]

    def has_add_permission(self, request):
        return False  # questions are added on the survey's page, in their section

    @admin.display(description=_("Survey"))
    def survey_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:surveys_survey_change", args=[obj.survey_id]),
                           obj.survey)

    def view_on_site(self, obj):
        return reverse("surveys:preview", kwargs={"module_slug": obj.survey.module.slug}) + f"#frage-{obj.pk}"


@admin.register(Answer)
class FreeTextAnswerAdmin(ModerationActions, admin.ModelAdmin):
    """Free-text answers, for the moderators (the queue at /moderation/ is the usual way); no respondent shown."""

    list_display = ["question", "short_text", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["text"]
    fields = ["question", "text", "created_at", *MODERATION_FIELDS]
    readonly_fields = ["question", "text", "created_at", *MODERATION_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(question__kind__in=Question.TEXTS).select_related("question")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Answer in own words"))
    def short_text(self, obj):
        return obj.text[:80]
