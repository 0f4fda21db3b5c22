"""Volume data for social accounts: a tenth of the scale, each a different user's sign-in."""

from api.volume_data.generation import uuid4
from datawarehouse.accounts.models import User
from datawarehouse.social.models import SocialAccount

AFTER = ("sales_channels", "dw_accounts")

PROVIDERS = ["facebook", "google", "apple", "akifast"]


def generate(volume):
    start = SocialAccount.objects.count()
    rng = volume.rng("dw_social.socialaccount", start)
    users = list(
        User.objects.filter(social_accounts__isnull=True, user_type=User.UserType.REGISTERED)
        .order_by("pk")
        .values_list("pk", "channel_id", "email", "first_name", "last_name", "phone")
    )
    chosen = rng.sample(users, min(volume.scale // 10, len(users)))
    volume.insert(
        SocialAccount, (account(volume, rng, user, start + n) for n, user in enumerate(chosen)), len(chosen)
    )


def account(volume, rng, user, number):
    """The provider's id (unique by the row's number) and profile, shaped as each provider's is."""
    user_id, channel_id, email, first_name, last_name, phone = user
    created, modified = volume.timestamps(rng)
    provider = rng.choice(PROVIDERS)
    if provider == "facebook":
        uid, extra_data = f"{rng.randrange(10**8, 10**9)}{number:07d}", "{}"
    elif provider == "google":
        uid = f"1{rng.randrange(10**11):011d}{number:08d}"
        extra_data = {
            "email": email,
            "given_name": first_name,
            "family_name": last_name,
            "verified_email": True,
        }
    elif provider == "apple":
        uid = f"{number:06d}.{uuid4(rng).hex}.{rng.randrange(1000, 10000)}"
        extra_data = {"email": email, "is_private_email": rng.random() < 0.3}
    else:
        uid = uuid4(rng).hex.upper()
        # Stored as an older release wrote it: the Python repr of the profile, as documented.
        extra_data = str(
            {
                "akinon_user_id": uid,
                "name": first_name,
                "surname": last_name,
                "email": email,
                "phone_number": f"+9{phone}" if phone else None,
                "status": "ACTIVE",
            }
        )
    return SocialAccount(
        channel_id=channel_id,
        provider=provider,
        uid=uid,
        last_login=modified,
        date_joined=created,
        extra_data=extra_data,
        user_id=user_id,
        created_date=created,
        modified_date=modified,
    )
