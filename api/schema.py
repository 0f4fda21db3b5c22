"""OpenAPI generation: component names that stay unique across the two APIs."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

# Both APIs document records of the same name (order items, products) with
# different fields; their components are prefixed by API.
API_PREFIXES = {"datawarehouse": "Dw", "oms": "Oms"}


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        prefix = API_PREFIXES.get(type(serializer).__module__.split(".")[0], "")
        return name if name.startswith(prefix) else prefix + name
