"""Pages as PDF documents, with WeasyPrint: it lays out the HTML and CSS we already render
(the print stylesheet included) without a browser, and is maintained (BSD, releases several
times a year). Only the project's static files are read: a page never makes the server fetch
another URL."""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# The base URL the HTML is read against; nothing is fetched from it.
BASE_URL = "https://pdf.invalid/"


def html_to_pdf(html: str) -> bytes:
    """The page as a PDF (print media: the print stylesheet applies)."""
    # Imported here: WeasyPrint loads Pango through cffi, which only this needs.
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher()).write_pdf()


def static_file(url: str) -> Path | None:
    """The file a static URL of the page names (the collected, hashed one in production),
    else None."""
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    name = path[len(prefix):]
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        stored = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # storage without local files
        return None
    return stored if stored.is_file() else None


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_file(url)
            if found is None:
                raise ValueError(f"Not a static file of this site: {url}")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=found.read_bytes(),
                                      headers={"Content-Type": content_type})

    return StaticFilesFetcher()
