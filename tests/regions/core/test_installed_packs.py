"""Every installed pack (built-in, REGION_PACKS or entry point) loads and passes the system
check, so a new pack is tested by CI the moment it is installed; and how the installed packs
are found."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command

from regions.core.models import Region
from regions.core.pack_discovery import (
    BUILTIN_REGION_PACKS,
    ENTRY_POINT_GROUP,
    entry_point_packs,
    region_pack_apps,
)
from regions.core.packs import installed_packs

INSTALLED = sorted(installed_packs())


def test_the_built_in_packs_are_installed():
    assert {config.name for config in installed_packs().values()} >= set(BUILTIN_REGION_PACKS)


@pytest.mark.django_db
@pytest.mark.parametrize("code", INSTALLED)
def test_each_installed_pack_loads_again_without_changes_and_passes_the_check(code):
    header = installed_packs()[code].read_data()["pack"]

    call_command("load_region", code, stdout=StringIO())
    again = StringIO()
    call_command("load_region", code, stdout=again)
    # Raises SystemCheckError on any error, naming the pack.
    call_command("check", stdout=StringIO())

    assert Region.objects.get(code=code).name == header["name"]
    assert "nothing changed" in again.getvalue()


def test_load_region_all_loads_every_installed_pack(all_packs):
    assert sorted(all_packs) == INSTALLED


def test_list_packs_prints_each_installed_region_code_on_its_own_line():
    out = StringIO()
    call_command("list_packs", stdout=out)

    assert out.getvalue().splitlines() == INSTALLED


def test_region_packs_add_to_the_built_in_packs_each_once_in_order():
    apps = region_pack_apps(["regions.packs.eu", "regions.packs.uk"],
                            ["acme_pack_nz", " regions.packs.eu ", ""],
                            ["acme_pack_nz", "other_pack_za"])

    assert apps == ["regions.packs.eu", "regions.packs.uk", "acme_pack_nz", "other_pack_za"]


def test_packs_are_discovered_from_the_entry_points_of_installed_distributions(tmp_path,
                                                                                monkeypatch):
    # What `pip install` leaves behind: a .dist-info folder with entry_points.txt.
    for name, point, module in (("zz_pack", "zz", "zz_pack"), ("aa_pack", "nz", "acme.nz_pack")):
        info = tmp_path / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{point} = {module}\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])

    # Sorted by entry-point name: nz before zz.
    assert entry_point_packs() == ["acme.nz_pack", "zz_pack"]
