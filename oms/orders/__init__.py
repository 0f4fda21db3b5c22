"""OMS orders and order items (spec/oms-order-items.txt)."""
