"""Category nodes and product prices (sections 45-46)."""
