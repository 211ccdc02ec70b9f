"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest


def csp(request: HttpRequest) -> dict[str, object]:
    """``{{ csp_nonce }}``: this request's Content-Security-Policy nonce, for inline scripts.

    Write ``<script nonce="{{ csp_nonce }}">…</script>``; a script without it is blocked by the
    browser when the policy is enforced (DEBUG off).
    """
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
