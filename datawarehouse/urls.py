"""The data-warehouse URL map: ``/api/v1/remote/<channel_id>/data-warehouse/…``."""

from api.routers import Router

router = Router()

urlpatterns = router.urls
