from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "maps.feedback"
    label = "feedback"
