"""Points of sale (section 40)."""
