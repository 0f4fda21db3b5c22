"""Tests of the data-warehouse campaigns endpoints."""
