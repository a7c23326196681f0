"""The files of a new out-of-tree region pack (`python manage.py startpack`).

Templates live in pack_template/ (string.Template, `$name` placeholders). The pack.toml gets a
minimal market filled in from CLDR (Babel) and, below it, every other section of
regions/packs/FORMAT.md commented out, read from that file so that the scaffold documents
whatever the format grows to.
"""

import datetime
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from string import Template

from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_currency_precision, get_territory_currencies

TEMPLATES = Path(__file__).resolve().parent / "pack_template"
# By path, not by importing regions.packs: the core does not depend on the packs.
FORMAT_FILE = Path(__file__).resolve().parent.parent / "packs" / "FORMAT.md"
# pack.toml sections the scaffold fills in; the others are copied commented out.
FILLED_SECTIONS = ("pack", "countries", "languages", "tax_policy", "payment_methods",
                   "payment_methods.currencies", "warehouses", "warehouses.shipping_options")
SECTION_HEADER = re.compile(r"^\[\[?([A-Za-z0-9_.]+)\]\]?")
# A placeholder shipping cost: 25 in the market's currency, written with its decimals.
SHIPPING_COST = Decimal(25)


@dataclass(frozen=True)
class ProjectNames:
    code: str
    distribution: str  # marketplace-region-nz
    package: str  # marketplace_region_nz
    class_name: str  # NZPackConfig

    @classmethod
    def for_code(cls, code: str) -> "ProjectNames":
        return cls(code=code, distribution=f"marketplace-region-{code}",
                   package=f"marketplace_region_{code}",
                   class_name=f"{code.upper()}PackConfig")


@dataclass(frozen=True)
class Market:
    """The minimal market's facts, from CLDR."""

    name: str
    country: str
    currency: str
    language: str  # BCP 47
    timezone: str
    shipping_cost: str

    @classmethod
    def for_country(cls, country: str, *, name: str = "") -> "Market":
        """Raises ValueError when CLDR lacks the country's currency, language or time zone."""
        from django_countries import countries

        currencies = get_territory_currencies(country)
        languages = get_official_languages(country, de_facto=True)
        zones = get_global("territory_zones").get(country, [])
        missing = [what for what, found in (("currency", currencies), ("language", languages),
                                            ("time zone", zones)) if not found]
        if missing:
            raise ValueError(f"CLDR knows no {' or '.join(missing)} for {country}; choose "
                             "another --country.")
        currency = currencies[0]
        cost = SHIPPING_COST.quantize(Decimal(1).scaleb(-get_currency_precision(currency)))
        return cls(name=name or str(countries.name(country)), country=country,
                   currency=currency, language=languages[0].replace("_", "-"),
                   timezone=zones[0], shipping_cost=str(cost))


def write_project(target: Path, names: ProjectNames, market: Market, *,
                  as_of: datetime.date) -> list[Path]:
    """Create `target` (which must not exist) with the pack project; the paths written."""
    values = {**asdict(names), **asdict(market), "as_of": as_of.isoformat()}
    package = target / names.package
    files = {
        target / "pyproject.toml": _render("pyproject.toml.tmpl", values),
        target / "README.md": _render("README.md.tmpl", values),
        package / "__init__.py": "",
        package / "apps.py": _render("apps.py.tmpl", values),
        package / "pack.toml": _render("pack.toml.tmpl", values) + reference_sections(),
        package / "locale" / "README.md": _render("locale_README.md.tmpl", values),
        target / "tests" / "test_pack.py": _render("test_pack.py.tmpl", values),
    }
    target.mkdir(parents=True)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def format_sections() -> list[tuple[str, list[str]]]:
    """The sections of FORMAT.md's example pack.toml (its TOML blocks that have a [pack]
    table), as (name, lines) in order."""
    text = FORMAT_FILE.read_text(encoding="utf-8")
    sections: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```toml\n(.*?)```", text, re.DOTALL):
        if not re.search(r"^\[pack\]", block, re.MULTILINE):
            continue
        for line in block.splitlines():
            header = SECTION_HEADER.match(line)
            if header:
                sections.append((header.group(1), []))
            if sections:
                sections[-1][1].append(line)
    return sections


def reference_sections() -> str:
    """Every section the scaffold does not fill in, commented out, as FORMAT.md gives it."""
    lines = [
        "",
        "# --- Every other section (uncomment, fill in with real facts) ---------------------",
        "# From regions/packs/FORMAT.md of the marketplace; the examples are another "
        "market's.",
    ]
    for name, body in format_sections():
        if name in FILLED_SECTIONS:
            continue
        lines.append("")
        lines += [f"# {line}".rstrip() for line in body if line.strip()]
    return "\n".join(lines) + "\n"


def _render(template: str, values: dict[str, str]) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
