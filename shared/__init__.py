"""Library shared by every SECOR component: settings, database, errors, principals, outbox, webhooks."""
