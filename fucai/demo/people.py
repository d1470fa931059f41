"""Synthetic people and companies for the demo: names, ID numbers, credit codes, phones.

Everything is drawn from one ``random.Random`` passed in, so a seed reproduces the same
people. Identifiers are checksum-valid (they pass the platform's own validators) and
unique within one run, because the owner table has a unique keyed hash of the ID number
and a demo that trips over its own constraint is no demo.
"""

from __future__ import annotations

import datetime
import random
from typing import NamedTuple

from fucai.core.validators import CREDIT_CODE_CHARSET, make_credit_code, make_id_number


def _words(text: str) -> tuple[str, ...]:
    # Long word lists read better as one space-separated string than as 30 literals.
    return tuple(text.split())


# Common Wenzhou surnames, roughly by frequency (陈 alone is ~1 in 10 in Wenzhou); the
# weights only need to look right in a list, not match a census.
# fmt: off
_SURNAMES: tuple[tuple[str, int], ...] = (
    ("陈", 100), ("王", 60), ("李", 45), ("张", 45), ("林", 45), ("黄", 40), ("郑", 35),
    ("吴", 35), ("周", 30), ("徐", 30), ("潘", 25), ("叶", 25), ("金", 22), ("胡", 20),
    ("蔡", 18), ("朱", 18), ("戴", 14), ("杨", 16), ("刘", 16), ("池", 10), ("谢", 12),
    ("赵", 10), ("孙", 8), ("薛", 8), ("卢", 8), ("董", 7), ("项", 6), ("钱", 6),
    ("章", 6), ("余", 6), ("夏", 5), ("季", 5), ("麻", 4), ("缪", 4), ("厉", 3),
)
# fmt: on
_SURNAME_CHOICES = tuple(name for name, _ in _SURNAMES)
_SURNAME_WEIGHTS = tuple(weight for _, weight in _SURNAMES)

_MALE_CHARS = "建国伟强军明华平海东志文斌俊杰林勇忠德荣永金春晓宏新光峰磊涛鹏浩超锋克仁"
_FEMALE_CHARS = "丽芳燕红梅霞秀英敏静玲萍娟洁慧琴微婷雪素月爱美珍蓓晓小娇露颖"

# Mobile prefixes of the three carriers; 1[3-9]x as the validator requires.
_MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "177 180 185 186 187 188 189 199"
)

# A person's ID number carries the region where the card was first issued. Owners are
# mostly locals, some come from elsewhere in Zhejiang.
_OTHER_ZHEJIANG_CODES = (
    "330381", "330382", "330324", "330326", "330327", "330302", "330304",
    "330322",  # the former 洞头县 code, still on older cards
    "330106", "331002", "331081", "330681",
)  # fmt: skip

# 龙港 was split off 苍南 in 2019: people born 1960–1995 there hold 苍南 (330327) cards.
_ID_REGION_OVERRIDES = {"330383": "330327"}

_COMPANY_WORDS = _words(
    "鑫源 恒丰 瑞祥 金鹏 华顺 东瓯 瓯越 永盛 宏达 福瑞 嘉禾 盛世 天成 泰和 联发 "
    "锦程 隆昌 诚信 中立 大众 新辉 顺发 百汇 兴旺 福兴 安泰 鸿运 万家"
)
_COMPANY_TRADES = ("贸易", "商贸", "文化传播", "便利店", "彩票服务", "商务信息咨询", "实业")

# GB 11714 organization code check (the 9th character of the 18-character credit code's
# organization part); the platform's validator does not check it, real codes have it.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = {char: index for index, char in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


class Person(NamedTuple):
    name: str
    id_number: str
    phone: str


class Company(NamedTuple):
    name: str
    credit_code: str
    phone: str


def _org_check_char(first8: str) -> str:
    remainder = 11 - sum(_ORG_VALUES[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


class PeopleFactory:
    """Draws unique, valid people, companies and phones from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._id_numbers: set[str] = set()
        self._credit_codes: set[str] = set()
        self._phones: set[str] = set()
        self._company_names: set[str] = set()

    def name(self, *, male: bool) -> str:
        """A Chinese name: surname plus one (15%) or two given-name characters."""
        rng = self.rng
        chars = _MALE_CHARS if male else _FEMALE_CHARS
        given = rng.choice(chars) if rng.random() < 0.15 else rng.choice(chars) + rng.choice(chars)
        return rng.choices(_SURNAME_CHOICES, _SURNAME_WEIGHTS)[0] + given

    def phone(self) -> str:
        """A mobile number not handed out before in this run."""
        while True:
            number = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def person(self, region_code: str) -> Person:
        """A local (85%) or other Zhejiang resident, born 1960–1995."""
        rng = self.rng
        male = rng.random() < 0.62  # station owners skew male, not overwhelmingly
        code = _ID_REGION_OVERRIDES.get(region_code, region_code)
        if rng.random() < 0.15:
            code = rng.choice(_OTHER_ZHEJIANG_CODES)
        start = datetime.date(1960, 1, 1).toordinal()
        end = datetime.date(1995, 12, 31).toordinal()
        while True:
            birth = datetime.date.fromordinal(rng.randint(start, end))
            # The order code's parity is the sex (odd = male), as on real cards.
            sequence = rng.randrange(500) * 2 + (1 if male else 0)
            number = make_id_number(code, birth, sequence)
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return Person(self.name(male=male), number, self.phone())

    def company(self, region_code: str, address_prefix: str) -> Company:
        """A limited company registered in the station's region (credit code 91 + region).

        ``address_prefix`` is how the region starts an address (温州市鹿城区, 瑞安市); half
        of the companies carry it in their name, as registered names often do.
        """
        rng = self.rng
        code = _ID_REGION_OVERRIDES.get(region_code, region_code)
        while True:
            name = f"温州{rng.choice(_COMPANY_WORDS)}{rng.choice(_COMPANY_TRADES)}有限公司"
            if rng.random() < 0.5:
                name = f"{address_prefix}{name[2:]}"  # e.g. 瑞安市鑫源贸易有限公司
            if name not in self._company_names:
                self._company_names.add(name)
                break
        while True:
            # Companies registered since 2015 get organization codes starting "MA".
            body = "MA" + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(6))
            if rng.random() < 0.4:
                body = f"{rng.randrange(10**8):08d}"  # an older, all-digit code
            credit = make_credit_code(f"91{code}{body}{_org_check_char(body)}")
            if credit not in self._credit_codes:
                self._credit_codes.add(credit)
                return Company(name, credit, self.phone())
