"""A reporting client the way Akinon's platform clients work, end to end through HTTP.

Sign in with a JSON body, check the key with ``active_user``, then page a list
with ``page``, ``limit`` and ``sort=id`` until ``next`` is null.
"""

import pytest
from rest_framework.test import APIClient

from tests.authentication.conftest import PASSWORD
from tests.factories import ChannelFactory
from tests.geography.factories import CityFactory

pytestmark = pytest.mark.django_db


class Session:
    """The few ``requests.Session`` calls such a client makes, over the Django test client."""

    def __init__(self, base_url=""):
        self.client = APIClient()
        self.base_url = base_url
        self.headers = {}

    def post(self, path, json):
        return self.client.post(self.base_url + path, json, format="json", **self._meta())

    def get(self, path, params=None):
        return self.client.get(self.base_url + path, params or {}, **self._meta())

    def _meta(self):
        return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in self.headers.items()}


def sign_in(session, username, password):
    response = session.post("/api/v1/auth/login/", json={"username": username, "password": password})
    assert response.status_code == 200, response.content
    session.headers["Authorization"] = f"Token {response.json()['key']}"
    assert session.get("/api/v1/active_user/").status_code == 200


def test_a_client_signs_in_and_walks_a_list_to_its_end(user):
    ChannelFactory().users.add(user)
    cities = CityFactory.create_batch(25)
    session = Session()
    sign_in(session, "reporter", PASSWORD)

    seen, page = [], 1
    while True:
        response = session.get("/api/v1/oms/cities/", params={"page": page, "limit": 10, "sort": "id"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == 25
        assert len(body["results"]) <= 10
        seen += [row["pk"] for row in body["results"]]
        if body["next"] is None:
            break
        assert f"page={page + 1}" in body["next"]
        assert "limit=10" in body["next"]
        assert "sort=id" in body["next"]
        page += 1

    assert page == 3
    assert seen == sorted(city.pk for city in cities)
    assert len(set(seen)) == len(seen) == 25
