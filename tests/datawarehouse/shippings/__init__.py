"""Shipping options (section 41)."""
