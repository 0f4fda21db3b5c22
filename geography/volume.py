"""Volume data for geography: small country and city tables, townships and districts at scale."""

from decimal import Decimal

from geography.models import City, Country, District, Township

COUNTRIES = [("Türkiye", "tr"), ("England", "en"), ("Romania", "ro")]
CITIES_PER_COUNTRY = 81
NAMES = ["MERKEZ", "YENİ", "CUMHURİYET", "ATATÜRK", "FATİH", "İSTİKLAL", "BAHÇELİEVLER", "ÇAMLIK", "GÜLTEPE"]


def coordinate(rng, low, high):
    return None if rng.random() < 0.6 else Decimal(rng.uniform(low, high)).quantize(Decimal("0.00000001"))


def generate(volume):
    rng = volume.rng("geography")
    new_countries = COUNTRIES[Country.objects.count() :]
    volume.insert(
        Country,
        (
            Country(name=name, code=code, created_date=t[0], modified_date=t[1])
            for name, code in new_countries
            for t in [volume.timestamps(rng)]
        ),
        len(new_countries),
    )
    for country in Country.objects.order_by("pk"):
        missing = CITIES_PER_COUNTRY - country.cities.count()
        volume.insert(City, (city(volume, rng, country, n) for n in range(max(missing, 0))), max(missing, 0))

    cities = volume.ids(City)
    townships = max(volume.scale // 20, 1)
    volume.insert(Township, (township(volume, rng, cities, n) for n in range(townships)), townships)

    township_cities = dict(Township.objects.values_list("pk", "city_id"))
    township_ids = sorted(township_cities)
    volume.insert(
        District,
        (district(volume, rng, township_cities, township_ids, n) for n in range(volume.scale)),
        volume.scale,
    )


def country(volume, rng, name, code):
    created, modified = volume.timestamps(rng)
    return Country(name=name, code=code, created_date=created, modified_date=modified)


def city(volume, rng, country, n):
    created, modified = volume.timestamps(rng)
    return City(
        name=f"{country.code.upper()} CITY {n + 1}",
        country=country,
        omnitron_id=rng.randrange(1, 10**6),
        latitude=coordinate(rng, 36, 42),
        longitude=coordinate(rng, 26, 45),
        created_date=created,
        modified_date=modified,
    )


def township(volume, rng, cities, n):
    created, modified = volume.timestamps(rng)
    return Township(
        name=f"{rng.choice(NAMES)} {n}",
        city_id=rng.choice(cities),
        omnitron_id=rng.randrange(1, 10**6),
        created_date=created,
        modified_date=modified,
    )


def district(volume, rng, township_cities, township_ids, n):
    created, modified = volume.timestamps(rng)
    township_id = rng.choice(township_ids)
    return District(
        name=f"{rng.randrange(1, 200)}. {rng.choice(NAMES)} MAH",
        city_id=township_cities[township_id],
        township_id=township_id,
        omnitron_id=rng.randrange(1, 10**7),
        is_active=rng.random() > 0.05,
        latitude=coordinate(rng, 36, 42),
        longitude=coordinate(rng, 26, 45),
        created_date=created,
        modified_date=modified,
    )
