"""Stats fixtures: borrowed from the areas whose figures the dashboards show."""

from tests.eligibility.conftest import integrator_key, staff_headers
from tests.submission.conftest import employer

__all__ = ["employer", "integrator_key", "staff_headers"]
