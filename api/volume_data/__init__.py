"""Volume data: the machinery behind ``manage.py generate_data`` (``generation``).

May import: nothing else of api.
"""
