"""Accounts endpoints (sections 1, 2, 7, 8 and 9)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.accounts import filters, serializers
from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User


class EmailAddressViewSet(DataWarehouseViewSet):
    queryset = EmailAddress.objects.all()
    serializer_class = serializers.EmailAddressSerializer
    filterset_class = filters.EmailAddressFilter


class AddressViewSet(DataWarehouseViewSet):
    queryset = Address.objects.all()
    serializer_class = serializers.AddressSerializer
    filterset_class = filters.AddressFilter


class UserViewSet(DataWarehouseViewSet):
    queryset = User.objects.all()
    serializer_class = serializers.UserSerializer
    filterset_class = filters.UserFilter


class FavouriteProductViewSet(DataWarehouseViewSet):
    queryset = FavouriteProduct.objects.all()
    serializer_class = serializers.FavouriteProductSerializer
    filterset_class = filters.FavouriteProductFilter


class ProductAlertViewSet(DataWarehouseViewSet):
    queryset = ProductAlert.objects.all()
    serializer_class = serializers.ProductAlertSerializer
    filterset_class = filters.ProductAlertFilter
