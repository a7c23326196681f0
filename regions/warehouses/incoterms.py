"""Incoterms 2020: the 11 rules and which transport modes each may be used with (ICC)."""

from django.db import models


class Incoterm(models.TextChoices):
    EXW = "EXW", "EXW – Ex Works"
    FCA = "FCA", "FCA – Free Carrier"
    CPT = "CPT", "CPT – Carriage Paid To"
    CIP = "CIP", "CIP – Carriage and Insurance Paid To"
    DAP = "DAP", "DAP – Delivered at Place"
    DPU = "DPU", "DPU – Delivered at Place Unloaded"
    DDP = "DDP", "DDP – Delivered Duty Paid"
    FAS = "FAS", "FAS – Free Alongside Ship"
    FOB = "FOB", "FOB – Free on Board"
    CFR = "CFR", "CFR – Cost and Freight"
    CIF = "CIF", "CIF – Cost, Insurance and Freight"


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
