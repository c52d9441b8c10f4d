"""Stats fixtures: borrowed from the areas whose figures the dashboards show."""

from tests.eligibility.conftest import employer, integrator_key, staff_headers

__all__ = ["employer", "integrator_key", "staff_headers"]
