"""Factories for the campaign records: each builds its parents in its own channel."""

import factory

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
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.factories import ChannelChildFactory, ChannelFactory

SAME_CHANNEL = factory.SelfAttribute("..channel")


class ProductCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCollection

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")


class ProductCollectionItemFactory(ChannelChildFactory):
    _parent = "collection"

    class Meta:
        model = ProductCollectionItem

    collection = factory.SubFactory(ProductCollectionFactory)
    channel = factory.SelfAttribute("collection.channel")
    product = factory.SubFactory(ProductFactory, channel=SAME_CHANNEL)


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    channel = factory.SubFactory(ChannelFactory)
    condition_type = Condition.ConditionType.AMOUNT
    kwargs = factory.LazyFunction(
        lambda: {"price_type": "unit_price", "value": 100, "consume_type": "globally"}
    )


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    channel = factory.SubFactory(ChannelFactory)
    benefit_type = Benefit.BenefitType.PERCENTAGE
    kwargs = factory.LazyFunction(
        lambda: {"price_type": "unit_price", "amount": 10, "consume_type": "locally"}
    )


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Promotion {n}")
    slug = factory.Sequence(lambda n: f"promotion-{n}")


class BasketOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BasketOffer

    channel = factory.SubFactory(ChannelFactory)
    label = factory.Sequence(lambda n: f"Offer {n}")
    currencies = factory.LazyFunction(lambda: ["try"])
    promotion = factory.SubFactory(PromotionFactory, channel=SAME_CHANNEL)
    condition = factory.SubFactory(ConditionFactory, channel=SAME_CHANNEL)
    benefit = factory.SubFactory(BenefitFactory, channel=SAME_CHANNEL)


class BulkVoucherCodeFactory(ChannelChildFactory):
    _parent = "basket_offer"

    class Meta:
        model = BulkVoucherCode

    basket_offer = factory.SubFactory(BasketOfferFactory, offer_type=BasketOffer.OfferType.BULK_VOUCHER_CODE)
    channel = factory.SelfAttribute("basket_offer.channel")
    code = factory.Sequence(lambda n: f"CODE{n:06d}")


class SessionOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionOffer

    channel = factory.SubFactory(ChannelFactory)
    type = SessionOffer.Type.B2B
    code = factory.Sequence(lambda n: f"b2b-promotion-{n}")


class LoyaltyCardFactory(ChannelChildFactory):
    _parent = "user"

    class Meta:
        model = LoyaltyCard

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    number = factory.Sequence(lambda n: f"{n:08d}")
    attributes = factory.LazyAttribute(lambda card: {"account_number": card.number})
