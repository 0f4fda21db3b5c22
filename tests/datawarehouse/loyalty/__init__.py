"""Loyalty accounts, transfers and transactions (sections 34-36)."""
