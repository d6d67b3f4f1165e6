"""Country of a reader's address from a local GeoIP2/GeoLite2 database, if one is installed.

Nothing is downloaded: with ANALYTICS_GEOIP_PATH unset, or the file missing, countries are
skipped (""). The reader is opened once per process.
"""

import logging
import os

from django.conf import settings

logger = logging.getLogger(__name__)
_state = {}


def reader():
    path = settings.ANALYTICS_GEOIP_PATH
    if _state.get("path") != path:
        _state["path"], _state["reader"] = path, None
        if path and os.path.exists(path):
            try:
                import geoip2.database

                _state["reader"] = geoip2.database.Reader(path)
            except Exception:  # a corrupt file must not stop counting
                logger.exception("analytics: cannot open the GeoIP database %s", path)
    return _state["reader"]


def country(ip):
    found = reader()
    if found is None or not ip:
        return ""
    try:
        return found.country(ip).country.iso_code or ""
    except Exception:  # an unknown or private address
        return ""
