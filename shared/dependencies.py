"""What a route asks for besides its input: the component's settings and its clock, from the app's state.

Each component types its settings once (`Settings = Annotated[EligibilitySettings, Depends(settings_of)]` in
its settings module); the clock is the same for all. A helper that has only the request reads them with
`settings_of` and `clock_of`. The database session is `shared.db.Session`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from shared.clock import Clock


def settings_of(request: Request) -> Any:
    """The settings the app was created with."""
    return request.app.state.settings


def clock_of(request: Request) -> Clock:
    """The app's clock (tests set it); read `now()` when the moment matters, not before."""
    clock: Clock = request.app.state.clock
    return clock


AppClock = Annotated[Clock, Depends(clock_of)]
