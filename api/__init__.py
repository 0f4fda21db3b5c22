"""The shared API layer: everything the OMS and data-warehouse endpoints have in common."""
