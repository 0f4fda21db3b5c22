"""Baskets and basket items (sections 42-43)."""
