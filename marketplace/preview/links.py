"""Where the preview's fix links lead: the admin for staff, the supplier workspace for
merchants (who are not staff: the admin would only tell them they may not see it).

The workspace is reached by its URL names, so the preview does not import it.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language


class AdminLinks:
    def listing(self, listing_id: int) -> str:
        return admin_url("catalog", "listing", "change", listing_id)

    def certificate(self, certificate_type_id: int | None) -> str:
        url = admin_url("supplier_compliance", "certificate", "add")
        return f"{url}?certificate_type={certificate_type_id}" if certificate_type_id else url

    def certificate_status(self, certificate_type_id: int | None) -> str:
        # Where ops verify it: the pending certificates of the type.
        url = admin_url("supplier_compliance", "certificate", "changelist")
        query = f"&certificate_type__id__exact={certificate_type_id}" if certificate_type_id \
            else ""
        return f"{url}?status__exact=pending{query}"

    def responsible_person(self, region_code: str) -> str:
        return admin_url("supplier_compliance", "responsibleperson", "add")

    def translation(self, listing_id: int, language: str) -> str:
        # The admin edits translations from the listing's page (its translations inline).
        return self.listing(listing_id)


class WorkspaceLinks:
    """The workspace's forms in the preview's UI language (the workspace sends any language
    it does not speak to its closest one)."""

    def __init__(self, language: str | None = None) -> None:
        self.language = (language or get_language() or "en").lower()

    def _url(self, name: str, **kwargs) -> str:
        return reverse(f"workspace:{name}", kwargs={"lang": self.language, **kwargs})

    def listing(self, listing_id: int) -> str:
        return self._url("listing_edit", pk=listing_id)

    def certificate(self, certificate_type_id: int | None) -> str:
        url = self._url("certificates")
        query = f"?certificate_type={certificate_type_id}" if certificate_type_id else ""
        return f"{url}{query}#upload"

    def certificate_status(self, certificate_type_id: int | None) -> str:
        # The list of certificates on record, with each one's status, at the top of the page.
        return self._url("certificates")

    def responsible_person(self, region_code: str) -> str:
        return f"{self._url('responsible_persons')}?region={region_code}#person"

    def translation(self, listing_id: int, language: str) -> str:
        return self._url("translation", pk=listing_id, language=language)


FixLinks = AdminLinks | WorkspaceLinks


def fix_links_for(user) -> FixLinks:
    """Staff keep the admin; everyone else (merchants) gets the workspace."""
    return AdminLinks() if user.is_staff else WorkspaceLinks()


def admin_url(app_label: str, model: str, action: str, *args: object) -> str:
    """The admin page's URL; built by hand while the model has no admin registered yet, so
    the link is right as soon as it has one."""
    try:
        return reverse(f"admin:{app_label}_{model}_{action}", args=args)
    except NoReverseMatch:
        path = "/".join([app_label, model, *(str(arg) for arg in args), action])
        return f"{reverse('admin:index')}{path}/"
