"""With DEBUG off, whitenoise serves the static files collectstatic wrote: the admin is styled
and /api/docs/ loads Swagger UI (both were 404s before)."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.marketplace.test_settings import PROJECT_ROOT, explain


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    # A new client loads the middleware afresh, so whitenoise reads the new STATIC_ROOT.
    client = Client()

    response = client.get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content).startswith(b"/*\n    DJANGO Admin styles")
    assert client.get("/static/admin/css/no-such-file.css").status_code == 404


# The production profile end to end, in its own process: compressed, hashed files from
# collectstatic, referenced by the admin's and the API docs' pages, all answering 200.
PRODUCTION_PAGES = """
import json, re
import django
django.setup()
from django.test import Client
# Behind the TLS-terminating proxy the production settings expect (SECURE_PROXY_SSL_HEADER).
client = Client(HTTP_HOST="shop.example.com", HTTP_X_FORWARDED_PROTO="https")
pages = {}
for page in ("/admin/login/", "/api/docs/"):
    html = client.get(page).content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    pages[page] = {asset: [(r := client.get(asset, HTTP_ACCEPT_ENCODING="gzip")).status_code,
                           r.get("Content-Encoding"), r.get("Cache-Control")]
                   for asset in assets}
print(json.dumps(pages))
"""


@pytest.mark.slow
def test_production_serves_the_admin_and_api_docs_assets_hashed_and_compressed(
    subprocess_env, tmp_path
):
    env = subprocess_env(MARKETPLACE_ENV="production", SECRET_KEY=secrets.token_urlsafe(64),
                         ALLOWED_HOSTS="shop.example.com", STATIC_ROOT=str(tmp_path / "static"))
    run = {"cwd": PROJECT_ROOT, "env": env, "capture_output": True, "text": True,
           "timeout": 300, "check": False}
    collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], **run)
    assert collect.returncode == 0, explain(collect)

    result = subprocess.run([sys.executable, "-c", PRODUCTION_PAGES], **run)
    assert result.returncode == 0, explain(result)
    pages = json.loads(result.stdout.strip().splitlines()[-1])

    admin, docs = pages["/admin/login/"], pages["/api/docs/"]
    assert any(re.fullmatch(r"/static/admin/css/base\.[0-9a-f]{12}\.css", a) for a in admin)
    assert any("swagger-ui-bundle." in asset for asset in docs)
    for asset, (status, _encoding, cache) in {**admin, **docs}.items():
        assert status == 200, asset
        assert "immutable" in cache, asset
    assert admin[next(a for a in admin if "/base." in a)][1] == "gzip"
