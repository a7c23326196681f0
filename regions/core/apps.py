from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regions.core"
    label = "regions_core"
    verbose_name = "Regions"

    def ready(self) -> None:
        from regions.core import checks  # noqa: F401  (registers the system checks)
