"""The fleet: many builds at once (``batch``) and what changed between runs (``diff``)."""
