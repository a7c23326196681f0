"""A responsible person is established in a country its region's pack declares (the EU: any of
the 27 member states), not only in one of the region's sales countries: `country` becomes an
ISO code instead of a reference to the region's country rows. The codes are copied over, so
every person on record keeps its country."""

import django_countries.fields
from django.db import migrations, models

from regions.core.validators import COUNTRY_FIELD_ERRORS

HELP = "Where it is established, as the region's pack allows."


def copy_codes(apps, schema_editor):
    Country = apps.get_model("regions_core", "Country")
    codes = dict(Country.objects.values_list("pk", "code"))
    for name in ("ResponsiblePerson", "HistoricalResponsiblePerson"):
        model = apps.get_model("supplier_compliance", name)
        for row in model.objects.exclude(country__isnull=True).only("pk", "country_id"):
            model.objects.filter(pk=row.pk).update(country_code=codes.get(row.country_id, ""))


def copy_back(apps, schema_editor):
    Country = apps.get_model("regions_core", "Country")
    pks = dict(Country.objects.values_list("code", "pk"))
    for name in ("ResponsiblePerson", "HistoricalResponsiblePerson"):
        model = apps.get_model("supplier_compliance", name)
        for row in model.objects.only("pk", "country_code"):
            model.objects.filter(pk=row.pk).update(country_id=pks.get(row.country_code))


class Migration(migrations.Migration):

    dependencies = [
        ("regions_core", "0001_initial"),
        ("supplier_compliance", "0004_certificate_acts"),
    ]

    operations = [
        migrations.AddField("responsibleperson", "country_code",
                            models.CharField(max_length=2, blank=True, default="")),
        migrations.AddField("historicalresponsibleperson", "country_code",
                            models.CharField(max_length=2, blank=True, default="")),
        migrations.AlterField("responsibleperson", "country", models.ForeignKey(
            "regions_core.country", on_delete=models.PROTECT, related_name="+", null=True)),
        migrations.RunPython(copy_codes, copy_back),
        migrations.RemoveField("responsibleperson", "country"),
        migrations.RemoveField("historicalresponsibleperson", "country"),
        migrations.RenameField("responsibleperson", "country_code", "country"),
        migrations.RenameField("historicalresponsibleperson", "country_code", "country"),
        migrations.AlterField("responsibleperson", "country", django_countries.fields.CountryField(
            error_messages=COUNTRY_FIELD_ERRORS, help_text=HELP, max_length=2)),
        migrations.AlterField("historicalresponsibleperson", "country",
                              django_countries.fields.CountryField(
                                  error_messages=COUNTRY_FIELD_ERRORS, help_text=HELP,
                                  max_length=2)),
    ]
