"""Running the project in production: request ids, JSON logs, health endpoints, and answering
503 (not a traceback) when the database or another service is down."""
