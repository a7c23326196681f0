"""gunicorn's configuration (bin/serve: gunicorn -c python:marketplace.gunicorn_conf): its own
log lines, the access log included, in the format of the app's (LOG_FORMAT, JSON by default
in production), so one collector reads them all."""

import os

from marketplace.ops.log_config import log_config

_format = os.environ.get(
    "LOG_FORMAT", "json" if os.environ.get("MARKETPLACE_ENV") == "production" else "text")

# The response's X-Request-ID (marketplace.ops) ties an access line to the app's lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'

logconfig_dict = log_config(_format, loggers={"gunicorn.error": {"level": "INFO"},
                                              "gunicorn.access": {"level": "INFO"}})
