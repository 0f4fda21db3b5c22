"""The Commerce data-warehouse API (``/api/v1/remote/<channel_id>/data-warehouse/``)."""
