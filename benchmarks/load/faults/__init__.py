"""Fault scripts: each breaks one thing on purpose and ends with one PASS/FAIL line."""
