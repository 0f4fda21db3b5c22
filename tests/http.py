"""The GET every endpoint test makes: a list's rows (or their ids), asserting a 200 on the way."""


def results(client, url: str, params: dict | None = None) -> list[dict]:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def result_ids(client, url: str, params: dict | None = None) -> list:
    return [row["id"] for row in results(client, url, params)]
