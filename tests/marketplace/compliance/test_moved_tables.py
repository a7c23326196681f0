"""The suppliers' records moved from the app regions_compliance to supplier_compliance without
moving a row: every model (history and m2m tables included) keeps its table, and links to the
old admin pages arrive at the new ones."""

import pytest

from marketplace.compliance.models import (
    Certificate,
    ComplianceCheckJob,
    ComplianceReport,
    ResponsiblePerson,
)


def test_the_models_keep_the_tables_of_regions_compliance():
    history = Certificate.history.model
    [history_listings] = [field.related_model for field in history._meta.related_objects
                          if field.related_model._meta.model_name
                          == "historicalcertificate_listings"]
    tables = [
        Certificate._meta.db_table,
        Certificate.listings.through._meta.db_table,
        history._meta.db_table,
        history_listings._meta.db_table,
        ResponsiblePerson._meta.db_table,
        ResponsiblePerson.history.model._meta.db_table,
        ComplianceReport._meta.db_table,
        ComplianceCheckJob._meta.db_table,
    ]
    assert Certificate._meta.app_label == "supplier_compliance"
    assert tables == [
        "regions_compliance_certificate",
        "regions_compliance_certificate_listings",
        "regions_compliance_historicalcertificate",
        "regions_compliance_historicalcertificate_listings",
        "regions_compliance_responsibleperson",
        "regions_compliance_historicalresponsibleperson",
        "regions_compliance_compliancereport",
        "regions_compliance_compliancecheckjob",
    ]


@pytest.mark.parametrize(("old", "new"), [
    ("/admin/regions_compliance/certificate/?status__exact=pending",
     "/admin/supplier_compliance/certificate/?status__exact=pending"),
    ("/admin/regions_compliance/compliancereport/12/change/",
     "/admin/supplier_compliance/compliancereport/12/change/"),
    ("/admin/regions_compliance/responsibleperson/",
     "/admin/supplier_compliance/responsibleperson/"),
])
def test_old_admin_links_redirect_to_the_new_app(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_configuration_stays_under_its_admin_url(admin_client):
    response = admin_client.get("/admin/regions_compliance/certificatetype/")
    assert response.status_code == 200
