from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from geo_participation.core.admin import ReadOnlyAdmin

from .models import Option, Poll, PostcardCount, PostcardTally
from .services import image_without_metadata


class PollInline(admin.StackedInline):
    """The poll's settings on its module's page; options are edited on the poll's own page (the link)."""

    model = Poll
    min_num = max_num = 1
    can_delete = False
    show_change_link = True
    verbose_name = verbose_name_plural = _("Poll settings (options and ballot boxes: “Change” link)")


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["title", "description", "image", "image_alt", "weight"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            try:
                return image_without_metadata(image)
            except ValidationError as error:
                raise ValidationError(error.message_dict["image"]) from None
        return image


class OptionInline(admin.StackedInline):
    model = Option
    form = OptionForm
    extra = 0
    min_num = 2


class BallotBoxInline(admin.TabularInline):
    model = Poll.ballot_boxes.through
    extra = 0
    verbose_name = _("Ballot box collecting postcards for this poll")
    verbose_name_plural = _("Ballot boxes collecting postcards for this poll")
    autocomplete_fields = ["ballotbox"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "results_visibility", "realised_count"]
    search_fields = ["module__title"]
    readonly_fields = ["module"]
    inlines = [OptionInline, BallotBoxInline]

    def has_add_permission(self, request):
        return False  # a poll is created with its module (the format's admin page)

    def view_on_site(self, obj):
        return obj.module.get_absolute_url()


class PostcardCountInline(admin.TabularInline):
    model = PostcardCount
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostcardTally)
class PostcardTallyAdmin(ReadOnlyAdmin):
    """Read only: tallies are entered, confirmed and corrected in the staff area, never overwritten."""

    list_display = ["box", "poll", "emptied_on", "entered_by", "entered_at", "confirmed_by", "confirmed_at", "supersedes"]
    list_filter = ["poll", "box"]
    inlines = [PostcardCountInline]
