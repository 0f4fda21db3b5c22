"""Content types, redirects, deleted items, revisions, versions and audit events (sections 38, 39, 44,
47-49).
"""
