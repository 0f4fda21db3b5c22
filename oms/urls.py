"""The OMS API's URL map: ``/api/v1/oms/…``."""

from api.routers import Router
from geography import views as geography
from oms.customers import views as customers
from oms.orders import views as orders

router = Router()

# Geography
router.register("cities/list-simple", geography.OmsCityDetailedViewSet, basename="oms-city-detailed")
router.register("cities", geography.OmsCityViewSet, basename="oms-city")
router.register(
    "districts/list-simple", geography.OmsDistrictDetailedViewSet, basename="oms-district-detailed"
)
router.register("districts", geography.OmsDistrictViewSet, basename="oms-district")

# Customers
router.register("customers/list-simple", customers.CustomerViewSet, basename="oms-customer")

# Order items (list-simple before the detail route)
router.register("order_items/list-simple", orders.OrderItemSimpleViewSet, basename="oms-order-item-simple")
router.register("order_items", orders.OrderItemViewSet, basename="oms-order-item")

urlpatterns = router.urls
