"""Change times served on request where the documented record leaves them out.

Some documented records (email addresses, widget types, social accounts, POS) show no
``created_date``/``modified_date``, though the records keep both and filter on them. A
standard incremental client needs the change time in every row to move its watermark, so
``include=modified_date`` (and/or ``created_date``, comma-separated) appends them to each row,
after the documented fields. Without it the output is exactly the documented one.
"""

from functools import cache

from rest_framework.exceptions import ValidationError

INCLUDE = "include"
CHANGE_TIMES = ("created_date", "modified_date")


@cache
def optional_fields(serializer_class) -> tuple[str, ...]:
    """The change times ``serializer_class``'s model keeps and its documented fields leave out."""
    meta = getattr(serializer_class, "Meta", None)
    fields = getattr(meta, "fields", "__all__")
    if isinstance(fields, str):  # not a model serializer, or "__all__" that serves them already
        return ()
    model = meta.model
    names = {field.name for field in model._meta.concrete_fields}
    return tuple(name for name in CHANGE_TIMES if name in names and name not in fields)


def requested_fields(request, serializer_class) -> tuple[str, ...]:
    """The optional fields ``include`` asks for, in :data:`CHANGE_TIMES` order (a 400 for others)."""
    if INCLUDE not in request.query_params:
        return ()
    offered = optional_fields(serializer_class)
    asked = {name.strip() for value in request.query_params.getlist(INCLUDE) for name in value.split(",")}
    if asked - set(offered):
        raise ValidationError({INCLUDE: [f"Accepted values: {', '.join(offered)} (comma-separated)."]})
    return tuple(name for name in offered if name in asked)


@cache
def with_fields(serializer_class, names: tuple[str, ...]):
    """``serializer_class`` with ``names`` appended to its fields (one class per combination)."""
    meta = type("Meta", (serializer_class.Meta,), {"fields": [*serializer_class.Meta.fields, *names]})
    attrs = {"Meta": meta, "__module__": serializer_class.__module__}
    return type(serializer_class.__name__, (serializer_class,), attrs)
