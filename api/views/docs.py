"""The OpenAPI schema and Swagger UI, served from our own static files (the sidecar) with
its initialising script at its own address, since the CSP allows no inline script."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Schema(SpectacularAPIView):
    pass


class Docs(SpectacularSwaggerSplitView):
    # drf-spectacular's page with its inline <style> moved to a static file (the CSP).
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
