"""Signing in the way Akinon's platform clients do: login, logout, active user."""
