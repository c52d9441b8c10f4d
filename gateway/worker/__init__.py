"""The delivery worker: outbox events to services and webhook endpoints, mail to SMTP."""
