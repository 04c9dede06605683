from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "maps.mapping"
    label = "mapping"
