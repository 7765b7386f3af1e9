"""Pure helpers for identity: canonical URLs (no tracking params, no fragment) and content hashes."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "cmp",
        "ito", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "smid", "smtyp",
        "taid", "ref_src", "ref_url", "rss", "feed", "from", "dicbo", "sr_share", "s_cid", "src",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__twitter")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        return url.split("#", 1)[0]
    port = parts.port if parts.port not in (None, 80 if scheme == "http" else 443) else None
    netloc = host if port is None else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def normalize_text(text: str) -> str:
    return " ".join(text.split())


def content_hash(*parts: str | None) -> str:
    """sha256 over whitespace-normalized parts: a re-indented page is the same version."""
    h = hashlib.sha256()
    for part in parts:
        h.update(normalize_text(part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()
