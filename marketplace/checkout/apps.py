from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "marketplace.checkout"
    label = "checkout"
    verbose_name = _("Checkout")

    def ready(self) -> None:
        from marketplace.checkout import checks  # noqa: F401  (registers the system checks)
