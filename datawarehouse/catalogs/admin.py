"""Catalog admin: treebeard's tree admin for category nodes, a plain one for prices."""

from django import forms
from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, TreeNodeChoiceField, movenodeform_factory

from api.admin.base import ReportingAdmin
from datawarehouse.catalogs.models import CategoryNode, ProductPrice


class CategoryNodeForm(MoveNodeForm):
    """treebeard's node form with the reference node typed as an id.

    The stock field is a select box of the whole tree, which a catalogue of
    thousands of categories would render into every change page.
    """

    treebeard_ref_node = TreeNodeChoiceField(
        queryset=None,
        required=False,
        widget=forms.NumberInput,
        label="Relative to (category node id)",
        help_text="Empty for a root node.",
    )


@admin.register(CategoryNode)
class CategoryNodeAdmin(TreeAdmin, ReportingAdmin):
    """One level of the tree per page, children loaded as they are opened (treebeard's admin)."""

    form = movenodeform_factory(CategoryNode, form=CategoryNodeForm)
    list_display = ("name", "id", "path", "numchild", "order", "pretty_url", "modified_date")
    list_filter = ("channel",)
    search_fields = ("name", "=path", "=uuid")
    raw_id_fields = ("pretty_url",)
    list_select_related = ("pretty_url",)


@admin.register(ProductPrice)
class ProductPriceAdmin(ReportingAdmin):
    list_display = ("id", "product", "price_type", "price", "retail_price", "currency_type", "modified_date")
    list_filter = ("price_type", "currency_type", "channel")
    search_fields = ("=product__sku",)
    raw_id_fields = ("product",)
    list_select_related = ("product",)
    date_hierarchy = "modified_date"
