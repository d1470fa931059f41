"""Where demo stations go: seat coordinates and street names per county-level unit.

The figures are only plausible, not surveyed: each unit's seat (the district government
area) with a jitter radius small enough that a station never lands in the next unit or
far out at sea, and a handful of real-sounding towns and roads so that addresses read
like Wenzhou addresses. Keyed by GB/T 2260 code, the only thing the rest of the code
knows about a region.
"""

from __future__ import annotations

from typing import NamedTuple


class Seat(NamedTuple):
    """A unit's seat and how far (in degrees, per axis) a station may lie from it."""

    latitude: float
    longitude: float
    jitter: float


# Default jitter ≈ 3.5 km. 洞头 is a cluster of small islands: a wider jitter would put
# stations in the sea. 龙港 is a compact town on the Ao river estuary.
SEATS: dict[str, Seat] = {
    "330302": Seat(27.9940, 120.6550, 0.035),  # 鹿城
    "330303": Seat(27.9330, 120.8120, 0.035),  # 龙湾
    "330304": Seat(27.9680, 120.6140, 0.035),  # 瓯海
    "330305": Seat(27.8360, 121.1570, 0.012),  # 洞头
    "330324": Seat(28.1530, 120.6910, 0.035),  # 永嘉
    "330326": Seat(27.6620, 120.5650, 0.035),  # 平阳
    "330327": Seat(27.5180, 120.4260, 0.035),  # 苍南
    "330328": Seat(27.7870, 120.0920, 0.035),  # 文成
    "330329": Seat(27.5570, 119.7180, 0.035),  # 泰顺
    "330381": Seat(27.7790, 120.6550, 0.035),  # 瑞安
    "330382": Seat(28.1130, 120.9840, 0.035),  # 乐清
    "330383": Seat(27.5780, 120.5530, 0.020),  # 龙港
}

# 中福在线 video-lottery halls are licensed only in the urban districts and the two big
# county-level cities, where the footfall justifies a hall.
VIDEO_HALL_REGIONS: frozenset[str] = frozenset({"330302", "330303", "330304", "330381", "330382"})

# The three old urban districts write addresses as 温州市鹿城区…; counties and
# county-level cities are addressed by their own name (瑞安市…, 永嘉县…).
URBAN_DISTRICTS: frozenset[str] = frozenset({"330302", "330303", "330304", "330305"})


class Places(NamedTuple):
    """Towns/subdistricts and roads of one unit. An empty town ("") stands for the city
    centre, where an address names only the road."""

    towns: tuple[str, ...]
    roads: tuple[str, ...]


def _places(towns: str, roads: str) -> Places:
    # Space-separated lists keep the table readable; "-" marks "no town" (city centre).
    return Places(
        tuple("" if town == "-" else town for town in towns.split()), tuple(roads.split())
    )


# fmt: off
PLACES: dict[str, Places] = {
    "330302": _places(  # 鹿城
        "- - 五马街道 南汇街道 松台街道 滨江街道 双屿街道 七都街道",
        "人民中路 解放北路 五马街 府前街 信河街 车站大道 学院中路 锦绣路 黎明西路 "
        "飞霞南路 南塘街 江滨西路 新城大道 蒲鞋市路 双屿大道 矮凳桥 广场路 勤奋路 "
        "百里东路 将军桥路",
    ),
    "330303": _places(  # 龙湾
        "永中街道 蒲州街道 状元街道 海城街道 瑶溪街道 沙城街道",
        "永强大道 永宁西路 机场大道 龙湾大道 永定路 蒲州大道 状元路 海城大街 "
        "罗东南街 文化中路 灵昆大道",
    ),
    "330304": _places(  # 瓯海
        "娄桥街道 梧田街道 茶山街道 景山街道 瞿溪街道 潘桥街道 郭溪街道",
        "瓯海大道 温瑞大道 梧田大道 娄桥路 茶山大道 南白象路 瞿溪路 潘桥路 "
        "郭溪大道 东方南路 府东路",
    ),
    "330305": _places(  # 洞头
        "北岸街道 东屏街道 元觉街道 霓屿街道 大门镇 鹿西乡",
        "环岛东路 环岛西路 海霞路 中心街 洞头中路 渔港路 沙岙路 元觉路",
    ),
    "330324": _places(  # 永嘉
        "瓯北街道 东城街道 北城街道 桥头镇 枫林镇 岩头镇 乌牛街道",
        "双塔路 千石路 县前路 阳光大道 罗浮大街 江北路 桥头大道 纽扣大道 枫林大街 "
        "楠江路",
    ),
    "330326": _places(  # 平阳
        "昆阳镇 鳌江镇 万全镇 水头镇 萧江镇 腾蛟镇",
        "解放路 坡南路 鳌江大道 新华街 平瑞路 城东大道 兴水路 萧江大道 通福路 "
        "环城南路",
    ),
    "330327": _places(  # 苍南
        "灵溪镇 矾山镇 马站镇 金乡镇 钱库镇 宜山镇 藻溪镇",
        "玉苍路 人民大道 江滨路 春晖路 灵江路 钱库大道 金乡大道 宜山路 建兴路 "
        "站前路",
    ),
    "330328": _places(  # 文成
        "大峃镇 珊溪镇 玉壶镇 南田镇 黄坦镇 巨屿镇",
        "建设路 伯温路 县前路 城西路 中山北路 珊溪路 玉壶大街 南田路",
    ),
    "330329": _places(  # 泰顺
        "罗阳镇 泗溪镇 雅阳镇 筱村镇 司前镇 仕阳镇",
        "罗阳大道 新城大道 解放路 县前路 廊桥路 泗溪大街 雅阳路 东大街",
    ),
    "330381": _places(  # 瑞安
        "安阳街道 玉海街道 锦湖街道 塘下镇 飞云街道 莘塍街道 汀田街道",
        "万松路 罗阳大道 安阳路 瑞安大道 虹桥路 隆山路 韩田大道 飞云大道 莘塍大道 "
        "外滩大道 解放路",
    ),
    "330382": _places(  # 乐清
        "城东街道 乐成街道 柳市镇 虹桥镇 白石街道 北白象镇 大荆镇",
        "伯乐东路 旭阳路 宁康西路 柳青路 长虹路 千帆东路 双雁路 柳翁西路 虹北路 "
        "白石中路 磐石大道",
    ),
    "330383": _places(  # 龙港
        "- - 芦浦 湖前 沿江",
        "龙港大道 世纪大道 人民路 宁波路 龙跃路 温州大道 滨江路 环河路",
    ),
}
# fmt: on
