from django.db import models


class Outcome(models.TextChoices):
    OK = "ok", "ok"
    TRANSIENT_ERROR = "transient_error", "transient error"
    BAD_OUTPUT = "bad_output", "bad output"
    TRUNCATED = "truncated", "truncated"
    CONFIG_ERROR = "config_error", "configuration error"


# Per-token prices are tiny fractions of a cent: eight decimals keep a single short request's
# cost from rounding to zero.
COST_MAX_DIGITS = 16
COST_DECIMAL_PLACES = 8


class UsageRecord(models.Model):
    """One HTTP request to a model (the usage ledger): what it cost and how it ended.

    Every attempt gets a row, retries included, because a failed attempt can still be billed
    and the ledger is how an operator sees rate limits and bad replies."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    model = models.CharField(max_length=200)
    purpose = models.CharField(max_length=50, help_text='Such as "translation".')
    job = models.CharField(
        max_length=200, blank=True, help_text='The job that asked, such as "translation:42".'
    )
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(
        max_digits=COST_MAX_DIGITS, decimal_places=COST_DECIMAL_PLACES, default=0
    )
    latency_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(default=1, help_text="1 for the first try.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["job"], name="ai_usagerecord_job_idx")]

    def __str__(self) -> str:
        return f"{self.model} {self.purpose} {self.outcome} ({self.created_at:%Y-%m-%d %H:%M})"
