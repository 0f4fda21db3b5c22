"""Volume data for channels: a handful, so that channel-scoped tables spread over several."""

from sales_channels.models import Channel

CHANNELS = 3


def generate(volume):
    rng = volume.rng("channels")
    missing = max(CHANNELS - Channel.objects.count(), 0)
    volume.insert(Channel, (channel(volume, rng, n) for n in range(missing)), missing)


def channel(volume, rng, n):
    created, modified = volume.timestamps(rng)
    return Channel(name=f"Channel {n + 1}", created_date=created, modified_date=modified)
