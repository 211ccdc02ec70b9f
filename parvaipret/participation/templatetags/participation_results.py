"""``{% breakdown_rows target kind %}``: the per-question rows of one faction's or deputy's result.

A results page holds a breakdown for every faction and deputy (100+ targets times the answered
questions, thousands of rows); building the rows here in Python, with every value escaped, keeps
the page fast where the template engine would spend most of the request on them.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from parvaipret.participation.selectors import POSITION_LABELS, TargetResult

register = template.Library()

MATCH_SYMBOLS = {"same": "=", "partly": "½", "opposite": "≠"}


@register.simple_tag
def breakdown_rows(target: TargetResult, kind: str) -> SafeString:
    labels = {code: escape(str(label)) for code, label in POSITION_LABELS.items()}
    each_deputy = escape(gettext("Each deputy"))
    rows = []
    for row in target.breakdown:
        detail = ""
        if kind == "faction" and row.counts is not None:
            detail = ' <span class="muted counts">{} · {} · {}</span>'.format(*row.counts)
            if row.members:
                members = "".join(
                    f'<li>{escape(m.name)}: <span class="position position-{m.position}">'
                    f"{labels[m.position]}</span></li>"
                    for m in row.members
                )
                detail += (
                    f'<details class="members"><summary>{each_deputy}</summary>'
                    f"<ul>{members}</ul></details>"
                )
        match = row.match
        rows.append(
            f'<tr class="match-{match or "none"}">'
            f'<td>{row.number}. <a href="{escape(row.vote_url)}">{escape(row.vote_label)}</a></td>'
            f'<td><span class="position position-{row.answer.choice}">'
            f"{labels[row.answer.choice]}</span></td>"
            f'<td><span class="position position-{row.position}">{labels[row.position]}</span>'
            f"{detail}</td>"
            f'<td class="match">{MATCH_SYMBOLS.get(match or "", "")}</td></tr>'
        )
    if not rows:
        rows.append(
            f'<tr><td colspan="4" class="muted">{escape(gettext("No shared questions."))}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value above is escaped)
