"""The OMS API's URL map: ``/api/v1/oms/…``."""

from api.routers import Router
from geography import views as geography

router = Router()

# Geography
router.register("cities/list-simple", geography.OmsCityDetailedViewSet, basename="oms-city-detailed")
router.register("cities", geography.OmsCityViewSet, basename="oms-city")
router.register(
    "districts/list-simple", geography.OmsDistrictDetailedViewSet, basename="oms-district-detailed"
)
router.register("districts", geography.OmsDistrictViewSet, basename="oms-district")

urlpatterns = router.urls
