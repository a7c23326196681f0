"""Names kept for code written against the first compliance summary (the merchant preview
imports SATISFIED and SEVERITY_ORDER from here). The rules themselves live in one place:

- checks.py: the rule check (what a listing needs in a region, what is on record);
- services.py: loading a region's rules in one query;
- marketplace/compliance/services.py: loading suppliers' records in a fixed number of
  queries, storing reports;
- marketplace/compliance/gate.py: what the localized listing (and the checkout) says, from
  the latest report.
"""

from regions.compliance.checks import (
    SEVERITY_ORDER,
    ComplianceSummary,
    Finding,
    Requirement,
)
from regions.compliance.codes import EXPIRED, MISSING, PENDING, REJECTED, SATISFIED

__all__ = ["EXPIRED", "MISSING", "PENDING", "REJECTED", "SATISFIED", "SEVERITY_ORDER",
           "ComplianceSummary", "Finding", "Requirement"]
