"""The SSRF guard refuses at save every URL that resolves to anything but a public address."""

import ipaddress
import re

import pytest

from webhooks import actions, addresses
from webhooks.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/hook", "a loopback address"),
        ("http://localhost:8001/hook", "a loopback address"),  # a name that resolves to loopback
        ("http://2130706433/hook", "a loopback address"),  # 127.0.0.1 written as one decimal number
        ("http://0x7f.1/hook", "a loopback address"),  # and in hex, shortened
        ("http://[::1]/hook", "a loopback address"),
        ("http://[::ffff:127.0.0.1]/hook", "a loopback address"),  # IPv4-mapped IPv6
        ("http://[::ffff:10.0.0.5]/hook", "a private address"),
        ("http://10.1.2.3/hook", "a private address"),
        ("http://172.16.0.1/hook", "a private address"),
        ("http://192.168.1.10/hook", "a private address"),
        ("http://3232235786/hook", "a private address"),  # 192.168.1.10 as a decimal
        ("http://[fd12:3456::1]/hook", "a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "a cloud metadata address"),
        ("http://169.254.10.1/", "a link-local address"),
        ("http://[fe80::1]/", "a link-local address"),
        ("http://100.64.0.1/", "a shared (carrier-grade NAT) address"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://224.0.0.1/", "a multicast address"),
        ("http://240.0.0.1/", "a reserved address"),
        ("http://[2002:a00:1::1]/", "a private address"),  # 6to4 wrapping 10.0.0.1
        # Special-purpose ranges Python 3.11's ipaddress calls global.
        ("http://[fec0::1]/", "a special-purpose address"),  # site-local, deprecated
        ("http://[fef0:1::2]/", "a special-purpose address"),
        ("http://192.0.0.8/", "a special-purpose address"),  # IETF protocol assignments
        ("http://192.0.0.200/", "a special-purpose address"),
        ("http://192.88.99.1/", "a special-purpose address"),  # 6to4 relay anycast
        ("http://[2002:c058:6301::1]/", "a special-purpose address"),  # 6to4 wrapping 192.88.99.1
        ("http://[::ffff:192.0.0.8]/", "a special-purpose address"),
        ("http://[3fff::1]/", "a special-purpose address"),  # documentation (RFC 9637)
    ],
)
def test_urls_that_reach_non_public_addresses_are_refused_at_save(strict, lead, url, reason):
    with pytest.raises(addresses.RefusedURL, match=re.escape(f"points at {reason}")):
        actions.create_subscription(url=url, events=["thread.created"], by=lead)
    assert Subscription.objects.count() == 0


