"""Logging to a rotating file with secrets scrubbed, and the one excepthook of the application."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from halo_wizard import paths

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(
        r"(?i)((?:client_secret|access_token|new_\w*secret\w*|api_access_clientsecret)"
        r"[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+"
    ),
)
REDACTED = "[redacted]"


def register_secret(value: str) -> None:
    """Remember a secret so that no log line or error report ever shows it."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    """Text with every registered secret and every token-looking value replaced."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure_logging(level: int = logging.INFO, *, console: bool = False) -> logging.Handler:
    """A rotating log file in the log directory (1 MB, five kept), scrubbed of secrets."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_halo_wizard", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        paths.log_file(), maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(
        ScrubbingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    )
    file_handler._halo_wizard = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
        stream._halo_wizard = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return file_handler


ErrorReporter = Callable[[str, str], None]
_reporter: ErrorReporter | None = None


def set_error_reporter(reporter: ErrorReporter | None) -> None:
    """Where unexpected errors are shown (the window's error dialog), besides the log."""
    global _reporter
    _reporter = reporter


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    return scrub("".join(traceback.format_exception(exc_type, exc, tb)))


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The application's one handler for exceptions nobody caught."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = format_exception(exc_type, exc, tb)
    logging.getLogger("halo_wizard").error("Unexpected error:\n%s", details)
    if _reporter is not None:
        try:
            _reporter(scrub(f"{exc_type.__name__}: {exc}"), details)
        except Exception:  # the reporter must never turn one error into two
            logging.getLogger("halo_wizard").exception("error reporter failed")
    else:
        sys.stderr.write(details)


def install_excepthook() -> None:
    sys.excepthook = excepthook
    threading.excepthook = lambda args: excepthook(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )
