"""Volume data for OMS customers: a scale's worth, spread over the channels."""

from api.volume_data.generation import email, person, phone
from oms.customers.models import Customer
from sales_channels.models import Channel

AFTER = ("sales_channels",)


def generate(volume):
    start = Customer.objects.count()
    rng = volume.rng("oms_customers.customer", start)
    channels = volume.ids(Channel)
    volume.insert(
        Customer, (customer(volume, rng, channels, start + n) for n in range(volume.scale)), volume.scale
    )


def customer(volume, rng, channels, number):
    created, modified = volume.timestamps(rng)
    first_name, last_name = person(rng)
    return Customer(
        omnitron_id=number + 1,
        email=email(rng, first_name, last_name, number + 1),
        first_name=first_name,
        last_name=last_name,
        phone_number=phone(rng) if rng.random() < 0.8 else None,
        erp_code=f"C{rng.randrange(10**7):07d}" if rng.random() < 0.3 else None,
        channel_id=rng.choice(channels),
        created_date=created,
        modified_date=modified,
    )
