"""Shared test helpers: paths resolved from this file, never from the working directory."""

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID_BASE = FIXTURES / "valid" / "minimal.ttl"


def run_cli(
    *args: str, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `govlex` as a subprocess, the way a user does."""
    return subprocess.run(
        [sys.executable, "-m", "govlex.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        input=input_text,
        timeout=600,
        check=False,
    )
