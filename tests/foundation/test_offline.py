"""The processes the tests start resolve no name in DNS: only literals and localhost are answered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.servers import component_env

PROBE = """
import asyncio, socket, uvloop
from sitecustomize import OFFLINE_MESSAGE

def refused(call):
    try:
        call()
    except socket.gaierror as exc:
        return OFFLINE_MESSAGE in str(exc)
    return False

async def on_loop():
    loop = asyncio.get_running_loop()
    try:
        await loop.getaddrinfo("hooks.example.com", 443)
    except socket.gaierror as exc:
        return OFFLINE_MESSAGE in str(exc) and bool(await loop.getaddrinfo("localhost", 80))
    return False

print(
    refused(lambda: socket.getaddrinfo("hooks.example.com", 443)),
    bool(socket.getaddrinfo("127.0.0.1", 80)),
    bool(socket.getaddrinfo("::1", 80)),
    asyncio.run(on_loop()),
    uvloop.run(on_loop()),
)
"""


def test_component_processes_resolve_no_names(tmp_path: Path) -> None:
    env = component_env("postgresql://unused", tmp_path)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert probe.stdout.split() == ["True"] * 5, probe.stderr
