"""Tests of the data-warehouse cms endpoints."""
