# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReclamationCase
from .test_sla import FRENCH_HOLIDAYS_2026, make_calendar, paris


@tagged("post_install", "-at_install")
class TestSlaPauseWrites(ReclamationCase):
    """Complaints leaving a pause stage together are written once per total
    paused time, not once each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk.resource_calendar_id = make_calendar(
            cls.env, "Office hours", range(5), [(9, 12), (13, 17)], FRENCH_HOLIDAYS_2026
        )
        cls.waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.env["reclamation.sla.policy"].create(
            {
                "name": "Simple",
                "resolution_amount": 2,
                "resolution_unit": "working_days",
                "pause_stage_ids": [(6, 0, cls.waiting.ids)],
            }
        )

    def _paused(self, count, when):
        with freeze_time(when):
            return self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Paused {i}",
                        "description": "<p>.</p>",
                        "team_id": self.desk.id,
                        "received_date": paris(2026, 11, 19, 10, 0),
                        "stage_id": self.waiting.id,
                    }
                    for i in range(count)
                ]
            )

    def test_complaints_resumed_together_are_written_together(self):
        together = self._paused(5, paris(2026, 11, 20, 16, 0))
        later = self._paused(2, paris(2026, 11, 23, 9, 0))
        Ticket = type(self.env["helpdesk.ticket"])
        write_managed = Ticket._write_managed
        with (
            freeze_time(paris(2026, 11, 23, 10, 0)),
            patch.object(
                Ticket, "_write_managed", autospec=True, side_effect=write_managed
            ) as spy,
        ):
            (together | later).write({"stage_id": self.in_progress.id})
        resumed = [
            call.args[0]
            for call in spy.call_args_list
            if "sla_paused_seconds" in call.args[1]
        ]
        self.assertEqual(
            sorted(len(tickets) for tickets in resumed), [2, 5], "one write per total"
        )
        # Friday 16:00-17:00 and Monday 9:00-10:00; Monday 9:00-10:00.
        self.assertEqual(set(together.mapped("sla_paused_seconds")), {7200})
        self.assertEqual(set(later.mapped("sla_paused_seconds")), {3600})
        self.assertFalse(any((together | later).mapped("sla_paused_since")))
