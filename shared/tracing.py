"""Trace context (W3C Trace Context, `traceparent`): one trace id from a request at the gateway, through the
services it reaches, onto the events that request causes and into the deliveries of those events.

Every component works with its own ids by default; with `OTEL_EXPORTER_OTLP_ENDPOINT` set, its spans are also
exported with OpenTelemetry (`configure_tracing`), and the span ids are then the SDK's.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

TRACEPARENT_HEADER = b"traceparent"
# version-traceid-parentid-flags; a later version may append fields, which a version-00 reader ignores.
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16

logger = logging.getLogger("secor.tracing")


@dataclass(frozen=True, slots=True)
class TraceContext:
    trace_id: str
    span_id: str
    sampled: bool = True

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{'01' if self.sampled else '00'}"

    def child(self) -> TraceContext:
        """A new span in the same trace."""
        return TraceContext(self.trace_id, secrets.token_hex(8), self.sampled)


def parse_traceparent(value: bytes | str | None) -> TraceContext | None:
    """The context a `traceparent` header carries; None when it is absent or malformed (the spec: restart)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    match = _TRACEPARENT.match(text.strip())
    if match is None:
        return None
    version, trace_id, span_id, flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest) or trace_id == _ZERO_TRACE or span_id == _ZERO_SPAN:
        return None
    return TraceContext(trace_id, span_id, bool(int(flags, 16) & 1))


def new_trace() -> TraceContext:
    return TraceContext(secrets.token_hex(16), secrets.token_hex(8))


def trace_of_event(event_id: str, traceparent: str | None) -> TraceContext:
    """The trace an event's delivery continues: the one it was published in, or one derived from the event's
    id (an event published outside any request, by the scheduler say), the same for all its deliveries."""
    parsed = parse_traceparent(traceparent)
    if parsed is not None:
        return parsed
    digest = hashlib.sha256(event_id.encode()).hexdigest()
    return TraceContext(digest[:32], digest[32:48])


current_trace: contextvars.ContextVar[TraceContext | None] = contextvars.ContextVar(
    "current_trace", default=None
)


def current_traceparent() -> str | None:
    context = current_trace.get()
    return context.traceparent if context is not None else None


class Span:
    """One unit of work in a trace: `context` is what children and outgoing requests carry."""

    __slots__ = ("_otel", "context")

    def __init__(self, context: TraceContext, otel: Any = None) -> None:
        self.context = context
        self._otel = otel

    def end(self, **attributes: Any) -> None:
        if self._otel is not None:
            for key, value in attributes.items():
                if value is not None:
                    self._otel.set_attribute(key, value)
            status = attributes.get("http.response.status_code")
            if isinstance(status, int) and status >= 500:
                from opentelemetry.trace import Status, StatusCode

                self._otel.set_status(Status(StatusCode.ERROR))
            self._otel.end()


class Tracer:
    """Starts spans: with our own ids, or through OpenTelemetry's SDK when an exporter is configured."""

    def __init__(self) -> None:
        self._otel: Any = None

    def start(self, name: str, parent: TraceContext | None, *, kind: str = "server") -> Span:
        if self._otel is None:
            return Span(parent.child() if parent is not None else new_trace())
        from opentelemetry import trace
        from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

        context = None
        if parent is not None:
            remote = SpanContext(
                int(parent.trace_id, 16),
                int(parent.span_id, 16),
                is_remote=True,
                trace_flags=TraceFlags(TraceFlags.SAMPLED if parent.sampled else TraceFlags.DEFAULT),
            )
            context = trace.set_span_in_context(NonRecordingSpan(remote))
        span = self._otel.start_span(
            name, context=context, kind=getattr(SpanKind, kind.upper()), start_time=time.time_ns()
        )
        got = span.get_span_context()
        ids = TraceContext(f"{got.trace_id:032x}", f"{got.span_id:016x}", bool(got.trace_flags.sampled))
        return Span(ids, span)

    def configure(self, component: str) -> None:
        """Export spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) is set."""
        if self._otel is not None or not (
            os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
            or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        ):
            return
        # Imported only here: without an exporter no component loads the SDK.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        service_name = os.environ.get("OTEL_SERVICE_NAME") or f"secor-{component}"
        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        self._otel = provider.get_tracer("secor")
        logger.info("exporting traces over OTLP as %s", service_name)


tracer = Tracer()