def test_loopback_is_allowed_only_with_the_development_setting_and_private_never(lead, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    actions.create_subscription(url="http://localhost:8001/hook", events=["thread.created"], by=lead)
    with pytest.raises(addresses.RefusedURL, match="private address"):
        actions.create_subscription(url="http://192.168.1.10/hook", events=["thread.created"], by=lead)


def test_https_is_required_where_the_setting_asks_for_it(lead, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    with pytest.raises(addresses.RefusedURL, match="must be https"):
        actions.create_subscription(url="http://93.184.216.34/hook", events=["thread.created"], by=lead)
    target = addresses.check_url("https://93.184.216.34:8443/hook?team=support")
    assert (target.scheme, target.port, target.path, target.addresses) == (
        "https",
        8443,
        "/hook?team=support",
        ("93.184.216.34",),
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://93.184.216.34/", "must start with https://"),
        ("https://user:secret@93.184.216.34/", "user name or password"),
        ("https://93.184.216.34:99999/", "port"),
        ("https://93.184.216.34:0/", "port is not a number between 1 and 65535"),  # not 443
        ("https://93.184.216.34:00/", "port is not a number between 1 and 65535"),
        ("https://93.184.216.34:-1/", "port is not a number between 1 and 65535"),
        ("https://93.184.216.34:٤٤٣/", "port is not a number between 1 and 65535"),  # not ASCII digits
        ("https://[93.184.216.34/", "not a well-formed URL"),
        ("https://no-such-host.invalid/", "could not be resolved"),
    ],
)
def test_malformed_or_unresolvable_urls_are_refused_with_a_reason(url, message):
    with pytest.raises(addresses.RefusedURL, match=message):
        addresses.check_url(url)


def test_public_addresses_pass_in_both_families():
    assert addresses.refusal_for(ipaddress.ip_address("93.184.216.34")) == ""
    assert addresses.refusal_for(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946")) == ""


def test_the_deploy_check_refuses_loopback_receivers_without_debug(settings):
    from webhooks.checks import loopback_receivers_refused_in_production

    settings.DEBUG, settings.WEBHOOKS_ALLOW_LOOPBACK = False, True
    assert [error.id for error in loopback_receivers_refused_in_production(None)] == ["webhooks.E001"]
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    assert loopback_receivers_refused_in_production(None) == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://93.184.216.34/café", "https://93.184.216.34/caf%C3%A9"),
        ("https://93.184.216.34/caf%C3%A9", "https://93.184.216.34/caf%C3%A9"),  # encoded once, not twice
        ('https://93.184.216.34/a b/"q"/<x>/{y}/`z`', "https://93.184.216.34/a%20b/%22q%22/%3Cx%3E/%7By%7D/%60z%60"),
        ("https://93.184.216.34/p?q=été&r=<'>&s=%20", "https://93.184.216.34/p?q=%C3%A9t%C3%A9&r=%3C%27%3E&s=%20"),
        ("https://93.184.216.34/p#ünten", "https://93.184.216.34/p#%C3%BCnten"),
        ("HTTPS://Bücher.Example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),  # IDNA, UTS 46
        ("https://faß.de/", "https://xn--fa-hia.de/"),  # as browsers do (IDNA 2008), not "fass.de"
        ("https://例え.テスト:8443/", "https://xn--r8jz45g.xn--zckzah:8443/"),
        ("https://93.184.216.34:443/hook", "https://93.184.216.34:443/hook"),  # the port typed is kept
        ("https://[2606:2800:220:1::1]/", "https://[2606:2800:220:1::1]/"),
    ],
)
def test_urls_are_stored_as_browsers_send_them_idna_hosts_and_percent_encoded_paths(typed, stored):
    assert addresses.normalise_url(typed) == stored
    assert addresses.normalise_url(stored) == stored


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bü..example/", "The host name bü..example is not a valid international domain name."),
        ("https://☃.example/", "The host name ☃.example is not a valid international domain name."),
        pytest.param(f"https://{'ü' * 64}.example/", "not a valid international domain name", id="label-too-long"),
    ],
)
def test_host_names_that_are_no_domain_names_are_refused_with_a_reason(url, message):
    with pytest.raises(addresses.RefusedURL, match=re.escape(message)):
        addresses.normalise_url(url)


def test_a_url_too_long_once_encoded_is_refused_at_save(lead):
    url = "https://93.184.216.34/" + "é" * 400  # 422 characters typed, 2422 encoded
    with pytest.raises(addresses.RefusedURL, match="longer than 2000 characters once percent-encoded"):
        actions.create_subscription(url=url, events=["thread.created"], by=lead)
    assert Subscription.objects.count() == 0


def test_the_url_saved_is_the_normalised_one_and_the_address_check_sees_its_encoded_path(lead):
    subscription = actions.create_subscription(
        url="https://93.184.216.34/hooks/café?équipe=1", events=["thread.created"], by=lead
    )
    assert subscription.url == "https://93.184.216.34/hooks/caf%C3%A9?%C3%A9quipe=1"
    assert Subscription.objects.get().url == subscription.url
    assert addresses.check_url("https://93.184.216.34/hooks/café?équipe=1").path == "/hooks/caf%C3%A9?%C3%A9quipe=1"
