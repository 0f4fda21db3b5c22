"""Tests of the data-warehouse products endpoints."""
