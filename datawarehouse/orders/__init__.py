"""Orders, order items, transactions, discount items and benefit applicants (sections 10-14)."""
