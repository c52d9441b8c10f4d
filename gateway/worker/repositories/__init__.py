"""The worker's SQL, by job."""
