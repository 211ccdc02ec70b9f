"""Fetch and parse public pages into typed records. No Django here.

`http.py` is the only module that touches the network; every `parse_*` function is pure
(bytes or text in, frozen dataclasses out) and raises `ParseError` naming the source and
what was missing.
"""
