"""The shared layer's own migrations.

May import: nothing else of api.
"""
