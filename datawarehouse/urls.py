"""The data-warehouse URL map: ``/api/v1/remote/<channel_id>/data-warehouse/…``.

One line an endpoint, in the documentation's order (section numbers in comments).
"""

from api.routers import Router
from datawarehouse.accounts import views as accounts
from datawarehouse.baskets import views as baskets
from datawarehouse.campaigns import views as campaigns
from datawarehouse.catalogs import views as catalogs
from datawarehouse.cms import views as cms
from datawarehouse.loyalty import views as loyalty
from datawarehouse.orders import views as orders
from datawarehouse.payments import views as payments
from datawarehouse.products import views as products
from datawarehouse.shippings import views as shippings
from datawarehouse.social import views as social
from datawarehouse.tracking import views as tracking
from geography import views as geography

router = Router()

# Accounts and geography (1-9)
router.register("account/email-addresses", accounts.EmailAddressViewSet, basename="dw-email-address")
router.register("addresses", accounts.AddressViewSet, basename="dw-address")
router.register("districts", geography.DwDistrictViewSet, basename="dw-district")
router.register("countries", geography.DwCountryViewSet, basename="dw-country")
router.register("cities", geography.DwCityViewSet, basename="dw-city")
router.register("townships", geography.DwTownshipViewSet, basename="dw-township")
router.register("users", accounts.UserViewSet, basename="dw-user")
router.register("favourite-products", accounts.FavouriteProductViewSet, basename="dw-favourite-product")
router.register("product-alerts", accounts.ProductAlertViewSet, basename="dw-product-alert")

# Orders (10-14)
router.register("orders/orders", orders.OrderViewSet, basename="dw-order")
router.register("orders/order-items", orders.OrderItemViewSet, basename="dw-order-item")
router.register("orders/transactions", orders.TransactionViewSet, basename="dw-order-transaction")
router.register("orders/discount-items", orders.DiscountItemViewSet, basename="dw-order-discount-item")
router.register("orders/benefit-applicants", orders.BenefitApplicantViewSet, basename="dw-benefit-applicant")

# Pretty URLs, products (15-17)
router.register("pretty-urls", cms.PrettyUrlViewSet, basename="dw-pretty-url")
router.register("products/products", products.ProductViewSet, basename="dw-product")
router.register("products/product-images", products.ProductImageViewSet, basename="dw-product-image")

# Campaigns (18-26)
router.register("campaigns/conditions", campaigns.ConditionViewSet, basename="dw-condition")
router.register("campaigns/benefits", campaigns.BenefitViewSet, basename="dw-benefit")
router.register("campaigns/basket-offers", campaigns.BasketOfferViewSet, basename="dw-basket-offer")
router.register("campaigns/promotions", campaigns.PromotionViewSet, basename="dw-promotion")
router.register(
    "campaigns/bulk-voucher-codes", campaigns.BulkVoucherCodeViewSet, basename="dw-bulk-voucher-code"
)
router.register("campaigns/session-offers", campaigns.SessionOfferViewSet, basename="dw-session-offer")
router.register("campaigns/loyalty-cards", campaigns.LoyaltyCardViewSet, basename="dw-loyalty-card")
router.register(
    "campaigns/product-collection-items",
    campaigns.ProductCollectionItemViewSet,
    basename="dw-product-collection-item",
)
router.register(
    "campaigns/product-collections", campaigns.ProductCollectionViewSet, basename="dw-product-collection"
)

# CMS (27-33)
router.register("cms/seo", cms.SeoViewSet, basename="dw-seo")
router.register("cms/special-pages", cms.SpecialPageViewSet, basename="dw-special-page")
router.register("cms/widget-types", cms.WidgetTypeViewSet, basename="dw-widget-type")
router.register("cms/widgets", cms.WidgetViewSet, basename="dw-widget")
router.register(
    "cms/special-page-pretty-urls", cms.SpecialPagePrettyUrlViewSet, basename="dw-special-page-pretty-url"
)
router.register("cms/landing-page-types", cms.LandingPageTypeViewSet, basename="dw-landing-page-type")
router.register("cms/landing-pages", cms.LandingPageViewSet, basename="dw-landing-page")

# Loyalty, social accounts, content types, redirects, payments, shipping (34-41)
router.register("loyalty/accounts", loyalty.LoyaltyAccountViewSet, basename="dw-loyalty-account")
router.register("loyalty/transfers", loyalty.LoyaltyTransferViewSet, basename="dw-loyalty-transfer")
router.register("loyalty/transactions", loyalty.LoyaltyTransactionViewSet, basename="dw-loyalty-transaction")
router.register("social-account/accounts", social.SocialAccountViewSet, basename="dw-social-account")
router.register("content-types", tracking.ContentTypeViewSet, basename="dw-content-type")
router.register("redirects", tracking.RedirectViewSet, basename="dw-redirect")
router.register("payments/pos", payments.PosViewSet, basename="dw-pos")
router.register("shippings/shipping-options", shippings.ShippingOptionViewSet, basename="dw-shipping-option")

# Baskets (42-43)
router.register("baskets/baskets", baskets.BasketViewSet, basename="dw-basket")
router.register("baskets/basket-items", baskets.BasketItemViewSet, basename="dw-basket-item")

# Deleted items, catalogs, revisions, versions, audit events (44-49)
router.register("deleted-items", tracking.DeletedItemViewSet, basename="dw-deleted-item")
router.register("catalogs/category-nodes", catalogs.CategoryNodeViewSet, basename="dw-category-node")
router.register("catalogs/product-prices", catalogs.ProductPriceViewSet, basename="dw-product-price")
router.register("reversions/revisions", tracking.RevisionViewSet, basename="dw-revision")
router.register("reversions/versions", tracking.VersionViewSet, basename="dw-version")
router.register("audit-events", tracking.AuditEventViewSet, basename="dw-audit-event")

urlpatterns = router.urls
