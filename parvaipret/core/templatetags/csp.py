"""``{% nonced fragment %}``: give a trusted server-built HTML fragment's scripts the CSP nonce.

A plotly figure rendered with ``fig.to_html(include_plotlyjs=False)`` (``dashboards.render.
figure_html``) carries an inline ``<script>`` that calls ``Plotly.newPlot``; under the
Content-Security-Policy it runs only with this request's nonce::

    {% load csp %}
    <div class="chart">{% nonced factions_chart %}</div>

Only for HTML the server built itself: never pass user-written text through it, since any
``<script>`` in the fragment would be allowed to run.
"""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SCRIPT_WITHOUT_NONCE = re.compile(r"<script(?![^>]*\bnonce=)(?=[\s>])", re.IGNORECASE)


def add_nonce(fragment: str, nonce: str) -> str:
    """``fragment`` with ``nonce="…"`` on every ``<script>`` tag that has none."""
    if not nonce:
        return fragment
    return _SCRIPT_WITHOUT_NONCE.sub(f'<script nonce="{nonce}"', fragment)


@register.simple_tag(takes_context=True)
def nonced(context: template.Context, fragment: str | None) -> SafeString:
    nonce = context.get("csp_nonce") or getattr(context.get("request"), "csp_nonce", "")
    return mark_safe(add_nonce(fragment or "", str(nonce)))  # noqa: S308 (trusted fragment)
