"""`coordtrack serve`: the register in Datasette, read-only, with coordtrack's own pages.

Needs the optional extra: pip install "coordtrack[web]". Nothing here is imported by the
rest of coordtrack, so the CLI starts as fast without Datasette installed.
"""
