"""Geography: one table per level, carrying the fields of both APIs.

The OMS pages show ``omnitron_id``, ``mapping`` and coordinates; the
data-warehouse pages show ``translations``, ``priority``, ``postcode`` and
``code``. Both read the same rows.
"""

from django.db import models

from api.models import TimeStampedModel


class GeoModel(TimeStampedModel):
    name = models.CharField(max_length=255, db_index=True)
    is_active = models.BooleanField(default=True)
    translations = models.JSONField(null=True, blank=True)

    class Meta(TimeStampedModel.Meta):
        abstract = True

    def __str__(self):
        return self.name


class OmsMapped(models.Model):
    """The OMS's link to Omnitron and its integration mapping."""

    omnitron_id = models.IntegerField(null=True, blank=True)
    mapping = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True


class Coordinates(models.Model):
    latitude = models.DecimalField(max_digits=11, decimal_places=8, null=True, blank=True)
    longitude = models.DecimalField(max_digits=11, decimal_places=8, null=True, blank=True)

    class Meta:
        abstract = True


class Country(GeoModel):
    code = models.CharField(max_length=8, db_index=True)

    class Meta(GeoModel.Meta):
        verbose_name_plural = "countries"


class City(GeoModel, OmsMapped, Coordinates):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    priority = models.IntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=32, null=True, blank=True)

    class Meta(GeoModel.Meta):
        verbose_name_plural = "cities"


class Township(GeoModel, OmsMapped):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="townships")
    postcode = models.CharField(max_length=32, null=True, blank=True)

    class Meta(GeoModel.Meta):
        pass


class District(GeoModel, OmsMapped, Coordinates):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="districts")
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="districts", null=True, blank=True
    )
    postcode = models.CharField(max_length=32, null=True, blank=True)

    class Meta(GeoModel.Meta):
        # The OMS districts list is by name, then id.
        indexes = [*GeoModel.Meta.indexes, models.Index(fields=["name", "id"])]
