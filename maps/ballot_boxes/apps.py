from django.apps import AppConfig


class BallotBoxesConfig(AppConfig):
    name = "maps.ballot_boxes"
    label = "ballot_boxes"
