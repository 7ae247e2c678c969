# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestRetention(ReclamationCase):
    """Active until closure + 12 months, archived for managers and the DPO
    until closure + 5 years, then anonymised; a legal hold stops the clock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_apply_retention")
        with freeze_time("2026-01-15 10:00:00"):
            cls.complaints = cls.env["helpdesk.ticket"].browse(
                [cls._create_complaint(name=f"Complaint {n}").id for n in range(5)]
            )
            cls.complaints.write(
                {"stage_id": cls.closed_stage.id, "root_cause_id": cls.root_cause.id}
            )
        cls.open_complaint = cls._create_complaint(name="Still open")

    def _run(self, when):
        with freeze_time(when), self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_retention_dates_follow_the_company_policy(self):
        complaint = self.complaints[0]
        self.assertEqual(complaint.retention_archive_date, datetime(2027, 1, 15, 10))
        self.assertEqual(complaint.retention_anonymise_date, datetime(2031, 1, 15, 10))
        self.company.reclamation_retention_active_months = 6
        self.assertEqual(complaint.retention_archive_date, datetime(2026, 7, 15, 10))
        self.assertFalse(self.open_complaint.retention_archive_date)
        with self.assertRaises(ValidationError):
            self.company.reclamation_retention_total_months = 3

    def test_phases_move_with_time(self):
        self._run("2026-12-01")
        self.assertEqual(set(self.complaints.mapped("retention_phase")), {"active"})
        self._run("2027-02-01")
        self.assertEqual(set(self.complaints.mapped("retention_phase")), {"archived"})
        self.assertFalse(self.complaints.with_user(self.handler).has_access("read"))
        self.assertTrue(self.complaints.with_user(self.manager).has_access("read"))
        self._run("2031-02-01")
        self.assertEqual(set(self.complaints.mapped("retention_phase")), {"anonymised"})
        self.assertEqual(self.open_complaint.retention_phase, "active")
        self.assertEqual(self.complaints[0].complexity, "standard", "statistics stay")
        self.assertTrue(self.complaints[0].closed_date)

    def test_legal_hold_stops_the_clock(self):
        held = self.complaints[0]
        held.with_user(self.dpo)._set_legal_hold("Inquiry of the supervisory authority")
        self._run("2031-02-01")
        self.assertEqual(held.retention_phase, "active")
        self.assertEqual(held.partner_id, self.customer)
        self.assertEqual(self.customer.name, "Camille Durand")
        self.assertEqual(
            set((self.complaints - held).mapped("retention_phase")), {"anonymised"}
        )
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", held.id), ("kind", "=", "legal_hold")]
        )
        self.assertEqual(log.reason, "Inquiry of the supervisory authority")
        held.with_user(self.dpo)._release_legal_hold("Inquiry closed")
        self._run("2031-02-02")
        self.assertEqual(held.retention_phase, "anonymised")

    def test_a_crash_half_way_loses_nothing_and_the_next_run_continues(self):
        """The worker dies during the second batch: the first batch, already
        committed, stays done; the second is rolled back whole; the next run
        finishes the work."""
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._anonymise_for_retention
        calls = []

        def anonymise_then_crash(tickets):
            calls.append(tickets.ids)
            if len(calls) > 1:
                original(tickets[:1])  # half of the batch written, then...
                raise WorkerKilled()
            return original(tickets)

        # Not self.assertRaises: it would roll back to a savepoint taken
        # before the run, hiding what the run committed.
        crashed = False
        with (
            self.enter_registry_test_mode(),
            freeze_time("2031-02-01"),
            patch.object(Ticket, "_anonymise_for_retention", anonymise_then_crash),
        ):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["helpdesk.ticket"]._cron_apply_retention(batch_size=2)
            except WorkerKilled:
                crashed = True
        self.assertTrue(crashed)
        self.env.invalidate_all()
        phases = self.complaints.mapped("retention_phase")
        self.assertEqual(phases.count("anonymised"), 2, "the first batch only")
        self._run("2031-02-01")
        self.assertEqual(set(self.complaints.mapped("retention_phase")), {"anonymised"})


class WorkerKilled(BaseException):
    """A killed worker raises nothing the code could catch: not an
    Exception, which the job would take for the failure of one complaint."""
