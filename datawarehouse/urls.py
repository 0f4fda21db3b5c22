"""The data-warehouse URL map: ``/api/v1/remote/<channel_id>/data-warehouse/…``.

One line an endpoint, in the documentation's order (section numbers in comments).
"""

from api.routers import Router

router = Router()

# Accounts and geography (1-9)

# Orders (10-14)

# Pretty URLs, products (15-17)

# Campaigns (18-26)

# CMS (27-33)

# Loyalty, social accounts, content types, redirects, payments, shipping (34-41)

# Baskets (42-43)

# Deleted items, catalogs, revisions, versions, audit events (44-49)

urlpatterns = router.urls
