from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "geo_participation.polls"
    label = "polls"
