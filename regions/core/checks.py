"""System checks that tell an operator exactly what is misconfigured."""

from django.core import checks

from regions.core import declarations
from regions.core.packs import PackError, RegionPackConfig
from regions.core.validators import REGION_CODE_RE


@checks.register()
def check_region_packs(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from django.apps import apps

    messages: list[checks.CheckMessage] = []
    owners: dict[str, str] = {}
    countries: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not isinstance(config, RegionPackConfig):
            continue
        if not REGION_CODE_RE.fullmatch(config.region_code):
            messages.append(checks.Error(
                f"Region pack {config.label!r} has region_code {config.region_code!r}; use 2 to "
                "8 lowercase letters.", id="regions.E001"))
            continue
        if config.region_code in owners:
            messages.append(checks.Error(
                f"Region packs {owners[config.region_code]!r} and {config.label!r} both provide "
                f"region {config.region_code!r}; remove one from INSTALLED_APPS.",
                id="regions.E002"))
        owners[config.region_code] = config.label
        try:
            data = config.read_data()
        except PackError as exc:
            messages.append(checks.Error(str(exc), id="regions.E003"))
            continue
        for record in data.get("countries", []):
            code = record.get("code")
            if code in countries:
                messages.append(checks.Error(
                    f"Country {code} is in both region packs {countries[code]!r} and "
                    f"{config.label!r}; a country belongs to one region.",
                    hint="Remove it from one pack's pack.toml.", id="regions.E004"))
            countries[code] = config.label
    return messages


@checks.register()
def check_pack_declarations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Open-list declarations of the packs: clashes, bad entries, codes records use that no
    installed pack declares (regions.core.declarations)."""
    return declarations.check_messages()


@checks.register()
def check_registration_schemes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Each pack's `registration_schemes()` hook answers with valid schemes (their examples
    pass their own validation) and scheme codes are unique across packs."""
    from django.apps import apps

    from regions.core.registration import RegistrationScheme, scheme_problems

    messages: list[checks.CheckMessage] = []
    owners: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not isinstance(config, RegionPackConfig):
            continue
        # A pack's code may fail in any way: name the pack and what it raised.
        try:
            schemes = config.registration_schemes()
            problems = scheme_problems(schemes)
        except Exception as exc:
            messages.append(checks.Error(
                f"Region pack {config.label!r}: registration_schemes() raised "
                f"{type(exc).__name__}: {exc}", id="regions.E020"))
            continue
        for problem in problems:
            messages.append(checks.Error(f"Region pack {config.label!r}: {problem}.",
                                         id="regions.E021"))
        for scheme in schemes if not problems else ():
            if not isinstance(scheme, RegistrationScheme):
                continue
            if scheme.code in owners:
                messages.append(checks.Error(
                    f"Registration scheme {scheme.code!r} is in both region packs "
                    f"{owners[scheme.code]!r} and {config.label!r}; scheme codes are unique.",
                    id="regions.E022"))
            owners[scheme.code] = config.label
    return messages


@checks.register()
def check_configuration_version(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A watched model whose bulk writes would not bump the configuration version would leave
    every process serving its old configuration."""
    from regions.core.config_version import unversioned_models

    return [checks.Error(
        f"{model._meta.label} is part of the market configuration (market_config_models) but "
        "its default manager's bulk writes (update, bulk_create) do not bump the "
        "configuration version.",
        hint="Declare `objects = ConfigManager()` (regions.core.config_version) first in the "
             "model.", obj=model, id="regions.E040")
        for model in unversioned_models()]
