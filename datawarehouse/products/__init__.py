"""Products and product images (sections 16, 17)."""
