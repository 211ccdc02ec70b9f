"""Load and fault tests of the production shape (docs/performance.md, docs/reliability.md)."""
