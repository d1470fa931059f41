"""``manage.py demo``: load the Wenzhou-scale demo network (logic in fucai.demo.builder)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fucai.demo.builder import DEFAULT_SEED, DemoError, build_demo
from fucai.demo.plan import DEFAULT_ACTIVE
from fucai.demo.report import render


class Command(BaseCommand):
    help = (
        "Load a deterministic demo network: Wenzhou at the end of 2019 — org units, one "
        "login per role (password fucai-demo), stations, owners, contracts, insurance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (default 2019)"
        )
        parser.add_argument(
            "--stations",
            type=int,
            default=DEFAULT_ACTIVE,
            help=f"number of active stations (default {DEFAULT_ACTIVE}); smaller for tests",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if any station exists (used by `make run`)",
        )
        parser.add_argument(
            "--no-sales",
            action="store_true",
            help="skip the 2018–2019 daily sales (about 3.5 M rows at full size)",
        )
        parser.add_argument(
            "--no-recruitment",
            action="store_true",
            help="skip the 2019 recruitment call, its applications and schools",
        )
        parser.add_argument(
            "--no-governance",
            action="store_true",
            help="skip the 2019 supervision data (inspections, rectification, violations, visits)",
        )
        parser.add_argument(
            "--no-charity",
            action="store_true",
            help="skip the 2019 charity activities, beneficiaries and grants",
        )
        parser.add_argument(
            "--no-monitoring",
            action="store_true",
            help="skip the cameras and the alerts the rules raise",
        )
        parser.add_argument(
            "--no-party",
            action="store_true",
            help="skip the party branches, members and their 2019 activities",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="first delete all stations and owners, the demo users and org units, "
            "and their audit entries",
        )

    def handle(self, *args, **options) -> None:
        try:
            result = build_demo(
                seed=options["seed"],
                stations=options["stations"],
                flush=options["flush"],
                if_empty=options["if_empty"],
                sales=not options["no_sales"],
                recruitment=not options["no_recruitment"],
                governance=not options["no_governance"],
                charity=not options["no_charity"],
                monitoring=not options["no_monitoring"],
                party=not options["no_party"],
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(render(result))
