# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..tools.working_schedule import AlwaysOpenSchedule, WorkingSchedule
from .common import ReclamationCase
from .test_sla import make_calendar, paris


@tagged("post_install", "-at_install")
class TestSlaUnits(ReclamationCase):
    """Days and months are whole numbers; working hours may have a fraction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = make_calendar(
            cls.env, "Office hours", range(5), [(9, 12), (13, 17)]
        )
        cls.desk.resource_calendar_id = cls.calendar
        cls.policy = cls.env["reclamation.sla.policy"].create({"name": "Generic"})

    def test_half_a_working_day_is_refused(self):
        Policy = self.env["reclamation.sla.policy"].with_user(self.manager)
        for amount_name, unit_name, unit, label in (
            ("ack_amount", "ack_unit", "working_days", "Acknowledge within"),
            ("resolution_amount", "resolution_unit", "calendar_days", "Answer within"),
            ("update_amount", "update_unit", "calendar_days", "Update the customer"),
            ("legal_ceiling_amount", "legal_ceiling_unit", "calendar_months", "ceil"),
            ("extension_limit_amount", "extension_limit_unit", "working_days", "lett"),
        ):
            with self.subTest(amount_name):
                values = {amount_name: 0.5, unit_name: unit}
                with self.assertRaises(ValidationError) as caught:
                    Policy.create(dict(values, name="Half"))
                self.assertIn(label.lower(), str(caught.exception).lower())
                self.assertIn("whole", str(caught.exception))
                with self.assertRaises(ValidationError):
                    self.policy.with_user(self.manager).write(values)
        self.assertFalse(Policy.search([("name", "=", "Half")]), "nothing saved")
        self.policy.invalidate_recordset()
        self.assertEqual(self.policy.ack_amount, 1.0)
        self.assertEqual(self.policy.resolution_amount, 30.0)

    def test_a_fraction_of_a_working_hour_is_exact(self):
        self.policy.write({"ack_amount": 1.5, "ack_unit": "working_hours"})
        complaint = self._create_complaint(received_date=paris(2026, 11, 2, 11, 0))
        # Monday 11:00-12:00, then 13:00-13:30 after the lunch break.
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 2, 13, 30))
        self.policy.write({"ack_amount": 2.0, "ack_unit": "working_days"})
        self.assertEqual(self.policy.ack_amount, 2.0, "a whole number as a float")


@tagged("post_install", "-at_install")
class TestWorkingScheduleUnits(TransactionCase):
    def test_the_tool_raises_on_fractional_days_and_months(self):
        # Monday 2 to Friday 6 November 2026, 9:00-17:00 UTC.
        schedule = WorkingSchedule(
            [
                (datetime(2026, 11, day, 9), datetime(2026, 11, day, 17))
                for day in range(2, 7)
            ],
            "UTC",
            (datetime(2026, 11, 1), datetime(2026, 11, 8)),
        )
        received = datetime(2026, 11, 2, 10)
        for tool in (schedule, AlwaysOpenSchedule()):
            for unit in ("working_days", "calendar_days", "calendar_months"):
                with self.subTest(tool=type(tool).__name__, unit=unit):
                    with self.assertRaises(ValueError):
                        tool.deadline(received, 0.5, unit)
                    with self.assertRaises(ValueError):
                        tool.deadline(received, 1.5, unit)
        self.assertEqual(
            schedule.deadline(received, 2.0, "working_days"),
            datetime(2026, 11, 4, 17),
        )
        self.assertEqual(
            schedule.deadline(received, 0.5, "working_hours"),
            datetime(2026, 11, 2, 10, 30),
        )
