"""The limited markup a listing description may carry, and nothing else."""

from functools import lru_cache

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4",
     "table", "thead", "tbody", "tr", "th", "td"}
)


# A translation job's QA cleans each reply and the write cleans it again, a batch at a time.
@lru_cache(maxsize=256)
def sanitize(html: str) -> str:
    """Keep the allowed tags without attributes; drop scripts, styles, links and handlers."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={}, link_rel=None)
