"""OMS customers (spec/oms-customers.txt)."""
