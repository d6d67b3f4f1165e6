"""Country from a real GeoIP2 database: a small one written for the test (mmdb-writer, in
the test extras) in MaxMind's format, read by geoip2 as a GeoLite2 Country file would be."""

import pytest

from masthead.analytics import geo, services
from masthead.analytics.models import Breakdown
from masthead.core.tests.fixtures import module_data

from .conftest import beacon
from .factories import newsroom

pytestmark = pytest.mark.django_db

data = module_data(lambda: newsroom(articles=1))


@pytest.fixture
def geoip_file(tmp_path, settings):
    """A GeoLite2-Country-shaped database: 203.0.113.0/24 in Ukraine, 2001:db8::/32 in
    Germany, nothing else (the documentation ranges)."""
    mmdb_writer = pytest.importorskip("mmdb_writer", reason="make install-test installs it")
    from netaddr import IPSet

    writer = mmdb_writer.MMDBWriter(
        ip_version=6, database_type="GeoLite2-Country", languages=["en"], ipv4_compatible=True
    )
    writer.insert_network(
        IPSet(["203.0.113.0/24"]), {"country": {"iso_code": "UA", "names": {"en": "Ukraine"}}}
    )
    writer.insert_network(
        IPSet(["2001:db8::/32"]), {"country": {"iso_code": "DE", "names": {"en": "Germany"}}}
    )
    path = tmp_path / "GeoLite2-Country.mmdb"
    writer.to_db_file(str(path))
    settings.ANALYTICS_GEOIP_PATH = str(path)
    geo._state.clear()
    yield path
    geo._state.clear()


def countries():
    return dict(Breakdown.objects.filter(kind="g").values_list("value", "views"))


def test_a_hit_from_a_mapped_network_is_counted_under_its_country(data, client, geoip_file):
    story = data[3][0]
    beacon(client, story, ip="203.0.113.7")
    beacon(client, story, ip="203.0.113.200")
    beacon(client, story, ip="2001:db8::1")
    beacon(client, story, ip="192.0.2.1")  # in no mapped network: no country, still a view
    services.do_flush(everything=True)
    assert countries() == {"UA": 2, "DE": 1}
    assert sum(Breakdown.objects.filter(kind="d").values_list("views", flat=True)) == 4


def test_the_dashboard_lists_countries(data, client, geoip_file):
    from masthead.users import services as roles
    from masthead.users.tests.factories import StaffFactory

    beacon(client, data[3][0], ip="203.0.113.7")
    services.do_flush(everything=True)
    client.force_login(StaffFactory(groups=[roles.EDITORS]))
    page = client.get("/admin/analytics/?days=7").content.decode()
    assert 'id="countries"' in page and "UA" in page


def test_without_the_file_country_is_skipped(data, client, settings, tmp_path):
    settings.ANALYTICS_GEOIP_PATH = str(tmp_path / "missing.mmdb")
    geo._state.clear()
    beacon(client, data[3][0], ip="203.0.113.7")
    services.do_flush(everything=True)
    assert countries() == {}
    assert Breakdown.objects.filter(kind="d").exists()  # the view itself is counted
