"""Data-warehouse API tests, one package per domain app."""
