from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    OK = "ok", _("ok")
    TRANSIENT_ERROR = "transient_error", _("transient error")
    BAD_OUTPUT = "bad_output", _("bad output")
    TRUNCATED = "truncated", _("truncated")
    CONFIG_ERROR = "config_error", _("configuration error")


# Per-token prices are tiny fractions of a cent: eight decimals keep a single short request's
# cost from rounding to zero.
COST_MAX_DIGITS = 16
COST_DECIMAL_PLACES = 8


class UsageRecord(models.Model):
    """One HTTP request to a model (the usage ledger): what it cost and how it ended.

    Every attempt gets a row, retries included, because a failed attempt can still be billed
    and the ledger is how an operator sees rate limits and bad replies."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))
    model = models.CharField(max_length=200, verbose_name=_("model"))
    purpose = models.CharField(max_length=50, help_text=_('Such as "translation".'),
                               verbose_name=_("purpose"))
    job = models.CharField(
        max_length=200, blank=True, help_text=_('The job that asked, such as "translation:42".'),
        verbose_name=_("job")
    )
    prompt_tokens = models.PositiveIntegerField(default=0, verbose_name=_("prompt tokens"))
    completion_tokens = models.PositiveIntegerField(default=0, verbose_name=_("completion tokens"))
    cost = models.DecimalField(
        max_digits=COST_MAX_DIGITS, decimal_places=COST_DECIMAL_PLACES, default=0,
        verbose_name=_("cost")
    )
    latency_ms = models.PositiveIntegerField(default=0, verbose_name=_("latency (ms)"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices, verbose_name=_("outcome"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    attempt = models.PositiveSmallIntegerField(default=1, help_text=_("1 for the first try."),
                                               verbose_name=_("attempt"))

    class Meta:
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["job"], name="ai_usagerecord_job_idx")]

    def __str__(self) -> str:
        return f"{self.model} {self.purpose} {self.outcome} ({self.created_at:%Y-%m-%d %H:%M})"
