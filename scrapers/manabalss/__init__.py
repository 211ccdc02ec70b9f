"""Parsers for ManaBalss.lv, the citizens' initiative platform (no public API: pages only)."""
