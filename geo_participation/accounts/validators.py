from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# A username is shown next to everything a person writes; an e-mail address must never end up there.
public_username_validators = [
    RegexValidator(r"^[\w.+-]+\Z", message=_("Please use only letters, digits and the characters . _ + - "
                                             "(no spaces, no @: your username is shown publicly)."),
                   code="invalid_username"),
]
