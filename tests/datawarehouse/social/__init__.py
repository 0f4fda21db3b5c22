"""Social accounts (section 37)."""
