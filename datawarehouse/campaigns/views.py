"""Campaign endpoints (sections 18-26)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.campaigns import filters, serializers
from datawarehouse.campaigns.models import (
    BasketOffer,
    Benefit,
    BulkVoucherCode,
    Condition,
    LoyaltyCard,
    ProductCollection,
    ProductCollectionItem,
    Promotion,
    SessionOffer,
)


class ConditionViewSet(DataWarehouseViewSet):
    queryset = Condition.objects.all()
    serializer_class = serializers.ConditionSerializer
    filterset_class = filters.ConditionFilter


class BenefitViewSet(DataWarehouseViewSet):
    queryset = Benefit.objects.all()
    serializer_class = serializers.BenefitSerializer
    filterset_class = filters.BenefitFilter


class BasketOfferViewSet(DataWarehouseViewSet):
    queryset = BasketOffer.objects.all()
    serializer_class = serializers.BasketOfferSerializer
    filterset_class = filters.BasketOfferFilter


class PromotionViewSet(DataWarehouseViewSet):
    queryset = Promotion.objects.all()
    serializer_class = serializers.PromotionSerializer
    filterset_class = filters.PromotionFilter


class BulkVoucherCodeViewSet(DataWarehouseViewSet):
    queryset = BulkVoucherCode.objects.all()
    serializer_class = serializers.BulkVoucherCodeSerializer
    filterset_class = filters.BulkVoucherCodeFilter


class SessionOfferViewSet(DataWarehouseViewSet):
    queryset = SessionOffer.objects.all()
    serializer_class = serializers.SessionOfferSerializer
    filterset_class = filters.SessionOfferFilter


class LoyaltyCardViewSet(DataWarehouseViewSet):
    queryset = LoyaltyCard.objects.all()
    serializer_class = serializers.LoyaltyCardSerializer
    filterset_class = filters.LoyaltyCardFilter


class ProductCollectionItemViewSet(DataWarehouseViewSet):
    queryset = ProductCollectionItem.objects.all()
    serializer_class = serializers.ProductCollectionItemSerializer
    filterset_class = filters.ProductCollectionItemFilter


class ProductCollectionViewSet(DataWarehouseViewSet):
    queryset = ProductCollection.objects.all()
    serializer_class = serializers.ProductCollectionSerializer
    filterset_class = filters.ProductCollectionFilter
