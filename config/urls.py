"""Root URL map."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from authentication.views import ActiveUserView

# The admin names the service, and gives its change lists the full width (no app sidebar).
admin.site.site_header = admin.site.site_title = "Akinon reporting"
admin.site.index_title = "Data"
admin.site.enable_nav_sidebar = False

handler400 = "api.exceptions.bad_request"
handler403 = "api.exceptions.permission_denied"
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask every page's icon here; the admin and the JSON pages declare none.
    path("favicon.ico", RedirectView.as_view(url=static("api/favicon.png"), permanent=True)),
    path("api/v1/auth/", include("authentication.urls")),
    re_path(r"^api/v1/active_user/?$", ActiveUserView.as_view(), name="active-user"),
    path("api/v1/oms/", include("oms.urls")),
    path("api/v1/remote/<int:channel_id>/data-warehouse/", include("datawarehouse.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="redoc",
    ),
]
