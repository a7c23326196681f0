"""Incoterms 2020: the 11 rules and which transport modes each may be used with (ICC).

A rule is shown as its code and its name in the reader's language ("DDP Geliefert
verzollt"): the code is the same in every language (contracts and customs quote it), the
name is the ICC's official translation, looked up with gettext when the label is shown."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _label(code: str, name):
    return format_lazy("{} – {}", code, name)


class Incoterm(models.TextChoices):
    EXW = "EXW", _label("EXW", _("Ex Works"))
    FCA = "FCA", _label("FCA", _("Free Carrier"))
    CPT = "CPT", _label("CPT", _("Carriage Paid To"))
    CIP = "CIP", _label("CIP", _("Carriage and Insurance Paid To"))
    DAP = "DAP", _label("DAP", _("Delivered at Place"))
    DPU = "DPU", _label("DPU", _("Delivered at Place Unloaded"))
    DDP = "DDP", _label("DDP", _("Delivered Duty Paid"))
    FAS = "FAS", _label("FAS", _("Free Alongside Ship"))
    FOB = "FOB", _label("FOB", _("Free on Board"))
    CFR = "CFR", _label("CFR", _("Cost and Freight"))
    CIF = "CIF", _label("CIF", _("Cost, Insurance and Freight"))


# Only these four are for sea and inland waterway transport; the other seven suit any mode.
SEA_ONLY = frozenset({Incoterm.FAS, Incoterm.FOB, Incoterm.CFR, Incoterm.CIF})

# The place an Incoterms 2020 rule names: for E and F rules where the seller delivers (its
# premises or warehouse, the carrier, the port of shipment); for D rules and CPT/CIP the
# place of destination, where the goods are delivered to the buyer; for CFR and CIF the port
# of destination, which is not the buyer's address (a shipping option names it, "CIF
# Rotterdam").
NAMED_PLACE_OF_DESTINATION = frozenset({Incoterm.CPT, Incoterm.CIP, Incoterm.DAP, Incoterm.DPU,
                                        Incoterm.DDP})
NAMED_PORT_OF_DESTINATION = frozenset({Incoterm.CFR, Incoterm.CIF})


def incoterm_name(code: str) -> str:
    """The rule's code and name in the active language ("DAP", "Geliefert benannter Ort"); an
    unknown code as it is."""
    try:
        return str(Incoterm(code).label)
    except ValueError:
        return code
