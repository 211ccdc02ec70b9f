"""The WSGI application, warmed up before gunicorn forks its workers.

On the first request of each process Django imports the URLconf (and with it every view, DRF,
drf-spectacular and plotly), reads the translation catalogues, builds the URL reverse tables and
compiles templates: about 0.8 s. Gunicorn preloads this module in its master
(``GUNICORN_PRELOAD``), so doing that work here, without touching the database, lets every
worker it forks, also each one that replaces a recycled worker (``GUNICORN_MAX_REQUESTS``),
start with it done.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def warm_up() -> int:
    """Import the URLconf, load every language's catalogue and compile the project's templates.

    Returns how many templates were compiled.
    """
    get_resolver().url_patterns  # noqa: B018  (imports every URL module and view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Votes")
            reverse("home")  # the reverse lookup tables, built per language
    project = Path(settings.BASE_DIR) / "parvaipret"
    names = sorted(
        str(path.relative_to(folder))
        for folder in project.glob("*/templates")
        for path in folder.rglob("*.html")
    ) + sorted(
        str(path.relative_to(folder))
        for folder in project.glob("*/templates")
        for path in folder.rglob("*.txt")
    )
    for name in names:
        get_template(name)
    return len(names)


warm_up()
