"""``OPTIONS`` output in the shape the documentation shows (spec/oms-customers.txt).

``name``, ``renders``, ``parses``, ``actions.GET`` (every serializer field) and
``filters`` (every filter of the endpoint's filterset), all generated from the
endpoint's declaration.
"""

from django.utils.encoding import force_str
from django.utils.functional import Promise
from django_filters import filters as django_filters
from rest_framework import serializers
from rest_framework.metadata import SimpleMetadata
from rest_framework.utils.field_mapping import ClassLookupDict

# The filter type names of the documented output; a filter class may set
# ``metadata_type`` to override.
FILTER_TYPES = ClassLookupDict(
    {
        django_filters.ChoiceFilter: "dropdown",
        django_filters.NumberFilter: "integer",
        django_filters.BooleanFilter: "boolean",
        django_filters.Filter: "string",
    }
)


class ListMetadata(SimpleMetadata):
    label_lookup = ClassLookupDict(
        {
            **SimpleMetadata.label_lookup.mapping,
            serializers.PrimaryKeyRelatedField: "pk field",
            serializers.JSONField: "json",
        }
    )

    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            # The documented renders: the streamed exports (api/export/streams.py) are listed in the schema.
            "renders": [r.media_type for r in view.renderer_classes if not getattr(r, "streams", False)],
            "parses": [parser.media_type for parser in view.parser_classes],
            "actions": {"GET": self.get_serializer_info(view.get_serializer())},
            "filters": self.get_filters_info(view),
        }

    def get_filters_info(self, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None:
            return []
        entries = []
        grouped = {}
        for name, filter_ in filterset_class.base_filters.items():
            group_key = (filter_.field_name, type(filter_))
            if getattr(filter_, "options_grouped", False) and group_key in grouped:
                grouped[group_key]["lookup_expr"].append(filter_.lookup_expr)
                continue
            entry = {
                "label": name.replace("__", " ").replace("_", " ").title(),
                "field_name": filter_.field_name,
                "type": getattr(filter_, "metadata_type", None) or FILTER_TYPES[filter_],
                "lookup_expr": [filter_.lookup_expr],
                "extra": json_safe(filter_.extra),
            }
            if getattr(filter_, "options_grouped", False):
                entry["label"] = name.split("__")[0].replace("_", " ").title()
                grouped[group_key] = entry
            entries.append(entry)
        return entries


def json_safe(value):
    """``value`` with lazy strings forced and what is not plain data (querysets, callables) left out."""
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items() if is_plain(item)}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value if is_plain(item)]
    return value


def is_plain(value):
    return value is None or isinstance(value, str | int | float | bool | list | tuple | dict | Promise)
