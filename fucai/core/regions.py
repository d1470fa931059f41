"""Region reference data (GB/T 2260).

Loaded by a data migration for the default center (Wenzhou); another center loads its
own list with ``load_regions`` — nothing else in the code knows which city this is.
"""

import datetime

from .choices import RegionLevel

# (code, name, short name, population in thousands ~2019, established)
WENZHOU = {
    "province": ("330000", "浙江省", "浙江"),
    "city": ("330300", "温州市", "温州"),
    "counties": [
        ("330302", "鹿城区", "鹿城", 1070, None),
        ("330303", "龙湾区", "龙湾", 780, None),
        ("330304", "瓯海区", "瓯海", 970, None),
        ("330305", "洞头区", "洞头", 160, None),
        ("330324", "永嘉县", "永嘉", 870, None),
        ("330326", "平阳县", "平阳", 760, None),
        ("330327", "苍南县", "苍南", 840, None),
        ("330328", "文成县", "文成", 290, None),
        ("330329", "泰顺县", "泰顺", 260, None),
        ("330381", "瑞安市", "瑞安", 1250, None),
        ("330382", "乐清市", "乐清", 1400, None),
        # 龙港 was carved out of 苍南 and launched on 2019-09-25.
        ("330383", "龙港市", "龙港", 380, datetime.date(2019, 9, 25)),
    ],
}


def load_regions(region_model, data: dict = WENZHOU) -> None:
    """Create or update the province, city and county-level regions (idempotent)."""
    p_code, p_name, p_short = data["province"]
    province, _ = region_model.objects.update_or_create(
        code=p_code,
        defaults={"name": p_name, "short_name": p_short, "level": RegionLevel.PROVINCE},
    )
    c_code, c_name, c_short = data["city"]
    city, _ = region_model.objects.update_or_create(
        code=c_code,
        defaults={
            "name": c_name,
            "short_name": c_short,
            "level": RegionLevel.CITY,
            "parent": province,
        },
    )
    for order, (code, name, short, population, established) in enumerate(data["counties"]):
        region_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": RegionLevel.COUNTY,
                "parent": city,
                "population": population,
                "established_on": established,
                "sort_order": order + 1,
            },
        )
