from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.roles import MODERATOR, PLANNER, STAFF
from geo_participation.formats import Format, ModerationQueue, NavLink, register

register(Format(
    key="surveys",  # stored in Module.format_key: never rename it
    label=_("Survey"),
    url_prefix="umfrage",  # /umfrage/<module_slug>/
    urls="geo_participation.surveys.urls",
    api_urls="geo_participation.surveys.api_urls",  # /api/surveys/<module_slug>/…
    site_urls="geo_participation.surveys.site_urls",  # /umfragen/
    description=_("Answer a few questions – some of them on the map – online, or on a paper questionnaire."),
    # The survey's settings on its module's page; sections, questions and options on the survey's own page (link).
    admin_inlines=("geo_participation.surveys.admin.SurveySettingsInline",),
    personal_data="geo_participation.surveys.selectors.personal_data",
    demo="geo_participation.surveys.demo.load", demo_order=40,
    layers="geo_participation.surveys.layers.layers_of",
    roles={
        MODERATOR: ("surveys.view_answer", "surveys.change_answer"),  # free-text answers only (the admin shows no more)
        PLANNER: ("surveys.view_survey", "surveys.view_section", "surveys.view_question", "surveys.view_option"),
        # The questionnaire, never the responses: the admin must not show who answered what.
        STAFF: ("surveys.view_answer", "surveys.change_answer", "surveys.view_survey", "surveys.add_survey", "surveys.change_survey",
                "surveys.view_section", "surveys.add_section", "surveys.change_section", "surveys.delete_section",
                "surveys.view_question", "surveys.add_question", "surveys.change_question", "surveys.delete_question",
                "surveys.view_option", "surveys.add_option", "surveys.change_option", "surveys.delete_option"),
    },
    # Free-text answers wait for the moderators before they appear in published results.
    moderation=(ModerationQueue("surveys.Answer", _("Free-text answers in surveys")),),
    nav=(NavLink(_("Surveys"), "surveys-site:survey-list", menu="main"),),
))
