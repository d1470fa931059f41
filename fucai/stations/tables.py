"""The station list's rows, built in Python once per page (see core/tables.py)."""

from fucai.core.tables import badge, choice_labels, url_maker

from .choices import StationClass, StationKind, StationStatus

# Encrypted columns the list does not show: deferred, so no row is decrypted for nothing.
UNSHOWN = ("contact_phone", "owner__id_number", "owner__phone")


def station_rows(stations) -> list[dict]:
    kinds, classes = choice_labels(StationKind.choices), choice_labels(StationClass.choices)
    statuses = choice_labels(StationStatus.choices)
    url = url_maker("stations:detail", "code")
    return [
        {
            "url": url(station.code),
            "code": station.code,
            "name": station.name,
            "address": station.address,
            "region": station.region.label,
            "kind": kinds.get(station.kind, station.kind),
            "station_class": classes.get(station.station_class, station.station_class),
            "owner": station.owner.name,
            "status": badge(station.status, statuses.get(station.status, station.status)),
            "opened_on": station.opened_on.isoformat() if station.opened_on else "—",
        }
        for station in stations
    ]
