"""Paths to the saved pages the scraper tests parse."""

from __future__ import annotations

from pathlib import Path

SAEIMA_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "saeima"


def read_fixture(relative: str) -> bytes:
    """The raw bytes of a file under tests/fixtures/saeima/."""
    return (SAEIMA_FIXTURES / relative).read_bytes()
