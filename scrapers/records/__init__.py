"""Frozen dataclasses: the contract between `scrapers/` and the Django side.

`parliament` holds deputies, factions, sittings, votes and ballots; `legislation` holds bills,
their stages, decisions and initiatives. Fields are primitives only (str, int, date, datetime,
tuples, enums), each record carries its `source_url`.
"""
