"""Where a standby stands in the primary's write-ahead log: arithmetic on WAL positions.

It imports nothing of Django, so that the tests' and benchmarks' standbys (tests/standby.py) can
wait for replay before Django is set up.
"""

# PostgreSQL's WAL page (XLOG_BLCKSZ as built by default) and the offsets at which its header ends:
# 24 bytes on most pages, 40 on a segment's first.
WAL_PAGE, PAGE_HEADER_ENDS = 8192, (24, 40)


def inserted_end(position: int) -> int:
    """Where the WAL inserted before the insert position ``position`` ends.

    When the last record ends at a page boundary, ``pg_current_wal_insert_lsn()`` points past the
    next page's header, where no record can end (a record is at least 24 bytes, so one that ends
    within 40 bytes of a page's start began on the page before: then none ends at the boundary).
    A standby that has replayed everything stops at the boundary, and would reach the position
    only once the primary writes again, which an idle primary may not do for a long time.
    """
    offset = position % WAL_PAGE
    return position - offset if offset in PAGE_HEADER_ENDS else position


def has_replayed(replayed: int, position: int) -> bool:
    """Whether a standby at ``replayed`` has replayed every record inserted before ``position``."""
    return replayed >= inserted_end(position)
