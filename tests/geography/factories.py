"""Geography factories: a consistent country → city → township → district chain."""

import factory

from geography.models import City, Country, District, Township


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Country {n}")
    code = factory.Sequence(lambda n: f"c{n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"CITY {n}")
    country = factory.SubFactory(CountryFactory)
    omnitron_id = factory.Sequence(lambda n: n)
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=8, min_value=36, max_value=42)
    longitude = factory.Faker("pydecimal", left_digits=2, right_digits=8, min_value=26, max_value=45)


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    name = factory.Sequence(lambda n: f"TOWNSHIP {n}")
    city = factory.SubFactory(CityFactory)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"{n}. YIL MAH")
    township = factory.SubFactory(TownshipFactory)
    city = factory.SelfAttribute("township.city")
    omnitron_id = factory.Sequence(lambda n: 1000 + n)
    latitude = None
    longitude = factory.Maybe(
        "latitude",
        yes_declaration=factory.Faker("pydecimal", left_digits=2, right_digits=8),
        no_declaration=None,
    )
