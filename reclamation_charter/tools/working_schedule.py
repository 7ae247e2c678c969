# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deadline arithmetic on working time, without the ORM.

A :class:`WorkingSchedule` is built once per working calendar from its actual
working intervals (attendances minus public holidays and closures, as Odoo's
``resource.calendar._work_intervals_batch`` gives them) and then answers any
number of deadline questions by bisection: no averaging of hours per day, so
half days, Saturdays worked or a 4-day week give exact results.

All datetimes given and returned are naive UTC, as Odoo stores them.
"""

import bisect
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

UNITS = ("working_hours", "working_days", "calendar_days", "calendar_months")
# Units counted in whole days or months: a fraction of one has no meaning.
WHOLE_UNITS = ("working_days", "calendar_days", "calendar_months")


def whole_amount(amount, unit):
    """``amount`` as an int for the units counted in whole days or months;
    a fraction is refused rather than dropped (0.5 working days is not 0)."""
    if not float(amount).is_integer():
        raise ValueError(f"{unit} are counted in whole numbers, not {amount!r}")
    return int(amount)


class WorkingSchedule:
    """Working intervals of one calendar over a horizon.

    :param intervals: iterable of (start, end) aware or naive-UTC datetimes,
        the working intervals of the calendar;
    :param tz: the calendar's time zone name (days are the calendar's days);
    :param horizon: (start, end) naive UTC datetimes the intervals cover; a
        question whose answer lies outside raises :class:`HorizonError`.
    """

    def __init__(self, intervals, tz, horizon):
        self.tz = pytz.timezone(tz or "UTC")
        self.horizon = horizon
        starts, ends, cumulative = [], [], [0.0]
        day_end = {}
        for start, end in sorted((_to_utc(s), _to_utc(e)) for s, e in intervals):
            if end <= start:
                continue
            if ends and start < ends[-1]:  # overlapping intervals: merge
                start = ends[-1]
                if end <= start:
                    continue
            starts.append(start)
            ends.append(end)
            cumulative.append(cumulative[-1] + (end - start).total_seconds())
            day = self.local_date(start)
            day_end[day] = max(day_end.get(day, end), end)
        self._starts, self._ends, self._cumulative = starts, ends, cumulative
        self._day_end = day_end
        self._days = sorted(day_end)

    # Days
    def local_date(self, moment):
        return pytz.utc.localize(moment).astimezone(self.tz).date()

    def end_of_local_day(self, day):
        """Last instant of ``day`` in the calendar's time zone, in UTC."""
        local = self.tz.localize(datetime.combine(day, time.max), is_dst=False)
        return local.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)

    def is_working_day(self, day):
        return day in self._day_end

    def next_working_day(self, day, include=True):
        """The first working day on or after ``day`` (after it if not include)."""
        index = (bisect.bisect_left if include else bisect.bisect_right)(
            self._days, day
        )
        if index >= len(self._days):
            raise HorizonError(day)
        return self._days[index]

    # Working time
    def _worked_before(self, moment):
        """Working seconds of the horizon before ``moment``."""
        index = bisect.bisect_right(self._starts, moment) - 1
        if index < 0:
            return 0.0
        partial = min(moment, self._ends[index]) - self._starts[index]
        return self._cumulative[index] + partial.total_seconds()

    def working_seconds_between(self, start, end):
        if end <= start:
            return 0.0
        self._check(start)
        self._check(end)
        return self._worked_before(end) - self._worked_before(start)

    def add_working_seconds(self, start, seconds):
        """The instant when ``seconds`` of working time after ``start`` are done."""
        self._check(start)
        target = self._worked_before(start) + seconds
        index = bisect.bisect_left(self._cumulative, target) - 1
        if index >= len(self._starts):
            raise HorizonError(start)
        index = max(index, 0)
        return self._starts[index] + timedelta(seconds=target - self._cumulative[index])

    # Deadlines
    def deadline(self, received, amount, unit):
        """Deadline of ``amount`` ``unit`` from ``received`` (naive UTC).

        - working hours: that much working time after ``received``;
        - working days: the end of the working time of the N-th working day
          after the day of receipt (that day does not count);
        - calendar days or months: the end of the day that many days or months
          later, in the calendar's time zone, or of the next working day if
          that day is not one.

        Days and months are whole numbers: a fraction raises ValueError.
        """
        if unit == "working_hours":
            return self.add_working_seconds(received, amount * 3600.0)
        if unit not in WHOLE_UNITS:
            raise ValueError(f"Unknown unit {unit!r}")
        amount = whole_amount(amount, unit)
        day = self.local_date(received)
        if unit == "working_days":
            first = bisect.bisect_right(self._days, day)
            index = first + amount - 1
            if index >= len(self._days):
                raise HorizonError(received)
            return self._day_end[self._days[index]]
        if unit == "calendar_days":
            day += timedelta(days=amount)
        else:
            day += relativedelta(months=amount)
        return self.end_of_local_day(self.next_working_day(day))

    def _check(self, moment):
        if not self.horizon[0] <= moment <= self.horizon[1]:
            raise HorizonError(moment)


class AlwaysOpenSchedule(WorkingSchedule):
    """The 24/7 rule used when there is no working calendar at all: every
    instant is working time and every day a working day, in UTC."""

    def __init__(self, tz="UTC"):
        self.tz = pytz.timezone(tz or "UTC")
        self.horizon = (datetime.min, datetime.max)

    def is_working_day(self, day):
        return True

    def next_working_day(self, day, include=True):
        return day if include else day + timedelta(days=1)

    def working_seconds_between(self, start, end):
        return max((end - start).total_seconds(), 0.0)

    def add_working_seconds(self, start, seconds):
        return start + timedelta(seconds=seconds)

    def deadline(self, received, amount, unit):
        if unit == "working_days":
            amount = whole_amount(amount, unit)
            day = self.local_date(received) + timedelta(days=amount)
            return self.end_of_local_day(day)
        return super().deadline(received, amount, unit)


class HorizonError(Exception):
    """The answer lies outside the intervals the schedule was built with."""


def _to_utc(moment):
    if moment.tzinfo:
        return moment.astimezone(pytz.utc).replace(tzinfo=None)
    return moment


def horizon_for(received_dates, amount_days=0):
    """A horizon covering every receipt and enough days after the last one."""
    start = min(received_dates) - timedelta(days=1)
    end = max(received_dates) + timedelta(days=max(amount_days, 1) + 1)
    return start, end


__all__ = [
    "UNITS",
    "WHOLE_UNITS",
    "AlwaysOpenSchedule",
    "HorizonError",
    "WorkingSchedule",
    "horizon_for",
    "whole_amount",
]
