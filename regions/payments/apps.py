from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regions.core.packs import PackSection
from regions.core.permissions import ALL_ACTIONS


class PaymentsConfig(AppConfig):
    name = "regions.payments"
    label = "regions_payments"
    verbose_name = _("Payments")
    ops_permissions = {"paymentmethod": ALL_ACTIONS, "paymentmethodcurrency": ALL_ACTIONS}
    pack_sections = (
        PackSection("payment_methods", "regions_payments.PaymentMethod", key=("code",),
                    m2m=("countries",),
                    children=PackSection("currencies", "regions_payments.PaymentMethodCurrency",
                                         key=("currency", "country"), parent_field="method",
                                         references={"country": "countries"})),
    )
    market_config_models = ("regions_payments.PaymentMethod",
                            "regions_payments.PaymentMethodCurrency")
