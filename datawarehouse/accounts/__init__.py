"""Users, their email addresses and addresses, favourite products and product alerts (sections 1, 2, 7,
8, 9).
"""
