"""The onboarding steps in order, and when each one counts as done.

Views draw the step bar from this list and `submit` refuses an application while a required
step is open, so "done" is decided in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.portal.models import Application
from regions.core.phones import normalize_phone


@dataclass(frozen=True)
class Step:
    slug: str  # the URL name: portal:<slug>
    title: Promise
    required: bool
    done: Callable[[Application], bool]


def _company_done(application: Application) -> bool:
    return bool(application.legal_name and application.country and application.city
                and application.street_address and application.postal_code)


def _contact_done(application: Application) -> bool:
    if not (application.contact_name and application.phone and application.country):
        return False
    # The phone was checked for the company's country when saved; if the company has moved
    # country since, the contact step is open again.
    try:
        normalize_phone(application.phone, str(application.country))
    except ValidationError:
        return False
    return True


def _offer_done(application: Application) -> bool:
    return bool(application.categories and application.origin_country)


def _documents_done(application: Application) -> bool:
    return application.documents.exists()


def _warehouses_done(application: Application) -> bool:
    return application.warehouses.exists()


STEPS: tuple[Step, ...] = (
    Step("company", _("Company"), True, _company_done),
    Step("contact", _("Contact"), True, _contact_done),
    Step("offer", _("What you sell"), True, _offer_done),
    Step("documents", _("Certificates"), True, _documents_done),
    Step("warehouses", _("Warehouses"), False, _warehouses_done),
)


def missing_steps(application: Application) -> list[Step]:
    """The required steps not done yet, in order."""
    return [step for step in STEPS if step.required and not step.done(application)]
