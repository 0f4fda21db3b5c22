"""Campaign conditions, benefits, offers, promotions, vouchers, loyalty cards and product collections
(sections 18-26).
"""
