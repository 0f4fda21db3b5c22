"""The shared layer's management commands (``demo_token``, ``generate_data``).

May import: api.sync, api.volume_data.
"""
