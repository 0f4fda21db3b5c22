"""Volume data for customer accounts: users at scale, with their e-mail addresses and addresses,
and a fifth as many favourite products and product alerts.

Every child takes its user's channel; favourites and alerts point at products of that channel.
"""

import datetime
import hashlib

from api.volume_data.generation import LANGUAGES, email, ip_address, person, phone
from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User
from datawarehouse.products.models import Product
from geography.models import City, District
from sales_channels.models import Channel

AFTER = ("sales_channels", "geography", "dw_products")

CLIENT_TYPES = ["default", "default", "android", "ios"]
STREETS = ["Lale", "Gül", "Menekşe", "Papatya", "Çınar", "Ihlamur", "Zambak", "Orkide", "Akasya", "Söğüt"]  # noqa: RUF001
TITLES = ["Ev", "İş", "Ofis", "Annem", ""]
TAX_OFFICES = ["Kadıköy", "Beşiktaş", "Çankaya", "Konak", "Nilüfer"]  # noqa: RUF001
OTHER_ADDRESS_TYPES = [
    Address.AddressType.RETAIL_STORE,
    Address.AddressType.PICKUP_LOCATION,
    Address.AddressType.CHECKOUT_PROVIDER,
]


def generate(volume):
    start = User.objects.count()
    rng = volume.rng("dw_accounts.user", start)
    channels = volume.ids(Channel)
    volume.insert(
        User, (user(volume, rng, rng.choice(channels), start + n) for n in range(volume.scale)), volume.scale
    )

    users = list(
        User.objects.order_by("pk").values_list(
            "pk", "channel_id", "email", "first_name", "last_name", "phone"
        )[start:]
    )
    email_addresses(volume, users)
    addresses(volume, users, channels)
    products = volume.by_channel(Product)
    shoppers = [row[:2] for row in users if products.get(row[1])]
    user_products(volume, FavouriteProduct, shoppers, products)
    user_products(
        volume,
        ProductAlert,
        shoppers,
        products,
        language=lambda rng: rng.choice(LANGUAGES),
        is_active=lambda rng: rng.random() < 0.7,
    )


def user(volume, rng, channel_id, number):
    created, modified = volume.timestamps(rng)
    first_name, last_name = person(rng)
    address = email(rng, first_name, last_name, number + 1)
    anonymized = rng.random() < 0.02
    if anonymized:
        # Akinon replaces an anonymised user's address and phone by hashes.
        address = f"{hashlib.md5(address.encode()).hexdigest()}@akinon.com"
    return User(
        channel_id=channel_id,
        gender=rng.choice([User.Gender.MALE, User.Gender.FEMALE, None]),
        user_type=User.UserType.REGISTERED if rng.random() < 0.9 else User.UserType.GUEST,
        last_login=modified if rng.random() < 0.8 else None,
        username=address,
        first_name=first_name,
        last_name=last_name,
        email=address,
        is_active=not anonymized and rng.random() < 0.97,
        date_joined=created,
        email_allowed=rng.choice([True, False, None]),
        sms_allowed=rng.choice([True, False, None]),
        call_allowed=rng.choice([True, False, None]),
        is_anonymized=anonymized,
        phone=(hashlib.md5(address.encode()).hexdigest() if anonymized else phone(rng))
        if rng.random() < 0.8
        else None,
        date_of_birth=datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
        if rng.random() < 0.6
        else None,
        language_code=rng.choice(LANGUAGES),
        groups=rng.choice([[], [], [], [1], [34, 1]]),
        attributes={
            "logged_ip": ip_address(rng),
            "register_client_type": rng.choice(CLIENT_TYPES),
            "verified_user": rng.random() < 0.7,
        },
        created_date=created,
        modified_date=modified,
    )


def email_addresses(volume, users):
    """Each new user's own address as its primary one; one user in ten has a second address."""
    rng = volume.rng("dw_accounts.emailaddress", EmailAddress.objects.count())
    rows = [(row, True) for row in users] + [(row, False) for row in users if rng.random() < 0.1]
    volume.insert(EmailAddress, (email_address(volume, rng, *row) for row in rows), len(rows))


