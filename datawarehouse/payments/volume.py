"""Volume data for POS: a fixed set of payment gateways per channel (reference data, not volume)."""

from datawarehouse.payments.models import Pos
from sales_channels.models import Channel

AFTER = ("sales_channels",)

GATEWAYS = "omnicore.libs.payment_gateways"
# (name, slug, gateway, resource URL, 3D Secure URL), as the documented POS read.
POS = [
    (
        "Garanti BBVA",
        "garanti",
        f"{GATEWAYS}.garanti.GarantiGateway",
        "https://sanalposprov.garanti.com.tr/VPServlet",
        "https://sanalposprov.garanti.com.tr/servlet/gt3dengine",
    ),
    (
        "YKB Credit",
        "ykb-credit",
        f"{GATEWAYS}.ykb_credit.YKBCreditGateway",
        "https://dpextuat.yapikredi.com.tr",
        None,
    ),
    (
        "Akbank",
        "akbank",
        f"{GATEWAYS}.est.EstGateway",
        "https://www.sanalakpos.com/fim/api",
        "https://www.sanalakpos.com/fim/est3Dgate",
    ),
    (
        "MultiSafepay - Mastercard",
        "multisafepay-mastercard",
        f"{GATEWAYS}.multisafepay.MultiSafepayGateway",
        "https://testapi.multisafepay.com/v1/json",
        None,
    ),
    (
        "Hediye Çeki ile Öde",
        "posas_giftcard",
        f"{GATEWAYS}.posas_giftcard.PosAsGiftCardGateway",
        "https://giftcard.example.com/",
        None,
    ),
]


def generate(volume):
    existing = set(Pos.objects.values_list("channel_id", "slug"))
    rng = volume.rng("dw_payments.pos", len(existing))
    missing = [
        (channel_id, values)
        for channel_id in volume.ids(Channel)
        for values in POS
        if (channel_id, values[1]) not in existing
    ]
    volume.insert(
        Pos, (pos(volume, rng, channel_id, *values) for channel_id, values in missing), len(missing)
    )


def pos(volume, rng, channel_id, name, slug, gateway, resource_url, three_d_resource_url):
    created, modified = volume.timestamps(rng)
    return Pos(
        channel_id=channel_id,
        name=name,
        slug=slug,
        gateway=gateway,
        resource_url=resource_url,
        three_d_resource_url=three_d_resource_url,
        created_date=created,
        modified_date=modified,
    )
