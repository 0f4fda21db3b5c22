"""The endpoint registry the contract tests run over: every route of both APIs, with its factory.

Endpoints come from the routers, factories from ``tests/**/factories.py``
(one ``DjangoModelFactory`` per model), so a new endpoint is covered by the
contract tests as soon as it is registered and its model has a factory.
"""

from dataclasses import dataclass

import factory

from api.viewsets import ChannelScopedMixin, GrantedChannelsMixin
from datawarehouse.urls import router as datawarehouse_router
from oms.urls import router as oms_router
from sales_channels.models import Channel
from tests.factories import ChannelFactory


@dataclass(frozen=True)
class Endpoint:
    prefix: str
    viewset: type
    datawarehouse: bool

    def __str__(self):
        return ("dw:" if self.datawarehouse else "oms:") + self.prefix

    @property
    def model(self):
        return self.viewset.queryset.model

    @property
    def channel_field(self) -> str | None:
        return getattr(self.viewset, "channel_field", None)

    def url(self, channel_id=None) -> str:
        if self.datawarehouse:
            return f"/api/v1/remote/{channel_id}/data-warehouse/{self.prefix}/"
        return f"/api/v1/oms/{self.prefix}/"

    def make_rows(self, count: int, channel=None) -> tuple[list, int | None]:
        """``count`` rows this endpoint serves (under ``channel`` when it is channel-scoped)."""
        if channel is None and (self.datawarehouse or self.channel_field):
            channel = ChannelFactory()
        kwargs = {self.channel_field: channel} if self.channel_field else {}
        rows = factory_for(self.model).create_batch(count, **kwargs)
        return rows, channel.pk if channel else None


def channel_path(model, depth: int = 2) -> str | None:
    """The shortest lookup from ``model`` to its sales channel through foreign keys (``order__channel``)."""
    relations = [(field.name, field.related_model) for field in model._meta.get_fields() if field.many_to_one]
    for name, related in relations:
        if related is Channel:
            return name
    for name, related in relations if depth > 1 else ():
        if (path := channel_path(related, depth - 1)) is not None:
            return f"{name}__{path}"
    return None


def all_endpoints() -> list[Endpoint]:
    endpoints = []
    for prefix, viewset, _ in oms_router.registry:
        # Every OMS record that leads to a channel follows the token's grants.
        path = channel_path(viewset.queryset.model)
        if path is not None:
            assert issubclass(viewset, GrantedChannelsMixin), f"{prefix} does not follow channel grants"
        assert getattr(viewset, "channel_field", None) == path, f"{prefix}: channel_field is not {path}"
        endpoints.append(Endpoint(prefix, viewset, False))
    for prefix, viewset, _ in datawarehouse_router.registry:
        assert issubclass(viewset, ChannelScopedMixin), f"{prefix} is not channel-scoped"
        endpoints.append(Endpoint(prefix, viewset, True))
    return endpoints


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def factory_for(model):
    found = [f for f in _subclasses(factory.django.DjangoModelFactory) if f._meta.model is model]
    assert len(found) == 1, f"expected one factory for {model.__name__}, found {found}"
    return found[0]


ENDPOINTS = all_endpoints()
