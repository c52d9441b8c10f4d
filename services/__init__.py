"""The domain services behind the gateway: eligibility, training and submission."""
