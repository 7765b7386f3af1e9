"""The JSON API as another tool uses it, on SQLite and PostgreSQL: every route called, every answer checked
against the OpenAPI document the server itself serves; pagination, ETags, read-only, and the bearer token."""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner
from openapi_schema_validator import OAS31Validator, validate

from crawler.cli import main
from crawler.web.app import RefusedBind, make_server
from storage.readonly import readonly_engine
from tests.query.archive import Archive, _feed
from tests.servers.feedgen import Entry, rss


class Api:
    """An httpx client that validates each 200 answer against the served OpenAPI document."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.doc = httpx.get(base + "/api/openapi.json", timeout=10).json()
        self.called: set[str] = set()

    def template_of(self, path: str) -> str:
        for template in self.doc["paths"]:
            if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
                return template
        raise AssertionError(f"{path} is not in the OpenAPI document")

    def get(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.base + path, params=params, timeout=10)
        assert response.status_code == 200, (path, response.status_code, response.text)
        template = self.template_of(path)
        self.called.add(template)
        schema = self.doc["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        body = response.json()
        validate(body, {**schema, "components": self.doc["components"]}, cls=OAS31Validator)
        return body

    def status(self, path: str, method: str = "GET", **params: Any) -> int:
        return httpx.request(method, self.base + path, params=params, timeout=10).status_code


def test_every_route_answers_as_its_openapi_document_says(page_url: str, archive: Archive, slack) -> None:  # noqa: ANN001
    # one more poll with a Slack channel: a figure change, alerted and delivered
    cfg = yaml.safe_load(archive.config.read_text())
    cfg["channels"] = [{"name": "desk", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK"}]
    archive.config.write_text(yaml.safe_dump(cfg))
    _feed(archive.server, "1,500", "Tue, 11 Mar 2025 10:00:00 GMT")
    archive.run("poll", "--once")

    api = Api(page_url)
    assert api.doc["openapi"].startswith("3.") and api.doc["info"]["title"] == "tollwatch"

    series = api.get("/api/series")
    assert [(s["reporter"], s["number"]) for s in series["items"]] == [("SOHR", 1500), ("SNHR", 148)]
    sohr = series["items"][0]
    one = api.get(f"/api/series/{sohr['id']}")
    assert [(p["role"], p["number"]) for p in one["history"]] == [("value", 745), ("value", 973), ("value", 1383),
                                                                  ("value", 1500)]  # fmt: skip
    assert one["history"][0]["diff"] is None and one["history"][1]["diff"].endswith("?from=1&to=2")
    assert api.get(f"/api/series/{sohr['uid']}")["id"] == sohr["id"]
    first_page = api.get("/api/series", limit=1)
    assert len(first_page["items"]) == 1 and first_page["next_cursor"]
    second = api.get("/api/series", limit=1, cursor=first_page["next_cursor"])
    assert second["items"][0]["reporter"] == "SNHR" and second["next_cursor"] is None

    # figures with the CLI's filters, paged one at a time through every row
    assert [f["number"] for f in api.get("/api/figures", reported_by="observatory", until="2025-03-09")["items"]] == [973, 745]
    numbers, cursor = [], None
    while True:
        page = api.get("/api/figures", limit=1, **({"cursor": cursor} if cursor else {}))
        numbers += [f["number"] for f in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert numbers == [1500, 1383, 973, 148, 745]
    assert [f["number"] for f in api.get("/api/figures", since="2025-03-10", outcome="killed")["items"]] == [1500, 1383]

    statements = api.get("/api/statements", speaker="shaibani")["items"]
    assert statements and all("Shaibani" in s["speaker"] for s in statements)
    assert api.get("/api/statements", official="true")["items"]

    items = api.get("/api/items", source="sohr")["items"]
    [item] = items
    detail = api.get(f"/api/items/{item['item_id']}")
    assert [v["version"] for v in detail["versions"]] == [1, 2, 3, 4]
    version = api.get(f"/api/versions/{detail['versions'][0]['version_id']}")
    assert "745 civilians" in version["text"]
    diff = api.get(f"/api/items/{item['item_id']}/diff")
    assert (diff["old"]["version"], diff["new"]["version"]) == (3, 4)
    assert [s for s in diff["text"] if s["op"] != "equal"] == [{"op": "delete", "text": "1,383"},
                                                               {"op": "insert", "text": "1,500"}]  # fmt: skip
    assert api.get(f"/api/items/{item['item_id']}/diff", **{"from": 1, "to": 2})["words_inserted"] == 1

    sources = {s["key"]: s for s in api.get("/api/sources")}
    assert set(sources) == {"sohr", "presidency", "wire"}
    assert sources["sohr"]["failures"] == 0 and sources["sohr"]["last_ok"] and sources["sohr"]["next_due"]

    alerts = api.get("/api/alerts")["items"]
    changed = [a for a in alerts if a["kind"] == "figure_changed"]
    assert changed and changed[0]["deliveries"][0]["channel"] == "desk"
    assert changed[0]["deliveries"][0]["status"] == "sent" and "1,383 → 1,500" in changed[0]["headline"]
    assert api.get("/api/alerts", status="sent")["items"]

    # every route of the document was called
    assert api.called == set(api.doc["paths"]) - {"/api/openapi.json"}


def test_etag_errors_and_read_only(page_url: str) -> None:
    first = httpx.get(page_url + "/api/figures", timeout=10)
    etag = first.headers["etag"]
    again = httpx.get(page_url + "/api/figures", headers={"If-None-Match": etag}, timeout=10)
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = httpx.get(page_url + "/api/figures", params={"limit": 1}, headers={"If-None-Match": etag}, timeout=10)
    assert other.status_code == 200

    api = Api(page_url)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert api.status("/api/figures", method) == 405, method
        assert api.status("/", method) == 405, method
    assert api.status("/api/series/99999999999999999999999") == 404
    assert api.status("/api/items/9223372036854775808") == 404
    assert api.status("/api/versions/0") == 404
    assert api.status("/api/items/1/diff", **{"from": 1, "to": 99}) == 404
    assert api.status("/api/figures", since="9 March") == 400
    assert api.status("/api/figures", cursor="bm90LW91cnM") == 400
    assert api.status("/api/figures", limit=0) == 400


def test_a_token_guards_everything_and_a_public_bind_needs_one(archive: Archive, monkeypatch) -> None:  # noqa: ANN001
    engine = readonly_engine(archive.db_url)
    try:
        with pytest.raises(RefusedBind, match="bearer token"):
            make_server(engine, host="0.0.0.0", port=0)  # noqa: S104 - the refusal is the point
        server = make_server(engine, port=0, token="s3cret-token")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with httpx.Client(base_url=server.url, timeout=10, transport=httpx.HTTPTransport(retries=5)) as client:
                assert client.get("/api/figures").status_code == 401
                assert client.get("/").status_code == 401
                assert client.get("/api/figures", headers={"Authorization": "Bearer wrong"}).status_code == 401
                assert client.get("/api/figures", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
                assert client.get("/static/style.css").status_code == 200
        finally:
            server.shutdown()
            thread.join(10)
    finally:
        engine.dispose()
    # the command says why it will not start, and that it needs the token's variable
    refused = CliRunner().invoke(main, ["-c", str(archive.config), "--database", archive.db_url, "serve",
                                        "--host", "0.0.0.0", "--port", "0"])  # fmt: skip
    assert refused.exit_code == 1 and "refusing to serve the archive on 0.0.0.0" in refused.output
    cfg = yaml.safe_load(archive.config.read_text())
    cfg["api"] = {"token_env": "TW_DESK_API_TOKEN"}
    archive.config.write_text(yaml.safe_dump(cfg))
    monkeypatch.delenv("TW_DESK_API_TOKEN", raising=False)
    unset = CliRunner().invoke(main, ["serve", "-c", str(archive.config), "--database", archive.db_url])
    assert unset.exit_code == 1 and "TW_DESK_API_TOKEN is not set" in unset.output


def test_scraped_text_reaches_api_clients_without_controls(page_url: str, archive: Archive) -> None:
    """A bidi override or a terminal escape in a page never reaches another tool through the API."""
    archive.server.set("/wire", rss([Entry("w9", "Toll \u202eDIAS\u202c rises", "\x1b[31mThe monitor said 12 civilians "
                                     "were killed.\x1b[0m", "http://wire.test/w9", date="Tue, 11 Mar 2025 10:00:00 GMT")]),
                       content_type="application/rss+xml")  # fmt: skip
    archive.run("poll", "--once")
    items = httpx.get(page_url + "/api/items", params={"source": "wire"}, timeout=10).json()["items"]
    (item,) = [i for i in items if i["guid"] == "w9"]
    detail = httpx.get(page_url + f"/api/items/{item['item_id']}", timeout=10).json()
    version_id = detail["versions"][0]["version_id"]
    body = httpx.get(page_url + f"/api/versions/{version_id}", timeout=10).text
    assert "Toll DIAS rises" in body and "The monitor said 12 civilians" in body
    assert "\u202e" not in body and "\\u202e" not in body.lower() and "\x1b" not in body and "\\u001b" not in body
