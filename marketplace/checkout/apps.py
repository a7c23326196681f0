from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "marketplace.checkout"
    label = "checkout"
    verbose_name = _("Checkout")
    # Ops see their regions' orders and payments (scoped in the admin) and record offline
    # payments as received: change on payment is that action's permission, nothing else.
    ops_permissions = {"order": ("view",), "payment": ("view", "change")}

    def ready(self) -> None:
        from marketplace.checkout import checks  # noqa: F401  (registers the system checks)
