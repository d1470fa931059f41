"""Public holidays and make-up working days (调休), as data for CalendarDay.

Each year's figures come from the State Council General Office's notice on holiday
arrangements (国务院办公厅关于…部分节假日安排的通知), published late the year before.
Another year is added by a data migration calling :func:`load_days`.
"""

import datetime

D = datetime.date

# 2019 — figures of the State Council notice 国办发明电〔2018〕15号 as amended for
# Labour Day by 国办发明电〔2019〕2号. (date, is working day, note)
CN_2019: list[tuple[datetime.date, bool, str]] = [
    (D(2019, 1, 1), False, "元旦"),
    (D(2019, 2, 2), True, "春节调休上班"),
    (D(2019, 2, 3), True, "春节调休上班"),
    *[(D(2019, 2, day), False, "春节") for day in range(4, 11)],
    (D(2019, 4, 5), False, "清明节"),
    (D(2019, 4, 28), True, "劳动节调休上班"),
    *[(D(2019, 5, day), False, "劳动节") for day in range(1, 5)],
    (D(2019, 5, 5), True, "劳动节调休上班"),
    (D(2019, 6, 7), False, "端午节"),
    (D(2019, 9, 13), False, "中秋节"),
    (D(2019, 9, 29), True, "国庆节调休上班"),
    *[(D(2019, 10, day), False, "国庆节") for day in range(1, 8)],
    (D(2019, 10, 12), True, "国庆节调休上班"),
]


def load_days(calendar_day_model, days: list[tuple[datetime.date, bool, str]]) -> None:
    """Create or update the given days (idempotent)."""
    for date, working, note in days:
        calendar_day_model.objects.update_or_create(
            date=date, defaults={"is_working_day": working, "note": note}
        )
