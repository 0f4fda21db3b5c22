"""POS (section 40)."""
