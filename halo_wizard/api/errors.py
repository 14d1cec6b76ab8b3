"""Typed errors of the Halo API layer, each with a message that tells the admin what to fix."""

from __future__ import annotations


class HaloError(Exception):
    """Base of every error the API layer raises on purpose.

    `message` says what happened in plain words, `fix` what the admin should do. Neither ever holds
    a secret: callers build them from field names and server texts, never from credentials.
    """

    title = "Halo error"

    def __init__(self, message: str, fix: str = "", *, instance: str = "") -> None:
        self.message = message
        self.fix = fix
        self.instance = instance
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.instance}: " if self.instance else ""
        return f"{where}{self.message}" + (f" {self.fix}" if self.fix else "")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class InvalidUrl(HaloError):
    title = "Address not usable"


class HostUnreachable(HaloError):
    title = "Instance not reachable"


class TlsFailure(HaloError):
    title = "Secure connection failed"


class NotHalo(HaloError):
    title = "Not a Halo instance"


class VersionTooOld(HaloError):
    title = "Halo version too old"


class InvalidCredentials(HaloError):
    title = "Client ID or secret refused"


class WrongTenant(HaloError):
    title = "Tenant refused"


class MissingScope(HaloError):
    title = "Scope missing"


class PermissionDenied(HaloError):
    title = "Permission missing"


class RateLimited(HaloError):
    title = "Rate limit reached"


class ServerError(HaloError):
    title = "Halo server error"


class ConnectionLost(HaloError):
    title = "Connection lost"


class MalformedResponse(HaloError):
    title = "Unexpected answer"


class NotFound(HaloError):
    title = "Record not found"


class ValidationFailed(HaloError):
    title = "Halo refused the change"


class WriteOutcomeUnknown(HaloError):
    """A create whose answer was lost: Halo may or may not have saved it, so it is not retried."""

    title = "Change may not have been saved"


class HostStoppedAnswering(ConnectionLost):
    """A request with no complete answer within the deadline (a host that hangs or trickles)."""

    title = "Instance stopped answering"


class AnswerTooLarge(MalformedResponse):
    """An answer larger than any Halo page: it was refused or its reading stopped at the cap."""

    title = "Answer too large"
