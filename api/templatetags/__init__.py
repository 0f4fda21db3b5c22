"""Template tags of the admin's templates (a date hierarchy its indexes answer).

May import: api.admin.
"""
