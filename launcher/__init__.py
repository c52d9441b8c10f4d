"""Running the whole system: the `secor` CLI, the process supervisor, the embedded PostgreSQL and mail sink, the seeds."""
