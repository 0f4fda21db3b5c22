"""Pretty URLs, SEO, special pages, widgets and landing pages (sections 15, 27-33)."""
