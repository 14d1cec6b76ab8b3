"""What the admin pastes as an instance address, and what the API layer derives from it."""

from __future__ import annotations

import pytest

from halo_wizard.api.errors import InvalidUrl
from halo_wizard.api.urls import parse_instance_url


@pytest.mark.parametrize(
    "pasted",
    [
        "acme.halopsa.com",
        "  acme.halopsa.com  ",
        "https://acme.halopsa.com",
        "https://acme.halopsa.com/",
        "https://acme.halopsa.com/api",
        "https://acme.halopsa.com/api/",
        "https://acme.halopsa.com/auth",
        "https://acme.halopsa.com/auth/token",
        "HTTPS://ACME.HaloPSA.com/API",
        "https://acme.halopsa.com/tickets?id=42",
        "https://acme.halopsa.com/config/integrations/api",
        "https://acme.halopsa.com/api/instanceinfo",
        "'https://acme.halopsa.com'",
        "<https://acme.halopsa.com>",
    ],
)
def test_everything_an_admin_pastes_gives_the_same_endpoint(pasted: str) -> None:
    endpoint = parse_instance_url(pasted)
    assert endpoint.base_url == "https://acme.halopsa.com"
    assert endpoint.api_url == "https://acme.halopsa.com/api"
    assert endpoint.auth_url == "https://acme.halopsa.com/auth"
    assert endpoint.hosted


def test_self_hosted_keeps_port_and_sub_path() -> None:
    endpoint = parse_instance_url("https://helpdesk.example.org:8443/halo/api")
    assert endpoint.base_url == "https://helpdesk.example.org:8443/halo"
    assert endpoint.auth_url == "https://helpdesk.example.org:8443/halo/auth"
    assert not endpoint.hosted


def test_loopback_may_use_plain_http_and_defaults_to_it() -> None:
    assert parse_instance_url("127.0.0.1:8080").base_url == "http://127.0.0.1:8080"
    assert parse_instance_url("http://localhost:9000/api").api_url == "http://localhost:9000/api"


@pytest.mark.parametrize(
    ("pasted", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("http://acme.halopsa.com", "https"),
        ("ftp://acme.halopsa.com", "https"),
        ("https://acme halopsa.com", "spaces"),
        ("https://user:pw@acme.halopsa.com", "password"),
        ("https://acme_halopsa!.com", "not a host name"),
        (
            "https://acme.halopsa.com:99999",
            "port 99999 in 'https://acme.halopsa.com:99999' is out of range",
        ),
        ("https://acme.halopsa.com:0", "port 0 in"),
        ("acme.halopsa.com:44x", "port '44x' in 'https://acme.halopsa.com:44x' is not a number"),
        ("http://acme halopsa.com/api", "Did you mean https://acme.halopsa.com/api?"),
        ("northwind halopsa.com", "Did you mean northwind.halopsa.com?"),
    ],
)
def test_unusable_addresses_say_what_is_wrong(pasted: str, words: str) -> None:
    with pytest.raises(InvalidUrl) as caught:
        parse_instance_url(pasted)
    assert words in str(caught.value)
    assert caught.value.fix


def test_same_instance_ignores_case() -> None:
    a = parse_instance_url("https://Acme.halopsa.com/api")
    b = parse_instance_url("acme.halopsa.com")
    assert a.same_instance(b)
    assert not a.same_instance(parse_instance_url("other.halopsa.com"))
