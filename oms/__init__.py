"""The OMS API (``/api/v1/oms/``): one Django app per domain, and the URL map."""
