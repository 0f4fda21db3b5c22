"""``manage.py generate_data``: scale, consistency, determinism, a second run, and its errors."""

import io
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection, models

from api.volume_data.generation import generators
from datawarehouse.accounts.models import Address, EmailAddress, User
from datawarehouse.baskets.models import Basket, BasketItem
from datawarehouse.catalogs.models import CategoryNode, ProductPrice
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransfer
from datawarehouse.orders.models import BenefitApplicant, DiscountItem, Order, OrderItem, Transaction
from datawarehouse.payments.models import Pos
from datawarehouse.products.models import Product, ProductImage
from datawarehouse.shippings.models import ShippingOption
from datawarehouse.social.models import SocialAccount
from geography.models import City, District
from oms.customers.models import Customer
from oms.orders.models import Order as OmsOrder
from oms.orders.models import OrderItem as OmsOrderItem
from oms.orders.models import Product as OmsProduct
from sales_channels.models import Channel, ChannelOwned

pytestmark = pytest.mark.django_db

SCALE = 40
# Tables that grow with the scale: rows expected per run, as (at least, at most).
LARGE = {
    District: (SCALE, SCALE),
    Customer: (SCALE, SCALE),
    OmsOrder: (SCALE // 3, SCALE // 3),
    OmsOrderItem: (SCALE, SCALE),
    OmsProduct: (SCALE // 10, SCALE // 10),
    User: (SCALE, SCALE),
    EmailAddress: (SCALE, SCALE * 3 // 2),
    Address: (SCALE, SCALE),
    Product: (SCALE, SCALE),
    ProductImage: (SCALE, SCALE),
    Order: (SCALE // 3, SCALE // 3),
    OrderItem: (SCALE, SCALE),
    Transaction: (SCALE // 6, SCALE // 2),
    Basket: (SCALE // 3, SCALE // 3),
    BasketItem: (SCALE, SCALE),
    ProductPrice: (SCALE, SCALE),
    SocialAccount: (SCALE // 10, SCALE // 10),
}
# Reference tables: a fixed size whatever the scale, the same after a second run.
SMALL = {Channel: 3, City: 3 * 81, Pos: 3 * 5, ShippingOption: 3 * 5, CategoryNode: 3 * 125}


def generated_models():
    """Every table the generators fill, many-to-many tables included, in generation order."""
    labels = [label for label, _ in generators()]
    return [
        model
        for label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]


def run(seed=3, scale=SCALE):
    call_command("generate_data", scale=scale, seed=seed)


def wipe():
    """Empty the generated tables and restart their ids, as on a fresh database."""
    for model in reversed(generated_models()):
        model.objects.all().delete()
    tables = {model._meta.db_table for model in generated_models()}
    sequences = [seq for seq in connection.introspection.sequence_list() if seq["table"] in tables]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)


def snapshot():
    """Every generated row, every column (ids and references included), per table."""
    return {
        model._meta.label: list(
            model.objects.order_by("pk").values_list(*(f.attname for f in model._meta.concrete_fields))
        )
        for model in generated_models()
    }


def foreign_keys(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def assert_consistent():
    """Every reference exists, and every channel-owned row shares the channel of what it points at."""
    checked = set()
    for model in generated_models():
        for field in foreign_keys(model):
            rows = model.objects.filter(**{f"{field.name}__isnull": False})
            target = field.related_model
            assert not rows.exclude(**{f"{field.attname}__in": target.objects.values("pk")}).exists(), field
            if issubclass(model, ChannelOwned) and issubclass(target, ChannelOwned) and rows.exists():
                assert not rows.exclude(channel=models.F(f"{field.name}__channel")).exists(), field
                checked.add(f"{model._meta.label}.{field.name}")
        for field in model._meta.many_to_many:
            if issubclass(model, ChannelOwned) and issubclass(field.related_model, ChannelOwned):
                source, target = foreign_keys(field.remote_field.through)
                through = field.remote_field.through.objects
                assert not through.exclude(
                    **{f"{source.name}__channel": models.F(f"{target.name}__channel")}
                ).exists()
    # The channel rule is proven on the references that matter, not on empty columns.
    assert {
        "dw_accounts.Address.user",
        "dw_accounts.FavouriteProduct.product",
        "dw_orders.Order.user",
        "dw_orders.Order.shipping_address",
        "dw_orders.Order.basket",
        "dw_orders.Order.shipping_option",
        "dw_orders.OrderItem.order",
        "dw_orders.OrderItem.product",
        "dw_orders.Transaction.pos",
        "dw_orders.BenefitApplicant.order_item",
        "dw_baskets.BasketItem.product",
        "dw_catalogs.ProductPrice.product",
        "dw_loyalty.LoyaltyTransfer.account",
        "dw_products.Product.parent",
        "dw_social.SocialAccount.user",
    } <= checked


def counts():
    return {model: model.objects.count() for model in [*LARGE, *SMALL]}


def test_large_tables_get_about_the_scale_and_small_ones_stay_small():
    run()
    for model, (low, high) in LARGE.items():
        assert low <= model.objects.count() <= high, model
    for model, rows in SMALL.items():
        assert model.objects.count() == rows, model
    assert DiscountItem.objects.exists()
    assert BenefitApplicant.objects.exists()


def test_every_reference_exists_and_children_share_their_parents_channel():
    run()
    assert_consistent()
    for model in generated_models():
        if {"created_date", "modified_date"} <= {f.name for f in model._meta.fields}:
            assert not model.objects.filter(modified_date__lt=models.F("created_date")).exists(), model
    timestamps = District.objects.values_list("modified_date", flat=True)
    assert len({modified.date() for modified in timestamps}) > SCALE // 2


def test_the_category_trees_are_what_treebeard_would_build():
    run()
    assert CategoryNode.objects.find_problems() == ([], [], [], [], [])
    roots = dict(CategoryNode.objects.get_root_nodes().values_list("path", "channel_id"))
    assert sorted(roots.values()) == sorted(Channel.objects.values_list("pk", flat=True))
    for path, channel_id in CategoryNode.objects.values_list("path", "channel_id"):
        assert roots[path[: CategoryNode.steplen]] == channel_id


def test_amounts_add_up():
    run()
    for order in Order.objects.prefetch_related("items"):
        subtotal = sum(item.price for item in order.items.all())
        assert order.amount == subtotal - order.discount_amount + order.shipping_amount
    balances = defaultdict(int)
    per_transaction = defaultdict(int)
    for account_id, transaction_id, amount in LoyaltyTransfer.objects.values_list(
        "account_id", "transaction_id", "amount"
    ):
        balances[account_id] += amount
        per_transaction[transaction_id] += amount
    assert balances
    assert set(per_transaction.values()) == {0}
    for account in LoyaltyAccount.objects.all():
        assert account.balance == balances[account.pk]
        assert account.debit_allowed or account.balance >= 0


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    wipe()  # earlier tests moved the id sequences on (PostgreSQL does not roll them back)
    run(seed=3)
    first = snapshot()
    wipe()
    run(seed=3)
    assert snapshot() == first
    wipe()
    run(seed=4)
    assert snapshot() != first


def test_a_second_run_adds_rows_without_collisions():
    run()
    before = counts()
    run()
    after = counts()
    for model in LARGE:
        assert after[model] > before[model], model
    for model in SMALL:
        assert after[model] == before[model], model
    assert_consistent()
    assert CategoryNode.objects.find_problems() == ([], [], [], [], [])


def test_generators_run_after_the_apps_they_refer_to():
    order = [label for label, _ in generators()]
    assert order.index("dw_products") < order.index("dw_accounts") < order.index("dw_orders")
    assert order.index("dw_baskets") < order.index("dw_orders") < order.index("dw_loyalty")


def test_generators_that_wait_for_each_other_are_a_clear_error(monkeypatch):
    from geography import volume as geography
    from sales_channels import volume as sales_channels

    monkeypatch.setattr(sales_channels, "AFTER", ("geography",), raising=False)
    monkeypatch.setattr(geography, "AFTER", ("sales_channels",), raising=False)
    with pytest.raises(ImproperlyConfigured, match="geography"):
        list(generators())


@pytest.mark.parametrize(
    "arguments",
    [["--scale", "-5"], ["--scale", "0"], [], ["--scale", "many"], ["--scale", "10", "--seed", "x"]],
)
def test_a_missing_or_bad_argument_is_a_clear_error(arguments):
    with pytest.raises(CommandError, match=r"scale|seed"):
        call_command("generate_data", *arguments)


@pytest.mark.django_db(transaction=True)
def test_the_planner_gets_statistics_on_what_was_generated():
    """Statistics after the bulk load: PostgreSQL sorted whole channels for every page without them."""
    out = io.StringIO()
    call_command("generate_data", scale=5, seed=1, stdout=out, stderr=io.StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assert "statistics: VACUUM (ANALYZE)" in out.getvalue()
            cursor.execute(
                "SELECT last_analyze IS NOT NULL, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
                "WHERE relname = %s",
                [District._meta.db_table],
            )
            assert cursor.fetchone() == (True, True)
        else:
            assert "statistics: ANALYZE" in out.getvalue()
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [District._meta.db_table])
            assert cursor.fetchone()[0] > 0
