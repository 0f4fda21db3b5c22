"""OpenAPI generation: component names that stay unique across the two APIs."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.optional_fields import INCLUDE, optional_fields

# Both APIs document records of the same name (order items, products) with
# different fields; their components are prefixed by API.
API_PREFIXES = {"datawarehouse": "Dw", "oms": "Oms"}


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        prefix = API_PREFIXES.get(type(serializer).__module__.split(".")[0], "")
        return name if name.startswith(prefix) else prefix + name

    def get_override_parameters(self):
        """Lists whose documented records leave out their change times document ``include``."""
        parameters = super().get_override_parameters()
        serializer_class = getattr(self.view, "serializer_class", None)
        offered = optional_fields(serializer_class) if self._is_list_view() and serializer_class else ()
        if self._is_list_view():
            parameters += EXPORT_PARAMETERS
        if offered:
            parameters.append(
                OpenApiParameter(
                    INCLUDE,
                    str,
                    description=f"Also serve {' and '.join(offered)} in each row, after the documented "
                    "fields (comma-separated), so that an incremental client can read its watermark.",
                    enum=[*offered, ",".join(offered)] if len(offered) > 1 else list(offered),
                )
            )
        return parameters


EXPORT_PARAMETERS = [
    OpenApiParameter(
        "resume",
        str,
        description="Export only (`format=ndjson` or `parquet`): the token of the export's "
        '`Link: <…>; rel="resume"` header, which pins its horizon, sort and filters. Request that link '
        "with `after` to continue a dropped export.",
    ),
    OpenApiParameter(
        "after",
        str,
        description="Export only, with `resume`: the JSON array of the last received row's values of the "
        'fields the `X-Export-Sort` header names (`[12345]`, `["ADANA",12]`); the export continues '
        "after that row.",
    ),
]

ERROR_RESPONSES = {
    "400": "A malformed or unknown query parameter; the body is keyed by the parameter's name.",
    "401": "No valid token in the Authorization header.",
    "403": "The token's user is not granted this channel.",
    "404": "No such channel or record.",
    "406": "The Accept header names no format this operation serves.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}

# An endpoint that may purge old records declares it with drf-spectacular's extend_schema
# (api.exceptions.FullResyncRequired); its body is an Error, as every error's.
FULL_RESYNC_RESPONSE = OpenApiResponse(
    description="Gone: the request's modified_date, created_date or id lower bound lies before what "
    "was purged. Resync in full: read every endpoint again without a lower bound, then resume "
    "incremental syncs from the time that full resync began. The detail names the purge cutoff."
)

# What an export body is: CSV text, an xlsx workbook, NDJSON lines (one row each), a Parquet file.
EXPORT_SCHEMAS = {
    "text/csv": {"type": "string"},
    "application/xls": {"type": "string", "format": "binary"},
    "application/x-ndjson": {"type": "string", "description": "One row per line, as a JSON page's results."},
    "application/vnd.apache.parquet": {"type": "string", "format": "binary"},
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its JSON error answers,
    and its exports as files rather than as the JSON page schema."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "description": '`{"detail": "…"}`, or `{"<parameter>": ["…"]}` for a bad query parameter.',
        "additionalProperties": True,
    }
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            require_query_values(operation)
            if not any(parameter["name"] == "resume" for parameter in operation.get("parameters", [])):
                leave_out_exports(operation)
            for response in operation["responses"].values():
                for media_type, schema in EXPORT_SCHEMAS.items():
                    if media_type in response.get("content", {}):
                        response["content"][media_type] = {"schema": schema}
            for status, description in ERROR_RESPONSES.items():
                operation["responses"].setdefault(status, {"description": description, "content": error})
            for status, response in operation["responses"].items():
                if status >= "400":
                    response.setdefault("content", error)
    return result


def require_query_values(operation):
    """Query parameters need a value (``?modified_date__gt=`` is a 400); only ``cursor`` may be empty."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") != "query" or parameter["name"] == "cursor":
            continue
        if schema.get("type") == "string":
            schema.setdefault("minLength", 1)
        elif schema.get("type") == "array":
            schema.setdefault("minItems", 1)


STREAMED = {"application/x-ndjson": "ndjson", "application/vnd.apache.parquet": "parquet"}


def leave_out_exports(operation):
    """Only a list streams an export: a record's operation documents the other formats."""
    for response in operation["responses"].values():
        for media_type in STREAMED:
            response.get("content", {}).pop(media_type, None)
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "format" and "enum" in parameter["schema"]:
            parameter["schema"]["enum"] = [
                f for f in parameter["schema"]["enum"] if f not in STREAMED.values()
            ]
