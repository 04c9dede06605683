from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_ratelimit.decorators import ratelimit

from geo_participation import formats

from .forms import BarrierReportForm
from .models import SitePage
from .page_texts import FORMATS_PLACEHOLDER, PAGES
from .services import barrier_report_create


@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def page_detail(request, slug):
    if slug in PAGES:
        # The pages every municipal site must have exist even on a fresh or emptied database.
        page, _created = SitePage.objects.get_or_create(slug=slug, defaults=PAGES[slug])
    else:
        page = get_object_or_404(SitePage, slug=slug)
    form = None
    if page.slug == SitePage.Kind.ACCESSIBILITY:
        form = BarrierReportForm(request.POST or None, initial={"page_url": request.GET.get("seite", "")})
        if request.method == "POST":
            if getattr(request, "limited", False):
                form.add_error(None, _("Too many reports in a short time. Please try again later."))
            elif form.is_valid():
                barrier_report_create(**form.cleaned_data, reporter=request.user)
                messages.success(request, _("Thank you! We have received your report. We will get back to you if you gave an e-mail address."))
                return redirect(page.get_absolute_url())
    context = {"page": page, "form": form}
    if page.slug == SitePage.Kind.HOW_IT_WORKS:
        context.update(how_it_works(page.body))
    return render(request, "core/page_detail.html", context, status=400 if form and form.errors else 200)


def how_it_works(body: str) -> dict:
    """The formats, each with its label and description (the registry's, in the user's language), where the staff's
    text says ``[Beteiligungsformate]``; at the end if the line is gone, so that every format is always explained."""
    before, found, after = body.partition(FORMATS_PLACEHOLDER)
    return {"body_before": before, "body_after": after, "formats_at_end": not found,
            "format_list": [(fmt.label, fmt.description) for fmt in formats.all_formats()]}


@require_POST
def set_language(request):
    """Switch the language; a logged-in resident keeps the choice in the profile too."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(request.user._meta.get_field("language").choices):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)


def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the API's JSON, the API docs)."""
    return redirect(static("img/favicon.svg"))
