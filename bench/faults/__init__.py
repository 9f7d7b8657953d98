"""Faults: `python -m bench.faults <command>` (bench/faults/__main__.py says which). One module
per kind of fault (kills, outages, database), the shared process helpers (common) and the
table they write into docs/reliability.md (report)."""
