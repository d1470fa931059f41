"""Permission-matrix rows of the sales staff registry and certificates.

The world: a seller working at the 鹿城 station of the stations world, with a
certificate. The center's station management and 鹿城's staff reach them; 瑞安's staff
and the owner (of a 瑞安 station) find nothing (404); leadership reads only. Revoking a
certificate is for the center and the districts, never an owner (403)."""

from fucai.core.testing.matrix import EVERYONE, expect

from .factories import CertificateFactory, StaffAssignmentFactory

READERS = {"leader", "stations", "lucheng", "ruian", "owner"}
MANAGERS = {"stations", "lucheng", "ruian", "owner"}


def make_world(cast, world) -> dict:
    assignment = StaffAssignmentFactory(station=world["station"])
    certificate = CertificateFactory(holder=assignment.staff)
    return {"staff_assignment": assignment, "staff_certificate": certificate}


def _staff(world):
    return [world["staff_assignment"].staff_id]


def _assignment(world):
    return [world["staff_assignment"].pk]


def _certificate(world):
    return [world["staff_certificate"].number]


URL_SPECS = {
    "stations:staff_list": expect(ok=READERS),
    "stations:staff_create": expect(ok=MANAGERS),
    "stations:staff_detail": expect(
        ok={"leader", "stations", "lucheng"}, hidden={"ruian", "owner"}, args=_staff
    ),
    "stations:staff_invite": expect(
        ok={"stations", "lucheng"},
        hidden={"ruian", "owner"},
        method="post",
        success=(302,),
        args=_staff,
    ),
    "stations:assignment_transfer": expect(
        ok={"stations", "lucheng"}, hidden={"ruian", "owner"}, args=_assignment
    ),
    "stations:assignment_end": expect(
        ok={"stations", "lucheng"}, hidden={"ruian", "owner"}, args=_assignment
    ),
    # The invitation link is for anyone holding it; a wrong one says so (200).
    "stations:seller_welcome": expect(ok=EVERYONE, anonymous="ok", args=lambda w: ["MQ", "x-y"]),
    "stations:certificate_list": expect(ok=READERS),
    "stations:certificate_mine": expect(ok={"owner", "seller"}),
    "stations:certificate_detail": expect(
        ok={"leader", "stations", "lucheng"}, hidden={"ruian", "owner"}, args=_certificate
    ),
    "stations:certificate_revoke": expect(
        ok={"stations", "lucheng"}, hidden={"ruian"}, args=_certificate
    ),
}