def email_address(volume, rng, user, primary):
    user_id, channel_id, address, first_name, last_name, _ = user
    created, modified = volume.timestamps(rng)
    return EmailAddress(
        channel_id=channel_id,
        user_id=user_id,
        email=address if primary else email(rng, last_name, first_name, rng.randrange(100, 10000)),
        verified=rng.random() < 0.7,
        primary=primary,
        created_date=created,
        modified_date=modified,
    )


def addresses(volume, users, channels):
    """A scale's worth: most belong to a new user (the first one its primary), some to stores."""
    rng = volume.rng("dw_accounts.address", Address.objects.count())
    countries = dict(City.objects.values_list("pk", "country_id"))
    districts = list(District.objects.order_by("pk").values_list("pk", "name", "city_id", "township_id"))
    if not districts:
        return
    seen = set()
    volume.insert(
        Address,
        (address(volume, rng, users, channels, countries, districts, seen) for _ in range(volume.scale)),
        volume.scale,
    )


def address(volume, rng, users, channels, countries, districts, seen):
    created, modified = volume.timestamps(rng)
    district_id, district, city_id, township_id = rng.choice(districts)
    if users and rng.random() < 0.9:
        user_id, channel_id, user_email, first_name, last_name, user_phone = rng.choice(users)
        address_type, retail_store = Address.AddressType.CUSTOMER, None
    else:
        user_id, channel_id, user_email, user_phone = None, rng.choice(channels), "", ""
        first_name, last_name = person(rng)
        address_type = rng.choice(OTHER_ADDRESS_TYPES)
        retail_store = rng.randrange(1, 500) if address_type == Address.AddressType.RETAIL_STORE else None
    line = f"{district} {rng.choice(STREETS)} Sk. No:{rng.randrange(1, 200)} D:{rng.randrange(1, 30)}"
    corporate = rng.random() < 0.1
    primary = user_id is not None and user_id not in seen
    seen.add(user_id)
    return Address(
        channel_id=channel_id,
        address_type=address_type,
        email=user_email,
        phone_number=user_phone or phone(rng),
        first_name=first_name,
        last_name=last_name,
        line=line,
        is_active=rng.random() < 0.95,
        postcode=f"{rng.randrange(1000, 81999):05d}" if rng.random() < 0.5 else "",
        notes=rng.choice([None, None, None, "Kapıcıya bırakılabilir."]),  # noqa: RUF001
        company_name=f"{last_name} Ltd. Şti." if corporate else "",
        tax_office=rng.choice(TAX_OFFICES) if corporate else "",
        tax_no=f"{rng.randrange(10**10):010d}" if corporate else "",
        e_bill_taxpayer=corporate and rng.random() < 0.5,
        hash_data=hashlib.md5(f"{first_name}{last_name}{line}{district_id}".encode()).hexdigest(),
        identity_number=f"{rng.randrange(1, 10)}{rng.randrange(10**10):010d}" if rng.random() < 0.3 else None,
        title=rng.choice(TITLES),
        primary=primary,
        country_id=countries[city_id],
        city_id=city_id,
        township_id=township_id,
        district_id=district_id,
        retail_store=retail_store,
        user_id=user_id,
        created_date=created,
        modified_date=modified,
    )


def user_products(volume, model, shoppers, products, **values):
    """A fifth of the scale of ``model`` rows, each a user's and a product of the user's channel.

    ``values`` maps further fields to functions of the table's generator.
    """
    rng = volume.rng(f"dw_accounts.{model._meta.model_name}", model.objects.count())
    total = volume.scale // 5 if shoppers else 0
    volume.insert(
        model,
        (
            model(
                channel_id=channel_id,
                user_id=user_id,
                product_id=rng.choice(products[channel_id]),
                created_date=created,
                modified_date=modified,
                **{field: value(rng) for field, value in values.items()},
            )
            for user_id, channel_id in (rng.choice(shoppers) for _ in range(total))
            for created, modified in [volume.timestamps(rng)]
        ),
        total,
    )
