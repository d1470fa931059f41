"""The district outlines decoded from the vendored ECharts map, and the point test."""

from fucai.demo.geo import SEATS
from fucai.demo.outlines import contains, decode_ring, outlines, pull_inside


def test_decode_ring_zigzag_deltas():
    # "@@" is no move, "B@" is +1 in x, "A@" is -1 in x ("@" = 64, zigzag 1 → -1, 2 → +1).
    assert decode_ring("@@B@A@@B", [1024, 2048]) == [
        (1, 2),
        (1025 / 1024, 2),
        (1, 2),
        (1, 2049 / 1024),
    ]


def test_every_drawn_district_decodes_to_wenzhou():
    shapes = outlines()
    assert set(shapes) == set(SEATS) - {"330383"}  # 龙港 is drawn inside 苍南
    for polygons in shapes.values():
        for polygon in polygons:
            for lng, lat in polygon[0]:
                assert 119.3 < lng < 121.4 and 27.0 < lat < 28.7


def test_each_seat_lies_in_its_own_district_only():
    for code, seat in SEATS.items():
        inside = {other for other in SEATS if contains(other, seat.latitude, seat.longitude)}
        expected = {"330383", "330327"} if code in {"330383", "330327"} else {code}
        assert inside == expected, code


def test_a_point_outside_is_pulled_towards_the_seat():
    seat = SEATS["330302"]  # 鹿城; 0.3° south lies in 瑞安/瓯海
    lat, lng = pull_inside(
        "330302", (seat.latitude, seat.longitude), (seat.latitude - 0.3, seat.longitude)
    )
    assert contains("330302", lat, lng)
    assert seat.latitude - 0.3 < lat < seat.latitude and lng == seat.longitude
    # A point already inside is left alone.
    assert pull_inside("330302", (seat.latitude, seat.longitude), (lat, lng)) == (lat, lng)
