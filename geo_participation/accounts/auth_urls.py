"""allauth's URLs, with our versions of the views residents send forms to (400 on bad input, race-safe sign-up,
a confirmation page that can send the link again). Same paths and names as allauth's, which follow as fallback."""

from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="account_signup"),
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("reauthenticate/", views.ReauthenticateView.as_view(), name="account_reauthenticate"),
    path("confirm-email/", views.EmailVerificationSentView.as_view(), name="account_email_verification_sent"),
    path("email/", views.EmailView.as_view(), name="account_email"),
    path("password/change/", views.PasswordChangeView.as_view(), name="account_change_password"),
    path("password/set/", views.PasswordSetView.as_view(), name="account_set_password"),
    path("password/reset/", views.PasswordResetView.as_view(), name="account_reset_password"),
    re_path(r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", views.PasswordResetFromKeyView.as_view(),
            name="account_reset_password_from_key"),
    path("", include("allauth.urls")),
]
