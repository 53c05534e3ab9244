"""Hjemvej — the way home."""
