"""Sales channels: the ``<channel_id>`` of data-warehouse paths, and who may read each."""
