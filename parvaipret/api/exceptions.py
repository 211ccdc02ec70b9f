"""Maps service errors (ApplicationError, Django ValidationError) to clear 400 responses."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from parvaipret.core.exceptions import ApplicationError


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, ApplicationError):
        # Services mark fixed messages with gettext_noop: they are translated here, per request.
        return Response({"detail": gettext(exc.message), **exc.extra}, status=400)
    return drf_exception_handler(exc, context)
